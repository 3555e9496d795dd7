package com.socialwire.reports.stats;

import com.socialwire.shared.analytics.TenantCounters;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A tenant's counter rows over some days, as the views read them: a day on or after {@code since} without a row counted
 * nothing (0); a day before it, or any day when nothing was ever counted, has no data (null, never 0).
 */
final class CounterPeriod {

    private final LocalDate since;
    private final Map<LocalDate, TenantCounters.Day> byDate = new HashMap<>();

    CounterPeriod(LocalDate since, List<TenantCounters.Day> days) {
        this.since = since;
        days.forEach(d -> byDate.put(d.date(), d));
    }

    LocalDate since() {
        return since;
    }

    boolean known(LocalDate day) {
        return since != null && !day.isBefore(since);
    }

    /** {@code value} of {@code day}'s row (0 without one), or null before the counters. */
    Long on(LocalDate day, ToLongFunction<TenantCounters.Day> value) {
        if (!known(day)) {
            return null;
        }
        TenantCounters.Day d = byDate.get(day);
        return d == null ? 0L : value.applyAsLong(d);
    }

    /** The sum of {@code value} over {@code days}; null if none of them has data, the known days' sum otherwise. */
    Long sum(List<LocalDate> days, ToLongFunction<TenantCounters.Day> value) {
        Long total = null;
        for (LocalDate day : days) {
            Long v = on(day, value);
            if (v != null) {
                total = (total == null ? 0 : total) + v;
            }
        }
        return total;
    }

    /** Every counter summed over the known days among {@code days}. */
    Map<String, Long> counts(List<LocalDate> days) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (LocalDate day : days) {
            TenantCounters.Day d = known(day) ? byDate.get(day) : null;
            if (d != null) {
                d.counts().forEach((k, v) -> out.merge(k, v, Long::sum));
            }
        }
        return out;
    }

    /** The sum of every counter named {@code prefix + something} on a day's row. */
    static long prefixed(TenantCounters.Day d, String prefix) {
        long n = 0;
        for (Map.Entry<String, Long> e : d.counts().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** Whole percent {@code part} of {@code whole}, null when {@code whole} is 0 or unknown. */
    static Long percent(Long part, Long whole) {
        return part == null || whole == null || whole == 0 ? null : Math.round(100.0 * part / whole);
    }
}
