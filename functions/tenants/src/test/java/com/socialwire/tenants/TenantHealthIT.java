package com.socialwire.tenants;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.Config;
import com.socialwire.shared.analytics.Activity;
import com.socialwire.shared.analytics.PublishedDeliveries;
import com.socialwire.shared.analytics.PublishedDelivery;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /v1/tenants/{id}/health} complete: each social account's token state and expiry, Meta's throttling, the
 * day's budget, the last publish and the last report — what an agency looks at before a client calls. Rows are written
 * as their owners write them (social accounts as SocialFunction, a published delivery as the posts context, a report
 * as the report worker).
 */
class TenantHealthIT {

    static final LocalEnvironment env = LocalEnvironment.shared();
    static FunctionClient tenants;
    static TestKeys.Key admin;
    static SocialAccounts social;
    static Table table;

    @BeforeAll
    static void start() {
        tenants = new FunctionClient(env, "TenantsFunction");
        admin = TestKeys.newAccount(env);
        Config config = env.functionConfig("SocialFunction");
        AwsClients aws = new AwsClients(config);
        table = new Table(aws::dynamoDb, config.require("TABLE_NAME"));
        social = new SocialAccounts(table, SecretCipher.fromConfig(config, aws), Clock.systemUTC());
    }

    static String tenant() {
        Response r = tenants.call("POST", "/v1/tenants", admin.raw(), "{\"name\":\"Health Bakery\",\"settings\":{\"dailyLlmBudgetUsd\":2.5}}");
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    static SocialAccount connect(String tenantId, String platform, String externalId, Instant expiresAt) {
        return connect(tenantId, platform, externalId, new Grant("secret-access-" + externalId, null, expiresAt, null, List.of(), false));
    }

    static SocialAccount connect(String tenantId, String platform, String externalId, Grant grant) {
        return social.connect(tenantId, new SocialAccounts.Connection(platform, null,
                new Connector.Offered(externalId, "health_" + platform, "Health", null, "profile", null, null), grant), false);
    }

    JsonNode health(String tenantId) {
        Response r = tenants.call("GET", "/v1/tenants/" + tenantId + "/health", admin.raw(), null);
        assertEquals(200, r.status(), r.body());
        assertFalse(r.body().contains("secret-access"), "never a token");
        return r.json();
    }

    @Test
    void healthShowsEachAccountsTokenStateAndExpiryTheBudgetAndTheLastPublishAndReport() {
        String id = tenant();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SocialAccount linkedin = connect(id, "linkedin", "urn:li:person:HC1", now.plus(Duration.ofDays(40)));
        SocialAccount threads = connect(id, "threads", "th-HC2", now.plus(Duration.ofDays(3)));
        SocialAccount mastodon = connect(id, "mastodon", "ma-HC3", (Instant) null);
        social.markReconnectRequired(id, threads.accountId(), "the platform refused to refresh the token; connect the account again");
        Instant published = now.minus(Duration.ofHours(5));
        new PublishedDeliveries(table).record(PublishedDelivery.published(id, "post_HealthCheck0000000001", "linkedin",
                linkedin.accountId(), "urn:li:share:1", null, null, published, "hello", null));
        new PublishedDeliveries(table).record(PublishedDelivery.published(id, "post_HealthCheck0000000000", "linkedin",
                linkedin.accountId(), "urn:li:share:0", null, null, published.minus(Duration.ofDays(2)), "older", null));
        Activity activity = new Activity(table);
        assertTrue(activity.recordReport(id, "weekly_report", "rpt_HealthWeekly00000001", now.minus(Duration.ofHours(1))));
        assertFalse(activity.recordReport(id, "daily_briefing", "rpt_HealthOlder000000001", now.minus(Duration.ofDays(1))),
                "an older report arriving late is not the last one");

        JsonNode h = health(id);

        assertEquals("degraded", h.path("status").asText(), h.toString());
        JsonNode accounts = h.path("socialAccounts");
        assertEquals(3, accounts.size(), h.toString());
        JsonNode li = byId(accounts, linkedin.accountId());
        assertEquals("valid", li.path("tokenState").asText());
        assertEquals(now.plus(Duration.ofDays(40)).toString(), li.path("tokenExpiresAt").asText());
        JsonNode th = byId(accounts, threads.accountId());
        assertEquals("reconnect_required", th.path("tokenState").asText());
        assertEquals("the platform refused to refresh the token; connect the account again", th.path("statusReason").asText());
        assertEquals("no_expiry", byId(accounts, mastodon.accountId()).path("tokenState").asText());
        assertEquals(threads.accountId(), h.path("socialAccountsToReconnect").path(0).path("id").asText());

        JsonNode budget = h.path("budget");
        assertEquals(2.5, budget.path("budgetUsd").asDouble());
        assertEquals(0.0, budget.path("spentUsd").asDouble());
        assertEquals(2.5, budget.path("remainingUsd").asDouble());
        assertTrue(h.path("rateLimit").path("ok").asBoolean(), h.toString());
        assertTrue(h.path("rateLimit").has("metaThrottledUntil"), h.toString());

        assertEquals(published.toString(), h.path("lastPublish").path("at").asText(), h.toString());
        assertEquals("linkedin", h.path("lastPublish").path("platform").asText());
        assertEquals("weekly_report", h.path("lastReport").path("type").asText(), h.toString());
        assertEquals("rpt_HealthWeekly00000001", h.path("lastReport").path("reportId").asText());
        assertEquals(now.minus(Duration.ofHours(1)).toString(), h.path("lastReport").path("at").asText());
    }

    @Test
    void aTokenEndingWithinAWeekIsExpiringAndAnEndedOneExpired() {
        String id = tenant();
        Instant now = Instant.now();
        SocialAccount soon = connect(id, "linkedin", "urn:li:person:HC4", now.plus(Duration.ofDays(2)));
        SocialAccount ended = connect(id, "pinterest", "pin-HC5", now.minus(Duration.ofHours(2)));

        JsonNode h = health(id);

        assertEquals("expiring", byId(h.path("socialAccounts"), soon.accountId()).path("tokenState").asText(), h.toString());
        assertEquals("expired", byId(h.path("socialAccounts"), ended.accountId()).path("tokenState").asText(), h.toString());
        assertFalse(h.path("checks").path("socialAccountsOk").asBoolean(true), "an ended token is a problem before a publish finds it");
        assertTrue(h.path("lastPublish").isNull(), "never published: null, not a made-up time");
        assertTrue(h.path("lastReport").isNull());
    }

    @Test
    void aShortLivedTokenThatEndedWithALiveRefreshTokenIsRefreshedOnUseNotAProblem() {
        String id = tenant();
        SocialAccount x = connect(id, "twitter", "x-HC6", new Grant("secret-access-x", "secret-refresh-x",
                Instant.now().minus(Duration.ofHours(1)), null, List.of(), true));

        JsonNode h = health(id);

        assertEquals("refreshed_on_use", byId(h.path("socialAccounts"), x.accountId()).path("tokenState").asText(), h.toString());
        assertTrue(h.path("checks").path("socialAccountsOk").asBoolean(), h.toString());
    }

    static JsonNode byId(JsonNode accounts, String id) {
        for (JsonNode a : accounts) {
            if (id.equals(a.path("id").asText())) {
                return a;
            }
        }
        throw new AssertionError("no account " + id + " in " + accounts);
    }
}
