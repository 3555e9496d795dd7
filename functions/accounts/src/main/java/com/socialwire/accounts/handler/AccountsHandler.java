package com.socialwire.accounts.handler;

import com.socialwire.accounts.service.AccountService;
import com.socialwire.accounts.store.AccountStore;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.ApiKeyStore;
import com.socialwire.shared.security.RateLimiter;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.security.TenantDirectory;
import com.socialwire.shared.store.Table;

import java.time.Clock;

/**
 * AccountsFunction: signup, who-am-I and API keys. Signup is public when {@code SIGNUP_MODE=open}
 * (rate limited per source IP) and needs the owner key when {@code SIGNUP_MODE=owner}; keys are
 * managed by admin keys only.
 */
public final class AccountsHandler implements HttpFunction {

    /** Signups per minute from one IP when signup is open. */
    static final int SIGNUPS_PER_MINUTE = 5;
    /** Signups from one source address (an IPv6 /64) per UTC day that get the promotional grant. */
    static final long SIGNUP_GRANTS_PER_SOURCE_PER_DAY = 3;

    private final HttpApi api;

    public AccountsHandler() {
        this(Config.fromEnvironment());
    }

    private AccountsHandler(Config config) {
        this(config, new Table(new AwsClients(config)::dynamoDb, config.require("TABLE_NAME")), Clock.systemUTC());
    }

    public AccountsHandler(Config config, Table table, Clock clock) {
        ApiKeyStore keys = new ApiKeyStore(table, clock);
        AccountService accounts = new AccountService(new AccountStore(table, keys), keys, new TenantDirectory(table), clock,
                config.get("API_KEY_ENVIRONMENT", "test"), new DynamoLedger(table, clock), config.getLong("SIGNUP_GRANT_MICRO_CREDITS", 0),
                new RateLimiter(table, clock, Long.MAX_VALUE, Long.MAX_VALUE, config.getLong("SIGNUP_GRANTS_PER_SOURCE_PER_DAY", SIGNUP_GRANTS_PER_SOURCE_PER_DAY)));
        Access signup = "open".equals(config.get("SIGNUP_MODE", "owner"))
                ? Access.PUBLIC.limitedTo(SIGNUPS_PER_MINUTE, "signup")
                : Access.OWNER;
        Access admin = Access.roles(Role.ADMIN);
        this.api = HttpApi.builder(Gate.of(config, table, clock))
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
