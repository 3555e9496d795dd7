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
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TikTokPublisher} against WireMock stubs shaped from TikTok's Content Posting API documentation: Query Creator
 * Info (https://developers.tiktok.com/doc/content-posting-api-reference-query-creator-info), Direct Post video and
 * photo init (…/content-posting-api-reference-direct-post, …/content-posting-api-reference-photo-post), Get Post Status
 * (…/content-posting-api-reference-get-video-status: PROCESSING_DOWNLOAD, PUBLISH_COMPLETE with
 * {@code publicaly_available_post_id}, FAILED with {@code fail_reason}), List Videos
 * (…/tiktok-api-v2-video-list) and the v2 error envelope {@code {"data":{},"error":{"code","message","log_id"}}}
 * (…/tiktok-api-v2-error-handling).
 */
class TikTokPublisherContractTest {

    @RegisterExtension
    static WireMockExtension tt = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "act.TikTokCreatorToken4Xz9!4691.va";
    static final String OPEN_ID = "723f24d7-e717-40f8-a2b6-cb8464cd23b4";
    static final String CREATOR = "/v2/post/publish/creator_info/query/";
    static final String VIDEO_INIT = "/v2/post/publish/video/init/";
    static final String PHOTO_INIT = "/v2/post/publish/content/init/";
    static final String STATUS = "/v2/post/publish/status/fetch/";
    static final String LIST = "/v2/video/list/";
    static final String PUBLISH_ID = "v_pub_url~v2-1.7446655443322110000";
    static final String POST_ID = "7446655443322118811";
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final String TEXT = "Fresh loaves at 7 #bread";
    static final String OK = "\"error\":{\"code\":\"ok\",\"message\":\"\",\"log_id\":\"20261204120000AB\"}";

    Target target;

    /** A generous timeout: WireMock on a busy two-core machine answers slowly now and then. */
    TikTokPublisher publisher() {
        return publisher(Duration.ofSeconds(10));
    }

    TikTokPublisher publisher(Duration timeout) {
        return new TikTokPublisher(new PlatformHttp(ProviderHttp.newClient(), timeout, Clock.fixed(NOW, ZoneOffset.UTC)), tt.baseUrl() + "/");
    }

    @BeforeEach
    void setUp() {
        tt.resetAll();
        target = new Target(new SocialAccount("ten_1", "sa_1", "tiktok", OPEN_ID, "bloombakery", "Bloom Bakery", null, "profile", null,
                List.of("user.info.basic", "video.publish", "video.list"), null, AccountStatus.CONNECTED, null, true, NOW, NOW, 1), TOKEN);
    }

    static Media video() {
        return new Media("med_v", "https://media.socialwire.example/presigned/v.mp4?X-Amz-Signature=abc", "video/mp4", 5_000_000, null,
                1080, 1920, 42.0);
    }

    static Media photo(String name) {
        return new Media("med_" + name, "https://media.socialwire.example/presigned/" + name + ".jpg?X-Amz-Signature=abc", "image/jpeg",
                200_000, "alt", 1080, 1350, null);
    }

    static Outgoing outgoing(List<Media> media) {
        return new Outgoing("ten_1", "post_1", TEXT, List.of(), media, null, null, NOW);
    }

    static String tiktokError(String code, String message) {
        return "{\"data\":{},\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"log_id\":\"20261204120000CD\"}}";
    }

    void creatorCanPost(String... privacy) {
        tt.stubFor(post(urlPathEqualTo(CREATOR)).willReturn(okJson("""
                {"data":{"creator_avatar_url":"https://p16-sign.tiktokcdn-us.com/avatar.jpeg","creator_username":"bloombakery",
                 "creator_nickname":"Bloom Bakery","privacy_level_options":%s,"comment_disabled":false,"duet_disabled":false,
                 "stitch_disabled":true,"max_video_post_duration_sec":600},%s}""".formatted(Json.write(List.of(privacy)), OK))));
    }

    void initAnswers(String path) {
        tt.stubFor(post(urlPathEqualTo(path)).willReturn(okJson("{\"data\":{\"publish_id\":\"" + PUBLISH_ID + "\"}," + OK + "}")));
    }

    void statusIs(String status, String extra) {
        tt.stubFor(post(urlPathEqualTo(STATUS)).willReturn(okJson("{\"data\":{\"status\":\"" + status + "\"" + extra
                + ",\"uploaded_bytes\":0,\"downloaded_bytes\":5000000}," + OK + "}")));
    }

    static ObjectNode ready(PlatformResult<Prepared> r) {
        return assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) r).value(), String.valueOf(r)).state();
    }

    static <T> T ok(PlatformResult<T> r) {
        return ((PlatformResult.Ok<T>) assertInstanceOf(PlatformResult.Ok.class, r, String.valueOf(r))).value();
    }

    @Test
    void aVideoIsPulledFromItsUrlWithTheMostPublicLevelAndPublishedOnceWithItsPostUrl() {
        creatorCanPost("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY");
        initAnswers(VIDEO_INIT);
        statusIs("PUBLISH_COMPLETE", ",\"publicaly_available_post_id\":[" + POST_ID + "]");
        TikTokPublisher p = publisher();
        Outgoing post = outgoing(List.of(video()));

        ObjectNode state = ready(p.prepare(target, post, Json.object()));
        Published published = ok(p.publish(target, post, state, "k1"));

        assertEquals(new Published(POST_ID, "https://www.tiktok.com/@bloombakery/video/" + POST_ID), published);
        assertEquals(PUBLISH_ID, state.path("publishId").asText(), "the publish id is kept in the state the delivery stores");
        tt.verify(1, postRequestedFor(urlPathEqualTo(VIDEO_INIT)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("""
                        {"post_info":{"title":"%s","privacy_level":"PUBLIC_TO_EVERYONE","disable_comment":false,"disable_duet":false,
                         "disable_stitch":true},
                         "source_info":{"source":"PULL_FROM_URL","video_url":"%s"}}""".formatted(TEXT, video().url()))));
        tt.verify(1, postRequestedFor(urlPathEqualTo(STATUS)).withRequestBody(equalToJson("{\"publish_id\":\"" + PUBLISH_ID + "\"}")));
    }

    @Test
    void photosAreOneDirectPhotoPostPulledFromTheirUrls() {
        creatorCanPost("SELF_ONLY");
        initAnswers(PHOTO_INIT);
        statusIs("PUBLISH_COMPLETE", ",\"publicaly_available_post_id\":[]");
        TikTokPublisher p = publisher();
        Outgoing post = new Outgoing("ten_1", "post_1", TEXT, List.of(), List.of(photo("a"), photo("b")), "Morning bake", null, NOW);

        ObjectNode state = ready(p.prepare(target, post, Json.object()));
        Published published = ok(p.publish(target, post, state, "k1"));

        assertEquals(new Published(PUBLISH_ID, "https://www.tiktok.com/@bloombakery"), published,
                "a private (SELF_ONLY) post gets no public id: the publish id and the profile stand for it");
        tt.verify(1, postRequestedFor(urlPathEqualTo(PHOTO_INIT)).withRequestBody(equalToJson("""
                {"post_info":{"title":"Morning bake","description":"%s","privacy_level":"SELF_ONLY","disable_comment":false,
                 "auto_add_music":true},
                 "source_info":{"source":"PULL_FROM_URL","photo_images":["%s","%s"],"photo_cover_index":0},
                 "post_mode":"DIRECT_POST","media_type":"PHOTO"}""".formatted(TEXT, photo("a").url(), photo("b").url()))));
        tt.verify(0, postRequestedFor(urlPathEqualTo(VIDEO_INIT)));
    }

    /** A video prepared and initiated while TikTok still downloads it: the state the delivery keeps. */
    ObjectNode initiatedAndProcessing(TikTokPublisher p, Outgoing post) {
        creatorCanPost("PUBLIC_TO_EVERYONE");
        initAnswers(VIDEO_INIT);
        statusIs("PROCESSING_DOWNLOAD", "");
        ObjectNode state = ready(p.prepare(target, post, Json.object()));
        assertInstanceOf(PlatformResult.Unknown.class, p.publish(target, post, state, "k1"));
        return state;
    }

    @Test
    void aPublishStillProcessingWaitsByItsPublishIdAndIsNeverInitiatedAgain() {
        TikTokPublisher p = publisher();
        Outgoing post = outgoing(List.of(video()));
        ObjectNode state = initiatedAndProcessing(p, post);

        assertEquals(PUBLISH_ID, state.path("publishId").asText());
        Reconciled.Waiting waiting = assertInstanceOf(Reconciled.Waiting.class, ok(p.reconcile(target, post, state, "k1", NOW)));
        assertEquals(TikTokPublisher.WAIT_SECONDS, waiting.afterSeconds());
        assertInstanceOf(PlatformResult.Unknown.class, p.publish(target, post, state, "k1"), "a second publish only defers to the id");

        statusIs("PUBLISH_COMPLETE", ",\"publicaly_available_post_id\":[" + POST_ID + "]");
        Reconciled.Found found = assertInstanceOf(Reconciled.Found.class, ok(p.reconcile(target, post, state, "k1", NOW)));

        assertEquals(POST_ID, found.post().externalId());
        tt.verify(1, postRequestedFor(urlPathEqualTo(VIDEO_INIT)));
    }

    @Test
    void aFailedPublishFailsWithTikToksReasonExplainedAndNotItsText() {
        TikTokPublisher p = publisher();
        Outgoing post = outgoing(List.of(video()));
        ObjectNode state = initiatedAndProcessing(p, post);

        statusIs("FAILED", ",\"fail_reason\":\"video_pull_failed\"");
        Reconciled.Failed failed = assertInstanceOf(Reconciled.Failed.class, ok(p.reconcile(target, post, state, "k1", NOW)));

        assertEquals("video_pull_failed", failed.code());
        assertTrue(failed.reason().contains("could not download the video"), failed.reason());

        statusIs("FAILED", ",\"fail_reason\":\"<script>odd</script>\"");
        Reconciled.Failed odd = assertInstanceOf(Reconciled.Failed.class, ok(p.reconcile(target, post, state, "k1", NOW)));
        assertEquals("unknown", odd.code(), "only a short code of TikTok's is kept");
        assertFalse(odd.reason().contains("script"), odd.reason());
    }

    @Test
    void aFailureAnsweredAtOnceIsARejectionWithTheReason() {
        creatorCanPost("PUBLIC_TO_EVERYONE");
        initAnswers(VIDEO_INIT);
        statusIs("FAILED", ",\"fail_reason\":\"file_format_check_failed\"");
        TikTokPublisher p = publisher();
        Outgoing post = outgoing(List.of(video()));
        ObjectNode state = ready(p.prepare(target, post, Json.object()));

        PlatformResult.Rejected<?> r = assertInstanceOf(PlatformResult.Rejected.class, p.publish(target, post, state, "k1"));

        assertEquals(0, r.httpStatus(), "a reason of ours, shown to the person");
        assertTrue(r.message().contains("format"), r.message());
    }

    @Test
    void anInitAnsweredAfterTheTimeoutIsFoundAmongTheCreatorsVideosAndStaysOnePost() {
        creatorCanPost("PUBLIC_TO_EVERYONE");
        tt.stubFor(post(urlPathEqualTo(VIDEO_INIT)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"data\":{\"publish_id\":\"" + PUBLISH_ID + "\"}," + OK + "}").withFixedDelay(3_000))
                .willSetStateTo("posted"));
        tt.stubFor(post(urlPathEqualTo(LIST)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"data\":{\"videos\":[],\"cursor\":0,\"has_more\":false}," + OK + "}")));
        tt.stubFor(post(urlPathEqualTo(LIST)).inScenario("lost").whenScenarioStateIs("posted").willReturn(okJson("""
                {"data":{"videos":[
                  {"id":"%s","title":"%s","video_description":"%s","create_time":%d,"share_url":"https://www.tiktok.com/@bloombakery/video/%s"},
                  {"id":"7400000000000000001","title":"Older","video_description":"Older","create_time":%d}],
                 "cursor":%d,"has_more":false},%s}""".formatted(POST_ID, TEXT, TEXT, NOW.getEpochSecond() + 20, POST_ID,
                NOW.minusSeconds(86_400).getEpochSecond(), NOW.getEpochSecond() * 1000, OK))));
        Outgoing post = outgoing(List.of(video()));
        ObjectNode state = ready(publisher().prepare(target, post, Json.object()));

        PlatformResult<Published> lost = publisher(Duration.ofMillis(300)).publish(target, post, state, "k1");

        assertInstanceOf(PlatformResult.Unknown.class, lost);
        assertFalse(state.has("publishId"), "the answer never came: no publish id to follow");
        Reconciled.Found found = assertInstanceOf(Reconciled.Found.class, ok(publisher().reconcile(target, post, state, "k1", NOW)));
        assertEquals(new Published(POST_ID, "https://www.tiktok.com/@bloombakery/video/" + POST_ID), found.post());
        tt.verify(1, postRequestedFor(urlPathEqualTo(VIDEO_INIT)));
        tt.verify(postRequestedFor(urlPathEqualTo(LIST)).withQueryParam("fields", equalTo("id,title,video_description,create_time,share_url"))
                .withRequestBody(equalToJson("{\"max_count\":20}")));
    }

    @Test
    void aLostInitNotListedWaitsForProcessingThenCannotTellButNeverNotFound() {
        tt.stubFor(post(urlPathEqualTo(LIST)).willReturn(okJson("""
                {"data":{"videos":[{"id":"7400000000000000001","title":"Older","video_description":"Older","create_time":%d}],
                 "cursor":0,"has_more":false},%s}""".formatted(NOW.minusSeconds(86_400).getEpochSecond(), OK))));
        Outgoing post = outgoing(List.of(video()));
        ObjectNode state = Json.object().put("privacyLevel", "PUBLIC_TO_EVERYONE");

        PlatformResult<Reconciled> soon = publisher().reconcile(target, post, state, "k1", NOW.minusSeconds(60));
        PlatformResult<Reconciled> later = publisher().reconcile(target, post, state, "k1", NOW.minus(TikTokPublisher.LISTING_GRACE).minusSeconds(1));

        assertInstanceOf(PlatformResult.Transient.class, soon, "it may still be processing: asked again later");
        assertInstanceOf(Reconciled.CannotTell.class, ok(later));
    }

    @Test
    void withoutTheListingPermissionALostInitCannotTell() {
        tt.stubFor(post(urlPathEqualTo(LIST)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody(tiktokError("scope_not_authorized", "The user did not authorize the scope required for completing this request."))));

        PlatformResult<Reconciled> r = publisher().reconcile(target, outgoing(List.of(video())), Json.object(), "k1", NOW);

        assertInstanceOf(Reconciled.CannotTell.class, ok(r));
    }

    @Test
    void aRevokedTokenIsAuthFailedBeforeAnythingIsSent() {
        tt.stubFor(post(urlPathEqualTo(CREATOR)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody(tiktokError("access_token_invalid", "The access token is invalid or not found in the request."))));
        tt.stubFor(post(urlPathEqualTo(VIDEO_INIT)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody(tiktokError("access_token_invalid", "The access token is invalid or not found in the request."))));
        TikTokPublisher p = publisher();
        Outgoing post = outgoing(List.of(video()));

        PlatformResult.AuthFailed<?> prepared = assertInstanceOf(PlatformResult.AuthFailed.class, p.prepare(target, post, Json.object()));
        PlatformResult.AuthFailed<?> published = assertInstanceOf(PlatformResult.AuthFailed.class,
                p.publish(target, post, Json.object().put("privacyLevel", "SELF_ONLY"), "k1"));

        assertEquals("access_token_invalid", prepared.code());
        assertEquals("access_token_invalid", published.code());
        assertFalse(prepared.toString().contains(TOKEN) || published.toString().contains(TOKEN));
    }

    @Test
    void aRateLimitedInitIsTransientAndMarkedSafeToMakeAgain() {
        tt.stubFor(post(urlPathEqualTo(VIDEO_INIT)).willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withBody(tiktokError("rate_limit_exceeded", "API rate limit exceeded, please retry later."))));
        TikTokPublisher p = publisher();
        Outgoing post = outgoing(List.of(video()));
        ObjectNode state = Json.object().put("privacyLevel", "PUBLIC_TO_EVERYONE");

        PlatformResult.Transient<?> t = assertInstanceOf(PlatformResult.Transient.class, p.publish(target, post, state, "k1"));

        assertEquals("rate_limit_exceeded", t.code());
        assertInstanceOf(Reconciled.NotFound.class, ok(p.reconcile(target, post, state, "k1", NOW)),
                "TikTok refused before acting: publishing again cannot make a second post");
        tt.verify(0, postRequestedFor(urlPathEqualTo(LIST)));
    }

    @Test
    void aCreatorWhoCannotPostNowIsRefusedWithAReasonAPersonUnderstands() {
        tt.stubFor(post(urlPathEqualTo(CREATOR)).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody(tiktokError("spam_risk_too_many_posts", "The daily post cap from the current API client has been reached."))));

        PlatformResult.Rejected<?> r = assertInstanceOf(PlatformResult.Rejected.class,
                publisher().prepare(target, outgoing(List.of(video())), Json.object()));

        assertEquals("spam_risk_too_many_posts", r.code());
        assertEquals(0, r.httpStatus());
        assertTrue(r.message().contains("daily limit") && r.message().contains("tomorrow"), r.message());
        tt.verify(0, postRequestedFor(urlPathEqualTo(VIDEO_INIT)));
    }

    @Test
    void postsTikTokCannotTakeAreRefusedBeforeAnythingIsSent() {
        creatorCanPost("PUBLIC_TO_EVERYONE");
        TikTokPublisher p = publisher();
        Media long600 = new Media("med_l", video().url(), "video/mp4", 5_000_000, null, 1080, 1920, 900.0);
        Media png = new Media("med_p", "https://media.socialwire.example/p.png", "image/png", 1000, null, 10, 10, null);

        for (Outgoing bad : List.of(outgoing(List.of()), outgoing(List.of(video(), photo("a"))), outgoing(List.of(png)),
                outgoing(List.of(long600)), new Outgoing("ten_1", "post_1", "x".repeat(2_201), List.of(), List.of(video()), null, null, NOW),
                new Outgoing("ten_1", "post_1", TEXT, List.of("part 2"), List.of(video()), null, null, NOW))) {
            PlatformResult.Rejected<?> r = assertInstanceOf(PlatformResult.Rejected.class, p.prepare(target, bad, Json.object()), bad.toString());
            assertEquals(0, r.httpStatus());
        }
        tt.verify(0, postRequestedFor(urlPathEqualTo(VIDEO_INIT)));
        tt.verify(0, postRequestedFor(urlPathEqualTo(PHOTO_INIT)));
    }
}
