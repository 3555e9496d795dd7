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
import static com.socialwire.shared.social.connectors.Contract.NOW;
import static com.socialwire.shared.social.connectors.Contract.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LinkedInConnector} against stubs shaped from LinkedIn's authorization-code-flow, programmatic-refresh-tokens,
 * OpenID userinfo, organizationAcls and organization lookup pages.
 */
class LinkedInConnectorContractTest {

    @RegisterExtension
    static WireMockExtension li = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String CLIENT_ID = "86yxfy2zbzzg7a";
    static final String SECRET = "li-secret-WQ9f2kPz7LmN";
    static final String CODE = "AQTQmah11lalyH65DAIivsjsAQV5P-1VTVVebnLl_SCiyMXoIjDmJ4s6rO1VBGP5Hx2542KaR_eNawkrWiCiAGxIaV-TCK-mkxDISDak08tdaBzgUYfnTJL1fHRoDWCcC2L6LXBCR_z2XHzeWSuqTkR1_jO8CeV9E_WshsJBgE-PWElyvsmfuEXLQbCLfj8CHasuLafFpGb0glO4d7M";
    static final String ACCESS = "AQXNnd2kXITHELmWblJigd5pyNtWlXpXPEbPlIhTsjmvC2MgbvScPGN-1qE2";
    static final String REFRESH = "AQWAft_WjYZKwuWXLC5hQlghgTam-tuT8CvFej9-XxGyqeER_7jTr8HmjiGjqil";
    static final URI REDIRECT = URI.create("https://api.socialwire.test/oauth/linkedin/callback");

    private final LinkedInConnector connector = new LinkedInConnector(new OAuth2Client(CLIENT_ID, SECRET), li.baseUrl(),
            li.baseUrl(), "202611", LinkedInConnector.SCOPES, Contract.http());

    @Test
    void theAuthorizeUrlHasNoPkceAndSpaceSeparatedScopes() {
        URI url = connector.authorizeUrl(new Connector.Authorize("st-9", null, REDIRECT, null));
        assertEquals(li.baseUrl() + "/oauth/v2/authorization?response_type=code&client_id=" + CLIENT_ID
                + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Flinkedin%2Fcallback"
                + "&scope=openid%20profile%20w_member_social%20w_organization_social%20r_organization_social%20rw_organization_admin"
                + "&state=st-9", url.toString());
    }

