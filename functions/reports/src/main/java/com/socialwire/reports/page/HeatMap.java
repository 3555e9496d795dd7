package com.socialwire.reports.page;

import com.socialwire.reports.page.Chart.Point;

import java.util.ArrayList;
import java.util.List;

/**
 * The best-time grid: 7 rows (Monday first) by 24 hours, darker where engagement was higher; a cell with no posts
 * (null) is hatched, never shown as a zero.
 */
public final class HeatMap {

    static final int W = 480;
    static final int H = 196;
    static final double LEFT = 40;
    static final double TOP = 30;
    static final double CELL = 18;
    static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final int[] LOW = {239, 246, 255};
    private static final int[] HIGH = {30, 58, 138};

    private HeatMap() {
    }

    /** {@code grid}: 7 rows of 24 points (missing rows or cells count as null). */
    public static String render(String id, String title, String desc, List<List<Point>> grid, String emptyMessage) {
        List<Point> all = new ArrayList<>();
        double max = 0;
        for (List<Point> row : grid) {
            for (Point p : row) {
                all.add(p);
                if (p.present()) {
                    max = Math.max(max, p.y());
                }
            }
        }
        if (!Chart.anyPresent(all)) {
            return Chart.empty(id, W, H, title, emptyMessage, List.of(new Chart.Series(title, all)));
        }
        String sid = Svg.id(id);
        StringBuilder s = Chart.open(id, W, H, title, desc);
        Chart.hatch(s, sid);
        for (int hour = 0; hour < 24; hour += 3) {
            Chart.text(s, LEFT + hour * CELL + CELL / 2, TOP - 8, "middle", Chart.MUTED, 11, (hour < 10 ? "0" : "") + hour);
        }
        for (int day = 0; day < 7; day++) {
            double y = TOP + day * CELL;
            Chart.text(s, LEFT - 6, y + CELL / 2 + 4, "end", Chart.MUTED, 11, DAYS[day]);
            List<Point> row = day < grid.size() ? grid.get(day) : List.of();
            for (int hour = 0; hour < 24; hour++) {
                Point p = hour < row.size() ? row.get(hour) : new Point(null, null, null);
                s.append("<rect x=\"").append(Svg.n(LEFT + hour * CELL + 1)).append("\" y=\"").append(Svg.n(y + 1))
                        .append("\" width=\"").append(Svg.n(CELL - 2)).append("\" height=\"").append(Svg.n(CELL - 2))
                        .append("\" rx=\"2\" fill=\"").append(p.present() ? colour(p.y() / (max == 0 ? 1 : max)) : "url(#" + sid + "-none)").append('"');
                Chart.marker(s, p);
                s.append('>');
                Chart.tooltip(s, DAYS[day] + " " + (hour < 10 ? "0" : "") + hour + ":00", p);
                s.append("</rect>");
            }
        }
        legend(s, sid);
        return Chart.close(s);
    }

    private static void legend(StringBuilder s, String sid) {
        double y = TOP + 7 * CELL + 14;
        Chart.text(s, LEFT, y + 10, "start", Chart.MUTED, 11, "less");
        for (int i = 0; i < 5; i++) {
            s.append("<rect x=\"").append(Svg.n(LEFT + 30 + i * 16)).append("\" y=\"").append(Svg.n(y)).append("\" width=\"14\" height=\"14\" rx=\"2\" fill=\"")
                    .append(colour(i / 4.0)).append("\"/>");
        }
        Chart.text(s, LEFT + 30 + 5 * 16 + 4, y + 10, "start", Chart.MUTED, 11, "more engagement");
        s.append("<rect x=\"300\" y=\"").append(Svg.n(y)).append("\" width=\"14\" height=\"14\" rx=\"2\" fill=\"url(#").append(sid)
                .append("-none)\" stroke=\"#d1d5db\"/>");
        Chart.text(s, 320, y + 10, "start", Chart.MUTED, 11, "no posts");
    }

    /** The colour at {@code t} in [0, 1] between the light and the dark end (negative values count as 0). */
    static String colour(double t) {
        double c = Math.max(0, Math.min(1, t));
        StringBuilder hex = new StringBuilder("#");
        for (int i = 0; i < 3; i++) {
            int v = (int) Math.round(LOW[i] + (HIGH[i] - LOW[i]) * c);
            hex.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
        }
        return hex.toString();
    }
}
