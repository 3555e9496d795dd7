package com.socialwire.shared.social;

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
