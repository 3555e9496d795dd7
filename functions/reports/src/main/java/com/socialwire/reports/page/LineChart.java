package com.socialwire.reports.page;

import com.socialwire.reports.page.Chart.Point;
import com.socialwire.reports.page.Chart.Scale;
import com.socialwire.reports.page.Chart.Series;

import java.util.List;

/** Lines over days (followers; views against reach; cost per day): one path per series, broken where a value is null. */
public final class LineChart {

    static final int W = 480;
    static final int H = 240;
    static final double LEFT = 48;
    static final double RIGHT = W - 14;
    static final double TOP = 34;
    static final double BOTTOM = H - 30;

    private LineChart() {
    }

    /**
     * The chart of {@code series} (their points in the same order: by day); the x labels are the first series'.
     * A null value breaks the line (it is never drawn as 0); a point with no present neighbour shows as a dot.
     */
    public static String render(String id, String title, String desc, List<Series> series, String emptyMessage) {
        if (!Chart.anyPresentIn(series)) {
            return Chart.empty(id, W, H, title, emptyMessage, series);
        }
        int n = series.get(Chart.longest(series)).points().size();
        double[] range = Chart.range(series);
        Scale scale = new Scale(Ticks.cover(range[0], range[1], false), TOP, BOTTOM);
        double[] xs = xs(n);
        StringBuilder s = Chart.open(id, W, H, title, desc);
        Chart.yAxis(s, scale, LEFT, RIGHT);
        Chart.xLabels(s, series.get(Chart.longest(series)).points(), xs, H - 10, 7);
        if (series.size() > 1) {
            Chart.legend(s, series, LEFT, 16, true);
        }
        for (int k = 0; k < series.size(); k++) {
            path(s, series.get(k), xs, scale, k);
        }
        return Chart.close(s);
    }

    /** x of each of {@code n} evenly spaced points (one point sits in the middle). */
    static double[] xs(int n) {
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = n == 1 ? (LEFT + RIGHT) / 2 : LEFT + 8 + i * (RIGHT - LEFT - 16) / (n - 1);
        }
        return xs;
    }

    private static void path(StringBuilder s, Series se, double[] xs, Scale scale, int k) {
        String colour = Chart.PALETTE[k % Chart.PALETTE.length];
        List<Point> points = se.points();
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if (!p.present()) {
                pen = false;
                continue;
            }
            d.append(pen ? " L" : (d.isEmpty() ? "M" : " M")).append(Svg.n(xs[i])).append(' ').append(Svg.n(scale.y(p.y())));
            pen = true;
        }
        s.append("<g class=\"series\" data-series=\"").append(Svg.esc(se.name())).append("\">");
        s.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(colour)
                .append("\" stroke-width=\"2.5\" stroke-linejoin=\"round\" stroke-linecap=\"round\"").append(Chart.dash(k)).append("/>");
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if (!p.present()) {
                Chart.gapMarker(s, p);
                continue;
            }
            boolean alone = (i == 0 || !points.get(i - 1).present()) && (i + 1 >= points.size() || !points.get(i + 1).present());
            s.append("<circle cx=\"").append(Svg.n(xs[i])).append("\" cy=\"").append(Svg.n(scale.y(p.y())))
                    .append("\" r=\"").append(alone ? "3.5" : "2").append("\" fill=\"").append(colour).append('"');
            Chart.marker(s, p);
            s.append('>');
            Chart.tooltip(s, se.name() + ", " + p.label(), p);
            s.append("</circle>");
        }
        s.append("</g>");
    }
}
