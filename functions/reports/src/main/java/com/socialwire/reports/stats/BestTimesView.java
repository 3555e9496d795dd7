package com.socialwire.reports.stats;

import com.socialwire.shared.analytics.BestTimeGrid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code view=best-times}: THE best-times grid ({@link BestTimeGrid}, the one {@code ai/best-time} uses too) of the
 * deliveries published in the period — mean engagement per weekday (Monday first) and hour in the tenant's time zone,
 * null where unknown — and its best slots in the social-media-manager seed's shape ({day, hour, timezone, score 0..1}).
 */
final class BestTimesView {

    static final int BEST = 5;
    private static final String[] DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

    private BestTimesView() {
    }

    static Map<String, Object> of(Map<String, Object> out, BestTimeGrid g) {
        out.put("available", g.measured() > 0);
        out.put("reason", g.measured() > 0 ? null : g.samples() == 0 ? "no post was published in the period"
                : "no published post of the period has engagement insights yet");
        out.put("samples", g.samples());
        out.put("measured", g.measured());
        out.put("grid", g.rows());
        List<List<Integer>> posts = new ArrayList<>();
        for (int[] day : g.posts()) {
            List<Integer> hours = new ArrayList<>();
            for (int n : day) {
                hours.add(n);
            }
            posts.add(hours);
        }
        out.put("posts", posts);
        double max = 0;
        for (Double[] day : g.engagement()) {
            for (Double v : day) {
                max = v != null && v > max ? v : max;
            }
        }
        List<Map<String, Object>> best = new ArrayList<>();
        for (int day = 0; day < 7; day++) {
            for (int hour = 0; hour < 24; hour++) {
                Double v = g.engagement()[day][hour];
                if (v != null) {
                    Map<String, Object> slot = new LinkedHashMap<>();
                    slot.put("day", DAYS[day]);
                    slot.put("hour", hour);
                    slot.put("timezone", g.timezone());
                    slot.put("score", max == 0 ? 0.0 : Math.round(100 * v / max) / 100.0);
                    slot.put("meanEngagement", Math.round(v * 10) / 10.0);
                    slot.put("posts", g.posts()[day][hour]);
                    best.add(slot);
                }
            }
        }
        best.sort((a, b) -> Double.compare((Double) b.get("meanEngagement"), (Double) a.get("meanEngagement")));
        out.put("best", best.subList(0, Math.min(BEST, best.size())));
        return out;
    }
}
