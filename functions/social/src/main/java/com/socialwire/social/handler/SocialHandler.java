package com.socialwire.social.handler;

import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;
import com.socialwire.social.Social;
import com.socialwire.social.service.OAuthService;
import com.socialwire.social.service.SocialAccountService;

import java.util.Map;

/**
 * SocialFunction: a tenant's social accounts and how they connect. Any key of the account reads them (a client key
 * only its own tenants); admin and write keys connect, change and disconnect them. The OAuth callback is public (the
 * platform redirects a person's browser to it): it carries its own proof, the single-use state.
 */
public final class SocialHandler implements HttpFunction, HttpApi.Actions<SocialHandler.Action> {

    /** What the routes do, one action each. */
    enum Action { LIST, CONNECT, CONFIRM, GET, UPDATE, REVOKE, MAKE_DEFAULT, OAUTH_START, PENDING, OAUTH_CALLBACK }

    private final SocialAccountService accounts;
    private final OAuthService oauth;
    private final HttpApi api;

    /** Cold-start wiring, once per container. */
    public SocialHandler() {
        this(Social.fromEnvironment());
    }

    public SocialHandler(Social wiring) {
        this.accounts = wiring.accounts();
        this.oauth = wiring.oauth();
        Access manage = Access.roles(Role.ADMIN, Role.WRITE);
        String item = "/v1/tenants/{tenantId}/social-accounts/{accountId}";
        this.api = HttpApi.builder(wiring.gate(), this)
                .route("GET", "/v1/tenants/{tenantId}/social-accounts", Access.anyKey(), Action.LIST)
                .route("POST", "/v1/tenants/{tenantId}/social-accounts", manage, Action.CONNECT)
                .route("POST", "/v1/tenants/{tenantId}/social-accounts/confirm", manage, Action.CONFIRM)
                .route("GET", item, Access.anyKey(), Action.GET)
                .route("PATCH", item, manage, Action.UPDATE)
                .route("DELETE", item, manage, Action.REVOKE)
                .route("PUT", item + "/default", manage, Action.MAKE_DEFAULT)
                .route("POST", "/v1/tenants/{tenantId}/oauth/{platform}/start", manage, Action.OAUTH_START)
                .route("GET", "/v1/oauth/pending/{nonce}", manage, Action.PENDING)
                .route("GET", "/oauth/{platform}/callback", Access.PUBLIC.limitedTo(wiring.callbacksPerMinute(), "oauth-callback"),
                        Action.OAUTH_CALLBACK)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        return switch (action) {
            case LIST -> ApiResponse.ok(accounts.list(r.pathParam("tenantId"), r.limit(), r.cursor()));
            case CONNECT -> {
                SocialAccountService.Connected c = accounts.connectByAppPassword(r.principal(), r.pathParam("tenantId"), r.jsonObject());
                yield new ApiResponse(c.status(), Map.of(), c.body());
            }
            case CONFIRM -> ApiResponse.created(accounts.confirm(r.principal(), r.pathParam("tenantId"), r.jsonObject()));
            case GET -> ApiResponse.ok(accounts.get(r.pathParam("tenantId"), r.pathParam("accountId")));
            case UPDATE -> ApiResponse.ok(accounts.update(r.pathParam("tenantId"), r.pathParam("accountId"), r.jsonObject(),
                    r.header("if-match").orElse(null)));
            case REVOKE -> ApiResponse.ok(accounts.revoke(r.pathParam("tenantId"), r.pathParam("accountId")));
            case MAKE_DEFAULT -> ApiResponse.ok(accounts.makeDefault(r.pathParam("tenantId"), r.pathParam("accountId")));
            case OAUTH_START -> ApiResponse.created(oauth.start(r.principal(), r.pathParam("tenantId"), r.pathParam("platform"),
                    r.body() == null || r.body().length == 0 ? null : r.jsonObject(), requestBase(r)));
            case PENDING -> ApiResponse.ok(accounts.pending(r.principal(), r.pathParam("nonce")));
            case OAUTH_CALLBACK -> page(oauth.callback(r.pathParam("platform"), r.query("code").orElse(null),
                    r.query("state").orElse(null), r.query("error").orElse(null)));
        };
    }

    /** The API's own base URL as the request reached it (when OAUTH_REDIRECT_BASE is not configured). */
    static String requestBase(ApiRequest r) {
        String host = r.header("host").orElse("localhost");
        boolean local = host.startsWith("localhost") || host.startsWith("127.0.0.1");
        String proto = r.header("x-forwarded-proto").orElse(local ? "http" : "https");
        return proto + "://" + host;
    }

    /** A small page: no script, nothing loaded (CSP {@code default-src 'none'}), never cached, no referrer. */
    static ApiResponse page(OAuthService.Page p) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(p.title())
                + " - Socialwire</title></head><body><h1>" + escape(p.title()) + "</h1><p>" + escape(p.message())
                + "</p></body></html>";
        return new ApiResponse(p.status(), Map.of("content-type", "text/html; charset=utf-8",
                "content-security-policy", "default-src 'none'", "cache-control", "no-store",
                "referrer-policy", "no-referrer", "x-content-type-options", "nosniff"), new ApiResponse.Text(html));
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
