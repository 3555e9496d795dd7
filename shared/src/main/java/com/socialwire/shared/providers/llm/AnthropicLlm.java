package com.socialwire.shared.providers.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/** An {@link LlmClient} over Anthropic's Messages API. */
public final class AnthropicLlm implements LlmClient {

    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    public static final String DEFAULT_MODEL = "claude-haiku-4-5";
    public static final String API_VERSION = "2023-06-01";

    // The Messages API requires max_tokens; this is the cap when a caller leaves it unset.
    private static final int DEFAULT_MAX_TOKENS = 1024;

    private final HttpClient http;
    private final URI endpoint;
    private final String apiKey;
    private final String model;
    private final Duration timeout;
    private final PriceTable prices;

    /** {@code apiKey} may be null only for a local sandbox that does not check it. */
    public AnthropicLlm(String baseUrl, String apiKey, String model, Duration timeout, PriceTable prices) {
        this(ProviderHttp.newClient(), baseUrl, apiKey, model, timeout, prices);
    }

    public AnthropicLlm(HttpClient http, String baseUrl, String apiKey, String model, Duration timeout, PriceTable prices) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = URI.create(ProviderHttp.trimBase(Objects.requireNonNull(baseUrl, "baseUrl")) + "/v1/messages");
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
        this.model = Objects.requireNonNull(model, "model");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    @Override
    public String describe() {
        return "anthropic:" + model;
    }

    @Override
    public boolean offline() {
        return false;
    }

    @Override
    public LlmResult complete(LlmRequest request) {
        ObjectNode body = Json.object();
        body.put("model", model);
        body.put("max_tokens", request.maxTokens() > 0 ? request.maxTokens() : DEFAULT_MAX_TOKENS);
        // Anthropic takes the system prompt as a top-level field, never as a message; a "system" turn joins it.
        StringBuilder system = new StringBuilder(request.system() == null ? "" : request.system().strip());
        ArrayNode messages = Json.array();
        for (Message m : request.messages()) {
            if ("system".equals(m.role())) {
                system.append(system.isEmpty() ? "" : "\n\n").append(m.content());
            } else {
                messages.addObject().put("role", m.role()).put("content", m.content());
            }
        }
        if (!system.isEmpty()) {
            body.put("system", system.toString());
        }
        body.set("messages", messages);
        // Anthropic's temperature range is 0..1 where OpenAI's is 0..2.
        body.put("temperature", Math.max(0.0, Math.min(1.0, request.temperature())));
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("anthropic-version", API_VERSION)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        if (apiKey != null) {
            http.header("x-api-key", apiKey);
        }
        return LlmHttp.send(this.http, http.build(), apiKey, (status, json) -> ok(status, json, request));
    }

    private LlmResult ok(int status, JsonNode json, LlmRequest request) {
        // content[0] is the text for a plain completion; with thinking on, a thinking block comes first.
        String text = null;
        for (JsonNode block : json.path("content")) {
            if ("text".equals(block.path("type").asText("text")) && ProviderHttp.text(block, "text") != null) {
                text = ProviderHttp.text(block, "text");
                break;
            }
        }
        if (text == null || text.isBlank()) {
            return new LlmResult.Failed(status, "the message has no text (stop_reason "
                    + json.path("stop_reason").asText("unknown") + ")");
        }
        JsonNode usage = json.path("usage");
        return LlmHttp.ok(text, ProviderHttp.text(json, "model"), model,
                usage.path("input_tokens").asInt(-1), usage.path("output_tokens").asInt(-1), request, prices);
    }

    @Override
    public String toString() {
        return "AnthropicLlm[" + endpoint + ", " + model + (apiKey == null ? ", no key" : ", key set") + "]";
    }
}
