package com.socialwire.shared.social.connectors;

import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.OAuth2Flow;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Meta's own-login platforms share (Threads, Instagram API with Instagram Login): the code answers a 1-hour token
 * that is at once exchanged ({@code GET {apiBase}/access_token?grant_type=<prefix>_exchange_token}) for a 60-day one;
 * the 60-day token itself refreshes ({@code GET {apiBase}/refresh_access_token?grant_type=<prefix>_refresh_token}) once
 * it is at least 24 hours old and before it expires. There is no refresh token.
 */
public abstract class MetaLongLivedConnector extends OAuth2Connector {

    static final Duration LONG_LIVED = Duration.ofDays(60);
    static final Duration MIN_AGE = Duration.ofHours(24);

    private final String grantPrefix;
    private final Clock clock;

    /** @param grantPrefix {@code th} (Threads) or {@code ig} (Instagram): the grant types' prefix */
    protected MetaLongLivedConnector(OAuth2Flow flow, String apiBase, String grantPrefix) {
        super(flow, apiBase);
        this.grantPrefix = grantPrefix;
        this.clock = flow.http().clock();
    }

    /** The code for a short-lived token (form: client_id, client_secret, code, grant_type, redirect_uri), then a long-lived one. */
    @Override
    public PlatformResult<Grant> exchange(Exchange exchange) {
        return then(super.exchange(exchange), shortLived -> {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("grant_type", grantPrefix + "_exchange_token");
            p.put("client_secret", flow.client().clientSecret());
            p.put("access_token", shortLived.accessToken());
            return then(flow.tokenRequest(URI.create(apiBase + "/access_token"), true, p, false),
                    longLived -> new PlatformResult.Ok<>(withScopes(longLived, shortLived)));
        });
    }

    /**
     * The long-lived token itself is what refreshes: it must be unexpired and at least 24 hours old (its age read
     * from its expiry, as a long-lived token lives 60 days).
     */
    @Override
    public boolean canRefresh(Grant grant) {
        Instant now = clock.instant();
        return grant.accessToken() != null && !grant.accessToken().isBlank() && grant.expiresAt() != null
                && now.isBefore(grant.expiresAt()) && !grant.expiresAt().isAfter(now.plus(LONG_LIVED).minus(MIN_AGE));
    }

    @Override
    public PlatformResult<Grant> refresh(Grant grant, String instance) {
        if (!canRefresh(grant)) {
            return new PlatformResult.Rejected<>(0, "no_refresh",
                    "a " + platform() + " token refreshes only when unexpired and at least 24 hours old");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", grantPrefix + "_refresh_token");
        p.put("access_token", grant.accessToken());
        return then(flow.tokenRequest(URI.create(apiBase + "/refresh_access_token"), true, p, false),
                fresh -> new PlatformResult.Ok<>(grant.refreshedBy(fresh)));
    }

    private static Grant withScopes(Grant longLived, Grant shortLived) {
        return longLived.scopes().isEmpty() && !shortLived.scopes().isEmpty()
                ? new Grant(longLived.accessToken(), longLived.refreshToken(), longLived.expiresAt(), longLived.refreshExpiresAt(),
                shortLived.scopes(), longLived.rotates())
                : longLived;
    }
}
