package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.PlatformPublisher.Media;
import com.socialwire.shared.social.PlatformPublisher.Outgoing;
import com.socialwire.shared.social.PlatformPublisher.Prepared;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
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
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.socialwire.shared.social.publishers.FacebookPagesPublisherContractTest.PAGE_ID;
import static com.socialwire.shared.social.publishers.FacebookPagesPublisherContractTest.TOKEN;
import static com.socialwire.shared.social.publishers.FacebookPagesPublisherContractTest.metaError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FacebookPagesPublisher}'s Page videos, published as reels, against WireMock stubs shaped from Meta's Reels
 * Publishing API (https://developers.facebook.com/docs/video-api/guides/reels-publishing): {@code POST
 * /{page-id}/video_reels upload_phase=start} answers {@code {video_id, upload_url}}; {@code POST {upload_url}} with
 * {@code Authorization: OAuth {token}} and a {@code file_url} header answers {@code {"success":true}};
 * {@code GET /{video-id}?fields=status} answers {@code status{video_status, uploading_phase, processing_phase,
 * publishing_phase}} (each with {@code status} not_started | in_progress | complete | error, errors as
 * {@code errors[{code,message}]}); {@code upload_phase=finish&video_state=PUBLISHED} answers {@code {"success":true}}.
 */
class FacebookVideoContractTest {

    @RegisterExtension
    static WireMockExtension graph = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String VIDEO_ID = "1234567890123456";
    static final String REELS = "/v21.0/" + PAGE_ID + "/video_reels";
    static final String UPLOAD = "/video-upload/v21.0/" + VIDEO_ID;
    static final String STATUS = "/v21.0/" + VIDEO_ID;
    static final String CLIP_URL = "https://media.example/presigned/clip.mp4?X-Amz-Signature=abc";
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final String TEXT = "A loaf in motion #bread";

    Target target;

    FacebookPagesPublisher publisher(Duration timeout) {
        return new FacebookPagesPublisher(new PlatformHttp(ProviderHttp.newClient(), timeout, Clock.fixed(NOW, ZoneOffset.UTC)),
                graph.baseUrl() + "/v21.0/");
    }

    FacebookPagesPublisher publisher() {
        return publisher(Duration.ofSeconds(10));
    }

    @BeforeEach
    void setUp() {
        graph.resetAll();
        target = new Target(new SocialAccount("ten_1", "sa_1", "facebook", PAGE_ID, "bloombakery", "Bloom Bakery", null,
                "page", null, List.of("pages_manage_posts"), null, AccountStatus.CONNECTED, null, true, NOW, NOW, 1), TOKEN);
    }

    static Media clip(double seconds) {
        return new Media("med_v", CLIP_URL, "video/mp4", 3_000_000, null, 1080, 1920, seconds);
    }

    static Outgoing outgoing(List<Media> media) {
        return new Outgoing("ten_1", "post_v", TEXT, List.of(), media, null, null, NOW);
    }

    static String status(String video, String uploading, String processing, String publishing) {
        return "{\"status\":{\"video_status\":\"" + video + "\",\"uploading_phase\":{\"status\":\"" + uploading + "\"},"
                + "\"processing_phase\":{\"status\":\"" + processing + "\"},\"publishing_phase\":{\"status\":\"" + publishing + "\"}},"
                + "\"id\":\"" + VIDEO_ID + "\"}";
    }

    void stubStartAndUpload() {
        graph.stubFor(post(urlPathEqualTo(REELS)).withRequestBody(equalTo("upload_phase=start"))
                .willReturn(okJson("{\"video_id\":\"" + VIDEO_ID + "\",\"upload_url\":\"" + graph.baseUrl() + UPLOAD + "\"}")));
        graph.stubFor(post(urlPathEqualTo(UPLOAD)).willReturn(okJson("{\"success\":true}")));
    }

    @SuppressWarnings("unchecked")
    static <T> T ok(PlatformResult<T> r) {
        assertInstanceOf(PlatformResult.Ok.class, r, String.valueOf(r));
        return ((PlatformResult.Ok<T>) r).value();
    }

