package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.posts.Posts;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.publish.PublishFixture.TestClock;
import com.socialwire.posts.service.PostService;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Json;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.tenants.TenantRecords;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.socialwire.posts.publish.PublishFixture.CONTAINER;
import static com.socialwire.posts.publish.PublishFixture.MEDIA;
import static com.socialwire.posts.publish.PublishFixture.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The publish worker against a WireMock Graph API shaped like Meta's, on DynamoDB Local: the
 * unknown-outcome path (media_publish times out but Instagram did publish) ends published without
 * a second media_publish; the quota is read before anything is created; a platform that is not
 * connected yet ends the post partially published; credits are settled once or refunded.
 */
class PublisherIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    LocalEnvironment env;
    TestClock clock;
    Posts posts;
    PostService service;
    Publisher publisher;
    TestKeys.Key admin;
    String tenantId;
    String igUser;
    Principal who;
    PublishFixture f;

    @BeforeEach
    void setUp() {
        f = new PublishFixture(meta.baseUrl() + V, Instant.now());
        env = f.env;
        clock = f.clock;
        posts = f.worker;
        service = f.api.service();
        publisher = f.worker.publisher();
        admin = f.admin;
        tenantId = f.tenantId;
        igUser = f.igUser;
        who = f.who;
        f.stubGraph(meta);
    }

    String mediaItem() {
        return f.media(tenantId, "image", "image/jpeg");
    }

    Post draft(String platforms) {
        return service.create(who, tenantId, (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(
                "{\"content\":\"Fresh loaves at 7\",\"hashtags\":[\"#bread\"],\"platforms\":" + platforms + ",\"media\":[\"" + mediaItem() + "\"]}"));
    }

    JsonNode delivery(Post p, String platform) {
        return new PostStore(posts.table).require(tenantId, p.id).deliveries.path(platform);
    }

    /** The container is FINISHED; media_publish publishes it but answers after our 400 ms timeout; from then on it reads PUBLISHED. */
    void publishTakesEffectButItsAnswerIsLost() {
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).inScenario("publish").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"id\":\"" + CONTAINER + "\",\"status_code\":\"FINISHED\",\"status\":\"Finished: Media has been uploaded\"}")));
        meta.stubFor(post(urlPathEqualTo(V + "/" + igUser + "/media_publish")).inScenario("publish").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"id\":\"" + MEDIA + "\"}").withFixedDelay(1500)).willSetStateTo("published"));
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).inScenario("publish").whenScenarioStateIs("published")
                .willReturn(okJson("{\"id\":\"" + CONTAINER + "\",\"status_code\":\"PUBLISHED\",\"status\":\"Published\"}")));
    }

    @Test
    void aTimedOutMediaPublishThatDidPublishIsFoundOnRetryNotRepeated() {
        publishTakesEffectButItsAnswerIsLost();
        meta.stubFor(get(urlPathEqualTo(V + "/" + igUser + "/media")).willReturn(okJson("{\"data\":[{\"id\":\"" + MEDIA
                + "\",\"caption\":\"Fresh loaves at 7 #bread\",\"permalink\":\"https://www.instagram.com/p/DAbc123/\",\"timestamp\":\"2026-11-22T10:00:00+0000\"}]}")));

        Post p = draft("[\"instagram\"]");
        Map<String, Object> queued = posts.publishing().publishNow(who, tenantId, p.id);
        assertEquals(10_000L, ((com.socialwire.shared.billing.Usage) queued.get("usage")).reservedMicroCredits());

        RetryLater unknown = assertThrows(RetryLater.class, () -> publisher.handle(tenantId, p.id, "instagram"));
        assertTrue(unknown.getMessage().contains("outcome unknown"), unknown.getMessage());
        assertEquals("publishing", delivery(p, "instagram").path("status").asText());
        assertEquals(CONTAINER, delivery(p, "instagram").path("containerId").asText(), "the container id is stored before publishing");

        // a duplicate delivery while the attempt may still be in flight does not touch Instagram
        assertThrows(RetryLater.class, () -> publisher.handle(tenantId, p.id, "instagram"));

        clock.now = clock.now.plusSeconds(5);
        publisher.handle(tenantId, p.id, "instagram");
        Post done = new PostStore(posts.table).require(tenantId, p.id);
        assertEquals("published", done.status.wire());
        JsonNode d = done.deliveries.path("instagram");
        assertEquals("published", d.path("status").asText());
        assertEquals(MEDIA, d.path("externalId").asText());
        assertTrue(d.path("recovered").asBoolean());
        assertEquals("https://www.instagram.com/p/DAbc123/", d.path("permalink").asText());
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + igUser + "/media_publish")));
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + igUser + "/media")));
        meta.verify(postRequestedFor(urlPathEqualTo(V + "/" + igUser + "/media"))
                .withRequestBody(containing("caption=Fresh+loaves+at+7+%23bread")).withRequestBody(containing("image_url=")));

        // more deliveries of the same job change nothing and call nothing
        publisher.handle(tenantId, p.id, "instagram");
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + igUser + "/media_publish")));
        var balance = posts.metering().ledger().balance(admin.accountId());
        assertEquals(1_000_000 - 10_000, balance.availableMicroCredits());
        assertEquals(0, balance.reservedMicroCredits());
    }

    @Test
    void givingUpNeverMarksFailedAPostInstagramDidPublish() {
        publishTakesEffectButItsAnswerIsLost();
        meta.stubFor(get(urlPathEqualTo(V + "/" + igUser + "/media")).willReturn(okJson("{\"data\":[]}")));
        Post p = draft("[\"instagram\"]");
        posts.publishing().publishNow(who, tenantId, p.id);
        assertThrows(RetryLater.class, () -> publisher.handle(tenantId, p.id, "instagram"));
        assertEquals("publishing", delivery(p, "instagram").path("status").asText());

        // the stuck-post sweep's last resort asks the container before it fails anything
        assertTrue(publisher.giveUp(tenantId, p.id, "still publishing after 3 recoveries"));
        Post done = new PostStore(posts.table).require(tenantId, p.id);
        assertEquals("published", done.status.wire(), done.deliveries.toString());
        assertTrue(done.deliveries.path("instagram").path("recovered").asBoolean());
        assertTrue(done.deliveries.path("instagram").path("externalId").isNull(), "not among the newest media: unknown id, still published");
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + igUser + "/media_publish")));
        var balance = posts.metering().ledger().balance(admin.accountId());
        assertEquals(1_000_000 - 10_000, balance.availableMicroCredits(), "a published post is paid for once");
        assertEquals(0, balance.reservedMicroCredits());
    }

    /**
     * The quota read comes before anything is made: when Graph cannot answer it, the delivery is not left claimed
     * "creating" (which made every retry wait out the in-flight window — locally, with short retry delays, until
     * the job reached its DLQ), and the next retry goes straight on.
     */
    @Test
    void aQuotaReadThatFailedForNowLeavesNoClaimSoTheNextRetryPublishes() {
        meta.stubFor(get(urlPathEqualTo(V + "/" + igUser + "/content_publishing_limit")).inScenario("quota")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        meta.stubFor(get(urlPathEqualTo(V + "/" + igUser + "/content_publishing_limit")).inScenario("quota")
                .whenScenarioStateIs("up").willReturn(okJson(
                        "{\"data\":[{\"quota_usage\":1,\"config\":{\"quota_total\":100,\"quota_duration\":86400}}]}")));
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).willReturn(okJson("{\"id\":\"" + CONTAINER + "\",\"status_code\":\"FINISHED\"}")));
        meta.stubFor(post(urlPathEqualTo(V + "/" + igUser + "/media_publish")).willReturn(okJson("{\"id\":\"" + MEDIA + "\"}")));
        Post p = draft("[\"instagram\"]");
        posts.publishing().publishNow(who, tenantId, p.id);
        RetryLater first = assertThrows(RetryLater.class, () -> publisher.handle(tenantId, p.id, "instagram"));
        assertTrue(first.getMessage().contains("quota read"), first.getMessage());
        assertEquals("queued", delivery(p, "instagram").path("status").asText(), "nothing was made: the claim is given back");

        publisher.handle(tenantId, p.id, "instagram");
        Post done = new PostStore(posts.table).require(tenantId, p.id);
        assertEquals("published", done.status.wire(), done.deliveries.toString());
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + igUser + "/media_publish")));
        var balance = posts.metering().ledger().balance(admin.accountId());
        assertEquals(1_000_000 - 10_000, balance.availableMicroCredits(), "held once, paid once");
        assertEquals(0, balance.reservedMicroCredits());
    }

    @Test
    void anExhaustedQuotaRefusesEarlyAndRefunds() {
        meta.stubFor(get(urlPathEqualTo(V + "/" + igUser + "/content_publishing_limit")).willReturn(okJson(
                "{\"data\":[{\"quota_usage\":100,\"config\":{\"quota_total\":100,\"quota_duration\":86400}}]}")));
        Post p = draft("[\"instagram\"]");
        posts.publishing().publishNow(who, tenantId, p.id);
        publisher.handle(tenantId, p.id, "instagram");
        Post done = new PostStore(posts.table).require(tenantId, p.id);
        assertEquals("failed", done.status.wire());
        assertEquals("PUBLISHING_QUOTA_EXHAUSTED", done.deliveries.path("instagram").path("code").asText());
        assertTrue(done.deliveries.path("instagram").path("reason").asText().contains("100 of 100"));
        meta.verify(0, postRequestedFor(urlPathEqualTo(V + "/" + igUser + "/media")));
        var balance = posts.metering().ledger().balance(admin.accountId());
        assertEquals(1_000_000, balance.availableMicroCredits());
        assertEquals(0, balance.reservedMicroCredits());
    }

    @Test
    void aPlatformNotConnectedYetMakesThePostPartiallyPublishedWithAReason() {
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).willReturn(okJson("{\"id\":\"" + CONTAINER + "\",\"status_code\":\"FINISHED\"}")));
        meta.stubFor(post(urlPathEqualTo(V + "/" + igUser + "/media_publish")).willReturn(okJson("{\"id\":\"" + MEDIA + "\"}")));
        Post p = draft("[\"instagram\",\"dribbble\"]");
        posts.publishing().publishNow(who, tenantId, p.id);
        publisher.handle(tenantId, p.id, "dribbble");
        assertEquals("publishing", new PostStore(posts.table).require(tenantId, p.id).status.wire(), "instagram has not finished yet");
        publisher.handle(tenantId, p.id, "instagram");
        Post done = new PostStore(posts.table).require(tenantId, p.id);
        assertEquals("partially_published", done.status.wire());
        assertEquals("not_connected", done.deliveries.path("dribbble").path("status").asText());
        String reason = done.deliveries.path("dribbble").path("reason").asText();
        // every platform has a publisher now: a tenant without an account of one is told to connect it
        assertTrue(reason.contains("not connected yet") || reason.contains("no dribbble account connected"), reason);
        assertEquals(MEDIA, done.deliveries.path("instagram").path("externalId").asText());
        assertTrue(done.history.get(done.history.size() - 1).path("reason").asText().contains("dribbble"));
    }

    /**
     * Every write of a post costs its whole size (and its index copies), so the worker merges the checkpoints that need
     * not be apart: the hold and the claim of the container's creation; the container id and the publish attempt
     * (still stored before media_publish); the published delivery, its permalink and the post's end. A publish writes
     * the post three times, whether the run claimed it (no delivery yet) or publish now queued it (credits held).
     */
    @Test
    void aPublishWritesThePostThreeTimesNotEight() {
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).willReturn(okJson("{\"id\":\"" + CONTAINER + "\",\"status_code\":\"FINISHED\"}")));
        meta.stubFor(post(urlPathEqualTo(V + "/" + igUser + "/media_publish")).willReturn(okJson("{\"id\":\"" + MEDIA + "\"}")));
        PostStore store = new PostStore(posts.table);

        Post claimed = draft("[\"instagram\"]");
        Instant at = clock.now.plusSeconds(60);
        store.update(tenantId, claimed.id, x -> {
            x.status = com.socialwire.posts.model.PostStatus.SCHEDULED;
            x.scheduledFor = at;
        });
        assertTrue(store.claim(tenantId, claimed.id, at, clock.now, "run_writes"));
        long before = store.require(tenantId, claimed.id).version;
        publisher.handle(tenantId, claimed.id, "instagram");
        Post done = store.require(tenantId, claimed.id);
        assertEquals("published", done.status.wire());
        assertEquals("https://www.instagram.com/p/DAbc123/", done.deliveries.path("instagram").path("permalink").asText());
        assertEquals(before + 3, done.version, "writes of a post the run claimed");

        Post now = draft("[\"instagram\"]");
        posts.publishing().publishNow(who, tenantId, now.id);
        long queued = store.require(tenantId, now.id).version;
        publisher.handle(tenantId, now.id, "instagram");
        Post published = store.require(tenantId, now.id);
        assertEquals("published", published.status.wire());
        assertEquals(queued + 3, published.version, "writes of a post published now");
        meta.verify(2, postRequestedFor(urlPathEqualTo(V + "/" + igUser + "/media_publish")));
        var balance = posts.metering().ledger().balance(admin.accountId());
        assertEquals(1_000_000 - 2 * 10_000, balance.availableMicroCredits());
        assertEquals(0, balance.reservedMicroCredits());
    }

    /** Two publishes due together reach the content worker as one SQS batch: one credit hold for both, one settlement. */
    @Test
    void aBatchOfTwoPublishesWritesTheLedgerTwiceNotFour() {
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).willReturn(okJson("{\"id\":\"" + CONTAINER + "\",\"status_code\":\"FINISHED\"}")));
        meta.stubFor(post(urlPathEqualTo(V + "/" + igUser + "/media_publish")).willReturn(okJson("{\"id\":\"" + MEDIA + "\"}")));
        PostStore store = new PostStore(posts.table);
        Instant at = clock.now.plusSeconds(60);
        var event = Json.object();
        var records = event.putArray("Records");
        for (int i = 0; i < 2; i++) {
            Post p = draft("[\"instagram\"]");
            store.update(tenantId, p.id, x -> {
                x.status = com.socialwire.posts.model.PostStatus.SCHEDULED;
                x.scheduledFor = at;
            });
            assertTrue(store.claim(tenantId, p.id, at, clock.now, "run_batch"));
            var r = records.addObject();
            r.put("messageId", "msg-" + p.id);
            r.put("body", Json.write(PublishJobs.publishJob(tenantId, p.id, "instagram")));
            r.putObject("attributes").put("ApproximateReceiveCount", "1");
        }
        int before = com.socialwire.local.stores.LedgerWrites.transactionsOf(admin.accountId());

        var handler = new com.socialwire.posts.handler.ContentWorkerHandler(posts.publisher(), posts.regeneration(), posts.posts(), posts.tenants());
        JsonNode out = com.socialwire.local.stores.Invoker.invokeJson(handler, event,
                new com.socialwire.local.stores.LocalContext("ContentWorkerFunction", 1024, 120));

        assertEquals(0, out.path("batchItemFailures").size(), out.toString());
        meta.verify(2, postRequestedFor(urlPathEqualTo(V + "/" + igUser + "/media_publish")));
        assertEquals(2, com.socialwire.local.stores.LedgerWrites.transactionsOf(admin.accountId()) - before,
                "one hold for the batch's two publishes and one settlement, not a hold and a settlement per publish");
        var balance = posts.metering().ledger().balance(admin.accountId());
        assertEquals(new com.socialwire.shared.billing.Ledger.Balance(admin.accountId(), 1_000_000 - 2 * 10_000, 0), balance);
        var settle = posts.metering().ledger().entries(admin.accountId(), 100, null).items().stream()
                .filter(e -> e.type() == com.socialwire.shared.billing.Ledger.EntryType.SETTLE).findFirst().orElseThrow();
        assertEquals(2, settle.charges().size(), "the settle entry lists each publish's charge: " + settle);
    }

    @Test
    void aFailedPermalinkReadDoesNotFailAPublishedPost() {
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).willReturn(okJson("{\"id\":\"" + CONTAINER + "\",\"status_code\":\"FINISHED\"}")));
        meta.stubFor(post(urlPathEqualTo(V + "/" + igUser + "/media_publish")).willReturn(okJson("{\"id\":\"" + MEDIA + "\"}")));
        meta.stubFor(get(urlPathEqualTo(V + "/" + MEDIA)).willReturn(aResponse().withStatus(500)
                .withBody("{\"error\":{\"message\":\"An unexpected error has occurred\",\"code\":2,\"is_transient\":true}}")));
        Post p = draft("[\"instagram\"]");
        posts.publishing().publishNow(who, tenantId, p.id);
        publisher.handle(tenantId, p.id, "instagram");
        Post done = new PostStore(posts.table).require(tenantId, p.id);
        assertEquals("published", done.status.wire());
        assertTrue(done.deliveries.path("instagram").path("permalink").isNull());
        assertEquals(MEDIA, done.deliveries.path("instagram").path("externalId").asText());
    }

    /** Meta's text carries ids, parameters and trace ids: it goes to the logs, never into what the API stores or shows. */
    static final String GRAPH_TEXT = "Invalid parameter: image_url https://cdn.internal.example/x fbtrace_id AbCdEf123";

    @Test
    void aGraphErrorsTextNeverReachesTheDeliveryReason() {
        meta.stubFor(post(urlPathEqualTo(V + "/" + igUser + "/media")).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#100) " + GRAPH_TEXT + "\",\"type\":\"OAuthException\",\"code\":100,\"fbtrace_id\":\"AbCdEf123\"}}")));
        Post p = draft("[\"instagram\"]");
        posts.publishing().publishNow(who, tenantId, p.id);
        publisher.handle(tenantId, p.id, "instagram");
        Post done = new PostStore(posts.table).require(tenantId, p.id);
        JsonNode d = done.deliveries.path("instagram");
        assertEquals("failed", d.path("status").asText());
        assertEquals("INSTAGRAM_REJECTED", d.path("code").asText());
        assertEquals("GRAPH_100", d.path("error").path("code").asText(), d.toString());
        assertEquals("rejected", d.path("error").path("category").asText(), d.toString());
        String shown = done.toJson().toString();
        assertTrue(!shown.contains("fbtrace") && !shown.contains("Invalid parameter") && !shown.contains("cdn.internal"), shown);
    }

    @Test
    void aContainersErrorTextNeverReachesTheDeliveryReason() {
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).willReturn(okJson("{\"id\":\"" + CONTAINER
                + "\",\"status_code\":\"ERROR\",\"status\":\"Error: " + GRAPH_TEXT + "\"}")));
        Post p = draft("[\"instagram\"]");
        posts.publishing().publishNow(who, tenantId, p.id);
        publisher.handle(tenantId, p.id, "instagram");
        Post done = new PostStore(posts.table).require(tenantId, p.id);
        JsonNode d = done.deliveries.path("instagram");
        assertEquals("failed", d.path("status").asText(), d.toString());
        assertEquals("CONTAINER_ERROR", d.path("code").asText());
        String shown = done.toJson().toString();
        assertTrue(!shown.contains("fbtrace") && !shown.contains("Invalid parameter") && !shown.contains("cdn.internal"), shown);
    }

    @Test
    void withoutCreditsNothingIsPublished() {
        TestKeys.Key poor = TestKeys.newAccount(env);
        String t = f.tenant(poor, "Poor", "1784999" + ThreadLocalRandom.current().nextInt(10_000_000));
        Principal poorWho = Principal.key(poor.accountId(), poor.keyId(), Role.ADMIN, Set.of());
        Post p = service.create(poorWho, t, (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(
                "{\"content\":\"hi\",\"platforms\":[\"instagram\"],\"media\":[\"" + f.media(t, "image", "image/jpeg") + "\"]}"));
        var e = assertThrows(com.socialwire.shared.http.ApiException.class, () -> posts.publishing().publishNow(poorWho, t, p.id));
        assertEquals(402, e.status());
        assertEquals("draft", new PostStore(posts.table).require(t, p.id).status.wire());
        meta.verify(0, anyRequestedFor(anyUrl()));
    }

    static String pk(String tenantId) {
        return TenantRecords.pk(tenantId);
    }
}
