package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agency's side of the client review portal over the local runtime's HTTP API, for the browser tests: a brand
 * that needs its client's approval, posts submitted to the client, review links; and the reads the tests check the
 * page's effects with (a post, its comments, statuses and versions).
 */
final class ReviewAgency {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Path SHOTS = Path.of("target/review-screenshots");

    /** A review link as its create answer gives it. */
    record Link(String id, String token, String url, JsonNode created) {
    }

    final LocalApi api;
    /** A second admin key of the same agency for the polls, so that waiting never spends the acting key's rate limit. */
    final LocalApi reader;
    final String base;

    ReviewAgency(LocalApi api, LocalApi reader) {
        this.api = api;
        this.reader = reader;
        this.base = api.base;
    }

    static ReviewAgency start(LocalRuntime runtime, String agencyName) {
        Fixtures fixtures = new Fixtures();
        Fixtures.Account agency = fixtures.signup(agencyName + " " + Ids.base62(6));
        String readerKey = fixtures.key(agency, "admin", null, null)[1];
        String base = "http://127.0.0.1:" + runtime.port();
        return new ReviewAgency(new LocalApi(fixtures.env, base, agency.adminKey()), new LocalApi(fixtures.env, base, readerKey));
    }

    /**
     * A brand whose posts need its client's approval (no QA stage before the client), in Europe/Berlin, with an
     * Instagram account; {@code extraJson} adds top-level fields (e.g. branding), or is empty.
     */
    String brand(String name, String extraJson) throws Exception {
        String ig = LocalApi.newIgUserId();
        HttpResponse<String> r = send("POST", "/v1/tenants", "{\"name\":" + Json.write(name) + ",\"igHandle\":\"bloom\",\"igUserId\":\"" + ig
                + "\",\"igAccessToken\":\"" + api.igToken(ig) + "\",\"timezone\":\"" + BERLIN.getId() + "\",\"brandVoice\":\"Warm and playful\""
                + ",\"settings\":{\"requiresClientApproval\":true,\"requiresQaApproval\":false}" + extraJson + "}");
        assertEquals(201, r.statusCode(), r.body());
        return Json.tree(r.body()).path("id").asText();
    }

    /** Sets the brand's look (settings.branding): its two colours and its logo (one of its images). */
    void branding(String tenantId, String primaryColor, String accentColor, String logoMediaId) throws Exception {
        HttpResponse<String> r = send("PATCH", "/v1/tenants/" + tenantId, "{\"settings\":{\"branding\":{\"primaryColor\":\"" + primaryColor
                + "\",\"accentColor\":\"" + accentColor + "\",\"logoMediaId\":\"" + logoMediaId + "\"}}}");
        assertEquals(200, r.statusCode(), r.body());
    }

    /** A post created as a draft and submitted: with the brand's settings it waits for the client. Returns its id. */
    String submittedPost(String tenantId, String json) throws Exception {
        HttpResponse<String> created = send("POST", "/v1/tenants/" + tenantId + "/posts", json);
        assertEquals(201, created.statusCode(), created.body());
        String id = Json.tree(created.body()).path("id").asText();
        HttpResponse<String> submitted = send("POST", "/v1/tenants/" + tenantId + "/posts/" + id + "/submit", "{}");
        assertEquals(200, submitted.statusCode(), submitted.body());
        assertEquals("client_review", Json.tree(submitted.body()).path("status").asText(), submitted.body());
        return id;
    }

    /** {@code POST /v1/tenants/{id}/review-links} (an Idempotency-Key as any create); 201 and a token-bearing url. */
    Link link(String tenantId, String campaignId, int expiresInDays) throws Exception {
        String body = "{\"approverName\":\"Anna Baker\",\"approverEmail\":\"anna@bloom.example\",\"expiresInDays\":" + expiresInDays
                + (campaignId == null ? "" : ",\"campaignId\":" + Json.write(campaignId)) + "}";
        HttpResponse<String> r = api.http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tenants/" + tenantId + "/review-links"))
                .header("Authorization", "Bearer " + api.key).header("Content-Type", "application/json")
                .header("Idempotency-Key", "rvl-" + Ids.base62(16))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode j = Json.tree(r.body());
        String url = j.path("url").asText();
        String path = URI.create(url).getRawPath();
        assertTrue(path.matches("/review/rvw_[A-Za-z0-9]{43}"), "a review url with a token: " + url);
        assertEquals(base + path, url, "the url opens as it is, at the runtime's own address");
        assertTrue(j.path("id").asText().startsWith("rvl_"), r.body());
        return new Link(j.path("id").asText(), path.substring("/review/".length()), url, j);
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return api.send(method, path, api.key, body);
    }

    /** A post as the agency reads it (through the reader key). */
    JsonNode post(String tenantId, String postId) throws Exception {
        HttpResponse<String> r = read("/v1/tenants/" + tenantId + "/posts/" + postId);
        assertEquals(200, r.statusCode(), r.body());
        return Json.tree(r.body());
    }

    /** The post's review comments, oldest first as the API lists them. */
    List<JsonNode> comments(String tenantId, String postId) throws Exception {
        HttpResponse<String> r = read("/v1/tenants/" + tenantId + "/posts/" + postId + "/comments?limit=100");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = Json.tree(r.body());
        List<JsonNode> out = new java.util.ArrayList<>();
        (j.has("items") ? j.path("items") : j.path("comments")).forEach(out::add);
        return out;
    }

    /** Reads with the reader key, waiting out a 429. */
    HttpResponse<String> read(String path) throws Exception {
        while (true) {
            HttpResponse<String> r = reader.send("GET", path, reader.key, null);
            if (r.statusCode() != 429) {
                return r;
            }
            Thread.sleep(1000L * Math.max(1, r.headers().firstValueAsLong("Retry-After").orElse(1)));
        }
    }

    /** Polls the post (every 2 s: inside the key's 60 a minute) until {@code status}; fails after {@code seconds}. */
    JsonNode awaitStatus(String tenantId, String postId, String status, double seconds) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        JsonNode p = null;
        while (System.nanoTime() < deadline) {
            p = post(tenantId, postId);
            if (status.equals(p.path("status").asText())) {
                return p;
            }
            Thread.sleep(2_000);
        }
        throw new AssertionError("post " + postId + " not " + status + " within " + seconds + " s: " + p);
    }

    /** Each post's "status@version" and comment count: what an action that must change nothing must leave as it was. */
    Map<String, String> snapshot(String tenantId, String... postIds) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String id : postIds) {
            JsonNode p = post(tenantId, id);
            out.put(id, p.path("status").asText() + "@" + p.path("version").asText() + " comments=" + comments(tenantId, id).size()
                    + " scheduledFor=" + p.path("scheduledFor").asText());
        }
        return out;
    }

    /** The actions of a post's history, in order. */
    static List<String> history(JsonNode post) {
        List<String> out = new java.util.ArrayList<>();
        post.path("history").forEach(h -> out.add(h.path("action").asText()));
        return out;
    }

    static void shotsDir() throws Exception {
        Files.createDirectories(SHOTS);
    }
}
