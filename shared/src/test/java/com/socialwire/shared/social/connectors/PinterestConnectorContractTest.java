package com.socialwire.shared.social.connectors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.OAuth2Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PinterestConnector} against stubs shaped from pinterest/api-description's v5 {@code /oauth/token},
 * {@code /user_account} and {@code /boards} (developers.pinterest.com/docs/api/v5/boards-list: {@code items},
 * {@code bookmark} for the next page).
 */
class PinterestConnectorContractTest {

    @RegisterExtension
    static WireMockExtension pin = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String APP_ID = "1484362";
    static final String SECRET = "pinterest-secret-7c6b5a4f3e2d1";
    static final String CODE = "4f7e1c0a2b3d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";
    static final String ACCESS = "pina_AMA4X2QWAAAAAGIAAAAAAAAAAAAAACAAAAAAAAAAAAAA";
    static final String REFRESH = "pinr_AMA4X2QWAAAAAGIAAAAAAAAAAAAAACAAAAAAAAAAAAAR1";
    static final String REFRESH_2 = "pinr_AMA4X2QWAAAAAGIAAAAAAAAAAAAAACAAAAAAAAAAAAAR2";
    static final URI REDIRECT = URI.create("https://api.socialwire.test/oauth/pinterest/callback");
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString((APP_ID + ":" + SECRET).getBytes());

    private final PinterestConnector connector = new PinterestConnector(new OAuth2Client(APP_ID, SECRET),
            pin.baseUrl() + "/oauth/", pin.baseUrl(), PinterestConnector.SCOPES, true, Contract.http());

    @Test
    void theAuthorizeUrlHasCommaSeparatedScopes() {
        assertEquals(pin.baseUrl() + "/oauth/?response_type=code&client_id=" + APP_ID
                        + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Fpinterest%2Fcallback"
                        + "&scope=boards%3Aread%2Cpins%3Aread%2Cpins%3Awrite%2Cuser_accounts%3Aread&state=p1",
                connector.authorizeUrl(new Connector.Authorize("p1", null, REDIRECT, null)).toString());
    }

