package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.shared.Json;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.SocialAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The delivery of a post to a platform other than Instagram ({@link PlatformDeliveries}), on the local stores with
 * the platform over real HTTP (WireMock): published once with its id and URL and paid once; a lost answer reconciled,
 * never re-posted; an attempt that did not take effect published again under the same key; a platform that cannot
 * tell ends needs_review; a refused token makes the account reconnect_required and fails the delivery, the post kept;
 * a platform not connected ends uncharged; concurrent deliveries of one job post once.
 */
class PlatformDeliveriesIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @RegisterExtension
    static WireMockExtension platform = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String STATUSES = "/api/v1/statuses";
    static final String ACCOUNT = "109876543210";
    static final Duration TIMEOUT = Duration.ofMillis(1_000);

    PublishFixture f;
    FixedAccounts accounts;
    Publisher publisher;
    ExamplePlatform example;

    @BeforeEach
    void setUp() {
        f = new PublishFixture(meta.baseUrl() + PublishFixture.V, Instant.now());
        f.stubGraph(meta);
        platform.resetAll();
        accounts = new FixedAccounts();
        accounts.connect("mastodon-token-sa_mastodon1", new SocialAccount(f.tenantId, "sa_mastodon1", "mastodon", ACCOUNT, "@bloom@mastodon.example",
                "Bloom", null, "profile", platform.baseUrl(), List.of("write:statuses"), null, AccountStatus.CONNECTED, null, true,
                Instant.now(), Instant.now(), 1));
        example = new ExamplePlatform(platform.baseUrl(), TIMEOUT);
        publisher = f.worker.publisher(accounts, Map.of("mastodon", example));
    }

    Post queued(String platforms) {
        return queued(platforms, "");
    }

    /** A post published now; {@code more} adds fields to its create body (starting with a comma). */
    Post queued(String platforms, String more) {
        Post p = f.api.service().create(f.who, f.tenantId, (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(
                "{\"content\":\"Fresh loaves at 7\",\"platforms\":" + platforms + more + "}"));
        f.api.publishing().publishNow(f.who, f.tenantId, p.id);
        return p;
    }

    JsonNode delivery(Post p, String platformName) {
        return f.reload(p.id).deliveries.path(platformName);
    }

    void statusCreatedAs(String id) {
        platform.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(okJson(
                "{\"id\":\"" + id + "\",\"url\":\"https://mastodon.example/@bloom/" + id + "\"}")));
    }

    /** The status is created, but its answer comes after our 1 s timeout; from then on the account's statuses list it. */
    void statusPostedButItsAnswerLost(String id) {
        String status = "{\"id\":\"" + id + "\",\"url\":\"https://mastodon.example/@bloom/" + id + "\"";
        platform.stubFor(post(urlPathEqualTo(STATUSES)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(status + "}").withFixedDelay(3_000)).willSetStateTo("posted"));
        platform.stubFor(get(urlPathEqualTo("/api/v1/accounts/" + ACCOUNT + "/statuses")).inScenario("lost").whenScenarioStateIs("posted")
                .willReturn(okJson("[" + status + ",\"text\":\"Fresh loaves at 7\",\"created_at\":\"" + f.clock.now + "\"}]")));
    }

    @Test
    void aPostIsPublishedOnceWithItsIdAndUrlAndPaidOnce() {
        statusCreatedAs("113400000000000001");
        Post p = queued("[\"mastodon\"]");

        publisher.handle(f.tenantId, p.id, "mastodon");
        publisher.handle(f.tenantId, p.id, "mastodon"); // a redelivery of the job

        JsonNode d = delivery(p, "mastodon");
        assertEquals("published", d.path("status").asText(), d.toString());
        assertEquals("113400000000000001", d.path("externalId").asText());
        assertEquals("https://mastodon.example/@bloom/113400000000000001", d.path("permalink").asText());
        assertEquals(PostStatus.PUBLISHED, f.reload(p.id).status);
        platform.verify(1, postRequestedFor(urlPathEqualTo(STATUSES)).withHeader("Idempotency-Key", equalTo(d.path("dedupeKey").asText())));
        assertEquals(PublishFixture.CREDITS - 10_000, f.balance().availableMicroCredits());
        assertEquals(0, f.balance().reservedMicroCredits());
    }

    @Test
    void thePostsTitleAndLinkReachThePublisher() {
        statusCreatedAs("113400000000000009");
        Post p = queued("[\"mastodon\"]", ",\"title\":\"Fresh loaves\",\"link\":\"https://bloom.example/loaves\"");

        publisher.handle(f.tenantId, p.id, "mastodon");

        assertEquals("published", delivery(p, "mastodon").path("status").asText());
        PlatformPublisher.Outgoing sent = example.lastPublished;
        assertEquals("Fresh loaves", sent.title());
        assertEquals("https://bloom.example/loaves", sent.link());
        assertEquals("Fresh loaves at 7", sent.text());
    }

    @Test
    void aLostAnswerIsReconciledAndTheStatusIsNotPostedAgain() {
        statusPostedButItsAnswerLost("113400000000000002");
        Post p = queued("[\"mastodon\"]");

        assertThrows(RetryLater.class, () -> publisher.handle(f.tenantId, p.id, "mastodon"));
        assertEquals("publishing", delivery(p, "mastodon").path("status").asText());
        assertThrows(RetryLater.class, () -> publisher.handle(f.tenantId, p.id, "mastodon"), "still in flight: nobody calls again");
        f.clock.now = f.clock.now.plusSeconds(30);
        publisher.handle(f.tenantId, p.id, "mastodon");

        JsonNode d = delivery(p, "mastodon");
        assertEquals("published", d.path("status").asText(), d.toString());
        assertTrue(d.path("recovered").asBoolean());
        assertEquals("113400000000000002", d.path("externalId").asText());
        platform.verify(1, postRequestedFor(urlPathEqualTo(STATUSES)));
        assertEquals(PublishFixture.CREDITS - 10_000, f.balance().availableMicroCredits());
    }

    @Test
    void anAttemptThatDidNotTakeEffectIsPublishedAgainUnderTheSameKey() {
        platform.stubFor(post(urlPathEqualTo(STATUSES)).inScenario("503").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        platform.stubFor(post(urlPathEqualTo(STATUSES)).inScenario("503").whenScenarioStateIs("up")
                .willReturn(okJson("{\"id\":\"113400000000000003\",\"url\":\"https://mastodon.example/@bloom/113400000000000003\"}")));
        platform.stubFor(get(urlPathEqualTo("/api/v1/accounts/" + ACCOUNT + "/statuses")).willReturn(okJson("[]")));
        Post p = queued("[\"mastodon\"]");

        assertThrows(RetryLater.class, () -> publisher.handle(f.tenantId, p.id, "mastodon"));
        f.clock.now = f.clock.now.plusSeconds(30);
        publisher.handle(f.tenantId, p.id, "mastodon");

        JsonNode d = delivery(p, "mastodon");
        assertEquals("published", d.path("status").asText(), d.toString());
        assertEquals(2, d.path("publishAttempts").asInt());
        platform.verify(2, postRequestedFor(urlPathEqualTo(STATUSES)).withHeader("Idempotency-Key", equalTo(d.path("dedupeKey").asText())));
    }

    @Test
    void aPreparationThatFailedHalfWayKeepsWhatItUploadedSoItsRetryDoesNotUploadAgain() {
        platform.stubFor(post(urlPathEqualTo("/api/v2/media")).inScenario("media").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"id\":\"m1\",\"url\":\"https://files.example/m1.jpg\"}")).willSetStateTo("second"));
        platform.stubFor(post(urlPathEqualTo("/api/v2/media")).inScenario("media").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("third"));
        platform.stubFor(post(urlPathEqualTo("/api/v2/media")).inScenario("media").whenScenarioStateIs("third")
                .willReturn(okJson("{\"id\":\"m2\",\"url\":\"https://files.example/m2.jpg\"}")));
        statusCreatedAs("113400000000000006");
        Post p = f.api.service().create(f.who, f.tenantId, (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(
                "{\"content\":\"Fresh loaves at 7\",\"platforms\":[\"mastodon\"],\"media\":[\"" + f.image() + "\",\"" + f.image() + "\"]}"));
        f.api.publishing().publishNow(f.who, f.tenantId, p.id);

        assertThrows(RetryLater.class, () -> publisher.handle(f.tenantId, p.id, "mastodon")); // the second upload: 503
        publisher.handle(f.tenantId, p.id, "mastodon");

        assertEquals("published", delivery(p, "mastodon").path("status").asText(), delivery(p, "mastodon").toString());
        platform.verify(3, postRequestedFor(urlPathEqualTo("/api/v2/media"))); // m1 once, m2 twice
        platform.verify(1, postRequestedFor(urlPathEqualTo(STATUSES)).withRequestBody(equalToJson(
                "{\"status\":\"Fresh loaves at 7\",\"media_ids\":[\"m1\",\"m2\"]}")));
    }

    @Test
    void aThreadThatStoppedHalfWayIsReconciledAsPartialAndGoesOnWithoutRepostingAnyPart() {
        String root = "{\"id\":\"113400000000000011\",\"url\":\"https://mastodon.example/@bloom/113400000000000011\"";
        String second = "{\"id\":\"113400000000000012\",\"url\":\"https://mastodon.example/@bloom/113400000000000012\"";
        platform.stubFor(post(urlPathEqualTo(STATUSES)).withRequestBody(containing("Fresh loaves at 7")).willReturn(okJson(root + "}")));
        // part 2 is made, but its answer comes after our 1 s timeout
        platform.stubFor(post(urlPathEqualTo(STATUSES)).withRequestBody(containing("Rye at 8")).inScenario("part2")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(okJson(second + "}").withFixedDelay(3_000)).willSetStateTo("made"));
        platform.stubFor(post(urlPathEqualTo(STATUSES)).withRequestBody(containing("Buns at 9")).willReturn(okJson(
                "{\"id\":\"113400000000000013\",\"url\":\"https://mastodon.example/@bloom/113400000000000013\"}")));
        platform.stubFor(get(urlPathEqualTo("/api/v1/accounts/" + ACCOUNT + "/statuses")).inScenario("part2").whenScenarioStateIs("made")
                .willReturn(okJson("[" + second + ",\"in_reply_to_id\":\"113400000000000011\",\"text\":\"Rye at 8\",\"created_at\":\""
                        + f.clock.now + "\"}," + root + ",\"in_reply_to_id\":null,\"text\":\"Fresh loaves at 7\",\"created_at\":\"" + f.clock.now + "\"}]")));
        Post p = f.api.service().create(f.who, f.tenantId, (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(
                "{\"content\":\"Fresh loaves at 7\",\"threadParts\":[\"Fresh loaves at 7\",\"Rye at 8\",\"Buns at 9\"],\"platforms\":[\"mastodon\"]}"));
        f.api.publishing().publishNow(f.who, f.tenantId, p.id);

        assertThrows(RetryLater.class, () -> publisher.handle(f.tenantId, p.id, "mastodon"));
        f.clock.now = f.clock.now.plusSeconds(30);
        publisher.handle(f.tenantId, p.id, "mastodon");

        JsonNode d = delivery(p, "mastodon");
        assertEquals("published", d.path("status").asText(), d.toString());
        assertEquals("113400000000000011", d.path("externalId").asText());
        assertEquals(2, d.path("publishAttempts").asInt());
        platform.verify(3, postRequestedFor(urlPathEqualTo(STATUSES))); // one per part, none twice
        platform.verify(1, postRequestedFor(urlPathEqualTo(STATUSES)).withRequestBody(equalToJson(
                "{\"status\":\"Buns at 9\",\"in_reply_to_id\":\"113400000000000012\"}")));
        assertEquals(PublishFixture.CREDITS - 10_000, f.balance().availableMicroCredits());
    }

    @Test
    void aPlatformThatCannotTellEndsNeedsReviewUnchargedNeverFailedOrRepeated() {
        platform.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(aResponse().withStatus(502)));
        platform.stubFor(get(urlPathEqualTo("/api/v1/accounts/" + ACCOUNT + "/statuses")).willReturn(aResponse().withStatus(404)));
        Post p = queued("[\"mastodon\"]");

        assertThrows(RetryLater.class, () -> publisher.handle(f.tenantId, p.id, "mastodon"));
        f.clock.now = f.clock.now.plusSeconds(30);
        publisher.handle(f.tenantId, p.id, "mastodon");

        JsonNode d = delivery(p, "mastodon");
        assertEquals(DeliveryStatus.NEEDS_REVIEW, DeliveryStatus.of(d), d.toString());
        assertTrue(d.path("reason").asText().contains("check the mastodon account"), d.toString());
        assertEquals(PostStatus.FAILED, f.reload(p.id).status);
        platform.verify(1, postRequestedFor(urlPathEqualTo(STATUSES)));
        assertEquals(PublishFixture.CREDITS, f.balance().availableMicroCredits());
        assertEquals(0, f.balance().reservedMicroCredits());
    }

    @Test
    void aRevokedTokenMakesTheAccountReconnectRequiredAndFailsTheDeliveryKeepingThePost() {
        platform.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"The access token was revoked\"}")));
        Post p = queued("[\"mastodon\"]");

        publisher.handle(f.tenantId, p.id, "mastodon");

        JsonNode d = delivery(p, "mastodon");
        assertEquals("failed", d.path("status").asText(), d.toString());
        assertEquals("RECONNECT_REQUIRED", d.path("code").asText());
        assertEquals("auth", d.path("error").path("category").asText());
        assertFalse(d.toString().contains("revoked"), "the platform's own text stays out of the post: " + d);
        assertEquals(AccountStatus.RECONNECT_REQUIRED, accounts.byPlatform.get("mastodon").status());
        assertEquals(1, accounts.refusals.size());
        Post kept = f.reload(p.id);
        assertEquals(PostStatus.FAILED, kept.status);
        assertEquals("Fresh loaves at 7", kept.text());
        assertEquals(PublishFixture.CREDITS, f.balance().availableMicroCredits());
    }

    @Test
    void aPlatformTheTenantHasNotConnectedEndsNotConnectedUncharged() {
        accounts.byPlatform.clear();
        Post p = queued("[\"mastodon\"]");

        publisher.handle(f.tenantId, p.id, "mastodon");

        JsonNode d = delivery(p, "mastodon");
        assertEquals("not_connected", d.path("status").asText(), d.toString());
        assertEquals("NOT_CONNECTED", d.path("code").asText());
        assertEquals(PublishFixture.CREDITS, f.balance().availableMicroCredits(), "publish now's hold is given back");
        assertEquals(0, f.balance().reservedMicroCredits());
        platform.verify(0, postRequestedFor(urlPathEqualTo(STATUSES)));
    }

    @Test
    void aScheduledPostToAPlatformNotConnectedTakesNoHold() {
        accounts.byPlatform.clear();
        Post p = f.api.service().create(f.who, f.tenantId, (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(
                "{\"content\":\"Fresh loaves at 7\",\"platforms\":[\"mastodon\"]}"));
        // as the publish run leaves a due post: publishing, its delivery not started, no hold taken yet
        f.store.update(f.tenantId, p.id, x -> x.status = PostStatus.PUBLISHING);
        int entriesBefore = f.worker.metering().ledger().entries(f.admin.accountId(), 100, null).items().size();

        publisher.handle(f.tenantId, p.id, "mastodon");

        assertEquals("not_connected", delivery(p, "mastodon").path("status").asText());
        assertEquals(entriesBefore, f.worker.metering().ledger().entries(f.admin.accountId(), 100, null).items().size(),
                "no hold taken and refunded for a platform that is not connected");
    }

    @Test
    void concurrentDeliveriesOfOneJobPostOnce() throws Exception {
        platform.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(okJson(
                "{\"id\":\"113400000000000004\",\"url\":\"https://mastodon.example/@bloom/113400000000000004\"}").withFixedDelay(100)));
        Post p = queued("[\"mastodon\"]");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(pool.submit(() -> {
                go.await();
                try {
                    publisher.handle(f.tenantId, p.id, "mastodon");
                } catch (RetryLater busy) {
                    // another delivery holds the step: SQS would redeliver this one
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> r : runs) {
            r.get();
        }
        pool.shutdown();
        publisher.handle(f.tenantId, p.id, "mastodon");

        assertEquals("published", delivery(p, "mastodon").path("status").asText());
        platform.verify(1, postRequestedFor(urlPathEqualTo(STATUSES)));
        assertEquals(PublishFixture.CREDITS - 10_000, f.balance().availableMicroCredits());
        assertEquals(0, f.balance().reservedMicroCredits());
    }

    @Test
    void theStuckPostSweepNeverFailsAnArmedDeliveryThatWentOut() {
        statusPostedButItsAnswerLost("113400000000000005");
        Post p = queued("[\"mastodon\"]");
        assertThrows(RetryLater.class, () -> publisher.handle(f.tenantId, p.id, "mastodon"));
        f.clock.now = f.clock.now.plusSeconds(600);

        assertTrue(publisher.giveUp(f.tenantId, p.id, "stuck for 10 minutes"));

        JsonNode d = delivery(p, "mastodon");
        assertEquals("published", d.path("status").asText(), d.toString());
        platform.verify(1, postRequestedFor(urlPathEqualTo(STATUSES)));
    }
}