    @Test
    void aVideoIsUploadedByUrlOnceWaitedForWhileProcessingThenPublishedAsOneReel() {
        stubStartAndUpload();
        graph.stubFor(get(urlPathEqualTo(STATUS)).inScenario("processing").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(status("processing", "complete", "in_progress", "not_started"))).willSetStateTo("ready"));
        graph.stubFor(get(urlPathEqualTo(STATUS)).inScenario("processing").whenScenarioStateIs("ready")
                .willReturn(okJson(status("ready", "complete", "complete", "not_started"))));
        graph.stubFor(post(urlPathEqualTo(REELS)).withRequestBody(containing("upload_phase=finish")).willReturn(okJson("{\"success\":true}")));
        FacebookPagesPublisher p = publisher();
        Outgoing post = outgoing(List.of(clip(12.0)));
        ObjectNode state = Json.object();

        Prepared.Waiting waiting = assertInstanceOf(Prepared.Waiting.class, ok(p.prepare(target, post, state)));
        assertTrue(waiting.afterSeconds() > 0);
        // asked again: the session and the upload are in the state, only the status is read
        state = assertInstanceOf(Prepared.Ready.class, ok(p.prepare(target, post, waiting.state()))).state();
        Published published = ok(p.publish(target, post, state, "k1"));

