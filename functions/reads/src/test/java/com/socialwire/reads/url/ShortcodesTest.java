package com.socialwire.reads.url;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShortcodesTest {

    @Test
    void independentVectorsConvertBothWays() {
        // legacy embedding doc: instagr.am/p/BUG/ -> media_id 5382_72; legacy oEmbed of BSKplJUDPPE -> 1480178300072293316_25025320
        assertEquals(5382L, Shortcodes.mediaPkLong("BUG"));
        assertEquals(1480178300072293316L, Shortcodes.mediaPkLong("BSKplJUDPPE"));
        assertEquals(3123724930722523505L, Shortcodes.mediaPkLong("CtZs0Y3v2lx"));
        assertEquals("BUG", Shortcodes.fromMediaPk(5382L));
        assertEquals("BSKplJUDPPE", Shortcodes.fromMediaPk(1480178300072293316L));
        assertEquals("CtZs0Y3v2lx", Shortcodes.fromMediaPk(3123724930722523505L));
        assertEquals("A", Shortcodes.fromMediaPk(0L));
    }

    @Test
    void elevenDigitCodesBeyondALongStayExact() {
        BigInteger max = BigInteger.ONE.shiftLeft(66).subtract(BigInteger.ONE);
        assertEquals(max, Shortcodes.mediaPk("___________"));
        assertEquals("___________", Shortcodes.fromMediaPk(max));
        assertEquals(BigInteger.ONE.shiftLeft(63), Shortcodes.mediaPk("IAAAAAAAAAA"));
        assertThrows(ArithmeticException.class, () -> Shortcodes.mediaPkLong("IAAAAAAAAAA"));
        assertEquals(Long.MAX_VALUE, Shortcodes.mediaPkLong("H__________"));
        assertThrows(IllegalArgumentException.class, () -> Shortcodes.fromMediaPk(BigInteger.ONE.shiftLeft(66)));
        assertThrows(IllegalArgumentException.class, () -> Shortcodes.fromMediaPk(-1L));
    }

    @Test
    void aPrivateShareCodeReadsAsItsShortcode() {
        String code = "BSKplJUDPPE" + "3ZCdn8TNKD0Ie3Iuo9CDBzVWmI0x";
        assertEquals(39, code.length());
        assertEquals(BigInteger.valueOf(1480178300072293316L), Shortcodes.mediaPk(code));
    }

    @Test
    void notAShortcodeIsRefused() {
        for (String bad : new String[]{null, "", "abc!", "ABCDEFGHIJKLM", "Ä", "A".repeat(40)}) {
            assertThrows(IllegalArgumentException.class, () -> Shortcodes.mediaPk(bad), String.valueOf(bad));
        }
    }

    @Test
    void pkTextIsReadFromIgIdsAndLegacyMediaIds() {
        assertEquals(BigInteger.valueOf(3123724930722523505L), Shortcodes.parsePk("3123724930722523505"));
        assertEquals(BigInteger.valueOf(5382), Shortcodes.parsePk("5382_72"));
        assertNull(Shortcodes.parsePk("17895695668004550x"));
        assertNull(Shortcodes.parsePk(""));
        assertNull(Shortcodes.parsePk(null));
    }

    /** Seeded property loop: pk -> shortcode -> pk and shortcode -> pk -> shortcode are identities. */
    @Test
    void roundTripsHoldForRandomPksAndCodes() {
        long seed = Long.getLong("roundtrip.seed", System.nanoTime());
        Random r = new Random(seed);
        for (int i = 0; i < 50_000; i++) {
            BigInteger pk = switch (i % 3) {
                case 0 -> BigInteger.valueOf(r.nextLong() & Long.MAX_VALUE);
                case 1 -> new BigInteger(66, r);
                default -> BigInteger.valueOf(r.nextInt(1 << 20));
            };
            String code = Shortcodes.fromMediaPk(pk);
            assertEquals(pk, Shortcodes.mediaPk(code), "seed " + seed + " pk " + pk);
            int len = 1 + r.nextInt(Shortcodes.MAX_LENGTH);
            StringBuilder s = new StringBuilder();
            // no leading 'A' (a zero digit): Instagram never writes one, and it would not survive the trip
            s.append(Shortcodes.ALPHABET.charAt(1 + r.nextInt(63)));
            for (int j = 1; j < len; j++) {
                s.append(Shortcodes.ALPHABET.charAt(r.nextInt(64)));
            }
            assertEquals(s.toString(), Shortcodes.fromMediaPk(Shortcodes.mediaPk(s.toString())), "seed " + seed);
        }
    }
}
