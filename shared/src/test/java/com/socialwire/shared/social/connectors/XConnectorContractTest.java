package com.socialwire.shared.social.connectors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.OAuth2Client;
import com.socialwire.shared.social.oauth.PlatformHttp;
import com.socialwire.shared.social.oauth.Pkce;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Instant;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link XConnector} against WireMock stubs shaped like docs.x.com's OAuth 2.0 (PKCE, confidential client) pages. */
class XConnectorContractTest {

    @RegisterExtension
    static WireMockExtension x = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final Instant NOW = Contract.NOW;
    static final String CLIENT_ID = "rG9n6402A3dbUJKzXTNX4oWHJ";
    static final String SECRET = "x-client-secret-9f8e7d6c5b4a";
    static final String CODE = "VGNibzFWSWREZm01bjN1N3dicWlNUG1oa2xRRVNNdmVHelJGY2hPWGxNd2dxOjE2MjIxNjA4MjU4MjU6MToxOmFjOjE";
    static final String ACCESS = "Q0Mzb0VhZ0V5dmNXSTEyNER2MFNfVW50RzdXdTN6STFxQlVkTGhTc1lCdlBiOjE2MjIxNDc3NDM5MTQ6MToxOmF0OjE";
    static final String REFRESH = "bWRWa3gzdnk3WHRGU1o0bmRRcTJ5VUxWX1lZTDdJSUtmaWcxbTVxdEFXcW5tOjE2MjIxNDc3NDM5MTQ6MToxOnJ0OjE";
    static final String REFRESH_2 = "cmVmcmVzaC10d28tZm9yLXRoZS1yb3RhdGVkLWNoYWluLTEyMzQ1Njc4OTA";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final URI REDIRECT = URI.create("https://api.socialwire.test/oauth/twitter/callback");
    static final String BASIC = "Basic " + java.util.Base64.getEncoder().encodeToString((CLIENT_ID + ":" + SECRET).getBytes());

    private final PlatformHttp http = Contract.http();
    private final XConnector connector = new XConnector(new OAuth2Client(CLIENT_ID, SECRET),
            x.baseUrl() + "/i/oauth2/authorize", x.baseUrl(), XConnector.SCOPES, http);

    @Test
    void theAuthorizeUrlCarriesEveryParameterXDocumentsWithS256() {
        String challenge = Pkce.challenge(VERIFIER);
        URI url = connector.authorizeUrl(new Connector.Authorize("st-123", challenge, REDIRECT, null));

        assertEquals(x.baseUrl() + "/i/oauth2/authorize?response_type=code&client_id=" + CLIENT_ID
                + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Ftwitter%2Fcallback"
                + "&scope=tweet.read%20tweet.write%20users.read%20offline.access%20media.write"
                + "&state=st-123&code_challenge=" + challenge + "&code_challenge_method=S256", url.toString());
        // RFC 7636 appendix B's example pair
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", challenge);
    }

