package com.socialwire.social;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.social.Connectors;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.TokenCare;
import com.socialwire.shared.store.Table;
import com.socialwire.social.service.Connecting;
import com.socialwire.social.service.OAuthService;
import com.socialwire.social.service.SocialAccountService;
import com.socialwire.social.service.TokenCareSweep;
import com.socialwire.social.store.OAuthStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The social accounts context's wiring from config, once per container. DynamoDB is built on the first read, KMS on
 * the first token sealed or opened, each platform's connector on the first connect to that platform
 * ({@link Connectors}: a platform without its {@code SOCIAL_<PLATFORM>_CLIENT_ID}/{@code _CLIENT_SECRET} answers 422
 * "not configured").
 */
public final class Social {

    private final Config config;
    private final Table table;
    private final Clock clock;
    private final Connectors connectors;
    private final SocialAccounts accounts;
    private final OAuthStore oauthStore;

    public Social(Config config, Clock clock) {
        this(config, clock, Connectors.fromConfig(config));
    }

    /** With these connectors (tests: a platform over WireMock). */
    public Social(Config config, Clock clock, Connectors connectors) {
        this.config = config;
        AwsClients aws = new AwsClients(config);
        this.table = new Table(aws.dynamoDbOnFirstUse(), config.require("TABLE_NAME"));
        this.clock = clock;
        this.connectors = connectors;
        SecretCipher cipher = SecretCipher.fromConfig(config, aws);
        this.accounts = new SocialAccounts(table, cipher, clock);
        this.oauthStore = new OAuthStore(table, cipher);
    }

    public static Social fromEnvironment() {
        return new Social(Config.fromEnvironment(), Clock.systemUTC());
    }

    public Gate gate() {
        return Gate.of(config, table, clock);
    }

    private Connecting connecting() {
        return new Connecting(accounts, oauthStore, clock);
    }

    public SocialAccountService accounts() {
        return new SocialAccountService(accounts, oauthStore, connectors, connecting(), clock, config.getBoolean("SOCIAL_ALLOW_LOCAL_HTTP", false));
    }

    public OAuthService oauth() {
        return new OAuthService(oauthStore, connectors, connecting(), clock, config.get("OAUTH_REDIRECT_BASE").orElse(null),
                config.getBoolean("SOCIAL_ALLOW_LOCAL_HTTP", false));
    }

    /** OAuth callbacks one source address may make per minute ({@code OAUTH_CALLBACKS_PER_MINUTE}, default 30: a browser makes one per connect). */
    public int callbacksPerMinute() {
        return (int) config.getLong("OAUTH_CALLBACKS_PER_MINUTE", 30);
    }

    /** The token care the publisher and the maintenance schedule use. */
    public TokenCare tokenCare() {
        return new TokenCare(accounts, connectors, clock);
    }

    /** The maintenance sweep refreshing grants ahead of need, within {@code TOKEN_CARE_BUDGET_SECONDS} (default 240) a run. */
    public TokenCareSweep tokenCareSweep() {
        return new TokenCareSweep(accounts, tokenCare(), clock, Duration.ofSeconds(config.getLong("TOKEN_CARE_BUDGET_SECONDS", 240)));
    }

    /** The store of the accounts (tests, and what other wiring reads). */
    public SocialAccounts store() {
        return accounts;
    }
}
