package com.socialwire.shared.social;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * How one platform connects a tenant's accounts: the OAuth 2.0 authorization-code flow (PKCE S256 where the platform
 * takes it), or, for Bluesky, a handle and an app password. One implementation per platform, each over the
 * platform's real HTTP API with its errors mapped to {@link PlatformResult} once; the connect routes, the pending
 * selections and the token care are the same code for every platform.
 */
public interface Connector {

    /**
     * The code of a {@link PlatformResult.Rejected} for an account the platform will not let Socialwire publish to (an
     * Instagram personal account): its message is ours, written for the person connecting, and is shown to them.
     */
    String ACCOUNT_NOT_SUPPORTED = "ACCOUNT_NOT_SUPPORTED";

    /** The canonical platform name. */
    String platform();

    /** How it connects. */
    Method method();

    enum Method { OAUTH2, APP_PASSWORD }

    /**
     * The consent page to send the person to ({@link Method#OAUTH2}): the platform's authorize URL with this client,
     * redirect URI, scopes, {@code state} and, where the platform takes PKCE, {@code codeChallenge} (S256).
     */
    URI authorizeUrl(Authorize request);

    /** @param instance the server of a federated platform (Mastodon), else null */
    record Authorize(String state, String codeChallenge, URI redirectUri, String instance) {
    }

    /** The callback's code exchanged for a grant (with the PKCE verifier where one was sent). */
    PlatformResult<Grant> exchange(Exchange exchange);

    record Exchange(String code, String codeVerifier, URI redirectUri, String instance) {
    }

    /**
     * A handle and an app password exchanged for a grant and the account it logs in ({@link Method#APP_PASSWORD}); the
     * caller has already refused a secret that is not in the platform's app-password form ({@link #acceptsAsAppPassword}).
     */
    default PlatformResult<Login> login(String identifier, String appPassword, String instance) {
        throw new UnsupportedOperationException(platform() + " connects by OAuth");
    }

    /** What a login answers: the grant and the one account it is for (with where it lives, in its attributes). */
    record Login(Grant grant, Offered account) {
    }

    /** True if {@code secret} has the form of the platform's app passwords (never a main password). */
    default boolean acceptsAsAppPassword(String secret) {
        return false;
    }

    /**
     * The accounts this grant may publish to: the person's own profile, and the pages, organizations, boards or
     * channels it manages. One offered account connects at once; several become a pending selection.
     */
    PlatformResult<List<Offered>> offered(Grant grant, String instance);

    /**
     * An account a grant offers. {@code grant}: the account's own grant where the platform gives one per account (a
     * Facebook Page's token), else null (the person's grant is used).
     */
    record Offered(String externalId, String handle, String name, String avatarUrl, String kind, Grant grant,
                   Map<String, String> attributes) {

        /**
         * The attribute of an offered account that publishes with its person's grant shared by the other accounts
         * that person offers (Pinterest boards): the person's id on the platform. The accounts of one grant owner keep
         * one grant and refresh it as one ({@link TokenCare}): a rotating refresh token is spent by the first refresh.
         */
        public static final String GRANT_OWNER = "grantOwner";

        public Offered {
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }

        @Override
        public String toString() {
            return "Offered[" + kind + " " + externalId + " " + handle + "]";
        }
    }

    /**
     * A refresh of {@code grant} (null result value never: a platform without refresh answers {@link
     * PlatformResult.Rejected}); {@link PlatformResult.AuthFailed} means the refresh was refused for good.
     */
    PlatformResult<Grant> refresh(Grant grant, String instance);

    /** Whether the platform can refresh this grant at all (a refresh token and the platform's grant for it). */
    default boolean canRefresh(Grant grant) {
        return grant.refreshToken() != null && !grant.refreshToken().isBlank();
    }
}
