package com.socialwire.shared.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Principal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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

    /** Every number in a body: at most this many digits before the decimal point, and as many after. */
    public static final int MAX_NUMBER_DIGITS = 18;
    public static final String NUMBER_RULE = "numbers may have at most " + MAX_NUMBER_DIGITS + " digits before and "
            + MAX_NUMBER_DIGITS + " after the decimal point";

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
            node = Json.untrustedTree(body);
        } catch (StreamConstraintsException e) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "a number in the request body is too long",
                    Map.of("number", NUMBER_RULE), null);
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
        Map<String, Object> badNumbers = new LinkedHashMap<>();
        boundNumbers(node, "", badNumbers);
        if (!badNumbers.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "a number in the request body is out of bounds", badNumbers, null);
        }
        return (ObjectNode) node;
    }

    /**
     * True if {@code d} fits {@link #NUMBER_RULE}. Reads only precision and scale, so a value such as
     * 1e-999999999 is refused without ever being expanded (comparing it to another number would be).
     */
    public static boolean boundedNumber(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return (long) s.precision() - s.scale() <= MAX_NUMBER_DIGITS && s.scale() <= MAX_NUMBER_DIGITS;
    }

    /** Walks the body once and names every number outside the bounds (a few at most, by path). */
    private static void boundNumbers(JsonNode node, String path, Map<String, Object> bad) {
        if (bad.size() >= 10) {
            return;
        }
        if (node.isNumber()) {
            if (!boundedNumber(node.decimalValue())) {
                bad.put(path.isEmpty() ? "body" : path, NUMBER_RULE);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> boundNumbers(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), bad));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                boundNumbers(node.get(i), path + "[" + i + "]", bad);
            }
        }
    }
}
