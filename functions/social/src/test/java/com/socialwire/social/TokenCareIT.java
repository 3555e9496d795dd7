package com.socialwire.social;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.socialwire.shared.Ids;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.TokenCare;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link TokenCare} on DynamoDB Local (as SocialFunction) against a token endpoint over WireMock that rotates refresh
 * tokens and refuses a reused one, as X, TikTok, Bluesky and Pinterest do (platforms.md §0.2).
 */
class TokenCareIT {

    @RegisterExtension
    static WireMockExtension platform = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static SocialFixture fx;
    String tenant;
    String r0;
    String r1;
    String a1;

    @BeforeAll
    static void setUp() {
        fx = new SocialFixture(platform.baseUrl());
    }

    @BeforeEach
    void tokens() {
        platform.resetAll();
        tenant = fx.tenant(fx.account().accountId());
        r0 = "refresh-0-" + Ids.base62(8);
        r1 = "refresh-1-" + Ids.base62(8);
        a1 = "access-1-" + Ids.base62(8);
    }

    /** An account whose access token expires in a minute (inside the refresh margin), refresh token {@link #r0}. */
    SocialAccount expiringAccount() {
        Grant grant = new Grant("access-0", r0, Instant.now().plusSeconds(60), null, List.of("posts.write"), true);
        return fx.social.store().connect(tenant, new SocialAccounts.Connection("linkedin", null,
                new Connector.Offered("urn:li:person:" + Ids.base62(6), "rot", "Rot", null, "profile", null, Map.of()), grant), false);
    }

