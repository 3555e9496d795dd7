package com.socialwire.shared.security;

import com.socialwire.shared.Config;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-key request limits (SPEC §4: 60/min, 1,000/h, 10,000/day by default; a route class may
 * add a tighter per-minute limit), shared by every Lambda instance through DynamoDB.
 *
 * <p>One item per subject and UTC day holds the day count, one count per hour, and the current
 * minute window with its count (and each route class's). A request is one conditional
 * {@code UpdateItem}: it increments every window only if none is at its limit; a minute window
 * that has passed is restarted in the same write. The item expires through TTL the next day.
 */
public final class RateLimiter {

    /** The outcome for one request, and what the {@code X-RateLimit-*} headers say. */
    public record Decision(boolean allowed, long limit, long remaining, long resetEpochSeconds, long retryAfterSeconds) {
        public Map<String, String> headers() {
            Map<String, String> h = new HashMap<>();
            h.put("x-ratelimit-limit", Long.toString(limit));
            h.put("x-ratelimit-remaining", Long.toString(Math.max(0, remaining)));
            h.put("x-ratelimit-reset", Long.toString(resetEpochSeconds));
            if (!allowed) {
                h.put("retry-after", Long.toString(Math.max(1, retryAfterSeconds)));
            }
            return h;
        }
    }

    private static final int MAX_ATTEMPTS = 4;

    private final Table table;
    private final Clock clock;
    private final long perMinute;
    private final long perHour;
    private final long perDay;

    public RateLimiter(Table table, Clock clock, long perMinute, long perHour, long perDay) {
        this.table = table;
        this.clock = clock;
        this.perMinute = perMinute;
        this.perHour = perHour;
        this.perDay = perDay;
    }

    public static RateLimiter fromConfig(Table table, Clock clock, Config config) {
        return new RateLimiter(table, clock, config.getLong("RATE_LIMIT_PER_MINUTE", 60),
                config.getLong("RATE_LIMIT_PER_HOUR", 1_000), config.getLong("RATE_LIMIT_PER_DAY", 10_000));
    }

    /** Counts one request of {@code subject}; a denied request is not counted. */
    public Decision check(String subject, int classPerMinute, String limitClass) {
        Instant now = clock.instant();
        Windows w = Windows.at(now);
        String day = w.day();
        String hourAttr = w.hourAttr();
        String minute = w.minute();
        boolean withClass = classPerMinute > 0 && limitClass != null;
        String classCount = "c_" + limitClass;
        String classWindow = "cw_" + limitClass;
        long minuteReset = w.minuteReset();
        long hourReset = w.hourReset();
        long dayReset = w.dayReset();
        String pk = "RATE#" + subject + "#" + day;

        boolean minuteCurrent = true;
        boolean classCurrent = true;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<String> conditions = new ArrayList<>();
            List<String> sets = new ArrayList<>();
            List<String> adds = new ArrayList<>();
            Map<String, String> names = new HashMap<>();
            Map<String, AttrValue> values = new HashMap<>();
            names.put("#h", hourAttr);
            names.put("#ttl", Table.TTL);
            values.put(":one", n(1));
            values.put(":mw", AttrValue.fromS(minute));
            values.put(":dl", n(perDay));
            values.put(":hl", n(perHour));
            values.put(":ttl", n(dayReset + 86_400));
            conditions.add("(attribute_not_exists(d) OR d < :dl)");
            conditions.add("(attribute_not_exists(#h) OR #h < :hl)");
            adds.add("d :one");
            adds.add("#h :one");
            sets.add("#ttl = :ttl");
            if (minuteCurrent) {
                values.put(":ml", n(perMinute));
                conditions.add("mw = :mw AND m < :ml");
                adds.add("m :one");
            } else {
                conditions.add("(attribute_not_exists(mw) OR mw <> :mw)");
                sets.add("mw = :mw");
                sets.add("m = :one");
            }
            if (withClass) {
                names.put("#cc", classCount);
                names.put("#cw", classWindow);
                if (classCurrent) {
                    values.put(":cl", n(classPerMinute));
                    conditions.add("#cw = :mw AND #cc < :cl");
                    adds.add("#cc :one");
                } else {
                    conditions.add("(attribute_not_exists(#cw) OR #cw <> :mw)");
                    sets.add("#cw = :mw");
                    sets.add("#cc = :one");
                }
            }
            String update = "SET " + String.join(", ", sets) + " ADD " + String.join(", ", adds);
            LeanDynamoDb.RawUpdate r = table.tryUpdate(new Write.Update(Table.key(pk, "RATE"), update, String.join(" AND ", conditions), names, values));
            if (!r.conditionFailed()) {
                return tightest(true, r.item(), hourAttr, withClass ? classCount : null, classPerMinute,
                        minuteReset, hourReset, dayReset, now);
            }
            Map<String, AttrValue> old = r.item();
            boolean oldMinute = minute.equals(Item.s(old, "mw"));
            boolean oldClass = withClass && minute.equals(Item.s(old, classWindow));
            boolean limited = count(old, "d") >= perDay || count(old, hourAttr) >= perHour
                    || (oldMinute && count(old, "m") >= perMinute)
                    || (oldClass && count(old, classCount) >= classPerMinute);
            if (limited) {
                Map<String, AttrValue> seen = new HashMap<>(old);
                if (!oldMinute) {
                    seen.put("m", n(0));
                }
                if (withClass && !oldClass) {
                    seen.put(classCount, n(0));
                }
                return tightest(false, seen, hourAttr, withClass ? classCount : null, classPerMinute,
                        minuteReset, hourReset, dayReset, now);
            }
            minuteCurrent = oldMinute;
            classCurrent = oldClass;
        }
        throw new IllegalStateException("rate limit counter kept changing under contention");
    }

    /** The window with the least room left decides the headers (ties: the shortest window). */
    private Decision tightest(boolean allowed, Map<String, AttrValue> item, String hourAttr, String classCount,
                              int classLimit, long minuteReset, long hourReset, long dayReset, Instant now) {
        long[][] windows = {
                {perMinute, perMinute - count(item, "m"), minuteReset},
                {perHour, perHour - count(item, hourAttr), hourReset},
                {perDay, perDay - count(item, "d"), dayReset},
                {classLimit, classCount == null ? Long.MAX_VALUE : classLimit - count(item, classCount), minuteReset},
        };
        long[] best = windows[0];
        for (long[] w : windows) {
            if (w[1] < best[1] || (w[1] == best[1] && w[2] < best[2] && w[1] != Long.MAX_VALUE)) {
                best = w;
            }
        }
        long retryAfter = best[2] - now.getEpochSecond();
        return new Decision(allowed, best[0], best[1], best[2], retryAfter);
    }

    private static long count(Map<String, AttrValue> item, String name) {
        Long v = Item.n(item, name);
        return v == null ? 0 : v;
    }

    private static AttrValue n(long v) {
        return AttrValue.fromN(Long.toString(v));
    }

    /**
     * The UTC windows a request at {@code now} counts in: its day ({@code 2026-12-04}), hour attribute ({@code h07}),
     * minute ({@code 0715}) and the epoch seconds each window resets at. Plain arithmetic on epoch seconds, so the
     * first request loads no ZonedDateTime, zone rules or java.util.Formatter; RateLimiterWindowsTest holds it to
     * the ZonedDateTime computation it replaced.
     */
    record Windows(String day, String hourAttr, String minute, long minuteReset, long hourReset, long dayReset) {
        static Windows at(Instant now) {
            long second = now.getEpochSecond();
            int secondOfDay = (int) Math.floorMod(second, 86_400L);
            return new Windows(IsoInstant.date(now), "h" + twoDigits(secondOfDay / 3600),
                    twoDigits(secondOfDay / 3600) + twoDigits(secondOfDay / 60 % 60),
                    Math.floorDiv(second, 60L) * 60 + 60, Math.floorDiv(second, 3600L) * 3600 + 3600,
                    Math.floorDiv(second, 86_400L) * 86_400 + 86_400);
        }
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }
}
