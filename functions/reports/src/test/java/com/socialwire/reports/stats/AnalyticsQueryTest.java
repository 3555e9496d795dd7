package com.socialwire.reports.stats;

import com.socialwire.shared.http.ApiException;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The analytics period: its defaults, and the 366-day limit at its edge for periods drawn from a seeded generator. */
class AnalyticsQueryTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 5);

    @Test
    void withoutDatesThePeriodIsThe30DaysEndingToday() {
        AnalyticsQuery q = AnalyticsQuery.parse(null, null, null, null, TODAY);
        assertEquals("posts", q.view());
        assertEquals(LocalDate.of(2026, 11, 6), q.from());
        assertEquals(TODAY, q.to());
        assertEquals(30, q.days().size());
        AnalyticsQuery from = AnalyticsQuery.parse("jobs", "2026-01-01", null, null, TODAY);
        assertEquals(LocalDate.of(2026, 1, 30), from.to(), "from alone: the 30 days from it");
    }

    @Test
    void aPeriodOfAtMost366DaysIsAnsweredAndALongerOneIs422() {
        long seed = Long.getLong("seed", System.nanoTime());
        Random rnd = new Random(seed);
        for (int i = 0; i < 200; i++) {
            LocalDate from = LocalDate.of(2020, 1, 1).plusDays(rnd.nextInt(3000));
            int days = 1 + rnd.nextInt(400);
            LocalDate to = from.plusDays(days - 1);
            if (days <= AnalyticsQuery.MAX_DAYS) {
                assertEquals(days, AnalyticsQuery.parse("costs", from.toString(), to.toString(), null, TODAY).days().size(), "seed " + seed);
            } else {
                ApiException e = assertThrows(ApiException.class, () -> AnalyticsQuery.parse("costs", from.toString(), to.toString(), null, TODAY),
                        "seed " + seed);
                assertEquals(422, e.status(), "seed " + seed);
            }
        }
    }
}
