package com.socialwire.reads.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramComment;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HttpReadProvider} against a WireMock read API answering Instagram's own JSON as URL-first read APIs pass it
 * on (fixtures in {@code src/test/resources/readapi}, written by its {@code generate.py}): the app API's item, the
 * web's {@code xdt_shortcode_media}, comment pages with {@code next_min_id} and reply pages with
 * {@code next_max_child_cursor}.
 */
class HttpReadProviderContractTest extends ProviderStub {

    static final String KEY = "rk_live_5f1c0ffee0ddba11c0ffee";
    static final String POST = "DDBn4GchLot";
    static final String CAROUSEL = "DCOHJ-NU0U_";
    static final String REEL = "DDddKvspZly";
    static final String SILENT_REEL = "DDZHREjUiCG";
    static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");
    static final Instant OE = Instant.ofEpochSecond(0x6757B3C4L);

    private HttpReadProvider provider;

    @BeforeEach
    void reset() {
        wm.resetAll();
        provider = provider(Duration.ofSeconds(5));
    }

    private HttpReadProvider provider(Duration timeout) {
        return new HttpReadProvider(ProviderHttp.newClient(), wm.baseUrl() + "/", KEY, timeout, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static String fixture(String name) {
        return ReadApiStubs.fixture(name);
    }

    private static void media(String shortcode, String fixture) {
        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media")).withQueryParam("shortcode", equalTo(shortcode))
                .withHeader("x-api-key", equalTo(KEY)).willReturn(okJson(fixture(fixture))));
    }

    private static void transcript(String shortcode, String fixture) {
        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media/transcript")).withQueryParam("shortcode", equalTo(shortcode))
                .willReturn(okJson(fixture(fixture))));
    }

    @Test
    void anImagePostInTheAppShapeIsNormalized() {
        media(POST, "media-post.json");
        ReadResult.Ok<InstagramMedia> ok = assertInstanceOf(ReadResult.Ok.class, provider.media(POST, true));
        InstagramMedia m = ok.value();
        assertEquals(POST, m.shortcode());
        assertEquals("3513264563351239213", m.mediaId());
        assertEquals("image", m.type());
        assertEquals("https://www.instagram.com/p/" + POST + "/", m.canonicalUrl());
        assertTrue(m.caption().startsWith("Golden hour on the coast"));
        assertEquals(List.of("sunset", "travel", "lahora_dorada"), m.hashtags());
        assertEquals(List.of("jane.doe", "studio_lumen"), m.mentions());
        assertEquals(new InstagramMedia.Owner("25025320", "instagram", "Instagram", true, null, m.owner().profilePicUrl()), m.owner());
        assertEquals(Instant.ofEpochSecond(1733155200), m.timestamp());
        assertEquals(new InstagramMedia.Metrics(48213L, 1204L, null, null, null, NOW), m.metrics());
        assertEquals(1, m.assets().size());
        InstagramMedia.Asset a = m.assets().get(0);
        assertEquals("image", a.type());
        assertEquals(1080, a.width());
        assertEquals(1350, a.height());
        assertTrue(a.shortLived());
        assertEquals(OE, a.expiresAt());
        assertTrue(a.altText().contains("ocean"));
        assertTrue(m.children().isEmpty());
        assertNull(m.transcript(), "no transcript is asked for an image");
        assertEquals("media", ok.billedUnit());
        assertEquals(1, ok.resultCount());
        assertTrue(ok.limitations().contains(MediaJson.SHORT_LIVED));
        wm.verify(0, getRequestedFor(urlPathEqualTo("/v1/instagram/media/transcript")));
    }

    @Test
    void aCarouselInTheWebShapeHasItsChildrenAndHiddenLikesAreNull() {
        media(CAROUSEL, "media-carousel.json");
        ReadResult.Ok<InstagramMedia> ok = assertInstanceOf(ReadResult.Ok.class, provider.media(CAROUSEL, false));
        InstagramMedia m = ok.value();
        assertEquals("carousel", m.type());
        assertEquals("3498765432109876543", m.mediaId());
        assertEquals(List.of("image", "video", "image"), m.children().stream().map(InstagramMedia.Asset::type).toList());
        assertEquals(14.2, m.children().get(1).durationSeconds());
        assertEquals(Instant.ofEpochSecond(0x6757B3C4L + 7200), m.children().get(0).expiresAt());
        assertEquals(1080, m.children().get(0).width());
        assertNull(m.metrics().likes(), "the owner hides likes: unknown, not 0");
        assertEquals(87L, m.metrics().comments());
        assertTrue(ok.limitations().contains(MediaJson.LIKES_HIDDEN));
        assertEquals(List.of("printmaking", "studiolife"), m.hashtags());
        assertEquals(List.of("print.house", "Paper_Co"), m.mentions());
        assertEquals(20431L, m.owner().followers());
        assertEquals(Instant.ofEpochSecond(1731100000), m.timestamp());
    }

