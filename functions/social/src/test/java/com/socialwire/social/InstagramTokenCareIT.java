package com.socialwire.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Connectors;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.connectors.InstagramConnector;
import com.socialwire.shared.social.oauth.OAuth2Client;
import com.socialwire.shared.social.oauth.PlatformHttp;
import com.socialwire.social.service.TokenCareSweep;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instagram's long-lived tokens under token care (the sweep of TokenCareFunction, the real {@link InstagramConnector}
 * against WireMock answering as {@code graph.instagram.com/refresh_access_token} does, DynamoDB Local): a token is
 * refreshed once it is well into its 60 days — once, however many sweeps run at the same time — and a refresh Instagram
 * refuses keeps the old token, marks the account and shows in the tenant's health.
 */
class InstagramTokenCareIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static SocialFixture fx;
    static TestKeys.Key admin;

    @BeforeAll
    static void setUp() {
        SocialFixture.TestClock clock = new SocialFixture.TestClock();
        fx = new SocialFixture(clock, Connectors.of(new InstagramConnector(new OAuth2Client("990602627938098", "ig-secret-a1b2c3"),
                meta.baseUrl() + "/oauth/authorize", meta.baseUrl() + "/oauth/access_token", meta.baseUrl(),
                InstagramConnector.SCOPES, new PlatformHttp(ProviderHttp.newClient(), Duration.ofSeconds(10), clock))));
        admin = fx.account();
    }

    @BeforeEach
    void fresh() {
        meta.resetAll();
    }

    /** A tenant whose Instagram account is connected (Instagram Login) with {@code token}, a 60-day token issued now. */
    private SocialAccount connected(String tenant, String token) {
        String igUserId = "1784" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L));
        Grant grant = new Grant(token, null, fx.clock.instant().plusSeconds(5_183_944), null, List.of("instagram_business_basic"), false);
        return fx.social.store().connect(tenant, new SocialAccounts.Connection("instagram", null,
                new Connector.Offered(igUserId, "bloombakery", "Bloom Bakery", null, "profile", null, Map.of()), grant), false);
    }

    private void refreshAnswers(String oldToken, int status, String body) {
        meta.stubFor(get(urlPathEqualTo("/refresh_access_token")).withQueryParam("grant_type", equalTo("ig_refresh_token"))
                .withQueryParam("access_token", equalTo(oldToken))
                .willReturn(aResponse().withStatus(status).withHeader("content-type", "application/json").withBody(body)));
    }

    private int refreshCalls(String oldToken) {
        return meta.findAll(getRequestedFor(urlPathEqualTo("/refresh_access_token"))
                .withQueryParam("access_token", equalTo(oldToken))).size();
    }

    private SocialAccounts.Stored load(SocialAccount a) {
        return fx.social.store().load(a.tenantId(), a.accountId()).orElseThrow();
    }

    private TokenCareSweep sweep() {
        return new TokenCareSweep(fx.social.store(), fx.social.tokenCare(), fx.clock, Duration.ofMinutes(4));
    }

    @Test
    void aFiftyDayOldInstagramTokenIsRefreshedOnceUnderEightConcurrentSweeps() throws Exception {
        String tenant = fx.tenant(admin.accountId());
        String old = "IGQVJold-" + ThreadLocalRandom.current().nextInt(1_000_000);
        SocialAccount a = connected(tenant, old);
        refreshAnswers(old, 200, "{\"access_token\":\"IGQVJnew-50d\",\"token_type\":\"bearer\",\"expires_in\":5183944}");
        fx.clock.advanceSeconds(Duration.ofDays(50).toSeconds());

        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TokenCareSweep.Summary>> runs = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return sweep().run();
                }));
            }
            start.countDown();
            for (Future<TokenCareSweep.Summary> run : runs) {
                assertEquals(0, run.get().errors(), run.get().toString());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, refreshCalls(old), "a 50-day-old token is refreshed, and once, however many sweeps run at once");
        SocialAccounts.Stored after = load(a);
        Grant saved = fx.social.store().grant(after).orElseThrow();
        assertEquals("IGQVJnew-50d", saved.accessToken(), "the one new token is the one stored");
        assertEquals(fx.clock.instant().plusSeconds(5_183_944), saved.expiresAt(), "valid 60 days from the refresh");
        assertEquals(AccountStatus.CONNECTED, after.account().status());
        assertTrue(SocialAccounts.careDueAt(after).isAfter(fx.clock.instant().plus(Duration.ofDays(30))),
                "the next care is weeks away, not the next hourly sweep: " + SocialAccounts.careDueAt(after));

        sweep().run();
        assertEquals(1, refreshCalls(old));
        assertEquals(0, refreshCalls("IGQVJnew-50d"), "a fresh token is not refreshed again");
    }

    @Test
    void aTokenRefreshedTooEarlyIsNotAskedForBeforeItIsADayOld() {
        String tenant = fx.tenant(admin.accountId());
        String token = "IGQVJyoung-" + ThreadLocalRandom.current().nextInt(1_000_000);
        SocialAccount a = connected(tenant, token);
        refreshAnswers(token, 200, "{\"access_token\":\"IGQVJnever\",\"token_type\":\"bearer\",\"expires_in\":5183944}");
        fx.clock.advanceSeconds(Duration.ofHours(23).toSeconds());
        sweep().run();
        assertEquals(0, refreshCalls(token), "Instagram refreshes only tokens at least 24 hours old");
        assertTrue(SocialAccounts.careDueAt(load(a)).isAfter(fx.clock.instant().plus(Duration.ofDays(30))));
    }

    @Test
    void anEmptyTokenInARefreshAnswerNeverReplacesTheStoredOne() {
        String tenant = fx.tenant(admin.accountId());
        String old = "IGQVJkeep-" + ThreadLocalRandom.current().nextInt(1_000_000);
        SocialAccount a = connected(tenant, old);
        refreshAnswers(old, 200, "{\"access_token\":\"\",\"token_type\":\"bearer\",\"expires_in\":5183944}");
        fx.clock.advanceSeconds(Duration.ofDays(50).toSeconds());
        sweep().run();
        assertEquals(1, refreshCalls(old));
        SocialAccounts.Stored after = load(a);
        assertEquals(old, fx.social.store().grant(after).orElseThrow().accessToken(), "the good token stays");
        assertEquals(AccountStatus.CONNECTED, after.account().status(), "an odd answer is no reason to disconnect");
    }

    @Test
    void aRefusedInstagramRefreshKeepsTheOldTokenAndFlagsTheTenantInHealth() {
        String tenant = fx.tenant(admin.accountId());
        String old = "IGQVJrefused-" + ThreadLocalRandom.current().nextInt(1_000_000);
        SocialAccount a = connected(tenant, old);
        refreshAnswers(old, 400, """
                {"error":{"message":"Error validating access token: The session has been invalidated because the user changed their password.",
                "type":"OAuthException","code":190,"error_subcode":460,"fbtrace_id":"AbCdEf123"}}""");
        fx.clock.advanceSeconds(Duration.ofDays(50).toSeconds());

        sweep().run();

        assertEquals(1, refreshCalls(old));
        SocialAccounts.Stored after = load(a);
        assertEquals(AccountStatus.RECONNECT_REQUIRED, after.account().status());
        assertEquals(old, fx.social.store().grant(after).orElseThrow().accessToken(), "the old token is kept, never blanked");

        FunctionClient.Response health = new FunctionClient(fx.env, "TenantsFunction")
                .call("GET", "/v1/tenants/" + tenant + "/health", admin.raw(), null);
        assertEquals(200, health.status(), health.body());
        JsonNode h = health.json();
        assertEquals("degraded", h.path("status").asText(), health.body());
        assertFalse(h.path("checks").path("tokenValid").asBoolean(true), health.body());
        assertEquals(a.accountId(), h.path("socialAccountsToReconnect").path(0).path("id").asText(), health.body());
        assertFalse(health.body().contains(old), "no token in the answer");
        assertFalse(health.body().contains("password"), "not Instagram's text either");

        sweep().run();
        assertEquals(1, refreshCalls(old), "a flagged account is not asked again");
    }
}
