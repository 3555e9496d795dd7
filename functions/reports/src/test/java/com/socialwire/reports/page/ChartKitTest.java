package com.socialwire.reports.page;

import com.socialwire.reports.page.Chart.Point;
import com.socialwire.reports.page.Chart.Series;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The chart kit against golden files (src/test/resources/page/golden; rewrite them with -Dgolden.update=true and look at
 * the difference before committing) and the rules every chart keeps: gaps for nulls, an empty state, escaped labels.
 */
class ChartKitTest {

    static final Path GOLDEN = Path.of("src/test/resources/page/golden");

    static List<Point> days(String prefix, Integer... values) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            String date = "2026-11-" + (10 + i);
            points.add(new Point(date, values[i] == null ? null : BigDecimal.valueOf(values[i]), prefix + "." + date));
        }
        return points;
    }

    static void golden(String name, String svg) throws IOException {
        Path file = GOLDEN.resolve(name + ".svg");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, svg + "\n", StandardCharsets.UTF_8);
        }
        if (!Files.exists(file)) {
            fail("no golden file " + file + " (run with -Dgolden.update=true once and check it)");
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), svg + "\n", "chart " + name + " differs from its golden file");
        Markup.parse(svg);
    }

    @Test
    void chartsMatchTheirGoldenFiles() throws IOException {
        golden("line-followers", LineChart.render("followers", "Followers", "Followers per day",
                List.of(new Series("Followers", days("f", 1200, 1210, 1234, null, 1250, 1262, 1301))), Chart.NO_DATA));
        golden("line-views-reach", LineChart.render("views-reach", "Views and reach", "Views and reach per day",
                List.of(new Series("Views", days("v", 3000, 4200, null, 5100, 2500, null, null)),
                        new Series("Reach", days("r", 1500, 1800, 1400, null, 1200, 900, null))), Chart.NO_DATA));
        golden("bars-posts", BarChart.render("posts", "Posts per day", "Posts published per day",
                List.of(new Series("Posts", days("p", 2, 0, 3, null, 1, 4, 0))), Chart.NO_DATA));
        golden("donut-mix", DonutChart.render("mix", "Content mix", "Posts by format", List.of(
                new Point("REELS", BigDecimal.valueOf(11), "m.REELS"), new Point("FEED", BigDecimal.valueOf(7), "m.FEED"),
                new Point("CAROUSEL", BigDecimal.valueOf(4), "m.CAROUSEL"), new Point("STORY", null, "m.STORY")), Chart.NO_DATA));
        List<List<Point>> grid = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            List<Point> row = new ArrayList<>();
            for (int h = 0; h < 24; h++) {
                row.add(new Point(d + "." + h, h < 8 || (d + h) % 5 == 0 ? null : BigDecimal.valueOf((d * 24 + h) % 17), "g." + d + "." + h));
            }
            grid.add(row);
        }
        golden("heatmap-best-times", HeatMap.render("best", "Best times", "Engagement by weekday and hour", grid, Chart.NO_DATA));
        golden("hbars-inbox", HBarChart.render("inbox", "Inbox by status", "Conversations by status", List.of(
                new Point("open", BigDecimal.valueOf(14), "i.open"), new Point("replied", BigDecimal.valueOf(57), "i.replied"),
                new Point("unknown", null, "i.unknown")), "count", Chart.NO_DATA));
        golden("gauge-over-budget", BudgetGauge.render("budget", "LLM cost against budget",
                new Point("spent", new BigDecimal("61.5"), "c.total"), new Point("budget", new BigDecimal("50"), "c.budget"), Chart.NO_DATA));
        golden("line-empty", LineChart.render("empty", "Followers", "Followers per day",
                List.of(new Series("Followers", days("f", null, null, null))), "No data yet (insights lag 48 h)"));
    }

    @Test
    void nullValuesAreGapsNeverZeros() {
        String line = LineChart.render("l", "t", "d", List.of(new Series("s", days("s", 10, 20, null, 40, 50))), Chart.NO_DATA);
        Document d = Markup.parse(line);
        String path = ((Element) d.getElementsByTagName("path").item(0)).getAttribute("d");
        assertEquals(2, path.split("M").length - 1, "the line restarts after the gap: " + path);
        assertEquals(4, d.getElementsByTagName("circle").getLength(), "no dot for the unknown day");
        assertEquals("null", Markup.metrics(d).get("s.2026-11-12"), "the unknown day still says so");

        Document bars = Markup.parse(BarChart.render("b", "t", "d", List.of(new Series("s", days("s", 0, null, 3))), Chart.NO_DATA));
        List<String> fills = new ArrayList<>();
        for (Element e : Markup.elements(bars)) {
            if (e.getTagName().equals("rect") && e.hasAttribute("data-metric")) {
                fills.add(e.getAttribute("data-value") + ":" + (e.getAttribute("fill").startsWith("url(#") ? "hatched" : "bar"));
            }
        }
        assertEquals(List.of("0:bar", "null:hatched", "3:bar"), fills, "a 0 is a (flat) bar, the unknown day a hatched column");
    }

    /** A daily briefing has one day: its bar filled the whole plot (302 units wide). */
    @Test
    void aSingleDayIsABarNotAWall() {
        Document d = Markup.parse(BarChart.render("b", "t", "d", List.of(new Series("s", days("s", 4))), Chart.NO_DATA));
        for (Element e : Markup.elements(d)) {
            if (e.getTagName().equals("rect") && e.hasAttribute("data-metric")) {
                assertTrue(Double.parseDouble(e.getAttribute("width")) <= 48, "bar width " + e.getAttribute("width"));
                double mid = Double.parseDouble(e.getAttribute("x")) + Double.parseDouble(e.getAttribute("width")) / 2;
                assertEquals((LineChart.LEFT + LineChart.RIGHT) / 2, mid, 0.2, "centred on its day");
            }
        }
    }

    @Test
    void noDataShowsTheEmptyStateWithTheMessage() {
        for (String svg : List.of(
                LineChart.render("a", "Followers", "d", List.of(new Series("s", List.of())), "No data yet"),
                BarChart.render("b", "Posts", "d", List.of(new Series("s", days("p", null, null))), "No data yet"),
                DonutChart.render("c", "Mix", "d", List.of(new Point("REELS", BigDecimal.ZERO, "m")), "No data yet"),
                HeatMap.render("e", "Best", "d", List.of(), "No data yet"),
                HBarChart.render("f", "Inbox", "d", List.of(), "count", "No data yet"),
                BudgetGauge.render("g", "Cost", new Point("s", null, "x"), new Point("b", BigDecimal.TEN, "y"), "No data yet"))) {
            Document d = Markup.parse(svg);
            assertTrue(svg.contains("class=\"empty\"") && svg.contains(">No data yet</text>"), svg);
            assertFalse(svg.contains(">0</text>"), "an empty chart shows no zero axis: " + svg);
            assertEquals("img", d.getDocumentElement().getAttribute("role"));
        }
    }

    @Test
    void hostileLabelsStayText() {
        for (String label : ReportDocuments.HOSTILE) {
            List<Point> points = List.of(new Point(label, BigDecimal.ONE, label), new Point("x", BigDecimal.TEN, "m2"));
            for (String svg : List.of(
                    LineChart.render(label, label, label, List.of(new Series(label, points), new Series(label, points)), label),
                    BarChart.render(label, label, label, List.of(new Series(label, points)), label),
                    DonutChart.render(label, label, label, points, label),
                    HBarChart.render(label, label, label, points, "count", label))) {
                Document d = Markup.parse(svg);
                assertEquals(List.of(), Markup.activeContent(d), "label " + label);
                assertEquals(xmlSafe(label), d.getElementsByTagName("title").item(0).getTextContent(), "the title reads as the label");
                Map<String, String> metrics = Markup.metrics(d);
                assertTrue(metrics.containsKey(xmlSafe(label)), "the marker holds the label as given: " + metrics.keySet());
            }
        }
    }

    /** What of {@code s} XML can hold (the kit drops the rest). */
    static String xmlSafe(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().filter(c -> c == 9 || c == 10 || c == 13 || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c > 0xFFFF)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    @Test
    void coloursAreReadableOnWhite() {
        for (String c : Chart.PALETTE) {
            assertTrue(contrast(c) >= 4.5, c + " against white: " + contrast(c));
        }
        assertTrue(contrast(Chart.MUTED) >= 7, "axis labels " + contrast(Chart.MUTED));
        assertTrue(contrast(Chart.INK) >= 12, "text " + contrast(Chart.INK));
    }

    /** WCAG 2 contrast ratio of {@code hex} against white. */
    static double contrast(String hex) {
        double l = 0;
        double[] weights = {0.2126, 0.7152, 0.0722};
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            l += weights[i] * (v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
        }
        return 1.05 / (l + 0.05);
    }

    @Test
    void sameInputSameBytes() {
        List<Series> s = List.of(new Series("s", days("s", 1, 2, 3)));
        assertEquals(LineChart.render("a", "t", "d", s, "e"), LineChart.render("a", "t", "d", s, "e"));
    }
}
