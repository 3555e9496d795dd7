package com.socialwire.posts.platform;

import com.socialwire.shared.Config;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PublishingQuotasTest {

    /** The peak over every window holding {@code at}, by brute force over minute-aligned window starts. */
    static int bruteForce(List<Instant> times, Instant at, Duration window) {
        int best = 0;
        for (Instant s = at.minus(window).plusSeconds(60); !s.isAfter(at); s = s.plusSeconds(60)) {
            int n = 1;
            for (Instant t : times) {
                if (!t.isBefore(s) && t.isBefore(s.plus(window))) {
                    n++;
                }
            }
            best = Math.max(best, n);
        }
        return best;
    }

    @Test
    void thePeakIsTheBusiestWindowHoldingTheNewPostOverSeededSchedules() {
        Random random = new Random(20261204);
        Instant base = Instant.parse("2026-12-10T00:00:00Z");
        for (int round = 0; round < 2_000; round++) {
            Duration window = Duration.ofMinutes(15 * (1 + random.nextInt(16)));
            List<Instant> times = new ArrayList<>();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                times.add(base.plusSeconds(60L * random.nextInt(600))); // minute-aligned, so the brute force sees every start
            }
            Instant at = base.plusSeconds(60L * random.nextInt(600));
            assertEquals(bruteForce(times, at, window), PublishingQuotas.peak(times, at, window),
                    "round " + round + ": " + times + " at " + at + " window " + window);
        }
    }

    @Test
    void capsReadAsPeopleSayThem() {
        assertEquals("300 posts per 3 h", new PublishingQuotas.Quota("twitter", 300, Duration.ofHours(3), "x").describe());
        assertEquals("100 posts per 24 h", new PublishingQuotas.Quota("instagram", 100, Duration.ofHours(24), "x").describe());
        assertEquals("100 posts per 15 min", new PublishingQuotas.Quota("twitter", 100, Duration.ofMinutes(15), "x").describe());
        assertEquals("3000 posts per 30 days", new PublishingQuotas.Quota("twitter", 3000, Duration.ofDays(30), "x").describe());
    }

    @Test
    void aConfiguredCapAddsToOrReplacesTheDocumentedOnes() {
        PublishingQuotas q = PublishingQuotas.fromConfig(Config.of(Map.of("PLATFORM_QUOTAS",
                "[{\"platform\":\"x\",\"posts\":3000,\"windowHours\":720,\"source\":\"our X plan\"},"
                        + "{\"platform\":\"instagram\",\"posts\":50,\"windowHours\":24}]")));
        assertEquals(List.of(Duration.ofDays(30), Duration.ofHours(3), Duration.ofMinutes(15)),
                q.of("twitter").stream().map(PublishingQuotas.Quota::window).toList());
        assertEquals(1, q.of("instagram").size());
        assertEquals(50, q.of("instagram").get(0).posts());
        assertEquals(List.of(), q.of("bluesky"));
    }

    @Test
    void aMalformedConfigurationFailsTheColdStartNotARequest() {
        assertThrows(IllegalStateException.class, () -> PublishingQuotas.fromConfig(Config.of(Map.of("PLATFORM_QUOTAS", "{}"))));
        assertThrows(IllegalStateException.class, () -> PublishingQuotas.fromConfig(Config.of(Map.of("PLATFORM_QUOTAS",
                "[{\"platform\":\"myspace\",\"posts\":1,\"windowHours\":1}]"))));
        assertThrows(IllegalArgumentException.class, () -> PublishingQuotas.fromConfig(Config.of(Map.of("PLATFORM_QUOTAS",
                "[{\"platform\":\"twitter\",\"posts\":0,\"windowHours\":1}]"))));
    }
}
