package com.socialwire.reports.page;

import java.math.BigDecimal;
import java.util.List;

/**
 * What every chart of the kit shares: its data ({@link Point}, {@link Series}), the frame (an accessible, scalable
 * {@code <svg>} with a title and a description), the empty state, the y axis with nice ticks, and the palette. Charts
 * write SVG text with a fixed layout in user units; the browser scales the viewBox to the card (width 100%).
 */
public final class Chart {

    /** Dark-enough-on-white colours (each ≥ 4.5:1 against white), told apart also by dash or position. */
    static final String[] PALETTE = {"#1d4ed8", "#c2410c", "#047857", "#7c3aed", "#b91c1c", "#0e7490", "#a16207", "#475569"};
    static final String INK = "#1f2937";
    static final String MUTED = "#4b5563";
    static final String GRID = "#e5e7eb";
    static final String AXIS = "#9ca3af";

    /** Empty-state wording when a chart is given none. */
    public static final String NO_DATA = "No data yet";

    private Chart() {
    }

    /** One value: its label (a date, a name), the value (null: no data, drawn as a gap) and its page marker (or null). */
    public record Point(String label, BigDecimal value, String metric) {
        double y() {
            return value.doubleValue();
        }

        boolean present() {
            return value != null && Double.isFinite(value.doubleValue());
        }
    }

