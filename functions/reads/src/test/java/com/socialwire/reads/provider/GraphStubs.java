package com.socialwire.reads.provider;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Meta's Graph API answers for an account's own media (IG User media, IG Media, IG Comment references: data/paging with
 * cursors and next, {@code +0000} timestamps, error objects with code and subcode), as a WireMock server gives them: for
 * GraphOwnedMedia's contract test and ReadsFunction's owned-media test alike.
 */
public final class GraphStubs {

    public static final String V = "/v21.0";
    public static final String REEL = "DDddKvspZly";
    public static final String REEL_ID = "18172143295349192";
    public static final String CAROUSEL = "DCOHJ-NU0U_";
    public static final String CAROUSEL_ID = "17895695668004550";
    public static final String CDN = "https://scontent-iad3-1.cdninstagram.com/o1/v/t16/f2/m86/AQN_reel.mp4?efg=eyJ2ZW5jb2RlX3RhZyI6InZ0c192b2QifQ&_nc_ht=scontent-iad3-1.cdninstagram.com&oh=00_AYB&oe=6757B3C4&_nc_sid=5e9851";
    public static final String REEL_CAPTION = "3 mistakes beginners make with sourdough 🍞 with @bakewithlena #baking #sourdough";

    private GraphStubs() {
    }

    /**
     * {@code igUser}'s media list as {@code token} sees it: two pages of 100 (newest first), {@link #REEL} (by shortcode)
     * and {@link #CAROUSEL} (by permalink only) on the second.
     */
    public static void mediaList(WireMockServer wm, String igUser, String token) {
        StringBuilder first = new StringBuilder("{\"data\":[");
        for (int i = 0; i < 100; i++) {
            first.append(i == 0 ? "" : ",").append("{\"id\":\"1790000000000").append(String.format("%04d", i))
                    .append("\",\"shortcode\":\"DEa").append(String.format("%08d", i)).append("\",\"permalink\":\"https://www.instagram.com/p/DEa")
                    .append(String.format("%08d", i)).append("/\"}");
        }
        first.append("],\"paging\":{\"cursors\":{\"before\":\"QVFIUmJlZm9yZQ\",\"after\":\"QVFIUmFmdGVyMQ\"},\"next\":\"https://graph.instagram.com/v21.0/")
                .append(igUser).append("/media?limit=100&after=QVFIUmFmdGVyMQ\"}}");
        wm.stubFor(get(urlPathEqualTo(V + "/" + igUser + "/media")).withQueryParam("after", absent())
                .withQueryParam("fields", equalTo(GraphOwnedMedia.LIST_FIELDS)).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson(first.toString())));
        wm.stubFor(get(urlPathEqualTo(V + "/" + igUser + "/media")).withQueryParam("after", equalTo("QVFIUmFmdGVyMQ"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"data\":[{\"id\":\"" + REEL_ID + "\",\"shortcode\":\"" + REEL + "\",\"permalink\":\"https://www.instagram.com/reel/"
                        + REEL + "/\"},{\"id\":\"" + CAROUSEL_ID + "\",\"permalink\":\"https://www.instagram.com/p/" + CAROUSEL + "/\"}],"
                        + "\"paging\":{\"cursors\":{\"before\":\"QVFIUmFmdGVyMQ\",\"after\":\"QVFIUmVuZA\"}}}")));
    }

    /** {@link #REEL_ID}'s fields as {@code token} reads them: a reel of {@code username}, 9,120 likes, 311 comments. */
    public static void reel(WireMockServer wm, String token, String username) {
        wm.stubFor(get(urlPathEqualTo(V + "/" + REEL_ID)).withQueryParam("fields", equalTo(GraphOwnedMedia.MEDIA_FIELDS))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"id\":\"" + REEL_ID + "\",\"shortcode\":\"" + REEL + "\",\"caption\":\"" + REEL_CAPTION + "\","
                        + "\"media_type\":\"VIDEO\",\"media_product_type\":\"REELS\",\"permalink\":\"https://www.instagram.com/reel/" + REEL + "/\","
                        + "\"timestamp\":\"2024-11-28T13:20:00+0000\",\"username\":\"" + username + "\",\"like_count\":9120,\"comments_count\":311,"
                        + "\"media_url\":\"" + CDN + "\",\"thumbnail_url\":\"https://scontent-iad3-1.cdninstagram.com/v/t51.29350-15/cover.jpg?oe=6757B3C5\"}")));
    }

    /** A Graph error answer: HTTP {@code status} with Meta's error object. */
    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(int status, String type, int code, Integer subcode,
                                                                                         String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"code\":" + code
                        + (subcode == null ? "" : ",\"error_subcode\":" + subcode) + ",\"fbtrace_id\":\"AbCdEf\"}}");
    }

    /** What Graph answers a token whose session has expired (code 190, subcode 463). */
    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder expiredToken() {
        return error(400, "OAuthException", 190, 463, "Error validating access token: Session has expired");
    }

    /** A top-level IG comment by fan_1 ({@code replies}: its nested replies object, or null). */
    public static String comment(String id, String text, String replies) {
        return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"timestamp\":\"2024-11-28T14:00:00+0000\",\"username\":\"fan_1\",\"like_count\":2,"
                + "\"from\":{\"id\":\"17841400000000001\",\"username\":\"fan_1\"}" + (replies == null ? "" : ",\"replies\":" + replies) + "}";
    }

    /** A reply by the account {@code igUser} ({@code username}). */
    public static String reply(String id, String text, String igUser, String username) {
        return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"timestamp\":\"2024-11-28T15:00:00+0000\",\"username\":\"" + username + "\","
                + "\"from\":{\"id\":\"" + igUser + "\",\"username\":\"" + username + "\"}}";
    }
}
