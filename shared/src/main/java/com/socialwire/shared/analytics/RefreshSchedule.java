package com.socialwire.shared.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a published post's insights are read: D+1, D+2, D+7 and D+28 after publishing (platforms' insights lag up to
 * 48 h, and settle within weeks: reports-content.md §1.2), not hourly. A refresh that runs late skips the steps already
 * past, so a post is never read four times in one hour.
 */
public final class RefreshSchedule {

    public static final List<Duration> STEPS = List.of(Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(28));

    private RefreshSchedule() {
    }

    public static Instant first(Instant publishedAt) {
        return publishedAt.plus(STEPS.get(0));
    }

    /** The first scheduled refresh after {@code now}, or null when D+28 is past (the post's refreshes are done). */
    public static Instant next(Instant publishedAt, Instant now) {
        for (Duration step : STEPS) {
            Instant at = publishedAt.plus(step);
            if (at.isAfter(now)) {
                return at;
            }
        }
        return null;
    }

    /** How many scheduled refreshes are due by {@code now} (0–4). */
    public static int stepsDue(Instant publishedAt, Instant now) {
        int n = 0;
        for (Duration step : STEPS) {
            if (!publishedAt.plus(step).isAfter(now)) {
                n++;
            }
        }
        return n;
    }
}
