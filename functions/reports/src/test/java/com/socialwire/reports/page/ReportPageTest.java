package com.socialwire.reports.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportPageTest {

    /** Every number of the document by its page marker, read from the document's shape (not from the page code). */
    static Map<String, String> expectedMetrics(JsonNode doc) {
        Map<String, String> m = new LinkedHashMap<>();
        for (JsonNode k : doc.path("kpis")) {
            m.put("kpi." + k.path("key").asText(), raw(k.get("value")));
            m.put("kpi." + k.path("key").asText() + ".previous", raw(k.get("previous")));
            if (k.path("changePercent").isNumber() && k.path("value").isNumber() && k.path("previous").isNumber()) {
                m.put("kpi." + k.path("key").asText() + ".changePercent", raw(k.get("changePercent")));
            }
        }
        doc.path("series").fields().forEachRemaining(e -> {
            for (JsonNode p : e.getValue()) {
                m.put("series." + e.getKey() + "." + p.path("date").asText(), raw(p.get("value")));
            }
        });
        for (JsonNode c : doc.path("contentMix")) {
            m.put("contentMix." + c.path("label").asText(), raw(c.get("value")));
        }
        for (JsonNode p : doc.path("topPosts")) {
            for (String f : List.of("views", "reach", "engagement")) {
                m.put("topPosts." + p.path("postId").asText() + "." + f, raw(p.get(f)));
            }
        }
        for (String part : List.of("byStatus", "bySentiment")) {
            doc.path("inbox").path(part).fields().forEachRemaining(e -> m.put("inbox." + part + "." + e.getKey(), raw(e.getValue())));
        }
        for (int d = 0; d < 7; d++) {
            for (int h = 0; h < 24; h++) {
                m.put("bestTimes.grid." + d + "." + h, raw(doc.path("bestTimes").path("grid").path(d).get(h)));
            }
        }
        JsonNode costs = doc.path("costs");
        for (String f : List.of("totalUsd", "budgetUsd", "creditsSpentMicro")) {
            m.put("costs." + f, raw(costs.get(f)));
        }
        costs.path("byModel").fields().forEachRemaining(e -> m.put("costs.byModel." + e.getKey(), raw(e.getValue())));
        if (doc.path("competitors").path("available").asBoolean()) {
            for (JsonNode r : doc.path("competitors").path("rows")) {
                for (Iterator<String> it = List.of("followers", "followersChange", "mediaCount", "avgLikes", "avgComments", "postsPerWeek").iterator(); it.hasNext(); ) {
                    String f = it.next();
                    m.put("competitors." + r.path("handle").asText() + "." + f, raw(r.get(f)));
                }
            }
        }
        return m;
    }

    /** The page, also written to target/report-pages/{name}.html to look at. */
    static String kept(String name, String html) {
        try {
            Files.createDirectories(Path.of("target/report-pages"));
            Files.writeString(Path.of("target/report-pages", name + ".html"), html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return html;
    }

    /** The two maps equal, or a failure that lists only the differences. */
    static void assertSameMetrics(Map<String, String> expected, Map<String, String> actual) {
        java.util.TreeMap<String, String> diff = new java.util.TreeMap<>();
        for (String k : expected.keySet()) {
            if (!java.util.Objects.equals(expected.get(k), actual.get(k))) {
                diff.put(k, "expected " + expected.get(k) + ", page " + actual.get(k));
            }
        }
        for (String k : actual.keySet()) {
            if (!expected.containsKey(k)) {
                diff.put(k, "only on the page: " + actual.get(k));
            }
        }
        assertTrue(diff.isEmpty(), diff.size() + " of " + expected.size() + " numbers differ: " + diff);
    }

    static String csp(Document d) {
        for (Element e : Markup.elements(d)) {
            if ("Content-Security-Policy".equals(e.getAttribute("http-equiv"))) {
                return e.getAttribute("content");
            }
        }
        return null;
    }

    static String raw(JsonNode n) {
        return n == null || !n.isNumber() ? "null" : n.decimalValue().toPlainString();
    }

    @Test
    void everyNumberOfTheDocumentIsOnThePageWithItsRawValue() {
        ObjectNode doc = ReportDocuments.seeded(42, 30, "https://sw-media.s3.amazonaws.com/ten_1");
        Map<String, String> page = Markup.metrics(Markup.parse(ReportPage.render(doc)));
        Map<String, String> expected = expectedMetrics(doc);
        assertTrue(expected.size() > 300, "the 30-day document has " + expected.size() + " numbers");
        assertSameMetrics(expected, page);
    }

    @Test
    void pageLoadsNothingButItsThumbnailsAndRunsNothing() throws Exception {
        String html = ReportPage.render(ReportDocuments.seeded(42, 30, "https://sw-media.s3.amazonaws.com/ten_1"));
        Document d = Markup.parse(html);
        assertEquals(List.of(), Markup.activeContent(d));
        String style = d.getElementsByTagName("style").item(0).getTextContent();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(style.getBytes(StandardCharsets.UTF_8)));
        for (Element e : Markup.elements(d)) {
            if (e.getTagName().equals("img")) {
                assertTrue(e.getAttribute("src").startsWith("https://sw-media.s3.amazonaws.com/ten_1/"), e.getAttribute("src"));
            }
            assertFalse(e.getTagName().equals("link") || e.getTagName().equals("script"), e.getTagName());
        }
        assertEquals("default-src 'none'; style-src 'sha256-" + hash + "'; img-src https://sw-media.s3.amazonaws.com; base-uri 'none'; form-action 'none'", csp(d));
    }

    @Test
    void anEmbeddedThumbnailIsShownAndOnlyAJpegOrPngDataUriIsAllowed() {
        ObjectNode doc = ReportDocuments.seeded(42, 7, null);
        String jpeg = "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==";
        ((ObjectNode) doc.withArray("topPosts").get(0)).put("thumbnailUrl", jpeg);
        Document d = Markup.parse(ReportPage.render(doc));
        List<String> sources = new java.util.ArrayList<>();
        for (Element e : Markup.elements(d)) {
            if (e.getTagName().equals("img")) {
                sources.add(e.getAttribute("src"));
            }
        }
        assertEquals(List.of(jpeg), sources);
        assertTrue(csp(d).contains("img-src data:;"), csp(d));
        for (String bad : List.of("data:text/html;base64,PHNjcmlwdD4=", "data:image/svg+xml;base64,PHN2Zz4=", "data:image/jpeg,<svg onload=x>",
                "data:image/jpeg;base64,/9j/\"><script>")) {
            ((ObjectNode) doc.withArray("topPosts").get(0)).put("thumbnailUrl", bad);
            Document other = Markup.parse(ReportPage.render(doc));
            assertTrue(csp(other).contains("img-src 'none';"), bad + ": " + csp(other));
        }
    }

    @Test
    void hostileTextStaysTextEverywhere() {
        ObjectNode doc = ReportDocuments.hostile();
        String html = kept("hostile", ReportPage.render(doc));
        Document d = Markup.parse(html);
        assertEquals(List.of(), Markup.activeContent(d));
        assertFalse(html.contains("<script") || html.contains("<img src=x") || html.contains("<svg onload"), "raw markup leaked");
        assertEquals(ChartKitTest.xmlSafe(ReportDocuments.HOSTILE[0] + ReportDocuments.HOSTILE[1]), d.getElementsByTagName("h1").item(0).getTextContent());
        assertTrue(csp(d).contains("img-src 'none';"), "neither javascript: nor a URL with markup in it becomes an image source: " + csp(d));
        assertEquals(new java.util.TreeSet<>(expectedMetrics(doc).keySet().stream().map(ChartKitTest::xmlSafe).toList()),
                new java.util.TreeSet<>(Markup.metrics(d).keySet()), "the markers hold the hostile keys as text");
    }

    @Test
    void nullReadsNoDataNeverZero() {
        String html = kept("empty", ReportPage.render(ReportDocuments.empty()));
        Document d = Markup.parse(html);
        for (Element e : Markup.elements(d)) {
            String cls = e.getAttribute("class");
            if (cls.equals("kpi-value")) {
                assertEquals("no data", e.getTextContent());
            }
            if (cls.startsWith("kpi-change")) {
                assertEquals("no data", e.getTextContent());
            }
            if (e.getChildNodes().getLength() == 1 && e.getFirstChild().getNodeType() == org.w3c.dom.Node.TEXT_NODE) {
                assertFalse(e.getTextContent().strip().matches("\\$?0(\\.0+)?( ?%| credits)?"), "no made-up zero: <" + e.getTagName() + "> " + e.getTextContent());
            }
        }
        assertTrue(html.contains("Not available: competitor pulse needs an Instagram account connected with Facebook login"));
        assertEquals(11, html.split("class=\"empty\"", -1).length - 1, "every chart in its empty state");
        for (String v : Markup.metrics(d).values()) {
            assertEquals("null", v);
        }
    }

    /** Two sources of the worker both added the engagement, reach and replies cards and the top posts (seen on 5 Dec). */
    @Test
    void aKpiOrTopPostTheDocumentRepeatsShowsOnce() {
        ObjectNode doc = ReportDocuments.seeded(42, 7, null);
        doc.withArray("kpis").add(doc.withArray("kpis").get(1).deepCopy());
        doc.withArray("topPosts").add(doc.withArray("topPosts").get(0).deepCopy());
        Document d = Markup.parse(ReportPage.render(doc));
        int views = 0;
        int post0 = 0;
        for (Element e : Markup.elements(d)) {
            views += "kpi.views".equals(e.getAttribute("data-metric")) ? 1 : 0;
            post0 += "topPosts.pst_0.views".equals(e.getAttribute("data-metric")) ? 1 : 0;
        }
        assertEquals(1, views, "one Views card");
        assertEquals(1, post0, "the top post listed once");
    }

    @Test
    void changeAgainstPreviousPeriod() {
        assertEquals("\u25B2 20.0%", Units.change(new java.math.BigDecimal("12"), java.math.BigDecimal.TEN, "count").words());
        assertEquals("\u25BC 0.4 pts", Units.change(new java.math.BigDecimal("4.7"), new java.math.BigDecimal("5.1"), "percent").words());
        assertEquals("new (was 0)", Units.change(java.math.BigDecimal.ONE, java.math.BigDecimal.ZERO, "count").words());
        assertEquals("no change", Units.change(java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO, "count").words());
        assertEquals("no data", Units.change(null, java.math.BigDecimal.ZERO, "count").words());
        assertEquals("no data", Units.change(java.math.BigDecimal.ONE, null, "count").words());
        assertEquals("1.25 credits", Units.format(java.math.BigDecimal.valueOf(1_250_000), "micro_credits"));
        assertEquals("$0.0042", Units.format(new java.math.BigDecimal("0.0042"), "usd"));
        assertEquals("12,345.5", Units.format(new java.math.BigDecimal("12345.5"), "count"));
    }

    @Test
    void samePageForTheSameDocument() throws IOException {
        String html = ReportPage.render(ReportDocuments.seeded(42, 30, "https://sw-media.s3.amazonaws.com/ten_1"));
        assertEquals(html, ReportPage.render(ReportDocuments.seeded(42, 30, "https://sw-media.s3.amazonaws.com/ten_1")));
        Path golden = ChartKitTest.GOLDEN.resolve("page-30-days.html");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, html, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), html, "the page differs from its golden file");
    }
}
