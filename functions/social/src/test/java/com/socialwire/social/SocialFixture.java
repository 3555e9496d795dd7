package com.socialwire.social;

import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.Config;
import com.socialwire.shared.Ids;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Connectors;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantRecords;
import com.socialwire.shared.tenants.TenantSettings;
import com.socialwire.social.handler.SocialHandler;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * SocialFunction as its tests use it: its wiring from its local environment (its identity and policy from
 * template.yaml, DynamoDB Local), a clock the test moves, and two platforms over WireMock at {@code platformBase}:
 * {@code linkedin} connects by OAuth 2.0 (rotating refresh tokens), {@code bluesky} by app password.
 */
final class SocialFixture {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advanceSeconds(long s) {
            now = now.plusSeconds(s);
        }
    }

    final LocalEnvironment env = LocalEnvironment.shared();
    final TestClock clock;
    final Social social;
    final FunctionClient api;

    SocialFixture(String platformBase) {
        this(Connectors.of(
                new HttpTestPlatform("linkedin", Connector.Method.OAUTH2, platformBase, true),
                new HttpTestPlatform("bluesky", Connector.Method.APP_PASSWORD, platformBase, true)));
    }

    /** With these platforms' connectors. */
    SocialFixture(Connectors connectors) {
        this(new TestClock(), connectors);
    }

    /** With these platforms' connectors, whose clock is {@code clock} too (a platform's rules read the time). */
    SocialFixture(TestClock clock, Connectors connectors) {
        this.clock = clock;
        // the tests make hundreds of requests a minute with one key from one address
        Config config = env.functionConfig("SocialFunction").with("RATE_LIMIT_PER_MINUTE", "100000")
                .with("RATE_LIMIT_PER_HOUR", "1000000").with("RATE_LIMIT_PER_DAY", "10000000")
                .with("OAUTH_CALLBACKS_PER_MINUTE", "100000");
        social = new Social(config, clock, connectors);
        api = new FunctionClient(env, "SocialFunction", new SocialHandler(social));
    }

    /** A new agency account with an admin key. */
    TestKeys.Key account() {
        return TestKeys.newAccount(env);
    }

    /** A tenant of {@code accountId}, written as TenantsFunction writes one. */
    String tenant(String accountId) {
        return tenant(accountId, null);
    }

    /**
     * A tenant of {@code accountId} bound to Instagram account {@code igUserId} (null: none), written as TenantsFunction
     * writes one (with the lock that gives the account to it; the token is not needed here).
     */
    String tenant(String accountId, String igUserId) {
        String id = Ids.next("tnt");
        Instant now = Instant.now();
        Tenant t = new Tenant(id, accountId, "Brand " + id.substring(4, 10), null, igUserId, Tenant.TOKEN_NONE, null, null,
                List.of(), "active", "UTC",
                new TenantSettings(false, false, "auto_publish", new BigDecimal("5"), false, false, "hide", "escalate"),
                1, now, now);
        Config tenants = env.functionConfig("TenantsFunction");
        Table table = new Table(new AwsClients(tenants)::dynamoDb, tenants.require("TABLE_NAME"));
        table.put(new com.socialwire.shared.store.Write.Put(TenantRecords.toItem(t, null)));
        if (igUserId != null) {
            table.put(new com.socialwire.shared.store.Write.Put(com.socialwire.shared.store.Item.create()
                    .s(Table.PK, TenantRecords.igUserLockKey(igUserId)).s(Table.SK, TenantRecords.IG_USER_LOCK_SK)
                    .s("tenantId", id).s("accountId", accountId).build()));
        }
        return id;
    }
}
