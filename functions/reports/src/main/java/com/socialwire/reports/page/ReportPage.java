package com.socialwire.reports.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.reports.page.Chart.Point;
import com.socialwire.reports.page.Chart.Series;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * A report document (the JSON the report worker stores) as one self-contained HTML page: inline CSS allowed by its
 * hash, no script, nothing loaded but the top posts' thumbnails from their own origins (strict CSP in a meta tag),
 * SVG charts that scale to the screen. Every number shown carries {@code data-metric} (its path in the document) and
 * {@code data-value} (the raw number, or "null"), so tests can hold the page to the API. The page is also
 * well-formed XML after its doctype.
 */
public final class ReportPage {

    private ReportPage() {
    }

    /** The page for {@code doc}; absent or mistyped parts show their empty state, never a failure or a zero. */
    public static String render(JsonNode doc) {
        Set<String> imageOrigins = new java.util.TreeSet<>();
        String topPosts = PageParts.topPosts(doc.path("topPosts"), Doc.text(doc.path("tenant").get("timezone"), "UTC"), imageOrigins);
        String tenant = Doc.text(doc.path("tenant").get("name"), "Your brand");
        String kind = kind(Doc.text(doc.get("type"), "report"));
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(Svg.esc(csp(imageOrigins))).append("\"/>")
                .append("<meta name=\"referrer\" content=\"no-referrer\"/>")
                .append("<title>").append(Svg.esc(kind + " \u00B7 " + tenant + " \u00B7 " + PageParts.periodText(doc.path("period"))))
                .append("</title><style>").append(PageStyle.CSS).append("</style></head><body><main class=\"page\">");
        header(h, doc, tenant, kind);
        narrative(h, doc.path("narrative"));
        PageParts.kpis(h, doc.path("kpis"));
        charts(h, doc, topPosts);
        PageParts.competitors(h, doc.path("competitors"));
        PageParts.footer(h, doc);
        return h.append("</main></body></html>\n").toString();
    }

    /** The policy: nothing but our own style block and images from the thumbnails' origins. */
    static String csp(Set<String> imageOrigins) {
        return "default-src 'none'; style-src '" + PageStyle.HASH + "'; img-src "
                + (imageOrigins.isEmpty() ? "'none'" : String.join(" ", imageOrigins))
                + "; base-uri 'none'; form-action 'none'";
    }

    /** The heading of a report type, in any case and with '-' or '_' ("weekly", "WEEKLY_REPORT", "competitor-pulse"). */
    static String kind(String type) {
        return switch (type.toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
            case "daily", "daily_briefing" -> "Daily briefing";
            case "weekly", "weekly_report" -> "Weekly report";
            case "monthly", "monthly_review" -> "Monthly review";
            case "competitor_pulse", "competitors" -> "Competitor pulse";
            case "cost", "cost_report" -> "Cost report";
            default -> Svg.cut(type, 40);
        };
    }

    private static void header(StringBuilder h, JsonNode doc, String tenant, String kind) {
        JsonNode period = doc.path("period");
        String zone = Doc.text(period.get("timezone"), Doc.text(doc.path("tenant").get("timezone"), "UTC"));
        h.append("<header class=\"head\"><p class=\"kind\">").append(Svg.esc(kind)).append("</p><h1>").append(Svg.esc(tenant))
                .append("</h1><p class=\"period\">").append(Svg.esc(PageParts.periodText(period))).append("</p><p class=\"muted\">")
                .append(Svg.esc(PageParts.dates(period) + ", " + zone + " time"));
        JsonNode previous = doc.path("previousPeriod");
        if (previous.has("from")) {
            h.append(" \u00B7 compared with ").append(Svg.esc(PageParts.dates(previous)));
        }
        h.append("</p></header>");
    }

    private static void narrative(StringBuilder h, JsonNode narrative) {
        h.append("<section class=\"card narrative\" aria-labelledby=\"s-summary\"><h2 id=\"s-summary\">Summary</h2>");
        String text = Doc.text(narrative.get("text"), "");
        if (text.isBlank()) {
            h.append("<p class=\"muted\">No summary for this period.</p>");
        } else {
            for (String paragraph : text.strip().split("\\n\\s*\\n")) {
                h.append("<p>").append(Svg.esc(paragraph.strip())).append("</p>");
            }
        }
        String source = Doc.text(narrative.get("source"), "offline");
        String model = Doc.text(narrative.get("model"), null);
        h.append("<p class=\"source muted\" data-narrative-source=\"").append(Svg.esc(source)).append("\">")
                .append("llm".equals(source)
                        ? "Written by an AI model" + (model == null ? "" : " (" + Svg.esc(model) + ")") + " from the numbers on this page."
                        : "Written from the numbers on this page without an AI model (offline).")
                .append("</p></section>");
    }

