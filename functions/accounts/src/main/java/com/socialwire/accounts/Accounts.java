package com.socialwire.accounts;

import com.socialwire.accounts.service.AccountService;
import com.socialwire.accounts.store.AccountStore;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.security.ApiKeyStore;
import com.socialwire.shared.security.RateLimiter;
import com.socialwire.shared.security.TenantDirectory;
import com.socialwire.shared.store.Table;

import java.time.Clock;

/**
 * The accounts context's wiring from config, once per container: the handler takes what it needs. The one AWS
 * client (DynamoDB) is built on the first request that reads the table, never at cold start.
 */
public final class Accounts {

    /** Signups from one source address (an IPv6 /64) per UTC day that get the promotional grant. */
    static final long SIGNUP_GRANTS_PER_SOURCE_PER_DAY = 3;

    private final Config config;
    private final Table table;
    private final Clock clock;

    public Accounts(Config config, Clock clock) {
        this.config = config;
        this.table = new Table(new AwsClients(config).dynamoDbOnFirstUse(), config.require("TABLE_NAME"));
        this.clock = clock;
    }

    public static Accounts fromEnvironment() {
        return new Accounts(Config.fromEnvironment(), Clock.systemUTC());
    }

    public Gate gate() {
        return Gate.of(config, table, clock);
    }

    public AccountService service() {
        ApiKeyStore keys = new ApiKeyStore(table, clock);
        return new AccountService(new AccountStore(table, keys), keys, new TenantDirectory(table), clock,
                config.get("API_KEY_ENVIRONMENT", "test"), new DynamoLedger(table, clock), config.getLong("SIGNUP_GRANT_MICRO_CREDITS", 0),
                new RateLimiter(table, clock, Long.MAX_VALUE, Long.MAX_VALUE,
                        config.getLong("SIGNUP_GRANTS_PER_SOURCE_PER_DAY", SIGNUP_GRANTS_PER_SOURCE_PER_DAY)));
    }

    /** {@code SIGNUP_MODE=open}: anyone may sign up (rate limited per source); otherwise only the owner key. */
    public boolean openSignup() {
        return "open".equals(config.get("SIGNUP_MODE", "owner"));
    }
}
