package com.socialwire.shared.analytics;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * THE best-times grid, one computation for every caller (posts' {@code ai/best-time}, reports' analytics view and report
 * pages): a tenant's published deliveries bucketed by day of week (Monday first) and hour in the tenant's time zone;
 * each slot's mean engagement ({@link InsightMetrics#engagement()}) over the posts whose engagement is known, and how
 * many posts went out in it. A slot without posts is null; a slot whose posts have no known engagement is null too
 * (unknown, never 0), with its post count still told.
 *
 * @param timezone   the zone the slots are in
 * @param engagement [7][24] mean engagement per slot, null where unknown
 * @param posts      [7][24] published posts per slot
 * @param samples    published deliveries counted
 * @param measured   those among them with a known engagement
 */
public record BestTimeGrid(String timezone, Double[][] engagement, int[][] posts, int samples, int measured) {

    /** The most rows one grid reads (a year of several posts a day). */
    public static final int MAX_ROWS = 5_000;

    /** The grid of {@code tenantId}'s deliveries published to {@code platform} (null: every platform) in [from, to]. */
    public static BestTimeGrid of(PublishedDeliveries rows, String tenantId, String platform, Instant from, Instant to, ZoneId zone) {
        List<PublishedDelivery> all = rows.all(tenantId, from, to, MAX_ROWS);
        if (platform == null) {
            return of(all, zone);
        }
        List<PublishedDelivery> mine = new java.util.ArrayList<>(); // a loop, not a stream: ai/best-time is a cold start's first request
        for (PublishedDelivery d : all) {
            if (platform.equals(d.platform())) {
                mine.add(d);
            }
        }
        return of(mine, zone);
    }

    public static BestTimeGrid of(List<PublishedDelivery> deliveries, ZoneId zone) {
        double[][] sum = new double[7][24];
        int[][] known = new int[7][24];
        int[][] posts = new int[7][24];
        int measured = 0;
        for (PublishedDelivery d : deliveries) {
            ZonedDateTime local = d.publishedAt().atZone(zone);
            int day = local.getDayOfWeek().getValue() - 1;
            int hour = local.getHour();
            posts[day][hour]++;
            Long e = d.metrics().engagement();
            if (e != null) {
                sum[day][hour] += e;
                known[day][hour]++;
                measured++;
            }
        }
        Double[][] mean = new Double[7][24];
        for (int day = 0; day < 7; day++) {
            for (int hour = 0; hour < 24; hour++) {
                mean[day][hour] = known[day][hour] == 0 ? null : sum[day][hour] / known[day][hour];
            }
        }
        return new BestTimeGrid(zone.getId(), mean, posts, deliveries.size(), measured);
    }

    /** The grid as reports show it: rows Monday..Sunday of 24 hourly values, null where unknown. */
    public List<List<Double>> rows() {
        java.util.ArrayList<List<Double>> out = new java.util.ArrayList<>(7);
        for (Double[] day : engagement) {
            out.add(java.util.Collections.unmodifiableList(java.util.Arrays.asList(day.clone())));
        }
        return out;
    }
}
