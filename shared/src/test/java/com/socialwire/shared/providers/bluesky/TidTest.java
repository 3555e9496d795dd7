package com.socialwire.shared.providers.bluesky;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TidTest {

    @Test
    void encodesTimeAndClockIdAsThirteenBase32SortableCharacters() {
        assertEquals("2222222222222", Tid.of(0, 0));
        // the AT Protocol spec's example TID decodes to a 2023 timestamp and back to itself
        Instant t = Tid.timestamp("3jzfcijpj2z2a");
        assertEquals(2023, t.atZone(java.time.ZoneOffset.UTC).getYear());
        long micros = t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
        assertEquals("3jzfcijpj2z2a", Tid.of(micros, Tid.clockId("3jzfcijpj2z2a")));
        String tid = Tid.of(1_796_415_115_123_456L, 1023);
        assertEquals(Tid.LENGTH, tid.length());
        assertTrue(Tid.isValid(tid), tid);
        assertEquals(1023, Tid.clockId(tid));
    }

    @Test
    void sortsAsItsTimeDoesOverSeededRandomTimes() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            long a = random.nextLong(1L << 53);
            long b = random.nextLong(1L << 53);
            int ca = random.nextInt(1024);
            int cb = random.nextInt(1024);
            int byNumber = Long.compare((a << 10) | ca, (b << 10) | cb);
            int byText = Integer.signum(Tid.of(a, ca).compareTo(Tid.of(b, cb)));
            assertEquals(byNumber, byText, "seed " + seed + ": " + a + "/" + ca + " vs " + b + "/" + cb);
            assertTrue(Tid.isValid(Tid.of(a, ca)), "seed " + seed);
        }
    }

    @Test
    void aDeliveryAlwaysGetsTheSameKeyInItsCreationSecond() {
        Instant created = Instant.parse("2026-12-04T20:15:01.734Z");
        String key = Tid.forDelivery("dlv_4Fz9QxYv2LmN8pR0aBcD", created);
        assertEquals(key, Tid.forDelivery("dlv_4Fz9QxYv2LmN8pR0aBcD", created));
        // the stored time may come back at any precision: only its second counts
        assertEquals(key, Tid.forDelivery("dlv_4Fz9QxYv2LmN8pR0aBcD", Instant.parse("2026-12-04T20:15:01Z")));
        assertEquals(created.getEpochSecond(), Tid.timestamp(key).getEpochSecond());
        assertNotEquals(key, Tid.forDelivery("dlv_4Fz9QxYv2LmN8pR0aBcE", created));
        assertNotEquals(key, Tid.forDelivery("dlv_4Fz9QxYv2LmN8pR0aBcD#1", created), "a thread's parts get their own keys");
        assertTrue(Tid.isValid(key));
    }

    @Test
    void deliveriesOfTheSameSecondRarelyShareAKeyAndLaterSecondsSortAfter() {
        Instant created = Instant.parse("2026-12-04T20:15:01Z");
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(Tid.forDelivery("dlv_" + i, created));
        }
        // 1,000 keys drawn from ~2^30: a shared one would be a 1-in-2,000 event, not a property of the scheme
        assertTrue(keys.size() >= 999, "keys " + keys.size());
        String later = Tid.forDelivery("dlv_0", created.plusSeconds(1));
        assertTrue(keys.stream().allMatch(k -> k.compareTo(later) < 0));
    }

    @Test
    void refusesWhatIsNotATid() {
        assertFalse(Tid.isValid("notatid"));
        assertFalse(Tid.isValid("3jzfcijpj2z2"));
        assertFalse(Tid.isValid("kjzfcijpj2z2a"), "the first character keeps the top bit 0");
        assertFalse(Tid.isValid("3JZFCIJPJ2Z2A"));
        assertFalse(Tid.isValid(null));
        assertThrows(IllegalArgumentException.class, () -> Tid.of(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Tid.of(0, 1024));
        assertThrows(IllegalArgumentException.class, () -> Tid.forDelivery("", Instant.EPOCH));
    }
}
