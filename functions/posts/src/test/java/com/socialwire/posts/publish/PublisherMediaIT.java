package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.socialwire.posts.Posts;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.service.PostService;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.providers.instagram.GraphApis;
import com.socialwire.shared.tenants.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.socialwire.posts.publish.PublishFixture.CONTAINER;
import static com.socialwire.posts.publish.PublishFixture.CREDITS;
import static com.socialwire.posts.publish.PublishFixture.MEDIA;
import static com.socialwire.posts.publish.PublishFixture.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The publish worker's media shapes against a WireMock Graph API, on DynamoDB Local: a carousel
 * is one item container per media (in the post's order) and one carousel container, published
 * once; a reel is polled until Instagram has processed it, across deliveries if it takes longer
 * than one job's poll budget; a container Instagram could not process and an expired token end
 * the post failed with the credits given back.
 */
class PublisherMediaIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String CHILD_1 = "17841400000000001";
    static final String CHILD_2 = "17841400000000002";
    static final String CAPTION = "caption=Fresh+loaves+at+7+%23bread";
    static final long FEE = 10_000;

    PublishFixture f;
    PostService service;

    @BeforeEach
    void setUp() {
        f = new PublishFixture(meta.baseUrl() + V, Instant.now());
        service = f.api.service();
        f.stubGraph(meta);
        meta.stubFor(post(urlPathEqualTo(V + "/" + f.igUser + "/media_publish")).willReturn(okJson("{\"id\":\"" + MEDIA + "\"}")));
    }

    /** A post of the fixture's tenant to Instagram with these media, published now (credits held, status publishing). */
    Post publishing(String... mediaIds) {
        Post p = service.create(f.who, f.tenantId, (ObjectNode) Json.tree("{\"content\":\"Fresh loaves at 7\",\"hashtags\":[\"#bread\"],"
                + "\"platforms\":[\"instagram\"],\"media\":" + Json.write(List.of(mediaIds)) + "}"));
        f.api.publishing().publishNow(f.who, f.tenantId, p.id);
        return p;
    }

    /** The worker as ContentWorkerFunction builds it, but polling a video container every 10 ms for {@code budget} of real time. */
    Publisher videoPublisher(Duration budget) {
        return Posts.publisher(f.store, f.worker.tenants(), GraphApis.fromConfig(f.worker.config), f.worker.media(), f.worker.metering(),
                Clock.systemUTC(), Duration.ofMillis(2_400), budget, Duration.ofMillis(10));
    }

    static String containerStatus(String code) {
        return "{\"id\":\"" + CONTAINER + "\",\"status_code\":\"" + code + "\",\"status\":\"" + code + "\"}";
    }

    JsonNode delivery(Post p) {
        return f.reload(p.id).deliveries.path("instagram");
    }

    void assertCharged(long microCredits) {
        Ledger.Balance b = f.balance();
        assertEquals(CREDITS - microCredits, b.availableMicroCredits(), "available");
        assertEquals(0, b.reservedMicroCredits(), "nothing left reserved");
    }

    @Test
    void aCarouselIsOneItemContainerPerMediaInOrderThenOneCarouselContainerPublishedOnce() {
        String first = f.image();
        String second = f.image();
        String carousel = "17841400000000099";
        meta.stubFor(post(urlPathEqualTo(V + "/" + f.igUser + "/media")).withRequestBody(containing(first))
                .willReturn(okJson("{\"id\":\"" + CHILD_1 + "\"}")));
        meta.stubFor(post(urlPathEqualTo(V + "/" + f.igUser + "/media")).withRequestBody(containing(second))
                .willReturn(okJson("{\"id\":\"" + CHILD_2 + "\"}")));
        meta.stubFor(post(urlPathEqualTo(V + "/" + f.igUser + "/media")).withRequestBody(containing("media_type=CAROUSEL"))
                .willReturn(okJson("{\"id\":\"" + carousel + "\"}")));
        meta.stubFor(get(urlPathEqualTo(V + "/" + carousel)).willReturn(okJson("{\"id\":\"" + carousel + "\",\"status_code\":\"FINISHED\"}")));

        Post p = publishing(first, second);
        f.worker.publisher().handle(f.tenantId, p.id, "instagram");

        Post done = f.reload(p.id);
        assertEquals("published", done.status.wire());
        JsonNode d = done.deliveries.path("instagram");
        assertEquals(carousel, d.path("containerId").asText());
        assertEquals(List.of(CHILD_1, CHILD_2), List.of(d.path("children").path(0).asText(), d.path("children").path(1).asText()));
        assertEquals(MEDIA, d.path("externalId").asText());
        // items: a presigned URL of their own media, is_carousel_item, and no caption; the carousel: the children in the post's order
        meta.verify(3, postRequestedFor(urlPathEqualTo(V + "/" + f.igUser + "/media")));
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + f.igUser + "/media"))
                .withRequestBody(matching("image_url=http[^&]*" + first + "[^&]*&is_carousel_item=true")));
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + f.igUser + "/media"))
                .withRequestBody(matching("image_url=http[^&]*" + second + "[^&]*&is_carousel_item=true")));
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + f.igUser + "/media"))
                .withRequestBody(equalTo("media_type=CAROUSEL&children=" + CHILD_1 + "%2C" + CHILD_2 + "&" + CAPTION)));
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + f.igUser + "/media_publish")).withRequestBody(equalTo("creation_id=" + carousel)));
        meta.verify(0, getRequestedFor(urlPathEqualTo(V + "/" + CHILD_1)));
        assertCharged(FEE); // one post, one fee, however many items
    }

    @Test
    void aReelIsPolledUntilInstagramHasProcessedItThenPublishedOnce() {
        String video = f.media(f.tenantId, "video", "video/mp4");
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).inScenario("processing").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(containerStatus("IN_PROGRESS"))).willSetStateTo("read once"));
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).inScenario("processing").whenScenarioStateIs("read once")
                .willReturn(okJson(containerStatus("IN_PROGRESS"))).willSetStateTo("read twice"));
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).inScenario("processing").whenScenarioStateIs("read twice")
                .willReturn(okJson(containerStatus("FINISHED"))));

        Post p = publishing(video);
        videoPublisher(Duration.ofSeconds(10)).handle(f.tenantId, p.id, "instagram");

        assertEquals("published", f.reload(p.id).status.wire());
        assertTrue(delivery(p).path("video").asBoolean());
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + f.igUser + "/media"))
                .withRequestBody(matching("media_type=REELS&video_url=http[^&]*" + video + "[^&]*&" + CAPTION.replace("+", "\\+"))));
        meta.verify(3, getRequestedFor(urlPathEqualTo(V + "/" + CONTAINER)));
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + f.igUser + "/media_publish")).withRequestBody(equalTo("creation_id=" + CONTAINER)));
        assertCharged(FEE);
    }

    @Test
    void aReelStillProcessingAfterThePollBudgetIsHandedBackAndTheNextDeliveryPublishesIt() {
        String video = f.media(f.tenantId, "video", "video/quicktime");
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).willReturn(okJson(containerStatus("IN_PROGRESS"))));
        Post p = publishing(video);
        Publisher worker = videoPublisher(Duration.ofMillis(200));

        RetryLater later = assertThrows(RetryLater.class, () -> worker.handle(f.tenantId, p.id, "instagram"));
        assertTrue(later.getMessage().contains("IN_PROGRESS"), later.getMessage());
        assertEquals("container_created", delivery(p).path("status").asText());
        assertEquals(CONTAINER, delivery(p).path("containerId").asText());
        int reads = meta.findAll(getRequestedFor(urlPathEqualTo(V + "/" + CONTAINER))).size();
        assertTrue(reads >= 2 && reads <= 21, "polled within the budget, every 10 ms: " + reads);
        meta.verify(0, postRequestedFor(urlPathEqualTo(V + "/" + f.igUser + "/media_publish")));
        assertEquals(FEE, f.balance().reservedMicroCredits(), "the credits stay held while Instagram processes");

        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).willReturn(okJson(containerStatus("FINISHED"))));
        worker.handle(f.tenantId, p.id, "instagram");
        assertEquals("published", f.reload(p.id).status.wire());
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + f.igUser + "/media")).withRequestBody(containing("media_type=REELS")));
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + f.igUser + "/media_publish")).withRequestBody(equalTo("creation_id=" + CONTAINER)));
        assertCharged(FEE);
    }

    /**
     * A worker sleeping while Instagram processes a video pays 1 GB-s per second of it (20 s of poll budget per job
     * before); a delayed copy of the job on the content queue costs three SQS requests and an invocation. With no poll
     * budget the job reads the status once, puts itself back delayed and ends; a copy finds it FINISHED and publishes
     * once; past {@link Publisher#MAX_POLLS} copies SQS's redelivery takes over.
     */
    @Test
    void aReelStillProcessingWaitsOnTheQueueNotInASleepingWorker() {
        String video = f.media(f.tenantId, "video", "video/mp4");
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).willReturn(okJson(containerStatus("IN_PROGRESS"))));
        Post p = publishing(video);
        var sqsCredentials = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        com.socialwire.local.stores.LocalStores.ACCESS_KEY, com.socialwire.local.stores.LocalStores.SECRET_KEY));
        software.amazon.awssdk.services.sqs.SqsClient sqs = software.amazon.awssdk.services.sqs.SqsClient.builder()
                .endpointOverride(f.env.stores().sqsEndpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .credentialsProvider(sqsCredentials).build();
        String queue = sqs.createQueue(b -> b.queueName("polls-" + p.id)).queueUrl();
        Publisher worker = Posts.publisher(f.store, f.worker.tenants(), GraphApis.fromConfig(f.worker.config), f.worker.media(), f.worker.metering(),
                Clock.systemUTC(), Duration.ofMillis(2_400), Duration.ZERO, Duration.ofMillis(10),
                new PublishJobs(new com.socialwire.shared.jobs.JobQueue(() -> new com.socialwire.shared.aws.LeanSqs(f.env.stores().sqsEndpoint(),
                        "us-east-1", sqsCredentials, java.util.List.of(), Clock.systemUTC()), queue)), null, java.util.Map.of(), Duration.ofMillis(2_400));

        worker.handle(f.tenantId, p.id, "instagram", 0);

        assertEquals("container_created", delivery(p).path("status").asText());
        meta.verify(1, getRequestedFor(urlPathEqualTo(V + "/" + CONTAINER)));
        var waiting = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNamesWithStrings("ApproximateNumberOfMessagesDelayed")).attributesAsStrings();
        assertEquals("1", waiting.get("ApproximateNumberOfMessagesDelayed"), "the job waits on the queue, delayed");
        assertEquals(10, Publisher.pollDelaySeconds(0));
        assertEquals(60, Publisher.pollDelaySeconds(Publisher.MAX_POLLS));

        worker.handle(f.tenantId, p.id, "instagram", 1);
        meta.verify(2, getRequestedFor(urlPathEqualTo(V + "/" + CONTAINER)));
        assertThrows(RetryLater.class, () -> worker.handle(f.tenantId, p.id, "instagram", Publisher.MAX_POLLS));
        assertEquals(FEE, f.balance().reservedMicroCredits(), "the credits stay held while Instagram processes");

        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).willReturn(okJson(containerStatus("FINISHED"))));
        worker.handle(f.tenantId, p.id, "instagram", 2);
        assertEquals("published", f.reload(p.id).status.wire());
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + f.igUser + "/media")));
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + f.igUser + "/media_publish")).withRequestBody(equalTo("creation_id=" + CONTAINER)));
        assertCharged(FEE);
        sqs.deleteQueue(b -> b.queueUrl(queue));
    }

    @Test
    void aContainerInstagramCouldNotProcessFailsThePostAndGivesTheCreditsBack() {
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).willReturn(okJson("{\"id\":\"" + CONTAINER
                + "\",\"status_code\":\"ERROR\",\"status\":\"Error: Media upload has failed with error code 2207026\"}")));
        Post p = publishing(f.image());
        assertEquals(FEE, f.balance().reservedMicroCredits());

        f.worker.publisher().handle(f.tenantId, p.id, "instagram");

        Post done = f.reload(p.id);
        assertEquals("failed", done.status.wire());
        JsonNode d = done.deliveries.path("instagram");
        assertEquals("failed", d.path("status").asText());
        assertEquals("CONTAINER_ERROR", d.path("code").asText());
        assertTrue(d.path("reason").asText().contains("2207026"), d.path("reason").asText());
        meta.verify(0, postRequestedFor(urlPathEqualTo(V + "/" + f.igUser + "/media_publish")));
        assertCharged(0);
    }

    @Test
    void anExpiredTokenOnContainerCreationFailsThePostAndMarksTheTenantExpired() {
        meta.stubFor(post(urlPathEqualTo(V + "/" + f.igUser + "/media")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"Error validating access token: "
                        + "Session has expired on Friday, 20-Nov-26 10:00:00 PST.\",\"type\":\"OAuthException\",\"code\":190,"
                        + "\"error_subcode\":463,\"fbtrace_id\":\"AzX1b2\"}}")));
        assertEquals(Tenant.TOKEN_VALID, f.worker.tenants().get(f.tenantId).orElseThrow().igTokenStatus());
        Post p = publishing(f.image());

        f.worker.publisher().handle(f.tenantId, p.id, "instagram");

        Post done = f.reload(p.id);
        assertEquals("failed", done.status.wire());
        assertEquals("INSTAGRAM_TOKEN_EXPIRED", done.deliveries.path("instagram").path("code").asText());
        assertEquals(Tenant.TOKEN_EXPIRED, f.worker.tenants().get(f.tenantId).orElseThrow().igTokenStatus());
        meta.verify(0, postRequestedFor(urlPathEqualTo(V + "/" + f.igUser + "/media_publish")));
        assertCharged(0);

        // the tenant's next post fails on the stored status, without asking Meta again
        int calls = meta.getAllServeEvents().size();
        Post next = publishing(f.image());
        f.worker.publisher().handle(f.tenantId, next.id, "instagram");
        assertEquals("INSTAGRAM_TOKEN_EXPIRED", f.reload(next.id).deliveries.path("instagram").path("code").asText());
        assertEquals(calls, meta.getAllServeEvents().size());
        assertCharged(0);
    }
}
