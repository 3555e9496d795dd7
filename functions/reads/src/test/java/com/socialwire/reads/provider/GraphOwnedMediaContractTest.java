package com.socialwire.reads.provider;

import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramComment;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.shared.providers.instagram.HttpGraphApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

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
 * {@link GraphOwnedMedia} against WireMock answers shaped as Meta's IG User media, IG Media and IG Comment references
 * show them (data/paging with cursors and next, Meta's {@code +0000} timestamps, error objects with code and subcode).
 */
class GraphOwnedMediaContractTest extends ProviderStub {

    static final String TOKEN = "IGQWRPa1ZA2xQcTBuLUNtdGVzdHRva2Vu";
    static final String IG_USER = "17841405822304914";
    static final String REEL = GraphStubs.REEL;
    static final String REEL_ID = GraphStubs.REEL_ID;
    static final String CAROUSEL = GraphStubs.CAROUSEL;
    static final String CAROUSEL_ID = GraphStubs.CAROUSEL_ID;
    static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");
    static final String CDN = GraphStubs.CDN;

    private com.socialwire.reads.provider.ReadProvider provider;

    @BeforeEach
    void reset() {
        wm.resetAll();
        provider = new GraphOwnedMedia(new HttpGraphApi(wm.baseUrl() + "/v21.0", Duration.ofSeconds(5)), Clock.fixed(NOW, ZoneOffset.UTC))
                .forAccount(TOKEN, IG_USER);
        // the account's media list: two pages of 100 (newest first), the reel and the carousel on the second
        GraphStubs.mediaList(wm, IG_USER, TOKEN);
    }

    @Test
    void anOwnedReelIsFoundInTheAccountsListAndRead() {
        GraphStubs.reel(wm, TOKEN, "crumb.and.co");
        ReadResult.Ok<InstagramMedia> ok = assertInstanceOf(ReadResult.Ok.class, provider.media(REEL, true));
        InstagramMedia m = ok.value();
        assertEquals("graph", provider.id());
        assertEquals(REEL_ID, m.mediaId());
        assertEquals("reel", m.type());
        assertEquals(List.of("baking", "sourdough"), m.hashtags());
        assertEquals(List.of("bakewithlena"), m.mentions());
        assertEquals(Instant.parse("2024-11-28T13:20:00Z"), m.timestamp());
        assertEquals(9120L, m.metrics().likes());
        assertEquals(311L, m.metrics().comments());
        assertEquals(IG_USER, m.owner().id());
        assertEquals("crumb.and.co", m.owner().username());
        assertEquals(List.of("video", "cover"), m.assets().stream().map(InstagramMedia.Asset::type).toList());
        assertEquals(Instant.ofEpochSecond(0x6757B3C4L), m.assets().get(0).expiresAt());
        assertTrue(ok.limitations().contains(GraphOwnedMedia.NO_TRANSCRIPT));
        assertNull(m.transcript());
        wm.verify(2, getRequestedFor(urlPathEqualTo("/v21.0/" + IG_USER + "/media")));
    }

    @Test
    void aCarouselIsMatchedByPermalinkAndHasItsChildren() {
        wm.stubFor(get(urlPathEqualTo("/v21.0/" + CAROUSEL_ID)).willReturn(okJson("{\"id\":\"" + CAROUSEL_ID + "\",\"caption\":\"Studio diary\","
                + "\"media_type\":\"CAROUSEL_ALBUM\",\"media_product_type\":\"FEED\",\"permalink\":\"https://www.instagram.com/p/" + CAROUSEL + "/\","
                + "\"timestamp\":\"2024-11-08T21:06:40+0000\",\"username\":\"studio_lumen\",\"comments_count\":87,"
                + "\"children\":{\"data\":[{\"id\":\"17900000000000001\",\"media_type\":\"IMAGE\",\"media_url\":\"https://scontent.cdninstagram.com/a.jpg?oe=6757B3C4\"},"
                + "{\"id\":\"17900000000000002\",\"media_type\":\"VIDEO\",\"media_url\":\"" + CDN + "\",\"thumbnail_url\":\"https://scontent.cdninstagram.com/b.jpg\"}]}}")));
        ReadResult.Ok<InstagramMedia> ok = assertInstanceOf(ReadResult.Ok.class, provider.media(CAROUSEL, false));
        InstagramMedia m = ok.value();
        assertEquals("carousel", m.type());
        assertEquals(CAROUSEL, m.shortcode());
        assertEquals(List.of("image", "video"), m.children().stream().map(InstagramMedia.Asset::type).toList());
        assertNull(m.metrics().likes(), "no like_count in the answer: unknown");
        assertTrue(m.assets().isEmpty());
    }

    @Test
    void mediaTheAccountDoesNotHaveIsNotFound() {
        assertInstanceOf(ReadResult.NotFound.class, provider.media("BSKplJUDPPE", false));
        wm.verify(2, getRequestedFor(urlPathEqualTo("/v21.0/" + IG_USER + "/media")));
    }

    @Test
    void commentsPageWithAfterAndRepliesFollowTheirNextPage() {
        wm.stubFor(get(urlPathEqualTo("/v21.0/" + REEL_ID + "/comments")).withQueryParam("after", absent())
                .withQueryParam("fields", equalTo(GraphOwnedMedia.COMMENT_FIELDS))
                .willReturn(okJson("{\"data\":[" + comment("17858893269000001", "love it", "{\"data\":[" + reply("17858893269000101", "@fan thanks!")
                        + "],\"paging\":{\"cursors\":{\"after\":\"UkVQTFkx\"},\"next\":\"https://graph.instagram.com/v21.0/17858893269000001/replies?after=UkVQTFkx\"}}")
                        + "," + comment("17858893269000002", "price?", null) + "],\"paging\":{\"cursors\":{\"before\":\"QkVGT1JF\",\"after\":\"Q09NMQ\"},"
                        + "\"next\":\"https://graph.instagram.com/v21.0/" + REEL_ID + "/comments?after=Q09NMQ\"}}")));
        wm.stubFor(get(urlPathEqualTo("/v21.0/" + REEL_ID + "/comments")).withQueryParam("after", equalTo("Q09NMQ"))
                .willReturn(okJson("{\"data\":[" + comment("17858893269000003", "saving this", "{\"data\":[" + reply("17858893269000301", "same") + "]}")
                        + "],\"paging\":{\"cursors\":{\"before\":\"Q09NMQ\",\"after\":\"Q09NMg\"}}}")));
        wm.stubFor(get(urlPathEqualTo("/v21.0/17858893269000001/replies")).withQueryParam("after", absent())
                .willReturn(okJson("{\"data\":[" + reply("17858893269000101", "@fan thanks!") + "," + reply("17858893269000102", "agreed") + "],"
                        + "\"paging\":{\"cursors\":{\"after\":\"UkVQTFky\"},\"next\":\"https://graph.instagram.com/v21.0/17858893269000001/replies?after=UkVQTFky\"}}")));
        wm.stubFor(get(urlPathEqualTo("/v21.0/17858893269000001/replies")).withQueryParam("after", equalTo("UkVQTFky"))
                .willReturn(okJson("{\"data\":[" + reply("17858893269000103", "+1") + "],\"paging\":{\"cursors\":{\"after\":\"UkVQTFkz\"}}}")));

        ReadResult.Ok<CommentsRead> ok = assertInstanceOf(ReadResult.Ok.class, provider.comments(REEL, 20, true));
        CommentsRead read = ok.value();
        assertEquals(List.of("love it", "price?", "saving this"), read.comments().stream().map(InstagramComment::text).toList());
        assertFalse(read.truncated(), read.notes().toString());
        InstagramComment first = read.comments().get(0);
        assertEquals(List.of("@fan thanks!", "agreed", "+1"), first.replies().stream().map(InstagramComment::text).toList());
        assertEquals(first.id(), first.replies().get(1).parentId());
        assertEquals("fan_1", first.owner().username());
        assertEquals("17841400000000001", first.owner().id());
        assertEquals(Instant.parse("2024-11-28T14:00:00Z"), first.timestamp());
        assertEquals(1, read.comments().get(2).replies().size());
        assertEquals(7, ok.resultCount());
        wm.verify(2, getRequestedFor(urlPathEqualTo("/v21.0/17858893269000001/replies")));
    }

    private static String comment(String id, String text, String replies) {
        return GraphStubs.comment(id, text, replies);
    }

    private static String reply(String id, String text) {
        return GraphStubs.reply(id, text, IG_USER, "crumb.and.co");
    }

    @Test
    void graphErrorsAreMappedOnce() {
        wm.stubFor(get(urlPathEqualTo("/v21.0/" + REEL_ID)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Unsupported get request. Object with ID '" + REEL_ID + "' does not exist\",\"type\":\"GraphMethodException\","
                        + "\"code\":100,\"error_subcode\":33,\"fbtrace_id\":\"AbCdEf\"}}")));
        assertInstanceOf(ReadResult.NotFound.class, provider.media(REEL, false));

        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        com.socialwire.reads.provider.ReadProvider noting = new GraphOwnedMedia(new HttpGraphApi(wm.baseUrl() + "/v21.0", Duration.ofSeconds(5)),
                Clock.fixed(NOW, ZoneOffset.UTC)).forAccount(TOKEN, IG_USER, refused::incrementAndGet);
        assertInstanceOf(ReadResult.NotFound.class, noting.media(REEL, false));
        assertEquals(0, refused.get(), "a missing object is not a refused token");

        wm.stubFor(get(urlPathEqualTo("/v21.0/" + REEL_ID)).willReturn(GraphStubs.expiredToken()));
        ReadResult.Unavailable<InstagramMedia> expired = assertInstanceOf(ReadResult.Unavailable.class, provider.media(REEL, false));
        assertEquals(GraphOwnedMedia.TOKEN_REFUSED, expired.httpStatus());
        assertFalse(expired.detail().contains(TOKEN));
        assertInstanceOf(ReadResult.Unavailable.class, noting.media(REEL, false));
        assertEquals(1, refused.get(), "code 190 tells the caller, once per read");

        wm.stubFor(get(urlPathEqualTo("/v21.0/" + REEL_ID)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "60").withBody("{\"error\":{\"message\":\"Application request limit reached\",\"type\":\"OAuthException\",\"code\":4}}")));
        assertEquals(60, assertInstanceOf(ReadResult.RateLimited.class, provider.media(REEL, false)).retryAfterSeconds());

        wm.stubFor(get(urlPathEqualTo("/v21.0/" + REEL_ID)).willReturn(aResponse().withStatus(500).withBody("oops")));
        assertInstanceOf(ReadResult.Unavailable.class, provider.media(REEL, false));
    }
}
