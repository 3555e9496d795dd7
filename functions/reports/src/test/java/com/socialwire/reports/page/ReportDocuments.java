package com.socialwire.reports.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Random;

/** Report documents in the agreed shape (HELPERS "Report document") for the page's tests: seeded, empty and hostile. */
final class ReportDocuments {

    private ReportDocuments() {
    }

    /**
     * A report over {@code days} days ending 2026-11-29 with seeded numbers; a few values are null (no data yet), the
     * newest two days of insights among them. {@code thumbnailBase} (or null) prefixes the top posts' thumbnail URLs.
     */
    static ObjectNode seeded(long seed, int days, String thumbnailBase) {
        Random r = new Random(seed);
        LocalDate to = LocalDate.of(2026, 11, 29);
        LocalDate from = to.minusDays(days - 1L);
        ObjectNode doc = Json.object();
        doc.put("reportId", "rep_" + seed).put("type", "weekly");
        doc.putObject("tenant").put("id", "ten_1").put("name", "Acme Coffee Roasters").put("timezone", "Europe/Berlin");
        doc.putObject("period").put("from", from.toString()).put("to", to.toString()).put("label", "Last " + days + " days")
                .put("timezone", "Europe/Berlin");
        doc.putObject("previousPeriod").put("from", from.minusDays(days).toString()).put("to", from.minusDays(1).toString());
        doc.put("generatedAt", "2026-11-30T06:00:04Z");
        doc.putObject("narrative").put("text", "Views rose to 48,210 while reach held at 21,904.\n\nReels did best: 3 of the top 5 posts.")
                .put("source", "llm").put("model", "claude-haiku-4-5");
        ArrayNode kpis = doc.putArray("kpis");
        kpi(kpis, "followers_net", "Net new followers", 312, 280, "count");
        kpi(kpis, "views", "Views", 48210, 40190, "count");
        kpi(kpis, "reach_daily_avg", "Reach (daily average)", 21904, 21904, "count");
        kpis.addObject().put("key", "engagement_rate").put("label", "Engagement rate").put("value", new BigDecimal("4.7"))
                .put("previous", new BigDecimal("5.1")).put("unit", "percent");
        kpi(kpis, "posts_published", "Posts published", 23, 0, "count");
        kpis.addObject().put("key", "replies_sent").put("label", "Replies sent").put("value", 57).putNull("previous").put("unit", "count");
        kpis.addObject().put("key", "llm_cost").put("label", "LLM cost").put("value", new BigDecimal("3.8125"))
                .put("previous", new BigDecimal("4.02")).put("unit", "usd");
        kpis.addObject().put("key", "credits_spent").put("label", "Credits spent").put("value", 1_250_000)
                .put("previous", 900_000).put("unit", "micro_credits");
        ObjectNode series = doc.putObject("series");
        ArrayNode followers = series.putArray("followers");
        ArrayNode views = series.putArray("views");
        ArrayNode reach = series.putArray("reach");
        ArrayNode posts = series.putArray("postsPerDay");
        ArrayNode engagement = series.putArray("engagementPerDay");
        ArrayNode cost = series.putArray("llmCostUsd");
        int base = 12_000;
        for (int i = 0; i < days; i++) {
            String date = from.plusDays(i).toString();
            base += r.nextInt(25);
            boolean lagging = i >= days - 2;
            day(followers, date, i == 9 ? null : BigDecimal.valueOf(base));
            day(views, date, lagging ? null : BigDecimal.valueOf(800 + r.nextInt(2400)));
            day(reach, date, lagging ? null : BigDecimal.valueOf(400 + r.nextInt(1100)));
            day(posts, date, BigDecimal.valueOf(r.nextInt(4)));
            day(engagement, date, lagging ? null : BigDecimal.valueOf(r.nextInt(600)));
            day(cost, date, BigDecimal.valueOf(r.nextInt(40_000), 4));
        }
        ArrayNode mix = doc.putArray("contentMix");
        mix.addObject().put("label", "REELS").put("value", 11);
        mix.addObject().put("label", "FEED").put("value", 7);
        mix.addObject().put("label", "CAROUSEL").put("value", 4);
        mix.addObject().put("label", "STORY").put("value", 1);
        ArrayNode top = doc.putArray("topPosts");
        for (int i = 0; i < 5; i++) {
            ObjectNode p = top.addObject().put("postId", "pst_" + i).put("platform", i % 2 == 0 ? "instagram" : "facebook")
                    .put("caption", "Pour-over Tuesday #" + i + ": our new Ethiopian single origin, roasted light for brightness")
                    .put("publishedAt", to.minusDays(i * 3L) + "T09:30:00Z").put("views", 9000 - i * 1300)
                    .put("reach", 4000 - i * 500).put("engagement", 700 - i * 90);
            if (thumbnailBase != null && i != 3) {
                p.put("thumbnailUrl", thumbnailBase + "/thumb-" + i + ".png?X-Amz-Signature=abc&X-Amz-Expires=604800");
            } else {
                p.putNull("thumbnailUrl");
            }
        }
        ObjectNode inbox = doc.putObject("inbox");
        inbox.putObject("byStatus").put("open", 14).put("replied", 57).put("closed", 31).put("spam", 3);
        inbox.putObject("bySentiment").put("positive", 61).put("neutral", 33).put("negative", 11).putNull("unknown");
        ObjectNode best = doc.putObject("bestTimes").put("timezone", "Europe/Berlin");
        ArrayNode grid = best.putArray("grid");
        for (int d = 0; d < 7; d++) {
            ArrayNode row = grid.addArray();
            for (int h = 0; h < 24; h++) {
                if (h < 7 || r.nextInt(5) == 0) {
                    row.addNull();
                } else {
                    row.add(BigDecimal.valueOf(r.nextInt(5000), 2));
                }
            }
        }
        ObjectNode costs = doc.putObject("costs").put("budgetUsd", new BigDecimal("50.00")).put("totalUsd", new BigDecimal("38.1250"))
                .put("creditsSpentMicro", 1_250_000);
        costs.putObject("byModel").put("claude-haiku-4-5", new BigDecimal("21.5000")).put("gpt-4.1-mini", new BigDecimal("16.6250"));
        ObjectNode comp = doc.putObject("competitors").put("available", true).putNull("reason");
        ArrayNode rows = comp.putArray("rows");
        rows.addObject().put("handle", "bluebottle").put("followers", 1_204_331).put("followersChange", 2_310).put("mediaCount", 2_861)
                .put("avgLikes", new BigDecimal("5120.4")).put("avgComments", new BigDecimal("88.2")).put("postsPerWeek", new BigDecimal("4.5"));
        rows.addObject().put("handle", "stumptowncoffee").put("followers", 301_877).putNull("followersChange").put("mediaCount", 4_102)
                .put("avgLikes", new BigDecimal("1210.0")).put("avgComments", new BigDecimal("31.6")).put("postsPerWeek", new BigDecimal("2.0"));
        ArrayNode defs = doc.putArray("definitions");
        defs.addObject().put("term", "Views").put("text", "Times your content was played or displayed (Instagram's views, which replaced impressions and plays).");
        defs.addObject().put("term", "Reach (daily average)").put("text", "Accounts that saw your content, averaged per day: daily reach cannot be summed.");
        defs.addObject().put("term", "Engagement").put("text", "Likes, comments, saves and shares.");
        doc.put("dataLag", "Instagram insights arrive up to 48 hours late; the last two days may still grow.");
        doc.putObject("usage").put("llmCalls", 1);
        return doc;
    }