    /** A named run of points. */
    public record Series(String name, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /** The opening tag, title and description of a chart {@code w}×{@code h} user units wide. */
    static StringBuilder open(String id, int w, int h, String title, String desc) {
        String sid = Svg.id(id);
        StringBuilder s = new StringBuilder(4096);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"").append(sid)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-labelledby=\"")
                .append(sid).append("-t ").append(sid).append("-d\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" font-size=\"12\" fill=\"")
                .append(INK).append("\">");
        s.append("<title id=\"").append(sid).append("-t\">").append(Svg.esc(title)).append("</title>");
        s.append("<desc id=\"").append(sid).append("-d\">").append(Svg.esc(desc)).append("</desc>");
        return s;
    }

    static String close(StringBuilder s) {
        return s.append("</svg>").toString();
    }

    /** The empty state: the frame with a centred message instead of marks. */
    static String empty(String id, int w, int h, String title, String message) {
        return empty(id, w, h, title, message, List.of());
    }

    /** The empty state of {@code series} whose values are all unknown: their markers still say so ("null"). */
    static String empty(String id, int w, int h, String title, String message, List<Series> series) {
        StringBuilder s = open(id, w, h, title, title + ": " + message);
        for (Series se : series) {
            for (Point p : se.points()) {
                gapMarker(s, p);
            }
        }
        s.append("<rect class=\"empty\" x=\"0.5\" y=\"0.5\" width=\"").append(w - 1).append("\" height=\"").append(h - 1)
                .append("\" rx=\"6\" fill=\"#f9fafb\" stroke=\"").append(GRID).append("\"/>");
        text(s, w / 2.0, h / 2.0 + 4, "middle", MUTED, 13, message);
        return close(s);
    }

    static boolean anyPresent(List<Point> points) {
        for (Point p : points) {
            if (p.present()) {
                return true;
            }
        }
        return false;
    }

    static boolean anyPresentIn(List<Series> series) {
        for (Series se : series) {
            if (anyPresent(se.points())) {
                return true;
            }
        }
        return false;
    }

    /** The index of the series with the most points (its labels name the x axis). */
    static int longest(List<Series> series) {
        int best = 0;
        for (int i = 1; i < series.size(); i++) {
            if (series.get(i).points().size() > series.get(best).points().size()) {
                best = i;
            }
        }
        return best;
    }

    /** A text element; {@code content} is user data and is escaped here. */
    static void text(StringBuilder s, double x, double y, String anchor, String fill, int size, String content) {
        s.append("<text x=\"").append(Svg.n(x)).append("\" y=\"").append(Svg.n(y)).append('"');
        if (!"start".equals(anchor)) {
            s.append(" text-anchor=\"").append(anchor).append('"');
        }
        if (!INK.equals(fill)) {
            s.append(" fill=\"").append(fill).append('"');
        }
        if (size != 12) {
            s.append(" font-size=\"").append(size).append('"');
        }
        s.append('>').append(Svg.esc(content)).append("</text>");
    }

    /** {@code data-metric} and {@code data-value} attributes (the raw number, or "null"), when the point has a marker. */
    static void marker(StringBuilder s, Point p) {
        if (p.metric() != null) {
            s.append(" data-metric=\"").append(Svg.esc(p.metric())).append("\" data-value=\"")
                    .append(p.value() == null ? "null" : Svg.plain(p.value())).append('"');
        }
    }

    /** A hover title: "label: value" (or "no data"). */
    static void tooltip(StringBuilder s, String label, Point p) {
        s.append("<title>").append(Svg.esc(label + ": " + (p.present() ? Svg.grouped(p.value()) : "no data"))).append("</title>");
    }

    /** An invisible holder of a null point's marker, so the page still says "this value is unknown". */
    static void gapMarker(StringBuilder s, Point p) {
        if (p.metric() != null) {
            s.append("<g");
            marker(s, p);
            s.append("/>");
        }
    }

    /** The "no data" hatching, {@code url(#<sid>-none)}: unknown values are drawn as this, never as a zero. */
    static void hatch(StringBuilder s, String sid) {
        s.append("<defs><pattern id=\"").append(sid).append("-none\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
                .append("<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d1d5db\" stroke-width=\"2\"/></pattern></defs>");
    }

    /** The vertical scale of a plot area from {@code top} to {@code bottom}. */
    record Scale(Ticks ticks, double top, double bottom) {
        double y(double v) {
            double span = ticks.max() - ticks.min();
            return bottom - (v - ticks.min()) / span * (bottom - top);
        }
    }

    /** The range of all present values of {@code series}: [min, max]; callers checked that one exists. */
    static double[] range(List<Series> series) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series se : series) {
            for (Point p : se.points()) {
                if (p.present()) {
                    lo = Math.min(lo, p.y());
                    hi = Math.max(hi, p.y());
                }
            }
        }
        return new double[] {lo, hi};
    }

    /** Horizontal grid lines and tick labels left of {@code left}. */
    static void yAxis(StringBuilder s, Scale scale, double left, double right) {
        s.append("<g class=\"y-axis\">");
        for (BigDecimal t : scale.ticks().values()) {
            double y = scale.y(t.doubleValue());
            s.append("<line x1=\"").append(Svg.n(left)).append("\" x2=\"").append(Svg.n(right)).append("\" y1=\"")
                    .append(Svg.n(y)).append("\" y2=\"").append(Svg.n(y)).append("\" stroke=\"")
                    .append(t.signum() == 0 ? AXIS : GRID).append("\"/>");
            text(s, left - 6, y + 4, "end", MUTED, 11, scale.ticks().label(t));
        }
        s.append("</g>");
    }

    /** Category labels under the plot, thinned so that at most {@code max} show (the first and every k-th). */
    static void xLabels(StringBuilder s, List<Point> points, double[] xs, double y, int max) {
        int every = Math.max(1, (points.size() + max - 1) / max);
        s.append("<g class=\"x-axis\">");
        for (int i = 0; i < points.size(); i += every) {
            text(s, xs[i], y, "middle", MUTED, 11, shortLabel(points.get(i).label()));
        }
        s.append("</g>");
    }

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /** "2026-11-30" as "30 Nov" (written out: no locale data); any other label cut to 10 characters. */
    static String shortLabel(String label) {
        if (label != null && label.matches("\\d{4}-\\d{2}-\\d{2}")) {
            int month = Integer.parseInt(label.substring(5, 7));
            if (month >= 1 && month <= 12) {
                return Integer.parseInt(label.substring(8, 10)) + " " + MONTHS[month - 1];
            }
        }
        return Svg.cut(label, 10);
    }

    /** A legend row at the top: a swatch (solid or dashed, like its line) and the name of each series. */
    static void legend(StringBuilder s, List<Series> series, double x, double y, boolean lines) {
        s.append("<g class=\"legend\">");
        for (int i = 0; i < series.size(); i++) {
            String colour = PALETTE[i % PALETTE.length];
            if (lines) {
                s.append("<line x1=\"").append(Svg.n(x)).append("\" x2=\"").append(Svg.n(x + 18)).append("\" y1=\"")
                        .append(Svg.n(y - 4)).append("\" y2=\"").append(Svg.n(y - 4)).append("\" stroke=\"").append(colour)
                        .append("\" stroke-width=\"2.5\"").append(dash(i)).append("/>");
            } else {
                s.append("<rect x=\"").append(Svg.n(x)).append("\" y=\"").append(Svg.n(y - 9)).append("\" width=\"12\" height=\"10\" fill=\"")
                        .append(colour).append("\"/>");
            }
            String name = Svg.cut(series.get(i).name(), 24);
            text(s, x + 24, y, "start", INK, 12, name);
            x += 24 + name.length() * 7.2 + 16;
        }
        s.append("</g>");
    }

    /** The dash pattern of the i-th line, so that series differ by more than colour. */
    static String dash(int i) {
        return switch (i % 3) {
            case 0 -> "";
            case 1 -> " stroke-dasharray=\"6 3\"";
            default -> " stroke-dasharray=\"2 3\"";
        };
    }
}
