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

    /**
     * The least time before a long-lived token ends that token care refreshes it: a third of the token's life when that
     * is longer ({@link #CARE_SHARE}), half of it when that is shorter.
     */
    public static final Duration CARE_LEAD = Duration.ofDays(7);
    /**
     * Token care refreshes a long-lived token with this share of its life left: an Instagram or Threads token (60 days,
     * refreshable once it is 24 hours old) at 40 days, leaving 20 days of hourly sweeps to get past an outage or a
     * throttled app before it ends — a week was too close for the "well before its 60 days" Meta asks for.
     */
    static final int CARE_SHARE = 3;
    /** Access tokens that live longer than this are refreshed ahead of time; shorter ones on use. */
    static final Duration LONG_LIVED = Duration.ofDays(1);
    /** An idle account's refresh token is used this often, so a chain that dies unused (X, YouTube, TikTok) stays alive. */
    public static final Duration KEEP_ALIVE = Duration.ofDays(30);

    /**
     * When token care should refresh this grant, saved at {@code savedAt}, ahead of any use (platforms.md §0.2), or
     * null when nothing of it needs care: a long-lived access token (LinkedIn, Threads, Instagram, Pinterest) when a
     * third of its life is left (at least a week before it ends, at most half its life); a short-lived one (X, TikTok, Bluesky, YouTube, Reddit: refreshed on use) only to keep its
     * refresh token alive — a week before that ends, or every {@link #KEEP_ALIVE} when its end is unknown. Never more
     * often: each refresh of a rotating chain is a chance to break it.
     */
    public Instant careDueAt(Instant savedAt) {
        if (expiresAt != null && Duration.between(savedAt, expiresAt).compareTo(LONG_LIVED) > 0) {
            return ahead(savedAt, expiresAt, true);
        }
        if (blank(refreshToken)) {
            return null;
        }
        return refreshExpiresAt != null ? ahead(savedAt, refreshExpiresAt, false) : savedAt.plus(KEEP_ALIVE);
    }

    /**
     * {@code end} less the lead: {@link #CARE_LEAD}, or for an access token ({@code share}) a {@link #CARE_SHARE}-th of
     * its life when that is longer (a rotating refresh token's chain is used as rarely as it can be), at most half.
     */
    private static Instant ahead(Instant savedAt, Instant end, boolean share) {
        Duration life = Duration.between(savedAt, end);
        if (life.isNegative()) {
            return end;
        }
        Duration third = share ? life.dividedBy(CARE_SHARE) : Duration.ZERO;
        Duration lead = third.compareTo(CARE_LEAD) > 0 ? third : CARE_LEAD;
        Duration half = life.dividedBy(2);
        return end.minus(lead.compareTo(half) > 0 ? half : lead);
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
