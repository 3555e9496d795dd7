package com.socialwire.reports.page;

import com.socialwire.reports.page.Chart.Point;
import com.socialwire.reports.page.Chart.Scale;
import com.socialwire.reports.page.Chart.Series;

import java.util.List;

/** Vertical bars per day (posts, engagement), grouped when there are several series; bars grow from zero. */
public final class BarChart {

    static final int W = 480;
    static final int H = 240;
    static final double MAX_BAR = 40;

    private BarChart() {
    }

    /** The chart of {@code series} (points by day); a null value is a hatched "no data" column, never a 0 bar. */
    public static String render(String id, String title, String desc, List<Series> series, String emptyMessage) {
        if (!Chart.anyPresentIn(series)) {
            return Chart.empty(id, W, H, title, emptyMessage, series);
        }
        int n = series.get(Chart.longest(series)).points().size();
        double[] range = Chart.range(series);
        Scale scale = new Scale(Ticks.cover(range[0], range[1], true), LineChart.TOP, LineChart.BOTTOM);
        double band = (LineChart.RIGHT - LineChart.LEFT) / n;
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = LineChart.LEFT + band * (i + 0.5);
        }
        StringBuilder s = Chart.open(id, W, H, title, desc);
        Chart.hatch(s, Svg.id(id));
        Chart.yAxis(s, scale, LineChart.LEFT, LineChart.RIGHT);
        Chart.xLabels(s, series.get(Chart.longest(series)).points(), xs, H - 10, 7);
        if (series.size() > 1) {
            Chart.legend(s, series, LineChart.LEFT, 16, false);
        }
        // at most MAX_BAR wide (a daily briefing's one day is a bar, not a wall), the group centred on its day
        double barWidth = Math.max(1, Math.min(MAX_BAR, band * 0.72 / series.size()));
        double group = barWidth * series.size();
        double zero = scale.y(0);
        for (int k = 0; k < series.size(); k++) {
            Series se = series.get(k);
            s.append("<g class=\"series\" data-series=\"").append(Svg.esc(se.name())).append("\" fill=\"")
                    .append(Chart.PALETTE[k % Chart.PALETTE.length]).append("\">");
            List<Point> points = se.points();
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                double x = xs[i] - group / 2 + k * barWidth;
                if (!p.present()) {
                    // a hatched column: this day is unknown (insights not in yet), not a zero
                    s.append("<rect x=\"").append(Svg.n(x)).append("\" y=\"").append(Svg.n(LineChart.TOP)).append("\" width=\"")
                            .append(Svg.n(barWidth)).append("\" height=\"").append(Svg.n(LineChart.BOTTOM - LineChart.TOP))
                            .append("\" fill=\"url(#").append(Svg.id(id)).append("-none)\"");
                    Chart.marker(s, p);
                    s.append('>');
                    Chart.tooltip(s, se.name() + ", " + p.label(), p);
                    s.append("</rect>");
                    continue;
                }
                double y = scale.y(p.y());
                s.append("<rect x=\"").append(Svg.n(x)).append("\" y=\"").append(Svg.n(Math.min(y, zero)))
                        .append("\" width=\"").append(Svg.n(barWidth)).append("\" height=\"").append(Svg.n(Math.abs(zero - y))).append('"');
                Chart.marker(s, p);
                s.append('>');
                Chart.tooltip(s, se.name() + ", " + p.label(), p);
                s.append("</rect>");
            }
            s.append("</g>");
        }
        return Chart.close(s);
    }
}
