package com.socialwire.posts.studio.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.tenants.Tenant;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ai/best-time}: when a tenant's posts on one platform do best, from its own published posts of the last
 * {@value #WINDOW_DAYS} days (the list index by schedule, and the unscheduled posts by creation date: key conditions,
 * never a Scan, at most {@value #MAX_PAGES} pages of each), in the tenant's time zone. With engagement metrics on the
 * deliveries ({@code deliveries.<platform>.metrics}: likes, comments, shares, saves, reposts, replies) slots rank by mean
 * engagement; without them — Socialwire stores no insights yet — by how many posts went out in each slot, and the
 * answer's {@code basis} says which. Below {@value #MIN_SAMPLE} published posts the platform's documented defaults
 * answer instead, labelled {@code source: "default"}. Free: no model is called.
 */
final class BestTimes {

    static final int WINDOW_DAYS = 90;
    static final int MIN_SAMPLE = 10;
    static final int MAX_PAGES = 10;
    static final int SLOTS = 5;
    private static final String[] DAY_NAMES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    private static final List<String> METRICS = List.of("likes", "comments", "shares", "saves", "reposts", "replies", "quotes");

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

    private final PostStore posts;

    BestTimes(PostStore posts) {
        this.posts = posts;
    }

    Map<String, Object> bestTime(Tenant tenant, Platform platform, Instant now) {
        ZoneId zone = zone(tenant);
        Instant from = now.minus(Duration.ofDays(WINDOW_DAYS));
        List<Sample> samples = samples(tenant.id(), platform.name(), from, now);
        boolean engagement = samples.stream().anyMatch(s -> s.engagement() != null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("platform", platform.name());
        out.put("timezone", zone.getId());
        out.put("windowDays", WINDOW_DAYS);
        out.put("sampleSize", samples.size());
        out.put("minimumSample", MIN_SAMPLE);
        List<Slot> slots;
        if (samples.size() < MIN_SAMPLE) {
            out.put("source", "default");
            out.put("basis", "published guidance on when audiences engage on " + platform.name() + ", in the tenant's time zone; "
                    + samples.size() + " of the " + MIN_SAMPLE + " published posts needed to use the tenant's own history");
            slots = BestTimeDefaults.of(platform.name());
        } else {
            out.put("source", "history");
            out.put("basis", engagement ? "engagement: mean likes, comments, shares, saves, reposts and replies of the tenant's posts per slot"
                    : "published_posts: no engagement metrics are stored yet, so slots rank by how many of the tenant's posts went out in each");
            slots = rank(samples, zone, engagement);
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

    /** A published delivery: when, and its engagement when metrics are stored (else null). */
    record Sample(Instant at, Double engagement) {
    }

    private List<Sample> samples(String tenantId, String platform, Instant from, Instant now) {
        List<Sample> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Page<Post> found = posts.list(tenantId, null, platform, from, now, null, 100, cursor);
            found.items().forEach(p -> sample(p, platform, from, now, seen, out));
            cursor = found.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Page<Post> found = posts.unscheduledSince(tenantId, from, 100, cursor);
            found.items().forEach(p -> sample(p, platform, from, now, seen, out));
            cursor = found.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        return out;
    }

    private static void sample(Post p, String platform, Instant from, Instant now, Set<String> seen, List<Sample> out) {
        JsonNode d = p.delivery(platform);
        if (DeliveryStatus.of(d) != DeliveryStatus.PUBLISHED || !d.hasNonNull("publishedAt") || !seen.add(p.id)) {
            return;
        }
        Instant at;
        try {
            at = Instant.parse(d.path("publishedAt").asText());
        } catch (RuntimeException e) {
            return;
        }
        if (at.isBefore(from) || at.isAfter(now)) {
            return;
        }
        JsonNode metrics = d.path("metrics");
        Double engagement = null;
        if (metrics.isObject()) {
            double sum = 0;
            boolean any = false;
            for (String m : METRICS) {
                if (metrics.path(m).isNumber()) {
                    sum += Math.max(0, metrics.path(m).asDouble());
                    any = true;
                }
            }
            engagement = any ? sum : null;
        }
        out.add(new Sample(at, engagement));
    }

    static List<Slot> rank(List<Sample> samples, ZoneId zone, boolean byEngagement) {
        Map<Integer, double[]> bySlot = new LinkedHashMap<>(); // day*24+hour → {posts, engagement sum, posts with metrics}
        for (Sample s : samples) {
            ZonedDateTime local = s.at().atZone(zone);
            double[] agg = bySlot.computeIfAbsent(local.getDayOfWeek().getValue() * 24 + local.getHour(), k -> new double[3]);
            agg[0]++;
            if (s.engagement() != null) {
                agg[1] += s.engagement();
                agg[2]++;
            }
        }
        double top = 0;
        Map<Integer, Double> raw = new LinkedHashMap<>();
        for (Map.Entry<Integer, double[]> e : bySlot.entrySet()) {
            double[] a = e.getValue();
            double value = byEngagement ? (a[2] == 0 ? 0 : a[1] / a[2]) : a[0];
            raw.put(e.getKey(), value);
            top = Math.max(top, value);
        }
        List<Slot> slots = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : raw.entrySet()) {
            int key = e.getKey();
            slots.add(new Slot(key / 24, key % 24, top == 0 ? 0 : e.getValue() / top, (int) bySlot.get(key)[0]));
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
