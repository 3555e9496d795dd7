package com.socialwire.shared.social.connectors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.Config;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Connectors;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.OAuth2Client;
import com.socialwire.shared.social.oauth.Pkce;
import com.socialwire.shared.social.oauth.PlatformHttp;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link YouTubeConnector} against stubs shaped from Google's "Using OAuth 2.0 for Web Server Applications"
 * (https://developers.google.com/identity/protocols/oauth2/web-server: the authorize parameters, the token answer, a
 * refresh answered without a refresh token, {@code invalid_grant} "Token has been expired or revoked.") and the
 * YouTube Data API's channels.list (https://developers.google.com/youtube/v3/docs/channels/list) and error shape
 * (https://developers.google.com/youtube/v3/docs/errors).
 */
class YouTubeConnectorContractTest {

    @RegisterExtension
    static WireMockExtension google = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String CLIENT_ID = "1084945748469-eg34imk572gdhu83gj5p0an9fut6urp5.apps.googleusercontent.com";
    static final String SECRET = "GOCSPX-yt-secret-4kT9zQ";
    static final String CODE = "4/0AfJohXkPq2kTz8vYt3mRw_code-example";
    static final String ACCESS = "ya29.a0AfB_byC-yt-access-token-7Hq";
    static final String REFRESH = "1//04-yt-refresh-token-9Lm2Xp";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final URI REDIRECT = URI.create("https://api.socialwire.test/oauth/youtube/callback");

    private final YouTubeConnector connector = new YouTubeConnector(new OAuth2Client(CLIENT_ID, SECRET),
            google.baseUrl() + "/o/oauth2/v2/auth", google.baseUrl() + "/token", google.baseUrl() + "/youtube/v3",
            YouTubeConnector.SCOPES, Contract.http());

    @Test
    void theAuthorizeUrlAsksForOfflineAccessWithConsentAndS256() {
        String challenge = Pkce.challenge(VERIFIER);
        URI url = connector.authorizeUrl(new Connector.Authorize("st-yt", challenge, REDIRECT, null));

        String expected = google.baseUrl() + "/o/oauth2/v2/auth?response_type=code&client_id=" + CLIENT_ID
                + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Fyoutube%2Fcallback"
                + "&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fyoutube.upload%20https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fyoutube.readonly%20https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fyoutube.force-ssl"
                + "&state=st-yt&code_challenge=" + challenge + "&code_challenge_method=S256&";
        assertTrue(url.toString().startsWith(expected), url.toString());
        // Google's own parameters follow, in no particular order
        assertEquals(java.util.Set.of("access_type=offline", "prompt=consent", "include_granted_scopes=true"),
                java.util.Set.of(url.toString().substring(expected.length()).split("&")));
        assertThrows(IllegalArgumentException.class, () -> connector.authorizeUrl(new Connector.Authorize("st", null, REDIRECT, null)));
    }

    @Test
    void theCodeIsExchangedWithTheVerifierAndTheSecretInTheForm() {
        google.stubFor(post(urlPathEqualTo("/token")).willReturn(okJson("""
                {"access_token":"%s","expires_in":3599,"refresh_token":"%s",
                 "scope":"https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.readonly https://www.googleapis.com/auth/youtube.force-ssl","token_type":"Bearer"}"""
                .formatted(ACCESS, REFRESH))));

        Grant g = ok(connector.exchange(new Connector.Exchange(CODE, VERIFIER, REDIRECT, null)));

        assertEquals(ACCESS, g.accessToken());
        assertEquals(REFRESH, g.refreshToken());
        assertEquals(NOW.plusSeconds(3599), g.expiresAt());
        assertEquals(YouTubeConnector.SCOPES, g.scopes());
        assertFalse(g.rotates(), "Google refresh tokens do not rotate");
        google.verify(postRequestedFor(urlEqualTo("/token"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withoutHeader("Authorization")
                .withRequestBody(equalTo("grant_type=authorization_code&code=" + PlatformHttp.component(CODE)
                        + "&redirect_uri=https%3A%2F%2Fapi.socialwire.test%2Foauth%2Fyoutube%2Fcallback&code_verifier=" + VERIFIER
                        + "&client_id=" + CLIENT_ID + "&client_secret=" + SECRET)));
    }

    @Test
    void aRefreshAnsweredWithoutARefreshTokenKeepsTheOneWeHave() {
        google.stubFor(post(urlPathEqualTo("/token")).willReturn(okJson("""
                {"access_token":"ya29.fresh-access-2","expires_in":3599,"scope":"https://www.googleapis.com/auth/youtube.upload","token_type":"Bearer"}""")));

        Grant g = ok(connector.refresh(new Grant(ACCESS, REFRESH, NOW, null, YouTubeConnector.SCOPES, false), null));

        assertEquals("ya29.fresh-access-2", g.accessToken());
        assertEquals(REFRESH, g.refreshToken(), "a refresh without a refresh token must not drop ours (Postiz #1595)");
        assertEquals(NOW.plusSeconds(3599), g.expiresAt());
        google.verify(postRequestedFor(urlEqualTo("/token")).withRequestBody(equalTo(
                "grant_type=refresh_token&refresh_token=" + PlatformHttp.component(REFRESH) + "&client_id=" + CLIENT_ID
                        + "&client_secret=" + SECRET)));
    }

    @Test
    void aRevokedRefreshTokenIsAuthFailedAndNeverShown() {
        google.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}")));

        PlatformResult<Grant> r = connector.refresh(new Grant(ACCESS, REFRESH, NOW, null, List.of(), false), null);

        PlatformResult.AuthFailed<Grant> a = assertInstanceOf(PlatformResult.AuthFailed.class, r);
        assertEquals("invalid_grant", a.code());
        Contract.assertNoneIn(r, ACCESS, REFRESH, SECRET);
        Contract.assertNoneLogged(ACCESS, REFRESH, SECRET, CODE);
    }

    @Test
    void theChannelOfTheTokenIsOfferedAsAChannel() {
        google.stubFor(get(urlPathEqualTo("/youtube/v3/channels")).willReturn(okJson(CHANNELS.formatted(CHANNEL_A))));

        List<Connector.Offered> offered = ok(connector.offered(new Grant(ACCESS, REFRESH, null, null, List.of(), false), null));

        assertEquals(List.of(new Connector.Offered("UC_x5XG1OV2P6uZZ5FSM9Ttw", "@bloombakery", "Bloom Bakery",
                "https://yt3.ggpht.com/ytc/bloom=s88-c-k-c0x00ffffff-no-rj", "channel", null, Map.of())), offered);
        google.verify(getRequestedFor(urlEqualTo("/youtube/v3/channels?part=snippet&mine=true&maxResults=50"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS)));
    }

    @Test
    void severalChannelsAreAllOfferedForSelection() {
        google.stubFor(get(urlPathEqualTo("/youtube/v3/channels")).willReturn(okJson(CHANNELS.formatted(CHANNEL_A + "," + CHANNEL_B))));

        List<Connector.Offered> offered = ok(connector.offered(new Grant(ACCESS, REFRESH, null, null, List.of(), false), null));

        assertEquals(List.of("UC_x5XG1OV2P6uZZ5FSM9Ttw", "UCbrandAccount0000000002"), offered.stream().map(Connector.Offered::externalId).toList());
        assertTrue(offered.stream().allMatch(o -> o.kind().equals("channel")));
    }

    @Test
    void aGoogleAccountWithoutAChannelIsRefusedSayingWhatToDo() {
        google.stubFor(get(urlPathEqualTo("/youtube/v3/channels")).willReturn(okJson("""
                {"kind":"youtube#channelListResponse","etag":"RuuXzTIr0OoDqI4S0RU6n4FqKEM","pageInfo":{"totalResults":0,"resultsPerPage":5}}""")));

        PlatformResult.Rejected<?> r = assertInstanceOf(PlatformResult.Rejected.class,
                connector.offered(new Grant(ACCESS, REFRESH, null, null, List.of(), false), null));
        assertTrue(r.message().contains("no YouTube channel"), r.message());
    }

    @Test
    void anExpiredAccessTokenOnChannelsListIsAuthFailed() {
        google.stubFor(get(urlPathEqualTo("/youtube/v3/channels")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(GOOGLE_401)));

        PlatformResult.AuthFailed<?> a = assertInstanceOf(PlatformResult.AuthFailed.class,
                connector.offered(new Grant(ACCESS, REFRESH, null, null, List.of(), false), null));
        assertEquals("authError", a.code());
    }

    @Test
    void aRateLimitedChannelsListIsTransientByGooglesReason() {
        google.stubFor(get(urlPathEqualTo("/youtube/v3/channels")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error":{"code":403,"message":"The request cannot be completed because you have exceeded your quota.",
                         "errors":[{"message":"Rate Limit Exceeded","domain":"usageLimits","reason":"rateLimitExceeded"}],"status":"PERMISSION_DENIED"}}""")));

        PlatformResult.Transient<?> t = assertInstanceOf(PlatformResult.Transient.class,
                connector.offered(new Grant(ACCESS, REFRESH, null, null, List.of(), false), null));
        assertEquals("rateLimitExceeded", t.code());
    }

    @Test
    void theConnectorIsConfiguredByItsClientAndEndpoints() {
        Connectors none = Connectors.fromConfig(Config.of(Map.of()));
        assertTrue(none.find("youtube").isEmpty(), "no client, no YouTube");
        assertThrows(IllegalStateException.class, () -> Connectors.fromConfig(Config.of(Map.of("YOUTUBE_CLIENT_ID", CLIENT_ID))));

        Connectors configured = Connectors.fromConfig(Config.of(Map.of("YOUTUBE_CLIENT_ID", CLIENT_ID, "YOUTUBE_CLIENT_SECRET", SECRET,
                "YOUTUBE_AUTHORIZE_URL", google.baseUrl() + "/auth")));
        Connector c = configured.find("youtube").orElseThrow();
        assertTrue(c.authorizeUrl(new Connector.Authorize("s", Pkce.challenge(VERIFIER), REDIRECT, null)).toString()
                .startsWith(google.baseUrl() + "/auth?"));
    }

    static final String GOOGLE_401 = """
            {"error":{"code":401,"message":"Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
             "errors":[{"message":"Invalid Credentials","domain":"global","reason":"authError","location":"Authorization","locationType":"header"}],
             "status":"UNAUTHENTICATED"}}""";
    static final String CHANNELS = """
            {"kind":"youtube#channelListResponse","etag":"Hsr0kIfZFqC6dCgNLP2jo-Sa0Wk","pageInfo":{"totalResults":2,"resultsPerPage":50},"items":[%s]}""";
    static final String CHANNEL_A = """
            {"kind":"youtube#channel","etag":"z0xH3Bfd7qYzZAF4ZtG9X1-3dQA","id":"UC_x5XG1OV2P6uZZ5FSM9Ttw",
             "snippet":{"title":"Bloom Bakery","description":"Bread, daily.","customUrl":"@bloombakery","publishedAt":"2019-08-23T00:34:43Z",
              "thumbnails":{"default":{"url":"https://yt3.ggpht.com/ytc/bloom=s88-c-k-c0x00ffffff-no-rj","width":88,"height":88}},
              "localized":{"title":"Bloom Bakery","description":"Bread, daily."},"country":"US"}}""";
    static final String CHANNEL_B = """
            {"kind":"youtube#channel","etag":"a1","id":"UCbrandAccount0000000002","snippet":{"title":"Bloom Recipes","customUrl":"@bloomrecipes"}}""";
}
