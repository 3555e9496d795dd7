package com.socialwire.shared.security;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateLimiterWindowsTest {

    /** The windows by arithmetic are the ones ZonedDateTime and String.format gave, over many seeded instants. */
    @Test
    void windowsByArithmeticAreTheZonedDateTimeOnes() {
        Random r = new Random(56);
        for (int i = 0; i < 100_000; i++) {
            long seconds = i % 2 == 0 ? 1_500_000_000L + r.nextInt(1_000_000_000) : Math.floorMod(r.nextLong(), 253_402_300_800L);
            Instant at = Instant.ofEpochSecond(seconds, r.nextInt(1_000_000_000));
            ZonedDateTime now = ZonedDateTime.ofInstant(at, ZoneOffset.UTC);
            RateLimiter.Windows expected = new RateLimiter.Windows(now.toLocalDate().toString(),
                    "h" + String.format("%02d", now.getHour()), String.format("%02d%02d", now.getHour(), now.getMinute()),
                    now.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1).toEpochSecond(),
                    now.truncatedTo(ChronoUnit.HOURS).plusHours(1).toEpochSecond(),
                    now.truncatedTo(ChronoUnit.DAYS).plusDays(1).toEpochSecond());
            assertEquals(expected, RateLimiter.Windows.at(at), () -> "at " + at);
        }
    }
}
