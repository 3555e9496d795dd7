package com.socialwire.reports.stats;

import com.socialwire.shared.analytics.TenantCounters;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import static com.socialwire.shared.analytics.TenantCounters.*;

/**
 * {@code view=posts}: per local day, posts created, first published and failed, and deliveries out and failed (all of
 * them, or one platform's: its posts created, its deliveries out and failed); their totals; approvals in the period.
 */
final class PostsView {

    private PostsView() {
    }

    static Map<String, Object> of(Map<String, Object> out, AnalyticsQuery q, CounterPeriod period) {
        String p = q.platform();
        Map<String, ToLongFunction<TenantCounters.Day>> columns = new LinkedHashMap<>();
        columns.put("created", p == null ? d -> d.get(POSTS_CREATED) : d -> d.get(POSTS_CREATED_ON + p));
        columns.put("published", p == null ? d -> d.get(POSTS_PUBLISHED) : d -> d.get(POSTS_DELIVERED + p));
        columns.put("failed", p == null ? d -> d.get(POSTS_FAILED) : d -> d.get(POSTS_DELIVERY_FAILED + p));
        columns.put("deliveries", p == null ? d -> CounterPeriod.prefixed(d, POSTS_DELIVERED) : d -> d.get(POSTS_DELIVERED + p));
        columns.put("deliveriesFailed", p == null ? d -> CounterPeriod.prefixed(d, POSTS_DELIVERY_FAILED)
                : d -> d.get(POSTS_DELIVERY_FAILED + p));
        List<LocalDate> days = q.days();
        out.put("countersSince", period.since() == null ? null : period.since().toString());
        Map<String, Object> totals = new LinkedHashMap<>();
        columns.forEach((name, value) -> totals.put(name, period.sum(days, value)));
        out.put("totals", totals);
        Map<String, Long> counts = period.counts(days);
        if (p == null) {
            Map<String, Object> byPlatform = new LinkedHashMap<>();
            Map<String, Long> created = named(counts, POSTS_CREATED_ON);
            Map<String, Long> delivered = named(counts, POSTS_DELIVERED);
            Map<String, Long> failed = named(counts, POSTS_DELIVERY_FAILED);
            java.util.TreeSet<String> platforms = new java.util.TreeSet<>(created.keySet());
            platforms.addAll(delivered.keySet());
            platforms.addAll(failed.keySet());
            for (String platform : platforms) {
                Map<String, Long> row = new LinkedHashMap<>();
                row.put("created", created.getOrDefault(platform, 0L));
                row.put("deliveries", delivered.getOrDefault(platform, 0L));
                row.put("deliveriesFailed", failed.getOrDefault(platform, 0L));
                byPlatform.put(platform, row);
            }
            out.put("byPlatform", byPlatform);
        }
        out.put("approvals", period.since() == null ? null : StatsView.approvals(counts));
        out.put("inbox", period.since() == null ? null : StatsView.inbox(counts, true));
        List<Map<String, Object>> series = new ArrayList<>();
        for (LocalDate day : days) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("date", day.toString());
            columns.forEach((name, value) -> row.put(name, period.on(day, value)));
            series.add(row);
        }
        out.put("days", series);
        return out;
    }
}
