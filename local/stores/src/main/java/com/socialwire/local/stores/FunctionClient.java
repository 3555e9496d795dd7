package com.socialwire.local.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calls one HTTP function of template.yaml in-process with payload-2.0 events, for integration
 * tests: the handler is built by its no-arg constructor with its local environment.
 */
public final class FunctionClient {

    /** A decoded payload-2.0 response; {@code body} is base64 text when {@code base64} (a binary body). */
    public record Response(int status, Map<String, String> headers, String body, boolean base64) {

        public Response(int status, Map<String, String> headers, String body) {
            this(status, headers, body, false);
        }

        /** The body's bytes as a client gets them (decoded when the function sent it base64-encoded). */
        public byte[] bytes() {
            String text = body == null ? "" : body;
            return base64 ? java.util.Base64.getDecoder().decode(text) : text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return body == null || body.isEmpty() ? Json.mapper().nullNode() : Json.tree(body);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final LocalEnvironment env;
    private final String logicalId;
    private final Object handler;

    public FunctionClient(LocalEnvironment env, String logicalId) {
        this(env, logicalId, Map.of());
    }

    /** With {@code extraEnv} over the function's local environment (e.g. {@code GRAPH_API_BASE_URL} of a stub). */
    public FunctionClient(LocalEnvironment env, String logicalId, Map<String, String> extraEnv) {
        this.env = env;
        this.logicalId = logicalId;
        this.handler = env.newHandler(logicalId, extraEnv);
    }

    /**
     * Calls {@code handler}, built by the test from {@code logicalId}'s wiring (e.g. with a platform connector over
     * WireMock that no configuration names), as that function.
     */
    public FunctionClient(LocalEnvironment env, String logicalId, Object handler) {
        this.env = env;
        this.logicalId = logicalId;
        this.handler = handler;
    }

    public Object handler() {
        return handler;
    }

    public Response call(String method, String path, String apiKey, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (apiKey != null) {
            headers.put("authorization", "Bearer " + apiKey);
        }
        return call(method, path, headers, body);
    }

    public Response call(String method, String path, Map<String, String> headers, String body) {
        ObjectNode event = HttpApiEvents.event(method, path, headers, body);
        return send(event);
    }

    public Response send(JsonNode event) {
        Template.FunctionDef fn = env.template().function(logicalId);
        JsonNode out = Invoker.invokeJson(handler, event, new LocalContext(logicalId, fn.memoryMb(), fn.timeoutSeconds()));
        Map<String, String> headers = new LinkedHashMap<>();
        out.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey().toLowerCase(), e.getValue().asText()));
        return new Response(out.path("statusCode").asInt(), headers, out.path("body").asText(""),
                out.path("isBase64Encoded").asBoolean(false));
    }
}
