package com.socialwire.accounts.handler;

import com.socialwire.accounts.Accounts;
import com.socialwire.accounts.service.AccountService;
import com.socialwire.shared.http.ApiRequest;
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
public final class AccountsHandler implements HttpFunction, HttpApi.Actions<AccountsHandler.Action> {

    /** Signups per minute from one IP when signup is open. */
    static final int SIGNUPS_PER_MINUTE = 5;

    /** What the routes do, one action each. */
    enum Action { SIGNUP, ME, LIST_KEYS, CREATE_KEY, REVOKE_KEY }

    private final AccountService accounts;
    private final HttpApi api;

    public AccountsHandler() {
        this(Accounts.fromEnvironment());
    }

    public AccountsHandler(Accounts wiring) {
        this.accounts = wiring.service();
        Access signup = wiring.openSignup() ? Access.PUBLIC.limitedTo(SIGNUPS_PER_MINUTE, "signup") : Access.OWNER;
        Access admin = Access.roles(Role.ADMIN);
        this.api = HttpApi.builder(wiring.gate(), this)
                .secretRoute("POST", "/v1/signup", signup, Action.SIGNUP, "apiKey")
                .route("GET", "/v1/me", Access.anyKey(), Action.ME)
                .route("GET", "/v1/keys", admin, Action.LIST_KEYS)
                .secretRoute("POST", "/v1/keys", admin, Action.CREATE_KEY, "apiKey")
                .route("DELETE", "/v1/keys/{keyId}", admin, Action.REVOKE_KEY)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        return switch (action) {
            case SIGNUP -> ApiResponse.created(accounts.signup(r.jsonObject(), r.sourceIp()));
            case ME -> ApiResponse.ok(accounts.me(r.principal()));
            case LIST_KEYS -> ApiResponse.ok(accounts.listKeys(r.principal(), r.limit(), r.cursor()));
            case CREATE_KEY -> ApiResponse.created(accounts.createKey(r.principal(), r.jsonObject()));
            case REVOKE_KEY -> ApiResponse.ok(accounts.revokeKey(r.principal(), r.pathParam("keyId")));
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