    @Test
    void theCodeIsExchangedWithTheSecretInTheFormAndTheRefreshTokenKept() {
        li.stubFor(post(urlPathEqualTo("/oauth/v2/accessToken")).willReturn(okJson("""
                {"access_token":"%s","expires_in":5184000,"refresh_token":"%s","refresh_token_expires_in":31536000,"scope":"openid,profile,w_member_social"}"""
                .formatted(ACCESS, REFRESH))));

        Grant g = ok(connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null)));

        assertEquals(ACCESS, g.accessToken());
        assertEquals(REFRESH, g.refreshToken());
        assertEquals(NOW.plusSeconds(5184000), g.expiresAt());
        assertEquals(NOW.plusSeconds(31536000), g.refreshExpiresAt());
        assertEquals(List.of("openid", "profile", "w_member_social"), g.scopes());
        assertFalse(g.rotates(), "LinkedIn keeps the same refresh token");
        li.verify(postRequestedFor(urlEqualTo("/oauth/v2/accessToken"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withoutHeader("Authorization")
                .withRequestBody(equalTo("grant_type=authorization_code&code=" + CODE
                        + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Flinkedin%2Fcallback"
                        + "&client_id=" + CLIENT_ID + "&client_secret=" + SECRET)));
    }

    @Test
    void withoutProgrammaticRefreshThereIsNoRefresh() {
        li.stubFor(post(urlPathEqualTo("/oauth/v2/accessToken")).willReturn(okJson("""
                {"access_token":"%s","expires_in":5184000,"scope":"openid,profile,w_member_social"}""".formatted(ACCESS))));

        Grant g = ok(connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null)));

        assertNull(g.refreshToken());
        assertFalse(connector.canRefresh(g));
        assertInstanceOf(PlatformResult.Rejected.class, connector.refresh(g, null));
        assertEquals(1, li.getAllServeEvents().size(), "no refresh call without a refresh token");
    }

    @Test
    void aRefreshSendsTheSecretInTheForm() {
        li.stubFor(post(urlPathEqualTo("/oauth/v2/accessToken")).willReturn(okJson("""
                {"access_token":"new-li-access-55","expires_in":5184000,"refresh_token":"%s","refresh_token_expires_in":30000000}"""
                .formatted(REFRESH))));

        Grant g = ok(connector.refresh(new Grant(ACCESS, REFRESH, NOW.plusSeconds(3600), NOW.plusSeconds(31000000),
                List.of("openid"), false), null));

        assertEquals("new-li-access-55", g.accessToken());
        assertEquals(NOW.plusSeconds(30000000), g.refreshExpiresAt());
        li.verify(postRequestedFor(urlEqualTo("/oauth/v2/accessToken")).withRequestBody(equalTo(
                "grant_type=refresh_token&refresh_token=" + REFRESH + "&client_id=" + CLIENT_ID + "&client_secret=" + SECRET)));
    }

    @Test
    void aRefusedRefreshIsAuthFailed() {
        li.stubFor(post(urlPathEqualTo("/oauth/v2/accessToken")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"The provided authorization grant or refresh token is invalid, expired or revoked.\"}")));

        PlatformResult<Grant> r = connector.refresh(new Grant(ACCESS, REFRESH, NOW, null, List.of(), false), null);

        assertInstanceOf(PlatformResult.AuthFailed.class, r);
        Contract.assertNoneIn(r, ACCESS, REFRESH, SECRET);
        Contract.assertNoneLogged(ACCESS, REFRESH, SECRET, CODE);
    }

    @Test
    void anHtmlErrorPageIsRejectedNotACrash() {
        li.stubFor(post(urlPathEqualTo("/oauth/v2/accessToken")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "text/html").withBody("<html><body><h1>Page not found</h1>" + SECRET + "</body></html>")));

        PlatformResult.Rejected<Grant> r = assertInstanceOf(PlatformResult.Rejected.class,
                connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null)));

        assertEquals(404, r.httpStatus());
        assertEquals("POST /oauth/v2/accessToken: HTTP 404 (not JSON)", r.message());
    }

    @Test
    void anHtmlOutagePageIsTransient() {
        li.stubFor(post(urlPathEqualTo("/oauth/v2/accessToken")).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "120").withBody("<html>Service Unavailable</html>")));

        PlatformResult.Transient<Grant> t = assertInstanceOf(PlatformResult.Transient.class,
                connector.exchange(new Connector.Exchange(CODE, null, REDIRECT, null)));
        assertEquals(120, t.retryAfterSeconds());
    }

    @Test
    void theMemberAndTheOrganizationsTheyAdministerAreOfferedForSelection() {
        li.stubFor(get(urlPathEqualTo("/v2/userinfo")).willReturn(okJson("""
                {"sub":"782bbtaQ","name":"John Doe","given_name":"John","family_name":"Doe",
                 "picture":"https://media.licdn.com/dms/image/C5603AQ/profile.jpg","locale":"en-US","email":"doe@email.com","email_verified":true}""")));
        li.stubFor(get(urlPathEqualTo("/rest/organizationAcls")).willReturn(okJson("""
                {"paging":{"start":0,"count":100,"links":[]},"elements":[
                 {"roleAssignee":"urn:li:person:782bbtaQ","state":"APPROVED","role":"ADMINISTRATOR","organization":"urn:li:organization:2414183"},
                 {"roleAssignee":"urn:li:person:782bbtaQ","state":"APPROVED","role":"ADMINISTRATOR","organization":"urn:li:organization:5509810"}]}""")));
        li.stubFor(get(urlPathEqualTo("/rest/organizations")).willReturn(okJson("""
                {"results":{"2414183":{"vanityName":"devtestco","localizedName":"DevTestCo","id":2414183},
                            "5509810":{"vanityName":"acme-bakery","localizedName":"Acme Bakery","id":5509810}},
                 "statuses":{"2414183":200,"5509810":200},"errors":{}}""")));

        List<Connector.Offered> offered = ok(connector.offered(new Grant(ACCESS, null, null, null, List.of(), false), null));

        assertEquals(List.of(
                new Connector.Offered("urn:li:person:782bbtaQ", null, "John Doe", "https://media.licdn.com/dms/image/C5603AQ/profile.jpg",
                        "profile", null, Map.of()),
                new Connector.Offered("urn:li:organization:2414183", "devtestco", "DevTestCo", null, "organization", null,
                        Map.of("role", "ADMINISTRATOR")),
                new Connector.Offered("urn:li:organization:5509810", "acme-bakery", "Acme Bakery", null, "organization", null,
                        Map.of("role", "ADMINISTRATOR"))), offered);
        li.verify(getRequestedFor(urlEqualTo("/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED&count=100"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS))
                .withHeader("LinkedIn-Version", equalTo("202611"))
                .withHeader("X-Restli-Protocol-Version", equalTo("2.0.0")));
        li.verify(getRequestedFor(urlEqualTo("/rest/organizations?ids=List(2414183,5509810)"))
                .withHeader("LinkedIn-Version", equalTo("202611")));
    }

    @Test
    void anAppWithoutCommunityManagementOffersTheMemberOnly() {
        li.stubFor(get(urlPathEqualTo("/v2/userinfo")).willReturn(okJson("{\"sub\":\"782bbtaQ\",\"name\":\"John Doe\"}")));
        li.stubFor(get(urlPathEqualTo("/rest/organizationAcls")).willReturn(aResponse().withStatus(403).withBody("""
                {"serviceErrorCode":100,"code":"ACCESS_DENIED","message":"Not enough permissions to access: organizationAcls.FINDER-roleAssignee.20240101","status":403}""")));

        List<Connector.Offered> offered = ok(connector.offered(new Grant(ACCESS, null, null, null, List.of(), false), null));

        assertEquals(1, offered.size());
        assertEquals("urn:li:person:782bbtaQ", offered.get(0).externalId());
    }

    @Test
    void anOutageListingOrganizationsIsTransientNotAMemberOnlyOffer() {
        // offering the member alone would connect it at once, though the person came for a page
        li.stubFor(get(urlPathEqualTo("/v2/userinfo")).willReturn(okJson("{\"sub\":\"782bbtaQ\",\"name\":\"John Doe\"}")));
        li.stubFor(get(urlPathEqualTo("/rest/organizationAcls")).willReturn(aResponse().withStatus(500)
                .withBody("{\"message\":\"Internal Server Error\",\"status\":500}")));

        assertInstanceOf(PlatformResult.Transient.class, connector.offered(new Grant(ACCESS, null, null, null, List.of(), false), null));
    }

    @Test
    void anOrganizationLookupRefusedKeepsTheOrganizationById() {
        li.stubFor(get(urlPathEqualTo("/v2/userinfo")).willReturn(okJson("{\"sub\":\"782bbtaQ\",\"name\":\"John Doe\"}")));
        li.stubFor(get(urlPathEqualTo("/rest/organizationAcls")).willReturn(okJson("""
                {"elements":[{"role":"ADMINISTRATOR","state":"APPROVED","organization":"urn:li:organization:2414183"}]}""")));
        li.stubFor(get(urlPathEqualTo("/rest/organizations")).willReturn(aResponse().withStatus(403)
                .withBody("{\"serviceErrorCode\":100,\"message\":\"Not enough permissions\",\"status\":403}")));

        List<Connector.Offered> offered = ok(connector.offered(new Grant(ACCESS, null, null, null, List.of(), false), null));

        assertEquals(2, offered.size());
        assertEquals("urn:li:organization:2414183", offered.get(1).externalId());
        assertTrue(offered.get(1).name().contains("2414183"));
    }
}