    @Test
    void pkceIsMandatoryOnX() {
        assertThrows(IllegalArgumentException.class,
                () -> connector.authorizeUrl(new Connector.Authorize("st", null, REDIRECT, null)));
        PlatformResult<Grant> r = connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null));
        assertInstanceOf(PlatformResult.Rejected.class, r);
        assertEquals(0, x.getAllServeEvents().size(), "nothing may be sent without the verifier");
    }

    @Test
    void theCodeIsExchangedWithBasicAuthAndTheVerifierInTheForm() {
        x.stubFor(post(urlPathEqualTo("/2/oauth2/token")).willReturn(okJson("""
                {"token_type":"bearer","expires_in":7200,"access_token":"%s","scope":"tweet.read tweet.write users.read offline.access media.write","refresh_token":"%s"}"""
                .formatted(ACCESS, REFRESH))));

        PlatformResult<Grant> r = connector.exchange(new Connector.Exchange(CODE, VERIFIER, REDIRECT, null));

        Grant g = assertInstanceOf(PlatformResult.Ok.class, r).value() instanceof Grant gr ? gr : null;
        assertEquals(ACCESS, g.accessToken());
        assertEquals(REFRESH, g.refreshToken());
        assertEquals(NOW.plusSeconds(7200), g.expiresAt());
        assertNull(g.refreshExpiresAt());
        assertEquals(XConnector.SCOPES, g.scopes());
        assertTrue(g.rotates(), "X refresh tokens are single use");
        x.verify(postRequestedFor(urlEqualTo("/2/oauth2/token"))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=authorization_code&code=" + CODE
                        + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Ftwitter%2Fcallback&code_verifier=" + VERIFIER)));
    }

    @Test
    void aRefreshRotatesTheRefreshToken() {
        x.stubFor(post(urlPathEqualTo("/2/oauth2/token")).willReturn(okJson("""
                {"token_type":"bearer","expires_in":7200,"access_token":"new-access-7b1c","scope":"tweet.read tweet.write users.read offline.access media.write","refresh_token":"%s"}"""
                .formatted(REFRESH_2))));
        Grant old = new Grant(ACCESS, REFRESH, NOW.minusSeconds(5), null, XConnector.SCOPES, true);

        Grant fresh = ok(connector.refresh(old, null));

        assertEquals("new-access-7b1c", fresh.accessToken());
        assertEquals(REFRESH_2, fresh.refreshToken());
        assertEquals(NOW.plusSeconds(7200), fresh.expiresAt());
        x.verify(postRequestedFor(urlEqualTo("/2/oauth2/token")).withHeader("Authorization", equalTo(BASIC))
                .withRequestBody(equalTo("grant_type=refresh_token&refresh_token=" + REFRESH)));
    }

    @Test
    void aRefreshAnsweredWithoutARefreshTokenKeepsTheOldOne() {
        x.stubFor(post(urlPathEqualTo("/2/oauth2/token")).willReturn(okJson("""
                {"token_type":"bearer","expires_in":7200,"access_token":"new-access-7b1c"}""")));
        Grant fresh = ok(connector.refresh(new Grant(ACCESS, REFRESH, NOW, null, XConnector.SCOPES, true), null));
        assertEquals(REFRESH, fresh.refreshToken());
        assertEquals(XConnector.SCOPES, fresh.scopes());
    }

    @Test
    void aSpentRefreshTokenIsAuthFailedAndNeverQuoted() {
        // X answers a reused refresh token with invalid_request, quoting nothing we can rely on
        x.stubFor(post(urlPathEqualTo("/2/oauth2/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_request\",\"error_description\":\"Value passed for the token was invalid: " + REFRESH + "\"}")));

        PlatformResult<Grant> r = connector.refresh(new Grant(ACCESS, REFRESH, NOW, null, List.of(), true), null);

        PlatformResult.AuthFailed<Grant> failed = assertInstanceOf(PlatformResult.AuthFailed.class, r);
        assertEquals(400, failed.httpStatus());
        assertFalse(failed.message().contains(REFRESH), failed.message());
        assertTrue(failed.message().contains("[redacted]"), failed.message());
        assertNoSecretLogged();
    }

    @Test
    void invalidGrantIsAuthFailed() {
        x.stubFor(post(urlPathEqualTo("/2/oauth2/token")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"code expired\"}")));
        assertInstanceOf(PlatformResult.AuthFailed.class, connector.exchange(new Connector.Exchange(CODE, VERIFIER, REDIRECT, null)));
    }

    @Test
    void tooManyRequestsIsTransientWithXsResetTime() {
        x.stubFor(post(urlPathEqualTo("/2/oauth2/token")).willReturn(aResponse().withStatus(429)
                .withHeader("x-rate-limit-reset", Long.toString(NOW.getEpochSecond() + 840))
                .withBody("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}")));

        PlatformResult.Transient<Grant> t = assertInstanceOf(PlatformResult.Transient.class,
                connector.refresh(new Grant(ACCESS, REFRESH, NOW, null, List.of(), true), null));
        assertEquals(429, t.httpStatus());
        assertEquals(840, t.retryAfterSeconds());
    }

    @Test
    void aReadTimeoutOnTheTokenCallIsUnknownAndOnUsersMeTransient() {
        x.stubFor(post(urlPathEqualTo("/2/oauth2/token")).willReturn(okJson("{\"access_token\":\"late\"}").withFixedDelay(Contract.SLOW_MS)));
        x.stubFor(get(urlPathEqualTo("/2/users/me")).willReturn(okJson("{\"data\":{\"id\":\"1\"}}").withFixedDelay(Contract.SLOW_MS)));
        XConnector impatient = new XConnector(new OAuth2Client(CLIENT_ID, SECRET), x.baseUrl() + "/i/oauth2/authorize",
                x.baseUrl(), XConnector.SCOPES, Contract.impatientHttp());

        PlatformResult<Grant> refresh = impatient.refresh(new Grant(ACCESS, REFRESH, NOW, null, List.of(), true), null);
        PlatformResult<List<Connector.Offered>> me = impatient.offered(new Grant(ACCESS, REFRESH, NOW, null, List.of(), true), null);

        // the refresh may have spent the single-use refresh token: the caller must not treat it as refused
        PlatformResult.Unknown<Grant> unknown = assertInstanceOf(PlatformResult.Unknown.class, refresh);
        assertTrue(unknown.message().startsWith("POST /2/oauth2/token: no answer within 300 ms"), unknown.message());
        assertInstanceOf(PlatformResult.Transient.class, me, "a read is safe to repeat");
        Contract.assertNoneIn(refresh, REFRESH, ACCESS, SECRET);
    }

    @Test
    void offeredIsTheOneProfileOfUsersMe() {
        x.stubFor(get(urlPathEqualTo("/2/users/me")).willReturn(okJson("""
                {"data":{"id":"2244994945","name":"Developers","username":"XDevelopers","profile_image_url":"https://pbs.twimg.com/profile_images/1/x_normal.jpg"}}""")));

        List<Connector.Offered> offered = ok(connector.offered(new Grant(ACCESS, REFRESH, NOW, null, List.of(), true), null));

        assertEquals(List.of(new Connector.Offered("2244994945", "XDevelopers", "Developers",
                "https://pbs.twimg.com/profile_images/1/x_normal.jpg", "profile", null, Map.of())), offered);
        x.verify(getRequestedFor(urlEqualTo("/2/users/me?user.fields=profile_image_url"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS)));
    }

    @Test
    void aRevokedTokenOnUsersMeIsAuthFailed() {
        x.stubFor(get(urlPathEqualTo("/2/users/me")).willReturn(aResponse().withStatus(401)
                .withBody("{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}")));
        assertInstanceOf(PlatformResult.AuthFailed.class, connector.offered(new Grant(ACCESS, null, null, null, List.of(), false), null));
    }

    static <T> T ok(PlatformResult<T> r) {
        return Contract.ok(r);
    }

    static void assertNoSecretLogged() {
        Contract.assertNoneLogged(SECRET, CODE, ACCESS, REFRESH, REFRESH_2, VERIFIER, BASIC.substring(6));
    }
}