    @Test
    void aReelWithAProviderTranscript() {
        media(REEL, "media-reel.json");
        transcript(REEL, "transcript-reel.json");
        ReadResult.Ok<InstagramMedia> ok = assertInstanceOf(ReadResult.Ok.class, provider.media(REEL, true));
        InstagramMedia m = ok.value();
        assertEquals("reel", m.type());
        assertEquals("https://www.instagram.com/reel/" + REEL + "/", m.canonicalUrl());
        assertEquals(402118L, m.metrics().plays());
        assertEquals(1530L, m.metrics().shares());
        assertEquals(new InstagramMedia.Audio("Sunday Morning", "Maroon 5", false), m.audio());
        assertEquals(List.of("video", "cover"), m.assets().stream().map(InstagramMedia.Asset::type).toList());
        assertEquals(42.6, m.assets().get(0).durationSeconds());
        assertEquals(720, m.assets().get(0).width());
        assertEquals("provider", m.transcript().source());
        assertEquals("en", m.transcript().language());
        assertEquals(42.6, m.transcript().durationSeconds());
        assertTrue(m.transcript().text().startsWith("Mistake number one"));
        assertEquals("media+transcript", ok.billedUnit());
        assertFalse(ok.limitations().contains(HttpReadProvider.NO_TRANSCRIPT));
        assertEquals(183204L, m.owner().followers());
    }

    @Test
    void aReelWithoutAProviderTranscriptIsReadWithALimitation() {
        media(SILENT_REEL, "media-reel-silent.json");
        transcript(SILENT_REEL, "transcript-none.json");
        ReadResult.Ok<InstagramMedia> ok = assertInstanceOf(ReadResult.Ok.class, provider.media(SILENT_REEL, true));
        InstagramMedia m = ok.value();
        assertEquals("reel", m.type());
        assertNull(m.transcript());
        assertTrue(ok.limitations().contains(HttpReadProvider.NO_TRANSCRIPT));
        assertEquals(new InstagramMedia.Audio("Original audio", "surf.daily", true), m.audio());
        assertEquals(88412L, m.metrics().plays());
        assertEquals(61003L, m.metrics().views());
        assertEquals(5120L, m.metrics().likes());
        assertEquals(64L, m.metrics().comments());
    }

    @Test
    void aFailingTranscriptCallNeverFailsTheRead() {
        media(REEL, "media-reel.json");
        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media/transcript")).willReturn(aResponse().withStatus(502).withBody("<html>bad gateway</html>")));
        ReadResult.Ok<InstagramMedia> ok = assertInstanceOf(ReadResult.Ok.class, provider.media(REEL, true));
        assertNull(ok.value().transcript());
        assertTrue(ok.limitations().contains(HttpReadProvider.TRANSCRIPT_FAILED));
    }

    @Test
    void noTranscriptIsAskedForWhenNotWanted() {
        media(REEL, "media-reel.json");
        assertInstanceOf(ReadResult.Ok.class, provider.media(REEL, false));
        wm.verify(0, getRequestedFor(urlPathEqualTo("/v1/instagram/media/transcript")));
    }

    /** Ten pages of 50 with {@code next_min_id}; 20 comments have 6 replies (1 preview, 2 reply pages), 80 one preview reply. */
    static void fiveHundredComments() {
        ReadApiStubs.fiveHundredComments(wm, POST);
    }