    /** A report of a tenant with nothing yet: every number null, every list empty, competitors not available. */
    static ObjectNode empty() {
        ObjectNode doc = Json.object();
        doc.put("reportId", "rep_empty").put("type", "weekly");
        doc.putObject("tenant").put("id", "ten_2").put("name", "New Brand").put("timezone", "America/New_York");
        doc.putObject("period").put("from", "2026-11-23").put("to", "2026-11-29").put("label", "Week 48").put("timezone", "America/New_York");
        doc.putObject("previousPeriod").put("from", "2026-11-16").put("to", "2026-11-22");
        doc.put("generatedAt", "2026-11-30T12:00:00Z");
        doc.putObject("narrative").put("text", "There is no activity to report yet.").put("source", "offline").putNull("model");
        ArrayNode kpis = doc.putArray("kpis");
        for (String key : new String[] {"views", "posts_published"}) {
            kpis.addObject().put("key", key).put("label", key).putNull("value").putNull("previous").put("unit", "count");
        }
        ObjectNode series = doc.putObject("series");
        for (String name : new String[] {"followers", "views", "reach", "postsPerDay", "engagementPerDay", "llmCostUsd"}) {
            ArrayNode a = series.putArray(name);
            for (int i = 23; i <= 29; i++) {
                a.addObject().put("date", "2026-11-" + i).putNull("value");
            }
        }
        doc.putArray("contentMix");
        doc.putArray("topPosts");
        doc.putObject("inbox").putObject("byStatus");
        ((ObjectNode) doc.get("inbox")).putObject("bySentiment");
        doc.putObject("bestTimes").put("timezone", "America/New_York").putArray("grid");
        doc.putObject("costs").putNull("budgetUsd").putNull("totalUsd").putObject("byModel");
        ((ObjectNode) doc.get("costs")).putNull("creditsSpentMicro");
        doc.putObject("competitors").put("available", false).put("reason", "competitor pulse needs an Instagram account connected with Facebook login");
        doc.putArray("definitions");
        doc.put("dataLag", "Instagram insights arrive up to 48 hours late.");
        return doc;
    }

