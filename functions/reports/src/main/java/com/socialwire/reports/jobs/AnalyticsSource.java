package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.reports.stats.TenantAnalytics;
import com.socialwire.shared.tenants.Tenant;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The report's numbers from the stats and analytics services ({@link TenantAnalytics}: the very computations that answer
 * {@code GET .../analytics?view=posts|accounts|costs} for the same dates), for the period and the one before: the KPI
 * cards, the series (posts, engagement, followers, reach, views, LLM cost per day), the top posts, the content mix, the
 * inbox, the best-times grid and the costs section. What a view has no data for stays null.
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
        insights(doc, map(posts.get("insights")), map(postsBefore.get("insights")));
        contentMix(doc, map(posts.get("byPlatform")));
        inbox(doc, map(posts.get("inbox")), map(postsBefore.get("inbox")), map(analytics.stats(tenant).get("inbox")));
        accounts(doc, analytics.accounts(tenant, p.from(), p.to(), null), analytics.accounts(tenant, before.from(), before.to(), null));
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
        Map<String, Object> best = analytics.bestTimes(tenant, p.from(), p.to(), null);
        ObjectNode bestTimes = (ObjectNode) doc.get("bestTimes");
        bestTimes.put("timezone", text(best.get("timezone")));
        bestTimes.set("grid", com.socialwire.shared.Json.toTree(best.get("grid")));
    }

    /** The content mix: the period's published deliveries per platform (the posts view's {@code byPlatform}). */
    private static void contentMix(ObjectNode doc, Map<String, Object> byPlatform) {
        com.fasterxml.jackson.databind.node.ArrayNode mix = (com.fasterxml.jackson.databind.node.ArrayNode) doc.get("contentMix");
        byPlatform.forEach((platform, row) -> {
            BigDecimal deliveries = number(map(row).get("deliveries"));
            if (deliveries != null && deliveries.signum() > 0) {
                mix.addObject().put("label", platform).put("value", deliveries);
            }
        });
    }

    /** Views, reach and engagement of the period's published posts (their latest insights), per day, and the top posts. */
    private static void insights(ObjectNode doc, Map<String, Object> now, Map<String, Object> before) {
        ReportDocument.kpi(doc, "views", "Views", number(now.get("views")), number(before.get("views")), "count");
        ReportDocument.kpi(doc, "reach", "Reach", number(now.get("reach")), number(before.get("reach")), "count");
        ReportDocument.kpi(doc, "engagement", "Engagement", number(now.get("engagement")), number(before.get("engagement")), "count");
        for (Object day : list(now.get("days"))) {
            Map<String, Object> d = map(day);
            ReportDocument.point(doc, "engagementPerDay", LocalDate.parse(String.valueOf(d.get("date"))), number(d.get("engagement")));
        }
        com.fasterxml.jackson.databind.node.ArrayNode top = (com.fasterxml.jackson.databind.node.ArrayNode) doc.get("topPosts");
        for (Object post : list(now.get("topPosts"))) {
            Map<String, Object> t = map(post);
            ObjectNode o = top.addObject();
            o.put("postId", text(t.get("postId")));
            o.put("platform", text(t.get("platform")));
            o.put("caption", text(t.get("caption")));
            o.putNull("thumbnailUrl");
            o.put("thumbnailMediaId", text(t.get("thumbnailMediaId")));
            o.put("permalink", text(t.get("permalink")));
            o.put("publishedAt", text(t.get("publishedAt")));
            o.put("views", number(t.get("views")));
            o.put("reach", number(t.get("reach")));
            o.put("engagement", number(t.get("engagement")));
        }
    }

    /**
     * The inbox: where its items stand as the report is made ({@code GET .../stats}' inbox: a status is a state, which a
     * period's counters only hold as net changes), the sentiment and types of the period's items, replies sent and DMs
     * answered (KPI cards).
     */
    private static void inbox(ObjectNode doc, Map<String, Object> now, Map<String, Object> before, Map<String, Object> current) {
        ObjectNode inbox = (ObjectNode) doc.get("inbox");
        inbox.set("byStatus", com.socialwire.shared.Json.toTree(current.get("byStatus") == null ? Map.of() : current.get("byStatus")));
        ObjectNode bySentiment = inbox.putObject("bySentiment");
        map(now.get("bySentiment")).forEach((k, v) -> bySentiment.put(k, number(v)));
        ObjectNode statusChange = inbox.putObject("statusChange");
        map(now.get("statusChange")).forEach((k, v) -> statusChange.put(k, number(v)));
        ObjectNode received = inbox.putObject("received");
        map(now.get("received")).forEach((k, v) -> received.put(k, number(v)));
        ReportDocument.kpi(doc, "repliesSent", "Replies sent", number(now.get("repliesSent")), number(before.get("repliesSent")), "count");
        ReportDocument.kpi(doc, "dmsAnswered", "DMs answered", number(now.get("dmsAnswered")), number(before.get("dmsAnswered")), "count");
    }

    /** Followers, reach and views of the tenant's accounts per day (their daily insights), and the followers card. */
    private static void accounts(ObjectNode doc, Map<String, Object> now, Map<String, Object> before) {
        for (Object day : list(now.get("days"))) {
            Map<String, Object> d = map(day);
            LocalDate date = LocalDate.parse(String.valueOf(d.get("date")));
            ReportDocument.point(doc, "followers", date, number(d.get("followers")));
            ReportDocument.point(doc, "reach", date, number(d.get("reach")));
            ReportDocument.point(doc, "views", date, number(d.get("views")));
        }
        ReportDocument.kpi(doc, "followers", "Followers", last(now), last(before), "count");
    }

    /** The period's last known follower count, or null. */
    private static BigDecimal last(Map<String, Object> accounts) {
        BigDecimal out = null;
        for (Object day : list(accounts.get("days"))) {
            BigDecimal f = number(map(day).get("followers"));
            out = f == null ? out : f;
        }
        return out;
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
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
