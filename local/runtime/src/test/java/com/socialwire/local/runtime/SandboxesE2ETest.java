package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.runtime.sandbox.FacebookSandbox;
import com.socialwire.local.runtime.sandbox.InstagramLoginSandbox;
import com.socialwire.local.runtime.sandbox.LinkedInSandbox;
import com.socialwire.local.stores.BlueskyPds;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13's must-show on the local runtime, through the HTTP API and the local platform sandboxes' consent pages: a
 * tenant connects Instagram (Instagram Login), Bluesky (the real reference PDS), Mastodon, X, LinkedIn (an organization
 * chosen from the pending selection), a Facebook Page (likewise) and Threads; ONE post scheduled to all of them is
 * published by the publish run exactly once on each. Then the sandbox paths that matter most: the publishing call's
 * answer lost (applied, then a 503 or an answer later than the call's timeout) still ends with exactly one post on
 * each platform, and a revoked token ends the delivery's account reconnect_required without losing the post.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxesE2ETest {

    /** A platform served by a local sandbox: its API name, sandbox name and the path of its one publishing call. */
    record Sandboxed(String platform, String sandbox, String publishPath) {
    }

    static final List<Sandboxed> SANDBOXED = List.of(
            new Sandboxed("mastodon", "mastodon", "/api/v1/statuses"),
            new Sandboxed("twitter", "x", "/2/tweets"),
            new Sandboxed("linkedin", "linkedin", "/rest/posts"),
            new Sandboxed("facebook", "facebook", "/feed"),
            new Sandboxed("threads", "threads", "/threads_publish"));
    static final Set<String> ENDED = Set.of("published", "failed", "needs_review", "not_connected", "cancelled");
    private static final Pattern NONCE = Pattern.compile("pnd_[A-Za-z0-9]+");

    static LocalEnvironment env;
    static LocalRuntime runtime;
    static LocalApi api;
    static String base;
    static final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        env = LocalEnvironment.shared();
        // a publishing call times out after 1.5 s (in flight for 3.5 s): a lost answer is reconciled within seconds
        env.override("PLATFORM_API_TIMEOUT_MS", "1500");
        // SQS-like redelivery after 4 s, 8 s, 12 s… (X lists a new post only ~20 s after it is made)
        runtime = new LocalRuntime(env, 0, null, 4);
        base = "http://127.0.0.1:" + runtime.port();
    }

    /** Each test an agency of its own: its key's rate limit (60 requests a minute) is not shared with another test. */
    @BeforeEach
    void agency() {
        api = new LocalApi(env, base, new Fixtures().signup("Sandbox Agency " + Ids.base62(6)).adminKey());
    }

    @AfterAll
    static void stop() {
        env.override("PLATFORM_API_TIMEOUT_MS", "10000");
        runtime.closeKeepingStores();
    }

    @Test
    @Order(1)
    void onePostScheduledToSevenPlatformsIsPublishedOnceOnEach() throws Exception {
        // Instagram too as a social account, through Instagram Login's sandbox consent (its demo account, @bloombakery)
        api.freeDemoInstagramFromMadeUpTenant();
        HttpResponse<String> tenant = api.send("POST", "/v1/tenants", api.key, "{\"name\":\"Bloom Everywhere " + Ids.base62(6) + "\"}");
        assertEquals(201, tenant.statusCode(), tenant.body());
        LocalApi.Brand b = new LocalApi.Brand(Json.tree(tenant.body()).path("id").asText(), InstagramLoginSandbox.DEMO_IG_USER_ID);
        JsonNode instagram = connect(b, new Sandboxed("instagram", "instagram", "/media_publish"), null);
        try {
            publishedOnceOnSevenPlatforms(b, instagram);
        } finally {
            // disconnecting frees the demo account for the other tests in these stores
            api.send("DELETE", "/v1/tenants/" + b.tenantId() + "/social-accounts/" + instagram.path("id").asText(), api.key, null);
        }
    }

    private void publishedOnceOnSevenPlatforms(LocalApi.Brand b, JsonNode instagram) throws Exception {
        assertEquals(b.igUserId(), instagram.path("externalId").asText(), instagram.toString());
        Map<String, JsonNode> accounts = connectAll(b);
        BlueskyPds.Account owner = BlueskyPds.shared().newAccount();
        HttpResponse<String> bluesky = api.send("POST", "/v1/tenants/" + b.tenantId() + "/social-accounts", api.key,
                "{\"platform\":\"bluesky\",\"identifier\":\"" + owner.handle() + "\",\"appPassword\":\"" + owner.appPassword()
                        + "\",\"instance\":\"" + BlueskyPds.shared().url().toString().replace("127.0.0.1", "localhost") + "\"}");
        assertEquals(201, bluesky.statusCode(), bluesky.body());
        clearOutboxes();

        String mediaId = api.uploadedJpeg(b, MediaE2ETest.image("jpg", 1080, 1350));
        String marker = Ids.base62(8);
        Instant due = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> created = api.send("POST", "/v1/tenants/" + b.tenantId() + "/posts", api.key,
                "{\"content\":\"Fresh loaves at 7, everywhere " + marker + "\",\"platforms\":[\"instagram\",\"bluesky\",\"mastodon\","
                        + "\"twitter\",\"linkedin\",\"facebook\",\"threads\"],\"media\":[\"" + mediaId + "\"],\"scheduledFor\":\"" + due
                        + "\",\"status\":\"scheduled\"}");
        assertEquals(201, created.statusCode(), created.body());
        String postId = Json.tree(created.body()).path("id").asText();
        Thread.sleep(Math.max(0, due.toEpochMilli() - System.currentTimeMillis() + 500));
        HttpResponse<String> fired = api.send("POST", "/_local/schedules/PublishRunFunction/EveryMinute", null, null);
        assertEquals(200, fired.statusCode(), fired.body());

        JsonNode post = awaitEnded(b, postId, 150);
        assertEquals("published", post.path("status").asText(), post.toString());
        for (String platform : List.of("instagram", "bluesky", "mastodon", "twitter", "linkedin", "facebook", "threads")) {
            JsonNode d = post.path("deliveries").path(platform);
            assertEquals("published", d.path("status").asText(), platform + ": " + d);
            assertFalse(d.path("externalId").asText().isBlank(), platform + ": " + d);
            assertTrue(d.path("permalink").asText().startsWith("http"), platform + ": " + d);
        }
        for (Sandboxed s : SANDBOXED) {
            assertEquals(1, publishCalls(s), s.sandbox() + " received one publishing call: " + outbox(s.sandbox()));
            JsonNode d = post.path("deliveries").path(s.platform());
            assertEquals(accounts.get(s.platform()).path("id").asText(), d.path("socialAccountId").asText(), d.toString());
            List<JsonNode> made = postsOn(s.sandbox(), accounts.get(s.platform()).path("externalId").asText(), marker);
            assertEquals(1, made.size(), s.sandbox() + ": " + made);
        }
        assertEquals(1, api.graphCalls("/" + b.igUserId() + "/media_publish").stream()
                .filter(c -> c.path("outcome").asText().startsWith("ok")).count());
        assertEquals(1, BlueskyE2ETest.postsOnThePds(owner.did()));
        // the media went where each publisher uploads: X's and Mastodon's uploads, LinkedIn's image, the Page's photo
        assertEquals(1, calls("x", "POST", "/2/media/upload"));
        assertEquals(1, calls("mastodon", "POST", "/api/v2/media"));
        assertEquals(1, calls("linkedin", "PUT", "/dms-uploads/"));
        assertEquals(1, calls("facebook", "POST", "/photos"));
    }

    @Test
    @Order(2)
    void aLostAnswerOfThePublishingCallStillEndsWithOnePostOnEachPlatform() throws Exception {
        LocalApi.Brand b = api.brand("{}", "[]");
        Map<String, JsonNode> accounts = connectAll(b);
        clearOutboxes();
        for (Sandboxed s : SANDBOXED) {
            // the platform makes the post, then its answer is lost: a 503 — or, for Mastodon, an answer after the timeout
            String fault = s.sandbox().equals("mastodon")
                    ? "{\"pathContains\":\"" + s.publishPath() + "\",\"method\":\"POST\",\"delayMs\":4000,\"applyFirst\":true}"
                    : "{\"pathContains\":\"" + s.publishPath() + "\",\"method\":\"POST\",\"status\":503,\"applyFirst\":true}";
            HttpResponse<String> queued = api.send("POST", "/_local/" + s.sandbox() + "/_faults", null, fault);
            assertEquals(200, queued.statusCode(), queued.body());
        }
        String marker = Ids.base62(8);
        String postId = publishNow(b, "Lost answers, one post each " + marker);

        JsonNode post = awaitEnded(b, postId, 150);
        for (Sandboxed s : SANDBOXED) {
            JsonNode d = post.path("deliveries").path(s.platform());
            assertEquals("published", d.path("status").asText(), s.platform() + ": " + d);
            List<JsonNode> made = postsOn(s.sandbox(), accounts.get(s.platform()).path("externalId").asText(), marker);
            assertEquals(1, made.size(), s.sandbox() + " has exactly one post: " + made + " / " + outbox(s.sandbox()));
            assertEquals(made.get(0).path("id").asText(), d.path("externalId").asText(), s.platform() + " recovered the post it made: " + d);
            System.out.printf("%s: %d publishing call(s) for one post%n", s.sandbox(), publishCalls(s));
        }
    }

    @Test
    @Order(3)
    void aRevokedTokenEndsTheAccountReconnectRequiredWithoutLosingThePost() throws Exception {
        LocalApi.Brand b = api.brand("{}", "[]");
        Map<String, JsonNode> accounts = connectAll(b);
        for (Sandboxed s : SANDBOXED) {
            HttpResponse<String> revoked = api.send("POST", "/_local/" + s.sandbox() + "/_revoke", null, "{}");
            assertEquals(200, revoked.statusCode(), revoked.body());
        }
        clearOutboxes();
        String marker = Ids.base62(8);
        String content = "Revoked, kept " + marker;
        String postId = publishNow(b, content);

        JsonNode post = awaitEnded(b, postId, 120);
        assertEquals(content, post.path("content").path("text").asText(), "the post is kept: " + post);
        for (Sandboxed s : SANDBOXED) {
            JsonNode d = post.path("deliveries").path(s.platform());
            assertEquals("failed", d.path("status").asText(), s.platform() + ": " + d);
            assertEquals("RECONNECT_REQUIRED", d.path("code").asText(), s.platform() + ": " + d);
            JsonNode account = Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/social-accounts/"
                    + accounts.get(s.platform()).path("id").asText(), api.key, null).body());
            assertEquals("reconnect_required", account.path("status").asText(), s.platform() + ": " + account);
            assertEquals(0, postsOn(s.sandbox(), accounts.get(s.platform()).path("externalId").asText(), marker).size());
        }
        // consenting again connects the same account again
        JsonNode again = connect(b, new Sandboxed("twitter", "x", "/2/tweets"), null);
        assertEquals(accounts.get("twitter").path("externalId").asText(), again.path("externalId").asText());
        assertEquals("connected", again.path("status").asText(), again.toString());
    }

    // ------------------------------------------------------------------ connecting

    /** Every sandboxed platform connected: LinkedIn's first organization, Facebook's first Page. */
    static Map<String, JsonNode> connectAll(LocalApi.Brand b) throws Exception {
        Map<String, JsonNode> accounts = new LinkedHashMap<>();
        for (Sandboxed s : SANDBOXED) {
            String choose = switch (s.platform()) {
                case "linkedin" -> "urn:li:organization:10412345";
                case "facebook" -> "104300000000001";
                default -> null;
            };
            accounts.put(s.platform(), connect(b, s, choose));
        }
        assertTrue(LinkedInSandbox.ORGANIZATIONS.containsKey("10412345") && FacebookSandbox.PAGES.containsKey("104300000000001"));
        return accounts;
    }

    /**
     * start → the sandbox's consent page → Allow → our callback; with {@code choose} the callback leaves a pending
     * selection, read and confirmed for that account. Answers the connected account.
     */
    static JsonNode connect(LocalApi.Brand b, Sandboxed s, String choose) throws Exception {
        String body = s.platform().equals("mastodon") ? "{\"instance\":\"" + base + "/_local/mastodon\"}" : null;
        HttpResponse<String> started = api.send("POST", "/v1/tenants/" + b.tenantId() + "/oauth/" + s.platform() + "/start", api.key, body);
        assertEquals(201, started.statusCode(), started.body());
        String authorize = Json.tree(started.body()).path("authorizeUrl").asText();
        assertTrue(authorize.startsWith(base + "/_local/" + s.sandbox() + "/"), authorize);
        HttpResponse<String> consent = get(authorize);
        assertEquals(200, consent.statusCode(), consent.body());
        assertTrue(consent.body().contains("SANDBOX"), consent.body());
        Matcher allow = Pattern.compile("href=\"(/_local/" + s.sandbox() + "/_oauth/consent\\?[^\"]+allow)\"").matcher(consent.body());
        assertTrue(allow.find(), consent.body());
        HttpResponse<String> back = get(base + allow.group(1));
        assertEquals(302, back.statusCode(), back.body());
        String callback = back.headers().firstValue("location").orElseThrow();
        assertTrue(callback.startsWith(base + "/oauth/" + s.platform() + "/callback?code="), callback);
        HttpResponse<String> page = get(callback);
        assertEquals(200, page.statusCode(), s.platform() + ": " + page.body());
        if (choose == null) {
            assertTrue(page.body().contains("Connected"), page.body());
            for (JsonNode a : Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/social-accounts", api.key, null).body()).path("items")) {
                if (a.path("platform").asText().equals(s.platform()) && !a.path("status").asText().equals("revoked")) {
                    return a;
                }
            }
            throw new AssertionError(s.platform() + " account not listed");
        }
        Matcher nonce = NONCE.matcher(page.body());
        assertTrue(nonce.find(), page.body());
        JsonNode pending = Json.tree(api.send("GET", "/v1/oauth/pending/" + nonce.group(), api.key, null).body());
        int index = -1;
        for (JsonNode o : pending.path("offered")) {
            if (o.path("externalId").asText().equals(choose)) {
                index = o.path("index").asInt();
            }
        }
        assertTrue(index >= 0, choose + " is offered: " + pending);
        assertEquals(s.platform().equals("linkedin") ? 3 : 2, pending.path("offered").size(), pending.toString());
        HttpResponse<String> confirmed = api.send("POST", "/v1/tenants/" + b.tenantId() + "/social-accounts/confirm", api.key,
                "{\"nonce\":\"" + nonce.group() + "\",\"selections\":[{\"index\":" + index + ",\"default\":true}]}");
        assertEquals(201, confirmed.statusCode(), confirmed.body());
        return Json.tree(confirmed.body()).path("items").path(0);
    }

    static HttpResponse<String> get(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ publishing and what the sandboxes saw

    static String publishNow(LocalApi.Brand b, String content) throws Exception {
        StringBuilder platforms = new StringBuilder();
        SANDBOXED.forEach(s -> platforms.append(platforms.isEmpty() ? "" : ",").append('"').append(s.platform()).append('"'));
        HttpResponse<String> created = api.send("POST", "/v1/tenants/" + b.tenantId() + "/posts", api.key,
                "{\"content\":" + Json.write(content) + ",\"platforms\":[" + platforms + "]}");
        assertEquals(201, created.statusCode(), created.body());
        String postId = Json.tree(created.body()).path("id").asText();
        HttpResponse<String> queued = api.send("POST", "/v1/tenants/" + b.tenantId() + "/posts/" + postId + "/publish", api.key, "{}");
        assertEquals(202, queued.statusCode(), queued.body());
        return postId;
    }

    /** The post once every delivery has ended. */
    static JsonNode awaitEnded(LocalApi.Brand b, String postId, double seconds) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        JsonNode post = null;
        while (System.nanoTime() < deadline) {
            post = Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/posts/" + postId, api.key, null).body());
            boolean ended = post.path("deliveries").size() > 0;
            for (JsonNode d : post.path("deliveries")) {
                ended &= ENDED.contains(d.path("status").asText());
            }
            if (ended) {
                return post;
            }
            Thread.sleep(2_000);
        }
        throw new AssertionError("deliveries not ended within " + seconds + " s: " + post);
    }

    static void clearOutboxes() throws Exception {
        for (Sandboxed s : SANDBOXED) {
            assertEquals(200, api.send("DELETE", "/_local/" + s.sandbox() + "/_outbox", null, null).statusCode());
        }
    }

    static JsonNode outbox(String sandbox) throws Exception {
        return Json.tree(api.send("GET", "/_local/" + sandbox + "/_outbox", null, null).body());
    }

    static long calls(String sandbox, String method, String pathPart) throws Exception {
        long n = 0;
        for (JsonNode c : outbox(sandbox).path("calls")) {
            n += c.path("method").asText().equals(method) && c.path("path").asText().contains(pathPart) ? 1 : 0;
        }
        return n;
    }

    static long publishCalls(Sandboxed s) throws Exception {
        long n = 0;
        for (JsonNode c : outbox(s.sandbox()).path("calls")) {
            n += c.path("method").asText().equals("POST") && c.path("path").asText().endsWith(s.publishPath()) ? 1 : 0;
        }
        return n;
    }

    /** The posts the sandbox holds by {@code author} whose text carries {@code marker}. */
    static List<JsonNode> postsOn(String sandbox, String author, String marker) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : Json.tree(api.send("GET", "/_local/" + sandbox + "/_posts", null, null).body()).path("posts")) {
            if (p.path("author").asText().equals(author) && p.path("text").asText().contains(marker)) {
                out.add(p);
            }
        }
        return out;
    }
}
