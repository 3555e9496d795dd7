package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.PlatformPublisher.Media;
import com.socialwire.shared.social.PlatformPublisher.Outgoing;
import com.socialwire.shared.social.PlatformPublisher.Prepared;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.connectors.LinkedInConnector;
import com.socialwire.shared.social.oauth.PlatformHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LinkedInPublisher}'s video posts against WireMock stubs shaped from the Videos API
 * (https://learn.microsoft.com/linkedin/marketing/community-management/shares/videos-api): {@code POST
 * /rest/videos?action=initializeUpload} answers {@code value.video}, {@code value.uploadToken} and
 * {@code value.uploadInstructions[{uploadUrl, firstByte, lastByte}]} (inclusive byte ranges); each part is PUT as
 * {@code application/octet-stream} to its own pre-signed {@code uploadUrl}, which answers the part's id in
 * {@code ETag}; {@code POST /rest/videos?action=finalizeUpload} takes {@code {video, uploadToken, uploadedPartIds}}
 * (the ETags in order) and answers 200 without a body; {@code GET /rest/videos/{urn}} answers {@code status}
 * WAITING_UPLOAD | PROCESSING | AVAILABLE | PROCESSING_FAILED. The post then carries the video as
 * {@code content.media.id} (posts-api). Parts are tiny here so one video takes several.
 */
class LinkedInVideoContractTest {

    @RegisterExtension
    static WireMockExtension linkedin = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "AQV-linkedin-member-token-Qp73";
    static final String ORG = "urn:li:organization:2414183";
    static final String VIDEO_URN = "urn:li:video:C5F10AQGKQg_6y2a4sQ";
    static final String VIDEO_PATH = "/rest/videos/urn%3Ali%3Avideo%3AC5F10AQGKQg_6y2a4sQ";
    static final String UPLOAD_TOKEN = "ViYMRTpXQ5aE1CP0sDfq1w";
    static final String SHARE = "urn:li:share:7332661864792854528";
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final Instant EXPIRES = NOW.plus(Duration.ofHours(24));
    static final int PART = 1_000;
    static final byte[] VIDEO = XVideoContractTest.video(2_500);

    LinkedInPublisher publisher(Duration timeout) {
        return publisher(timeout, NOW);
    }

    LinkedInPublisher publisher(Duration timeout, Instant now) {
        PlatformHttp http = new PlatformHttp(ProviderHttp.newClient(), timeout, Clock.fixed(now, ZoneOffset.UTC));
        return new LinkedInPublisher(http, new MediaBytes(ProviderHttp.newClient(), Duration.ofSeconds(10)), 8_000_000,
                linkedin.baseUrl(), LinkedInConnector.VERSION);
    }

    Target target = new Target(new SocialAccount("ten_1", "sa_1", "linkedin", ORG, null, "Bloom Bakery", null, "organization", null,
            List.of("w_member_social", "w_organization_social", "r_organization_social"), null, AccountStatus.CONNECTED, null,
            true, NOW, NOW, 1), TOKEN);

    static String part(int i) {
        return "/dms-uploads/sp/vid/C5F10AQGKQg_6y2a4sQ/uploadedVideo/" + i;
    }

    static String etag(int i) {
        return "/ambry-video/signedId/AQHOZ7wbnv_part" + i;
    }

