package com.socialwire.shared.social.connectors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.OAuth2Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ThreadsConnector} against stubs shaped from Meta's Threads get-started and long-lived-tokens pages. */
class ThreadsConnectorContractTest {

    @RegisterExtension
    static WireMockExtension threads = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String APP_ID = "990602627938098";
    static final String SECRET = "threads-secret-a1b2c3d4e5";
    static final String CODE = "AQBthreads-code-9z8y7x";
    static final String SHORT = "THQVJshortLived0123456789";
    static final String LONG = "THQVJlongLived9876543210";
    static final URI REDIRECT = URI.create("https://api.socialwire.test/oauth/threads/callback");

    private final ThreadsConnector connector = new ThreadsConnector(new OAuth2Client(APP_ID, SECRET),
            threads.baseUrl() + "/oauth/authorize", threads.baseUrl(), ThreadsConnector.SCOPES, Contract.http());

    @Test
    void theAuthorizeUrlUsesTheThreadsAppAndCommaScopes() {
        assertEquals(threads.baseUrl() + "/oauth/authorize?response_type=code&client_id=" + APP_ID
                        + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Fthreads%2Fcallback"
                        + "&scope=threads_basic%2Cthreads_content_publish%2Cthreads_read_replies%2Cthreads_manage_replies&state=t1",
                connector.authorizeUrl(new Connector.Authorize("t1", null, REDIRECT, null)).toString());
    }

    @Test
    void theCodeBecomesASixtyDayToken() {
        threads.stubFor(post(urlPathEqualTo("/oauth/access_token"))
                .willReturn(okJson("{\"access_token\":\"" + SHORT + "\",\"user_id\":\"17841400000000000\"}")));
        threads.stubFor(get(urlPathEqualTo("/access_token"))
                .willReturn(okJson("{\"access_token\":\"" + LONG + "\",\"token_type\":\"bearer\",\"expires_in\":5183944}")));

        Grant g = ok(connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null)));

        assertEquals(LONG, g.accessToken());
        assertEquals(NOW.plusSeconds(5183944), g.expiresAt());
        threads.verify(postRequestedFor(urlEqualTo("/oauth/access_token"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=authorization_code&code=" + CODE
                        + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Fthreads%2Fcallback&client_id=" + APP_ID
                        + "&client_secret=" + SECRET)));
        threads.verify(getRequestedFor(urlEqualTo("/access_token?grant_type=th_exchange_token&client_secret=" + SECRET
                + "&access_token=" + SHORT)));
    }

    @Test
    void aTokenRefreshesOnlyWhenADayOldAndUnexpired() {
        Grant fresh = new Grant(LONG, null, NOW.plus(Duration.ofDays(60)).minusSeconds(60), null, List.of(), false);
        Grant dayOld = new Grant(LONG, null, NOW.plus(Duration.ofDays(59)).minusSeconds(60), null, List.of(), false);
        Grant expired = new Grant(LONG, null, NOW.minusSeconds(1), null, List.of(), false);
        assertFalse(connector.canRefresh(fresh));
        assertTrue(connector.canRefresh(dayOld));
        assertFalse(connector.canRefresh(expired));
        assertInstanceOf(PlatformResult.Rejected.class, connector.refresh(fresh, null));
        assertEquals(0, threads.getAllServeEvents().size());
    }

    @Test
    void aRefreshReplacesTheAccessTokenItself() {
        threads.stubFor(get(urlPathEqualTo("/refresh_access_token"))
                .willReturn(okJson("{\"access_token\":\"THQVJrefreshed111\",\"token_type\":\"bearer\",\"expires_in\":5183944}")));
        Grant old = new Grant(LONG, null, NOW.plus(Duration.ofDays(20)), null, List.of("threads_basic"), false);

        Grant g = ok(connector.refresh(old, null));

        assertEquals("THQVJrefreshed111", g.accessToken());
        assertEquals(NOW.plusSeconds(5183944), g.expiresAt());
        assertEquals(List.of("threads_basic"), g.scopes());
        threads.verify(getRequestedFor(urlEqualTo("/refresh_access_token?grant_type=th_refresh_token&access_token=" + LONG)));
    }

    @Test
    void aRefusedRefreshIsAuthFailedAndTheTokenNeverShown() {
        threads.stubFor(get(urlPathEqualTo("/refresh_access_token")).willReturn(aResponse().withStatus(400).withBody("""
                {"error":{"message":"Error validating access token: Session has expired (token %s)","type":"OAuthException","code":190,"fbtrace_id":"A1"}}"""
                .formatted(LONG))));

        PlatformResult<Grant> r = connector.refresh(new Grant(LONG, null, NOW.plus(Duration.ofDays(20)), null, List.of(), false), null);

        assertInstanceOf(PlatformResult.AuthFailed.class, r);
        Contract.assertNoneIn(r, LONG, SECRET);
        Contract.assertNoneLogged(LONG, SHORT, SECRET, CODE);
    }

    @Test
    void aThrottledCallIsTransient() {
        threads.stubFor(get(urlPathEqualTo("/v1.0/me")).willReturn(aResponse().withStatus(400).withBody("""
                {"error":{"message":"Application request limit reached","type":"OAuthException","code":4,"fbtrace_id":"A1"}}""")));
        assertInstanceOf(PlatformResult.Transient.class, connector.offered(new Grant(LONG, null, null, null, List.of(), false), null));
    }

    @Test
    void offeredIsTheProfileOfMe() {
        threads.stubFor(get(urlPathEqualTo("/v1.0/me")).willReturn(okJson("""
                {"id":"1234567","username":"acme.bakery","name":"Acme Bakery","threads_profile_picture_url":"https://scontent.cdninstagram.com/p.jpg"}""")));

        assertEquals(List.of(new Connector.Offered("1234567", "acme.bakery", "Acme Bakery", "https://scontent.cdninstagram.com/p.jpg",
                        "profile", null, Map.of())),
                ok(connector.offered(new Grant(LONG, null, null, null, List.of(), false), null)));
        threads.verify(getRequestedFor(urlEqualTo("/v1.0/me?fields=id%2Cusername%2Cname%2Cthreads_profile_picture_url"))
                .withHeader("Authorization", equalTo("Bearer " + LONG)));
    }
}
