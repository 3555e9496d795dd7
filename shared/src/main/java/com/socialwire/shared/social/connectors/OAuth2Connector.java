package com.socialwire.shared.social.connectors;

import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.OAuth2Flow;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What every OAuth 2.0 connector with one app per platform shares: the consent URL, the code exchange and the refresh
 * are its {@link OAuth2Flow}'s; a platform adds how it lists the accounts a grant offers and any step of its own.
 */
public abstract class OAuth2Connector implements Connector {

    protected final OAuth2Flow flow;
    protected final String apiBase;

    protected OAuth2Connector(OAuth2Flow flow, String apiBase) {
        this.flow = Objects.requireNonNull(flow, "flow");
        this.apiBase = ProviderHttp.trimBase(Objects.requireNonNull(apiBase, "apiBase"));
        URI.create(this.apiBase + "/"); // fail at cold start, not on the first call
    }

    @Override
    public String platform() {
        return flow.spec().platform();
    }

    @Override
    public Method method() {
        return Method.OAUTH2;
    }

    @Override
    public URI authorizeUrl(Authorize request) {
        return flow.authorizeUrl(request.state(), request.codeChallenge(), request.redirectUri());
    }

    @Override
    public PlatformResult<Grant> exchange(Exchange exchange) {
        return flow.exchange(exchange.code(), exchange.codeVerifier(), exchange.redirectUri());
    }

    /** The refreshed grant, merged over the old one so that a good token is never replaced by an empty one. */
    @Override
    public PlatformResult<Grant> refresh(Grant grant, String instance) {
        if (!canRefresh(grant)) {
            return new PlatformResult.Rejected<>(0, "no_refresh", platform() + " cannot refresh this grant: connect again");
        }
        return then(flow.refresh(grant.refreshToken()), fresh -> new PlatformResult.Ok<>(grant.refreshedBy(fresh)));
    }

    protected PlatformHttp http() {
        return flow.http();
    }

    /** {@code apiBase + path} with the query encoded. */
    protected URI api(String path, Map<String, String> query) {
        return uri(apiBase, path, query);
    }

    static URI uri(String base, String path, Map<String, String> query) {
        return URI.create(base + path + (query.isEmpty() ? "" : "?" + PlatformHttp.encode(query)));
    }

    /** The next step on success; a failure passes through. */
    static <T, U> PlatformResult<U> then(PlatformResult<T> result, Function<T, PlatformResult<U>> next) {
        return result instanceof PlatformResult.Ok<T> ok ? next.apply(ok.value()) : result.failure();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + apiBase + "]";
    }
}
