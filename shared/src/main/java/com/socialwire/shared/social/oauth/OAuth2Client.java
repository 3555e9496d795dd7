package com.socialwire.shared.social.oauth;

import java.util.Objects;

/** Our app's credentials on one platform (or one Mastodon instance); {@code toString} leaves the secret out. */
public record OAuth2Client(String clientId, String clientSecret) {

    public OAuth2Client {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId is blank");
        }
    }

    @Override
    public String toString() {
        return "OAuth2Client[" + clientId + ", secret " + (clientSecret == null || clientSecret.isBlank() ? "none" : "[redacted]") + "]";
    }
}
