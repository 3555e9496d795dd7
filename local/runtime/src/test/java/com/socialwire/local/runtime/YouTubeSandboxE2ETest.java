package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * YouTube through the local runtime and its LOCAL YOUTUBE SANDBOX: a tenant connects its channel by the sandbox's
 * Google OAuth consent (start → authorize URL → Allow → callback, PKCE and all), uploads a video to its media library,
 * schedules a post with it, and the publish run uploads it by the resumable protocol: one session, one video, its id
 * and watch URL in the delivery; no token in any answer. Once the person revokes the app, the next post fails
 * {@code RECONNECT_REQUIRED} and the account is {@code reconnect_required}, the post kept.
 */
class YouTubeSandboxE2ETest {

    static LocalRuntime runtime;
    static LocalApi api;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        LocalEnvironment env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 2);
        base = "http://127.0.0.1:" + runtime.port();
        Fixtures.Account agency = new Fixtures().signup("YouTube Agency " + Ids.base62(6));
        api = new LocalApi(env, base, agency.adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    @Test
    void aTenantConnectsItsChannelThroughTheSandboxConsentAndAScheduledVideoIsUploadedOnce() throws Exception {
        LocalApi.Brand b = api.brand("{}", "[]");
        String tenant = "/v1/tenants/" + b.tenantId();

        // connect: start, the sandbox's consent page, Allow, back to our callback
        HttpResponse<String> started = api.send("POST", tenant + "/oauth/youtube/start", api.key, null);
        assertEquals(201, started.statusCode(), started.body());
        String authorize = Json.tree(started.body()).path("authorizeUrl").asText();
        assertTrue(authorize.startsWith(base + "/_local/youtube/o/oauth2/v2/auth?"), authorize);
        assertTrue(authorize.contains("access_type=offline") && authorize.contains("code_challenge_method=S256"), authorize);
        HttpResponse<String> consent = get(authorize);
        assertEquals(200, consent.statusCode(), consent.body());
        assertTrue(consent.body().contains("LOCAL YOUTUBE SANDBOX"), consent.body());
        Matcher allow = Pattern.compile("id=\"allow\" href=\"([^\"]+)\"").matcher(consent.body());
        assertTrue(allow.find(), consent.body());
        HttpResponse<String> back = get(base + allow.group(1).replace("&amp;", "&"));
        assertEquals(302, back.statusCode(), back.body());
        String callback = back.headers().firstValue("location").orElseThrow();
        assertTrue(callback.contains("/oauth/youtube/callback?code="), callback);
        HttpResponse<String> connected = get(callback);
        assertEquals(200, connected.statusCode(), connected.body());

        HttpResponse<String> listed = api.send("GET", tenant + "/social-accounts", api.key, null);
        assertEquals(200, listed.statusCode(), listed.body());
        JsonNode account = null;
        JsonNode page = Json.tree(listed.body());
        for (JsonNode a : page.has("items") ? page.path("items") : page.path("data")) {
            if ("youtube".equals(a.path("platform").asText())) {
                account = a;
            }
        }
        assertTrue(account != null, listed.body());
        assertEquals("UCsbxBloomBakery000000001", account.path("externalId").asText(), account.toString());
        assertEquals("channel", account.path("kind").asText());
        assertEquals("connected", account.path("status").asText());
        assertFalse(listed.body().contains("sbx-youtube-at-") || listed.body().contains("sbx-youtube-rt-"), "no token in the answer");

        // a video in the media library, through the presigned upload
        byte[] mp4 = mp4(96 * 1024);
        HttpResponse<String> upload = api.send("POST", tenant + "/media/uploads", api.key,
                "{\"filename\":\"loaves.mp4\",\"mimeType\":\"video/mp4\",\"sizeBytes\":" + mp4.length + "}");
        assertEquals(201, upload.statusCode(), upload.body());
        JsonNode created = Json.tree(upload.body());
        HttpResponse<String> put = put(created.path("upload"), mp4);
        assertEquals(200, put.statusCode(), put.body());
        String mediaId = created.path("id").asText();
        assertEquals("ready", awaitMedia(tenant, mediaId).path("status").asText());

        // scheduled, then the publish run
        Instant due = Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> post = api.send("POST", tenant + "/posts", api.key, "{\"content\":\"Fresh loaves at 7\\nWatch the morning"
                + " bake from our old oven.\",\"platforms\":[\"youtube\"],\"media\":[\"" + mediaId + "\"],\"scheduledFor\":\"" + due
                + "\",\"status\":\"scheduled\"}");
        assertEquals(201, post.statusCode(), post.body());
        String postId = Json.tree(post.body()).path("id").asText();
        HttpResponse<String> fired = api.send("POST", "/_local/schedules/PublishRunFunction/EveryMinute", null, null);
        assertEquals(200, fired.statusCode(), fired.body());

        JsonNode p = awaitEnd(tenant + "/posts/" + postId);
        JsonNode d = p.path("deliveries").path("youtube");
        assertEquals("published", p.path("status").asText(), p.toString());
        String videoId = d.path("externalId").asText();
        assertEquals("https://www.youtube.com/watch?v=" + videoId, d.path("permalink").asText(), d.toString());
        assertEquals(account.path("id").asText(), d.path("socialAccountId").asText(), d.toString());

        // exactly one session was started, and its bytes arrived once: one video
        JsonNode calls = Json.tree(get(base + "/_local/youtube/_outbox").body()).path("calls");
        int sessions = 0;
        int byteUploads = 0;
        for (JsonNode c : calls) {
            if (c.path("path").asText().equals("/upload/youtube/v3/videos")) {
                sessions += c.path("method").asText().equals("POST") ? 1 : 0;
                byteUploads += c.path("method").asText().equals("PUT") && c.path("body").asText().contains("bytes of video/mp4") ? 1 : 0;
            }
        }
        assertEquals(1, sessions, calls.toString());
        assertEquals(1, byteUploads, calls.toString());
        String session = calls.toString();
        assertTrue(session.contains("Fresh loaves at 7"), "the title is the text's first line: " + session);
        assertFalse(session.contains("sbx-youtube-at-"), "no token in the outbox");

        // the person revokes the app: the next post fails asking for a reconnect, the account says so, the post is kept
        assertEquals(200, api.send("POST", "/_local/youtube/_revoke", null, "{}").statusCode());
        HttpResponse<String> second = api.send("POST", tenant + "/posts", api.key, "{\"content\":\"Rye on Fridays\",\"platforms\":"
                + "[\"youtube\"],\"media\":[\"" + mediaId + "\"]}");
        assertEquals(201, second.statusCode(), second.body());
        String secondId = Json.tree(second.body()).path("id").asText();
        HttpResponse<String> queued = api.send("POST", tenant + "/posts/" + secondId + "/publish", api.key, "{}");
        assertEquals(202, queued.statusCode(), queued.body());
        JsonNode refused = awaitEnd(tenant + "/posts/" + secondId);
        JsonNode rd = refused.path("deliveries").path("youtube");
        assertEquals("failed", rd.path("status").asText(), refused.toString());
        assertEquals("RECONNECT_REQUIRED", rd.path("code").asText(), rd.toString());
        JsonNode after = Json.tree(api.send("GET", tenant + "/social-accounts/" + account.path("id").asText(), api.key, null).body());
        assertEquals("reconnect_required", after.path("status").asText(), after.toString());
        assertEquals(200, api.send("GET", tenant + "/posts/" + secondId, api.key, null).statusCode(), "the post is kept");
    }

    /** The post once it has left scheduled and publishing (90 s at most). */
    static JsonNode awaitEnd(String path) throws Exception {
        JsonNode p = null;
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            p = Json.tree(api.send("GET", path, api.key, null).body());
            String status = p.path("status").asText();
            if (!status.equals("scheduled") && !status.equals("publishing")) {
                return p;
            }
            Thread.sleep(1_000);
        }
        return p;
    }

    /** Bytes that verify as MP4 (an ISO base media {@code ftyp} box, brand isom) and nothing else. */
    static byte[] mp4(int size) {
        byte[] b = new byte[size];
        byte[] head = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'};
        System.arraycopy(head, 0, b, 0, head.length);
        for (int i = head.length; i < size; i++) {
            b[i] = (byte) (i * 17);
        }
        return b;
    }

    static HttpResponse<String> get(String url) throws Exception {
        return api.http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** PUTs the bytes to the presigned URL with the headers the API gave (Content-Length is the client's own). */
    static HttpResponse<String> put(JsonNode upload, byte[] bytes) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upload.path("url").asText())).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        upload.path("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                b.header(h.getKey(), h.getValue().asText());
            }
        });
        return api.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode awaitMedia(String tenant, String id) throws Exception {
        JsonNode item = null;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            item = Json.tree(api.send("GET", tenant + "/media/" + id, api.key, null).body());
            if (item.path("status").asText().equals("ready") || item.path("status").asText().equals("failed")) {
                return item;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("media " + id + " not processed: " + item);
    }
}