    @BeforeEach
    void setUp() {
        linkedin.resetAll();
        linkedin.stubFor(get(urlPathEqualTo("/media/clip.mp4")).withHeader("Range", absent())
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "video/mp4").withBody(VIDEO)));
        StringBuilder instructions = new StringBuilder();
        for (int i = 0; i * PART < VIDEO.length; i++) {
            instructions.append(i == 0 ? "" : ",").append("{\"uploadUrl\":\"").append(linkedin.baseUrl()).append(part(i))
                    .append("?ca=vector_feedshare&cn=uploads&iri=B01-77\",\"lastByte\":")
                    .append(Math.min(VIDEO.length, (i + 1) * PART) - 1).append(",\"firstByte\":").append(i * PART).append('}');
            linkedin.stubFor(put(urlPathEqualTo(part(i))).willReturn(aResponse().withStatus(200).withHeader("ETag", etag(i))));
        }
        linkedin.stubFor(post(urlPathEqualTo("/rest/videos")).withQueryParam("action", equalTo("initializeUpload"))
                .willReturn(okJson("{\"value\":{\"uploadUrlsExpireAt\":" + EXPIRES.toEpochMilli() + ",\"video\":\"" + VIDEO_URN + "\","
                        + "\"uploadInstructions\":[" + instructions + "],\"uploadToken\":\"" + UPLOAD_TOKEN + "\"}}")));
        linkedin.stubFor(post(urlPathEqualTo("/rest/videos")).withQueryParam("action", equalTo("finalizeUpload"))
                .willReturn(aResponse().withStatus(200)));
        linkedin.stubFor(post(urlPathEqualTo("/rest/posts")).willReturn(aResponse().withStatus(201).withHeader("x-restli-id", SHARE)));
    }

    Outgoing clip() {
        Media m = new Media("med_v", linkedin.baseUrl() + "/media/clip.mp4", "video/mp4", VIDEO.length, null, 1280, 720, 12.0);
        return new Outgoing("ten_1", "post_1", "The oven at dawn", List.of(), List.of(m), "Dawn bake", null, NOW);
    }

    static String video(String status, String more) {
        return "{\"duration\":12000,\"aspectRatioWidth\":16.0,\"aspectRatioHeight\":9.0,\"owner\":\"" + ORG + "\","
                + "\"id\":\"" + VIDEO_URN + "\",\"status\":\"" + status + "\"" + more + "}";
    }

    /** The media store answers a read resumed at part 1 as a range, as S3 does. */
    void stubReadFromPart1() {
        linkedin.stubFor(get(urlPathEqualTo("/media/clip.mp4")).withHeader("Range", equalTo("bytes=1000-"))
                .willReturn(aResponse().withStatus(206).withHeader("Content-Range", "bytes 1000-2499/2500")
                        .withBody(Arrays.copyOfRange(VIDEO, 1_000, VIDEO.length))));
    }

    static Prepared prepared(PlatformResult<Prepared> r) {
        return (Prepared) assertInstanceOf(PlatformResult.Ok.class, r, r.toString()).value();
    }

    void verifyPartsSent(int... times) {
        for (int i = 0; i < times.length; i++) {
            byte[] bytes = Arrays.copyOfRange(VIDEO, i * PART, Math.min(VIDEO.length, (i + 1) * PART));
            linkedin.verify(times[i], putRequestedFor(urlPathEqualTo(part(i))).withRequestBody(binaryEqualTo(bytes))
                    .withHeader("Content-Type", equalTo("application/octet-stream"))
                    .withHeader("Authorization", absent())); // a pre-signed upload URL: the token stays with the API
        }
    }

    void verifyFinalized(int times) {
        linkedin.verify(times, postRequestedFor(urlPathEqualTo("/rest/videos")).withQueryParam("action", equalTo("finalizeUpload"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("LinkedIn-Version", equalTo(LinkedInConnector.VERSION))
                .withHeader("X-Restli-Protocol-Version", equalTo("2.0.0"))
                .withRequestBody(equalToJson("{\"finalizeUploadRequest\":{\"video\":\"" + VIDEO_URN + "\",\"uploadToken\":\""
                        + UPLOAD_TOKEN + "\",\"uploadedPartIds\":[\"" + etag(0) + "\",\"" + etag(1) + "\",\"" + etag(2) + "\"]}}")));
    }

    @Test
    void aVideoIsUploadedInSeveralPartsWaitsForProcessingAndIsPostedWithItsUrn() {
        linkedin.stubFor(get(urlPathEqualTo(VIDEO_PATH)).inScenario("processing").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(video("PROCESSING", ""))).willSetStateTo("done"));
        linkedin.stubFor(get(urlPathEqualTo(VIDEO_PATH)).inScenario("processing").whenScenarioStateIs("done")
                .willReturn(okJson(video("AVAILABLE", ",\"downloadUrl\":\"https://www.linkedin.com/dms/prv/vid/C5F10AQGKQg\""))));
        LinkedInPublisher p = publisher(Duration.ofSeconds(10));

        Prepared.Waiting processing = assertInstanceOf(Prepared.Waiting.class, prepared(p.prepare(target, clip(), Json.object())));
        ObjectNode ready = assertInstanceOf(Prepared.Ready.class, prepared(p.prepare(target, clip(), processing.state()))).state();
        PlatformResult<Published> published = p.publish(target, clip(), ready, "k1");

        assertEquals(new Published(SHARE, "https://www.linkedin.com/feed/update/" + SHARE), ((PlatformResult.Ok<Published>) published).value());
        linkedin.verify(1, postRequestedFor(urlPathEqualTo("/rest/videos")).withQueryParam("action", equalTo("initializeUpload"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("LinkedIn-Version", equalTo(LinkedInConnector.VERSION))
                .withHeader("X-Restli-Protocol-Version", equalTo("2.0.0"))
                .withRequestBody(equalToJson("{\"initializeUploadRequest\":{\"owner\":\"" + ORG + "\",\"fileSizeBytes\":2500,"
                        + "\"uploadCaptions\":false,\"uploadThumbnail\":false}}")));
        verifyPartsSent(1, 1, 1);
        verifyFinalized(1);
        linkedin.verify(2, getRequestedFor(urlPathEqualTo(VIDEO_PATH)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("LinkedIn-Version", equalTo(LinkedInConnector.VERSION)));
        linkedin.verify(1, postRequestedFor(urlPathEqualTo("/rest/posts")).withRequestBody(equalToJson("{\"author\":\"" + ORG + "\","
                + "\"commentary\":\"The oven at dawn\",\"visibility\":\"PUBLIC\",\"distribution\":{\"feedDistribution\":\"MAIN_FEED\","
                + "\"targetEntities\":[],\"thirdPartyDistributionChannels\":[]},\"content\":{\"media\":{\"id\":\"" + VIDEO_URN + "\","
                + "\"title\":\"Dawn bake\"}},\"lifecycleState\":\"PUBLISHED\",\"isReshareDisabledByAuthor\":false}")));
    }

    @Test
    void aVideoLinkedInFailsToProcessIsRefusedWithItsReason() {
        linkedin.stubFor(get(urlPathEqualTo(VIDEO_PATH)).willReturn(okJson(video("PROCESSING_FAILED",
                ",\"processingFailureReason\":\"The video's aspect ratio is outside 1:2.4 to 2.4:1\""))));

        PlatformResult.Rejected<?> failed = assertInstanceOf(PlatformResult.Rejected.class,
                publisher(Duration.ofSeconds(10)).prepare(target, clip(), Json.object()));

        assertEquals("MEDIA_PROCESSING_FAILED", failed.code());
        assertTrue(failed.message().contains("aspect ratio"), failed.message());
        linkedin.verify(0, postRequestedFor(urlPathEqualTo("/rest/posts")));
    }

    @Test
    void aPreparationRetriedAfterALostPartAnswerUploadsOnlyTheMissingParts() {
        // LinkedIn stores part 1 but its answer comes after the client gave up; PUT again, it answers at once
        linkedin.stubFor(put(urlPathEqualTo(part(1))).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withHeader("ETag", etag(1)).withFixedDelay(3_000)).willSetStateTo("answered"));
        linkedin.stubFor(put(urlPathEqualTo(part(1))).inScenario("lost").whenScenarioStateIs("answered")
                .willReturn(aResponse().withStatus(200).withHeader("ETag", etag(1))));
        stubReadFromPart1();
        linkedin.stubFor(get(urlPathEqualTo(VIDEO_PATH)).willReturn(okJson(video("AVAILABLE", ""))));
        ObjectNode state = Json.object();

        PlatformResult<Prepared> lost = publisher(Duration.ofMillis(500)).prepare(target, clip(), state);
        assertInstanceOf(PlatformResult.Transient.class, lost, lost.toString());
        assertInstanceOf(Prepared.Ready.class, prepared(publisher(Duration.ofSeconds(10)).prepare(target, clip(), state)));

        linkedin.verify(1, postRequestedFor(urlPathEqualTo("/rest/videos")).withQueryParam("action", equalTo("initializeUpload")));
        verifyPartsSent(1, 2, 1);
        verifyFinalized(1);
        linkedin.verify(1, getRequestedFor(urlPathEqualTo("/media/clip.mp4")).withHeader("Range", equalTo("bytes=1000-")));
    }

    @Test
    void aPreparationRetriedAfterTheUploadUrlsExpiredStartsTheUploadAgain() {
        // part 1 fails, and the retry comes only after LinkedIn's upload URLs expired: PUTting to them would fail forever
        linkedin.stubFor(put(urlPathEqualTo(part(1))).inScenario("expired").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        linkedin.stubFor(put(urlPathEqualTo(part(1))).inScenario("expired").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withHeader("ETag", etag(1))));
        stubReadFromPart1();
        linkedin.stubFor(get(urlPathEqualTo(VIDEO_PATH)).willReturn(okJson(video("AVAILABLE", ""))));
        ObjectNode state = Json.object();

        assertInstanceOf(PlatformResult.Transient.class, publisher(Duration.ofSeconds(10)).prepare(target, clip(), state));
        assertInstanceOf(Prepared.Ready.class, prepared(publisher(Duration.ofSeconds(10), EXPIRES.plusSeconds(1)).prepare(target, clip(), state)));

        linkedin.verify(2, postRequestedFor(urlPathEqualTo("/rest/videos")).withQueryParam("action", equalTo("initializeUpload")));
        verifyPartsSent(2, 2, 1);
        verifyFinalized(1);
    }

    @Test
    void aLostFinalizeAnswerIsSettledByTheVideosStatusNotByFinalizingAgain() {
        // LinkedIn finalizes, but its answer comes after the client gave up; the video is processing since
        linkedin.stubFor(post(urlPathEqualTo("/rest/videos")).withQueryParam("action", equalTo("finalizeUpload"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
        linkedin.stubFor(get(urlPathEqualTo(VIDEO_PATH)).willReturn(okJson(video("PROCESSING", ""))));
        ObjectNode state = Json.object();

        PlatformResult<Prepared> lost = publisher(Duration.ofMillis(500)).prepare(target, clip(), state);
        assertInstanceOf(PlatformResult.Transient.class, lost, lost.toString());
        assertInstanceOf(Prepared.Waiting.class, prepared(publisher(Duration.ofSeconds(10)).prepare(target, clip(), state)));

        verifyFinalized(1);
        verifyPartsSent(1, 1, 1);
    }

    @Test
    void aFinalizeThatDidNotTakeIsSentAgainWhenTheVideoStillWaitsForItsUpload() {
        // the finalize call never reached LinkedIn (answered 503): the video still waits for its upload
        linkedin.stubFor(post(urlPathEqualTo("/rest/videos")).withQueryParam("action", equalTo("finalizeUpload"))
                .inScenario("finalize").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        linkedin.stubFor(post(urlPathEqualTo("/rest/videos")).withQueryParam("action", equalTo("finalizeUpload"))
                .inScenario("finalize").whenScenarioStateIs("up").willReturn(aResponse().withStatus(200)).willSetStateTo("finalized"));
        linkedin.stubFor(get(urlPathEqualTo(VIDEO_PATH)).inScenario("finalize").whenScenarioStateIs("up")
                .willReturn(okJson(video("WAITING_UPLOAD", ""))));
        linkedin.stubFor(get(urlPathEqualTo(VIDEO_PATH)).inScenario("finalize").whenScenarioStateIs("finalized")
                .willReturn(okJson(video("AVAILABLE", ""))));
        ObjectNode state = Json.object();
        LinkedInPublisher p = publisher(Duration.ofSeconds(10));

        assertInstanceOf(PlatformResult.Transient.class, p.prepare(target, clip(), state));
        assertInstanceOf(Prepared.Ready.class, prepared(p.prepare(target, clip(), state)));

        verifyFinalized(2);
        verifyPartsSent(1, 1, 1);
    }

    @Test
    void aVideoOverLinkedInsLimitIsRefusedBeforeAnythingIsUploaded() {
        long over = 500L * 1024 * 1024 + 1; // videos-api: a post's video is at most 500 MB
        Media huge = new Media("med_big", linkedin.baseUrl() + "/media/huge.mp4", "video/mp4", over, null, 1280, 720, 30.0);
        linkedin.stubFor(get(urlPathEqualTo("/media/huge.mp4")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", String.valueOf(over)).withBody(new byte[16])));

        PlatformResult.Rejected<?> refused = assertInstanceOf(PlatformResult.Rejected.class, publisher(Duration.ofSeconds(10))
                .prepare(target, new Outgoing("ten_1", "post_1", "Big", List.of(), List.of(huge), null, null, NOW), Json.object()));

        assertEquals("MEDIA_TOO_LARGE", refused.code());
        linkedin.verify(0, postRequestedFor(urlPathEqualTo("/rest/videos")));
    }

    @Test
    void aVideoWithOtherMediaIsRefusedBeforeAnythingIsUploaded() {
        Media image = new Media("med_1", linkedin.baseUrl() + "/media/loaf.jpg", "image/jpeg", 4, null, 64, 48, null);
        Outgoing both = new Outgoing("ten_1", "post_1", "Both", List.of(), List.of(clip().media().getFirst(), image), null, null, NOW);

        PlatformResult.Rejected<?> refused = assertInstanceOf(PlatformResult.Rejected.class,
                publisher(Duration.ofSeconds(10)).prepare(target, both, Json.object()));

        assertEquals("MEDIA_UNSUPPORTED", refused.code());
        linkedin.verify(0, postRequestedFor(urlPathEqualTo("/rest/videos")));
        linkedin.verify(0, postRequestedFor(urlPathEqualTo("/rest/images")));
    }
}