        assertEquals(new Published(VIDEO_ID, "https://www.facebook.com/reel/" + VIDEO_ID), published);
        graph.verify(1, postRequestedFor(urlPathEqualTo(REELS)).withRequestBody(equalTo("upload_phase=start"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        graph.verify(1, postRequestedFor(urlPathEqualTo(UPLOAD)).withHeader("Authorization", equalTo("OAuth " + TOKEN))
                .withHeader("file_url", equalTo(CLIP_URL)));
        graph.verify(2, getRequestedFor(urlPathEqualTo(STATUS)).withQueryParam("fields", equalTo("status")));
        graph.verify(1, postRequestedFor(urlPathEqualTo(REELS)).withRequestBody(equalTo("upload_phase=finish&video_id=" + VIDEO_ID
                + "&video_state=PUBLISHED&description=A%20loaf%20in%20motion%20%23bread")));
    }

    @Test
    void aVideoMetaCannotProcessIsRejectedWithMetasReasonAndNeverPublished() {
        stubStartAndUpload();
        graph.stubFor(get(urlPathEqualTo(STATUS)).willReturn(okJson("{\"status\":{\"video_status\":\"error\","
                + "\"uploading_phase\":{\"status\":\"complete\"},\"processing_phase\":{\"status\":\"error\",\"errors\":[{\"code\":1363040,"
                + "\"message\":\"The video's aspect ratio is not supported for reels\"}]},\"publishing_phase\":{\"status\":\"not_started\"}},"
                + "\"id\":\"" + VIDEO_ID + "\"}")));

        PlatformResult.Rejected<?> r = assertInstanceOf(PlatformResult.Rejected.class,
                publisher().prepare(target, outgoing(List.of(clip(12.0))), Json.object()));

        assertEquals("VIDEO_PROCESSING_FAILED", r.code());
        assertTrue(r.message().contains("aspect ratio is not supported"), r.message());
        graph.verify(0, postRequestedFor(urlPathEqualTo(REELS)).withRequestBody(containing("upload_phase=finish")));
    }

    @Test
    void aFinishAnsweredAfterTheTimeoutIsFoundByTheVideoIdAndStaysOneReel() {
        stubStartAndUpload();
        graph.stubFor(get(urlPathEqualTo(STATUS)).inScenario("published").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(status("ready", "complete", "complete", "not_started"))));
        graph.stubFor(post(urlPathEqualTo(REELS)).withRequestBody(containing("upload_phase=finish")).inScenario("published")
                .willReturn(okJson("{\"success\":true}").withFixedDelay(3_000)).willSetStateTo("finished"));
        graph.stubFor(get(urlPathEqualTo(STATUS)).inScenario("published").whenScenarioStateIs("finished")
                .willReturn(okJson("{\"status\":{\"video_status\":\"ready\",\"uploading_phase\":{\"status\":\"complete\"},"
                        + "\"processing_phase\":{\"status\":\"complete\"},\"publishing_phase\":{\"status\":\"complete\","
                        + "\"publish_status\":\"published\",\"publish_time\":1796385600}},\"id\":\"" + VIDEO_ID + "\"}")));
        Outgoing post = outgoing(List.of(clip(30.0)));
        ObjectNode state = assertInstanceOf(Prepared.Ready.class, ok(publisher().prepare(target, post, Json.object()))).state();

        PlatformResult.Unknown<?> lost = assertInstanceOf(PlatformResult.Unknown.class,
                publisher(Duration.ofMillis(500)).publish(target, post, state, "k1"));
        Reconciled r = ok(publisher().reconcile(target, post, state, "k1", NOW));

        assertEquals(new Reconciled.Found(new Published(VIDEO_ID, "https://www.facebook.com/reel/" + VIDEO_ID)), r);
        graph.verify(1, postRequestedFor(urlPathEqualTo(REELS)).withRequestBody(containing("upload_phase=finish")));
        graph.verify(1, postRequestedFor(urlPathEqualTo(REELS)).withRequestBody(equalTo("upload_phase=start")));
        graph.verify(1, postRequestedFor(urlPathEqualTo(UPLOAD)));
        assertFalse(lost.message().contains(TOKEN));
    }

    @Test
    void aFinishThatNeverReachedMetaIsNotFoundSoPublishingAgainMakesTheOneReel() {
        graph.stubFor(get(urlPathEqualTo(STATUS)).willReturn(okJson(status("ready", "complete", "complete", "not_started"))));
        ObjectNode state = Json.object().put("videoId", VIDEO_ID).put("uploadUrl", graph.baseUrl() + UPLOAD).put("uploaded", true);

        Reconciled r = ok(publisher().reconcile(target, outgoing(List.of(clip(30.0))), state, "k1", NOW));

        assertInstanceOf(Reconciled.NotFound.class, r);
    }

    @Test
    void aRevokedPageTokenIsAuthFailedAtEveryVideoStepWithoutShowingTheToken() {
        graph.stubFor(post(urlPathEqualTo(REELS)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(metaError(190, "Error validating access token: the session was invalidated (token " + TOKEN + ")"))));
        graph.stubFor(get(urlPathEqualTo(STATUS)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(metaError(190, "Error validating access token"))));
        FacebookPagesPublisher p = publisher();
        Outgoing post = outgoing(List.of(clip(12.0)));
        ObjectNode started = Json.object().put("videoId", VIDEO_ID).put("uploadUrl", graph.baseUrl() + UPLOAD).put("uploaded", true);

        PlatformResult.AuthFailed<?> start = assertInstanceOf(PlatformResult.AuthFailed.class, p.prepare(target, post, Json.object()));
        assertFalse(start.message().contains(TOKEN));
        assertInstanceOf(PlatformResult.AuthFailed.class, p.prepare(target, post, started.deepCopy()));
        assertInstanceOf(PlatformResult.AuthFailed.class, p.publish(target, post, started.deepCopy(), "k1"));
        assertInstanceOf(PlatformResult.AuthFailed.class, p.reconcile(target, post, started.deepCopy(), "k1", NOW));
        graph.verify(0, postRequestedFor(urlPathEqualTo(UPLOAD)));
    }

    @Test
    void photosWithAVideoSeveralVideosAndAVideoOutsideReelLengthAreRefusedBeforeAnythingIsUploaded() {
        Media photo = new Media("med_p", "https://media.example/presigned/loaf.jpg", "image/jpeg", 2048, null, 64, 48, null);
        FacebookPagesPublisher p = publisher();

        assertEquals("PHOTOS_WITH_VIDEO", assertInstanceOf(PlatformResult.Rejected.class,
                p.prepare(target, outgoing(List.of(photo, clip(12.0))), Json.object())).code());
        assertEquals("ONE_VIDEO", assertInstanceOf(PlatformResult.Rejected.class,
                p.prepare(target, outgoing(List.of(clip(12.0), clip(14.0))), Json.object())).code());
        assertEquals("VIDEO_DURATION", assertInstanceOf(PlatformResult.Rejected.class,
                p.prepare(target, outgoing(List.of(clip(240.0))), Json.object())).code());
        assertEquals(0, graph.getAllServeEvents().size());
    }
}
