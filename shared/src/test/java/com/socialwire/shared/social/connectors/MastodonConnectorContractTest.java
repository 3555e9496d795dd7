package com.socialwire.shared.social.connectors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.PlatformCallFailed;
import com.socialwire.shared.social.oauth.Pkce;
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
import static com.socialwire.shared.social.connectors.Contract.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link MastodonConnector} against stubs shaped from mastodon/documentation's apps, oauth and accounts pages. */
class MastodonConnectorContractTest {

    @RegisterExtension
    static WireMockExtension masto = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String CLIENT_ID = "TWhM-tNSuncnqN7DBJmoyeLnk6K3iJJ71KKXxgL1hPM";
    static final String SECRET = "ZEaFUFmF0umgBX1qKJDjaU99Q31lDkOU8NutzTOoliw";
    static final String CODE = "qDFUEaYrRK5c-HNmTCJbAzazwLRInJ7VHFat0wcMgCU";
    static final String TOKEN = "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final URI REDIRECT = URI.create("https://api.socialwire.test/oauth/mastodon/callback");
    static final String ENCODED_REDIRECT = "https%3A%2F%2Fapi.socialwire.test%2Foauth%2Fmastodon%2Fcallback";
    static final String APP = """
            {"id":"563419","name":"Socialwire","website":"https://socialwire.test","scopes":["read:accounts","read:statuses","write:statuses","write:media"],
             "redirect_uri":"%s","redirect_uris":["%s"],"client_id":"%s","client_secret":"%s","client_secret_expires_at":0}"""
            .formatted(REDIRECT, REDIRECT, CLIENT_ID, SECRET);

    private final MastodonApps apps = new InMemoryMastodonApps();
    private final MastodonConnector connector = new MastodonConnector(apps, "Socialwire", "https://socialwire.test",
            MastodonConnector.SCOPES, true, Contract.http());
    private final String instance = masto.baseUrl();

    @Test
    void theAppIsRegisteredOncePerInstanceAndTheAuthorizeUrlTakesPkce() {
        masto.stubFor(post(urlPathEqualTo("/api/v1/apps")).willReturn(okJson(APP)));
        String challenge = Pkce.challenge(VERIFIER);

        URI first = connector.authorizeUrl(new Connector.Authorize("m1", challenge, REDIRECT, instance));
        URI second = connector.authorizeUrl(new Connector.Authorize("m2", challenge, REDIRECT, instance.toUpperCase() + "/"));

        assertEquals(instance + "/oauth/authorize?response_type=code&client_id=" + CLIENT_ID + "&redirect_uri=" + ENCODED_REDIRECT
                + "&scope=read%3Aaccounts%20read%3Astatuses%20write%3Astatuses%20write%3Amedia%20read%3Anotifications&state=m1&code_challenge="
                + challenge + "&code_challenge_method=S256", first.toString());
        assertEquals(first.toString().replace("state=m1", "state=m2"), second.toString());
        masto.verify(1, postRequestedFor(urlEqualTo("/api/v1/apps")));
        masto.verify(postRequestedFor(urlEqualTo("/api/v1/apps"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("client_name=Socialwire&redirect_uris=" + ENCODED_REDIRECT
                        + "&scopes=read%3Aaccounts%20read%3Astatuses%20write%3Astatuses%20write%3Amedia%20read%3Anotifications"
                        + "&website=https%3A%2F%2Fsocialwire.test")));
    }

    @Test
    void aRefusedRegistrationFailsTheConnectWithTheInstancesReason() {
        masto.stubFor(post(urlPathEqualTo("/api/v1/apps")).willReturn(aResponse().withStatus(422)
                .withBody("{\"error\":\"Validation failed: Redirect URI must be an absolute URI.\"}")));

        PlatformCallFailed e = assertThrows(PlatformCallFailed.class,
                () -> connector.authorizeUrl(new Connector.Authorize("m1", Pkce.challenge(VERIFIER), REDIRECT, instance)));
        assertInstanceOf(PlatformResult.Rejected.class, e.result());
        assertEquals(422, ((PlatformResult.Rejected<?>) e.result()).httpStatus());
        assertEquals(java.util.Optional.empty(), apps.find(new MastodonApps.Key(connector.origin(instance), REDIRECT.toString(),
                MastodonConnector.SCOPES)));
    }

    @Test
    void anInstanceThatIsNotAnHttpsDnsNameIsRefusedBeforeAnyCall() {
        MastodonConnector strict = new MastodonConnector(apps, "Socialwire", null, MastodonConnector.SCOPES, false, Contract.http());
        for (String bad : List.of(instance, "http://mastodon.social", "https://169.254.169.254", "https://u:p@mastodon.social",
                "https://mastodon.social/@someone", "mastodon", "")) {
            assertThrows(IllegalArgumentException.class,
                    () -> strict.authorizeUrl(new Connector.Authorize("m1", Pkce.challenge(VERIFIER), REDIRECT, bad)), bad);
        }
        assertEquals(0, masto.getAllServeEvents().size());
    }

    @Test
    void theCodeIsExchangedWithTheRegisteredAppAndTheVerifier() {
        masto.stubFor(post(urlPathEqualTo("/api/v1/apps")).willReturn(okJson(APP)));
        masto.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(okJson("""
                {"access_token":"%s","token_type":"Bearer","scope":"read:accounts read:statuses write:statuses write:media read:notifications","created_at":1573979017}"""
                .formatted(TOKEN))));
        connector.authorizeUrl(new Connector.Authorize("m1", Pkce.challenge(VERIFIER), REDIRECT, instance));

        Grant g = ok(connector.exchange(new Connector.Exchange(CODE, VERIFIER, REDIRECT, instance)));

        assertEquals(TOKEN, g.accessToken());
        assertNull(g.refreshToken());
        assertNull(g.expiresAt(), "Mastodon tokens do not expire");
        assertEquals(MastodonConnector.SCOPES, g.scopes());
        assertFalse(connector.canRefresh(g));
        assertInstanceOf(PlatformResult.Rejected.class, connector.refresh(g, instance));
        masto.verify(postRequestedFor(urlEqualTo("/oauth/token")).withRequestBody(equalTo("grant_type=authorization_code&code="
                + CODE + "&redirect_uri=" + ENCODED_REDIRECT + "&code_verifier=" + VERIFIER + "&client_id=" + CLIENT_ID
                + "&client_secret=" + SECRET)));
    }

