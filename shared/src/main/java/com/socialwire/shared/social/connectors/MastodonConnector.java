package com.socialwire.shared.social.connectors;

import com.socialwire.shared.social.ServerOrigin;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.OAuth2Client;
import com.socialwire.shared.social.oauth.OAuth2Flow;
import com.socialwire.shared.social.oauth.OAuth2Spec;
import com.socialwire.shared.social.oauth.PlatformCallFailed;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Mastodon, on any instance (mastodon/documentation methods/apps.md, methods/oauth.md): our app is registered once per
 * instance ({@code POST /api/v1/apps}, kept in {@link MastodonApps}), then the authorization-code flow with PKCE S256
 * at {@code /oauth/authorize} and {@code /oauth/token}. Tokens do not expire and there is no refresh token. The
 * account is {@code GET /api/v1/accounts/verify_credentials}.
 */
public final class MastodonConnector implements Connector {

    public static final String PLATFORM = "mastodon";
    /**
     * {@code read:accounts} (not 4.3's {@code profile}) so that instances older than 4.3 accept it too;
     * {@code read:notifications} for the inbox's mentions.
     */
    public static final List<String> SCOPES = List.of("read:accounts", "read:statuses", "write:statuses", "write:media", "read:notifications");

    private final MastodonApps apps;
    private final String clientName;
    private final String website;
    private final List<String> scopes;
    private final boolean allowLocalHttp;
    private final PlatformHttp http;

    public MastodonConnector(MastodonApps apps, String clientName, String website, List<String> scopes,
                             boolean allowLocalHttp, PlatformHttp http) {
        this.apps = Objects.requireNonNull(apps, "apps");
        this.clientName = Objects.requireNonNull(clientName, "clientName");
        this.website = website;
        this.scopes = List.copyOf(scopes);
        this.allowLocalHttp = allowLocalHttp;
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public String platform() {
        return PLATFORM;
    }

    @Override
    public Method method() {
        return Method.OAUTH2;
    }

    /** The instance's origin, as stored on the account ({@link MastodonInstance#origin}). */
    public String origin(String instance) {
        return ServerOrigin.origin(instance, allowLocalHttp);
    }

    /**
     * Registers our app on the instance first if it has none for this redirect URI.
     *
     * @throws IllegalArgumentException for an instance that is not an https DNS name
     * @throws PlatformCallFailed       when the instance refused or could not be reached for the registration
     */
    @Override
    public URI authorizeUrl(Authorize request) {
        String origin = origin(request.instance());
        PlatformResult<MastodonApps.App> app = app(origin, request.redirectUri());
        if (!(app instanceof PlatformResult.Ok<MastodonApps.App> ok)) {
            throw new PlatformCallFailed(app);
        }
        return flow(origin, ok.value()).authorizeUrl(request.state(), request.codeChallenge(), request.redirectUri());
    }

    /** Our registration on {@code origin} for {@code redirectUri}: the kept one, else a new one (kept for next time). */
    public PlatformResult<MastodonApps.App> app(String origin, URI redirectUri) {
        MastodonApps.Key key = new MastodonApps.Key(origin, redirectUri.toString(), scopes);
        Optional<MastodonApps.App> known = apps.find(key);
        if (known.isPresent() && !expired(known.get())) {
            return new PlatformResult.Ok<>(known.get());
        }
        known.ifPresent(k -> apps.remove(key));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_name", clientName);
        form.put("redirect_uris", redirectUri.toString());
        form.put("scopes", String.join(" ", scopes));
        form.put("website", website);
        PlatformResult<MastodonApps.App> registered = http.send(HttpRequest.newBuilder(URI.create(origin + "/api/v1/apps"))
                        .header("Content-Type", PlatformHttp.formContentType()).POST(PlatformHttp.formBody(form)),
                "POST /api/v1/apps", false, List.of(), json -> {
                    String id = ProviderHttp.text(json, "client_id");
                    String secret = ProviderHttp.text(json, "client_secret");
                    long expires = json.path("client_secret_expires_at").asLong(0);
                    return id == null || id.isBlank() || secret == null || secret.isBlank() ? null
                            : new MastodonApps.App(id, secret, expires > 0 ? Instant.ofEpochSecond(expires) : null);
                });
        // a registration whose answer was lost is only an unused app on the instance: asking again is harmless
        return registered instanceof PlatformResult.Ok<MastodonApps.App> ok
                ? new PlatformResult.Ok<>(apps.putIfAbsent(key, ok.value())) : registered;
    }

    private boolean expired(MastodonApps.App app) {
        return app.secretExpiresAt() != null && !http.clock().instant().isBefore(app.secretExpiresAt());
    }

    @Override
    public PlatformResult<Grant> exchange(Exchange exchange) {
        String origin;
        try {
            origin = origin(exchange.instance());
        } catch (IllegalArgumentException e) {
            return new PlatformResult.Rejected<>(0, "invalid_instance", e.getMessage());
        }
        Optional<MastodonApps.App> app = apps.find(new MastodonApps.Key(origin, exchange.redirectUri().toString(), scopes));
        if (app.isEmpty()) {
            return new PlatformResult.Rejected<>(0, "no_app", "no registration of ours on " + origin + " for this redirect: connect again");
        }
        return flow(origin, app.get()).exchange(exchange.code(), exchange.codeVerifier(), exchange.redirectUri());
    }

    /** The one account: {@code id, username, acct, display_name, avatar, url}; its handle is {@code username@host}. */
    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        String origin;
        try {
            origin = origin(instance);
        } catch (IllegalArgumentException e) {
            return new PlatformResult.Rejected<>(0, "invalid_instance", e.getMessage());
        }
        String host = URI.create(origin).getHost();
        return http.get(URI.create(origin + "/api/v1/accounts/verify_credentials"), grant.accessToken(), Map.of(),
                "GET /api/v1/accounts/verify_credentials", json -> account(json, origin, host));
    }

    private static List<Offered> account(JsonNode json, String origin, String host) {
        String id = ProviderHttp.text(json, "id");
        String username = ProviderHttp.text(json, "username");
        if (id == null || username == null) {
            return null;
        }
        String display = ProviderHttp.text(json, "display_name");
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("instance", origin);
        String url = ProviderHttp.text(json, "url");
        if (url != null) {
            attributes.put("url", url);
        }
        return List.of(new Offered(id, username + "@" + host, display == null || display.isBlank() ? username : display,
                ProviderHttp.text(json, "avatar"), "profile", null, attributes));
    }

    /** Mastodon tokens do not expire and come without a refresh token. */
    @Override
    public boolean canRefresh(Grant grant) {
        return false;
    }

    @Override
    public PlatformResult<Grant> refresh(Grant grant, String instance) {
        return new PlatformResult.Rejected<>(0, "no_refresh", "Mastodon tokens have no refresh: connect again");
    }

    private OAuth2Flow flow(String origin, MastodonApps.App app) {
        return new OAuth2Flow(new OAuth2Spec(PLATFORM, URI.create(origin + "/oauth/authorize"), URI.create(origin + "/oauth/token"),
                OAuth2Spec.ClientAuth.BODY, true, " ", scopes, Map.of(), Map.of(), false, false),
                new OAuth2Client(app.clientId(), app.clientSecret()), http);
    }

    @Override
    public String toString() {
        return "MastodonConnector[" + clientName + "]";
    }
}
