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

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link XPublisher}'s chunked video upload against WireMock stubs shaped from xdevplatform/docs
 * (https://docs.x.com/x-api/media/quickstart/media-upload-chunked, x-api/media/initialize-media-upload.mdx,
 * append-media-upload.mdx, finalize-media-upload.mdx, get-media-upload-status.mdx): INITIALIZE answers
 * {@code data.id}, each APPEND (multipart {@code segment_index}, {@code media}) an empty 2xx, FINALIZE and STATUS
 * {@code data.processing_info} with {@code state} pending | in_progress | succeeded | failed and
 * {@code check_after_secs}. Segments are small here so one video takes several.
 */
class XVideoContractTest {

    @RegisterExtension
    static WireMockExtension x = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "x-user-token-Q0Mzb0VhZ0V5dmNXSTEyNER2MFNf";
    static final String MEDIA_ID = "1880028106020515840";
    static final String TWEET_ID = "1445880548472328192";
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final int SEGMENT = 1_000;
    static final byte[] VIDEO = video(2_500);
    static final String INIT = "/2/media/upload/initialize";
    static final String APPEND = "/2/media/upload/" + MEDIA_ID + "/append";
    static final String FINALIZE = "/2/media/upload/" + MEDIA_ID + "/finalize";
    static final String STATUS = "/2/media/upload";

    Target target;