    @Test
    void theCodeIsExchangedWithBasicAuthAndContinuousRefresh() {
        pin.stubFor(post(urlPathEqualTo("/v5/oauth/token")).willReturn(okJson("""
                {"access_token":"%s","refresh_token":"%s","response_type":"authorization_code","token_type":"bearer",
                 "expires_in":2592000,"refresh_token_expires_in":5184000,"scope":"boards:read,pins:read,pins:write,user_accounts:read"}"""
                .formatted(ACCESS, REFRESH))));

        Grant g = ok(connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null)));

        assertEquals(ACCESS, g.accessToken());
        assertEquals(REFRESH, g.refreshToken());
        assertEquals(NOW.plusSeconds(2592000), g.expiresAt());
        assertEquals(NOW.plusSeconds(5184000), g.refreshExpiresAt());
        assertEquals(PinterestConnector.SCOPES, g.scopes());
        assertTrue(g.rotates());
        pin.verify(postRequestedFor(urlEqualTo("/v5/oauth/token")).withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=authorization_code&code=" + CODE
                        + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Fpinterest%2Fcallback&continuous_refresh=true")));
    }

    @Test
    void aRefreshKeepsTheNewRefreshToken() {
        pin.stubFor(post(urlPathEqualTo("/v5/oauth/token")).willReturn(okJson("""
                {"access_token":"pina_new","refresh_token":"%s","response_type":"refresh_token","token_type":"bearer",
                 "expires_in":2592000,"refresh_token_expires_in":5184000,"scope":"boards:read,pins:read,pins:write,user_accounts:read"}"""
                .formatted(REFRESH_2))));

        Grant g = ok(connector.refresh(new Grant(ACCESS, REFRESH, NOW, NOW.plusSeconds(100), List.of(), true), null));

        assertEquals(REFRESH_2, g.refreshToken(), "Postiz kept the old one (platforms.md §12): we keep the one returned");
        assertEquals(NOW.plusSeconds(5184000), g.refreshExpiresAt());
        pin.verify(postRequestedFor(urlEqualTo("/v5/oauth/token")).withHeader("Authorization", equalTo(BASIC))
                .withRequestBody(equalTo("grant_type=refresh_token&refresh_token=" + REFRESH + "&continuous_refresh=true")));
    }

    @Test
    void aRefusedRefreshIsAuthFailedAndNothingLeaks() {
        pin.stubFor(post(urlPathEqualTo("/v5/oauth/token")).willReturn(aResponse().withStatus(401)
                .withBody("{\"code\":2,\"message\":\"Authentication failed.\"}")));

        PlatformResult<Grant> r = connector.refresh(new Grant(ACCESS, REFRESH, NOW, null, List.of(), true), null);

        assertInstanceOf(PlatformResult.AuthFailed.class, r);
        Contract.assertNoneIn(r, REFRESH, SECRET, BASIC.substring(6));
        Contract.assertNoneLogged(REFRESH, REFRESH_2, SECRET, ACCESS, CODE, BASIC.substring(6));
    }

    @Test
    void tooManyRequestsIsTransient() {
        pin.stubFor(get(urlPathEqualTo("/v5/user_account")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")
                .withBody("{\"code\":8,\"message\":\"You have exceeded your rate limit. Try again later.\"}")));
        PlatformResult.Transient<?> t = assertInstanceOf(PlatformResult.Transient.class,
                connector.offered(new Grant(ACCESS, null, null, null, List.of(), false), null));
        assertEquals(60, t.retryAfterSeconds());
    }

    static final String USER = """
            {"account_type":"BUSINESS","id":"549755885175","profile_image":"https://i.pinimg.com/280x280_RS/ab.jpg",
             "website_url":"https://acme.example","username":"acmebakery","about":"","business_name":"Acme Bakery",
             "board_count":3,"pin_count":340,"follower_count":100,"following_count":3,"monthly_views":5000}""";

    /** A board as developers.pinterest.com/docs/api/v5/boards-list shows one (openapi {@code Board}). */
    static String board(String id, String name, String privacy) {
        return """
                {"id":"%s","created_at":"2025-03-01T10:00:00","board_pins_modified_at":"2026-11-30T08:00:00","name":"%s",
                 "description":"","collaborator_count":0,"pin_count":12,"follower_count":40,
                 "media":{"image_cover_url":"https://i.pinimg.com/400x300/%s.jpg","pin_thumbnail_urls":[]},
                 "owner":{"username":"acmebakery"},"privacy":"%s","is_ads_only":false}""".formatted(id, name, id, privacy);
    }

    @Test
    void offeredAreTheUsersBoardsPageAfterPageSharingTheUsersGrant() {
        pin.stubFor(get(urlPathEqualTo("/v5/user_account")).willReturn(okJson(USER)));
        pin.stubFor(get(urlPathEqualTo("/v5/boards")).withQueryParam("bookmark", absent()).willReturn(okJson(
                "{\"items\":[" + board("1093893987367891", "Sourdough", "PUBLIC") + "," + board("1093893987367892", "Cakes", "SECRET")
                        + "],\"bookmark\":\"Pz9Nakl5TVRBNU16ZzVNems0TnpNMk56ZzVNZz09\"}")));
        pin.stubFor(get(urlPathEqualTo("/v5/boards")).withQueryParam("bookmark", equalTo("Pz9Nakl5TVRBNU16ZzVNems0TnpNMk56ZzVNZz09"))
                .willReturn(okJson("{\"items\":[" + board("1093893987367893", "Shop", "PUBLIC") + "],\"bookmark\":null}")));

        List<Connector.Offered> offered = ok(connector.offered(new Grant(ACCESS, REFRESH, null, null, List.of(), true), null));

        assertEquals(List.of(
                new Connector.Offered("1093893987367891", "acmebakery", "Sourdough", "https://i.pinimg.com/400x300/1093893987367891.jpg",
                        "board", null, Map.of(Connector.Offered.GRANT_OWNER, "549755885175", "privacy", "PUBLIC")),
                new Connector.Offered("1093893987367892", "acmebakery", "Cakes", "https://i.pinimg.com/400x300/1093893987367892.jpg",
                        "board", null, Map.of(Connector.Offered.GRANT_OWNER, "549755885175", "privacy", "SECRET")),
                new Connector.Offered("1093893987367893", "acmebakery", "Shop", "https://i.pinimg.com/400x300/1093893987367893.jpg",
                        "board", null, Map.of(Connector.Offered.GRANT_OWNER, "549755885175", "privacy", "PUBLIC"))), offered);
        pin.verify(2, getRequestedFor(urlPathEqualTo("/v5/boards")).withQueryParam("page_size", equalTo("100"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS)));
    }

    @Test
    void aUserWithoutBoardsIsOfferedNothing() {
        pin.stubFor(get(urlPathEqualTo("/v5/user_account")).willReturn(okJson(USER)));
        pin.stubFor(get(urlPathEqualTo("/v5/boards")).willReturn(okJson("{\"items\":[],\"bookmark\":null}")));

        assertEquals(List.of(), ok(connector.offered(new Grant(ACCESS, null, null, null, List.of(), false), null)));
    }

    @Test
    void aRevokedTokenListingBoardsIsAuthFailed() {
        pin.stubFor(get(urlPathEqualTo("/v5/user_account")).willReturn(okJson(USER)));
        pin.stubFor(get(urlPathEqualTo("/v5/boards")).willReturn(aResponse().withStatus(401)
                .withBody("{\"code\":2,\"message\":\"Authentication failed.\"}")));

        assertInstanceOf(PlatformResult.AuthFailed.class, connector.offered(new Grant(ACCESS, null, null, null, List.of(), false), null));
    }
}
