package com.socialwire.reports.stats;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.socialwire.shared.analytics.TenantCounters.*;

/**
 * {@code view=jobs} (the content-system seed's job statistics): content jobs created by type and ended by status in the
 * period, per day, and the success rate (completed of completed and failed).
 */
final class JobsView {

    private JobsView() {
    }

    static Map<String, Object> of(Map<String, Object> out, AnalyticsQuery q, CounterPeriod period) {
        List<LocalDate> days = q.days();
        Map<String, Long> counts = period.counts(days);
        boolean known = period.since() != null;
        out.put("countersSince", known ? period.since().toString() : null);
        Long created = period.sum(days, d -> CounterPeriod.prefixed(d, JOBS_CREATED));
        Long completed = period.sum(days, d -> d.get(JOBS_ENDED + "completed"));
        Long failed = period.sum(days, d -> d.get(JOBS_ENDED + "failed"));
        out.put("totalJobs", created);
        out.put("completedJobs", completed);
        out.put("failedJobs", failed);
        out.put("cancelledJobs", period.sum(days, d -> d.get(JOBS_ENDED + "cancelled")));
        out.put("successRate", CounterPeriod.percent(completed, completed == null ? null : completed + failed));
        out.put("byType", known ? named(counts, JOBS_CREATED) : null);
        List<Map<String, Object>> series = new ArrayList<>();
        for (LocalDate day : days) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("date", day.toString());
            row.put("created", period.on(day, d -> CounterPeriod.prefixed(d, JOBS_CREATED)));
            row.put("completed", period.on(day, d -> d.get(JOBS_ENDED + "completed")));
            row.put("failed", period.on(day, d -> d.get(JOBS_ENDED + "failed")));
            series.add(row);
        }
        out.put("days", series);
        return out;
    }
}
