package com.socialwire.reports.page;

import com.socialwire.reports.page.Chart.Point;
import com.socialwire.reports.page.Chart.Series;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeded random series through every chart: well-formed XML, finite coordinates, every value marked, inside the plot. */
class ChartPropertyTest {

    @Test
    void randomSeriesGiveValidCharts() {
        long seed = Long.getLong("seed", System.nanoTime());
        Random r = new Random(seed);
        for (int i = 0; i < 400; i++) {
            String where = "seed " + seed + " case " + i;
            List<Series> series = new ArrayList<>();
            int n = r.nextInt(45);
            int count = 1 + r.nextInt(3);
            double scale = Math.pow(10, r.nextInt(14) - 5);
            boolean negatives = r.nextInt(4) == 0;
            for (int k = 0; k < count; k++) {
                List<Point> points = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    BigDecimal v = r.nextInt(5) == 0 ? null
                            : new BigDecimal(Double.toString((negatives ? r.nextDouble() * 2 - 1 : r.nextDouble()) * scale));
                    points.add(new Point("2026-01-" + j, v, "s" + k + "." + j));
                }
                series.add(new Series("s" + k, points));
            }
            for (String svg : List.of(
                    LineChart.render("l", "t", "d", series, "none"),
                    BarChart.render("b", "t", "d", series, "none"),
                    DonutChart.render("c", "t", "d", series.get(0).points(), "none"),
                    HBarChart.render("h", "t", "d", series.get(0).points(), "count", "none"),
                    HeatMap.render("m", "t", "d", List.of(series.get(0).points()), "none"))) {
                assertFalse(svg.contains("NaN") || svg.contains("Infinity") || svg.contains("E-") || svg.contains("E+"),
                        where + ": " + svg);
                Document d = Markup.parse(svg);
                Map<String, String> metrics = Markup.metrics(d);
                if (!svg.contains("id=\"m\"")) { // the heat map keeps 24 hours of its one row
                    for (Point p : series.get(0).points()) {
                        assertEquals(p.value() == null ? "null" : Svg.plain(p.value()), metrics.get(p.metric()), where + " " + p);
                    }
                }
            }
            if (Chart.anyPresentIn(series)) {
                double[] range = Chart.range(series);
                Ticks t = Ticks.cover(range[0], range[1], false);
                assertTrue(t.min() <= range[0] && t.max() >= range[1], where + " ticks cover the data");
                Chart.Scale s = new Chart.Scale(t, LineChart.TOP, LineChart.BOTTOM);
                assertTrue(s.y(range[0]) <= LineChart.BOTTOM + 1e-9 && s.y(range[1]) >= LineChart.TOP - 1e-9, where + " inside the plot");
            }
        }
    }
}
