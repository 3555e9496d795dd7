package com.socialwire.shared.social.connectors;

import com.socialwire.shared.logging.CapturedLog;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the connector contract tests share: a fixed clock, a short timeout, and the checks on results and logs. */
final class Contract {

    static final Instant NOW = Instant.parse("2026-12-04T20:00:00Z");
    /** Far longer than any stub answers, however loaded the machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** The timeout of the clients that must time out, against stubs delayed by {@link #SLOW_MS}. */
    static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
    static final int SLOW_MS = 3000;

    /** Every line the contract tests' platform calls logged (at every level). */
    static final CapturedLog LOG = new CapturedLog();

    private Contract() {
    }

    static PlatformHttp http() {
        return new PlatformHttp(HttpClient.newHttpClient(), TIMEOUT, Clock.fixed(NOW, ZoneOffset.UTC), LOG.logger());
    }

    /** A client that gives up after {@link #SHORT_TIMEOUT}: for the read-timeout tests. */
    static PlatformHttp impatientHttp() {
        return new PlatformHttp(HttpClient.newHttpClient(), SHORT_TIMEOUT, Clock.fixed(NOW, ZoneOffset.UTC), LOG.logger());
    }

    @SuppressWarnings("unchecked")
    static <T> T ok(PlatformResult<T> r) {
        return ((PlatformResult.Ok<T>) assertInstanceOf(PlatformResult.Ok.class, r, String.valueOf(r))).value();
    }

    /** No secret in any log line so far, and at least one failure logged (else the check proves nothing). */
    static void assertNoneLogged(String... secrets) {
        String logs = LOG.text();
        assertTrue(logs.contains("platform call failed"), "no failure was logged at all: the check below would prove nothing");
        for (String secret : secrets) {
            assertFalse(logs.contains(secret), "a secret reached the log");
        }
    }

    /** No secret in a result's text. */
    static void assertNoneIn(PlatformResult<?> r, String... secrets) {
        for (String secret : secrets) {
            assertFalse(r.toString().contains(secret), "a secret is in " + r);
        }
    }
}
