package com.socialwire.shared.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a route returns: a status, extra headers and a body that is serialised as JSON (or sent as text or bytes). */
public record ApiResponse(int status, Map<String, String> headers, Object body) {

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, Map.of(), body);
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, Map.of(), body);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, Map.of(), null);
    }

    /** A plain-text body, sent as is (for example Meta's hub.challenge). */
    public static ApiResponse text(int status, String text) {
        return new ApiResponse(status, Map.of("content-type", "text/plain; charset=utf-8"), new Text(text));
    }

    /**
     * A binary body (an image), sent base64-encoded in the response event with {@code isBase64Encoded: true};
     * API Gateway (and the local gateway) decode it, so the client gets the bytes as they are.
     */
    public static ApiResponse bytes(int status, String contentType, byte[] data) {
        return new ApiResponse(status, Map.of("content-type", contentType), new Bytes(data));
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body);
    }

    /** Marks a body that is not JSON. */
    public record Text(String value) {
    }

    /** Marks a binary body; the route sets its content-type (application/octet-stream if it does not). */
    public record Bytes(byte[] data) {

        public Bytes {
            java.util.Objects.requireNonNull(data, "data");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && java.util.Arrays.equals(data, b.data);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Bytes[" + data.length + " bytes]";
        }
    }
}
