package com.socialwire.shared.social;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a platform granted: the tokens (secrets: stored only encrypted, never logged, never returned) and what they
 * allow. {@code toString} leaves the secrets out.
 *
 * @param refreshToken     null where the platform has none (Mastodon, Facebook page tokens)
 * @param expiresAt        when the access token stops working, null if never
 * @param refreshExpiresAt when the refresh token stops working, null if unknown or never
 * @param rotates          each refresh returns a new refresh token and ends the old one (X, TikTok, Bluesky, Pinterest):
 *                         refreshes of one account must be single-flight and the new one saved before use
 */
public record Grant(String accessToken, String refreshToken, Instant expiresAt, Instant refreshExpiresAt,
                    List<String> scopes, boolean rotates) {

    public Grant {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /** This grant after a refresh answered {@code fresh}: a good token is never replaced by an empty one. */
    public Grant refreshedBy(Grant fresh) {
        return new Grant(blank(fresh.accessToken) ? accessToken : fresh.accessToken,
                blank(fresh.refreshToken) ? refreshToken : fresh.refreshToken,
                fresh.expiresAt, fresh.refreshExpiresAt != null ? fresh.refreshExpiresAt : refreshExpiresAt,
                fresh.scopes.isEmpty() ? scopes : fresh.scopes, rotates || fresh.rotates);
    }

    /** How long before a long-lived token ends token care refreshes it (or half its remaining life, if that is shorter). */
    public static final Duration CARE_LEAD = Duration.ofDays(7);
    /** Access tokens that live longer than this are refreshed ahead of time; shorter ones on use. */
    static final Duration LONG_LIVED = Duration.ofDays(1);
    /** An idle account's refresh token is used this often, so a chain that dies unused (X, YouTube, TikTok) stays alive. */
    public static final Duration KEEP_ALIVE = Duration.ofDays(30);

    /**
     * When token care should refresh this grant, saved at {@code savedAt}, ahead of any use (platforms.md §0.2), or
     * null when nothing of it needs care: a long-lived access token (LinkedIn, Threads, Instagram, Pinterest) a week
     * before it ends; a short-lived one (X, TikTok, Bluesky, YouTube, Reddit: refreshed on use) only to keep its
     * refresh token alive — a week before that ends, or every {@link #KEEP_ALIVE} when its end is unknown. Never more
     * often: each refresh of a rotating chain is a chance to break it.
     */
    public Instant careDueAt(Instant savedAt) {
        if (expiresAt != null && Duration.between(savedAt, expiresAt).compareTo(LONG_LIVED) > 0) {
            return ahead(savedAt, expiresAt);
        }
        if (blank(refreshToken)) {
            return null;
        }
        return refreshExpiresAt != null ? ahead(savedAt, refreshExpiresAt) : savedAt.plus(KEEP_ALIVE);
    }

    private static Instant ahead(Instant savedAt, Instant end) {
        Duration half = Duration.between(savedAt, end).dividedBy(2);
        return end.minus(half.compareTo(CARE_LEAD) < 0 ? half.isNegative() ? Duration.ZERO : half : CARE_LEAD);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "Grant[expiresAt=" + expiresAt + ", refreshExpiresAt=" + refreshExpiresAt + ", scopes=" + scopes
                + ", rotates=" + rotates + ", accessToken=" + (blank(accessToken) ? "none" : "[redacted]")
                + ", refreshToken=" + (blank(refreshToken) ? "none" : "[redacted]") + "]";
    }
}