    static byte[] video(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    XPublisher publisher(Duration timeout) {
        PlatformHttp http = new PlatformHttp(ProviderHttp.newClient(), timeout, Clock.fixed(NOW, ZoneOffset.UTC));
        return new XPublisher(http, new MediaBytes(ProviderHttp.newClient(), Duration.ofSeconds(10)), x.baseUrl(), SEGMENT);
    }

    @BeforeEach
    void setUp() {
        x.resetAll();
        target = new Target(new SocialAccount("ten_1", "sa_1", "twitter", "2244994945", "bloombakery", "Bloom", null, "profile", null,
                List.of("tweet.read", "tweet.write", "users.read", "media.write", "offline.access"), null, AccountStatus.CONNECTED,
                null, true, NOW, NOW, 1), TOKEN);
        x.stubFor(get(urlPathEqualTo("/media/clip.mp4")).withHeader("Range", absent())
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "video/mp4").withBody(VIDEO)));
        x.stubFor(post(urlPathEqualTo(INIT)).willReturn(okJson(
                "{\"data\":{\"id\":\"" + MEDIA_ID + "\",\"media_key\":\"7_" + MEDIA_ID + "\",\"expires_after_secs\":86400}}")));
        x.stubFor(post(urlPathEqualTo(APPEND)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"expires_at\":1767225600}}")));
    }

    Outgoing clip() {
        Media m = new Media("med_v", x.baseUrl() + "/media/clip.mp4", "video/mp4", VIDEO.length, null, 1280, 720, 12.0);
        return new Outgoing("ten_1", "post_1", "The oven at dawn", List.of(), List.of(m), null, null, NOW);
    }

    static String processing(String state, String more) {
        return "{\"data\":{\"id\":\"" + MEDIA_ID + "\",\"media_key\":\"7_" + MEDIA_ID + "\",\"size\":" + VIDEO.length
                + ",\"expires_after_secs\":86400,\"processing_info\":{\"state\":\"" + state + "\"" + more + "}}}";
    }

    static Prepared prepared(PlatformResult<Prepared> r) {
        return (Prepared) assertInstanceOf(PlatformResult.Ok.class, r, r.toString()).value();
    }

    void verifySegmentsSent(int... times) {
        for (int i = 0; i < times.length; i++) {
            byte[] segment = Arrays.copyOfRange(VIDEO, i * SEGMENT, Math.min(VIDEO.length, (i + 1) * SEGMENT));
            x.verify(times[i], postRequestedFor(urlPathEqualTo(APPEND))
                    .withRequestBodyPart(aMultipart().withName("segment_index").withBody(equalTo(String.valueOf(i))).build())
                    .withRequestBodyPart(aMultipart().withName("media").withBody(binaryEqualTo(segment)).build()));
        }
        x.verify(Arrays.stream(times).sum(), postRequestedFor(urlPathEqualTo(APPEND)));
    }

    @Test
    void aVideoIsUploadedInSeveralSegmentsWaitsForProcessingAndIsPostedWithItsMediaId() {
        x.stubFor(post(urlPathEqualTo(FINALIZE)).willReturn(okJson(processing("pending", ",\"check_after_secs\":1"))));
        x.stubFor(get(urlPathEqualTo(STATUS)).inScenario("processing").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(processing("in_progress", ",\"check_after_secs\":7,\"progress_percent\":40"))).willSetStateTo("done"));
        x.stubFor(get(urlPathEqualTo(STATUS)).inScenario("processing").whenScenarioStateIs("done")
                .willReturn(okJson(processing("succeeded", ",\"progress_percent\":100"))));
        x.stubFor(post(urlPathEqualTo("/2/tweets")).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"id\":\"" + TWEET_ID + "\",\"text\":\"The oven at dawn https://t.co/Vid3o\"}}")));
        XPublisher p = publisher(Duration.ofSeconds(10));

        Prepared.Waiting pending = assertInstanceOf(Prepared.Waiting.class, prepared(p.prepare(target, clip(), Json.object())));
        assertEquals(1, pending.afterSeconds());
        Prepared.Waiting inProgress = assertInstanceOf(Prepared.Waiting.class, prepared(p.prepare(target, clip(), pending.state())));
        assertEquals(7, inProgress.afterSeconds());
        ObjectNode ready = assertInstanceOf(Prepared.Ready.class, prepared(p.prepare(target, clip(), inProgress.state()))).state();
        PlatformResult<Published> published = p.publish(target, clip(), ready, "dedupe-1");

        assertEquals(TWEET_ID, ((PlatformResult.Ok<Published>) published).value().externalId());
        x.verify(1, postRequestedFor(urlPathEqualTo(INIT)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("{\"media_type\":\"video/mp4\",\"total_bytes\":2500,\"media_category\":\"tweet_video\"}")));
        verifySegmentsSent(1, 1, 1);
        x.verify(1, postRequestedFor(urlPathEqualTo(FINALIZE)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        x.verify(2, getRequestedFor(urlPathEqualTo(STATUS)).withQueryParam("command", equalTo("STATUS"))
                .withQueryParam("media_id", equalTo(MEDIA_ID)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        x.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets"))
                .withRequestBody(equalToJson("{\"text\":\"The oven at dawn\",\"media\":{\"media_ids\":[\"" + MEDIA_ID + "\"]}}")));
        x.verify(0, postRequestedFor(urlPathEqualTo("/2/media/metadata"))); // X takes no alt text for a video here
    }

    @Test
    void aVideoXFailsToProcessIsRefusedWithXsReason() {
        x.stubFor(post(urlPathEqualTo(FINALIZE)).willReturn(okJson(processing("in_progress", ",\"check_after_secs\":2"))));
        x.stubFor(get(urlPathEqualTo(STATUS)).willReturn(okJson(processing("failed",
                ",\"progress_percent\":12,\"error\":{\"code\":1,\"name\":\"InvalidMedia\",\"message\":\"Unsupported video format\"}"))));
        XPublisher p = publisher(Duration.ofSeconds(10));

        Prepared.Waiting waiting = assertInstanceOf(Prepared.Waiting.class, prepared(p.prepare(target, clip(), Json.object())));
        PlatformResult.Rejected<?> failed = assertInstanceOf(PlatformResult.Rejected.class, p.prepare(target, clip(), waiting.state()));

        assertEquals("MEDIA_PROCESSING_FAILED", failed.code());
        assertTrue(failed.message().contains("Unsupported video format"), failed.message());
        x.verify(0, postRequestedFor(urlPathEqualTo("/2/tweets")));
    }

    @Test
    void aPreparationRetriedAfterALostAppendAnswerSendsOnlyThatSegmentAgain() {
        // X stores segment 1 but its answer comes after the client gave up; sent again, it answers at once
        x.stubFor(post(urlPathEqualTo(APPEND)).withMultipartRequestBody(aMultipart().withName("segment_index").withBody(equalTo("1")))
                .inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(3_000)).willSetStateTo("answered"));
        // the media store answers the resumed read as a range, as S3 does
        x.stubFor(get(urlPathEqualTo("/media/clip.mp4")).withHeader("Range", equalTo("bytes=1000-"))
                .willReturn(aResponse().withStatus(206).withHeader("Content-Range", "bytes 1000-2499/2500")
                        .withBody(Arrays.copyOfRange(VIDEO, 1_000, VIDEO.length))));
        x.stubFor(post(urlPathEqualTo(FINALIZE)).willReturn(okJson(processing("succeeded", ""))));
        ObjectNode state = Json.object();

        PlatformResult<Prepared> lost = publisher(Duration.ofMillis(500)).prepare(target, clip(), state);
        assertInstanceOf(PlatformResult.Transient.class, lost, lost.toString());
        assertEquals(1, state.path("media").get(0).path("segments").asInt(), state.toString()); // what X acknowledged is kept
        assertInstanceOf(Prepared.Ready.class, prepared(publisher(Duration.ofSeconds(10)).prepare(target, clip(), state)));

        x.verify(1, postRequestedFor(urlPathEqualTo(INIT)));
        verifySegmentsSent(1, 2, 1);
        x.verify(1, postRequestedFor(urlPathEqualTo(FINALIZE)));
        x.verify(1, getRequestedFor(urlPathEqualTo("/media/clip.mp4")).withHeader("Range", equalTo("bytes=1000-")));
    }

    @Test
    void aVideoOverXsLimitIsRefusedBeforeAnythingIsUploaded() {
        Media huge = new Media("med_big", x.baseUrl() + "/media/huge.mp4", "video/mp4", XPublisher.MAX_VIDEO_BYTES + 1, null, 1280, 720, 30.0);
        x.stubFor(get(urlPathEqualTo("/media/huge.mp4")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", String.valueOf(XPublisher.MAX_VIDEO_BYTES + 1)).withBody(new byte[16])));

        PlatformResult.Rejected<?> refused = assertInstanceOf(PlatformResult.Rejected.class, publisher(Duration.ofSeconds(10))
                .prepare(target, new Outgoing("ten_1", "post_1", "Big", List.of(), List.of(huge), null, null, NOW), Json.object()));

        assertEquals("MEDIA_TOO_LARGE", refused.code());
        x.verify(0, postRequestedFor(urlPathEqualTo(INIT)));
    }

    @Test
    void anAnimatedGifGoesThroughTheChunkedUploadAsTweetGifAndKeepsItsAltText() {
        x.stubFor(get(urlPathEqualTo("/media/oven.gif")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/gif").withBody(VIDEO)));
        x.stubFor(post(urlPathEqualTo(FINALIZE)).willReturn(okJson(processing("succeeded", ""))));
        x.stubFor(post(urlPathEqualTo("/2/media/metadata")).willReturn(okJson("{\"data\":{\"id\":\"" + MEDIA_ID + "\"}}")));
        Media gif = new Media("med_g", x.baseUrl() + "/media/oven.gif", "image/gif", VIDEO.length, "The oven door opening", 480, 270, null);

        PlatformResult<Prepared> r = publisher(Duration.ofSeconds(10)).prepare(target,
                new Outgoing("ten_1", "post_1", "Warm", List.of(), List.of(gif), null, null, NOW), Json.object());

        assertInstanceOf(Prepared.Ready.class, prepared(r));
        x.verify(1, postRequestedFor(urlPathEqualTo(INIT))
                .withRequestBody(equalToJson("{\"media_type\":\"image/gif\",\"total_bytes\":2500,\"media_category\":\"tweet_gif\"}")));
        verifySegmentsSent(1, 1, 1);
        x.verify(1, postRequestedFor(urlPathEqualTo("/2/media/metadata")).withRequestBody(equalToJson(
                "{\"id\":\"" + MEDIA_ID + "\",\"metadata\":{\"alt_text\":{\"text\":\"The oven door opening\"}}}")));
        x.verify(0, postRequestedFor(urlPathEqualTo("/2/media/upload"))); // not the simple upload
    }

    @Test
    void aLostFinalizeAnswerIsSettledByStatusNotBySecondFinalize() {
        // X finalizes, but its answer comes after the client gave up
        x.stubFor(post(urlPathEqualTo(FINALIZE)).willReturn(okJson(processing("pending", ",\"check_after_secs\":1")).withFixedDelay(3_000)));
        x.stubFor(get(urlPathEqualTo(STATUS)).willReturn(okJson(processing("in_progress", ",\"check_after_secs\":4"))));
        ObjectNode state = Json.object();

        PlatformResult<Prepared> lost = publisher(Duration.ofMillis(500)).prepare(target, clip(), state);
        assertInstanceOf(PlatformResult.Transient.class, lost, lost.toString());
        Prepared.Waiting waiting = assertInstanceOf(Prepared.Waiting.class, prepared(publisher(Duration.ofSeconds(10)).prepare(target, clip(), state)));

        assertEquals(4, waiting.afterSeconds());
        x.verify(1, postRequestedFor(urlPathEqualTo(FINALIZE)));
        verifySegmentsSent(1, 1, 1);
    }
}
