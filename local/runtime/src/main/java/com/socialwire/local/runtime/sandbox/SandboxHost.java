package com.socialwire.local.runtime.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves one {@link PlatformSandbox} at {@code /_local/<name>/…} with what every sandbox has alike: its OAuth consent
 * and token endpoints, an outbox of every call received, queued faults and revoking a person's tokens.
 * <ul>
 *   <li>{@code POST /_local/<name>/_faults} {@code {pathContains, method?, status?, body?, times?, delayMs?, applyFirst?}}:
 *       the next {@code times} (1) matching calls answer {@code status} with {@code body} (a JSON value) instead; with
 *       {@code applyFirst} the sandbox acts first (the post is made) and only the answer is replaced or, with just a
 *       {@code delayMs}, sent late — the lost answer of an irreversible call.</li>
 *   <li>{@code GET /_local/<name>/_outbox} (DELETE clears it): every call, newest last, without credentials.</li>
 *   <li>{@code GET /_local/<name>/_posts}: what the sandbox published, where it keeps a list ({@link PlatformSandbox#posts}).</li>
 *   <li>{@code POST /_local/<name>/_revoke} {@code {userId?}}: every token of that person (the default one) fails.</li>
 * </ul>
 */
public final class SandboxHost {

    static final int MAX_OUTBOX = 1_000;

    private record Fault(String pathContains, String method, Integer status, JsonNode body, int times, long delayMs, boolean applyFirst) {
    }

    private final PlatformSandbox sandbox;
    private final List<Fault> faults = new ArrayList<>();
    private final List<Map<String, Object>> outbox = new ArrayList<>();

    public SandboxHost(PlatformSandbox sandbox) {
        this.sandbox = sandbox;
    }

    public PlatformSandbox sandbox() {
        return sandbox;
    }

    public String name() {
        return sandbox.name();
    }

    /** Answers one request whose path is relative to {@code /_local/<name>}. */
    public SandboxResponse handle(SandboxRequest request) {
        String path = request.path();
        SandboxOAuth oauth = sandbox.oauth();
        try {
            switch (request.method() + " " + path) {
                case "POST /_faults" -> {
                    return addFault(request.json());
                }
                case "GET /_outbox" -> {
                    return SandboxResponse.json(200, outbox());
                }
                case "GET /_posts" -> {
                    SandboxPosts posts = sandbox.posts();
                    return posts == null ? SandboxResponse.json(404, Map.of("message", sandbox.label() + " sandbox keeps no list of posts"))
                            : posts.listing(sandbox.label());
                }
                case "DELETE /_outbox" -> {
                    synchronized (this) {
                        outbox.clear();
                    }
                    return SandboxResponse.json(200, Map.of("cleared", true));
                }
                case "POST /_revoke" -> {
                    String user = sandbox.revoke(request.json().path("userId").asText(null));
                    return user == null ? SandboxResponse.json(404, Map.of("message", sandbox.label() + " sandbox has no tokens to revoke"))
                            : SandboxResponse.json(200, Map.of("revoked", user));
                }
                default -> {
                }
            }
        } catch (IllegalArgumentException e) {
            return SandboxResponse.json(400, Map.of("message", e.getMessage()));
        }
        record(request);
        if (oauth != null && request.method().equals("GET") && path.equals(SandboxOAuth.CONSENT_PATH)) {
            return oauth.consent(request);
        }
        if (oauth != null && request.method().equals("GET") && path.equals(oauth.authorizePath())) {
            return oauth.authorize(request);
        }
        Fault fault = takeFault(request);
        if (fault != null && !fault.applyFirst()) {
            return faultAnswer(fault, null);
        }
        SandboxResponse answer;
        if (oauth != null && path.equals(oauth.tokenPath())) {
            answer = oauth.token(request);
        } else {
            try {
                answer = sandbox.handle(request);
            } catch (IllegalArgumentException e) {
                answer = SandboxResponse.json(400, Map.of("error", "bad_request", "message", e.getMessage()));
            }
        }
        return fault == null ? answer : faultAnswer(fault, answer);
    }

    private static SandboxResponse faultAnswer(Fault f, SandboxResponse real) {
        SandboxResponse out = f.status() == null && real != null ? real
                : SandboxResponse.json(f.status() == null ? 500 : f.status(), f.body() == null ? Map.of("error", "sandbox fault") : f.body());
        return out.delayed(f.delayMs());
    }

    private synchronized SandboxResponse addFault(JsonNode spec) {
        String contains = spec.path("pathContains").asText("");
        if (contains.isEmpty()) {
            throw new IllegalArgumentException("pathContains is required");
        }
        int times = spec.path("times").asInt(1);
        long delay = spec.path("delayMs").asLong(0);
        if (times < 1 || delay < 0 || delay > 120_000) {
            throw new IllegalArgumentException("times must be ≥ 1 and delayMs within 0..120000");
        }
        Integer status = spec.hasNonNull("status") ? spec.path("status").asInt() : null;
        if (status == null && delay == 0) {
            throw new IllegalArgumentException("a fault needs a status or a delayMs");
        }
        faults.add(new Fault(contains, spec.hasNonNull("method") ? spec.path("method").asText().toUpperCase(java.util.Locale.ROOT) : null,
                status, spec.get("body"), times, delay, spec.path("applyFirst").asBoolean(false)));
        return SandboxResponse.json(200, Map.of("queued", true));
    }

    private synchronized Fault takeFault(SandboxRequest request) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (request.path().contains(f.pathContains()) && (f.method() == null || f.method().equals(request.method()))) {
                it.remove();
                if (f.times() > 1) {
                    faults.add(0, new Fault(f.pathContains(), f.method(), f.status(), f.body(), f.times() - 1, f.delayMs(), f.applyFirst()));
                }
                return f;
            }
        }
        return null;
    }

    private synchronized void record(SandboxRequest request) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("at", Instant.now().toString());
        call.put("method", request.method());
        call.put("path", request.path());
        if (request.rawQuery() != null) {
            call.put("query", redact(request.rawQuery()));
        }
        String type = request.header("content-type").orElse("");
        if (request.body().length > 0) {
            call.put("body", type.startsWith("application/json") || type.startsWith("application/x-www-form-urlencoded")
                    ? redact(new String(request.body(), StandardCharsets.UTF_8)) : request.body().length + " bytes of " + type);
        }
        outbox.add(call);
        if (outbox.size() > MAX_OUTBOX) {
            outbox.remove(0);
        }
    }

    /** Credentials never show in the outbox (a token, a secret, a code, a verifier). */
    static String redact(String text) {
        // whole names only: "shortcode=" is a read's subject, not OAuth's "code="
        return text.replaceAll("(?i)(\\b(?:access_token|refresh_token|client_secret|code|code_verifier|fb_exchange_token|password)[\"]?\\s*[=:]\\s*\"?)[^&\",}]+",
                "$1[redacted]");
    }

    private synchronized Map<String, Object> outbox() {
        return Map.of("sandbox", "LOCAL " + sandbox.label().toUpperCase(java.util.Locale.ROOT) + " SANDBOX: nothing reaches "
                + sandbox.label(), "calls", List.copyOf(outbox));
    }
}
