package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.reports.stats.TenantAnalytics;
import com.socialwire.shared.tenants.Tenant;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The report's posts and costs from the stats and analytics services ({@link TenantAnalytics}: the very computations
 * that answer {@code GET .../analytics?view=posts|costs} for the same dates), for the period and the one before: the KPI
 * cards, posts per day, LLM cost per day, and the costs section. What a view has no data for stays null.
 */
public final class AnalyticsSource implements ReportSource {

    /** The KPI cards taken from the posts view's totals: its key, the card's key and label. */
    private static final List<String[]> POST_KPIS = List.of(
            new String[]{"published", "postsPublished", "Posts published"},
            new String[]{"created", "postsCreated", "Posts created"},
            new String[]{"deliveriesFailed", "deliveriesFailed", "Failed deliveries"});

    private final TenantAnalytics analytics;

    public AnalyticsSource(TenantAnalytics analytics) {
        this.analytics = analytics;
    }

    @Override
    public void fill(Tenant tenant, Report report, ObjectNode doc) {
        ReportPeriod p = report.period;
        ReportPeriod before = p.previous();
        Map<String, Object> posts = analytics.posts(tenant, p.from(), p.to(), null);
        Map<String, Object> postsBefore = analytics.posts(tenant, before.from(), before.to(), null);
        for (String[] k : POST_KPIS) {
            ReportDocument.kpi(doc, k[1], k[2], number(map(posts.get("totals")).get(k[0])), number(map(postsBefore.get("totals")).get(k[0])),
                    "count");
        }
        for (Object day : list(posts.get("days"))) {
            Map<String, Object> d = map(day);
            ReportDocument.point(doc, "postsPerDay", LocalDate.parse(String.valueOf(d.get("date"))), number(d.get("published")));
        }
        Map<String, Object> costs = analytics.costs(tenant, p.from(), p.to(), null);
        Map<String, Object> costsBefore = analytics.costs(tenant, before.from(), before.to(), null);
        for (Object day : list(costs.get("days"))) {
            Map<String, Object> d = map(day);
            ReportDocument.point(doc, "llmCostUsd", LocalDate.parse(String.valueOf(d.get("date"))), number(d.get("totalUsd")));
        }
        ObjectNode section = (ObjectNode) doc.get("costs");
        section.put("budgetUsd", number(costs.get("budgetUsd")));
        section.put("totalUsd", number(costs.get("totalUsd")));
        ObjectNode models = section.putObject("byModel");
        map(costs.get("byModel")).forEach((model, usd) -> models.put(model, number(usd)));
        ReportDocument.kpi(doc, "llmCostUsd", "LLM cost", number(costs.get("totalUsd")), number(costsBefore.get("totalUsd")), "usd");
    }

    private static BigDecimal number(Object v) {
        return v instanceof BigDecimal d ? d : v instanceof Number n ? new BigDecimal(n.toString()) : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object v) {
        return v instanceof List<?> l ? l : List.of();
    }
}
