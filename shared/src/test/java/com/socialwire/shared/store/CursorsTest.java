package com.socialwire.shared.store;

import com.socialwire.shared.Config;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Issue 11 low: list cursors were plain base64 JSON of the start key, so anyone could forge one. */
class CursorsTest {

    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final byte[] SECRET = "a-cursor-signing-key-of-32-chars!".getBytes(StandardCharsets.UTF_8);
    static final Map<String, AttrValue> KEY = Map.of(
            "PK", AttrValue.fromS("TENANT#tnt_a"), "SK", AttrValue.fromS("POST#post_b"),
            "GSI1PK", AttrValue.fromS("TENANT#tnt_a#POSTS"), "GSI1SK", AttrValue.fromS("2030-01-01T00:00:00Z#post_b"));

    static Cursors at(Instant now) {
        return new Cursors(SECRET, Clock.fixed(now, ZoneOffset.UTC));
    }

    static void assertInvalid(Runnable r, String what) {
        ApiException e = assertThrows(ApiException.class, r::run, what);
        assertEquals(ErrorCode.INVALID_CURSOR, e.code(), what);
        assertEquals(400, e.status(), what);
        String said = e.getMessage() + e.details();
        for (String layout : List.of("PK", "SK", "GSI", "TENANT#", "POST#")) {
            assertFalse(said.contains(layout), what + " leaked key layout: " + said);
        }
    }

    @Test
    void aCursorOpensOnItsOwnListAndHidesTheKeyLayout() {
        String c = at(T0).seal(KEY, "GSI1|TENANT#tnt_a#POSTS");
        assertEquals(KEY, at(T0.plus(Duration.ofHours(23))).open(c, "GSI1|TENANT#tnt_a#POSTS"));
        String readable = new String(Base64.getUrlDecoder().decode(c.substring(3)), StandardCharsets.ISO_8859_1);
        assertFalse(readable.contains("TENANT") || readable.contains("GSI1PK"), readable);
    }

    @Test
    void forgedTamperedForeignAndStaleCursorsAreInvalidCursorNeverA500OrTheKeyLayout() {
        String good = at(T0).seal(KEY, "GSI1|TENANT#tnt_a#POSTS");
        String forged = "c1." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"t\":1893456000,\"k\":{\"PK\":\"TENANT#tnt_other\",\"SK\":\"PROFILE\"}}".getBytes(StandardCharsets.UTF_8));
        String legacy = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"PK\":\"TENANT#tnt_a\",\"SK\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        char[] flipped = good.toCharArray();
        flipped[20] = flipped[20] == 'A' ? 'B' : 'A';
        assertInvalid(() -> at(T0).open(forged, "GSI1|TENANT#tnt_a#POSTS"), "forged");
        assertInvalid(() -> at(T0).open(legacy, "GSI1|TENANT#tnt_a#POSTS"), "unsigned (the old format)");
        assertInvalid(() -> at(T0).open(new String(flipped), "GSI1|TENANT#tnt_a#POSTS"), "one character changed");
        assertInvalid(() -> at(T0).open(good, "GSI1|TENANT#tnt_b#POSTS"), "another tenant's list");
        assertInvalid(() -> at(T0.plus(Cursors.MAX_AGE).plusSeconds(1)).open(good, "GSI1|TENANT#tnt_a#POSTS"), "stale");
        assertInvalid(() -> new Cursors("another-key-another-key-another-k".getBytes(StandardCharsets.UTF_8), Clock.fixed(T0, ZoneOffset.UTC))
                .open(good, "GSI1|TENANT#tnt_a#POSTS"), "another deployment's key");
        for (String junk : List.of("", "c1.", "c1.!!!", "c1.AAAA", "%%%", "c1." + "A".repeat(5000), "eyJQSyI6MX0")) {
            assertInvalid(() -> at(T0).open(junk, "GSI1|TENANT#tnt_a#POSTS"), "junk " + junk.length());
        }
    }

    @Test
    void seededRandomCursorsAreAlwaysInvalidCursor() {
        long seed = Long.getLong("cursors.seed", System.nanoTime());
        Random rnd = new Random(seed);
        String good = at(T0).seal(KEY, "L");
        for (int i = 0; i < 2_000; i++) {
            char[] c = good.toCharArray();
            int changes = 1 + rnd.nextInt(4);
            for (int j = 0; j < changes; j++) {
                int at = 3 + rnd.nextInt(c.length - 4); // the last character may carry only padding bits
                char was = c[at];
                c[at] = "ABCxyz019-_".charAt(rnd.nextInt(11));
                if (c[at] == was) {
                    c[at] = was == 'A' ? 'B' : 'A';
                }
            }
            String s = new String(c);
            if (s.equals(good)) {
                continue;
            }
            assertInvalid(() -> at(T0).open(s, "L"), "seed " + seed + ": " + s);
        }
    }

    @Test
    void theConfiguredKeyMustBeLongEnough() {
        assertThrows(IllegalStateException.class, () -> Cursors.fromConfig(Config.of(Map.of("CURSOR_SIGNING_KEY", "short")), Clock.systemUTC()));
        Cursors a = Cursors.fromConfig(Config.of(Map.of("CURSOR_SIGNING_KEY", new String(SECRET, StandardCharsets.UTF_8))), Clock.fixed(T0, ZoneOffset.UTC));
        assertEquals(KEY, at(T0).open(a.seal(KEY, "L"), "L"), "two instances with one configured key read each other's cursors");
    }
}
