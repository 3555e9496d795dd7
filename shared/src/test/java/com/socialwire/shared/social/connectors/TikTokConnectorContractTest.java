package com.socialwire.shared.social.connectors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.Config;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Connectors;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.OAuth2Client;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TikTokConnector} against stubs shaped from TikTok's documentation: the token endpoint
 * (https://developers.tiktok.com/doc/oauth-user-access-token-management, …/docs/en/oauth-refresh-a-user-access-token:
 * form {@code client_key, client_secret, code|refresh_token, grant_type, redirect_uri}; answer {@code open_id, scope,
 * access_token, expires_in, refresh_token, refresh_expires_in, token_type}; refresh tokens rotated), its errors
 * (https://developers.tiktok.com/doc/oauth-error-handling: {@code error, error_description, log_id}), and
 * {@code GET /v2/user/info/} (https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info, API errors
 * https://developers.tiktok.com/doc/tiktok-api-v2-error-handling: {@code error{code,message,log_id}}, "ok" on success).
 */
class TikTokConnectorContractTest {

    @RegisterExtension
    static WireMockExtension tt = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String CLIENT_KEY = "aw4f52prfxu4yqzx";
    static final String SECRET = "tiktok-secret-5b4a3c2d1e0f9a8b";
    static final String CODE = "qsN1d5W8E0vGSk9-JgW7PC4cWDlf8NQ2Ff5s0AQKhx0*0!4683.va";
    static final String ACCESS = "act.1d1021d2aee3d41fee2d2add43456badMFokOchYDCiLVQBMwLDqgx7Kq5Mr!4691.va";
    static final String REFRESH = "rft.713ed66c0ee3ba88a5e7c3b72e39b85d4aBnYAcNdvMRTRGdCkdo4RYgqKCyI!4712.va";
    static final String REFRESH_2 = "rft.0fb3a9a7d39c93d80f13e4f8aa1e46b2FwDBLu0jHGswzHrOtg3EUu1WqGJuM!4722.va";
    static final String OPEN_ID = "723f24d7-e717-40f8-a2b6-cb8464cd23b4";
    static final URI REDIRECT = URI.create("https://api.socialwire.test/oauth/tiktok/callback");
    static final String TOKEN = "/v2/oauth/token/";

    private final TikTokConnector connector = new TikTokConnector(new OAuth2Client(CLIENT_KEY, SECRET),
            tt.baseUrl() + "/v2/auth/authorize/", tt.baseUrl(), TikTokConnector.SCOPES, Contract.http());

    @BeforeEach
    void reset() {
        tt.resetAll();
    }

    static String tokenAnswer(String access, String refresh) {
        return """
                {"access_token":"%s","expires_in":7200,"open_id":"%s","refresh_expires_in":15552000,
                 "refresh_token":"%s","scope":"user.info.basic,user.info.profile,video.publish,video.list","token_type":"Bearer"}"""
                .formatted(access, OPEN_ID, refresh);
    }

    @Test
    void theAuthorizeUrlNamesTheClientKeyWithCommaSeparatedScopesAndNoPkce() {
        String url = connector.authorizeUrl(new Connector.Authorize("st1", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", REDIRECT, null))
                .toString();

        assertEquals(tt.baseUrl() + "/v2/auth/authorize/?response_type=code&client_key=" + CLIENT_KEY
                + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Ftiktok%2Fcallback"
                + "&scope=user.info.basic%2Cuser.info.profile%2Cvideo.publish%2Cvideo.list&state=st1", url);
        assertFalse(url.contains("client_id"), url);
    }

    @Test
    void theCodeIsExchangedWithTheClientKeyInTheFormAndTheGrantRotates() {
        tt.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(okJson(tokenAnswer(ACCESS, REFRESH))));

        Grant g = ok(connector.exchange(new Connector.Exchange(CODE, "verifier-not-sent-by-a-web-app-0123456789abcdefghijk", REDIRECT, null)));

        assertEquals(ACCESS, g.accessToken());
        assertEquals(REFRESH, g.refreshToken());
        assertEquals(NOW.plusSeconds(7200), g.expiresAt());
        assertEquals(NOW.plusSeconds(15552000), g.refreshExpiresAt(), "TikTok names it refresh_expires_in");
        assertEquals(TikTokConnector.SCOPES, g.scopes());
        assertTrue(g.rotates(), "TikTok rotates refresh tokens: TokenCare must single-flight them");
        tt.verify(postRequestedFor(urlEqualTo(TOKEN)).withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=authorization_code&code=" + java.net.URLEncoder.encode(CODE, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("*", "%2A") + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Ftiktok%2Fcallback"
                        + "&client_key=" + CLIENT_KEY + "&client_secret=" + SECRET)));
    }

    @Test
    void anExpiredOrReusedCodeIsRefusedWhetherTikTokAnswers400Or200AndNothingLeaks() {
        String refusal = "{\"error\":\"invalid_grant\",\"error_description\":\"Authorization code is expired.\",\"log_id\":\"20261204200000ABCDEF\"}";
        tt.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(refusal)));
        PlatformResult<Grant> on400 = connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null));

        tt.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(okJson(refusal)));
        PlatformResult<Grant> on200 = connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null));

        for (PlatformResult<Grant> r : List.of(on400, on200)) {
            PlatformResult.AuthFailed<?> a = assertInstanceOf(PlatformResult.AuthFailed.class, r, String.valueOf(r));
            assertEquals("invalid_grant", a.code());
            Contract.assertNoneIn(r, CODE, SECRET);
        }
        Contract.assertNoneLogged(CODE, SECRET);
    }

    @Test
    void aRefreshKeepsTheRotatedRefreshTokenAndSendsTheLatestOne() {
        tt.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(okJson(tokenAnswer("act.second", REFRESH_2))));

        Grant g = ok(connector.refresh(new Grant(ACCESS, REFRESH, NOW, NOW.plusSeconds(100), TikTokConnector.SCOPES, true), null));

        assertEquals("act.second", g.accessToken());
        assertEquals(REFRESH_2, g.refreshToken(), "the previous refresh token stops working once a new one is issued");
        assertEquals(NOW.plusSeconds(15552000), g.refreshExpiresAt());
        assertTrue(g.rotates());
        tt.verify(postRequestedFor(urlEqualTo(TOKEN)).withRequestBody(equalTo("grant_type=refresh_token&refresh_token="
                + REFRESH.replace("!", "%21") + "&client_key=" + CLIENT_KEY + "&client_secret=" + SECRET)));
    }

    @Test
    void aRevokedOrSpentRefreshTokenIsAuthFailedAndNothingLeaks() {
        tt.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token is invalid or expired.\",\"log_id\":\"2026120420\"}")));

        PlatformResult<Grant> r = connector.refresh(new Grant(ACCESS, REFRESH, NOW, null, List.of(), true), null);

        assertInstanceOf(PlatformResult.AuthFailed.class, r, String.valueOf(r));
        Contract.assertNoneIn(r, REFRESH, SECRET);
        Contract.assertNoneLogged(REFRESH, SECRET, ACCESS);
    }

    @Test
    void offeredIsTheOneCreatorWithItsUsername() {
        tt.stubFor(get(urlPathEqualTo("/v2/user/info/")).willReturn(okJson("""
                {"data":{"user":{"open_id":"%s","union_id":"c9c60f44-a68e-4f5d-84dd-ce22faeb0ba1",
                 "avatar_url":"https://p16-sign-sg.tiktokcdn.com/tos-alisg-avt-0068/abc~c5_168x168.jpeg",
                 "display_name":"Bloom Bakery","username":"bloombakery"}},
                 "error":{"code":"ok","message":"","log_id":"20261204200000000000"}}""".formatted(OPEN_ID))));

        List<Connector.Offered> offered = ok(connector.offered(new Grant(ACCESS, REFRESH, null, null, TikTokConnector.SCOPES, true), null));

        assertEquals(List.of(new Connector.Offered(OPEN_ID, "bloombakery", "Bloom Bakery",
                "https://p16-sign-sg.tiktokcdn.com/tos-alisg-avt-0068/abc~c5_168x168.jpeg", "profile", null, Map.of())), offered);
        tt.verify(getRequestedFor(urlPathEqualTo("/v2/user/info/")).withQueryParam("fields",
                equalTo("open_id,union_id,avatar_url,display_name,username")).withHeader("Authorization", equalTo("Bearer " + ACCESS)));
    }

    @Test
    void withoutTheProfileScopeTheUsernameIsNotAskedFor() {
        tt.stubFor(get(urlPathEqualTo("/v2/user/info/")).willReturn(okJson("""
                {"data":{"user":{"open_id":"%s","display_name":"Bloom Bakery"}},"error":{"code":"ok","message":"","log_id":"1"}}"""
                .formatted(OPEN_ID))));

        Connector.Offered o = ok(connector.offered(new Grant(ACCESS, null, null, null, List.of("user.info.basic", "video.publish"), true), null))
                .getFirst();

        assertEquals("Bloom Bakery", o.handle());
        assertNull(o.avatarUrl());
        tt.verify(getRequestedFor(urlPathEqualTo("/v2/user/info/")).withQueryParam("fields", equalTo("open_id,union_id,avatar_url,display_name")));
    }

    @Test
    void anInvalidTokenIsAuthFailedAndARateLimitTransientInTikToksErrorShape() {
        tt.stubFor(get(urlPathEqualTo("/v2/user/info/")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{},\"error\":{\"code\":\"access_token_invalid\",\"message\":\"The access token is invalid or not found"
                        + " in the request.\",\"log_id\":\"20261204200000000001\"}}")));
        PlatformResult.AuthFailed<?> a = assertInstanceOf(PlatformResult.AuthFailed.class,
                connector.offered(new Grant(ACCESS, null, null, null, List.of(), true), null));
        assertEquals("access_token_invalid", a.code());

        tt.stubFor(get(urlPathEqualTo("/v2/user/info/")).willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{},\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"API rate limit exceeded.\",\"log_id\":\"2\"}}")));
        PlatformResult.Transient<?> t = assertInstanceOf(PlatformResult.Transient.class,
                connector.offered(new Grant(ACCESS, null, null, null, List.of(), true), null));
        assertEquals("rate_limit_exceeded", t.code());
    }

    @Test
    void connectorsBuildsTikTokFromItsClientKeyAndConfiguredEndpoints() {
        Connectors c = Connectors.fromConfig(Config.of(Map.of("TIKTOK_CLIENT_ID", CLIENT_KEY, "TIKTOK_CLIENT_SECRET", SECRET,
                "TIKTOK_AUTHORIZE_URL", "http://localhost:9/sandbox/tiktok/authorize", "TIKTOK_API_BASE", "http://localhost:9/sandbox/tiktok")));

        Connector tiktok = c.find("tiktok").orElseThrow();
        assertTrue(tiktok.authorizeUrl(new Connector.Authorize("s", null, REDIRECT, null)).toString()
                .startsWith("http://localhost:9/sandbox/tiktok/authorize?response_type=code&client_key=" + CLIENT_KEY + "&"));
        assertEquals("TIKTOK_CLIENT_ID is set but TIKTOK_CLIENT_SECRET is not", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> Connectors.fromConfig(Config.of(Map.of("TIKTOK_CLIENT_ID", CLIENT_KEY)))).getMessage());
    }
}
