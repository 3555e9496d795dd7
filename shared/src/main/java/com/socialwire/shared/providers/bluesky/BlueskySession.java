package com.socialwire.shared.providers.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A logged-in Bluesky account: its DID (the stable account id), handle, the PDS that holds its repository (from its DID
 * document; every call after login goes there) and the session's two tokens. {@code accessJwt} lives about 2 h and
 * {@code refreshJwt} 90 days; each refresh answers a new pair, and the new refresh token must be saved before the new
 * access token is used. {@code toString} never shows a token. To refresh a stored grant, a session needs only
 * {@code pdsUrl} and {@code refreshJwt} ({@code did} may be null: the answer names it).
 */
public record BlueskySession(String did, String handle, String pdsUrl, String accessJwt, String refreshJwt,
                             boolean active, String status) {

    /** The same account and PDS with a refreshed token pair (the handle may have changed). */
    public BlueskySession withTokens(String newHandle, String newAccessJwt, String newRefreshJwt) {
        return new BlueskySession(did, newHandle == null ? handle : newHandle, pdsUrl, newAccessJwt, newRefreshJwt, active, status);
    }

    /** When the access token stops working (its {@code exp} claim), or null if it cannot be read. */
    public Instant accessExpiresAt() {
        return expiry(accessJwt);
    }

    /** When the refresh token stops working (its {@code exp} claim: 90 days after login on the reference PDS), or null. */
    public Instant refreshExpiresAt() {
        return expiry(refreshJwt);
    }

    /** A JWT's {@code exp}, read without checking the signature (only the PDS can; this only times the next refresh). */
    static Instant expiry(String jwt) {
        if (jwt == null) {
            return null;
        }
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode exp = Json.tree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).path("exp");
            return exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "BlueskySession[" + did + ", " + handle + ", " + pdsUrl + (active ? "" : ", " + status) + "]";
    }
}
