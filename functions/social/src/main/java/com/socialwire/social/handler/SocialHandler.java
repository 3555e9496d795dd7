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
public final class SocialHandler implements HttpFunction {

    private final HttpApi api;

    /** Cold-start wiring, once per container. */
    public SocialHandler() {
        this(Social.fromEnvironment());
    }

    public SocialHandler(Social wiring) {
        SocialAccountService accounts = wiring.accounts();
        OAuthService oauth = wiring.oauth();
        Access manage = Access.roles(Role.ADMIN, Role.WRITE);
        String item = "/v1/tenants/{tenantId}/social-accounts/{accountId}";
        this.api = HttpApi.builder(wiring.gate())
                .route("GET", "/v1/tenants/{tenantId}/social-accounts", Access.anyKey(),
                        r -> ApiResponse.ok(accounts.list(r.pathParam("tenantId"), r.limit(), r.cursor())))
                .route("POST", "/v1/tenants/{tenantId}/social-accounts", manage, r -> {
                    SocialAccountService.Connected c = accounts.connectByAppPassword(r.principal(), r.pathParam("tenantId"), r.jsonObject());
                    return new ApiResponse(c.status(), Map.of(), c.body());
                })
                .route("POST", "/v1/tenants/{tenantId}/social-accounts/confirm", manage,
                        r -> ApiResponse.created(accounts.confirm(r.principal(), r.pathParam("tenantId"), r.jsonObject())))
                .route("GET", item, Access.anyKey(),
                        r -> ApiResponse.ok(accounts.get(r.pathParam("tenantId"), r.pathParam("accountId"))))
                .route("PATCH", item, manage, r -> ApiResponse.ok(accounts.update(r.pathParam("tenantId"),
                        r.pathParam("accountId"), r.jsonObject(), r.header("if-match").orElse(null))))
                .route("DELETE", item, manage,
                        r -> ApiResponse.ok(accounts.revoke(r.pathParam("tenantId"), r.pathParam("accountId"))))
                .route("PUT", item + "/default", manage,
                        r -> ApiResponse.ok(accounts.makeDefault(r.pathParam("tenantId"), r.pathParam("accountId"))))
                .route("POST", "/v1/tenants/{tenantId}/oauth/{platform}/start", manage,
                        r -> ApiResponse.created(oauth.start(r.principal(), r.pathParam("tenantId"), r.pathParam("platform"),
                                r.body() == null || r.body().length == 0 ? null : r.jsonObject(), requestBase(r))))
                .route("GET", "/v1/oauth/pending/{nonce}", manage,
                        r -> ApiResponse.ok(accounts.pending(r.principal(), r.pathParam("nonce"))))
                .route("GET", "/oauth/{platform}/callback", Access.PUBLIC.limitedTo(wiring.callbacksPerMinute(), "oauth-callback"),
                        r -> page(oauth.callback(r.pathParam("platform"), r.query("code").orElse(null),
                                r.query("state").orElse(null), r.query("error").orElse(null))))
                .build();
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
