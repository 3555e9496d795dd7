package com.socialwire.shared.analytics;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The one best-times grid: Monday first, hours in the tenant's zone, mean engagement per slot, null where unknown. */
class BestTimeGridTest {

    static PublishedDelivery at(Instant when, Map<String, Long> metrics) {
        PublishedDelivery d = PublishedDelivery.published("ten_1", "post_" + when.toEpochMilli(), "instagram", null, "1", null, null, when, "x", null);
        return new PublishedDelivery(d.tenantId(), d.postId(), d.platform(), null, "1", null, null, when, "x", null,
                metrics == null ? InsightMetrics.NONE : new InsightMetrics(metrics), null, 1, null, null);
    }

    @Test
    void slotsAreMondayFirstInTheTenantsZoneAcrossADaylightSavingChange() {
        ZoneId ny = ZoneId.of("America/New_York");
        // Monday 2026-11-02 09:30 New York (EST, 14:30 UTC) and Monday 2026-10-26 09:30 (EDT, 13:30 UTC): the same slot
        List<PublishedDelivery> rows = List.of(at(Instant.parse("2026-11-02T14:30:00Z"), Map.of("likes", 10L, "comments", 2L)),
                at(Instant.parse("2026-10-26T13:30:00Z"), Map.of("total_interactions", 20L)),
                at(Instant.parse("2026-11-08T15:00:00Z"), null)); // Sunday 10:00, no metrics known
        BestTimeGrid g = BestTimeGrid.of(rows, ny);
        assertEquals("America/New_York", g.timezone());
        assertEquals(2, g.posts()[0][9]);
        assertEquals(16.0, g.engagement()[0][9], 1e-9, "mean of 12 and 20");
        assertEquals(1, g.posts()[6][10], "Sunday is the last row");
        assertNull(g.engagement()[6][10], "posts without known engagement: null, never 0");
        assertNull(g.engagement()[2][12], "no posts: null");
        assertEquals(3, g.samples());
        assertEquals(2, g.measured());
        assertEquals(7, g.rows().size());
        assertEquals(24, g.rows().get(0).size());
    }

    @Test
    void everyPostLandsInExactlyOneSlotAndTheMeansAreTheKnownOnes() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int round = 0; round < 50; round++) {
            List<PublishedDelivery> rows = new ArrayList<>();
            int n = r.nextInt(60);
            long knownSum = 0;
            int known = 0;
            for (int i = 0; i < n; i++) {
                Instant when = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(r.nextInt(365 * 86_400));
                Long likes = r.nextBoolean() ? (long) r.nextInt(100) : null;
                rows.add(at(when, likes == null ? null : Map.of("likes", likes)));
                if (likes != null) {
                    knownSum += likes;
                    known++;
                }
            }
            BestTimeGrid g = BestTimeGrid.of(rows, ZoneId.of("Europe/Berlin"));
            int posts = 0;
            double weighted = 0;
            for (int d = 0; d < 7; d++) {
                for (int h = 0; h < 24; h++) {
                    posts += g.posts()[d][h];
                    if (g.engagement()[d][h] != null) {
                        // a slot's mean times its known count adds back to the known sum
                        weighted += g.engagement()[d][h] * countKnown(rows, d, h, ZoneId.of("Europe/Berlin"));
                    } else if (g.posts()[d][h] > 0) {
                        assertEquals(0, countKnown(rows, d, h, ZoneId.of("Europe/Berlin")), "seed " + seed);
                    }
                }
            }
            assertEquals(n, posts, "seed " + seed);
            assertEquals(knownSum, weighted, 1e-6, "seed " + seed);
            assertEquals(known, g.measured(), "seed " + seed);
        }
    }

    private static int countKnown(List<PublishedDelivery> rows, int day, int hour, ZoneId zone) {
        int c = 0;
        for (PublishedDelivery d : rows) {
            var local = d.publishedAt().atZone(zone);
            if (local.getDayOfWeek().getValue() - 1 == day && local.getHour() == hour && d.metrics().engagement() != null) {
                c++;
            }
        }
        return c;
    }
}
