package com.socialwire.social;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.Ids;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.TokenCare.CareOutcome;
import com.socialwire.social.handler.TokenCareHandler;
import com.socialwire.social.service.TokenCareSweep;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token-care sweep (TokenCareFunction's schedule) on DynamoDB Local against a token endpoint over WireMock: it
 * finds the accounts due through the care index, refreshes each once, leaves the others alone, and one account's
 * refused or failing refresh never stops the rest. Assertions are per account: other tests' accounts share the table.
 */
class TokenCareSweepIT {

    @RegisterExtension
    static WireMockExtension platform = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static SocialFixture fx;

    @BeforeAll
    static void setUp() {
        fx = new SocialFixture(platform.baseUrl());
    }

    private SocialAccount connect(String tenant, Grant grant) {
        return fx.social.store().connect(tenant, new SocialAccounts.Connection("linkedin", null,
                new Connector.Offered("urn:li:person:" + Ids.base62(8), "care", "Care", null, "profile", null, Map.of()), grant), false);
    }

    private SocialAccounts.Stored load(SocialAccount a) {
        return fx.social.store().load(a.tenantId(), a.accountId()).orElseThrow();
    }

    private void refreshAnswers(String refreshToken, String access, String nextRefresh) {
        platform.stubFor(post(urlPathEqualTo("/oauth/token")).withRequestBody(containing("refresh_token=" + refreshToken))
                .willReturn(okJson("{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + nextRefresh + "\",\"expires_in\":5184000}")));
    }

    private int refreshCalls(String refreshToken) {
        return platform.findAll(postRequestedFor(urlPathEqualTo("/oauth/token")).withRequestBody(containing("refresh_token=" + refreshToken))).size();
    }

    private TokenCareSweep sweep() {
        return new TokenCareSweep(fx.social.store(), fx.social.tokenCare(), fx.clock, Duration.ofMinutes(4));
    }

    @Test
    void aLongLivedTokenIsRefreshedWithAThirdOfItsLifeLeftAndOnlyThen() {
        String tenant = fx.tenant(fx.account().accountId());
        Instant now = fx.clock.instant();
        String r = "care-r-" + Ids.base62(8);
        SocialAccount due = connect(tenant, new Grant("care-a0", r, now.plus(Duration.ofDays(60)), null, List.of(), true));
        SocialAccount later = connect(tenant, new Grant("care-b0", "care-rb-" + Ids.base62(8), now.plus(Duration.ofDays(120)), null, List.of(), true));
        SocialAccount never = connect(tenant, new Grant("care-c0", null, null, null, List.of(), false)); // Mastodon-like
        assertEquals(now.plus(Duration.ofDays(40)), SocialAccounts.careDueAt(load(due)), "20 of its 60 days left");
        assertNull(SocialAccounts.careDueAt(load(never)), "a token that never ends needs no care");
        String r1 = "care-r1-" + Ids.base62(8);
        refreshAnswers(r, "care-a1", r1);

        sweep().run(); // nothing is due yet
        assertEquals(0, refreshCalls(r));

        fx.clock.advanceSeconds(Duration.ofDays(40).toSeconds() + 60);
        sweep().run();
        assertEquals(1, refreshCalls(r), "refreshed once, ahead of need");
        SocialAccounts.Stored after = load(due);
        assertEquals("care-a1", fx.social.store().grant(after).orElseThrow().accessToken());
        assertEquals(r1, fx.social.store().grant(after).orElseThrow().refreshToken(), "the rotated refresh token was saved");
        assertTrue(SocialAccounts.careDueAt(after).isAfter(now.plus(Duration.ofDays(53))), "care moved on with the new token");
        assertEquals("care-b0", fx.social.store().grant(load(later)).orElseThrow().accessToken(), "not due: untouched");

        sweep().run(); // and not again
        assertEquals(1, refreshCalls(r));
        assertEquals(0, refreshCalls(r1));
    }

    @Test
    void aRefusedRefreshEndsReconnectRequiredAndAFailingPlatformNeverStopsTheOthers() {
        String tenantA = fx.tenant(fx.account().accountId());
        String tenantB = fx.tenant(fx.account().accountId());
        Instant now = fx.clock.instant();
        String refused = "care-refused-" + Ids.base62(8);
        String flaky = "care-flaky-" + Ids.base62(8);
        String good = "care-good-" + Ids.base62(8);
        SocialAccount a = connect(tenantA, new Grant("x", refused, now.plus(Duration.ofDays(30)), null, List.of(), true));
        SocialAccount b = connect(tenantA, new Grant("y", flaky, now.plus(Duration.ofDays(30)), null, List.of(), true));
        SocialAccount c = connect(tenantB, new Grant("z", good, now.plus(Duration.ofDays(30)), null, List.of(), true));
        platform.stubFor(post(urlPathEqualTo("/oauth/token")).withRequestBody(containing("refresh_token=" + refused))
                .willReturn(aResponse().withStatus(400).withHeader("content-type", "application/json").withBody("{\"error\":\"invalid_grant\"}")));
        platform.stubFor(post(urlPathEqualTo("/oauth/token")).withRequestBody(containing("refresh_token=" + flaky))
                .willReturn(aResponse().withStatus(503)));
        refreshAnswers(good, "z1", "care-good-next-" + Ids.base62(8));

        fx.clock.advanceSeconds(Duration.ofDays(24).toSeconds());
        TokenCareSweep.Summary s = sweep().run();
        assertTrue(s.outcomes().getOrDefault(CareOutcome.REFRESHED, 0) >= 1, s.toString());

        assertEquals(AccountStatus.RECONNECT_REQUIRED, load(a).account().status());
        assertNull(load(a).item().get("GSI2PK"), "a reconnect_required account leaves the care index");
        assertEquals(AccountStatus.CONNECTED, load(b).account().status(), "a platform down for now is no reason to disconnect");
        assertNotNull(SocialAccounts.careDueAt(load(b)), "still due: the next sweep tries again");
        assertEquals("z1", fx.social.store().grant(load(c)).orElseThrow().accessToken(), "the other tenant's account was cared for");

        sweep().run();
        assertEquals(1, refreshCalls(refused), "a refused account is not asked again");
        assertEquals(2, refreshCalls(flaky), "a failing one is, at the next sweep");
    }

    @Test
    void boardsSharingOneRotatingGrantAreRefreshedOnceBySweepAndAllKeepTheNewChain() {
        String tenant = fx.tenant(fx.account().accountId());
        String r = "care-shared-" + Ids.base62(8);
        Grant grant = new Grant("shared-a0", r, fx.clock.instant().plus(Duration.ofDays(30)), null, List.of(), true);
        String person = "5497558" + Ids.base62(6);
        List<SocialAccount> boards = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            boards.add(fx.social.store().connect(tenant, new SocialAccounts.Connection("linkedin", null,
                    new Connector.Offered("board-" + i + "-" + Ids.base62(6), "care", "Board " + i, null, "board", null,
                            Map.of(Connector.Offered.GRANT_OWNER, person)), grant), false));
        }
        String r1 = "care-shared-next-" + Ids.base62(8);
        refreshAnswers(r, "shared-a1", r1);

        fx.clock.advanceSeconds(Duration.ofDays(24).toSeconds());
        sweep().run();
        sweep().run();

        assertEquals(1, refreshCalls(r), "one refresh for the grant the boards share");
        for (SocialAccount board : boards) {
            SocialAccounts.Stored stored = load(board);
            assertEquals(r1, fx.social.store().grant(stored).orElseThrow().refreshToken(), board.name());
            assertEquals(AccountStatus.CONNECTED, stored.account().status(), board.name());
            assertTrue(SocialAccounts.careDueAt(stored).isAfter(fx.clock.instant()), board.name() + ": care moved on");
        }
    }

    @Test
    void aTokenThePlatformCannotRefreshWaitsForItsEndThenNeedsReconnecting() {
        String tenant = fx.tenant(fx.account().accountId());
        Instant end = fx.clock.instant().plus(Duration.ofDays(60));
        SocialAccount a = connect(tenant, new Grant("no-refresh", null, end, null, List.of(), false)); // LinkedIn without programmatic refresh
        fx.clock.advanceSeconds(Duration.ofDays(54).toSeconds());
        sweep().run();
        assertEquals(end, SocialAccounts.careDueAt(load(a)), "postponed to the token's end, not asked every hour");
        assertEquals(AccountStatus.CONNECTED, load(a).account().status());
        fx.clock.advanceSeconds(Duration.ofDays(6).toSeconds() + 60);
        sweep().run();
        assertEquals(AccountStatus.RECONNECT_REQUIRED, load(a).account().status(), "ended: the tenant's health shows it");
    }

    @Test
    void theHandlerAnswersWhatTheSweepDid() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TokenCareHandler(sweep()).handleRequest(new ByteArrayInputStream("{\"source\":\"aws.events\"}".getBytes()), out,
                new com.socialwire.local.stores.LocalContext("TokenCareFunction", 512, 300));
        String body = out.toString();
        assertTrue(body.contains("\"errors\":0") && body.contains("\"budgetSpent\":false"), body);
    }
}
