package com.socialwire.local.runtime;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScheduleExpressionTest {

    static final ZonedDateTime T0 = ZonedDateTime.of(2026, 11, 22, 10, 17, 30, 0, ZoneOffset.UTC);

    static ZonedDateTime next(String expr, ZonedDateTime after) {
        return new ScheduleExpression(expr, ZoneOffset.UTC).next(T0, after);
    }

    @Test
    void rates() {
        assertEquals(T0.plusMinutes(1), next("rate(1 minute)", T0));
        assertEquals(T0.plusMinutes(10), next("rate(5 minutes)", T0.plusMinutes(7)));
        assertEquals(T0.plusHours(2), next("rate(2 hours)", T0.plusMinutes(1)));
        assertEquals(T0.plusDays(1), next("rate(1 day)", T0));
    }

    @Test
    void crons() {
        assertEquals(ZonedDateTime.of(2026, 11, 22, 10, 18, 0, 0, ZoneOffset.UTC), next("cron(* * * * ? *)", T0));
        assertEquals(ZonedDateTime.of(2026, 11, 22, 10, 30, 0, 0, ZoneOffset.UTC), next("cron(0/15 * * * ? *)", T0));
        assertEquals(ZonedDateTime.of(2026, 11, 23, 6, 0, 0, 0, ZoneOffset.UTC), next("cron(0 6 * * ? *)", T0));
        // 2026-11-22 is a Sunday: next Monday 08:00
        assertEquals(ZonedDateTime.of(2026, 11, 23, 8, 0, 0, 0, ZoneOffset.UTC), next("cron(0 8 ? * MON *)", T0));
        assertEquals(ZonedDateTime.of(2026, 11, 30, 23, 0, 0, 0, ZoneOffset.UTC), next("cron(0 23 L * ? *)", T0));
        assertEquals(ZonedDateTime.of(2026, 12, 1, 0, 0, 0, 0, ZoneOffset.UTC), next("cron(0 0 1 * ? *)", T0));
        assertEquals(ZonedDateTime.of(2026, 12, 7, 9, 0, 0, 0, ZoneOffset.UTC), next("cron(0 9 ? * 2#1 *)", T0));
        assertEquals(ZonedDateTime.of(2026, 11, 23, 9, 0, 0, 0, ZoneOffset.UTC), next("cron(0 9 ? * MON-FRI *)", T0));
    }

    @Test
    void rejectsWhatEventBridgeRejects() {
        assertThrows(IllegalArgumentException.class, () -> new ScheduleExpression("every minute", ZoneOffset.UTC));
        assertThrows(IllegalArgumentException.class, () -> new ScheduleExpression("cron(* * * *)", ZoneOffset.UTC));
        assertThrows(IllegalArgumentException.class, () -> new ScheduleExpression("rate(0 minutes)", ZoneOffset.UTC));
    }
}
