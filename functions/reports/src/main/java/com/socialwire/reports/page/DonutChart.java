package com.socialwire.reports.page;

import com.socialwire.reports.page.Chart.Point;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** A donut of shares (content mix, sentiment) with a legend of label, value and percent. */
public final class DonutChart {

    static final int W = 480;
    static final double CX = 110;
    static final double R = 70;
    static final double STROKE = 34;
    static final int ROW = 24;

    private DonutChart() {
    }

    /** Slices for the positive values, in the given order from 12 o'clock; null or non-positive values draw none. */
    public static String render(String id, String title, String desc, List<Point> slices, String emptyMessage) {
        BigDecimal total = BigDecimal.ZERO;
        for (Point p : slices) {
            if (p.present() && p.value().signum() > 0) {
                total = total.add(p.value());
            }
        }
        int h = Math.max(220, 24 + slices.size() * ROW);
        if (total.signum() == 0) {
            return Chart.empty(id, W, h, title, emptyMessage, List.of(new Chart.Series(title, slices)));
        }
        double cy = h / 2.0;
        double circumference = 2 * Math.PI * R;
        StringBuilder s = Chart.open(id, W, h, title, desc);
        s.append("<g transform=\"rotate(-90 ").append(Svg.n(CX)).append(' ').append(Svg.n(cy)).append(")\" fill=\"none\" stroke-width=\"")
                .append(Svg.n(STROKE)).append("\">");
        s.append("<circle cx=\"").append(Svg.n(CX)).append("\" cy=\"").append(Svg.n(cy)).append("\" r=\"").append(Svg.n(R))
                .append("\" stroke=\"").append(Chart.GRID).append("\"/>");
        double offset = 0;
        for (int i = 0; i < slices.size(); i++) {
            Point p = slices.get(i);
            if (!p.present() || p.value().signum() <= 0) {
                continue;
            }
            double length = p.y() / total.doubleValue() * circumference;
            s.append("<circle cx=\"").append(Svg.n(CX)).append("\" cy=\"").append(Svg.n(cy)).append("\" r=\"").append(Svg.n(R))
                    .append("\" stroke=\"").append(Chart.PALETTE[i % Chart.PALETTE.length]).append("\" stroke-dasharray=\"")
                    .append(Svg.n(length)).append(' ').append(Svg.n(circumference - length)).append("\" stroke-dashoffset=\"")
                    .append(Svg.n(-offset)).append("\">");
            Chart.tooltip(s, p.label(), p);
            s.append("</circle>");
            offset += length;
        }
        s.append("</g>");
        s.append("<text x=\"").append(Svg.n(CX)).append("\" y=\"").append(Svg.n(cy + 6)).append("\" text-anchor=\"middle\" font-size=\"18\" data-derived=\"")
                .append(Svg.esc(id)).append(".total\" data-value=\"").append(Svg.plain(total)).append("\">").append(Svg.grouped(total)).append("</text>");
        s.append("<g class=\"legend\">");
        double y = cy - slices.size() * ROW / 2.0 + 16;
        for (int i = 0; i < slices.size(); i++) {
            Point p = slices.get(i);
            s.append("<rect x=\"215\" y=\"").append(Svg.n(y - 11)).append("\" width=\"12\" height=\"12\" fill=\"")
                    .append(Chart.PALETTE[i % Chart.PALETTE.length]).append("\"/>");
            Chart.text(s, 234, y, "start", Chart.INK, 12, Svg.cut(p.label(), 20));
            s.append("<text x=\"").append(W - 8).append("\" y=\"").append(Svg.n(y)).append("\" text-anchor=\"end\"");
            Chart.marker(s, p);
            s.append('>').append(Svg.esc(share(p, total))).append("</text>");
            y += ROW;
        }
        s.append("</g>");
        return Chart.close(s);
    }

    /** "12 (34.5%)", or "no data". */
    static String share(Point p, BigDecimal total) {
        if (!p.present()) {
            return "no data";
        }
        BigDecimal pct = p.value().max(BigDecimal.ZERO).multiply(BigDecimal.valueOf(100)).divide(total, 1, RoundingMode.HALF_UP);
        return Svg.grouped(p.value()) + " (" + Svg.plain(pct) + "%)";
    }
}
