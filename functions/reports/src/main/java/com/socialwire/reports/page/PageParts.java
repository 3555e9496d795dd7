package com.socialwire.reports.page;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** The report page's non-chart parts: period wording, KPI cards, top posts, the competitor table and the footer. */
final class PageParts {

    private PageParts() {
    }

    /** The period's label, else its dates: "16 November – 22 November 2026 (week 47)", "23 Nov 2026 – 29 Nov 2026". */
    static String periodText(JsonNode period) {
        String label = Doc.text(period.get("label"), null);
        return label != null && !label.isBlank() ? label : dates(period);
    }

    /** "23 Nov 2026 – 29 Nov 2026" (local dates, both inclusive), or the one day. */
    static String dates(JsonNode period) {
        String from = Doc.text(period.get("from"), "?");
        String to = Doc.text(period.get("to"), from);
        return from.equals(to) ? day(from) : day(from) + " \u2013 " + day(to);
    }

    private static String day(String isoDate) {
        String s = Chart.shortLabel(isoDate);
        return s.equals(isoDate) || !isoDate.matches("\\d{4}-\\d{2}-\\d{2}") ? isoDate : s + " " + isoDate.substring(0, 4);
    }

    static void kpis(StringBuilder h, JsonNode kpis) {
        h.append("<section aria-labelledby=\"s-kpis\"><h2 id=\"s-kpis\">Key numbers</h2>");
        if (!kpis.isArray() || kpis.isEmpty()) {
            h.append("<p class=\"card muted\">No numbers for this period yet.</p></section>");
            return;
        }
        h.append("<div class=\"kpis\">");
        Set<String> shown = new java.util.HashSet<>();
        for (JsonNode k : kpis) {
            String key = Doc.text(k.get("key"), "");
            if (!shown.add(key)) {
                continue; // a card the document repeats is shown once
            }
            String unit = Doc.text(k.get("unit"), "count");
            BigDecimal value = Doc.num(k.get("value"));
            BigDecimal previous = Doc.num(k.get("previous"));
            BigDecimal stated = Doc.num(k.get("changePercent"));
            Units.Change change = stated != null && value != null && previous != null
                    ? Units.stated(stated) : Units.change(value, previous, unit);
            h.append("<div class=\"card kpi\"><p class=\"kpi-label\">").append(Svg.esc(Doc.text(k.get("label"), key))).append("</p>")
                    .append(Doc.marked("p", "kpi-value", "kpi." + key, value, Units.format(value, unit)))
                    .append("<p class=\"kpi-change ").append(change.direction()).append("\"");
            if (stated != null && value != null && previous != null) {
                // the document's own change: a number of the report like any other
                h.append(" data-metric=\"kpi.").append(Svg.esc(key)).append(".changePercent\" data-value=\"").append(Svg.plain(stated)).append('"');
            } else if (change.amount() != null) {
                h.append(" data-derived=\"kpi.").append(Svg.esc(key)).append(".change\" data-value=\"").append(Svg.plain(change.amount())).append('"');
            }
            h.append('>').append(Svg.esc(change.words())).append("</p><p class=\"kpi-prev muted\">previous: ")
                    .append(Doc.marked("span", null, "kpi." + key + ".previous", previous, Units.format(previous, unit)))
                    .append("</p></div>");
        }
        h.append("</div></section>");
    }

    /** The top posts list; the origin of each usable thumbnail URL goes into {@code imageOrigins} (the CSP allows them). */
    static String topPosts(JsonNode posts, String zone, Set<String> imageOrigins) {
        if (!posts.isArray() || posts.isEmpty()) {
            return "<p class=\"empty muted\">No posts published in this period.</p>";
        }
        StringBuilder h = new StringBuilder("<ol class=\"posts\">");
        Set<String> listed = new java.util.HashSet<>();
        for (JsonNode p : posts) {
            String id = Doc.text(p.get("postId"), "");
            if (!listed.add(id + "|" + Doc.text(p.get("platform"), ""))) {
                continue; // a post the document repeats is listed once
            }
            String caption = Doc.text(p.get("caption"), "");
            String url = Doc.text(p.get("thumbnailUrl"), null);
            String origin = origin(url);
            h.append("<li class=\"post\">");
            if (origin != null) {
                imageOrigins.add(origin);
                h.append("<img class=\"thumb\" src=\"").append(Svg.esc(url)).append("\" alt=\"").append(Svg.esc(Svg.cut(caption, 80)))
                        .append("\" width=\"72\" height=\"72\" loading=\"lazy\" referrerpolicy=\"no-referrer\"/>");
            } else {
                h.append("<div class=\"thumb none\" role=\"img\" aria-label=\"no image\">no image</div>");
            }
            h.append("<div class=\"post-body\"><p class=\"muted\">").append(Svg.esc(Doc.text(p.get("platform"), "")))
                    .append(" \u00B7 ").append(Svg.esc(localTime(Doc.text(p.get("publishedAt"), ""), zone))).append("</p><p class=\"caption\">")
                    .append(Svg.esc(Svg.cut(caption, 140))).append("</p><p class=\"nums\">");
            for (String metric : new String[] {"views", "reach", "engagement"}) {
                BigDecimal v = Doc.num(p.get(metric));
                h.append("<span>").append(metric).append(' ')
                        .append(Doc.marked("b", null, "topPosts." + id + "." + metric, v, Units.format(v, "count"))).append("</span> ");
            }
            h.append("</p></div></li>");
        }
        return h.append("</ol>").toString();
    }

