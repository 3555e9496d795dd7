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
    static final String REEL = "DDddKvspZly";
    static final String REEL_ID = "18172143295349192";
    static final String CAROUSEL = "DCOHJ-NU0U_";
    static final String CAROUSEL_ID = "17895695668004550";
    static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");
    static final String CDN = "https://scontent-iad3-1.cdninstagram.com/o1/v/t16/f2/m86/AQN_reel.mp4?efg=eyJ2ZW5jb2RlX3RhZyI6InZ0c192b2QifQ&_nc_ht=scontent-iad3-1.cdninstagram.com&oh=00_AYB&oe=6757B3C4&_nc_sid=5e9851";

    private com.socialwire.reads.provider.ReadProvider provider;

    @BeforeEach
    void reset() {
        wm.resetAll();
        provider = new GraphOwnedMedia(new HttpGraphApi(wm.baseUrl() + "/v21.0", Duration.ofSeconds(5)), Clock.fixed(NOW, ZoneOffset.UTC))
                .forAccount(TOKEN, IG_USER);
        // the account's media list: two pages of 100 (newest first), the reel and the carousel on the second
        StringBuilder first = new StringBuilder("{\"data\":[");
        for (int i = 0; i < 100; i++) {
            first.append(i == 0 ? "" : ",").append("{\"id\":\"1790000000000").append(String.format("%04d", i))
                    .append("\",\"shortcode\":\"DEa").append(String.format("%08d", i)).append("\",\"permalink\":\"https://www.instagram.com/p/DEa")
                    .append(String.format("%08d", i)).append("/\"}");
        }
        first.append("],\"paging\":{\"cursors\":{\"before\":\"QVFIUmJlZm9yZQ\",\"after\":\"QVFIUmFmdGVyMQ\"},\"next\":\"https://graph.instagram.com/v21.0/")
                .append(IG_USER).append("/media?limit=100&after=QVFIUmFmdGVyMQ\"}}");
        wm.stubFor(get(urlPathEqualTo("/v21.0/" + IG_USER + "/media")).withQueryParam("after", absent())
                .withQueryParam("fields", equalTo(GraphOwnedMedia.LIST_FIELDS)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(okJson(first.toString())));
        wm.stubFor(get(urlPathEqualTo("/v21.0/" + IG_USER + "/media")).withQueryParam("after", equalTo("QVFIUmFmdGVyMQ"))
                .willReturn(okJson("{\"data\":[{\"id\":\"" + REEL_ID + "\",\"shortcode\":\"" + REEL + "\",\"permalink\":\"https://www.instagram.com/reel/"
                        + REEL + "/\"},{\"id\":\"" + CAROUSEL_ID + "\",\"permalink\":\"https://www.instagram.com/p/" + CAROUSEL + "/\"}],"
                        + "\"paging\":{\"cursors\":{\"before\":\"QVFIUmFmdGVyMQ\",\"after\":\"QVFIUmVuZA\"}}}")));
    }

    @Test
    void anOwnedReelIsFoundInTheAccountsListAndRead() {
        wm.stubFor(get(urlPathEqualTo("/v21.0/" + REEL_ID)).withQueryParam("fields", equalTo(GraphOwnedMedia.MEDIA_FIELDS))
                .willReturn(okJson("{\"id\":\"" + REEL_ID + "\",\"shortcode\":\"" + REEL + "\",\"caption\":\"3 mistakes beginners make with sourdough 🍞 with @bakewithlena #baking #sourdough\","
                        + "\"media_type\":\"VIDEO\",\"media_product_type\":\"REELS\",\"permalink\":\"https://www.instagram.com/reel/" + REEL + "/\","
                        + "\"timestamp\":\"2024-11-28T13:20:00+0000\",\"username\":\"crumb.and.co\",\"like_count\":9120,\"comments_count\":311,"
                        + "\"media_url\":\"" + CDN + "\",\"thumbnail_url\":\"https://scontent-iad3-1.cdninstagram.com/v/t51.29350-15/cover.jpg?oe=6757B3C5\"}")));
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
        return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"timestamp\":\"2024-11-28T14:00:00+0000\",\"username\":\"fan_1\",\"like_count\":2,"
                + "\"from\":{\"id\":\"17841400000000001\",\"username\":\"fan_1\"}" + (replies == null ? "" : ",\"replies\":" + replies) + "}";
    }

    private static String reply(String id, String text) {
        return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"timestamp\":\"2024-11-28T15:00:00+0000\",\"username\":\"crumb.and.co\","
                + "\"from\":{\"id\":\"" + IG_USER + "\",\"username\":\"crumb.and.co\"}}";
    }

    @Test
    void graphErrorsAreMappedOnce() {
        wm.stubFor(get(urlPathEqualTo("/v21.0/" + REEL_ID)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Unsupported get request. Object with ID '" + REEL_ID + "' does not exist\",\"type\":\"GraphMethodException\","
                        + "\"code\":100,\"error_subcode\":33,\"fbtrace_id\":\"AbCdEf\"}}")));
        assertInstanceOf(ReadResult.NotFound.class, provider.media(REEL, false));

        wm.stubFor(get(urlPathEqualTo("/v21.0/" + REEL_ID)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Error validating access token: Session has expired\",\"type\":\"OAuthException\",\"code\":190,"
                        + "\"error_subcode\":463,\"fbtrace_id\":\"AbCdEf\"}}")));
        ReadResult.Unavailable<InstagramMedia> expired = assertInstanceOf(ReadResult.Unavailable.class, provider.media(REEL, false));
        assertEquals(401, expired.httpStatus());
        assertFalse(expired.detail().contains(TOKEN));

        wm.stubFor(get(urlPathEqualTo("/v21.0/" + REEL_ID)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "60").withBody("{\"error\":{\"message\":\"Application request limit reached\",\"type\":\"OAuthException\",\"code\":4}}")));
        assertEquals(60, assertInstanceOf(ReadResult.RateLimited.class, provider.media(REEL, false)).retryAfterSeconds());

        wm.stubFor(get(urlPathEqualTo("/v21.0/" + REEL_ID)).willReturn(aResponse().withStatus(500).withBody("oops")));
        assertInstanceOf(ReadResult.Unavailable.class, provider.media(REEL, false));
    }
}
