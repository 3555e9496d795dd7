package com.socialwire.shared.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Principal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP API request as a route sees it: method, path, matched path parameters, query, headers
 * (lower-cased names), the raw body bytes, the request id, the caller's IP and, once authorised, the caller.
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> pathParams,
        Map<String, String> query,
        Map<String, String> headers,
        byte[] body,
        String requestId,
        String sourceIp,
        Principal principal) {

    public static final int MAX_BODY_BYTES = 1024 * 1024;

    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return v;
    }

    public Optional<String> query(String name) {
        String v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** {@code ?limit=}: default 20, 1 to 100, else 400. */
    public int limit() {
        Optional<String> raw = query("limit");
        if (raw.isEmpty()) {
            return 20;
        }
        try {
            int n = Integer.parseInt(raw.get());
            if (n >= 1 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the 400
        }
        throw ApiException.validation("limit must be an integer from 1 to 100", Map.of("limit", raw.get()));
    }

    /** {@code ?cursor=}: the nextCursor of a previous page, or null for the first page. */
    public String cursor() {
        return query("cursor").orElse(null);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public String bodyText() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    public ApiRequest withPathParams(Map<String, String> params) {
        return new ApiRequest(method, path, params, query, headers, body, requestId, sourceIp, principal);
    }

    public ApiRequest withPrincipal(Principal p) {
        return new ApiRequest(method, path, pathParams, query, headers, body, requestId, sourceIp, p);
    }

    /** The body as a JSON object, or a 400/413/415 the caller can act on. */
    public ObjectNode jsonObject() {
        if (body == null || body.length == 0) {
            throw ApiException.validation("request body is required (a JSON object)", Map.of());
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        String type = header("content-type").orElse("application/json").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json") && !type.contains("+json")) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "content-type must be application/json");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.validation("request body is not valid JSON",
                    Map.of("line", e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                            "column", e.getLocation() == null ? 0 : e.getLocation().getColumnNr()));
        } catch (java.io.IOException e) {
            throw ApiException.validation("request body is not valid JSON", Map.of());
        } catch (NumberFormatException e) { // Jackson's own words for an exponent past the int range (1e-11234567890)
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "a number in the request body is out of bounds",
                    Map.of(), null);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.validation("request body must be a JSON object", Map.of());
        }
        return (ObjectNode) node;
    }
}
