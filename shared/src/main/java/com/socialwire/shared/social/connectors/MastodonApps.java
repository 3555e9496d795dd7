package com.socialwire.shared.social.connectors;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Our app registrations on Mastodon instances (one per instance, redirect URI and scopes: an instance refuses a
 * redirect URI or a scope its app was not registered with). The social store keeps them (secrets encrypted) so a
 * callback served by another function instance finds the registration its authorize URL used.
 */
public interface MastodonApps {

    /** What identifies a registration: the instance origin ({@code https://host[:port]}), redirect URI and scopes. */
    record Key(String instance, String redirectUri, List<String> scopes) {
        public Key {
            scopes = List.copyOf(scopes);
        }
    }

    /** A registration ({@code POST /api/v1/apps}); {@code secretExpiresAt} null when it never expires (0 in Mastodon's answer). */
    record App(String clientId, String clientSecret, Instant secretExpiresAt) {
        @Override
        public String toString() {
            return "App[" + clientId + ", secret [redacted], expires " + secretExpiresAt + "]";
        }
    }

    Optional<App> find(Key key);

    /**
     * Stores {@code app} unless a registration for {@code key} is already stored; answers the stored one, so two
     * connects racing on a new instance end up using the same registration.
     */
    App putIfAbsent(Key key, App app);

    /** Forgets a registration the instance no longer knows (its secret expired, or the instance dropped it). */
    void remove(Key key);
}
