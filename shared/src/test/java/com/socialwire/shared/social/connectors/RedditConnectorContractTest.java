package com.socialwire.shared.social.connectors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.OAuth2Client;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.socialwire.shared.social.connectors.Contract.NOW;
import static com.socialwire.shared.social.connectors.Contract.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link RedditConnector} against stubs shaped from Reddit's OAuth2 wiki (github.com/reddit-archive/reddit/wiki/OAuth2:
 * authorize with {@code duration=permanent}, {@code POST /api/v1/access_token} with HTTP Basic, refresh answers no new
 * refresh token) and www.reddit.com/dev/api ({@code GET /api/v1/me}, {@code GET /subreddits/mine/{where}} Listings of
 * t5 things); the User-Agent Reddit requires on every call (github.com/reddit-archive/reddit/wiki/API).
 */
class RedditConnectorContractTest {

    @RegisterExtension
    static WireMockExtension reddit = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String CLIENT_ID = "p-jcoLKBynTLew";
    static final String SECRET = "gko_LXELoV07ZBNUXrvWZfzE3aI";
    static final String CODE = "Hc9pLRd2s6nNyT8Qp3sUvW0x1yZ";
    static final String ACCESS = "eyJhbGciOiJSUzI1NiIsImtpZCI6IlNIQTI1NjpzS3dsMnlsV0VtMjVmcXhwTU40cWY4MXE2OWFFdWFyMnpLMUdhVGxjdWNZIiwidHlwIjoiSldUIn0";
    static final String REFRESH = "12345678-reddit-refresh-Zx9YwVu";
    static final String USER_AGENT = "web:socialwire:1.0 (by /u/socialwire_app)";
    static final URI REDIRECT = URI.create("https://api.socialwire.test/oauth/reddit/callback");
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + SECRET).getBytes());

    private RedditConnector connector;

    @BeforeEach
    void setUp() {
        reddit.resetAll();
        connector = new RedditConnector(new OAuth2Client(CLIENT_ID, SECRET), reddit.baseUrl(), reddit.baseUrl(),
                RedditConnector.SCOPES, USER_AGENT, Contract.http());
    }

    @Test
    void theAuthorizeUrlAsksForAPermanentGrant() {
        assertEquals(reddit.baseUrl() + "/api/v1/authorize?response_type=code&client_id=" + CLIENT_ID
                        + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Freddit%2Fcallback"
                        + "&scope=identity%20submit%20read%20history%20mysubreddits&state=r1&duration=permanent",
                connector.authorizeUrl(new Connector.Authorize("r1", null, REDIRECT, null)).toString());
    }

    @Test
    void aConnectorWithoutAUserAgentIsRefusedAtColdStart() {
        assertThrows(IllegalArgumentException.class, () -> new RedditConnector(new OAuth2Client(CLIENT_ID, SECRET), reddit.baseUrl(),
                reddit.baseUrl(), RedditConnector.SCOPES, " ", Contract.http()));
    }

    @Test
    void theCodeIsExchangedWithBasicAuthAndTheUserAgent() {
        reddit.stubFor(post(urlPathEqualTo("/api/v1/access_token")).willReturn(okJson("""
                {"access_token":"%s","token_type":"bearer","expires_in":86400,"refresh_token":"%s",
                 "scope":"identity submit read history mysubreddits"}""".formatted(ACCESS, REFRESH))));

        Grant g = ok(connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null)));

        assertEquals(ACCESS, g.accessToken());
        assertEquals(REFRESH, g.refreshToken());
        assertEquals(NOW.plusSeconds(86400), g.expiresAt());
        assertEquals(RedditConnector.SCOPES, g.scopes());
        assertFalse(g.rotates());
        reddit.verify(postRequestedFor(urlEqualTo("/api/v1/access_token")).withHeader("Authorization", equalTo(BASIC))
                .withHeader("User-Agent", equalTo(USER_AGENT))
                .withRequestBody(equalTo("grant_type=authorization_code&code=" + CODE
                        + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Freddit%2Fcallback")));
    }

    @Test
    void aRefreshKeepsThePermanentRefreshToken() {
        reddit.stubFor(post(urlPathEqualTo("/api/v1/access_token")).willReturn(okJson("""
                {"access_token":"reddit-access-2","token_type":"bearer","expires_in":86400,"scope":"identity submit read history mysubreddits"}""")));

        Grant g = ok(connector.refresh(new Grant(ACCESS, REFRESH, NOW, null, RedditConnector.SCOPES, false), null));

        assertEquals("reddit-access-2", g.accessToken());
        assertEquals(REFRESH, g.refreshToken(), "Reddit answers no new refresh token: the permanent one is kept");
        reddit.verify(postRequestedFor(urlEqualTo("/api/v1/access_token")).withHeader("Authorization", equalTo(BASIC))
                .withHeader("User-Agent", equalTo(USER_AGENT))
                .withRequestBody(equalTo("grant_type=refresh_token&refresh_token=" + REFRESH)));
    }

    @Test
    void aRevokedRefreshTokenIsAuthFailedAndNothingLeaks() {
        reddit.stubFor(post(urlPathEqualTo("/api/v1/access_token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"invalid_grant\"}")));

        PlatformResult<Grant> r = connector.refresh(new Grant(ACCESS, REFRESH, NOW, null, List.of(), false), null);

        assertInstanceOf(PlatformResult.AuthFailed.class, r);
        Contract.assertNoneIn(r, REFRESH, SECRET, BASIC.substring(6));
        Contract.assertNoneLogged(REFRESH, SECRET, ACCESS, CODE, BASIC.substring(6));
    }

    @Test
    void offeredIsTheProfileAndTheSubredditsModeratedOrSubscribedEachOnce() {
        reddit.stubFor(get(urlPathEqualTo("/api/v1/me")).willReturn(okJson("""
                {"name":"bloombakery","id":"1w72","icon_img":"https://styles.redditmedia.com/t5_2x/styles/profileIcon_a.png?width=256&s=1",
                 "created_utc":1500000000.0,"link_karma":120,"comment_karma":45,"is_mod":true,
                 "subreddit":{"display_name":"u_bloombakery","title":"Bloom","subreddit_type":"user"}}""")));
        reddit.stubFor(get(urlPathEqualTo("/subreddits/mine/moderator")).willReturn(okJson("""
                {"kind":"Listing","data":{"after":null,"dist":1,"modhash":null,"before":null,"children":[
                 {"kind":"t5","data":{"display_name":"BloomBakery","title":"Bloom Bakery","name":"t5_7kq1",
                  "community_icon":"https://styles.redditmedia.com/t5_7kq1/styles/communityIcon_b.png","icon_img":"",
                  "subreddit_type":"public","display_name_prefixed":"r/BloomBakery"}}]}}""")));
        reddit.stubFor(get(urlPathEqualTo("/subreddits/mine/subscriber")).willReturn(okJson("""
                {"kind":"Listing","data":{"after":null,"dist":3,"modhash":null,"before":null,"children":[
                 {"kind":"t5","data":{"display_name":"Breadit","title":"Breadit","name":"t5_2rb4","community_icon":"","icon_img":"","subreddit_type":"public"}},
                 {"kind":"t5","data":{"display_name":"BloomBakery","title":"Bloom Bakery","name":"t5_7kq1","subreddit_type":"public"}},
                 {"kind":"t5","data":{"display_name":"u_someoneelse","title":"","name":"t5_9zz","subreddit_type":"user"}}]}}""")));

        List<Connector.Offered> offered = ok(connector.offered(new Grant(ACCESS, REFRESH, null, null, List.of(), false), null));

        assertEquals(List.of(
                new Connector.Offered("u_bloombakery", "u/bloombakery", "bloombakery",
                        "https://styles.redditmedia.com/t5_2x/styles/profileIcon_a.png?width=256&s=1", "profile", null, Map.of("username", "bloombakery")),
                new Connector.Offered("BloomBakery", "r/BloomBakery", "Bloom Bakery", "https://styles.redditmedia.com/t5_7kq1/styles/communityIcon_b.png",
                        "subreddit", null, Map.of("role", "moderator", "subredditType", "public")),
                new Connector.Offered("Breadit", "r/Breadit", "Breadit", null, "subreddit", null, Map.of("role", "subscriber", "subredditType", "public"))),
                offered);
        assertNull(offered.get(2).avatarUrl());
        reddit.verify(getRequestedFor(urlPathEqualTo("/api/v1/me")).withHeader("Authorization", equalTo("Bearer " + ACCESS))
                .withHeader("User-Agent", equalTo(USER_AGENT)));
        reddit.verify(getRequestedFor(urlPathEqualTo("/subreddits/mine/subscriber")).withQueryParam("limit", equalTo("100"))
                .withHeader("User-Agent", equalTo(USER_AGENT)));
    }

    @Test
    void tooManyRequestsIsTransientForRedditsWindow() {
        reddit.stubFor(get(urlPathEqualTo("/api/v1/me")).willReturn(aResponse().withStatus(429).withHeader("x-ratelimit-used", "100")
                .withHeader("x-ratelimit-remaining", "0.0").withHeader("x-ratelimit-reset", "42")
                .withBody("{\"message\": \"Too Many Requests\", \"error\": 429}")));

        PlatformResult.Transient<?> t = assertInstanceOf(PlatformResult.Transient.class,
                connector.offered(new Grant(ACCESS, null, null, null, List.of(), false), null));

        assertEquals(42, t.retryAfterSeconds());
    }
}
