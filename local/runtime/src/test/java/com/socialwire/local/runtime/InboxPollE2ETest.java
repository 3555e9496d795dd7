package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.stores.BlueskyPds;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unified inbox's poll through the local runtime: a tenant with a Bluesky account on the REAL local PDS (its
 * notifications read by the local notifications index over that PDS) and a Mastodon account on the LOCAL MASTODON
 * SANDBOX; someone replies to the tenant's Bluesky post on the PDS and someone mentions the tenant on Mastodon;
 * {@code POST .../inbox/poll} (InboxFunction) queues both, the comment worker answers each once through its platform,
 * and a second poll reads both accounts again and adds nothing.
 */
class InboxPollE2ETest {

    static LocalRuntime runtime;
    static LocalApi api;
    static BlueskyPds pds;
    static String base;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern ALLOW = Pattern.compile("href=\"(/_local/mastodon/_oauth/consent\\?[^\"]+allow)\"");

    @BeforeAll
    static void start() throws Exception {
        pds = BlueskyPds.shared();
        LocalEnvironment env = LocalEnvironment.shared();
        // as scripts/dev --bluesky-pds; a manual poll may read an account again at once (its platform's minimum is minutes)
        runtime = new LocalRuntime(env, LocalRuntime.LOOPBACK, 0, null, 2, Map.of("BLUESKY_SERVICE", pds.url().toString(),
                "INBOX_POLL_MIN_INTERVAL_SECONDS", "0"));
        base = "http://127.0.0.1:" + runtime.port();
        api = new LocalApi(env, base, new Fixtures().signup("Inbox Poll Agency " + Ids.base62(6)).adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    @Test
    void aBlueskyReplyAndAMastodonMentionAreAnsweredOnceEachAndASecondPollAddsNothing() throws Exception {
        LocalApi.Brand b = api.replyingBrand();
        String tenant = "/v1/tenants/" + b.tenantId();
        String marker = Ids.base62(8);

        // Bluesky: the tenant's account on the real PDS, a post of its own, and someone's reply to it
        BlueskyPds.Account owner = pds.newAccount();
        HttpResponse<String> connected = api.send("POST", tenant + "/social-accounts", api.key,
                "{\"platform\":\"bluesky\",\"identifier\":\"" + owner.handle() + "\",\"appPassword\":\"" + owner.appPassword() + "\"}");
        assertEquals(201, connected.statusCode(), connected.body());
        JsonNode post = createPost(owner.did(), owner.mainAccessJwt(), "Fresh rye today " + marker, null);
        BlueskyPds.Account fan = pds.newAccount();
        ObjectNode ref = Json.object();
        ref.set("root", Json.object().put("uri", post.path("uri").asText()).put("cid", post.path("cid").asText()));
        ref.set("parent", Json.object().put("uri", post.path("uri").asText()).put("cid", post.path("cid").asText()));
        JsonNode reply = createPost(fan.did(), fan.mainAccessJwt(), "Looks lovely, are you open on Sunday? " + marker, ref);

        // Mastodon: the sandbox's account, connected by OAuth, and someone of another instance mentioning it
        connectMastodon(b);
        HttpResponse<String> mentioned = api.send("POST", "/_local/mastodon/_mentions", null,
                "{\"text\":\"do you deliver to the harbour? " + marker + "\",\"from\":\"harbourfan@fediverse.test\"}");
        assertEquals(200, mentioned.statusCode(), mentioned.body());
        String statusId = Json.tree(mentioned.body()).path("status").path("id").asText();

        HttpResponse<String> first = api.send("POST", tenant + "/inbox/poll", api.key, "{}");
        assertEquals(200, first.statusCode(), first.body());
        JsonNode p1 = Json.tree(first.body());
        assertEquals(2, p1.path("polled").asInt(), first.body());
        assertTrue(p1.path("newItems").asInt() >= 2, first.body());

        JsonNode bsky = api.awaitItem(b, i -> i.path("externalId").asText().equals(reply.path("uri").asText())
                && "replied".equals(i.path("status").asText()), 30);
        assertEquals("bluesky", bsky.path("platform").asText(), bsky.toString());
        assertEquals("reply", bsky.path("type").asText());
        assertEquals(fan.handle(), bsky.path("fromUser").path("username").asText());
        JsonNode masto = api.awaitItem(b, i -> "mastodon".equals(i.path("platform").asText()) && i.path("content").asText().contains(marker)
                && "replied".equals(i.path("status").asText()), 30);
        assertEquals("mention", masto.path("type").asText(), masto.toString());

        assertEquals(1, repliesOnThePds(owner.did(), reply.path("uri").asText()), "the reply exists once on the PDS");
        assertEquals(1, repliesInTheSandbox(statusId), "and once in the Mastodon sandbox");

        HttpResponse<String> second = api.send("POST", tenant + "/inbox/poll", api.key, "{}");
        assertEquals(200, second.statusCode(), second.body());
        JsonNode p2 = Json.tree(second.body());
        assertEquals(2, p2.path("polled").asInt(), "both accounts were read again: " + second.body());
        assertEquals(0, p2.path("newItems").asInt(), second.body());
        // the scheduled run (InboxPollFunction, every 5 minutes) finds neither account due yet
        HttpResponse<String> scheduled = api.send("POST", "/_local/schedules/InboxPollFunction/Poll", null, null);
        assertEquals(200, scheduled.statusCode(), scheduled.body());
        Thread.sleep(2_000); // what a second poll might have queued has had time to be answered
        assertEquals(1, repliesOnThePds(owner.did(), reply.path("uri").asText()), "no second reply");
        assertEquals(1, repliesInTheSandbox(statusId));
        assertEquals(200, api.send("GET", tenant + "/inbox?platform=bluesky&type=reply", api.key, null).statusCode());
    }

    /** A post made on the PDS by its author (com.atproto.repo.createRecord), answering {@code reply} when given. */
    static JsonNode createPost(String did, String jwt, String text, ObjectNode reply) throws Exception {
        ObjectNode record = Json.object().put("$type", "app.bsky.feed.post").put("text", text).put("createdAt", Instant.now().toString());
        if (reply != null) {
            record.set("reply", reply);
        }
        ObjectNode body = Json.object().put("repo", did).put("collection", "app.bsky.feed.post");
        body.set("record", record);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(pds.url() + "/xrpc/com.atproto.repo.createRecord"))
                .header("Authorization", "Bearer " + jwt).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.tree(r.body());
    }

    /** The account's posts on the PDS that answer {@code parentUri}. */
    static int repliesOnThePds(String did, String parentUri) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(pds.url() + "/xrpc/com.atproto.repo.listRecords?repo=" + did
                + "&collection=app.bsky.feed.post&limit=100")).GET().build(), HttpResponse.BodyHandlers.ofString());
        int n = 0;
        for (JsonNode rec : Json.tree(r.body()).path("records")) {
            n += rec.path("value").path("reply").path("parent").path("uri").asText().equals(parentUri) ? 1 : 0;
        }
        return n;
    }

    /** The sandbox's statuses answering {@code statusId}. */
    static int repliesInTheSandbox(String statusId) throws Exception {
        int n = 0;
        for (JsonNode p : Json.tree(api.send("GET", "/_local/mastodon/_posts", null, null).body()).path("posts")) {
            n += statusId.equals(p.path("extra").path("in_reply_to_id").asText()) ? 1 : 0;
        }
        return n;
    }

    /** Mastodon's OAuth through the sandbox's consent page: start, Allow, our callback. */
    static void connectMastodon(LocalApi.Brand b) throws Exception {
        HttpResponse<String> started = api.send("POST", "/v1/tenants/" + b.tenantId() + "/oauth/mastodon/start", api.key,
                "{\"instance\":\"" + base + "/_local/mastodon\"}");
        assertEquals(201, started.statusCode(), started.body());
        HttpResponse<String> consent = get(Json.tree(started.body()).path("authorizeUrl").asText());
        Matcher allow = ALLOW.matcher(consent.body());
        assertTrue(allow.find(), consent.body());
        HttpResponse<String> back = get(base + allow.group(1));
        HttpResponse<String> page = get(back.headers().firstValue("location").orElseThrow());
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("Connected"), page.body());
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
