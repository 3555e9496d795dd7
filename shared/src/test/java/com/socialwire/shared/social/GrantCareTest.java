package com.socialwire.shared.social;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** When token care refreshes each platform's grant ahead of use (platforms.md §0.2). */
class GrantCareTest {

    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    static Grant grant(Duration access, String refresh, Duration refreshLife, boolean rotates) {
        return new Grant("a", refresh, access == null ? null : T.plus(access), refreshLife == null ? null : T.plus(refreshLife), List.of(), rotates);
    }

    @Test
    void longLivedAccessTokensAreRefreshedWithAThirdOfTheirLifeLeft() {
        // LinkedIn 60 d (refresh token), Threads / Instagram 60 d (the token refreshes itself), Pinterest 30 d
        assertEquals(T.plus(Duration.ofDays(40)), grant(Duration.ofDays(60), "r", Duration.ofDays(365), false).careDueAt(T));
        assertEquals(T.plus(Duration.ofDays(40)), grant(Duration.ofDays(60), null, null, false).careDueAt(T));
        assertEquals(T.plus(Duration.ofDays(20)), grant(Duration.ofDays(30), "r", Duration.ofDays(60), true).careDueAt(T));
        // a token of three weeks: a week before it ends
        assertEquals(T.plus(Duration.ofDays(14)), grant(Duration.ofDays(21), null, null, false).careDueAt(T));
        // a token with less than two weeks left: halfway
        assertEquals(T.plus(Duration.ofDays(5)), grant(Duration.ofDays(10), null, null, false).careDueAt(T));
    }

    @Test
    void shortLivedTokensAreRefreshedOnUseAndTheirChainKeptAliveRarely() {
        // Bluesky: 2 h access, 90 d rotating refresh JWT → a week before the refresh JWT ends
        assertEquals(T.plus(Duration.ofDays(83)), grant(Duration.ofHours(2), "r", Duration.ofDays(90), true).careDueAt(T));
        // X: 2 h access, rotating refresh of unknown life → once a month, never hourly
        assertEquals(T.plus(Grant.KEEP_ALIVE), grant(Duration.ofHours(2), "r", null, true).careDueAt(T));
        // YouTube / Reddit: 1 h access, a refresh token that dies unused → once a month
        assertEquals(T.plus(Grant.KEEP_ALIVE), grant(Duration.ofHours(1), "r", null, false).careDueAt(T));
    }

    @Test
    void tokensThatNeverEndNeedNoCare() {
        assertNull(grant(null, null, null, false).careDueAt(T), "Mastodon, a Facebook Page token");
        assertNull(grant(Duration.ofHours(1), null, null, false).careDueAt(T), "short-lived without a refresh token: nothing to keep alive");
    }

    @Test
    void anAlreadyEndedTokenIsDueAtOnce() {
        Grant ended = new Grant("a", null, T.minus(Duration.ofDays(3)), null, List.of(), false);
        assertEquals(T.minus(Duration.ofDays(32)), ended.careDueAt(T.minus(Duration.ofDays(90))), "a third of its life before its end, long past");
    }
}