    @Test
    void aCallbackWithoutOurRegistrationIsRejected() {
        PlatformResult<Grant> r = connector.exchange(new Connector.Exchange(CODE, VERIFIER, REDIRECT, instance));
        assertEquals("no_app", assertInstanceOf(PlatformResult.Rejected.class, r).code());
        assertEquals(0, masto.getAllServeEvents().size());
    }

    @Test
    void aRefusedCodeIsAuthFailedWithoutSecrets() {
        masto.stubFor(post(urlPathEqualTo("/api/v1/apps")).willReturn(okJson(APP)));
        masto.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(400).withBody("""
                {"error":"invalid_grant","error_description":"The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."}""")));
        connector.authorizeUrl(new Connector.Authorize("m1", Pkce.challenge(VERIFIER), REDIRECT, instance));

        PlatformResult<Grant> r = connector.exchange(new Connector.Exchange(CODE, VERIFIER, REDIRECT, instance));

        assertInstanceOf(PlatformResult.AuthFailed.class, r);
        Contract.assertNoneIn(r, CODE, SECRET, VERIFIER);
        Contract.assertNoneLogged(CODE, SECRET, VERIFIER, TOKEN);
    }

    @Test
    void offeredIsTheAccountOfVerifyCredentials() {
        masto.stubFor(get(urlPathEqualTo("/api/v1/accounts/verify_credentials")).willReturn(okJson("""
                {"id":"14715","username":"trwnh","acct":"trwnh","display_name":"infinite love ⴳ","locked":false,"bot":false,
                 "url":"https://mastodon.social/@trwnh","avatar":"https://files.mastodon.social/accounts/avatars/000/014/715/original/34aa222f4ae2e0a9.png"}""")));

        List<Connector.Offered> offered = ok(connector.offered(new Grant(TOKEN, null, null, null, List.of(), false), instance));

        assertEquals(List.of(new Connector.Offered("14715", "trwnh@localhost", "infinite love ⴳ",
                "https://files.mastodon.social/accounts/avatars/000/014/715/original/34aa222f4ae2e0a9.png", "profile", null,
                Map.of("instance", connector.origin(instance), "url", "https://mastodon.social/@trwnh"))), offered);
        masto.verify(getRequestedFor(urlEqualTo("/api/v1/accounts/verify_credentials")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aRevokedTokenIsAuthFailed() {
        masto.stubFor(get(urlPathEqualTo("/api/v1/accounts/verify_credentials")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"The access token is invalid\"}")));
        assertInstanceOf(PlatformResult.AuthFailed.class, connector.offered(new Grant(TOKEN, null, null, null, List.of(), false), instance));
    }
}