    private static void charts(StringBuilder h, JsonNode doc, String topPosts) {
        JsonNode series = doc.path("series");
        h.append("<section aria-labelledby=\"s-charts\"><h2 id=\"s-charts\">Charts</h2><div class=\"grid\">");
        String lag = "No data yet (insights arrive up to 48 h after the day)";
        figure(h, "Followers", LineChart.render("followers", "Followers", "Followers at the end of each day",
                List.of(new Series("Followers", Doc.daySeries(series.path("followers"), "series.followers"))), lag), false);
        figure(h, "Views and reach", LineChart.render("views-reach", "Views and reach", "Views and reach per day",
                List.of(new Series("Views", Doc.daySeries(series.path("views"), "series.views")),
                        new Series("Reach", Doc.daySeries(series.path("reach"), "series.reach"))), lag), false);
        figure(h, "Posts published per day", BarChart.render("posts-per-day", "Posts published per day", "Posts published each day",
                List.of(new Series("Posts", Doc.daySeries(series.path("postsPerDay"), "series.postsPerDay"))), "No posts in this period"), false);
        figure(h, "Engagement per day", BarChart.render("engagement-per-day", "Engagement per day",
                "Likes, comments, saves and shares each day",
                List.of(new Series("Engagement", Doc.daySeries(series.path("engagementPerDay"), "series.engagementPerDay"))), lag), false);
        figure(h, "Content mix", DonutChart.render("content-mix", "Content mix", "Posts published by format",
                Doc.labelled(doc.path("contentMix"), "contentMix"), "No posts in this period"), false);
        h.append("<figure class=\"card\"><figcaption>Top posts</figcaption>").append(topPosts).append("</figure>");
        JsonNode inbox = doc.path("inbox");
        figure(h, "Inbox by status, as the report was made", HBarChart.render("inbox-status", "Inbox by status", "Conversations by where they stand now",
                Doc.fields(inbox.get("byStatus"), "inbox.byStatus"), "count", "No conversations"), false);
        figure(h, "Inbox by sentiment, this period", HBarChart.render("inbox-sentiment", "Inbox by sentiment", "This period's conversations by sentiment",
                Doc.fields(inbox.get("bySentiment"), "inbox.bySentiment"), "count", "No conversations in this period"), false);
        JsonNode best = doc.path("bestTimes");
        figure(h, "Best times to post (" + Doc.text(best.get("timezone"), "tenant time") + ")", HeatMap.render("best-times",
                "Best times to post", "Engagement by weekday (Monday first) and hour in " + Doc.text(best.get("timezone"), "the tenant's timezone"),
                grid(best.path("grid")), "Not enough posts yet to tell the best times"), true);
        costs(h, doc.path("costs"), series);
        h.append("</div></section>");
    }

    private static List<List<Point>> grid(JsonNode grid) {
        List<List<Point>> rows = new ArrayList<>();
        for (int day = 0; day < 7; day++) {
            List<Point> row = new ArrayList<>();
            for (int hour = 0; hour < 24; hour++) {
                row.add(new Point(HeatMap.DAYS[day] + " " + hour, Doc.num(grid.path(day).get(hour)), "bestTimes.grid." + day + "." + hour));
            }
            rows.add(row);
        }
        return rows;
    }

    private static void costs(StringBuilder h, JsonNode costs, JsonNode series) {
        h.append("<figure class=\"card wide\"><figcaption>LLM cost against budget</figcaption>");
        h.append(BudgetGauge.render("llm-budget", "LLM cost against budget",
                new Point("spent", Doc.num(costs.get("totalUsd")), "costs.totalUsd"),
                new Point("budget", Doc.num(costs.get("budgetUsd")), "costs.budgetUsd"), "No LLM cost recorded in this period"));
        h.append("<div class=\"pair\"><div>").append(LineChart.render("llm-cost-per-day", "LLM cost per day (USD)", "LLM cost in US dollars each day",
                List.of(new Series("USD", Doc.daySeries(series.path("llmCostUsd"), "series.llmCostUsd"))), "No LLM cost recorded in this period"));
        h.append("</div><div>").append(HBarChart.render("llm-cost-by-model", "LLM cost by model (USD)", "LLM cost in US dollars by model",
                Doc.fields(costs.get("byModel"), "costs.byModel"), "usd", "No LLM cost recorded in this period")).append("</div></div>");
        java.math.BigDecimal credits = Doc.num(costs.get("creditsSpentMicro"));
        h.append("<p class=\"muted\">Credits spent: ")
                .append(Doc.marked("span", null, "costs.creditsSpentMicro", credits, Units.format(credits, "micro_credits"))).append("</p></figure>");
    }

    private static void figure(StringBuilder h, String caption, String svg, boolean wide) {
        h.append("<figure class=\"card").append(wide ? " wide" : "").append("\"><figcaption>").append(Svg.esc(caption))
                .append("</figcaption>").append(svg).append("</figure>");
    }

    /** The page's style block and its CSP hash. */
    static final class PageStyle {
        static final String CSS = PageCss.TEXT;
        static final String HASH = "sha256-" + sha256(CSS);

        private static String sha256(String s) {
            try {
                return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
