package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportPeriodTest {

    @Test
    void everyDayLiesInOnePeriodOfEachSpanWhoseKeyParsesBackAndWhosePreviousEndsTheDayBefore() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            // from 2000-01-03, the Monday of ISO week 2000-W01: 1 and 2 January 2000 lie in week 1999-W52, before the
            // first year a key may name (seed 74853083949672 drew 2000-01-02, whose week key did not parse back)
            LocalDate day = LocalDate.of(2000, 1, 3).plusDays(random.nextInt(40 * 366));
            for (ReportPeriod.Span span : ReportPeriod.Span.values()) {
                ReportPeriod p = ReportPeriod.of(span, day);
                String at = "seed " + seed + ", " + day + " " + span;
                assertTrue(!day.isBefore(p.from()) && !day.isAfter(p.to()), at);
                assertEquals(Optional.of(p), ReportPeriod.parse(span, p.key()), at);
                assertEquals(p.from().minusDays(1), p.previous().to(), at);
                assertEquals(p, ReportPeriod.lastComplete(span, p.to().plusDays(1)), at);
                if (span == ReportPeriod.Span.WEEK) {
                    assertEquals(DayOfWeek.MONDAY, p.from().getDayOfWeek(), at);
                    assertEquals(7, p.days().size(), at);
                }
            }
        }
    }

    @Test
    void malformedOrImpossiblePeriodsDoNotParse() {
        for (String bad : List.of("2026-02-29", "2026-13", "2026-W54", "2026-W00", "2026-3-1", "1999-12-31", "2026-W1", "", "2026-03-08T00:00")) {
            assertEquals(Optional.empty(), ReportPeriod.parse(ReportPeriod.Span.DAY, bad), bad);
        }
        assertEquals(Optional.empty(), ReportPeriod.parse(ReportPeriod.Span.WEEK, "2025-W53")); // 2025 has 52 ISO weeks
        assertEquals("2026-12-28", ReportPeriod.parse(ReportPeriod.Span.WEEK, "2026-W53").orElseThrow().from().toString());
        assertEquals("2024-02-29", ReportPeriod.parse(ReportPeriod.Span.MONTH, "2024-02").orElseThrow().to().toString());
        assertEquals("29 December 2025 – 4 January 2026 (week 1)", ReportPeriod.parse(ReportPeriod.Span.WEEK, "2026-W01").orElseThrow().label());
    }

    @Test
    void theNarrativeCheckAcceptsOnlyTheDataNumbersAsWrittenOrRounded() {
        ObjectNode doc = Json.object();
        ObjectNode k = doc.putArray("kpis").addObject();
        k.put("value", new BigDecimal("1204"));
        k.put("previous", new BigDecimal("0.4567"));
        k.put("changePercent", new BigDecimal("-12.5"));
        doc.putObject("usage").put("settledMicroCredits", 50_000);
        NarrativeCheck check = new NarrativeCheck(doc, ReportPeriod.parse(ReportPeriod.Span.DAY, "2026-03-08").orElseThrow());
        assertEquals(List.of(), check.unknown("1,204 views, down 12.5% from $0.46 (0.457) on 8 March 2026, 1 day."));
        assertEquals(List.of("1,205", "12.6", "50,000"), check.unknown("1,205 views, down 12.6%; 50,000 credits."));
        assertEquals(List.of(), check.unknown("On 7 March there was less."), "the previous period's dates are data too");
    }
}
