package com.socialwire.bench;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/** What the benchmarks send to the local runtime over HTTP: API calls with a key, and Meta comment webhooks signed as Meta signs them. */
public final class LocalApiClient {

    /**
     * One client for the process: a client per instance gave every signed webhook the engagement
     * benchmark builds its own HttpClient (and selector thread), CPU taken from the pipeline it measures.
     */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final HttpClient http = HTTP;
    private final String base;

    public LocalApiClient(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    public HttpResponse<String> send(String method, String path, String key, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String key, String body) throws Exception {
        return send("POST", path, key, body, Map.of());
    }

    /** POSTs {@code path} and fails unless it answers 2xx. */
    public String ok(String method, String path, String key, String body) throws Exception {
        HttpResponse<String> r = send(method, path, key, body, Map.of());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Every call the local Graph API sandbox received: {@code {"calls":[{method, path, at, outcome}]}}. */
    public com.fasterxml.jackson.databind.JsonNode graphOutbox() throws Exception {
        return com.socialwire.shared.Json.tree(send("GET", "/_local/outbox", null, null, Map.of()).body());
    }

    /** One Instagram comment webhook for account {@code ig}, signed with the Meta app secret. */
    public HttpResponse<String> commentWebhook(String secret, String ig, String commentId, String text) throws Exception {
        return http.send(commentWebhookRequest(secret, ig, commentId, text), HttpResponse.BodyHandlers.ofString());
    }

    /** The request {@link #commentWebhook} sends, for a caller that sends it without waiting. */
    public HttpRequest commentWebhookRequest(String secret, String ig, String commentId, String text) throws Exception {
        String body = "{\"object\":\"instagram\",\"entry\":[{\"id\":\"" + ig + "\",\"time\":" + Instant.now().getEpochSecond()
                + ",\"changes\":[{\"field\":\"comments\",\"value\":{\"id\":\"" + commentId + "\",\"text\":\"" + text
                + "\",\"from\":{\"id\":\"17841400000000042\",\"username\":\"fan\"},\"media\":{\"id\":\"17999999999999999\"}}}]}]}";
        return HttpRequest.newBuilder(URI.create(base + "/webhooks/meta")).header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", "sha256=" + hmac(secret, body)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String hmac(String secret, String body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
