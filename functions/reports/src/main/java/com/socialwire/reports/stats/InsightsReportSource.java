package com.socialwire.reports.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.reports.jobs.Report;
import com.socialwire.reports.jobs.ReportDocument;
import com.socialwire.reports.jobs.ReportPeriod;
import com.socialwire.reports.jobs.ReportSource;
import com.socialwire.shared.Json;
import com.socialwire.shared.tenants.Tenant;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A report's insights, audience, inbox and best-times sections, taken from the very views that answer
 * {@code GET .../stats} and {@code GET .../analytics?view=posts|accounts|best-times} for the report's period (and the
 * previous one, for the KPI cards), so each of those numbers equals the endpoints': engagement per day, followers, views
 * and reach, the engagement, reach and replies cards, the content mix, top posts, the inbox and the best-times grid.
 * (Posts per day, LLM cost and the costs section: {@link com.socialwire.reports.jobs.AnalyticsSource}.)
 */
public final class InsightsReportSource implements ReportSource {

    private final TenantAnalytics analytics;

    public InsightsReportSource(TenantAnalytics analytics) {
        this.analytics = analytics;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void fill(Tenant t, Report report, ObjectNode doc) {
        ReportPeriod p = report.period;
        ReportPeriod before = p.previous();
        Map<String, Object> posts = analytics.posts(t, p.from(), p.to(), null);
        Map<String, Object> previousPosts = analytics.posts(t, before.from(), before.to(), null);
        Map<String, Object> accounts = analytics.accounts(t, p.from(), p.to(), null);
        Map<String, Object> insights = (Map<String, Object>) posts.get("insights");
        Map<String, Object> previousInsights = (Map<String, Object>) previousPosts.get("insights");

        series(doc, "engagementPerDay", (List<Map<String, Object>>) insights.get("days"), "engagement");
        series(doc, "followers", (List<Map<String, Object>>) accounts.get("days"), "followers");
        series(doc, "views", (List<Map<String, Object>>) accounts.get("days"), "views");
        series(doc, "reach", (List<Map<String, Object>>) accounts.get("days"), "reach");

        ReportDocument.kpi(doc, "engagement", "Engagement", number(insights.get("engagement")), number(previousInsights.get("engagement")), "count");
        ReportDocument.kpi(doc, "reach", "Post reach", number(insights.get("reach")), number(previousInsights.get("reach")), "count");
        ReportDocument.kpi(doc, "repliesSent", "Replies sent", inbox(posts, "repliesSent"), inbox(previousPosts, "repliesSent"), "count");

        ArrayNode mix = (ArrayNode) doc.get("contentMix");
        Map<String, Map<String, Long>> byPlatform = (Map<String, Map<String, Long>>) posts.get("byPlatform");
        byPlatform.forEach((platform, row) -> {
            if (row.get("deliveries") > 0) {
                mix.addObject().put("label", platform).put("value", row.get("deliveries"));
            }
        });
        ArrayNode top = (ArrayNode) doc.get("topPosts");
        for (Map<String, Object> post : (List<Map<String, Object>>) insights.get("topPosts")) {
            ObjectNode row = top.addObject();
            for (String field : List.of("postId", "platform", "caption", "publishedAt")) {
                row.put(field, (String) post.get(field));
            }
            row.putNull("thumbnailUrl");
            for (String field : List.of("views", "reach", "engagement")) {
                row.put(field, (Long) post.get(field));
            }
        }
        Map<String, Object> inbox = (Map<String, Object>) analytics.stats(t).get("inbox");
        ObjectNode docInbox = (ObjectNode) doc.get("inbox");
        docInbox.set("byStatus", Json.toTree(inbox.get("byStatus")));
        docInbox.set("bySentiment", Json.toTree(inbox.get("bySentiment")));
        Map<String, Object> best = analytics.bestTimes(t, p.from(), p.to(), null);
        ObjectNode bestTimes = (ObjectNode) doc.get("bestTimes");
        bestTimes.put("timezone", (String) best.get("timezone"));
        bestTimes.set("grid", Json.toTree(best.get("grid")));
    }

    private static void series(ObjectNode doc, String name, List<Map<String, Object>> days, String field) {
        for (Map<String, Object> day : days) {
            ReportDocument.point(doc, name, LocalDate.parse((String) day.get("date")), number(day.get(field)));
        }
    }

    @SuppressWarnings("unchecked")
    private static BigDecimal inbox(Map<String, Object> posts, String field) {
        Map<String, Object> inbox = (Map<String, Object>) posts.get("inbox");
        return inbox == null ? null : number(inbox.get(field));
    }

    /** A view's number as a report's: null stays null (no data), never 0. */
    private static BigDecimal number(Object v) {
        return switch (v) {
            case null -> null;
            case BigDecimal d -> d;
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            default -> throw new IllegalArgumentException("not a number: " + v);
        };
    }
}
