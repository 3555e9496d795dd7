package com.socialwire.shared.social.oauth;

import com.socialwire.shared.logging.CapturedLog;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** How long a platform asks us to wait, and how its echoes of our secrets are scrubbed. */
class PlatformHttpTest {

    private static final Instant NOW = Instant.parse("2026-12-04T20:00:00Z");
    private final PlatformHttp http = new PlatformHttp(HttpClient.newHttpClient(), Duration.ofSeconds(1),
            Clock.fixed(NOW, ZoneOffset.UTC), new CapturedLog().logger());

    private long wait(Map<String, List<String>> headers) {
        return http.retryAfter(HttpHeaders.of(headers, (a, b) -> true));
    }

    @Test
    void retryAfterReadsSecondsAnHttpDateOrXsResetTime() {
        assertEquals(30, wait(Map.of("Retry-After", List.of("30"))));
        assertEquals(90, wait(Map.of("Retry-After", List.of("Fri, 04 Dec 2026 20:01:30 GMT"))));
        assertEquals(0, wait(Map.of("Retry-After", List.of("Fri, 04 Dec 2026 19:00:00 GMT"))), "a date in the past: now");
        assertEquals(840, wait(Map.of("x-rate-limit-reset", List.of(Long.toString(NOW.getEpochSecond() + 840)))));
        assertEquals(0, wait(Map.of("Retry-After", List.of("soon"))));
        assertEquals(0, wait(Map.of()));
    }

    @Test
    void aSecretEchoedUrlEncodedIsScrubbedToo() {
        String secret = "a+b/c=d secret";
        String echoed = "bad token a%2Bb%2Fc%3Dd%20secret, a%2Bb%2Fc%3Dd+secret and a+b/c=d secret";
        String scrubbed = PlatformHttp.scrub(echoed, List.of(secret));
        assertFalse(scrubbed.contains("a%2Bb%2Fc%3Dd%20secret"), scrubbed);
        assertFalse(scrubbed.contains(secret), scrubbed);
        assertEquals("bad token [redacted], [redacted] and [redacted]", scrubbed);
    }
}
