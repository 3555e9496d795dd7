package com.socialwire.shared.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Authorizer;
import com.socialwire.shared.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Routing inside one function: turns an API Gateway HTTP API (payload 2.0) event into an
 * {@link ApiRequest}, finds the route, authorises the caller for it, runs it and turns the result
 * — or any failure — into a response. Every error leaves in the SPEC §4 envelope with a request id;
 * nothing internal (stack traces, provider messages) ever does.
 */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final List<Route> routes;
    private final Authorizer authorizer;

    private HttpApi(List<Route> routes, Authorizer authorizer) {
        this.routes = List.copyOf(routes);
        this.authorizer = authorizer;
    }

    public static Builder builder(Authorizer authorizer) {
        return new Builder(authorizer);
    }

    /** The routes this function serves, for tests generated from the registry. */
    public List<Route> routes() {
        return routes;
    }

    /** The Lambda entry: payload-2.0 JSON in, payload-2.0 response JSON out, with Powertools logging. */
    public void handle(InputStream in, OutputStream out, Context context) throws IOException {
        JsonNode event = Json.mapper().readTree(in);
        ObjectNode response = PowertoolsLogging.withLogging(context, () -> toEvent(handle(fromEvent(event))));
        out.write(Json.bytes(response));
    }

    /** Handles one request; never throws. */
    public ApiResponse handle(ApiRequest request) {
        long started = System.nanoTime();
        MDC.put("correlation_id", request.requestId());
        ApiResponse response;
        try {
            response = dispatch(request);
        } catch (ApiException e) {
            response = error(request, e);
        } catch (SdkServiceException e) {
            boolean throttled = e.isThrottlingException();
            LOG.error("AWS service call failed: {} {}", e.getClass().getSimpleName(), e.statusCode());
            response = error(request, throttled
                    ? new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 503, "the service is busy; retry shortly", Map.of(), Map.of("retry-after", "1"))
                    : new ApiException(ErrorCode.INTERNAL_ERROR, "internal error"));
        } catch (SdkException e) {
            LOG.error("AWS client failure: {}", e.getClass().getSimpleName());
            response = error(request, new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 503, "a dependency is unavailable; retry shortly", Map.of(), Map.of("retry-after", "1")));
        } catch (RuntimeException e) {
            LOG.error("unhandled failure", e);
            response = error(request, new ApiException(ErrorCode.INTERNAL_ERROR, "internal error"));
        }
        response = response.withHeader("x-request-id", request.requestId());
        LOG.info("{} {} -> {} in {} ms", request.method(), request.path(), response.status(),
                (System.nanoTime() - started) / 1_000_000);
        MDC.remove("correlation_id");
        return response;
    }

    private ApiResponse dispatch(ApiRequest request) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = route.match(request.path());
            if (params == null) {
                continue;
            }
            if (!route.method().equals(request.method())) {
                allowed.add(route.method());
                continue;
            }
            Principal principal = authorizer.authorize(request, route.access());
            return route.action().handle(request.withPathParams(params).withPrincipal(principal));
        }
        if (!allowed.isEmpty()) {
            throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED, 405,
                    request.method() + " is not allowed on " + request.path(),
                    Map.of("allowed", List.copyOf(allowed)), Map.of("allow", String.join(", ", allowed)));
        }
        throw new ApiException(ErrorCode.NOT_FOUND, "no route for " + request.method() + " " + request.path());
    }

    /** Builds the SPEC §4 error envelope for {@code e}. */
    public static ApiResponse error(ApiRequest request, ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code().name());
        error.put("message", e.getMessage());
        error.put("requestId", request.requestId());
        error.put("details", e.details());
        return new ApiResponse(e.status(), e.headers(), Map.of("error", error));
    }

    static ApiRequest fromEvent(JsonNode event) {
        JsonNode ctx = event.path("requestContext");
        String method = ctx.path("http").path("method").asText(event.path("httpMethod").asText("GET")).toUpperCase(Locale.ROOT);
        String path = event.path("rawPath").asText(ctx.path("http").path("path").asText("/"));
        String awsRequestId = ctx.path("requestId").asText("");
        String requestId = "req_" + (awsRequestId.isEmpty() ? Ids.base62(20) : awsRequestId.replaceAll("[^A-Za-z0-9]", ""));
        Map<String, String> headers = new LinkedHashMap<>();
        fields(event.path("headers")).forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        JsonNode cookies = event.path("cookies");
        if (cookies.isArray() && !cookies.isEmpty() && !headers.containsKey("cookie")) {
            List<String> parts = new ArrayList<>();
            cookies.forEach(c -> parts.add(c.asText()));
            headers.put("cookie", String.join("; ", parts));
        }
        Map<String, String> query = fields(event.path("queryStringParameters"));
        byte[] body = null;
        JsonNode b = event.path("body");
        if (b.isTextual()) {
            body = event.path("isBase64Encoded").asBoolean(false)
                    ? Base64.getDecoder().decode(b.asText())
                    : b.asText().getBytes(StandardCharsets.UTF_8);
        }
        return new ApiRequest(method, path, Map.of(), query, headers, body, requestId, Principal.ANONYMOUS);
    }

    private static Map<String, String> fields(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    static ObjectNode toEvent(ApiResponse response) {
        ObjectNode out = Json.object();
        out.put("statusCode", response.status());
        ObjectNode headers = out.putObject("headers");
        String body;
        if (response.body() == null) {
            body = "";
        } else if (response.body() instanceof ApiResponse.Text text) {
            body = text.value();
        } else {
            headers.put("content-type", "application/json");
            body = Json.write(response.body());
        }
        response.headers().forEach(headers::put);
        out.put("body", body);
        out.put("isBase64Encoded", false);
        return out;
    }

    /** Declares a function's routes; each states the access it needs. */
    public static final class Builder {
        private final Authorizer authorizer;
        private final List<Route> routes = new ArrayList<>();

        private Builder(Authorizer authorizer) {
            this.authorizer = authorizer;
        }

        public Builder route(String method, String template, com.socialwire.shared.security.Access access, Route.Action action) {
            routes.add(new Route(method, PathTemplate.of(template), access, action));
            return this;
        }

        public HttpApi build() {
            return new HttpApi(routes, authorizer);
        }
    }
}
