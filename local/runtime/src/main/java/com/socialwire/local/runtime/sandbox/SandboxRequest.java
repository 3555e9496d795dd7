package com.socialwire.local.runtime.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One call a platform sandbox received. {@code path} is relative to the sandbox's base ({@code /_local/<name>}), so
 * {@code /2/tweets} for X; {@code rawQuery} as sent (null when none); header names as sent (looked up case-insensitively).
 */
public record SandboxRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    public SandboxRequest {
        method = method.toUpperCase(java.util.Locale.ROOT);
        headers = headers == null ? Map.of() : headers;
        body = body == null ? new byte[0] : body;
    }

    /** The first value of header {@code name}, any case. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
                return Optional.ofNullable(h.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    /** The query parameters, decoded (the first of repeated ones). */
    public Map<String, String> query() {
        return decode(rawQuery);
    }

    /** The body as {@code application/x-www-form-urlencoded} parameters, decoded. */
    public Map<String, String> form() {
        return decode(new String(body, StandardCharsets.UTF_8));
    }

    /** The body as JSON (an empty object when the body is empty); IllegalArgumentException when it is not JSON. */
    public JsonNode json() {
        if (body.length == 0) {
            return Json.object();
        }
        try {
            return Json.tree(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
    }

    /** The bearer token of the Authorization header, if any. */
    public Optional<String> bearer() {
        return header("authorization").filter(a -> a.regionMatches(true, 0, "Bearer ", 0, 7)).map(a -> a.substring(7).trim());
    }

    /** The body as text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    static Map<String, String> decode(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }
}
