package com.socialwire.reports.jobs;

import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.reports.Reports;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report run against the embedded stores under a simulated clock: hourly runs at minute 0 over a month that crosses
 * the daylight-saving changes of New York (8 March 2026), Berlin (29 March) and Sydney (5 April) fire each tenant's
 * reports at 07:00 local time, once each; a missed run, a rerun and two overlapping runs fire nothing twice.
 */
class ReportRunIT {

    static final List<String> ZONES = List.of("America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata");

    static LocalEnvironment env;
    static FunctionClient tenantsApi;

    SimulatedClock clock;
    Reports reports;
    ReportStore store;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.shared();
        tenantsApi = new FunctionClient(env, "TenantsFunction");
    }

    @BeforeEach
    void fresh() {
        clock = new SimulatedClock(Instant.parse("2026-03-01T00:00:00Z"));
        reports = new Reports(env.functionConfig("ReportRunFunction"), clock);
        store = reports.reportStore();
        // each test simulates its own stretch of time: no watermark of another's
        reports.table().delete(new Write.Delete(Table.key(ReportRun.PK, ReportRun.SK)));
    }

    ReportRun run() {
        return new ReportRun(reports.table(), reports.tenants(), reports.reportService(), clock, Duration.ofHours(26), ZONES);
    }

    /** One tenant per zone, of a new account. */
    Map<String, String> tenants() {
        TestKeys.Key admin = TestKeys.newAccount(env);
        Map<String, String> byZone = new LinkedHashMap<>();
        for (String zone : ZONES) {
            var r = tenantsApi.call("POST", "/v1/tenants", admin.raw(), "{\"name\":\"Brand " + zone + "\",\"timezone\":\"" + zone + "\"}");
            assertEquals(201, r.status(), r.body());
            byZone.put(zone, r.json().path("id").asText());
        }
        return byZone;
    }

    List<Report> all(String tenantId) {
        List<Report> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<Report> page = store.list(tenantId, null, 100, cursor);
            out.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    /** The quarter-hourly run at or after {@code t}: when a 07:00 is fired (every zone's 07:00 is on a quarter hour). */
    static Instant nextRun(Instant t) {
        long q = Duration.ofMinutes(15).toMillis();
        long ms = t.toEpochMilli();
        return Instant.ofEpochMilli(ms % q == 0 ? ms : (ms / q + 1) * q);
    }

    /** Every report the schedule owes {@code zone} for 07:00s in (from, to], by report id, with the run that should fire it. */
    static Map<String, Instant> expected(ZoneId zone, Instant from, Instant to) {
        Map<String, Instant> out = new TreeMap<>();
        for (LocalDate d = LocalDate.ofInstant(from, zone).minusDays(1); !d.isAfter(LocalDate.ofInstant(to, zone)); d = d.plusDays(1)) {
            Instant at = ZonedDateTime.of(d, LocalTime.of(7, 0), zone).toInstant();
            if (!at.isAfter(from) || at.isAfter(to)) {
                continue;
            }
            out.put(ReportType.DAILY_BRIEFING.reportId(ReportPeriod.of(ReportPeriod.Span.DAY, d.minusDays(1))), nextRun(at));
            if (d.getDayOfWeek() == DayOfWeek.MONDAY) {
                ReportPeriod week = ReportPeriod.of(ReportPeriod.Span.WEEK, d.minusDays(7));
                out.put(ReportType.WEEKLY_REPORT.reportId(week), nextRun(at));
                out.put(ReportType.COMPETITOR_PULSE.reportId(week), nextRun(at));
            }
            if (d.getDayOfMonth() == 1) {
                ReportPeriod month = ReportPeriod.of(ReportPeriod.Span.MONTH, d.minusMonths(1));
                out.put(ReportType.MONTHLY_REVIEW.reportId(month), nextRun(at));
                out.put(ReportType.COST_REPORT.reportId(month), nextRun(at));
            }
        }
        return out;
    }

    void assertFiredOnce(Map<String, String> tenants, Instant from, Instant to) {
        for (Map.Entry<String, String> t : tenants.entrySet()) {
            ZoneId zone = ZoneId.of(t.getKey());
            Map<String, Instant> actual = new TreeMap<>();
            for (Report r : all(t.getValue())) {
                assertEquals(null, actual.put(r.id, r.createdAt), "report " + r.id + " listed twice");
                assertEquals("schedule", r.trigger);
                assertEquals(t.getKey(), r.timezone);
            }
            assertEquals(expected(zone, from, to), actual, "the reports of the tenant in " + zone + " and the runs that made them");
        }
    }

    /** New tenants, no watermark, a run every quarter hour from {@code first} to {@code last}: each report owed fired once, on time. */
    Map<String, String> stretch(Instant first, Instant last) {
        reports.table().delete(new Write.Delete(Table.key(ReportRun.PK, ReportRun.SK)));
        Map<String, String> tenants = tenants();
        for (Instant t = first; !t.isAfter(last); t = t.plus(Duration.ofMinutes(15))) {
            clock.set(t);
            run().run();
        }
        // the first run looks back one interval
        assertFiredOnce(tenants, first.minus(Duration.ofMinutes(15)), last);
        return tenants;
    }

    @Test
    void reportsFireAtSevenLocalOnceAcrossDaylightSavingChanges() {
        // two stretches of quarter-hourly runs hold all three changes (New York 8 March; Berlin 29 March, Sydney
        // 5 April), two Mondays' weekly reports and the 1 April monthly ones; the fortnight between them, with no change,
        // only took time. Each stretch starts as a first run with new tenants.
        Map<String, String> march = stretch(Instant.parse("2026-03-05T00:00:00Z"), Instant.parse("2026-03-11T00:00:00Z"));
        Map<String, String> spring = stretch(Instant.parse("2026-03-27T00:00:00Z"), Instant.parse("2026-04-07T00:00:00Z"));
        // New York: 07:00 EST is 12:00 UTC, 07:00 EDT (from 8 March) 11:00 UTC
        String ny = march.get("America/New_York");
        assertEquals(Instant.parse("2026-03-07T12:00:00Z"), store.get(ny, "rpt_daily_20260306").orElseThrow().createdAt);
        assertEquals(Instant.parse("2026-03-08T11:00:00Z"), store.get(ny, "rpt_daily_20260307").orElseThrow().createdAt);
        // Berlin: 06:00 UTC in winter time, 05:00 UTC from 29 March
        String berlin = spring.get("Europe/Berlin");
        assertEquals(Instant.parse("2026-03-28T06:00:00Z"), store.get(berlin, "rpt_daily_20260327").orElseThrow().createdAt);
        assertEquals(Instant.parse("2026-03-29T05:00:00Z"), store.get(berlin, "rpt_daily_20260328").orElseThrow().createdAt);
        assertEquals(Instant.parse("2026-03-30T05:00:00Z"), store.get(berlin, "rpt_weekly_2026W13").orElseThrow().createdAt);
        // Sydney: 20:00 UTC the day before under daylight saving, 21:00 UTC after it ends on 5 April
        String sydney = spring.get("Australia/Sydney");
        assertEquals(Instant.parse("2026-04-03T20:00:00Z"), store.get(sydney, "rpt_daily_20260403").orElseThrow().createdAt);
        assertEquals(Instant.parse("2026-04-05T21:00:00Z"), store.get(sydney, "rpt_daily_20260405").orElseThrow().createdAt);
        assertEquals(Instant.parse("2026-03-31T20:00:00Z"), store.get(sydney, "rpt_monthly_202603").orElseThrow().createdAt);
        // Kolkata (UTC+05:30): 07:00 is 01:30 UTC, fired by the 01:30 UTC run (an hourly schedule fired it at 07:30 local)
        String kolkata = march.get("Asia/Kolkata");
        assertEquals(Instant.parse("2026-03-10T01:30:00Z"), store.get(kolkata, "rpt_daily_20260309").orElseThrow().createdAt);
        for (String tenantId : List.of(march.values(), spring.values()).stream().flatMap(c -> c.stream()).toList()) {
            for (Report r : all(tenantId)) {
                // no worker runs here: the hourly sweep queues a report again after 50 minutes and gives it up after a day
                assertTrue(r.status == ReportStatus.PENDING || r.status == ReportStatus.FAILED && r.error.contains("lost"), r.id + " " + r.status);
                assertTrue(r.queuedAt != null, "report " + r.id + " was queued");
            }
        }
    }

    @Test
    void aMissedRunStillFiresOnceAndRerunsOrOverlappingRunsFireNothingTwice() throws Exception {
        Map<String, String> tenants = tenants();
        Instant first = Instant.parse("2026-06-08T00:00:00Z");
        Instant last = Instant.parse("2026-06-12T00:00:00Z");
        Instant missed = Instant.parse("2026-06-10T05:00:00Z"); // Berlin's 07:00 (CEST): no run at all at this quarter hour
        for (Instant t = first; !t.isAfter(last); t = t.plus(Duration.ofMinutes(15))) {
            if (t.equals(missed)) {
                continue;
            }
            clock.set(t);
            if (t.getEpochSecond() % (6 * 3600) == 0) {
                // two runs at once (an overlapping invocation) and a rerun of the same hour
                CompletableFuture<ReportRun.Summary> a = CompletableFuture.supplyAsync(() -> run().run());
                CompletableFuture<ReportRun.Summary> b = CompletableFuture.supplyAsync(() -> run().run());
                a.get();
                b.get();
            }
            run().run();
        }
        Map<String, Instant> berlin = expected(ZoneId.of("Europe/Berlin"), first.minus(Duration.ofMinutes(15)), last);
        berlin.put("rpt_daily_20260609", Instant.parse("2026-06-10T05:15:00Z")); // fired late, by the next run, once
        Map<String, Instant> actual = new TreeMap<>();
        all(tenants.get("Europe/Berlin")).forEach(r -> actual.put(r.id, r.createdAt));
        assertEquals(berlin, actual);
        Map<String, String> others = new LinkedHashMap<>(tenants);
        others.remove("Europe/Berlin");
        assertFiredOnce(others, first.minus(Duration.ofMinutes(15)), last);
    }

    @Test
    void aPausedTenantGetsNoReportsAndATenantThatMovesZoneFiresAtItsNewSevenOClock() {
        TestKeys.Key admin = TestKeys.newAccount(env);
        String paused = tenantsApi.call("POST", "/v1/tenants", admin.raw(), "{\"name\":\"Paused\",\"timezone\":\"Europe/Berlin\"}")
                .json().path("id").asText();
        String moved = tenantsApi.call("POST", "/v1/tenants", admin.raw(), "{\"name\":\"Moved\",\"timezone\":\"Europe/Berlin\"}")
                .json().path("id").asText();
        assertEquals(200, tenantsApi.call("PATCH", "/v1/tenants/" + paused, admin.raw(), "{\"status\":\"paused\"}").status());
        assertEquals(200, tenantsApi.call("PATCH", "/v1/tenants/" + moved, admin.raw(), "{\"timezone\":\"America/New_York\"}").status());
        Instant first = Instant.parse("2026-07-14T00:00:00Z");
        Instant last = Instant.parse("2026-07-15T00:00:00Z");
        for (Instant t = first; !t.isAfter(last); t = t.plus(Duration.ofHours(1))) {
            clock.set(t);
            run().run();
        }
        assertEquals(List.of(), all(paused));
        List<Report> reports = all(moved);
        assertEquals(1, reports.size());
        assertEquals("rpt_daily_20260713", reports.get(0).id);
        assertEquals(Instant.parse("2026-07-14T11:00:00Z"), reports.get(0).createdAt); // 07:00 EDT, not Berlin's 05:00 UTC
        assertEquals("America/New_York", reports.get(0).timezone);
    }

    @Test
    void aReportWhoseJobWasLostIsQueuedAgainByTheSweepAndGivenUpAfterADay() {
        TestKeys.Key admin = TestKeys.newAccount(env);
        String tenant = tenantsApi.call("POST", "/v1/tenants", admin.raw(), "{\"name\":\"Lost\",\"timezone\":\"Europe/Berlin\"}")
                .json().path("id").asText();
        ReportService service = reports.reportService();
        clock.set(Instant.parse("2026-09-02T10:00:00Z"));
        Report asked = service.request(tenant, (com.fasterxml.jackson.databind.node.ObjectNode) com.socialwire.shared.Json.tree(
                "{\"type\":\"daily_briefing\",\"period\":\"2026-09-01\"}")).report();
        assertEquals(Instant.parse("2026-09-02T10:00:00Z"), asked.queuedAt);
        // its message is lost: no worker ever claims it
        clock.set(Instant.parse("2026-09-02T10:45:00Z"));
        assertEquals(new ReportService.Swept(0, 0), service.sweep(), "not lost yet: 50 minutes after it was queued");
        clock.set(Instant.parse("2026-09-02T10:51:00Z"));
        assertEquals(new ReportService.Swept(1, 0), service.sweep());
        assertEquals(Instant.parse("2026-09-02T10:51:00Z"), store.get(tenant, asked.id).orElseThrow().queuedAt, "queued again");
        assertEquals(new ReportService.Swept(0, 0), service.sweep(), "and not again until 50 minutes later");
        clock.set(Instant.parse("2026-09-03T10:01:00Z"));
        assertEquals(new ReportService.Swept(0, 1), service.sweep());
        Report given = store.get(tenant, asked.id).orElseThrow();
        assertEquals(ReportStatus.FAILED, given.status);
        assertTrue(given.error.contains("lost"), given.error);
        assertEquals(new ReportService.Swept(0, 0), service.sweep(), "a failed report leaves the index");
        // asked for again, it is built anew
        assertEquals(ReportStatus.PENDING, service.request(tenant, (com.fasterxml.jackson.databind.node.ObjectNode) com.socialwire.shared.Json.tree(
                "{\"type\":\"daily_briefing\",\"period\":\"2026-09-01\"}")).report().status);
    }
}
