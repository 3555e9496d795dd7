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

/**
 * {@link DribbbleConnector} against stubs shaped from developer.dribbble.com/v2/oauth (authorize, {@code POST /oauth/token}
 * with the client's id and secret in the form, a token that does not expire) and developer.dribbble.com/v2/user
 * ({@code GET /v2/user}).
 */
class DribbbleConnectorContractTest {

    @RegisterExtension
    static WireMockExtension dribbble = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String CLIENT_ID = "5f3c1a0e9b8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b";
    static final String SECRET = "dribbble-secret-0a1b2c3d4e5f6a7b8c9d";
    static final String CODE = "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a";
    static final String ACCESS = "dribbble-token-29b8f6c2a1e04d7b9f3c";
    static final URI REDIRECT = URI.create("https://api.socialwire.test/oauth/dribbble/callback");

    private final DribbbleConnector connector = new DribbbleConnector(new OAuth2Client(CLIENT_ID, SECRET), dribbble.baseUrl(),
            dribbble.baseUrl(), DribbbleConnector.SCOPES, Contract.http());

    @Test
    void theAuthorizeUrlAsksForPublicAndUpload() {
        assertEquals(dribbble.baseUrl() + "/oauth/authorize?response_type=code&client_id=" + CLIENT_ID
                        + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Fdribbble%2Fcallback&scope=public%20upload&state=d1",
                connector.authorizeUrl(new Connector.Authorize("d1", null, REDIRECT, null)).toString());
    }

    @Test
    void theCodeIsExchangedForATokenThatDoesNotExpireAndCannotBeRefreshed() {
        dribbble.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(okJson("""
                {"access_token":"%s","token_type":"bearer","scope":"public upload","created_at":1733342400}""".formatted(ACCESS))));

        Grant g = ok(connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null)));

        assertEquals(ACCESS, g.accessToken());
        assertNull(g.refreshToken());
        assertNull(g.expiresAt());
        assertEquals(DribbbleConnector.SCOPES, g.scopes());
        assertFalse(connector.canRefresh(g));
        assertInstanceOf(PlatformResult.Rejected.class, connector.refresh(g, null));
        dribbble.verify(postRequestedFor(urlEqualTo("/oauth/token")).withRequestBody(equalTo("grant_type=authorization_code&code=" + CODE
                + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Fdribbble%2Fcallback&client_id=" + CLIENT_ID + "&client_secret=" + SECRET)));
    }

    @Test
    void aRefusedCodeIsAuthFailedAndNothingLeaks() {
        dribbble.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"The provided authorization grant is invalid, expired, revoked.\"}")));

        PlatformResult<Grant> r = connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null));

        assertInstanceOf(PlatformResult.AuthFailed.class, r);
        Contract.assertNoneIn(r, CODE, SECRET);
        Contract.assertNoneLogged(CODE, SECRET);
    }

    @Test
    void offeredIsTheUser() {
        dribbble.stubFor(get(urlPathEqualTo("/v2/user")).willReturn(okJson("""
                {"id":1,"name":"Dan Cederholm","login":"simplebits","html_url":"https://dribbble.com/simplebits",
                 "avatar_url":"https://d13yacurqjgara.cloudfront.net/users/1/avatars/normal/dc.jpg?1371679243",
                 "bio":"Co-founder &amp; designer of Dribbble.","location":"Salem, MA","links":{"web":"http://simplebits.com"},
                 "can_upload_shot":true,"pro":true,"followers_count":29262,"created_at":"2009-07-08T02:51:22Z","type":"Player",
                 "teams":[{"id":39,"name":"Dribbble","login":"dribbble","type":"Team"}]}""")));

        assertEquals(List.of(new Connector.Offered("1", "simplebits", "Dan Cederholm",
                        "https://d13yacurqjgara.cloudfront.net/users/1/avatars/normal/dc.jpg?1371679243", "profile", null,
                        Map.of("url", "https://dribbble.com/simplebits"))),
                ok(connector.offered(new Grant(ACCESS, null, null, null, List.of(), false), null)));
        dribbble.verify(getRequestedFor(urlPathEqualTo("/v2/user")).withHeader("Authorization", equalTo("Bearer " + ACCESS)));
    }
}
