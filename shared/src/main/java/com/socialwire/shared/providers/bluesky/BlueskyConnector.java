package com.socialwire.shared.providers.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Bluesky's {@link Connector}: a handle (or DID, or email) and an app password — never the main password, refused
 * unsent — logged in once with {@code createSession}; the session's refresh token rotates on every
 * {@code refreshSession}, so the token care refreshes one account at a time and saves the new pair before using it.
 * The account is its DID; it lives on the PDS its DID document names ({@code pdsUrl}, kept as the account's instance).
 */
public final class BlueskyConnector implements Connector {

    /** What a session's access token lives when its JWT does not say (the PDS default). */
    static final Duration ACCESS_LIFETIME = Duration.ofHours(2);
    /** What a refresh token lives when its JWT does not say (the PDS default). */
    static final Duration REFRESH_LIFETIME = Duration.ofDays(90);

    private final BlueskyApi api;
    private final String defaultService;

    /** Accounts log in at {@value BlueskyApi#DEFAULT_SERVICE} unless their owner names a PDS. */
    public BlueskyConnector(BlueskyApi api) {
        this(api, BlueskyApi.DEFAULT_SERVICE);
    }

    /** @param defaultService where an account logs in when its owner names no PDS */
    public BlueskyConnector(BlueskyApi api, String defaultService) {
        this.api = api;
        this.defaultService = defaultService;
    }

    @Override
    public String platform() {
        return "bluesky";
    }

    @Override
    public Method method() {
        return Method.APP_PASSWORD;
    }

    @Override
    public URI authorizeUrl(Authorize request) {
        throw new UnsupportedOperationException("bluesky connects with a handle and an app password, not OAuth");
    }

    @Override
    public PlatformResult<Grant> exchange(Exchange exchange) {
        return new PlatformResult.Rejected<>(0, "NOT_OAUTH", "bluesky connects with a handle and an app password");
    }

    @Override
    public boolean acceptsAsAppPassword(String secret) {
        return BlueskyApi.isAppPassword(secret);
    }

    /** {@code instance}: the service to log in at (a self-hosted PDS), or null for the default one. */
    @Override
    public PlatformResult<Login> login(String identifier, String appPassword, String instance) {
        String service = instance == null || instance.isBlank() ? defaultService : instance;
        return switch (api.createSession(service, identifier, appPassword).toPlatform()) {
            case PlatformResult.Ok<BlueskySession>(BlueskySession s) -> new PlatformResult.Ok<>(new Login(grant(s), account(s)));
            case PlatformResult<BlueskySession> failed -> failed.failure();
        };
    }

    /** The account the grant's session belongs to, asked of its PDS ({@code instance}). */
    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        BlueskySession s = session(grant, instance);
        return switch (api.getSession(s).toPlatform()) {
            case PlatformResult.Ok<BlueskyApi.SessionInfo>(BlueskyApi.SessionInfo info) -> new PlatformResult.Ok<>(List.of(
                    account(new BlueskySession(info.did(), info.handle(), instance, null, null, info.active(), info.status()))));
            case PlatformResult<BlueskyApi.SessionInfo> failed -> failed.failure();
        };
    }

    /** A new token pair for the session of {@code grant} on its PDS ({@code instance}); the old refresh token is spent. */
    @Override
    public PlatformResult<Grant> refresh(Grant grant, String instance) {
        return switch (api.refreshSession(session(grant, instance)).toPlatform()) {
            case PlatformResult.Ok<BlueskySession>(BlueskySession s) -> new PlatformResult.Ok<>(grant(s));
            case PlatformResult<BlueskySession> failed -> failed.failure();
        };
    }

    /** The session a grant stands for: its DID is the refresh token's subject (an AT Protocol refresh token is a JWT). */
    static BlueskySession session(Grant grant, String pdsUrl) {
        String did = claim(grant.refreshToken(), "sub");
        return new BlueskySession(did, null, pdsUrl, grant.accessToken(), grant.refreshToken(), true, null);
    }

    static Grant grant(BlueskySession s) {
        Instant now = Instant.now();
        return new Grant(s.accessJwt(), s.refreshJwt(), expiry(s.accessJwt(), now.plus(ACCESS_LIFETIME)),
                expiry(s.refreshJwt(), now.plus(REFRESH_LIFETIME)), List.of(), true);
    }

    private static Offered account(BlueskySession s) {
        return new Offered(s.did(), s.handle(), s.handle(), null, "profile", null,
                s.pdsUrl() == null ? Map.of() : Map.of("pdsUrl", s.pdsUrl()));
    }

    /** A JWT's {@code exp} as an instant, or {@code otherwise} when it has none or is not a JWT. */
    static Instant expiry(String jwt, Instant otherwise) {
        String exp = claim(jwt, "exp");
        try {
            return exp == null ? otherwise : Instant.ofEpochSecond(Long.parseLong(exp));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** One claim of a JWT's payload, read without verifying it (the PDS verifies its own tokens), or null. */
    static String claim(String jwt, String name) {
        if (jwt == null) {
            return null;
        }
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode payload = Json.tree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode v = payload.path(name);
            return v.isValueNode() ? v.asText() : null;
        } catch (RuntimeException notAJwt) {
            return null;
        }
    }
}
