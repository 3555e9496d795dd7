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

/**
 * {@link InstagramConnector} against stubs shaped from Meta's Instagram API with Instagram Login pages: Business Login
 * (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login: authorize,
 * {@code POST api.instagram.com/oauth/access_token} answering {@code data[0]} {access_token, user_id, permissions}),
 * the access token reference (https://developers.facebook.com/docs/instagram-platform/reference/access_token:
 * {@code GET /access_token?grant_type=ig_exchange_token}), the refresh reference ({@code GET /refresh_access_token
 * ?grant_type=ig_refresh_token}) and the IG user's {@code GET /me} ({@code user_id}, {@code account_type}).
 */
class InstagramConnectorContractTest {

    @RegisterExtension
    static WireMockExtension ig = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String APP_ID = "990602627938098";
    static final String SECRET = "instagram-secret-a1b2c3d4e5";
    static final String CODE = "AQBx-instagram-code-9z8y7x";
    static final String SHORT = "IGQVJshortLived0123456789";
    static final String LONG = "IGQVJlongLived9876543210";
    /** What the code exchange names (app-scoped) and what /me proves (the professional account webhooks name). */
    static final String SCOPED_ID = "8921234567890123";
    static final String IG_USER_ID = "17841405822304914";
    static final URI REDIRECT = URI.create("https://api.socialwire.test/oauth/instagram/callback");

    private final InstagramConnector connector = new InstagramConnector(new OAuth2Client(APP_ID, SECRET),
            ig.baseUrl() + "/oauth/authorize", ig.baseUrl() + "/oauth/access_token", ig.baseUrl(), InstagramConnector.SCOPES,
            Contract.http());

    private static Grant longLived() {
        return new Grant(LONG, null, NOW.plus(Duration.ofDays(20)), null, List.of("instagram_business_basic"), false);
    }

    @Test
    void theAuthorizeUrlAsksForTheFourBusinessScopes() {
        assertEquals(ig.baseUrl() + "/oauth/authorize?response_type=code&client_id=" + APP_ID
                        + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Finstagram%2Fcallback"
                        + "&scope=instagram_business_basic%2Cinstagram_business_content_publish%2Cinstagram_business_manage_comments"
                        + "%2Cinstagram_business_manage_messages&state=s1",
                connector.authorizeUrl(new Connector.Authorize("s1", null, REDIRECT, null)).toString());
    }

