package com.socialwire.shared.providers.bluesky;

/**
 * A logged-in Bluesky account: its DID (the stable account id), handle, the PDS that holds its repository (from its DID
 * document; every call after login goes there) and the session's two tokens. {@code accessJwt} lives about 2 h and
 * {@code refreshJwt} 90 days; each refresh answers a new pair, and the new refresh token must be saved before the new
 * access token is used. {@code toString} never shows a token.
 */
public record BlueskySession(String did, String handle, String pdsUrl, String accessJwt, String refreshJwt,
                             boolean active, String status) {

    /** The same account and PDS with a refreshed token pair (the handle may have changed). */
    public BlueskySession withTokens(String newHandle, String newAccessJwt, String newRefreshJwt) {
        return new BlueskySession(did, newHandle == null ? handle : newHandle, pdsUrl, newAccessJwt, newRefreshJwt, active, status);
    }

    @Override
    public String toString() {
        return "BlueskySession[" + did + ", " + handle + ", " + pdsUrl + (active ? "" : ", " + status) + "]";
    }
}
