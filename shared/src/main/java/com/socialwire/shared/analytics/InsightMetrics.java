package com.socialwire.shared.analytics;

import com.socialwire.shared.store.AttrValue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A post's metrics as one platform gave them, under Socialwire's names ({@link #NAMES}): a metric the platform did not
 * give (not available there, or "no data yet" — Instagram answers an empty {@code data} array) is ABSENT, never 0.
 * Stored as a DynamoDB map of numbers; an empty map means "nothing known yet".
 */
public record InsightMetrics(Map<String, Long> values) {

    /**
     * The names every platform's numbers are stored under: {@code views} (Instagram views, X impressions, LinkedIn
     * impressions), {@code reach} (unique accounts), {@code likes}, {@code comments}, {@code saved} (Instagram saves, X
     * bookmarks), {@code shares}, {@code reposts}, {@code replies}, {@code quotes}, {@code clicks},
     * {@code total_interactions} (Instagram's own sum).
     */
    public static final List<String> NAMES = List.of("views", "reach", "likes", "comments", "saved", "shares", "reposts", "replies",
            "quotes", "clicks", "total_interactions");
    /** The interactions an engagement number adds up when the platform gives no total of its own. */
    static final List<String> INTERACTIONS = List.of("likes", "comments", "saved", "shares", "reposts", "replies", "quotes");

    public static final InsightMetrics NONE = new InsightMetrics(Map.of());

    public InsightMetrics {
        Map<String, Long> kept = new LinkedHashMap<>();
        for (String name : NAMES) {
            Long v = values == null ? null : values.get(name);
            if (v != null) {
                kept.put(name, v);
            }
        }
        values = Collections.unmodifiableMap(kept);
    }

    /** True when the platform gave no number at all ("no data yet"). */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The metric, or null when unknown. */
    public Long get(String name) {
        return values.get(name);
    }

    /**
     * Engagement: the platform's {@code total_interactions} when it gives one, else the sum of the interactions it
     * gives; null when it gives none (unknown, not 0).
     */
    public Long engagement() {
        Long total = values.get("total_interactions");
        if (total != null) {
            return total;
        }
        Long sum = null;
        for (String name : INTERACTIONS) {
            Long v = values.get(name);
            if (v != null) {
                sum = (sum == null ? 0 : sum) + Math.max(0, v);
            }
        }
        return sum;
    }

    public AttrValue toAttr() {
        Map<String, AttrValue> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, AttrValue.fromN(Long.toString(v))));
        return AttrValue.fromM(m);
    }

    public static InsightMetrics fromAttr(AttrValue v) {
        if (v == null || !v.hasM()) {
            return NONE;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        v.m().forEach((k, n) -> {
            if (n.n() != null) {
                out.put(k, Long.parseLong(n.n()));
            }
        });
        return new InsightMetrics(out);
    }

    /** The metrics as JSON-ready values: every name of {@link #NAMES} the platform gave (unknown ones left out). */
    public Map<String, Long> asMap() {
        return values;
    }
}
