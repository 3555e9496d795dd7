package com.socialwire.posts.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The review page's form reading, CSRF pair, notices and form values, without a store. */
class ReviewFormsTest {

    static final String FORM = "application/x-www-form-urlencoded";

    static Map<String, String> parse(String body) {
        return Forms.parse(FORM, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void formsAreDecodedAsABrowserEncodesThem() {
        Map<String, String> f = parse("text=Caf%C3%A9+au+lait%21&anchorType=text&empty=&flag&text=second");
        assertEquals("Café au lait!", f.get("text"), "the first of a repeated field");
        assertEquals("text", f.get("anchorType"));
        assertEquals("", f.get("empty"));
        assertEquals("", f.get("flag"));
        assertEquals(Map.of("a", "1"), Forms.parse("Application/X-WWW-Form-Urlencoded; charset=UTF-8", "a=1".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Map.of(), Forms.parse(FORM, null));
        assertEquals("😀", parse("e=%F0%9F%98%80").get("e"));
    }

    @Test
    void formsOutsideTheirBoundsAreRefusedWithTheirStatus() {
        ApiException json = assertThrows(ApiException.class, () -> Forms.parse("application/json", "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(415, json.status());
        assertEquals(415, assertThrows(ApiException.class, () -> Forms.parse(null, new byte[0])).status());
        ApiException big = assertThrows(ApiException.class, () -> parse("text=" + "x".repeat(Forms.MAX_BODY_BYTES)));
        assertEquals(413, big.status());
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, big.code());
        assertEquals(400, assertThrows(ApiException.class, () -> parse("text=" + "x".repeat(Forms.MAX_FIELD_CHARS + 1))).status());
        assertEquals(Forms.MAX_FIELD_CHARS, parse("text=" + "x".repeat(Forms.MAX_FIELD_CHARS)).get("text").length());
        for (String broken : List.of("a=%", "a=%4", "a=%zz", "a=%C3")) {
            assertEquals(400, assertThrows(ApiException.class, () -> parse(broken)).status(), broken);
        }
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= Forms.MAX_FIELDS; i++) {
            many.append("f").append(i).append("=1&");
        }
        assertEquals(400, assertThrows(ApiException.class, () -> parse(many.toString())).status());
    }

    @Test
    void theCsrfFieldIsHmacSha256AsJavaxCryptoComputesIt() throws Exception {
        byte[] secret = "s".repeat(40).getBytes(StandardCharsets.UTF_8);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
        byte[] subkey = mac.doFinal("socialwire review csrf v1".getBytes(StandardCharsets.UTF_8));
        mac.init(new javax.crypto.spec.SecretKeySpec(subkey, "HmacSHA256"));
        String expected = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(("hashA|" + "c".repeat(43)).getBytes(StandardCharsets.UTF_8)));
        Csrf csrf = Csrf.fromConfig(com.socialwire.shared.Config.of(Map.of("CURSOR_SIGNING_KEY", "s".repeat(40))));
        assertEquals(expected, csrf.field("hashA", "c".repeat(43)));
    }

    @Test
    void withoutASigningKeyEveryInstanceOfTheProcessAcceptsTheFormsAnotherRendered() {
        com.socialwire.shared.Config none = com.socialwire.shared.Config.of(Map.of());
        Csrf renderedBy = Csrf.fromConfig(none);
        Csrf postedTo = Csrf.fromConfig(none);
        String cookie = renderedBy.newCookie();
        assertTrue(postedTo.accepts("hashA", cookie, renderedBy.field("hashA", cookie)), "two instances, one process key");
        Csrf deployed = Csrf.fromConfig(com.socialwire.shared.Config.of(Map.of("CURSOR_SIGNING_KEY", "s".repeat(40))));
        assertTrue(Csrf.fromConfig(com.socialwire.shared.Config.of(Map.of("CURSOR_SIGNING_KEY", "s".repeat(40))))
                .accepts("hashA", cookie, deployed.field("hashA", cookie)), "containers of a deployment share the key");
        assertFalse(deployed.accepts("hashA", cookie, renderedBy.field("hashA", cookie)));
    }

    @Test
    void theCsrfFieldIsBoundToTheLinkTheBrowserAndTheKey() {
        Csrf csrf = new Csrf("k".repeat(32).getBytes(StandardCharsets.UTF_8));
        String cookie = csrf.newCookie();
        assertEquals(43, cookie.length());
        assertNotEquals(cookie, csrf.newCookie());
        String field = csrf.field("hashA", cookie);
        assertTrue(csrf.accepts("hashA", cookie, field));
        assertFalse(csrf.accepts("hashB", cookie, field), "another link's field");
        assertFalse(csrf.accepts("hashA", csrf.newCookie(), field), "another browser's cookie");
        assertFalse(csrf.accepts("hashA", null, field));
        assertFalse(csrf.accepts("hashA", cookie, null));
        assertFalse(csrf.accepts("hashA", cookie, ""));
        assertFalse(new Csrf("j".repeat(32).getBytes(StandardCharsets.UTF_8)).accepts("hashA", cookie, field), "another key");

        assertEquals(cookie, Csrf.cookie("theme=dark; " + Csrf.COOKIE + "=" + cookie + "; other=1"));
        assertNull(Csrf.cookie(Csrf.COOKIE + "=short"));
        assertNull(Csrf.cookie(Csrf.COOKIE + "=" + "x".repeat(42) + "!"));
        assertNull(Csrf.cookie(null));
        String set = Csrf.setCookie(cookie, true);
        assertTrue(set.startsWith(Csrf.COOKIE + "=" + cookie + ";"), set);
        for (String part : List.of("Path=/review", "HttpOnly", "SameSite=Strict", "Secure")) {
            assertTrue(set.contains(part), set);
        }
        assertFalse(Csrf.setCookie(cookie, false).contains("Secure"));
    }

    @Test
    void onlyThePagesOwnOriginMayPost() {
        String own = "https://api.example";
        assertTrue(Csrf.sameSite(null, null, own), "an old browser sends neither");
        assertTrue(Csrf.sameSite("https://api.example", "same-origin", own));
        assertTrue(Csrf.sameSite("HTTPS://API.example", null, own));
        assertFalse(Csrf.sameSite("https://evil.example", null, own));
        assertFalse(Csrf.sameSite("null", null, own));
        assertTrue(Csrf.sameSite("null", "same-origin", own), "the no-referrer page's own post: Origin null, fetch metadata same-origin");
        assertFalse(Csrf.sameSite("null", "cross-site", own));
        assertFalse(Csrf.sameSite("null", "same-site", own));
        assertFalse(Csrf.sameSite(null, "cross-site", own));
        assertFalse(Csrf.sameSite(null, "same-site", own), "a sibling subdomain is not this page");
        assertFalse(Csrf.sameSite("https://api.example", null, null));
    }

    @Test
    void formValuesAreReadStrictly() {
        assertEquals(Map.of("post_aaaaaaaaaaaaaaaaaaaa", 3L, "post_bbbbbbbbbbbbbbbbbbbb", 5L),
                ReviewPortal.versions("post_aaaaaaaaaaaaaaaaaaaa:3, post_bbbbbbbbbbbbbbbbbbbb:5"));
        for (String bad : List.of("", "post_a", "post_aaaa:x", "tnt_aaaa:1", "post_aaaa:-1", "post_aaaa:1,,")) {
            assertNull(ReviewPortal.versions(bad), bad);
        }
        StringBuilder tooMany = new StringBuilder();
        for (int i = 0; i <= ReviewPortal.MAX_APPROVE_ALL; i++) {
            tooMany.append(i == 0 ? "" : ",").append("post_p").append(i).append(":1");
        }
        assertNull(ReviewPortal.versions(tooMany.toString()));
        assertEquals(7L, ReviewPortal.version("7"));
        assertNull(ReviewPortal.version("7a"));
        assertNull(ReviewPortal.version("1".repeat(19)));

        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertEquals(Instant.parse("2026-12-24T08:30:00Z"), ReviewPortal.localTime("2026-12-24T09:30", berlin));
        assertEquals(Instant.parse("2026-07-01T07:30:00Z"), ReviewPortal.localTime("2026-07-01T09:30:00", berlin), "summer time");
        for (String bad : List.of("2026-12-24", "tomorrow at nine", "2026-13-01T09:30", "2026-12-24T09:30Z")) {
            assertEquals(400, assertThrows(ApiException.class, () -> ReviewPortal.localTime(bad, berlin)).status(), bad);
        }
        assertThrows(ApiException.class, () -> ReviewPortal.localTime(null, berlin));
    }

    @Test
    void commentAnchorsComeFromTheHiddenFields() {
        Map<String, String> text = new LinkedHashMap<>(Map.of("anchorType", "text", "anchorText", "Fresh loaves", "anchorOffset", "4"));
        ObjectNode a = ReviewPortal.anchor(text);
        assertEquals("text", a.path("type").asText());
        assertEquals("Fresh loaves", a.path("text").asText());
        assertEquals(4, a.path("offset").asInt());
        assertEquals(12, a.path("length").asInt());
        ObjectNode image = ReviewPortal.anchor(Map.of("anchorType", "image", "anchorMediaId", "med_aaaaaaaaaaaaaaaaaaaa", "anchorX", "0.25",
                "anchorY", "0.75"));
        assertEquals("med_aaaaaaaaaaaaaaaaaaaa", image.path("mediaId").asText());
        assertEquals(0.25, image.path("x").asDouble());
        assertEquals(0.75, image.path("y").asDouble());
        ObjectNode noPoint = ReviewPortal.anchor(Map.of("anchorType", "image", "anchorMediaId", "med_aaaaaaaaaaaaaaaaaaaa", "anchorX", "1.5",
                "anchorY", "0.5"));
        assertFalse(noPoint.has("x") || noPoint.has("y"), "a point outside the image is left out");
        assertNull(ReviewPortal.anchor(Map.of("anchorType", "image", "anchorMediaId", "../etc")));
        assertNull(ReviewPortal.anchor(Map.of("anchorType", "text", "anchorText", " ")));
        assertNull(ReviewPortal.anchor(Map.of()));
    }

    @Test
    void noticesAreFixedSentencesAndNeverWhatWasSent() {
        assertEquals("This post changed since you opened the page. Reload to see the latest version.",
                ReviewNotices.of("changed", null, null).text());
        assertEquals("conflict", ReviewNotices.of("changed", null, null).kind());
        assertNull(ReviewNotices.of("<script>alert(1)</script>", null, null));
        assertNull(ReviewNotices.of(null, null, null));
        assertEquals("Approved 2 posts.", ReviewNotices.of("approved-all", "2", "0").text());
        assertEquals("success", ReviewNotices.of("approved-all", "2", "0").kind());
        assertTrue(ReviewNotices.of("approved-all", "1", "1").text().startsWith("Approved 1 post. 1 post changed"));
        assertEquals("Approved 0 posts.", ReviewNotices.of("approved-all", "<b>", "9999").text());

        ApiException stale = new ApiException(ErrorCode.CONFLICT, 409, "changed", Map.of("expectedVersion", 1L, "version", 2L), Map.of());
        assertEquals("changed", ReviewNotices.forFailure("approve", stale));
        assertEquals("not-allowed", ReviewNotices.forFailure("approve", new ApiException(ErrorCode.INVALID_TRANSITION, "no")));
        assertEquals("reason", ReviewNotices.forFailure("reject", ApiException.validation("short", Map.of())));
        assertEquals("comment", ReviewNotices.forFailure("comment", ApiException.validation("empty", Map.of())));
        assertEquals("time", ReviewNotices.forFailure("reschedule", new ApiException(ErrorCode.VALIDATION_ERROR, 422, "past", Map.of(), Map.of())));
        assertEquals("credits", ReviewNotices.forFailure("publish", new ApiException(ErrorCode.INSUFFICIENT_CREDITS, "no")));
        assertEquals("error", ReviewNotices.forFailure("publish", new ApiException(ErrorCode.FORBIDDEN, "no")));
        for (String code : List.of("approved", "rejected", "commented", "rescheduled", "published", "not-allowed", "reason", "comment",
                "time", "credits", "busy", "resent", "invalid", "unavailable", "error")) {
            assertTrue(ReviewNotices.of(code, null, null) != null, code);
        }
    }
}
