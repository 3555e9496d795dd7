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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reddit and Dribbble through the local runtime against their LOCAL SANDBOXES (no real credentials): a tenant connects
 * each by OAuth — start, the sandbox's consent page, Allow, the callback — choosing a subreddit from Reddit's pending
 * selection; a post to each is published now and lands in the sandbox exactly once, with its id and URL in the
 * delivery; no token is ever in an answer.
 */
class RedditDribbbleSandboxE2ETest {

    static final Pattern ALLOW = Pattern.compile("id=\"allow\" href=\"([^\"]+)\"");
    static final Pattern SELECTION = Pattern.compile("selection ([A-Za-z0-9_-]+),");

    static LocalRuntime runtime;
    static LocalApi api;
    static LocalEnvironment env;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 2);
        base = "http://127.0.0.1:" + runtime.port();
        Fixtures.Account agency = new Fixtures().signup("Sandbox Agency " + Ids.base62(6));
        api = new LocalApi(env, base, agency.adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    /** Start, the consent page, Allow: the callback's page (its status and text). */
    static HttpResponse<String> consent(String tenantId, String platform) throws Exception {
        HttpResponse<String> started = api.send("POST", "/v1/tenants/" + tenantId + "/oauth/" + platform + "/start", api.key, "{}");
        assertEquals(201, started.statusCode(), started.body());
        String authorize = Json.tree(started.body()).path("authorizeUrl").asText();
        assertTrue(authorize.startsWith(base + "/_local/" + platform + "/"), authorize);
        HttpResponse<String> page = get(authorize);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("LOCAL " + platform.toUpperCase() + " SANDBOX"), "the consent page says it is a sandbox");
        Matcher allow = ALLOW.matcher(page.body());
        assertTrue(allow.find(), page.body());
        HttpResponse<String> back = get(base + allow.group(1).replace("&amp;", "&"));
        assertEquals(302, back.statusCode(), back.body());
        return get(back.headers().firstValue("location").orElseThrow());
    }

    static HttpResponse<String> get(String url) throws Exception {
        return api.http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes {@code postId} now and waits for it to leave publishing. */
    static JsonNode publishNow(String tenantId, String postId) throws Exception {
        HttpResponse<String> queued = api.send("POST", "/v1/tenants/" + tenantId + "/posts/" + postId + "/publish", api.key, "{}");
        assertEquals(202, queued.statusCode(), queued.body());
        JsonNode post = null;
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            post = Json.tree(api.send("GET", "/v1/tenants/" + tenantId + "/posts/" + postId, api.key, null).body());
            if (!"publishing".equals(post.path("status").asText())) {
                break;
            }
            Thread.sleep(1_000);
        }
        return post;
    }

    static long calls(String sandbox, String method, String path) throws Exception {
        JsonNode outbox = Json.tree(get(base + "/_local/" + sandbox + "/_outbox").body());
        long n = 0;
        for (JsonNode c : outbox.path("calls")) {
            if (method.equals(c.path("method").asText()) && path.equals(c.path("path").asText())) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aTenantConnectsRedditChoosingASubredditAndDribbbleAndAPostToEachLandsOnce() throws Exception {
        LocalApi.Brand b = api.brand("{}", "[]");

        // Reddit: the profile and two subreddits are offered; the tenant picks the one it moderates
        HttpResponse<String> redditBack = consent(b.tenantId(), "reddit");
        assertEquals(200, redditBack.statusCode(), redditBack.body());
        Matcher selection = SELECTION.matcher(redditBack.body());
        assertTrue(selection.find(), redditBack.body());
        HttpResponse<String> pending = api.send("GET", "/v1/oauth/pending/" + selection.group(1), api.key, null);
        assertEquals(200, pending.statusCode(), pending.body());
        int index = -1;
        for (JsonNode o : Json.tree(pending.body()).path("offered")) {
            if ("SandboxBakery".equals(o.path("externalId").asText())) {
                index = o.path("index").asInt();
                assertEquals("subreddit", o.path("kind").asText(), o.toString());
            }
        }
        assertTrue(index >= 0, pending.body());
        HttpResponse<String> confirmed = api.send("POST", "/v1/tenants/" + b.tenantId() + "/social-accounts/confirm", api.key,
                "{\"nonce\":\"" + selection.group(1) + "\",\"selections\":[{\"index\":" + index + ",\"default\":true}]}");
        assertEquals(201, confirmed.statusCode(), confirmed.body());
        assertFalse(confirmed.body().contains("sbx-reddit-at-"), "no token in the answer");

        // Dribbble: one account, connected by the callback itself
        HttpResponse<String> dribbbleBack = consent(b.tenantId(), "dribbble");
        assertEquals(200, dribbbleBack.statusCode(), dribbbleBack.body());
        HttpResponse<String> accounts = api.send("GET", "/v1/tenants/" + b.tenantId() + "/social-accounts", api.key, null);
        assertTrue(accounts.body().contains("\"sandbox-studio\""), accounts.body());
        assertTrue(accounts.body().contains("\"SandboxBakery\""), accounts.body());
        assertFalse(accounts.body().contains("sbx-dribbble-at-") || accounts.body().contains("sbx-reddit-"), "no token in the answer");

        // a Reddit text post: its first line is the title
        HttpResponse<String> created = api.send("POST", "/v1/tenants/" + b.tenantId() + "/posts", api.key,
                "{\"content\":\"Fresh loaves at 7 " + Ids.base62(4) + "\\nSourdough, rye and seeded spelt today.\",\"platforms\":[\"reddit\"]}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode reddit = publishNow(b.tenantId(), Json.tree(created.body()).path("id").asText());
        JsonNode rd = reddit.path("deliveries").path("reddit");
        assertEquals("published", reddit.path("status").asText(), reddit.toString());
        assertTrue(rd.path("externalId").asText().startsWith("t3_"), rd.toString());
        assertTrue(rd.path("permalink").asText().startsWith("https://www.reddit.com/r/SandboxBakery/comments/"), rd.toString());
        assertEquals(1, calls("reddit", "POST", "/api/submit"));

        // a Dribbble shot: one 800x600 PNG
        JsonNode dribbble = publishNow(b.tenantId(), shotPost(b.tenantId()));
        JsonNode dd = dribbble.path("deliveries").path("dribbble");
        assertEquals("published", dribbble.path("status").asText(), dribbble.toString());
        assertTrue(dd.path("permalink").asText().startsWith("https://dribbble.com/shots/"), dd.toString());
        assertEquals(1, calls("dribbble", "POST", "/v2/shots"));

        // the person revokes the app on Reddit: the next post's delivery ends RECONNECT_REQUIRED, the account
        // reconnect_required, and the post is kept to publish again after reconnecting
        assertEquals(200, api.http.send(HttpRequest.newBuilder(URI.create(base + "/_local/reddit/_revoke"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> next = api.send("POST", "/v1/tenants/" + b.tenantId() + "/posts", api.key,
                "{\"content\":\"Rye at noon " + Ids.base62(4) + "\",\"platforms\":[\"reddit\"]}");
        assertEquals(201, next.statusCode(), next.body());
        String nextId = Json.tree(next.body()).path("id").asText();
        JsonNode refused = publishNow(b.tenantId(), nextId);
        assertEquals("RECONNECT_REQUIRED", refused.path("deliveries").path("reddit").path("code").asText(), refused.toString());
        assertEquals(200, api.send("GET", "/v1/tenants/" + b.tenantId() + "/posts/" + nextId, api.key, null).statusCode(), "the post is kept");
        JsonNode redditAccount = null;
        for (JsonNode a : Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/social-accounts", api.key, null).body()).path("items")) {
            if ("reddit".equals(a.path("platform").asText())) {
                redditAccount = a;
            }
        }
        assertEquals("reconnect_required", redditAccount.path("status").asText(), String.valueOf(redditAccount));
        assertEquals(2, calls("reddit", "POST", "/api/submit"), "one submit with the revoked token (refused 401), never retried");
    }

    /** A post with one 800x600 PNG uploaded the way a client does it: presigned PUT, verified by the S3-event function. */
    static String shotPost(String tenantId) throws Exception {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(800, 600, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
        byte[] bytes = png.toByteArray();
        HttpResponse<String> r = api.send("POST", "/v1/tenants/" + tenantId + "/media/uploads", api.key,
                "{\"filename\":\"shot.png\",\"mimeType\":\"image/png\",\"sizeBytes\":" + bytes.length + "}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode upload = Json.tree(r.body()).path("upload");
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.path("url").asText())).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        upload.path("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        assertEquals(200, api.http.send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        String id = Json.tree(r.body()).path("id").asText();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"ready".equals(Json.tree(api.send("GET", "/v1/tenants/" + tenantId + "/media/" + id, api.key, null).body()).path("status").asText())) {
            assertTrue(System.nanoTime() < deadline, "media " + id + " not ready");
            Thread.sleep(500);
        }
        HttpResponse<String> created = api.send("POST", "/v1/tenants/" + tenantId + "/posts", api.key,
                "{\"content\":\"Sandbox Studio identity\\nA logo for a neighbourhood bakery.\",\"platforms\":[\"dribbble\"],\"media\":[\"" + id + "\"]}");
        assertEquals(201, created.statusCode(), created.body());
        return Json.tree(created.body()).path("id").asText();
    }
}
