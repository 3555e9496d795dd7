package com.socialwire.posts.studio.ai;

import com.socialwire.posts.platform.Platform;
import com.socialwire.shared.analytics.BestTimeGrid;
import com.socialwire.shared.analytics.PublishedDeliveries;
import com.socialwire.shared.tenants.Tenant;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ai/best-time}: when a tenant's posts on one platform do best, from its own published deliveries of the last
 * {@value #WINDOW_DAYS} days (the published-delivery rows, by a key condition on publish time: never a Scan) through the
 * one best-times grid ({@link BestTimeGrid}, shared with the reports' analytics view), in the tenant's time zone. With
 * engagement known from the platforms' insights (the insights refresh) slots rank by mean engagement; without it by how
 * many posts went out in each slot, and the answer's {@code basis} says which. Below {@value #MIN_SAMPLE} published
 * posts the platform's documented defaults answer instead, labelled {@code source: "default"}. Free: no model is called.
 */
final class BestTimes {

    static final int WINDOW_DAYS = 90;
    static final int MIN_SAMPLE = 10;
    static final int SLOTS = 5;
    private static final String[] DAY_NAMES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

    /** One suggested slot (dayOfWeek ISO: 1 Monday … 7 Sunday; hour 0–23 in the tenant's zone). */
    record Slot(int dayOfWeek, int hour, double score, int postCount) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            // plain names, not DayOfWeek.getDisplayName: that loads the locale data (CLDR bundles, ~90 classes) at the
            // first best-time request, AiToolsFunction's first event
            String day = DAY_NAMES[dayOfWeek - 1];
            m.put("dayOfWeek", dayOfWeek);
            m.put("dayName", day);
            m.put("hour", hour);
            m.put("label", day + (hour < 10 ? " 0" : " ") + hour + ":00");
            m.put("score", Math.round(score * 100) / 100.0);
            m.put("postCount", postCount);
            return m;
        }
    }

    private final PublishedDeliveries published;

    BestTimes(PublishedDeliveries published) {
        this.published = published;
    }

    Map<String, Object> bestTime(Tenant tenant, Platform platform, Instant now) {
        ZoneId zone = zone(tenant);
        Instant from = now.minus(Duration.ofDays(WINDOW_DAYS));
        BestTimeGrid grid = BestTimeGrid.of(published, tenant.id(), platform.name(), from, now, zone);
        boolean engagement = grid.measured() > 0;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("platform", platform.name());
        out.put("timezone", zone.getId());
        out.put("windowDays", WINDOW_DAYS);
        out.put("sampleSize", grid.samples());
        out.put("minimumSample", MIN_SAMPLE);
        List<Slot> slots;
        if (grid.samples() < MIN_SAMPLE) {
            out.put("source", "default");
            out.put("basis", "published guidance on when audiences engage on " + platform.name() + ", in the tenant's time zone; "
                    + grid.samples() + " of the " + MIN_SAMPLE + " published posts needed to use the tenant's own history");
            slots = BestTimeDefaults.of(platform.name());
        } else {
            out.put("source", "history");
            out.put("basis", engagement ? "engagement: mean interactions (likes, comments, saves, shares, reposts, replies) of the tenant's "
                    + "posts per slot, from the platforms' insights of " + grid.measured() + " of them"
                    : "published_posts: no engagement is known yet from the platforms' insights, so slots rank by how many of the tenant's "
                    + "posts went out in each");
            slots = rank(grid, engagement);
        }
        List<Map<String, Object>> shown = new ArrayList<>();
        slots.forEach(s -> shown.add(s.toMap()));
        out.put("slots", shown);
        if (!slots.isEmpty()) {
            out.put("recommendation", "Best time to post on " + platform.name() + " is " + slots.get(0).toMap().get("label") + " (" + zone.getId()
                    + ")" + ("default".equals(out.get("source")) ? ", from general guidance" : ", from the tenant's history"));
        }
        return out;
    }

    /** The slots with posts, best first: by mean engagement (a slot of unknown engagement last), else by posts published. */
    static List<Slot> rank(BestTimeGrid grid, boolean byEngagement) {
        double top = 0;
        for (int day = 0; day < 7; day++) {
            for (int hour = 0; hour < 24; hour++) {
                Double mean = grid.engagement()[day][hour];
                top = Math.max(top, byEngagement ? (mean == null ? 0 : mean) : grid.posts()[day][hour]);
            }
        }
        List<Slot> slots = new ArrayList<>();
        for (int day = 0; day < 7; day++) {
            for (int hour = 0; hour < 24; hour++) {
                int count = grid.posts()[day][hour];
                if (count == 0) {
                    continue;
                }
                Double mean = grid.engagement()[day][hour];
                double value = byEngagement ? (mean == null ? 0 : mean) : count;
                slots.add(new Slot(day + 1, hour, top == 0 ? 0 : value / top, count));
            }
        }
        slots.sort(Comparator.comparingDouble(Slot::score).reversed().thenComparing(Comparator.comparingInt(Slot::postCount).reversed())
                .thenComparingInt(s -> s.dayOfWeek() * 24 + s.hour()));
        return slots.size() > SLOTS ? List.copyOf(slots.subList(0, SLOTS)) : List.copyOf(slots);
    }

    static ZoneId zone(Tenant tenant) {
        try {
            return tenant.timezone() == null ? ZoneId.of("UTC") : ZoneId.of(tenant.timezone());
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }
}
