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
import java.util.Arrays;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link YouTubePublisher} against WireMock stubs shaped from Google's documentation of videos.insert
 * (https://developers.google.com/youtube/v3/docs/videos/insert), the resumable upload protocol
 * (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol: the session's {@code Location},
 * {@code 308 Resume Incomplete} with {@code Range}, the status query {@code Content-Range: bytes *}{@code /size}, 404
 * for an expired session) and its errors (https://developers.google.com/youtube/v3/docs/errors: {@code quotaExceeded},
 * {@code authError}).
 */
class YouTubePublisherContractTest {

    @RegisterExtension
    static WireMockExtension google = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "ya29.a0AfB_yt-publisher-token-77Qx";
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final String INSERT = "/upload/youtube/v3/videos";
    static final String UPLOAD_ID = "AEnB2UrJ1d0s4pLf9x6mK3nQb7wYt2Zx";
    static final String VIDEO_ID = "Ks-_Mh1QhMc";
    static final int SIZE = 1_000;
    static final String TEXT = "Fresh loaves at 7\nEvery morning we bake sourdough in the old oven. #bread";

    Target target;
    byte[] clip;

    YouTubePublisher publisher(Duration timeout, int chunk) {
        PlatformHttp http = new PlatformHttp(ProviderHttp.newClient(), timeout, Clock.fixed(NOW, ZoneOffset.UTC));
        return new YouTubePublisher(http, new MediaBytes(ProviderHttp.newClient(), Duration.ofSeconds(10)), 50_000_000,
                google.baseUrl() + "/upload/youtube/v3", "public", chunk);
    }

    /** With a generous timeout: WireMock on a busy two-core machine answers slowly now and then. */
    YouTubePublisher publisher() {
        return publisher(Duration.ofSeconds(10), YouTubePublisher.DEFAULT_CHUNK_BYTES);
    }

    @BeforeEach
    void setUp() {
        google.resetAll();
        target = new Target(new SocialAccount("ten_1", "sa_1", "youtube", "UC_x5XG1OV2P6uZZ5FSM9Ttw", "@bloombakery", "Bloom Bakery", null,
                "channel", null, List.of("https://www.googleapis.com/auth/youtube.upload"), NOW.plusSeconds(3600), AccountStatus.CONNECTED,
                null, true, NOW, NOW, 1), TOKEN);
        clip = bytes(SIZE);
        google.stubFor(get(urlPathEqualTo("/media/loaf.mp4")).willReturn(aResponse().withStatus(200).withBody(clip)));
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    String session() {
        return google.baseUrl() + INSERT + "?uploadType=resumable&upload_id=" + UPLOAD_ID;
    }

    Media video(long size) {
        return new Media("med_v", google.baseUrl() + "/media/loaf.mp4", "video/mp4", size, null, 1920, 1080, null);
    }

    Outgoing outgoing(String title, String text, List<Media> media) {
        return new Outgoing("ten_1", "post_1", text, List.of(), media, title, null, NOW);
    }

    void sessionStarts() {
        google.stubFor(post(urlPathEqualTo(INSERT)).willReturn(aResponse().withStatus(200).withHeader("Location", session())));
    }

    /** The status query: nothing received yet (308 without Range). */
    void sessionHoldsNothing() {
        google.stubFor(put(urlPathEqualTo(INSERT)).withHeader("Content-Range", equalTo("bytes */" + SIZE))
                .willReturn(aResponse().withStatus(308).withHeader("Content-Length", "0")));
    }

    static String videoResource(String id) {
        return """
                {"kind":"youtube#video","etag":"Dn5xIderbhAnUk5TAW0qkFFir0M","id":"%s",
                 "snippet":{"publishedAt":"2026-12-04T12:00:03Z","channelId":"UC_x5XG1OV2P6uZZ5FSM9Ttw","title":"Fresh loaves at 7",
                  "description":"Every morning","channelTitle":"Bloom Bakery","categoryId":"22","liveBroadcastContent":"none"},
                 "status":{"uploadStatus":"uploaded","privacyStatus":"public","license":"youtube","embeddable":true,"publicStatsViewable":true}}"""
                .formatted(id);
    }

    ObjectNode prepared(YouTubePublisher p, Outgoing post) {
        PlatformResult<Prepared> r = p.prepare(target, post, Json.object());
        return assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) assertInstanceOf(PlatformResult.Ok.class, r,
                String.valueOf(r))).value()).state();
    }

    @Test
    void theSessionIsStartedWithTheMetadataAndTheBytesMakeOneVideo() {
        sessionStarts();
        sessionHoldsNothing();
        google.stubFor(put(urlPathEqualTo(INSERT)).withHeader("Content-Range", equalTo("bytes 0-999/1000"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(videoResource(VIDEO_ID))));
        YouTubePublisher p = publisher();
        Outgoing post = outgoing(null, TEXT, List.of(video(SIZE)));

        ObjectNode state = prepared(p, post);
        PlatformResult<Published> r = p.publish(target, post, state, "k1");

        assertEquals(new Published(VIDEO_ID, "https://www.youtube.com/watch?v=" + VIDEO_ID), ((PlatformResult.Ok<Published>) r).value());
        assertEquals(session(), state.path("session").asText(), "the session URI is kept in the state before any byte is sent");
        google.verify(postRequestedFor(urlEqualTo(INSERT + "?uploadType=resumable&part=snippet%2Cstatus"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json; charset=UTF-8"))
                .withHeader("X-Upload-Content-Length", equalTo("1000"))
                .withHeader("X-Upload-Content-Type", equalTo("video/mp4"))
                .withRequestBody(equalToJson("""
                        {"snippet":{"title":"Fresh loaves at 7","description":"Every morning we bake sourdough in the old oven. #bread"},
                         "status":{"privacyStatus":"public"}}""")));
        google.verify(1, putRequestedFor(urlPathEqualTo(INSERT)).withHeader("Content-Range", equalTo("bytes 0-999/1000"))
                .withQueryParam("upload_id", equalTo(UPLOAD_ID)).withHeader("Content-Type", equalTo("video/mp4"))
                .withRequestBody(binaryEqualTo(clip)));
    }

    @Test
    void aLargeVideoGoesInChunksOfAMultipleOf256KiBFollowingTheRangeYouTubeHolds() {
        int size = 600 * 1024;
        clip = bytes(size);
        google.stubFor(get(urlPathEqualTo("/media/loaf.mp4")).willReturn(aResponse().withStatus(200).withBody(clip)));
        sessionStarts();
        google.stubFor(put(urlPathEqualTo(INSERT)).withHeader("Content-Range", equalTo("bytes */" + size))
                .willReturn(aResponse().withStatus(308)));
        google.stubFor(put(urlPathEqualTo(INSERT)).withHeader("Content-Range", equalTo("bytes 0-262143/" + size))
                .willReturn(aResponse().withStatus(308).withHeader("Range", "bytes=0-262143")));
        // YouTube may keep less than was sent: it holds up to 400000, so the next chunk starts there
        google.stubFor(put(urlPathEqualTo(INSERT)).withHeader("Content-Range", equalTo("bytes 262144-524287/" + size))
                .willReturn(aResponse().withStatus(308).withHeader("Range", "bytes=0-399999")));
        google.stubFor(put(urlPathEqualTo(INSERT)).withHeader("Content-Range", equalTo("bytes 400000-614399/" + size))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(videoResource(VIDEO_ID))));
        YouTubePublisher p = publisher(Duration.ofSeconds(10), YouTubePublisher.CHUNK_UNIT);
        Outgoing post = outgoing("Our oven", TEXT, List.of(video(size)));

        PlatformResult<Published> r = p.publish(target, post, prepared(p, post), "k1");

        assertEquals(VIDEO_ID, ((PlatformResult.Ok<Published>) r).value().externalId());
        google.verify(putRequestedFor(urlPathEqualTo(INSERT)).withHeader("Content-Range", equalTo("bytes 400000-614399/" + size))
                .withRequestBody(binaryEqualTo(Arrays.copyOfRange(clip, 400_000, size))));
        google.verify(4, putRequestedFor(urlPathEqualTo(INSERT))); // the status query and three chunks
    }

    @Test
    void aLostAnswerToTheLastBytesIsFoundByAskingTheSessionSoTheDeliveryEndsWithOneVideo() {
        sessionStarts();
        // YouTube makes the video, but answers after the client gave up
        google.stubFor(put(urlPathEqualTo(INSERT)).inScenario("upload").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("Content-Range", equalTo("bytes */" + SIZE)).willReturn(aResponse().withStatus(308)));
        google.stubFor(put(urlPathEqualTo(INSERT)).inScenario("upload").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("Content-Range", equalTo("bytes 0-999/1000")).willSetStateTo("made")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(videoResource(VIDEO_ID))
                        .withFixedDelay(3_000)));
        google.stubFor(put(urlPathEqualTo(INSERT)).inScenario("upload").whenScenarioStateIs("made")
                .withHeader("Content-Range", equalTo("bytes */" + SIZE))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(videoResource(VIDEO_ID))));
        Outgoing post = outgoing(null, TEXT, List.of(video(SIZE)));
        ObjectNode state = prepared(publisher(), post);

        PlatformResult<Published> lost = publisher(Duration.ofMillis(500), YouTubePublisher.DEFAULT_CHUNK_BYTES).publish(target, post, state, "k1");
        PlatformResult.Unknown<?> unknown = assertInstanceOf(PlatformResult.Unknown.class, lost);
        assertFalse(unknown.message().contains(TOKEN));
        PlatformResult<Reconciled> r = publisher().reconcile(target, post, state, "k1", NOW);

        assertEquals(new Reconciled.Found(new Published(VIDEO_ID, "https://www.youtube.com/watch?v=" + VIDEO_ID)),
                ((PlatformResult.Ok<Reconciled>) r).value());
        google.verify(1, putRequestedFor(urlPathEqualTo(INSERT)).withHeader("Content-Range", equalTo("bytes 0-999/1000")));
        google.verify(1, postRequestedFor(urlPathEqualTo(INSERT)));
        google.verify(putRequestedFor(urlPathEqualTo(INSERT)).withHeader("Content-Range", equalTo("bytes */1000"))
                .withHeader("Content-Length", equalTo("0")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void bytesLostHalfwayAreNotFoundAndPublishingAgainResumesTheSameSessionForOneVideo() {
        sessionStarts();
        google.stubFor(put(urlPathEqualTo(INSERT)).inScenario("upload").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("Content-Range", equalTo("bytes */" + SIZE)).willReturn(aResponse().withStatus(308)));
        // the connection breaks after YouTube kept the first 400 bytes
        google.stubFor(put(urlPathEqualTo(INSERT)).inScenario("upload").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("Content-Range", equalTo("bytes 0-999/1000")).willSetStateTo("partial")
                .willReturn(aResponse().withStatus(308).withHeader("Range", "bytes=0-399").withFixedDelay(3_000)));
        google.stubFor(put(urlPathEqualTo(INSERT)).inScenario("upload").whenScenarioStateIs("partial")
                .withHeader("Content-Range", equalTo("bytes */" + SIZE)).willReturn(aResponse().withStatus(308).withHeader("Range", "bytes=0-399")));
        google.stubFor(put(urlPathEqualTo(INSERT)).inScenario("upload").whenScenarioStateIs("partial")
                .withHeader("Content-Range", equalTo("bytes 400-999/1000")).willSetStateTo("made")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(videoResource(VIDEO_ID))));
        Outgoing post = outgoing(null, TEXT, List.of(video(SIZE)));
        ObjectNode state = prepared(publisher(), post);

        assertInstanceOf(PlatformResult.Unknown.class,
                publisher(Duration.ofMillis(500), YouTubePublisher.DEFAULT_CHUNK_BYTES).publish(target, post, state, "k1"));
        PlatformResult<Reconciled> r = publisher().reconcile(target, post, state, "k1", NOW);
        assertInstanceOf(Reconciled.NotFound.class, ((PlatformResult.Ok<Reconciled>) r).value());
        PlatformResult<Published> again = publisher().publish(target, post, state, "k1");

        assertEquals(VIDEO_ID, ((PlatformResult.Ok<Published>) again).value().externalId());
        google.verify(1, postRequestedFor(urlPathEqualTo(INSERT))); // one session, so at most one video
        google.verify(1, putRequestedFor(urlPathEqualTo(INSERT)).withHeader("Content-Range", equalTo("bytes 400-999/1000"))
                .withRequestBody(binaryEqualTo(Arrays.copyOfRange(clip, 400, SIZE))));
    }

    @Test
    void anExpiredSessionMadeNothingAndFailsSayingToPublishAgain() {
        google.stubFor(put(urlPathEqualTo(INSERT)).willReturn(aResponse().withStatus(404)));
        Outgoing post = outgoing(null, TEXT, List.of(video(SIZE)));
        ObjectNode state = Json.object().put("session", session()).put("size", SIZE);

        assertInstanceOf(Reconciled.NotFound.class, ((PlatformResult.Ok<Reconciled>) publisher().reconcile(target, post, state, "k1", NOW)).value());
        PlatformResult.Rejected<?> r = assertInstanceOf(PlatformResult.Rejected.class, publisher().publish(target, post, state, "k1"));
        assertEquals("SESSION_EXPIRED", r.code());
        assertTrue(r.message().contains("nothing was published"), r.message());
    }

    @Test
    void quotaExceededFailsTheDeliveryWithWhatToDoAndSendsNoBytes() {
        google.stubFor(post(urlPathEqualTo(INSERT)).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json").withBody("""
                {"error":{"code":403,"message":"The request cannot be completed because you have exceeded your <a href=\\"/youtube/v3/getting-started#quota\\">quota</a>.",
                 "errors":[{"message":"The request cannot be completed because you have exceeded your quota.","domain":"youtube.quota","reason":"quotaExceeded"}]}}""")));

        PlatformResult.Rejected<?> r = assertInstanceOf(PlatformResult.Rejected.class,
                publisher().prepare(target, outgoing(null, TEXT, List.of(video(SIZE))), Json.object()));

        assertEquals("quotaExceeded", r.code());
        assertTrue(r.message().contains("resets at midnight Pacific time"), r.message());
        google.verify(0, putRequestedFor(urlPathEqualTo(INSERT)));
    }

    @Test
    void aRevokedTokenIsAuthFailedAndNeverShown() {
        google.stubFor(post(urlPathEqualTo(INSERT)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody("""
                {"error":{"code":401,"message":"Request had invalid authentication credentials. Expected OAuth 2 access token.",
                 "errors":[{"message":"Invalid Credentials","domain":"global","reason":"authError","location":"Authorization","locationType":"header"}],
                 "status":"UNAUTHENTICATED"}}""")));
        Outgoing post = outgoing(null, TEXT, List.of(video(SIZE)));

        PlatformResult<Prepared> r = publisher().prepare(target, post, Json.object());
        assertInstanceOf(PlatformResult.AuthFailed.class, r);
        assertFalse(r.toString().contains(TOKEN));

        google.stubFor(put(urlPathEqualTo(INSERT)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":401,\"message\":\"Invalid Credentials\",\"errors\":[{\"reason\":\"authError\"}]}}")));
        ObjectNode state = Json.object().put("session", session()).put("size", SIZE);
        assertInstanceOf(PlatformResult.AuthFailed.class, publisher().publish(target, post, state, "k1"));
        assertInstanceOf(PlatformResult.AuthFailed.class, publisher().reconcile(target, post, state, "k1", NOW));
    }

    @Test
    void aPostWithoutAVideoIsRejectedSayingSoAndNothingIsSent() {
        Media photo = new Media("med_p", google.baseUrl() + "/media/loaf.jpg", "image/jpeg", 4, "A loaf", 64, 48, null);

        PlatformResult.Rejected<?> none = assertInstanceOf(PlatformResult.Rejected.class,
                publisher().prepare(target, outgoing(null, TEXT, List.of()), Json.object()));
        PlatformResult.Rejected<?> image = assertInstanceOf(PlatformResult.Rejected.class,
                publisher().prepare(target, outgoing(null, TEXT, List.of(photo)), Json.object()));

        assertEquals("VIDEO_REQUIRED", none.code());
        assertEquals("YouTube publishes videos: add one video to the post", none.message());
        assertEquals("VIDEO_REQUIRED", image.code());
        assertEquals(0, google.getAllServeEvents().size());

        google.stubFor(get(urlPathEqualTo("/media/empty.mp4")).willReturn(aResponse().withStatus(200)));
        Media empty = new Media("med_e", google.baseUrl() + "/media/empty.mp4", "video/mp4", 0, null, null, null, null);
        PlatformResult.Rejected<?> nothing = assertInstanceOf(PlatformResult.Rejected.class,
                publisher().prepare(target, outgoing(null, TEXT, List.of(empty)), Json.object()));
        assertEquals("MEDIA_EMPTY", nothing.code());
        google.verify(0, postRequestedFor(urlPathEqualTo(INSERT)));
    }

    @Test
    void theTitleAndDescriptionFollowYouTubesRules() {
        String longLine = "Sourdough ".repeat(15).strip(); // 149 characters
        assertEquals("Our oven", PostTitle.of(outgoing("Our oven", TEXT, List.of()), YouTubePublisher.MAX_TITLE).title());
        String cut = PostTitle.of(outgoing(null, longLine, List.of()), YouTubePublisher.MAX_TITLE).title();
        assertEquals(100, cut.codePointCount(0, cut.length()), cut);

        Media v = video(SIZE);
        assertEquals("TITLE_REQUIRED", ((PlatformResult.Rejected<?>) YouTubePublisher.check(outgoing(null, "  ", List.of(v)))).code());
        assertEquals("INVALID_CHARACTERS", ((PlatformResult.Rejected<?>) YouTubePublisher.check(outgoing(null, "a <b> c", List.of(v)))).code());
        String big = "é".repeat(2_501); // 5,002 bytes in UTF-8, 2,501 characters
        PlatformResult.Rejected<?> tooLong = (PlatformResult.Rejected<?>) YouTubePublisher.check(outgoing("Title", big, List.of(v)));
        assertEquals("DESCRIPTION_TOO_LONG", tooLong.code());
        assertTrue(tooLong.message().contains("5002"), tooLong.message());
        assertInstanceOf(PlatformResult.Ok.class, YouTubePublisher.check(outgoing("Title", "é".repeat(2_500), List.of(v))));
    }

    @Test
    void aShortVerticalVideoOrAReelLinksToItsShortsPage() {
        sessionStarts();
        google.stubFor(put(urlPathEqualTo(INSERT)).withHeader("Content-Range", equalTo("bytes */" + SIZE))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(videoResource(VIDEO_ID))));
        Media vertical = new Media("med_v", google.baseUrl() + "/media/loaf.mp4", "video/mp4", SIZE, null, 1080, 1920, 42.0);
        Outgoing post = outgoing(null, TEXT, List.of(vertical));

        PlatformResult<Published> r = publisher().publish(target, post, prepared(publisher(), post), "k1");

        assertEquals("https://www.youtube.com/shorts/" + VIDEO_ID, ((PlatformResult.Ok<Published>) r).value().url());
        Outgoing reel = new Outgoing("ten_1", "post_2", TEXT, List.of(), List.of(video(SIZE)), null, null, NOW, "reel");
        PlatformResult<Published> asReel = publisher().publish(target, reel, Json.object().put("session", session()).put("size", SIZE), "k2");
        assertEquals("https://www.youtube.com/shorts/" + VIDEO_ID, ((PlatformResult.Ok<Published>) asReel).value().url(),
                "a post whose format is reel is a Short");
        google.verify(0, putRequestedFor(urlPathEqualTo(INSERT)).withHeader("Content-Range", matching("bytes [0-9].*")));
    }
}
