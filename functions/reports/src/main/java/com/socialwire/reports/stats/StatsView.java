package com.socialwire.reports.stats;

import com.socialwire.shared.analytics.TenantCounters;
import com.socialwire.shared.tenants.Tenant;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.socialwire.shared.analytics.TenantCounters.*;

/**
 * {@code GET .../stats} (the social-media-manager seed's stats, with the inbox): posts by status and platform now,
 * approvals and their rate, posts created in the last 30 days and in 7 weekly buckets (W1 oldest, W7 ending today).
 */
final class StatsView {

    static final int WEEKS = 7;

    private StatsView() {
    }

    static Map<String, Object> of(Tenant t, LocalDate today, CounterPeriod period, Map<String, Long> totals) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenantId", t.id());
        out.put("timezone", TenantAnalytics.zone(t).getId());
        out.put("asOf", today.toString());
        out.put("countersSince", period.since() == null ? null : period.since().toString());
        Map<String, Long> byStatus = named(totals, POST_STATUS);
        out.put("total", byStatus.values().stream().mapToLong(Long::longValue).sum());
        out.put("byStatus", byStatus);
        out.put("byPlatform", named(totals, POST_PLATFORM));
        long approved = totals.getOrDefault(QA_APPROVED, 0L) + totals.getOrDefault(CLIENT_APPROVED, 0L);
        long rejected = totals.getOrDefault(QA_REJECTED, 0L) + totals.getOrDefault(CLIENT_REJECTED, 0L);
        out.put("approvalRate", CounterPeriod.percent(approved, approved + rejected));
        out.put("approvals", approvals(totals));
        List<LocalDate> last30 = today.minusDays(29).datesUntil(today.plusDays(1)).toList();
        out.put("last30Days", period.sum(last30, d -> d.get(POSTS_CREATED)));
        List<Map<String, Object>> weekly = new ArrayList<>();
        List<Map<String, Object>> series = new ArrayList<>();
        for (int w = 1; w <= WEEKS; w++) {
            LocalDate to = today.minusDays(7L * (WEEKS - w));
            List<LocalDate> days = to.minusDays(6).datesUntil(to.plusDays(1)).toList();
            Map<String, Object> week = new LinkedHashMap<>();
            week.put("label", "W" + w);
            week.put("from", days.get(0).toString());
            week.put("to", to.toString());
            week.put("created", period.sum(days, d -> d.get(POSTS_CREATED)));
            week.put("published", period.sum(days, d -> d.get(POSTS_PUBLISHED)));
            week.put("failed", period.sum(days, d -> d.get(POSTS_FAILED)));
            weekly.add(week);
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("label", "W" + w);
            point.put("value", week.get("created"));
            series.add(point);
        }
        out.put("last30DaysSeries", series);
        out.put("weekly", weekly);
        out.put("inbox", inbox(totals, false));
        out.put("note", period.since() == null
                ? "nothing has been counted for this tenant yet: every count starts with its first change"
                : "counts cover changes since countersSince (the tenant's local date); posts and inbox items from before are not in them");
        return out;
    }

    /** Approvals and rejections by stage, from {@code counts} (a period's or all of them). */
    static Map<String, Long> approvals(Map<String, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("qaApproved", counts.getOrDefault(QA_APPROVED, 0L));
        out.put("qaRejected", counts.getOrDefault(QA_REJECTED, 0L));
        out.put("clientApproved", counts.getOrDefault(CLIENT_APPROVED, 0L));
        out.put("clientRejected", counts.getOrDefault(CLIENT_REJECTED, 0L));
        return out;
    }

    /**
     * The inbox from {@code counts}: received by type, by sentiment, replies sent, DMs received and answered; of all
     * counters, its items by status now ({@code byStatus}, deleted included), of a period's, how each status's count
     * changed over it ({@code statusChange}: + what came into it, - what left it).
     */
    static Map<String, Object> inbox(Map<String, Long> counts, boolean period) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(period ? "statusChange" : "byStatus", named(counts, INBOX_STATUS));
        out.put("bySentiment", named(counts, INBOX_SENTIMENT));
        Map<String, Long> received = named(counts, INBOX_RECEIVED);
        Map<String, Long> replied = named(counts, INBOX_REPLIED);
        out.put("received", received);
        out.put("repliesSent", replied.values().stream().mapToLong(Long::longValue).sum());
        out.put("dmsReceived", received.getOrDefault("dm", 0L));
        out.put("dmsAnswered", replied.getOrDefault("dm", 0L));
        return out;
    }
}
