package com.socialwire.reports.stats;

import com.socialwire.shared.analytics.InsightMetrics;
import com.socialwire.shared.analytics.PublishedDelivery;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The posts view's platform numbers: the deliveries published in the period (the published-delivery read model, by
 * key condition), each with its latest insights; per local publish day and in total, views, reach and engagement summed
 * over the deliveries that have the metric (null when none has: unknown, never 0); the top posts by engagement.
 */
final class PostInsights {

    static final int TOP = 5;

    private PostInsights() {
    }

    static Map<String, Object> of(List<PublishedDelivery> deliveries, AnalyticsQuery q, ZoneId zone) {
        List<PublishedDelivery> rows = q.platform() == null ? deliveries
                : deliveries.stream().filter(d -> q.platform().equals(d.platform())).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("basis", "the latest insights read of each delivery published in the period (refreshed at D+1, D+2, D+7 and D+28)");
        out.put("deliveries", rows.size());
        out.put("measured", rows.stream().filter(d -> !d.metrics().isEmpty()).count());
        out.put("views", sum(rows, "views"));
        out.put("reach", sum(rows, "reach"));
        out.put("engagement", sum(rows, null));
        List<Map<String, Object>> days = new ArrayList<>();
        for (LocalDate day : q.days()) {
            List<PublishedDelivery> that = rows.stream().filter(d -> LocalDate.ofInstant(d.publishedAt(), zone).equals(day)).toList();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("date", day.toString());
            row.put("published", that.size());
            row.put("views", sum(that, "views"));
            row.put("reach", sum(that, "reach"));
            row.put("engagement", sum(that, null));
            days.add(row);
        }
        out.put("days", days);
        List<Map<String, Object>> top = new ArrayList<>();
        rows.stream().filter(d -> d.metrics().engagement() != null || d.metrics().get("views") != null)
                .sorted(Comparator.comparing((PublishedDelivery d) -> d.metrics().engagement(), Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(d -> d.metrics().get("views"), Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                .limit(TOP).forEach(d -> top.add(post(d)));
        out.put("topPosts", top);
        return out;
    }

    private static Map<String, Object> post(PublishedDelivery d) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("postId", d.postId());
        p.put("platform", d.platform());
        p.put("caption", d.caption());
        p.put("permalink", d.permalink());
        p.put("thumbnailMediaId", d.thumbnailMediaId());
        p.put("publishedAt", d.publishedAt().toString());
        p.put("views", d.metrics().get("views"));
        p.put("reach", d.metrics().get("reach"));
        p.put("engagement", d.metrics().engagement());
        p.put("metricsAt", d.metricsAt() == null ? null : d.metricsAt().toString());
        return p;
    }

    /** {@code metric} (null: engagement) summed over the deliveries that have it; null if none has. */
    private static Long sum(List<PublishedDelivery> rows, String metric) {
        Long total = null;
        for (PublishedDelivery d : rows) {
            InsightMetrics m = d.metrics();
            Long v = metric == null ? m.engagement() : m.get(metric);
            if (v != null) {
                total = (total == null ? 0 : total) + v;
            }
        }
        return total;
    }
}