    /** The token endpoint: {@link #r0} once gives {@link #a1}/{@link #r1}; {@link #r0} again is refused, as a reused refresh token. */
    void rotatingTokenEndpoint() {
        platform.stubFor(post(urlPathEqualTo("/oauth/token")).inScenario("rotation").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("refresh_token=" + r0))
                .willReturn(okJson("{\"access_token\":\"" + a1 + "\",\"refresh_token\":\"" + r1 + "\",\"expires_in\":7200}")
                        .withFixedDelay(200)) // long enough that the others arrive while it runs
                .willSetStateTo("rotated"));
        platform.stubFor(post(urlPathEqualTo("/oauth/token")).inScenario("rotation").whenScenarioStateIs("rotated")
                .withRequestBody(containing("refresh_token=" + r0))
                .willReturn(aResponse().withStatus(400).withHeader("content-type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"refresh token reused\"}")));
    }

    /** Runs {@code n} token requests at once ({@code task} of each index) and checks that each answers {@link #a1}. */
    void allGetTheNewToken(int n, java.util.function.IntFunction<Callable<PlatformResult<String>>> task) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<PlatformResult<String>>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<PlatformResult<String>> one = task.apply(i);
                results.add(pool.submit(() -> {
                    go.await();
                    return one.call();
                }));
            }
            go.countDown();
            for (Future<PlatformResult<String>> f : results) {
                assertEquals(new PlatformResult.Ok<>(a1), f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twentyConcurrentRefreshersMakeOneRefreshCallAndAllGetTheNewToken() throws Exception {
        SocialAccount account = expiringAccount();
        rotatingTokenEndpoint();
        TokenCare care = fx.social.tokenCare();
        allGetTheNewToken(20, i -> () -> care.validToken(account));
        assertEquals(1, platform.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))
                .withRequestBody(containing("grant_type=refresh_token"))).size(), "exactly one refresh call");
        SocialAccounts.Stored stored = fx.social.store().load(tenant, account.accountId()).orElseThrow();
        Grant saved = fx.social.store().grant(stored).orElseThrow();
        assertEquals(r1, saved.refreshToken(), "the rotated refresh token was saved");
        assertEquals(a1, saved.accessToken());
        assertEquals(AccountStatus.CONNECTED, stored.account().status());
        assertNull(stored.item().get("refreshLeaseOwner"), "the lease ended with the save");
        // and the chain still works: no refresh is due now
        assertEquals(new PlatformResult.Ok<>(a1), care.validToken(account));
        assertEquals(1, platform.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))).size());
    }

    /** Three boards of one person, connected from one pending selection: one grant ({@link #r0}) shared by all three. */
    List<SocialAccount> boardsOfOnePerson() {
        Grant grant = new Grant("access-0", r0, Instant.now().plusSeconds(60), null, List.of("pins:write"), true);
        String person = "5497558" + Ids.base62(6);
        List<SocialAccount> boards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            boards.add(fx.social.store().connect(tenant, new SocialAccounts.Connection("linkedin", null,
                    new Connector.Offered("board-" + i + "-" + Ids.base62(6), "acme", "Board " + i, null, "board", null,
                            Map.of(Connector.Offered.GRANT_OWNER, person)), grant), false));
        }
        return boards;
    }

    @Test
    void boardsSharingOneRotatingGrantRefreshOnceAndNoneIsLeftWithTheSpentRefreshToken() throws Exception {
        List<SocialAccount> boards = boardsOfOnePerson();
        rotatingTokenEndpoint();
        TokenCare care = fx.social.tokenCare();
        allGetTheNewToken(12, i -> () -> care.validToken(boards.get(i % boards.size())));
        assertEquals(1, platform.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))
                .withRequestBody(containing("grant_type=refresh_token"))).size(), "one refresh for the grant the boards share");
        for (SocialAccount board : boards) {
            SocialAccounts.Stored stored = fx.social.store().load(tenant, board.accountId()).orElseThrow();
            assertEquals(AccountStatus.CONNECTED, stored.account().status(), board.name());
            Grant saved = fx.social.store().grant(stored).orElseThrow();
            assertEquals(r1, saved.refreshToken(), board.name() + " has the rotated refresh token");
            assertEquals(a1, saved.accessToken(), board.name());
        }
    }

    @Test
    void reconnectingOneBoardHandsTheNewGrantToTheOtherBoardsOfThatPerson() {
        List<SocialAccount> boards = boardsOfOnePerson();
        String person = fx.social.store().load(tenant, boards.get(0).accountId()).orElseThrow().item().get("grantOwner").s();
        // the person connects again and chooses only the first board: a new grant, a new refresh chain
        Grant fresh = new Grant("access-5", "refresh-5-" + Ids.base62(6), Instant.now().plusSeconds(3600), null, List.of("pins:write"), true);
        SocialAccount first = boards.get(0);
        fx.social.store().connect(tenant, new SocialAccounts.Connection("linkedin", null, new Connector.Offered(first.externalId(),
                "acme", first.name(), null, "board", null, Map.of(Connector.Offered.GRANT_OWNER, person)), fresh), false);
        for (SocialAccount board : boards) {
            Grant saved = fx.social.store().grant(fx.social.store().load(tenant, board.accountId()).orElseThrow()).orElseThrow();
            assertEquals(fresh.refreshToken(), saved.refreshToken(), board.name() + " holds the person's one grant");
        }
    }

    @Test
    void aRefusedRefreshOfASharedGrantMarksEveryBoardSharingItReconnectRequired() {
        List<SocialAccount> boards = boardsOfOnePerson();
        platform.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(400)
                .withHeader("content-type", "application/json").withBody("{\"error\":\"invalid_grant\"}")));
        assertInstanceOf(PlatformResult.AuthFailed.class, fx.social.tokenCare().validToken(boards.get(0)));
        for (SocialAccount board : boards) {
            assertEquals(AccountStatus.RECONNECT_REQUIRED, fx.social.store().load(tenant, board.accountId()).orElseThrow()
                    .account().status(), board.name());
        }
        assertEquals(1, platform.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))).size());
    }

    @Test
    void aRefusedRefreshMarksTheAccountReconnectRequired() {
        SocialAccount account = expiringAccount();
        platform.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(400)
                .withHeader("content-type", "application/json").withBody("{\"error\":\"invalid_grant\"}")));
        PlatformResult<String> r = fx.social.tokenCare().validToken(account);
        assertInstanceOf(PlatformResult.AuthFailed.class, r);
        SocialAccount after = fx.social.store().load(tenant, account.accountId()).orElseThrow().account();
        assertEquals(AccountStatus.RECONNECT_REQUIRED, after.status());
        assertEquals("the platform refused to refresh the token; connect the account again", after.statusReason());
        assertInstanceOf(PlatformResult.AuthFailed.class, fx.social.tokenCare().validToken(account));
        assertEquals(1, platform.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))).size(), "no refresh once refused");
    }

    @Test
    void aTransientRefreshFailureLeavesTheAccountConnectedWithItsToken() {
        SocialAccount account = expiringAccount();
        platform.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(503)));
        assertEquals(new PlatformResult.Ok<>("access-0"), fx.social.tokenCare().validToken(account),
                "the old token still works for a minute");
        SocialAccounts.Stored stored = fx.social.store().load(tenant, account.accountId()).orElseThrow();
        assertEquals(AccountStatus.CONNECTED, stored.account().status());
        assertEquals(r0, fx.social.store().grant(stored).orElseThrow().refreshToken());
        assertNull(stored.item().get("refreshLeaseOwner"), "the lease was given back");
    }

    @Test
    void aRefreshAnsweringNoNewRefreshTokenKeepsTheGoodOne() {
        SocialAccount account = expiringAccount();
        platform.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(okJson(
                "{\"access_token\":\"" + a1 + "\",\"refresh_token\":\"\",\"expires_in\":3600}")));
        assertEquals(new PlatformResult.Ok<>(a1), fx.social.tokenCare().validToken(account));
        Grant saved = fx.social.store().grant(fx.social.store().load(tenant, account.accountId()).orElseThrow()).orElseThrow();
        assertEquals(r0, saved.refreshToken(), "an empty refresh token never replaces a good one");
    }

    @Test
    void concurrentConnectsOfOnePlatformAccountMakeOneAccountAndOneDefault() throws Exception {
        int n = 5;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<SocialAccount>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int k = i;
                results.add(pool.submit(() -> {
                    go.await();
                    return fx.social.store().connect(tenant, new SocialAccounts.Connection("linkedin", null,
                            new Connector.Offered("urn:li:person:same", "same" + k, "Same", null, "profile", null, Map.of()),
                            new Grant("access-" + k, "refresh-" + k, null, null, List.of(), false)), false);
                }));
            }
            go.countDown();
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (Future<SocialAccount> f : results) {
                ids.add(f.get().accountId());
            }
            assertEquals(1, ids.size(), "one account for one platform account: " + ids);
        } finally {
            pool.shutdownNow();
        }
        List<SocialAccount> all = fx.social.store().all(tenant);
        assertEquals(1, all.size());
        assertEquals(true, all.get(0).isDefault());
        assertEquals(n, all.get(0).version(), "each connect replaced it once");
    }
}
