package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bluesky through the local runtime against the real reference PDS, started as {@code scripts/dev --bluesky-pds} does
 * (the default service over the Bluesky sandbox): a tenant connects its Bluesky account with an app password and no
 * instance (SocialFunction), a post is published now (PostsFunction, then the content worker through the content
 * queue) and lands on the PDS exactly once, with its id and URL in the delivery; the token is never in an answer.
 */
class BlueskyE2ETest {

    static LocalRuntime runtime;
    static LocalApi api;
    static BlueskyPds pds;

    @BeforeAll
    static void start() throws Exception {
        pds = BlueskyPds.shared();
        LocalEnvironment env = LocalEnvironment.shared();
        // as scripts/dev --bluesky-pds: the real PDS is the default service, over the Bluesky sandbox
        runtime = new LocalRuntime(env, LocalRuntime.LOOPBACK, 0, null, 2, java.util.Map.of("BLUESKY_SERVICE", pds.url().toString()));
        Fixtures.Account agency = new Fixtures().signup("Bluesky Agency " + Ids.base62(6));
        api = new LocalApi(env, "http://127.0.0.1:" + runtime.port(), agency.adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    @Test
    void aTenantConnectsBlueskyByAppPasswordAndAPostLandsOnItsPdsOnce() throws Exception {
        LocalApi.Brand b = api.brand("{}", "[]");
        BlueskyPds.Account owner = pds.newAccount();
        String pdsUrl = pds.url().toString().replace("127.0.0.1", "localhost");

        HttpResponse<String> refused = api.send("POST", "/v1/tenants/" + b.tenantId() + "/social-accounts", api.key,
                "{\"platform\":\"bluesky\",\"identifier\":\"" + owner.handle() + "\",\"appPassword\":\"" + owner.mainPassword()
                        + "\",\"instance\":\"" + pdsUrl + "\"}");
        assertEquals(422, refused.statusCode(), "the main password is refused unsent: " + refused.body());

        HttpResponse<String> connected = api.send("POST", "/v1/tenants/" + b.tenantId() + "/social-accounts", api.key,
                "{\"platform\":\"bluesky\",\"identifier\":\"" + owner.handle() + "\",\"appPassword\":\"" + owner.appPassword() + "\"}");
        assertEquals(201, connected.statusCode(), "no instance named: the real PDS, not the sandbox: " + connected.body());
        JsonNode account = Json.tree(connected.body());
        assertEquals(owner.did(), account.path("externalId").asText(), connected.body());
        assertEquals("connected", account.path("status").asText());
        assertFalse(connected.body().contains(owner.appPassword()));
        assertFalse(connected.body().contains("eyJ"), "no JWT in the answer");

        HttpResponse<String> created = api.send("POST", "/v1/tenants/" + b.tenantId() + "/posts", api.key,
                "{\"content\":\"Fresh loaves at 7 https://bloom.example/menu #bread\",\"platforms\":[\"bluesky\"]}");
        assertEquals(201, created.statusCode(), created.body());
        String postId = Json.tree(created.body()).path("id").asText();
        HttpResponse<String> queued = api.send("POST", "/v1/tenants/" + b.tenantId() + "/posts/" + postId + "/publish", api.key, "{}");
        assertEquals(202, queued.statusCode(), queued.body());

        JsonNode post = null;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            post = Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/posts/" + postId, api.key, null).body());
            if (!"publishing".equals(post.path("status").asText())) {
                break;
            }
            Thread.sleep(1_000);
        }
        JsonNode d = post.path("deliveries").path("bluesky");
        assertEquals("published", post.path("status").asText(), post.toString());
        assertTrue(d.path("externalId").asText().startsWith("at://" + owner.did() + "/app.bsky.feed.post/"), d.toString());
        assertTrue(d.path("permalink").asText().startsWith("https://bsky.app/profile/"), d.toString());
        assertEquals(account.path("id").asText(), d.path("socialAccountId").asText(), d.toString());
        assertEquals(1, postsOnThePds(owner.did()));
    }

    @Test
    void theRuntimesNotificationsIndexAnswersTheBlueskySourceOverTheRealPds() {
        // what the inbox's poll gets: the functions' BLUESKY_APPVIEW_URL is the runtime's index, which reads the real PDS
        com.socialwire.shared.Config config = LocalEnvironment.shared().functionConfig("SocialFunction");
        assertTrue(config.get("BLUESKY_APPVIEW_URL", "").endsWith("/_local/blueskyindex"), config.get("BLUESKY_APPVIEW_URL", "(unset)"));
        var api = new com.socialwire.shared.providers.bluesky.HttpBlueskyApi(java.time.Duration.ofSeconds(30));
        BlueskyPds.Account owner = pds.newAccount();
        BlueskyPds.Account fan = pds.newAccount();
        var me = ((com.socialwire.shared.social.PlatformResult.Ok<com.socialwire.shared.providers.bluesky.BlueskySession>)
                api.createSession(pds.url().toString(), owner.handle(), owner.appPassword()).toPlatform()).value();
        var them = ((com.socialwire.shared.social.PlatformResult.Ok<com.socialwire.shared.providers.bluesky.BlueskySession>)
                api.createSession(pds.url().toString(), fan.handle(), fan.appPassword()).toPlatform()).value();
        var post = ((com.socialwire.shared.providers.bluesky.XrpcResult.Ok<com.socialwire.shared.providers.bluesky.BlueskyApi.PostRef>) api.createPost(me,
                com.socialwire.shared.providers.bluesky.Tid.forDelivery("e2e-" + System.nanoTime(), java.time.Instant.now()),
                new com.socialwire.shared.providers.bluesky.BlueskyPost("Fresh loaves at 7", null, null, java.time.Instant.now(), null))).value();
        var ref = new com.socialwire.shared.providers.bluesky.BlueskyPost.Ref(post.uri(), post.cid());
        api.createPost(them, com.socialwire.shared.providers.bluesky.Tid.forDelivery("e2e-" + System.nanoTime(), java.time.Instant.now()),
                new com.socialwire.shared.providers.bluesky.BlueskyPost("Rye tomorrow?", null, null, java.time.Instant.now(), null).inReplyTo(ref, ref));

        var source = com.socialwire.shared.social.mentions.MentionSources.fromConfig(config).get("bluesky");
        var target = new com.socialwire.shared.social.PlatformPublisher.Target(new com.socialwire.shared.social.SocialAccount("ten_e2e", "sa_e2e",
                "bluesky", me.did(), me.handle(), null, null, "profile", me.pdsUrl(), java.util.List.of(), null,
                com.socialwire.shared.social.AccountStatus.CONNECTED, null, true, java.time.Instant.now(), java.time.Instant.now(), 1), me.accessJwt());
        var page = ((com.socialwire.shared.social.PlatformResult.Ok<com.socialwire.shared.social.mentions.MentionSource.Page>)
                source.poll(target, null, 20)).value();
        assertEquals(1, page.items().size(), page.toString());
        assertEquals("Rye tomorrow?", page.items().getFirst().text());
        assertEquals(post.uri(), page.items().getFirst().postExternalId());
    }

    static int postsOnThePds(String did) throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                URI.create(BlueskyPds.shared().url() + "/xrpc/com.atproto.repo.listRecords?repo=" + did + "&collection=app.bsky.feed.post&limit=100")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.tree(r.body()).path("records").size();
    }
}
