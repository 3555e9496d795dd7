package com.socialwire.shared.social.connectors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.OAuth2Client;
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
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.socialwire.shared.social.connectors.Contract.NOW;
import static com.socialwire.shared.social.connectors.Contract.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link FacebookPagesConnector} against stubs shaped from Meta's Facebook Login, long-lived token and Pages API pages. */
class FacebookPagesConnectorContractTest {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String APP_ID = "1234567890123456";
    static final String SECRET = "fb-app-secret-0a9b8c7d6e5f";
    static final String CODE = "AQBx-fb-code-Z7y6X5w4V3u2T1s0";
    static final String SHORT = "EAAJshortLivedUserToken123456";
    static final String LONG = "EAAJlongLivedUserToken98765432";
    static final String PAGE_TOKEN_1 = "EAAJpageTokenOne111111111";
    static final String PAGE_TOKEN_2 = "EAAJpageTokenTwo222222222";
    static final URI REDIRECT = URI.create("https://api.socialwire.test/oauth/facebook/callback");
    static final String ENCODED_REDIRECT = "https%3A%2F%2Fapi.socialwire.test%2Foauth%2Ffacebook%2Fcallback";

    private final FacebookPagesConnector connector = new FacebookPagesConnector(new OAuth2Client(APP_ID, SECRET),
            meta.baseUrl() + "/v21.0", meta.baseUrl() + "/v21.0", FacebookPagesConnector.SCOPES, Contract.http());

    @Test
    void theLoginDialogUrlHasCommaSeparatedScopes() {
        assertEquals(meta.baseUrl() + "/v21.0/dialog/oauth?response_type=code&client_id=" + APP_ID + "&redirect_uri="
                        + ENCODED_REDIRECT + "&scope=pages_show_list%2Cpages_manage_posts%2Cpages_read_engagement%2Cpages_read_user_content%2Cpages_manage_engagement&state=s1",
                connector.authorizeUrl(new Connector.Authorize("s1", null, REDIRECT, null)).toString());
    }

    @Test
    void theCodeBecomesALongLivedUserTokenInTwoDocumentedCalls() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/oauth/access_token")).withQueryParam("code", equalTo(CODE))
                .willReturn(okJson("{\"access_token\":\"" + SHORT + "\",\"token_type\":\"bearer\",\"expires_in\":5400}")));
        meta.stubFor(get(urlPathEqualTo("/v21.0/oauth/access_token")).withQueryParam("grant_type", equalTo("fb_exchange_token"))
                .willReturn(okJson("{\"access_token\":\"" + LONG + "\",\"token_type\":\"bearer\",\"expires_in\":5183944}")));

        Grant g = ok(connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null)));

        assertEquals(LONG, g.accessToken());
        assertNull(g.refreshToken());
        assertEquals(NOW.plusSeconds(5183944), g.expiresAt());
        assertFalse(connector.canRefresh(g));
        meta.verify(getRequestedFor(urlEqualTo("/v21.0/oauth/access_token?client_id=" + APP_ID + "&redirect_uri="
                + ENCODED_REDIRECT + "&client_secret=" + SECRET + "&code=" + CODE)));
        meta.verify(getRequestedFor(urlEqualTo("/v21.0/oauth/access_token?grant_type=fb_exchange_token&client_id=" + APP_ID
                + "&client_secret=" + SECRET + "&fb_exchange_token=" + SHORT)));
    }

    @Test
    void anExpiredCodeIsRefusedWithoutQuotingAnySecret() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/oauth/access_token")).willReturn(aResponse().withStatus(400).withBody("""
                {"error":{"message":"This authorization code has expired. code=%s","type":"OAuthException","code":100,"error_subcode":36007,"fbtrace_id":"AbC"}}"""
                .formatted(CODE))));

        PlatformResult<Grant> r = connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null));

        PlatformResult.Rejected<Grant> rejected = assertInstanceOf(PlatformResult.Rejected.class, r);
        assertEquals("meta_100", rejected.code());
        Contract.assertNoneIn(r, CODE, SECRET);
        Contract.assertNoneLogged(CODE, SECRET, SHORT, LONG, PAGE_TOKEN_1, PAGE_TOKEN_2);
    }

    @Test
    void anInvalidatedUserTokenIsAuthFailed() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/me/accounts")).willReturn(aResponse().withStatus(400).withBody("""
                {"error":{"message":"Error validating access token: The user has not authorized application.","type":"OAuthException","code":190,"error_subcode":458,"fbtrace_id":"AbC"}}""")));
        assertInstanceOf(PlatformResult.AuthFailed.class, connector.offered(new Grant(LONG, null, null, null, List.of(), false), null));
    }

    @Test
    void thePagesArePendingSelectionEachWithItsOwnPageToken() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/me/accounts")).withQueryParam("after", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(okJson("""
                {"data":[
                  {"access_token":"%s","category":"Bakery","name":"Acme Bakery","id":"101","username":"acmebakery",
                   "picture":{"data":{"height":50,"is_silhouette":false,"url":"https://scontent.xx.fbcdn.net/101.jpg","width":50}},
                   "tasks":["ANALYZE","ADVERTISE","MODERATE","CREATE_CONTENT","MANAGE"]},
                  {"access_token":"EAAJanalystOnly","name":"Read Only Page","id":"102","tasks":["ANALYZE"]},
                  {"name":"Not Ticked In The Selector","id":"103","tasks":["CREATE_CONTENT"]}],
                 "paging":{"cursors":{"before":"QVFIUk1","after":"QVFIUkx"},"next":"https://graph.facebook.com/v21.0/me/accounts?after=QVFIUkx"}}"""
                        .formatted(PAGE_TOKEN_1))));
        meta.stubFor(get(urlPathEqualTo("/v21.0/me/accounts")).withQueryParam("after", equalTo("QVFIUkx")).willReturn(okJson("""
                {"data":[{"access_token":"%s","name":"Acme Café","id":"104","tasks":["CREATE_CONTENT"]}],
                 "paging":{"cursors":{"before":"QVFIUkx","after":"QVFIUkz"}}}""".formatted(PAGE_TOKEN_2))));
        Grant user = new Grant(LONG, null, NOW.plusSeconds(5183944), null, List.of("pages_show_list", "pages_manage_posts"), false);

        List<Connector.Offered> offered = ok(connector.offered(user, null));

        assertEquals(List.of(
                new Connector.Offered("101", "acmebakery", "Acme Bakery", "https://scontent.xx.fbcdn.net/101.jpg", "page",
                        new Grant(PAGE_TOKEN_1, null, null, null, user.scopes(), false), Map.of()),
                new Connector.Offered("104", null, "Acme Café", null, "page",
                        new Grant(PAGE_TOKEN_2, null, null, null, user.scopes(), false), Map.of())), offered);
        meta.verify(getRequestedFor(urlEqualTo("/v21.0/me/accounts?fields=id%2Cname%2Cusername%2Caccess_token%2Cpicture%2Ctasks&limit=100"))
                .withHeader("Authorization", equalTo("Bearer " + LONG)));
    }

    @Test
    void thereIsNoRefresh() {
        PlatformResult<Grant> r = connector.refresh(new Grant(LONG, "anything", NOW, null, List.of(), false), null);
        assertInstanceOf(PlatformResult.Rejected.class, r);
        assertEquals(0, meta.getAllServeEvents().size());
    }
}
