package com.socialwire.local.runtime.sandbox;

import com.socialwire.shared.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a platform sandbox answers. {@code delayMs}: how long the gateway waits before answering (a slow platform,
 * or — past the caller's timeout — an answer lost after the platform acted).
 */
public record SandboxResponse(int status, Map<String, String> headers, byte[] body, long delayMs) {

    public SandboxResponse {
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        body = body == null ? new byte[0] : body;
    }

    public static SandboxResponse json(int status, Object body) {
        return new SandboxResponse(status, Map.of("content-type", "application/json"), Json.bytes(body), 0);
    }

    public static SandboxResponse html(int status, String html) {
        return new SandboxResponse(status, Map.of("content-type", "text/html; charset=utf-8",
                "content-security-policy", "default-src 'none'; style-src 'unsafe-inline'"), html.getBytes(StandardCharsets.UTF_8), 0);
    }

    public static SandboxResponse redirect(String location) {
        return new SandboxResponse(302, Map.of("location", location), new byte[0], 0);
    }

    public static SandboxResponse empty(int status) {
        return new SandboxResponse(status, Map.of(), new byte[0], 0);
    }

    /** The same answer with one more header. */
    public SandboxResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new SandboxResponse(status, h, body, delayMs);
    }

    /** The same answer, {@code ms} later. */
    public SandboxResponse delayed(long ms) {
        return new SandboxResponse(status, headers, body, ms);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
