package com.socialwire.shared.social.connectors;

import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.OAuth2Client;
import com.socialwire.shared.social.oauth.OAuth2Flow;
import com.socialwire.shared.social.oauth.OAuth2Spec;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Threads (developers.facebook.com docs/threads/get-started, …/long-lived-tokens), with the Threads app's own id and
 * secret: authorize at {@code threads.net/oauth/authorize}, the code for a 1-hour token at
 * {@code POST graph.threads.net/oauth/access_token}, at once exchanged ({@code th_exchange_token}) for a 60-day one.
 * The 60-day token refreshes itself ({@code GET /refresh_access_token?grant_type=th_refresh_token}) once it is at
 * least 24 hours old and before it expires. One token is one profile: {@code GET /v1.0/me}.
 */
public final class ThreadsConnector extends OAuth2Connector {

    public static final String PLATFORM = "threads";
    public static final String AUTHORIZE_URL = "https://threads.net/oauth/authorize";
    public static final String API_BASE = "https://graph.threads.net";
    public static final List<String> SCOPES = List.of("threads_basic", "threads_content_publish");
    static final Duration LONG_LIVED = Duration.ofDays(60);
    static final Duration MIN_AGE = Duration.ofHours(24);

    private final Clock clock;

    public ThreadsConnector(OAuth2Client client, String authorizeUrl, String apiBase, List<String> scopes, PlatformHttp http) {
        super(new OAuth2Flow(spec(authorizeUrl, apiBase, scopes), client, http), apiBase);
        this.clock = http.clock();
    }

    static OAuth2Spec spec(String authorizeUrl, String apiBase, List<String> scopes) {
        return new OAuth2Spec(PLATFORM, URI.create(authorizeUrl), URI.create(ProviderHttp.trimBase(apiBase) + "/oauth/access_token"),
                OAuth2Spec.ClientAuth.BODY, false, ",", scopes, Map.of(), Map.of(), false, false);
    }

    /** The code for a short-lived token (form: client_id, client_secret, code, grant_type, redirect_uri), then a long-lived one. */
    @Override
    public PlatformResult<Grant> exchange(Exchange exchange) {
        return then(super.exchange(exchange), shortLived -> {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("grant_type", "th_exchange_token");
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
                    "a Threads token refreshes only when unexpired and at least 24 hours old");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "th_refresh_token");
        p.put("access_token", grant.accessToken());
        return then(flow.tokenRequest(URI.create(apiBase + "/refresh_access_token"), true, p, false),
                fresh -> new PlatformResult.Ok<>(grant.refreshedBy(fresh)));
    }

    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        return http().get(api("/v1.0/me", Map.of("fields", "id,username,name,threads_profile_picture_url")),
                grant.accessToken(), Map.of(), "GET /v1.0/me", json -> {
                    String id = ProviderHttp.text(json, "id");
                    return id == null ? null : List.of(new Offered(id, ProviderHttp.text(json, "username"),
                            ProviderHttp.text(json, "name"), ProviderHttp.text(json, "threads_profile_picture_url"),
                            "profile", null, Map.of()));
                });
    }

    private static Grant withScopes(Grant longLived, Grant shortLived) {
        return longLived.scopes().isEmpty() && !shortLived.scopes().isEmpty()
                ? new Grant(longLived.accessToken(), longLived.refreshToken(), longLived.expiresAt(), longLived.refreshExpiresAt(),
                shortLived.scopes(), longLived.rotates())
                : longLived;
    }
}
