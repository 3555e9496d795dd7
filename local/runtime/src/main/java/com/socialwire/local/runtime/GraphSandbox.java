package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Hashing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for the Instagram Graph API (LOCAL SANDBOX — nothing reaches Meta): it answers
 * comment replies, hides, DMs and comment reads in Graph's shapes and records every call, so a
 * developer sees exactly what would have been sent ({@code GET /_local/outbox}). Faults can be
 * queued ({@code POST /_local/graph/_faults}) to rehearse Meta's errors, timeouts included.
 */
final class GraphSandbox {

    /** One queued fault: the next {@code times} calls whose path contains {@code pathContains} get it. */
    record Fault(String pathContains, int status, JsonNode body, long delayMs, boolean applyFirst, int[] remaining) {
    }

    /** What the sandbox answered. */
    record Answer(int status, String body, long delayMs) {
    }

    private final List<ObjectNode> calls = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final Map<String, ArrayNode> replies = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(17_900_000_000_000_000L);

    synchronized Answer handle(String method, String path, String query, String authorization, String contentType, byte[] body) {
        ObjectNode call = Json.object();
        call.put("at", Instant.now().toString());
        call.put("method", method);
        call.put("path", path);
        call.put("query", query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8));
        // the token itself is never recorded: a fingerprint tells tenants apart
        String token = authorization == null ? "" : authorization.replaceFirst("(?i)^Bearer\\s+", "");
        call.put("tokenSha256Prefix", token.isEmpty() ? null : Hashing.sha256Hex(token).substring(0, 12));
        JsonNode params = params(contentType, body);
        call.set("body", params);
        Fault fault = nextFault(path);
        Answer answer;
        if (fault != null && !fault.applyFirst()) {
            answer = new Answer(fault.status(), Json.write(fault.body()), fault.delayMs());
            call.put("outcome", "fault " + fault.status());
        } else {
            answer = apply(method, path, params);
            call.put("outcome", "ok " + answer.status());
            if (fault != null) {
                // the call took effect, but its answer is lost or late: an unknown outcome for the caller
                answer = new Answer(fault.status(), Json.write(fault.body()), fault.delayMs());
                call.put("outcome", "applied, then fault " + fault.status());
            }
        }
        call.put("status", answer.status());
        calls.add(call);
        return answer;
    }

    private Answer apply(String method, String path, JsonNode params) {
        String[] parts = path.split("/");
        if (method.equals("POST") && parts.length == 3 && parts[2].equals("replies")) {
            String id = Long.toString(ids.incrementAndGet());
            ObjectNode reply = Json.object();
            reply.put("id", id);
            reply.put("text", params.path("message").asText(""));
            replies.computeIfAbsent(parts[1], k -> Json.mapper().createArrayNode()).add(reply);
            return new Answer(200, "{\"id\":\"" + id + "\"}", 0);
        }
        if (method.equals("POST") && parts.length == 3 && parts[2].equals("messages")) {
            String mid = "m_sandbox_" + ids.incrementAndGet();
            return new Answer(200, "{\"recipient_id\":\"" + params.path("recipient").path("id").asText("") + "\",\"message_id\":\"" + mid + "\"}", 0);
        }
        if (method.equals("POST") && parts.length == 2) {
            return new Answer(200, "{\"success\":true}", 0);
        }
        if (method.equals("GET") && parts.length == 2) {
            ObjectNode c = Json.object();
            c.put("id", parts[1]);
            c.putObject("replies").set("data", replies.getOrDefault(parts[1], Json.mapper().createArrayNode()));
            return new Answer(200, Json.write(c), 0);
        }
        return new Answer(400, "{\"error\":{\"message\":\"Unsupported request (local sandbox)\",\"type\":\"GraphMethodException\",\"code\":100}}", 0);
    }

    private Fault nextFault(String path) {
        for (Fault f : faults) {
            if (path.contains(f.pathContains()) && f.remaining()[0] > 0) {
                f.remaining()[0]--;
                return f;
            }
        }
        return null;
    }

    /** Queues a fault: {@code {"pathContains":"/replies","status":500,"times":2,"error":{...},"delayMs":0,"applyFirst":false}}. */
    synchronized void addFault(JsonNode spec) {
        int status = spec.path("status").asInt(500);
        JsonNode body = spec.has("error") ? Json.object().set("error", spec.get("error"))
                : Json.tree("{\"error\":{\"message\":\"An unexpected error has occurred (local sandbox fault)\",\"type\":\"OAuthException\",\"code\":2,\"is_transient\":true}}");
        faults.add(new Fault(spec.path("pathContains").asText(""), status, body, spec.path("delayMs").asLong(0),
                spec.path("applyFirst").asBoolean(false), new int[]{spec.path("times").asInt(1)}));
    }

    synchronized Map<String, Object> outbox() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sandbox", "LOCAL GRAPH API SANDBOX: nothing here reached Meta");
        out.put("calls", List.copyOf(calls));
        return out;
    }

    synchronized void clear() {
        calls.clear();
        faults.clear();
        replies.clear();
    }

    private static JsonNode params(String contentType, byte[] body) {
        if (body == null || body.length == 0) {
            return Json.object();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (contentType != null && contentType.contains("json")) {
            try {
                return Json.tree(text);
            } catch (RuntimeException e) {
                return Json.mapper().getNodeFactory().textNode(text);
            }
        }
        ObjectNode form = Json.object();
        for (String pair : text.split("&")) {
            int i = pair.indexOf('=');
            if (i > 0) {
                form.put(URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