    @Test
    void fiveHundredCommentsWithRepliesComeOverSeveralPages() {
        fiveHundredComments();
        ReadResult.Ok<CommentsRead> ok = assertInstanceOf(ReadResult.Ok.class, provider.comments(POST, 500, true));
        CommentsRead read = ok.value();
        assertEquals(500, read.comments().size());
        assertEquals(500, read.comments().stream().map(InstagramComment::id).distinct().count());
        assertFalse(read.truncated(), read.notes().toString());
        int replies = read.comments().stream().mapToInt(c -> c.replies().size()).sum();
        assertEquals(20 * 6 + 80, replies);
        assertEquals(700, ok.resultCount());
        assertEquals("comments", ok.billedUnit());
        wm.verify(10, getRequestedFor(urlPathEqualTo("/v1/instagram/media/comments")));
        wm.verify(40, getRequestedFor(urlPathEqualTo("/v1/instagram/media/comments/replies")));
        InstagramComment first = read.comments().get(0);
        assertEquals("18045000000000001", first.id());
        assertNull(first.parentId());
        assertEquals("fan_000", first.owner().username());
        assertEquals(6L, first.replyCount());
        assertEquals(List.of("@fan_000 reply 0", "@fan_000 reply 1", "@fan_000 reply 2", "@fan_000 reply 3", "@fan_000 reply 4",
                "@fan_000 reply 5"), first.replies().stream().map(InstagramComment::text).toList());
        InstagramComment reply = first.replies().get(3);
        assertEquals(first.id(), reply.parentId());
        assertEquals("https://www.instagram.com/p/" + POST + "/c/" + first.id() + "/r/" + reply.id() + "/", reply.permalink());
        assertEquals("https://www.instagram.com/p/" + POST + "/c/" + first.id() + "/", first.permalink());
        assertEquals(Instant.ofEpochSecond(1733160000), first.timestamp());
        assertTrue(read.notes().contains(CommentPaging.ORDER_NOTE));
    }

    @Test
    void aSmallerLimitReadsOnlyThePagesItNeedsAndNoRepliesUnlessAsked() {
        fiveHundredComments();
        ReadResult.Ok<CommentsRead> ok = assertInstanceOf(ReadResult.Ok.class, provider.comments(POST, 100, false));
        assertEquals(100, ok.value().comments().size());
        assertFalse(ok.value().truncated());
        assertTrue(ok.value().comments().stream().allMatch(c -> c.replies().isEmpty()));
        wm.verify(2, getRequestedFor(urlPathEqualTo("/v1/instagram/media/comments")));
        wm.verify(0, getRequestedFor(urlPathEqualTo("/v1/instagram/media/comments/replies")));
        assertEquals(100, ok.resultCount());
    }

