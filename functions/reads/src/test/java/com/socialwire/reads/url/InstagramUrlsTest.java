package com.socialwire.reads.url;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The URL shapes people and agents paste, as Instagram's share sheet, web and apps write them, and what is refused. */
class InstagramUrlsTest {

    private static final String SC = "C8tN4vJv1Yq";
    private static final String REEL = "C9aBcDeFgH1";
    /** A private account's share link: the shortcode plus 28 characters (39 in all). */
    private static final String PRIVATE = SC + "3ZCdn8TNKD0Ie3Iuo9CDBzVWmI0x";

    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments("https://www.instagram.com/p/" + SC + "/", SC, "post"),
                arguments("https://www.instagram.com/p/" + SC, SC, "post"),
                arguments("https://www.instagram.com/p/" + SC + "/?igsh=MWd0dGx5bXl4d2xtbw==", SC, "post"),
                arguments("https://www.instagram.com/p/" + SC + "/?utm_source=ig_web_copy_link", SC, "post"),
                arguments("https://www.instagram.com/p/" + SC + "/?utm_source=ig_web_copy_link&igsh=MzRlODBiNWFlZA==", SC, "post"),
                arguments("https://www.instagram.com/p/" + SC + "/?img_index=3", SC, "post"),
                arguments("https://www.instagram.com/p/" + SC + "/?hl=en", SC, "post"),
                arguments("https://www.instagram.com/p/" + SC + "/#comments", SC, "post"),
                arguments("https://www.instagram.com/p/" + SC + "?igsh=abc#frag", SC, "post"),
                arguments("https://www.instagram.com/p/" + SC + "/?__a=1&__d=dis", SC, "post"),
                arguments("http://www.instagram.com/p/" + SC + "/", SC, "post"),
                arguments("instagram.com/p/" + SC + "/", SC, "post"),
                arguments("www.instagram.com/p/" + SC, SC, "post"),
                arguments("https://instagram.com/p/" + SC + "/", SC, "post"),
                arguments("https://m.instagram.com/p/" + SC + "/", SC, "post"),
                arguments("https://instagr.am/p/" + SC + "/", SC, "post"),
                arguments("http://instagr.am/p/BUG/", "BUG", "post"),
                arguments("https://www.instagr.am/p/" + SC, SC, "post"),
                arguments("https://www.instagram.com/reel/" + REEL + "/", REEL, "reel"),
                arguments("https://www.instagram.com/reel/" + REEL + "/?igsh=NjZiM2M3MzIxNA==", REEL, "reel"),
                arguments("https://www.instagram.com/reel/" + REEL + "/?utm_source=ig_web_button_share_sheet&igsh=ZDNlZDc0MzIxNw==", REEL, "reel"),
                arguments("https://www.instagram.com/reels/" + REEL + "/", REEL, "reel"),
                arguments("https://www.instagram.com/reels/" + REEL, REEL, "reel"),
                arguments("m.instagram.com/reel/CtZs0Y3v2lx", "CtZs0Y3v2lx", "reel"),
                arguments("https://www.instagram.com/tv/CAbCdEfGhIj/", "CAbCdEfGhIj", "tv"),
                arguments("https://www.instagram.com/tv/B_sQYqEHVhW/?igshid=1x2y3z", "B_sQYqEHVhW", "tv"),
                arguments("https://www.instagram.com/natgeo/p/" + SC + "/", SC, "post"),
                arguments("https://www.instagram.com/natgeo/reel/" + REEL + "/?utm_source=ig_web_copy_link", REEL, "reel"),
                arguments("https://www.instagram.com/nat.geo_photos/p/" + SC, SC, "post"),
                arguments("https://www.instagram.com/p/" + SC + "/embed/", SC, "post"),
                arguments("https://www.instagram.com/p/" + SC + "/embed/captioned/", SC, "post"),
                arguments("https://www.instagram.com/reel/" + REEL + "/embed", REEL, "reel"),
                arguments("https://www.instagram.com/p/" + SC + "/c/18034567890123456/", SC, "post"),
                arguments("https://www.instagram.com/p/" + SC + "/c/18034567890123456/r/17987654321098765/", SC, "post"),
                arguments("https://www.instagram.com/p/" + SC + "/media/?size=l", SC, "post"),
                arguments("https://www.instagram.com/p/" + SC + "/liked_by/", SC, "post"),
                arguments("HTTPS://WWW.INSTAGRAM.COM/p/" + SC + "/", SC, "post"),
                arguments("https://www.Instagram.com/P/" + SC + "/", SC, "post"),
                arguments("  https://www.instagram.com/p/" + SC + "/  \n", SC, "post"),
                arguments("https://www.instagram.com/p/" + SC + "//", SC, "post"),
                arguments("https://www.instagram.com//p/" + SC + "/", SC, "post"),
                arguments("https://www.instagram.com:443/p/" + SC + "/", SC, "post"),
                arguments("https://www.instagram.com./p/" + SC + "/", SC, "post"),
                arguments("//www.instagram.com/p/" + SC + "/", SC, "post"),
                arguments("https://www.instagram.com/p/CtZs0Y3v2l%78/", "CtZs0Y3v2lx", "post"),
                arguments("https://www.instagram.com/p/B-_x-_Y9ABC/", "B-_x-_Y9ABC", "post"),
                arguments("https://www.instagram.com/p/-AbC_dEf12/", "-AbC_dEf12", "post"),
                arguments(SC, SC, "unknown"),
                arguments("BSKplJUDPPE", "BSKplJUDPPE", "unknown"),
                arguments("BUG", "BUG", "unknown"),
                arguments(" " + REEL + " ", REEL, "unknown"));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments(null, InstagramUrls.MISSING),
                arguments("", InstagramUrls.MISSING),
                arguments("   \t ", InstagramUrls.MISSING),
                arguments("\u00A0\u200B", InstagramUrls.MISSING),
                arguments("https://www.instagram.com/p/" + "A".repeat(3_000), InstagramUrls.TOO_LONG),
                arguments("😀".repeat(1_100), InstagramUrls.TOO_LONG),
                arguments("https://www.instagram.com/natgeo/", InstagramUrls.PROFILE_URL),
                arguments("https://www.instagram.com/natgeo", InstagramUrls.PROFILE_URL),
                arguments("instagram.com/natgeo/reels/", InstagramUrls.PROFILE_URL),
                arguments("https://www.instagram.com/natgeo/tagged/", InstagramUrls.PROFILE_URL),
                arguments("https://www.instagram.com", InstagramUrls.PROFILE_URL),
                arguments("https://www.instagram.com/stories/natgeo/3412345678901234567/", InstagramUrls.STORY_URL),
                arguments("https://www.instagram.com/stories/highlights/17912345678901234/", InstagramUrls.STORY_URL),
                arguments("https://www.instagram.com/explore/tags/travel/", InstagramUrls.EXPLORE_URL),
                arguments("https://www.instagram.com/explore/", InstagramUrls.EXPLORE_URL),
                arguments("https://www.instagram.com/explore/locations/212988663/new-york-new-york/", InstagramUrls.EXPLORE_URL),
                arguments("https://www.tiktok.com/@user/video/7234567890123456789", InstagramUrls.NOT_INSTAGRAM),
                arguments("https://www.threads.net/@zuck/post/" + SC, InstagramUrls.NOT_INSTAGRAM),
                arguments("https://instagram.com.evil.com/p/" + SC + "/", InstagramUrls.NOT_INSTAGRAM),
                arguments("https://evil.com/instagram.com/p/" + SC + "/", InstagramUrls.NOT_INSTAGRAM),
                arguments("https://www.instagram.com@evil.com/p/" + SC + "/", InstagramUrls.NOT_INSTAGRAM),
                arguments("https://www.instagram.com\\@evil.com/p/" + SC + "/", InstagramUrls.NOT_INSTAGRAM),
                arguments("https://notinstagram.com/p/" + SC + "/", InstagramUrls.NOT_INSTAGRAM),
                arguments("https://www.instagram.com:8080/p/" + SC + "/", InstagramUrls.NOT_INSTAGRAM),
                arguments("https://l.instagram.com/?u=https%3A%2F%2Fexample.com", InstagramUrls.NOT_INSTAGRAM),
                arguments("https://ｗｗｗ.instagram.com/p/" + SC + "/", InstagramUrls.NOT_INSTAGRAM),
                arguments("#travel", InstagramUrls.NOT_INSTAGRAM),
                arguments("https://www.instagram.com/p/", InstagramUrls.EMPTY_SHORTCODE),
                arguments("https://www.instagram.com/reel//", InstagramUrls.EMPTY_SHORTCODE),
                arguments("https://www.instagram.com/p/" + SC + "!/", InstagramUrls.INVALID_SHORTCODE),
                arguments("https://www.instagram.com/p/ÄbcDéf/", InstagramUrls.INVALID_SHORTCODE),
                arguments("@natgeo", InstagramUrls.INVALID_SHORTCODE),
                arguments("https://www.instagram.com/p/ABCDEFGHIJKLMNOP/", InstagramUrls.INVALID_SHORTCODE),
                arguments("ABCDEFGHIJKLMNOPQRSTUVWX", InstagramUrls.INVALID_SHORTCODE),
                arguments("https://www.instagram.com/p/" + PRIVATE + "/", InstagramUrls.PRIVATE_SHARE_LINK),
                arguments("https://www.instagram.com/p/BqvAm_XnmdJ3ZCdn8TNKD0Ie3Iuo9CDBzVWmI0/?igsh=x", InstagramUrls.PRIVATE_SHARE_LINK),
                arguments(PRIVATE, InstagramUrls.PRIVATE_SHARE_LINK),
                arguments("https://www.instagram.com/p/C8tN4 vJv1Yq/", InstagramUrls.CONTROL_CHARACTERS),
                arguments(SC + "\u0000", InstagramUrls.CONTROL_CHARACTERS),
                arguments("https://www.instagram.com/p/" + SC + "\r\nSet-Cookie: x=1", InstagramUrls.CONTROL_CHARACTERS),
                arguments("ftp://www.instagram.com/p/" + SC + "/", InstagramUrls.UNSUPPORTED_SCHEME),
                arguments("javascript:alert(1)", InstagramUrls.UNSUPPORTED_SCHEME),
                arguments("instagram://media?id=1480178300072293316", InstagramUrls.UNSUPPORTED_SCHEME),
                arguments("https://www.instagram.com/accounts/login/?next=/p/" + SC + "/", InstagramUrls.UNSUPPORTED_PATH),
                arguments("https://www.instagram.com/direct/inbox/", InstagramUrls.UNSUPPORTED_PATH),
                arguments("https://www.instagram.com/p/" + SC + "/extra/stuff/", InstagramUrls.UNSUPPORTED_PATH),
                arguments("https://www.instagram.com/p/%ZZ/", InstagramUrls.UNSUPPORTED_PATH),
                arguments("https://www.instagram.com/p/" + SC + "/\u202E", InstagramUrls.UNSUPPORTED_PATH));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("accepted")
    void acceptedShapesNameTheirMedia(String input, String shortcode, String kind) {
        InstagramTarget t = InstagramUrls.parse(input);
        assertEquals(shortcode, t.shortcode());
        assertEquals(kind, t.kind());
        assertEquals("https://www.instagram.com/" + (kind.equals("reel") ? "reel/" : "p/") + shortcode + "/", t.canonicalUrl());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("refused")
    void refusedInputsAreA422WithTheirReason(String input, String reason) {
        ApiException e = assertThrows(ApiException.class, () -> InstagramUrls.parse(input));
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
        assertEquals(422, e.status());
        assertEquals("url", e.details().get("field"));
        assertEquals(reason, e.details().get("reason"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
        assertTrue(e.getMessage().length() < 300, "messages stay short: " + e.getMessage());
    }

    /**
     * Instagram's share sheet also writes {@code /share/reel/BAxx…/} links: a redirect token, not a shortcode (it names
     * nothing until Instagram resolves it), so it must not be read as one.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"https://www.instagram.com/share/reel/BAJX5xbz9yC/",
            "https://www.instagram.com/share/p/BAHq3_Zxyz1/?igsh=abc", "https://www.instagram.com/share/BAMkLr0s1tA"})
    void shareLinksAreNotReadAsShortcodes(String input) {
        ApiException e = assertThrows(ApiException.class, () -> InstagramUrls.parse(input));
        assertEquals(422, e.status());
        assertEquals(InstagramUrls.SHARE_LINK, e.details().get("reason"));
    }

    /**
     * A link copied out of a web page or chat app often carries a no-break space, a zero-width space or a byte-order
     * mark at its ends; they were read as part of the URL (a 422 for a good link).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"https://www.instagram.com/p/C8tN4vJv1Yq/\u00A0",
            "\uFEFFhttps://www.instagram.com/p/C8tN4vJv1Yq/", "https://www.instagram.com/p/C8tN4vJv1Yq/\u200B", "\u2060C8tN4vJv1Yq\u00A0 "})
    void aLinkCopiedWithInvisibleCharactersAtItsEndsIsRead(String input) {
        assertEquals(SC, InstagramUrls.parse(input).shortcode());
    }

    @Test
    void theTableHasAtLeastFortyShapesAndTwentyRefusals() {
        assertTrue(accepted().count() >= 40);
        assertTrue(refused().count() >= 20);
    }

    @Test
    void aRefusalNeverEchoesTheInput() {
        ApiException e = assertThrows(ApiException.class, () -> InstagramUrls.parse("https://evil.example/<script>secret-token"));
        assertFalse(e.getMessage().contains("secret-token"));
        assertFalse(e.getMessage().contains("evil.example"));
    }

    /** Seeded: random mixes of URL fragments and hostile characters either parse or are a 422, never anything else. */
    @Test
    void randomInputsAreAnswerOrA422NeverAnotherFailure() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random r = new Random(seed);
        String[] parts = {"https://", "http://", "//", "www.", "m.", "instagram.com", "instagr.am", "evil.com", "/", "//", "p/", "reel/",
                "reels/", "tv/", "stories/", "explore/", "natgeo/", SC, PRIVATE, "?", "#", "&", "=", "igsh=", "%", "%2F", "%ZZ", "@", ":",
                ":443", "\\", ".", "..", "\u0000", " ", "\u202E", "😀", "Ä", "ｗ", "-", "_", "embed/", "c/", "123", "r/", "\n", "\uD800"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int n = r.nextInt(12);
            for (int j = 0; j < n; j++) {
                s.append(parts[r.nextInt(parts.length)]);
            }
            String input = s.toString();
            try {
                InstagramTarget t = InstagramUrls.parse(input);
                assertTrue(Shortcodes.isShortcode(t.shortcode()), "seed " + seed + ": " + input);
            } catch (ApiException e) {
                assertEquals(422, e.status(), "seed " + seed + ": " + input);
            } catch (RuntimeException e) {
                fail("seed " + seed + ": " + input + " threw " + e);
            }
        }
    }
}
