package com.socialwire.shared.social.connectors;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.OAuth2Client;
import com.socialwire.shared.social.oauth.PlatformHttp;
import com.socialwire.shared.social.oauth.Pkce;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Every connector's code exchange against the same failures of its token endpoint, each shaped as that platform
 * answers: what the caller must do next is the same everywhere, and no secret of the request is ever shown.
 */
class TokenEndpointFailuresTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String SECRET = "client-secret-5up3r-s3cr3t";
    static final String CODE = "the-authorization-code-0123456789";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final URI REDIRECT = URI.create("https://api.socialwire.test/oauth/p/callback");

    /** One platform: how to build its connector on a base URL, and its token endpoint's method and path. */
    record Platform(String name, BiFunction<String, PlatformHttp, Connector> build, boolean byGet, String tokenPath) {
        MappingBuilder token() {
            return byGet ? get(urlPathEqualTo(tokenPath)) : post(urlPathEqualTo(tokenPath));
        }

        PlatformResult<Grant> exchange(String base, PlatformHttp http) {
            Connector c = build.apply(base, http);
            if (c instanceof MastodonConnector) { // registers our app first, as the authorize step does
                c.authorizeUrl(new Connector.Authorize("s", Pkce.challenge(VERIFIER), REDIRECT, base));
            }
            return c.exchange(new Connector.Exchange(CODE, VERIFIER, REDIRECT, base));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Platform> PLATFORMS = List.of(
            new Platform("twitter", (b, h) -> new XConnector(new OAuth2Client("xid", SECRET), b + "/a", b, XConnector.SCOPES, h),
                    false, "/2/oauth2/token"),
            new Platform("linkedin", (b, h) -> new LinkedInConnector(new OAuth2Client("lid", SECRET), b, b, "202611",
                    LinkedInConnector.SCOPES, h), false, "/oauth/v2/accessToken"),
            new Platform("facebook", (b, h) -> new FacebookPagesConnector(new OAuth2Client("fid", SECRET), b, b,
                    FacebookPagesConnector.SCOPES, h), true, "/oauth/access_token"),
            new Platform("threads", (b, h) -> new ThreadsConnector(new OAuth2Client("tid", SECRET), b + "/a", b,
                    ThreadsConnector.SCOPES, h), false, "/oauth/access_token"),
            new Platform("mastodon", (b, h) -> new MastodonConnector(new InMemoryMastodonApps(), "Socialwire", null,
                    MastodonConnector.SCOPES, true, h), false, "/oauth/token"),
            new Platform("pinterest", (b, h) -> new PinterestConnector(new OAuth2Client("pid", SECRET), b + "/a", b,
                    PinterestConnector.SCOPES, false, h), false, "/v5/oauth/token"));

    static Stream<Arguments> failures() {
        return PLATFORMS.stream().flatMap(p -> Stream.of(
                Arguments.of(p, "429 with Retry-After", aResponse().withStatus(429).withHeader("Retry-After", "30")
                        .withBody("{\"error\":\"rate_limited\"}"), PlatformResult.Transient.class),
                Arguments.of(p, "503 HTML page", aResponse().withStatus(503).withHeader("Content-Type", "text/html")
                        .withBody("<html><body>Service Unavailable " + CODE + "</body></html>"), PlatformResult.Transient.class),
                Arguments.of(p, "404 HTML page", aResponse().withStatus(404).withHeader("Content-Type", "text/html")
                        .withBody("<!DOCTYPE html><html><h1>Not Found</h1></html>"), PlatformResult.Rejected.class),
                Arguments.of(p, "400 invalid_grant quoting the code", aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"code " + CODE + " expired\"}"),
                        PlatformResult.AuthFailed.class),
                Arguments.of(p, "401 invalid_client quoting the secret", aResponse().withStatus(401)
                        .withBody("{\"error\":\"invalid_client\",\"error_description\":\"bad secret " + SECRET + "\"}"),
                        PlatformResult.AuthFailed.class),
                Arguments.of(p, "200 without a token", okJson("{\"token_type\":\"bearer\"}"), PlatformResult.Unknown.class),
                Arguments.of(p, "200 HTML page", aResponse().withStatus(200).withBody("<html>captive portal</html>"),
                        PlatformResult.Unknown.class),
                Arguments.of(p, "read timeout", okJson("{\"access_token\":\"late\"}").withFixedDelay(Contract.SLOW_MS),
                        PlatformResult.Unknown.class)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("failures")
    void aTokenEndpointFailureMapsToWhatTheCallerMustDo(Platform p, String what, ResponseDefinitionBuilder answer,
                                                        Class<?> expected) {
        wm.stubFor(post(urlPathEqualTo("/api/v1/apps")).willReturn(okJson(
                "{\"client_id\":\"mid\",\"client_secret\":\"" + SECRET + "\",\"client_secret_expires_at\":0}")));
        wm.stubFor(p.token().willReturn(answer));
        PlatformHttp http = what.equals("read timeout") ? Contract.impatientHttp() : Contract.http();

        PlatformResult<Grant> r = p.exchange(wm.baseUrl(), http);

        assertInstanceOf(expected, r, p + " " + what + ": " + r);
        if (r instanceof PlatformResult.Transient<Grant> t && t.httpStatus() == 429) {
            assertEquals(30, t.retryAfterSeconds());
        }
        Contract.assertNoneIn(r, SECRET, CODE, VERIFIER);
        Contract.assertNoneLogged(SECRET, CODE, VERIFIER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("platforms")
    void aTokenEndpointThatRefusesTheConnectionIsTransient(Platform p) throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String base = "http://localhost:" + closed;
        Connector c = p.build().apply(base, Contract.http());
        // Mastodon's first call to an instance is our app's registration
        PlatformResult<?> r = c instanceof MastodonConnector m ? m.app(base, REDIRECT)
                : c.exchange(new Connector.Exchange(CODE, VERIFIER, REDIRECT, base));
        PlatformResult.Transient<?> t = assertInstanceOf(PlatformResult.Transient.class, r, p + ": " + r);
        assertEquals("connect_failed", t.code());
    }

    static Stream<Platform> platforms() {
        return PLATFORMS.stream();
    }
}
