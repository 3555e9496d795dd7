package com.socialwire.shared.analytics;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The counters' shipping day, read without the JDK's formatters at class initialisation, is the instant the JDK reads. */
class TenantCountersShippedTest {

    @Test
    void theShippedDayIsTheInstantTheJdkParses() {
        assertEquals(Instant.parse("2026-12-05T00:00:00Z"), TenantCounters.SHIPPED);
    }
}