    @Test
    void theCodeBecomesASixtyDayTokenWithThePermissionsGranted() {
        ig.stubFor(post(urlPathEqualTo("/oauth/access_token")).willReturn(okJson("""
                {"data":[{"access_token":"%s","user_id":"%s","permissions":"instagram_business_basic,instagram_business_content_publish"}]}"""
                .formatted(SHORT, SCOPED_ID))));
        ig.stubFor(get(urlPathEqualTo("/access_token"))
                .willReturn(okJson("{\"access_token\":\"" + LONG + "\",\"token_type\":\"bearer\",\"expires_in\":5183944}")));

        Grant g = ok(connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null)));

        assertEquals(LONG, g.accessToken());
        assertEquals(NOW.plusSeconds(5183944), g.expiresAt());
        assertEquals(List.of("instagram_business_basic", "instagram_business_content_publish"), g.scopes());
        assertEquals(null, g.refreshToken());
        ig.verify(postRequestedFor(urlEqualTo("/oauth/access_token"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=authorization_code&code=" + CODE
                        + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Finstagram%2Fcallback&client_id=" + APP_ID
                        + "&client_secret=" + SECRET)));
        ig.verify(getRequestedFor(urlEqualTo("/access_token?grant_type=ig_exchange_token&client_secret=" + SECRET
                + "&access_token=" + SHORT)));
    }

    @Test
    void theLiveApisFlatAnswerIsReadToo() {
        ig.stubFor(post(urlPathEqualTo("/oauth/access_token")).willReturn(okJson("""
                {"access_token":"%s","user_id":%s,"permissions":["instagram_business_basic"]}""".formatted(SHORT, SCOPED_ID))));
        ig.stubFor(get(urlPathEqualTo("/access_token"))
                .willReturn(okJson("{\"access_token\":\"" + LONG + "\",\"token_type\":\"bearer\",\"expires_in\":5183944}")));

        Grant g = ok(connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null)));

        assertEquals(LONG, g.accessToken());
        assertEquals(List.of("instagram_business_basic"), g.scopes());
    }

    @Test
    void aRefusedCodeConnectsNothingAndNeverShowsTheCodeOrSecret() {
        ig.stubFor(post(urlPathEqualTo("/oauth/access_token")).willReturn(aResponse().withStatus(400).withBody("""
                {"error_type":"OAuthException","code":400,"error_message":"Matching code was not found or was already used"}""")));

        PlatformResult<Grant> r = connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null));

        assertFalse(r instanceof PlatformResult.Ok, String.valueOf(r));
        assertEquals(0, ig.findAll(getRequestedFor(urlPathEqualTo("/access_token"))).size(), "no long-lived exchange without a code");
        Contract.assertNoneIn(r, CODE, SECRET);
        Contract.assertNoneLogged(CODE, SECRET, SHORT, LONG);
    }

    @Test
    void theOfferedAccountIsTheUserIdTheTokenProves() {
        ig.stubFor(get(urlPathEqualTo("/me")).willReturn(okJson("""
                {"id":"%s","user_id":"%s","username":"bloombakery","name":"Bloom Bakery",
                 "profile_picture_url":"https://scontent.cdninstagram.com/p.jpg","account_type":"Business"}""".formatted(SCOPED_ID, IG_USER_ID))));

        assertEquals(List.of(new Connector.Offered(IG_USER_ID, "bloombakery", "Bloom Bakery", "https://scontent.cdninstagram.com/p.jpg",
                        "profile", null, Map.of("accountType", "BUSINESS"))),
                ok(connector.offered(longLived(), null)));
        ig.verify(getRequestedFor(urlEqualTo("/me?fields=user_id%2Cusername%2Cname%2Cprofile_picture_url%2Caccount_type"))
                .withHeader("Authorization", equalTo("Bearer " + LONG)));
    }

    @Test
    void aCreatorAccountConnects() {
        ig.stubFor(get(urlPathEqualTo("/me")).willReturn(okJson("""
                {"data":[{"user_id":"%s","username":"ana.makes","account_type":"MEDIA_CREATOR"}]}""".formatted(IG_USER_ID))));

        assertEquals(IG_USER_ID, ok(connector.offered(longLived(), null)).get(0).externalId());
    }

    @Test
    void aPersonalAccountIsRefusedWithTheReason() {
        ig.stubFor(get(urlPathEqualTo("/me")).willReturn(okJson("""
                {"user_id":"%s","username":"just.me","account_type":"PERSONAL"}""".formatted(IG_USER_ID))));

        PlatformResult<List<Connector.Offered>> r = connector.offered(longLived(), null);

        PlatformResult.Rejected<?> rejected = assertInstanceOf(PlatformResult.Rejected.class, r);
        assertEquals(InstagramConnector.NOT_PROFESSIONAL, rejected.code());
        assertTrue(rejected.message().contains("@just.me is a personal account"), rejected.message());
        assertTrue(rejected.message().contains("business and creator accounts"), rejected.message());
    }

    @Test
    void anAnswerWithoutANumericUserIdConnectsNothing() {
        ig.stubFor(get(urlPathEqualTo("/me")).willReturn(okJson("{\"id\":\"" + SCOPED_ID + "\",\"username\":\"fb.login.token\"}")));

        assertFalse(connector.offered(longLived(), null) instanceof PlatformResult.Ok);
    }

    @Test
    void aRevokedTokenIsAuthFailed() {
        ig.stubFor(get(urlPathEqualTo("/me")).willReturn(aResponse().withStatus(400).withBody("""
                {"error":{"message":"Error validating access token: The user has not authorized application.","type":"OAuthException","code":190,"fbtrace_id":"A1"}}""")));

        assertInstanceOf(PlatformResult.AuthFailed.class, connector.offered(longLived(), null));
    }

    @Test
    void aTokenRefreshesOnlyWhenADayOldAndUnexpired() {
        Grant fresh = new Grant(LONG, null, NOW.plus(Duration.ofDays(60)).minusSeconds(60), null, List.of(), false);
        Grant expired = new Grant(LONG, null, NOW.minusSeconds(1), null, List.of(), false);
        assertFalse(connector.canRefresh(fresh));
        assertTrue(connector.canRefresh(longLived()));
        assertFalse(connector.canRefresh(expired));
        assertInstanceOf(PlatformResult.Rejected.class, connector.refresh(fresh, null));
        assertEquals(0, ig.getAllServeEvents().size());
    }

    @Test
    void aRefreshReplacesTheAccessTokenItself() {
        ig.stubFor(get(urlPathEqualTo("/refresh_access_token"))
                .willReturn(okJson("{\"access_token\":\"IGQVJrefreshed111\",\"token_type\":\"bearer\",\"expires_in\":5183944}")));

        Grant g = ok(connector.refresh(longLived(), null));

        assertEquals("IGQVJrefreshed111", g.accessToken());
        assertEquals(NOW.plusSeconds(5183944), g.expiresAt());
        assertEquals(List.of("instagram_business_basic"), g.scopes());
        ig.verify(getRequestedFor(urlEqualTo("/refresh_access_token?grant_type=ig_refresh_token&access_token=" + LONG)));
    }

    @Test
    void aRefusedRefreshIsAuthFailedAndTheTokenNeverShown() {
        ig.stubFor(get(urlPathEqualTo("/refresh_access_token")).willReturn(aResponse().withStatus(400).withBody("""
                {"error":{"message":"Error validating access token: Session has expired (token %s)","type":"OAuthException","code":190,"fbtrace_id":"A1"}}"""
                .formatted(LONG))));

        PlatformResult<Grant> r = connector.refresh(longLived(), null);

        assertInstanceOf(PlatformResult.AuthFailed.class, r);
        Contract.assertNoneIn(r, LONG, SECRET);
        Contract.assertNoneLogged(LONG, SHORT, SECRET, CODE);
    }
}
