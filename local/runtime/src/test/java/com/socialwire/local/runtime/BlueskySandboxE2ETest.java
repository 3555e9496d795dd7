package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.runtime.sandbox.BlueskySandbox;
import com.socialwire.local.runtime.sandbox.SandboxHost;
import com.socialwire.local.runtime.sandbox.Sandboxes;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bluesky through the local runtime and its LOCAL BLUESKY SANDBOX, with no real server: a tenant connects the demo
 * account with its handle and app password and no instance (the sandbox is the default service), and a scheduled post
 * is published by the publish run, once, with its {@code at://} URI and bsky.app URL in the delivery.
 */
class BlueskySandboxE2ETest {

    static LocalRuntime runtime;
    static LocalApi api;

    @BeforeAll
    static void start() throws Exception {
        LocalEnvironment env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 2);
        Fixtures.Account agency = new Fixtures().signup("Bluesky Sandbox Agency " + Ids.base62(6));
        api = new LocalApi(env, "http://127.0.0.1:" + runtime.port(), agency.adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    @Test
    void theDemoAccountConnectsWithNoInstanceAndTheScheduledPostIsPublishedToTheSandboxOnce() throws Exception {
        LocalApi.Brand b = api.brand("{}", "[]");
        String tenant = "/v1/tenants/" + b.tenantId();
        HttpResponse<String> connected = api.send("POST", tenant + "/social-accounts", api.key, "{\"platform\":\"bluesky\",\"identifier\":\""
                + BlueskySandbox.DEMO_HANDLE + "\",\"appPassword\":\"" + BlueskySandbox.DEMO_APP_PASSWORD + "\"}");
        assertEquals(201, connected.statusCode(), connected.body());
        JsonNode account = Json.tree(connected.body());
        assertEquals(BlueskySandbox.DEMO_DID, account.path("externalId").asText(), connected.body());
        assertEquals("connected", account.path("status").asText());
        assertFalse(connected.body().contains(BlueskySandbox.DEMO_APP_PASSWORD) || connected.body().contains("eyJ"), "no secret in the answer");
        api.send("DELETE", "/_local/bluesky/_outbox", null, null);

        String text = "Sandbox rye of the day " + Ids.base62(6) + " #bread";
        Instant due = Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> created = api.send("POST", tenant + "/posts", api.key, "{\"content\":\"" + text
                + "\",\"platforms\":[\"bluesky\"],\"scheduledFor\":\"" + due + "\",\"status\":\"scheduled\"}");
        assertEquals(201, created.statusCode(), created.body());
        String postId = Json.tree(created.body()).path("id").asText();
        HttpResponse<String> fired = api.send("POST", "/_local/schedules/PublishRunFunction/EveryMinute", null, null);
        assertEquals(200, fired.statusCode(), fired.body());

        JsonNode post = api.settled(b.tenantId(), postId);
        JsonNode d = post.path("deliveries").path("bluesky");
        assertEquals("published", post.path("status").asText(), post.toString());
        assertTrue(d.path("externalId").asText().startsWith("at://" + BlueskySandbox.DEMO_DID + "/app.bsky.feed.post/"), d.toString());
        assertTrue(d.path("permalink").asText().startsWith("https://bsky.app/profile/" + BlueskySandbox.DEMO_HANDLE + "/post/"), d.toString());
        assertEquals(account.path("id").asText(), d.path("socialAccountId").asText(), d.toString());
        int creates = 0;
        for (JsonNode c : Json.tree(api.send("GET", "/_local/bluesky/_outbox", null, null).body()).path("calls")) {
            creates += c.path("path").asText().equals("/xrpc/com.atproto.repo.createRecord") && c.path("body").asText().contains(text) ? 1 : 0;
        }
        assertEquals(1, creates, "one createRecord of the post");

        // its analytics: nothing read yet (null, with a note, never 0), the first read due at D+1; a refresh now reads
        // the sandbox's counts through the PDS; the hourly insights run has nothing due yet
        HttpResponse<String> analytics = api.send("GET", tenant + "/analytics/" + postId, api.key, null);
        assertEquals(200, analytics.statusCode(), analytics.body());
        JsonNode bsky = Json.tree(analytics.body()).path("platforms").path(0);
        assertTrue(bsky.path("published").asBoolean(), analytics.body());
        assertTrue(bsky.path("metrics").path("likes").isNull(), analytics.body());
        assertTrue(bsky.path("note").asText().startsWith("no data yet"), analytics.body());
        assertEquals(Instant.parse(d.path("publishedAt").asText()).plus(java.time.Duration.ofDays(1)).toEpochMilli(),
                Instant.parse(bsky.path("nextRefreshAt").asText()).toEpochMilli(), analytics.body());
        HttpResponse<String> refreshed = api.send("POST", tenant + "/analytics/" + postId + "/refresh", api.key, "{}");
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        JsonNode now = Json.tree(refreshed.body()).path("platforms").path(0);
        assertEquals("refreshed", now.path("refresh").asText(), refreshed.body());
        assertEquals(0, now.path("metrics").path("likes").asInt(-1), "a post of this minute has no likes yet: " + refreshed.body());
        assertTrue(now.path("metrics").path("views").isNull(), "Bluesky has no views: " + refreshed.body());
        assertEquals(1, now.path("snapshots").size(), refreshed.body());
        HttpResponse<String> run = api.send("POST", "/_local/schedules/InsightsRunFunction/Hourly", null, null);
        assertEquals(200, run.statusCode(), run.body());
    }

    @Test
    void aRealBlueskyPdsStartedWithTheRuntimeWinsOverTheSandbox() {
        List<SandboxHost> sandboxes = Sandboxes.all().stream().map(SandboxHost::new).toList();
        assertEquals("http://127.0.0.1:3000/_local/bluesky",
                LocalRuntime.platformEnvironment(sandboxes, "http://127.0.0.1:3000", Map.of()).get("BLUESKY_SERVICE"));
        assertEquals("http://localhost:2583", LocalRuntime.platformEnvironment(sandboxes, "http://127.0.0.1:3000",
                Map.of("BLUESKY_SERVICE", "http://localhost:2583")).get("BLUESKY_SERVICE"));
    }
}