    /** Hostile text in every place user data reaches: captions, labels, handles, names, models, keys. */
    static final String[] HOSTILE = {
        "<script>window.__pwned=1</script>", "]]><svg onload=alert(1)>", "\"><img src=x onerror=alert(2)>",
        "' onmouseover='alert(3)", "</style><script>alert(4)</script>", "&amp; &lt;b&gt; &#x3C;", "\u0000\u0007\uFFFE ctrl\uD800",
        "<!-- x --><![CDATA[ y ]]>", "javascript:alert(5)", "\u202Eevil\u202C 😀 emoji"};

    /** The seeded document with hostile text everywhere user data goes. */
    static ObjectNode hostile() {
        ObjectNode doc = seeded(7, 7, null);
        ((ObjectNode) doc.get("tenant")).put("name", HOSTILE[0] + HOSTILE[1]);
        ((ObjectNode) doc.get("period")).put("label", HOSTILE[2]).put("timezone", HOSTILE[4]);
        ((ObjectNode) doc.get("narrative")).put("text", HOSTILE[0] + "\n\n" + HOSTILE[7]).put("model", HOSTILE[3]);
        doc.put("type", HOSTILE[1]);
        int i = 0;
        for (JsonNode k : doc.get("kpis")) {
            ((ObjectNode) k).put("label", HOSTILE[i++ % HOSTILE.length]);
        }
        ((ObjectNode) doc.withArray("kpis").get(0)).put("key", HOSTILE[2]);
        for (JsonNode m : doc.get("contentMix")) {
            ((ObjectNode) m).put("label", HOSTILE[i++ % HOSTILE.length]);
        }
        for (JsonNode p : doc.get("topPosts")) {
            ((ObjectNode) p).put("caption", HOSTILE[i++ % HOSTILE.length]).put("platform", HOSTILE[i++ % HOSTILE.length])
                    .put("postId", HOSTILE[i++ % HOSTILE.length]);
        }
        ((ObjectNode) doc.withArray("topPosts").get(0)).put("thumbnailUrl", "javascript:alert(6)");
        ((ObjectNode) doc.withArray("topPosts").get(1)).put("thumbnailUrl", "https://evil.example/x.png\"><script>alert(7)</script>");
        ObjectNode status = doc.with("inbox").putObject("byStatus");
        for (String h : HOSTILE) {
            status.put(h, 3);
        }
        doc.with("costs").putObject("byModel").put(HOSTILE[0], 1.5).put(HOSTILE[1], 2.25);
        ((ObjectNode) doc.with("competitors").withArray("rows").get(0)).put("handle", HOSTILE[1]);
        ArrayNode defs = doc.putArray("definitions");
        defs.addObject().put("term", HOSTILE[0]).put("text", HOSTILE[4]);
        doc.put("dataLag", HOSTILE[7]);
        doc.with("bestTimes").put("timezone", HOSTILE[3]);
        return doc;
    }

    /** A KPI as the report worker writes it: with changePercent (one decimal, null when previous is 0). */
    private static void kpi(ArrayNode kpis, String key, String label, long value, long previous, String unit) {
        ObjectNode k = kpis.addObject().put("key", key).put("label", label).put("value", value).put("previous", previous).put("unit", unit);
        if (previous == 0) {
            k.putNull("changePercent");
        } else {
            k.put("changePercent", BigDecimal.valueOf(value - previous).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(Math.abs(previous)), 1, java.math.RoundingMode.HALF_UP));
        }
    }

    private static void day(ArrayNode series, String date, BigDecimal value) {
        ObjectNode o = series.addObject().put("date", date);
        if (value == null) {
            o.putNull("value");
        } else {
            o.put("value", value);
        }
    }
}