    /** An ISO instant as "29 Nov 2026, 10:30" in {@code zone}; anything unreadable as given. */
    static String localTime(String instant, String zone) {
        try {
            java.time.LocalDateTime t = java.time.Instant.parse(instant).atZone(java.time.ZoneId.of(zone)).toLocalDateTime();
            String date = t.toLocalDate().toString();
            return day(date) + ", " + (t.getHour() < 10 ? "0" : "") + t.getHour() + ":" + (t.getMinute() < 10 ? "0" : "") + t.getMinute();
        } catch (java.time.DateTimeException e) {
            return instant;
        }
    }

    /** An embedded thumbnail the worker wrote: a JPEG or PNG as base64, nothing else. */
    private static final java.util.regex.Pattern EMBEDDED = java.util.regex.Pattern.compile("data:image/(jpeg|png);base64,[A-Za-z0-9+/]+={0,2}");

    /** The largest embedded thumbnail shown (the worker embeds at most 100 KB, 136,000 characters of base64). */
    static final int MAX_EMBEDDED = 140_000;

    /**
     * What the CSP must allow for a thumbnail: {@code scheme://host[:port]} of an http(s) URL, {@code data:} for an image
     * the worker embedded (JPEG or PNG base64 only), or null for anything else (no javascript:, other data: or garbage).
     */
    static String origin(String url) {
        if (url != null && url.startsWith("data:")) {
            return url.length() <= MAX_EMBEDDED && EMBEDDED.matcher(url).matches() ? "data:" : null;
        }
        if (url == null || url.length() > 4096) {
            return null;
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme();
            if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) || u.getHost() == null || u.getRawUserInfo() != null) {
                return null;
            }
            return scheme.toLowerCase(java.util.Locale.ROOT) + "://" + u.getHost().toLowerCase(java.util.Locale.ROOT)
                    + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static final String[][] COMPETITOR_COLUMNS = {
        {"followers", "Followers"}, {"followersChange", "Change"}, {"mediaCount", "Posts"}, {"avgLikes", "Avg likes"},
        {"avgComments", "Avg comments"}, {"postsPerWeek", "Posts / week"}};

    static void competitors(StringBuilder h, JsonNode competitors) {
        h.append("<section aria-labelledby=\"s-competitors\"><h2 id=\"s-competitors\">Competitors</h2>");
        if (!competitors.path("available").asBoolean(false)) {
            h.append("<p class=\"card muted\">Not available: ")
                    .append(Svg.esc(Doc.text(competitors.get("reason"), "no competitors configured"))).append("</p></section>");
            return;
        }
        h.append("<div class=\"card table-wrap\"><table><thead><tr><th scope=\"col\">Account</th>");
        for (String[] c : COMPETITOR_COLUMNS) {
            h.append("<th scope=\"col\">").append(c[1]).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        JsonNode rows = competitors.path("rows");
        if (rows.isEmpty()) {
            h.append("<tr><td colspan=\"7\" class=\"muted\">No competitor data yet.</td></tr>");
        }
        for (JsonNode row : rows) {
            String handle = Doc.text(row.get("handle"), "");
            h.append("<tr><th scope=\"row\">").append(Svg.esc(Svg.cut(handle, 40))).append("</th>");
            for (String[] c : COMPETITOR_COLUMNS) {
                BigDecimal v = Doc.num(row.get(c[0]));
                h.append(Doc.marked("td", null, "competitors." + handle + "." + c[0], v, Units.format(v, "count")));
            }
            h.append("</tr>");
        }
        h.append("</tbody></table></div></section>");
    }

    static void footer(StringBuilder h, JsonNode doc) {
        h.append("<footer class=\"foot\"><h2>About these numbers</h2>");
        JsonNode definitions = doc.path("definitions");
        if (definitions.isArray() && !definitions.isEmpty()) {
            h.append("<dl>");
            for (JsonNode d : definitions) {
                h.append("<dt>").append(Svg.esc(Doc.text(d.get("term"), ""))).append("</dt><dd>").append(Svg.esc(Doc.text(d.get("text"), "")))
                        .append("</dd>");
            }
            h.append("</dl>");
        }
        JsonNode lag = doc.path("dataLag");
        h.append("<p><strong>Data lag:</strong> ");
        if (lag.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = lag.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                h.append(Svg.esc(e.getKey())).append(": ").append(Svg.esc(Doc.text(e.getValue(), e.getValue().toString())))
                        .append(it.hasNext() ? "; " : "");
            }
        } else {
            h.append(Svg.esc(Doc.text(lag, "platform insights arrive up to 48 hours late; recent days may still grow.")));
        }
        h.append("</p><p class=\"muted\">Report ").append(Svg.esc(Doc.text(doc.get("reportId"), ""))).append(", generated ")
                .append(Svg.esc(localTime(Doc.text(doc.get("generatedAt"), ""), Doc.text(doc.path("tenant").get("timezone"), "UTC")))).append(". Times are in ")
                .append(Svg.esc(Doc.text(doc.path("tenant").get("timezone"), "UTC"))).append(".</p></footer>");
    }
}