    @Test
    void aProviderFailingMidwayKeepsWhatCameBackAsTruncated() {
        fiveHundredComments();
        JsonNode pages = Json.tree(fixture("comments-pages.json"));
        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media/comments")).withQueryParam("cursor", equalTo(pages.get(1).path("next_min_id").asText()))
                .willReturn(aResponse().withStatus(503)));
        ReadResult.Ok<CommentsRead> ok = assertInstanceOf(ReadResult.Ok.class, provider.comments(POST, 500, false));
        assertEquals(100, ok.value().comments().size());
        assertTrue(ok.value().truncated());
        assertTrue(ok.value().notes().get(0).startsWith("100 of the 500 comments asked for came back"), ok.value().notes().toString());
        assertFalse(ok.limitations().isEmpty());
    }

    /**
     * A provider that ends its pages (no cursor) long before the post's own comment count, less the replies it
     * counted, has not given everything: the read said "not truncated" for 50 of a post's 1,204 comments.
     */
    @Test
    void aProviderEndingBeforeThePostsCommentCountIsTruncated() {
        JsonNode page = Json.tree(fixture("comments-pages.json")).get(9);
        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media/comments")).willReturn(okJson(Json.write(page))));
        ReadResult.Ok<CommentsRead> ok = assertInstanceOf(ReadResult.Ok.class, provider.comments(POST, 100, false));
        assertEquals(50, ok.value().comments().size());
        assertTrue(ok.value().truncated(), ok.value().notes().toString());
        assertTrue(ok.value().notes().get(0).contains("1204"), ok.value().notes().toString());
    }

    /**
     * Instagram's app API pages the newest comments with {@code next_min_id} and {@code has_more_headload_comments}, and
     * says {@code has_more_comments: false} about the other (older) end in the same answer: the read took that flag
     * for its cursor's and stopped after one page.
     */
    @Test
    void theHeadloadCursorIsFollowedWhateverTheTailFlagSays() {
        JsonNode pages = Json.tree(fixture("comments-pages.json"));
        String cursor = null;
        for (JsonNode page : pages) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) page).put("has_more_comments", false);
            wm.stubFor(get(urlPathEqualTo("/v1/instagram/media/comments")).withQueryParam("cursor", cursor == null ? absent() : equalTo(cursor))
                    .willReturn(okJson(Json.write(page))));
            cursor = page.path("next_min_id").asText(null);
        }
        ReadResult.Ok<CommentsRead> ok = assertInstanceOf(ReadResult.Ok.class, provider.comments(POST, 500, false));
        assertEquals(500, ok.value().comments().size());
        assertFalse(ok.value().truncated());
    }

    @Test
    void aPostWithFewerCommentsThanAskedIsNotTruncated() {
        JsonNode page = Json.tree(fixture("comments-pages.json")).get(9);
        long replies = 0;
        for (JsonNode c : page.path("comments")) {
            replies += c.path("child_comment_count").asLong();
        }
        // the post's count holds its replies too: 50 comments and their replies are all there is
        ((com.fasterxml.jackson.databind.node.ObjectNode) page).put("comment_count", 50 + replies);
        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media/comments")).willReturn(okJson(Json.write(page))));
        ReadResult.Ok<CommentsRead> ok = assertInstanceOf(ReadResult.Ok.class, provider.comments(POST, 100, false));
        assertEquals(50, ok.value().comments().size());
        assertFalse(ok.value().truncated());
    }

    @Test
    void aFirstCommentsPageFailureIsTheReadsFailure() {
        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media/comments")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "17")));
        ReadResult.RateLimited<CommentsRead> r = assertInstanceOf(ReadResult.RateLimited.class, provider.comments(POST, 20, true));
        assertEquals(17, r.retryAfterSeconds());
    }

    // ------------------------------------------------------------------ errors, mapped once

    @Test
    void notFoundAndPrivateAreNotFound() {
        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media")).withQueryParam("shortcode", equalTo("Gone1234567"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json").withBody("{\"error\":\"not_found\",\"message\":\"Post not found\"}")));
        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media")).withQueryParam("shortcode", equalTo("Priv1234567"))
                .willReturn(okJson("{\"data\":{\"xdt_shortcode_media\":null},\"extensions\":{\"is_final\":true},\"status\":\"ok\"}")));
        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media")).withQueryParam("shortcode", equalTo("Empty123456"))
                .willReturn(okJson("{\"items\":[],\"num_results\":0,\"status\":\"ok\"}")));
        assertInstanceOf(ReadResult.NotFound.class, provider.media("Gone1234567", false));
        assertInstanceOf(ReadResult.NotFound.class, provider.media("Priv1234567", false));
        assertInstanceOf(ReadResult.NotFound.class, provider.media("Empty123456", false));
    }

    @Test
    void rateLimitsCarryRetryAfterInSecondsOrAsADate() {
        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
        assertEquals(30, assertInstanceOf(ReadResult.RateLimited.class, provider.media(POST, false)).retryAfterSeconds());
        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "Sat, 05 Dec 2026 09:02:00 GMT")));
        assertEquals(120, assertInstanceOf(ReadResult.RateLimited.class, provider.media(POST, false)).retryAfterSeconds());
    }

    @Test
    void outagesAndUnreadableAnswersAreUnavailableWithoutTheKey() {
        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"upstream failed for key " + KEY + "\"}")));
        ReadResult.Unavailable<InstagramMedia> u = assertInstanceOf(ReadResult.Unavailable.class, provider.media(POST, false));
        assertEquals(500, u.httpStatus());
        assertFalse(u.detail().contains(KEY), u.detail());

        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media")).willReturn(aResponse().withStatus(200).withBody("<html>challenge</html>")));
        assertInstanceOf(ReadResult.Unavailable.class, provider.media(POST, false));

        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media")).willReturn(okJson("{\"status\":\"ok\",\"something\":\"else\"}")));
        assertInstanceOf(ReadResult.Unavailable.class, provider.media(POST, false));

        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media")).willReturn(aResponse().withStatus(401).withBody("{\"error\":\"invalid api key " + KEY + "\"}")));
        ReadResult.Unavailable<InstagramMedia> refused = assertInstanceOf(ReadResult.Unavailable.class, provider.media(POST, false));
        assertFalse(refused.detail().contains(KEY), refused.detail());

        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media")).willReturn(aResponse().withStatus(403)));
        assertInstanceOf(ReadResult.Unavailable.class, provider.media(POST, false));
    }

    @Test
    void aSlowProviderIsUnavailableAfterTheTimeout() {
        wm.stubFor(get(urlPathEqualTo("/v1/instagram/media")).willReturn(okJson(fixture("media-post.json")).withFixedDelay(3_000)));
        ReadResult.Unavailable<InstagramMedia> u = assertInstanceOf(ReadResult.Unavailable.class, provider(Duration.ofMillis(300)).media(POST, false));
        assertEquals(0, u.httpStatus());
    }

    @Test
    void aProviderThatIsDownIsUnavailable() {
        HttpReadProvider down = new HttpReadProvider(ProviderHttp.newClient(), "http://127.0.0.1:9", KEY, Duration.ofSeconds(2),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertInstanceOf(ReadResult.Unavailable.class, down.media(POST, false));
        assertInstanceOf(ReadResult.Unavailable.class, down.comments(POST, 20, false));
    }

    /**
     * A key HTTP cannot carry (a control character pasted into the secret) made every read throw from the HTTP client;
     * the read service builds the provider on a request, so any exception there is a 500 per read. It is now an
     * unavailable provider (the sanitized 503, refunded) whose detail names the variable, never the key.
     */
    @Test
    void aKeyHttpCannotCarryIsAnUnavailableProviderNotA500() {
        HttpReadProvider bad = HttpReadProvider.fromConfig(com.socialwire.shared.Config.of(Map.of("READ_PROVIDER_BASE_URL", wm.baseUrl(),
                "READ_PROVIDER_KEY", "rk_live_\u0007abc")), Clock.systemUTC());
        ReadResult.Unavailable<InstagramMedia> u = assertInstanceOf(ReadResult.Unavailable.class, bad.media(POST, false));
        assertTrue(u.detail().contains("READ_PROVIDER_KEY"), u.detail());
        assertFalse(u.detail().contains("rk_live_"), "the detail never holds the key");
        assertInstanceOf(ReadResult.Unavailable.class, bad.comments(POST, 20, true));
        assertEquals(0, wm.getAllServeEvents().size(), "nothing was sent");
        // a trailing newline from a secrets file is only trimmed
        HttpReadProvider trimmed = HttpReadProvider.fromConfig(com.socialwire.shared.Config.of(Map.of("READ_PROVIDER_BASE_URL", wm.baseUrl(),
                "READ_PROVIDER_KEY", KEY + "\n")), Clock.systemUTC());
        media(POST, "media-post.json");
        assertInstanceOf(ReadResult.Ok.class, trimmed.media(POST, false));
    }

    /** A base URL without http(s) ("api.example.com", "ftp://…", "not a url") threw from every read: a 500 per read. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"api.readprovider.example/v1", "ftp://api.readprovider.example", "not a url",
            "https://", "http://exa mple.com"})
    void aBaseUrlThatIsNotHttpIsAnUnavailableProviderNotA500(String base) {
        HttpReadProvider bad = HttpReadProvider.fromConfig(com.socialwire.shared.Config.of(Map.of("READ_PROVIDER_BASE_URL", base,
                "READ_PROVIDER_KEY", KEY)), Clock.systemUTC());
        ReadResult.Unavailable<InstagramMedia> u = assertInstanceOf(ReadResult.Unavailable.class, bad.media(POST, true));
        assertTrue(u.detail().contains("READ_PROVIDER_BASE_URL"), u.detail());
        assertInstanceOf(ReadResult.Unavailable.class, bad.comments(POST, 100, false));
    }

    /** A READ_PROVIDER_TIMEOUT_MS of 0, negative or not a number threw while the provider was built on a request: a 500 per read. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "-5", "ten", "1e4"})
    void aTimeoutThatIsNotAPositiveNumberFallsBackToTheDefault(String timeout) {
        HttpReadProvider p = HttpReadProvider.fromConfig(com.socialwire.shared.Config.of(Map.of("READ_PROVIDER_BASE_URL", wm.baseUrl(),
                "READ_PROVIDER_KEY", KEY, "READ_PROVIDER_TIMEOUT_MS", timeout)), Clock.systemUTC());
        media(POST, "media-post.json");
        assertInstanceOf(ReadResult.Ok.class, p.media(POST, false));
    }

    @Test
    void aNonShortcodeNeverReachesTheProvider() {
        assertInstanceOf(ReadResult.NotFound.class, provider.media("../../admin", false));
        assertInstanceOf(ReadResult.NotFound.class, provider.comments("a&b=c", 20, false));
        assertEquals(0, wm.getAllServeEvents().size());
    }
}
