package com.socialwire.reports.page;

import com.socialwire.reports.page.Chart.Point;

import java.util.List;

/** Horizontal bars, one row per label (inbox by status or sentiment, cost by model): the value is written after the bar. */
public final class HBarChart {

    static final int W = 480;
    static final int ROW = 26;
    static final double BAR_X = 150;
    static final double BAR_MAX = 240;

    private HBarChart() {
    }

    /** One bar per point, scaled to the largest, its value written in {@code unit} (see {@link Units}); a null reads "no data" and draws no bar. */
    public static String render(String id, String title, String desc, List<Point> rows, String unit, String emptyMessage) {
        int h = Math.max(60, 12 + rows.size() * ROW);
        if (!Chart.anyPresent(rows)) {
            return Chart.empty(id, W, h, title, emptyMessage, List.of(new Chart.Series(title, rows)));
        }
        double max = 0;
        for (Point p : rows) {
            if (p.present()) {
                max = Math.max(max, p.y());
            }
        }
        StringBuilder s = Chart.open(id, W, h, title, desc);
        double y = 8;
        for (int i = 0; i < rows.size(); i++) {
            Point p = rows.get(i);
            Chart.text(s, BAR_X - 8, y + 15, "end", Chart.INK, 12, Svg.cut(p.label(), 20));
            double width = p.present() && max > 0 ? Math.max(0, p.y()) / max * BAR_MAX : 0;
            if (p.present()) {
                s.append("<rect x=\"").append(Svg.n(BAR_X)).append("\" y=\"").append(Svg.n(y + 3)).append("\" width=\"")
                        .append(Svg.n(width)).append("\" height=\"16\" rx=\"2\" fill=\"").append(Chart.PALETTE[i % Chart.PALETTE.length])
                        .append("\">");
                Chart.tooltip(s, p.label(), p);
                s.append("</rect>");
            }
            s.append("<text x=\"").append(Svg.n(BAR_X + width + 6)).append("\" y=\"").append(Svg.n(y + 15)).append('"');
            if (!p.present()) {
                s.append(" fill=\"").append(Chart.MUTED).append('"');
            }
            Chart.marker(s, p);
            s.append('>').append(Svg.esc(Units.format(p.value(), unit))).append("</text>");
            y += ROW;
        }
        return Chart.close(s);
    }
}
