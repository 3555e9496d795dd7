package com.socialwire.accounts.handler;

import com.socialwire.accounts.Accounts;
import com.socialwire.accounts.service.AccountService;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;

/**
 * AccountsFunction: signup, who-am-I and API keys. Signup is public when {@code SIGNUP_MODE=open}
 * (rate limited per source IP) and needs the owner key when {@code SIGNUP_MODE=owner}; keys are
 * managed by admin keys only.
 */
public final class AccountsHandler implements HttpFunction {

    /** Signups per minute from one IP when signup is open. */
    static final int SIGNUPS_PER_MINUTE = 5;

    private final HttpApi api;

    public AccountsHandler() {
        this(Accounts.fromEnvironment());
    }

    public AccountsHandler(Accounts wiring) {
        AccountService accounts = wiring.service();
        Access signup = wiring.openSignup() ? Access.PUBLIC.limitedTo(SIGNUPS_PER_MINUTE, "signup") : Access.OWNER;
        Access admin = Access.roles(Role.ADMIN);
        this.api = HttpApi.builder(wiring.gate())
                .secretRoute("POST", "/v1/signup", signup, r -> ApiResponse.created(accounts.signup(r.jsonObject(), r.sourceIp())), "apiKey")
                .route("GET", "/v1/me", Access.anyKey(), r -> ApiResponse.ok(accounts.me(r.principal())))
                .route("GET", "/v1/keys", admin, r -> ApiResponse.ok(accounts.listKeys(r.principal(), r.limit(), r.cursor())))
                .secretRoute("POST", "/v1/keys", admin, r -> ApiResponse.created(accounts.createKey(r.principal(), r.jsonObject())), "apiKey")
                .route("DELETE", "/v1/keys/{keyId}", admin, r -> ApiResponse.ok(accounts.revokeKey(r.principal(), r.pathParam("keyId"))))
                .build();
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
