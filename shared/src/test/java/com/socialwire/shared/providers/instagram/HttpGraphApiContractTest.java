package com.socialwire.shared.providers.instagram;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real {@link HttpGraphApi} against WireMock stubs shaped like Meta's Graph API responses. */
class HttpGraphApiContractTest {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = "IGQVJ-test-token-7f3a9c2e51";
    private static final String COMMENT = "17870913679156914";
    private static final String IG_USER = "17841405822304914";

    private final HttpGraphApi graph = new HttpGraphApi(meta.baseUrl() + "/v21.0/", Duration.ofMillis(2000));

    private static String usage(int callCount, int cpu, int time, int regainMinutes) {
        return """
                {"%s":[{"type":"instagram","call_count":%d,"total_cputime":%d,"total_time":%d,"estimated_time_to_regain_access":%d}]}"""
                .formatted(IG_USER, callCount, cpu, time, regainMinutes);
    }

    @Test
    void repliesToACommentWithAFormBodyAndTheTokenOnlyInTheAuthorizationHeader() {
        meta.stubFor(post(urlPathEqualTo("/v21.0/" + COMMENT + "/replies"))
                .willReturn(okJson("{\"id\":\"17873440459141021\"}").withHeader("X-Business-Use-Case-Usage", usage(12, 3, 5, 0))));

        GraphResult<String> r = graph.replyToComment(TOKEN, COMMENT, "Thanks, Ana! See you soon & take care");

        GraphResult.Ok<String> ok = assertInstanceOf(GraphResult.Ok.class, r);
        assertEquals("17873440459141021", ok.value());
        assertEquals(new GraphResult.BusinessUseCaseUsage(12, 3, 5, 0), ok.usage());
        assertFalse(ok.usage().nearLimit());
        meta.verify(postRequestedFor(urlEqualTo("/v21.0/" + COMMENT + "/replies")) // exact: no token in the query
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("message=Thanks%2C+Ana%21+See+you+soon+%26+take+care")));
    }

    @Test
    void hidesAndUnhidesAComment() {
        meta.stubFor(post(urlPathEqualTo("/v21.0/" + COMMENT)).willReturn(okJson("{\"success\":true}")));

        assertEquals(new GraphResult.Ok<>(true, null), graph.hideComment(TOKEN, COMMENT, true));
        assertEquals(new GraphResult.Ok<>(true, null), graph.hideComment(TOKEN, COMMENT, false));

        meta.verify(postRequestedFor(urlEqualTo("/v21.0/" + COMMENT)).withRequestBody(equalTo("hide=true"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        meta.verify(postRequestedFor(urlEqualTo("/v21.0/" + COMMENT)).withRequestBody(equalTo("hide=false")));
    }

    @Test
    void sendsADirectMessageAsJsonAndReturnsTheMessageId() {
        meta.stubFor(post(urlPathEqualTo("/v21.0/" + IG_USER + "/messages"))
                .willReturn(okJson("{\"recipient_id\":\"6789012345\",\"message_id\":\"aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx\"}")));

        GraphResult<String> r = graph.sendMessage(TOKEN, IG_USER, "6789012345", "Hi! Your order ships today \"fast\".");

        assertEquals(new GraphResult.Ok<>("aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx", null), r);
        meta.verify(postRequestedFor(urlEqualTo("/v21.0/" + IG_USER + "/messages"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"recipient":{"id":"6789012345"},"message":{"text":"Hi! Your order ships today \\"fast\\"."}}""")));
    }

    @Test
    void readsACommentWithItsReplies() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/" + COMMENT)).willReturn(okJson("""
                {"id":"17870913679156914","text":"Is this in stock?","username":"ana.b","timestamp":"2026-11-20T18:10:30+0000",
                 "from":{"id":"6789012345","username":"ana.b"},"media":{"id":"17895695668004550"},
                 "replies":{"data":[{"id":"17873440459141021","text":"Yes! DM us","username":"brand","from":{"id":"17841405822304914","username":"brand"}}]}}""")));

        GraphResult<GraphApi.Comment> r = graph.getComment(TOKEN, COMMENT);

        assertEquals(new GraphResult.Ok<>(new GraphApi.Comment(COMMENT, "Is this in stock?", "ana.b", "6789012345",
                "17895695668004550", "2026-11-20T18:10:30+0000",
                List.of(new GraphApi.Reply("17873440459141021", "Yes! DM us", "brand", IG_USER))), null), r);
        meta.verify(getRequestedFor(urlEqualTo("/v21.0/" + COMMENT
                + "?fields=id%2Ctext%2Cusername%2Ctimestamp%2Cfrom%2Cmedia%2Creplies%7Bid%2Ctext%2Cusername%2Cfrom%7D"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aBadRequestIsRejectedWithMetasCodeAndTraceId() {
        meta.stubFor(post(urlPathEqualTo("/v21.0/" + COMMENT + "/replies")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(MetaErrors.body("Unsupported post request. Object does not exist", "GraphMethodException", 100, 33))));

        GraphResult.Rejected<String> r = assertInstanceOf(GraphResult.Rejected.class, graph.replyToComment(TOKEN, COMMENT, "hi"));

        assertEquals(400, r.httpStatus());
        assertEquals(100, r.code());
        assertTrue(r.message().startsWith("Unsupported post request. Object does not exist"), r.message());
        assertTrue(r.message().contains("fbtrace_id AbCdEfGh123"), r.message());
        assertTrue(r.message().contains("subcode 33"), r.message());
    }

    @Test
    void code190IsAnExpiredTokenAndTheTokenNeverAppearsInTheMessage() {
        // Meta's message may quote what it was sent; the client must scrub it.
        meta.stubFor(post(urlPathEqualTo("/v21.0/" + COMMENT + "/replies")).willReturn(aResponse().withStatus(400)
                .withBody(MetaErrors.body("Error validating access token: Session has expired for " + TOKEN, "OAuthException", 190, 463))));

        GraphResult<String> r = graph.replyToComment(TOKEN, COMMENT, "hi");

        GraphResult.TokenExpired<String> expired = assertInstanceOf(GraphResult.TokenExpired.class, r);
        assertEquals(190, expired.code());
        assertEquals(463, expired.subcode());
        assertFalse(expired.message().contains(TOKEN), expired.message());
        assertFalse(r.toString().contains(TOKEN), r.toString());
        assertTrue(expired.message().contains("[redacted]"), expired.message());
    }

    @Test
    void http401OAuthExceptionIsAnExpiredToken() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/" + COMMENT)).willReturn(aResponse().withStatus(401)
                .withBody(MetaErrors.body("Invalid OAuth access token - Cannot parse access token", "OAuthException", 2500, null))));

        GraphResult.TokenExpired<GraphApi.Comment> r = assertInstanceOf(GraphResult.TokenExpired.class, graph.getComment(TOKEN, COMMENT));
        assertEquals(2500, r.code());
    }

    @Test
    void code4IsTransientAndTheUsageHeaderGivesTheWait() {
        meta.stubFor(post(urlPathEqualTo("/v21.0/" + COMMENT + "/replies")).willReturn(aResponse().withStatus(403)
                .withHeader("X-Business-Use-Case-Usage", usage(100, 20, 35, 7))
                .withBody(MetaErrors.body("(#4) Application request limit reached", "OAuthException", 4, 2446079))));

        GraphResult.Transient<String> r = assertInstanceOf(GraphResult.Transient.class, graph.replyToComment(TOKEN, COMMENT, "hi"));

        assertEquals(403, r.httpStatus());
        assertEquals(4, r.code());
        assertEquals(7 * 60, r.retryAfterSeconds());
    }

    @Test
    void code613IsTransientAndTheHighestFigureAcrossBusinessesWins() {
        String header = """
                {"111":[{"type":"instagram","call_count":40,"total_cputime":90,"total_time":10,"estimated_time_to_regain_access":0}],
                 "222":[{"type":"messenger","call_count":95,"total_cputime":5,"total_time":60,"estimated_time_to_regain_access":12},
                        {"type":"pages","call_count":1,"total_cputime":1,"total_time":99,"estimated_time_to_regain_access":3}]}""";
        meta.stubFor(post(urlPathEqualTo("/v21.0/" + IG_USER + "/messages")).willReturn(aResponse().withStatus(400)
                .withHeader("X-Business-Use-Case-Usage", header)
                .withBody(MetaErrors.body("Calls to this api have exceeded the rate limit.", "OAuthException", 613, null))));

        GraphResult.Transient<String> r = assertInstanceOf(GraphResult.Transient.class, graph.sendMessage(TOKEN, IG_USER, "1", "hi"));

        assertEquals(613, r.code());
        assertEquals(12 * 60, r.retryAfterSeconds());
        GraphResult.BusinessUseCaseUsage parsed = HttpGraphApi.parseUsage(header);
        assertEquals(new GraphResult.BusinessUseCaseUsage(95, 90, 99, 12), parsed);
        assertTrue(parsed.nearLimit());
    }

    @Test
    void businessUseCaseLimitCodeIsTransient() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/" + COMMENT)).willReturn(aResponse().withStatus(400)
                .withBody(MetaErrors.body("There have been too many calls from this Instagram account.", "OAuthException", 80002, null))));

        assertInstanceOf(GraphResult.Transient.class, graph.getComment(TOKEN, COMMENT));
    }

    @Test
    void http429IsTransientEvenWithoutAnErrorBody() {
        meta.stubFor(post(urlPathEqualTo("/v21.0/" + COMMENT)).willReturn(aResponse().withStatus(429)
                .withHeader("X-Business-Use-Case-Usage", usage(100, 100, 100, 2))));

        GraphResult.Transient<Boolean> r = assertInstanceOf(GraphResult.Transient.class, graph.hideComment(TOKEN, COMMENT, true));

        assertEquals(429, r.httpStatus());
        assertEquals(120, r.retryAfterSeconds());
    }

    @Test
    void http500IsTransientWhateverTheBody() {
        meta.stubFor(post(urlPathEqualTo("/v21.0/" + COMMENT + "/replies")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Sorry, something went wrong.</body></html>")));

        GraphResult.Transient<String> r = assertInstanceOf(GraphResult.Transient.class, graph.replyToComment(TOKEN, COMMENT, "hi"));

        assertEquals(500, r.httpStatus());
        assertEquals(0, r.retryAfterSeconds());
    }

    @Test
    void aPostThatTimesOutAfterSendingIsUnknown() {
        meta.stubFor(post(urlPathEqualTo("/v21.0/" + COMMENT + "/replies"))
                .willReturn(okJson("{\"id\":\"1\"}").withFixedDelay(4000)));

        GraphResult<String> r = graph.replyToComment(TOKEN, COMMENT, "hi");

        GraphResult.Unknown<String> unknown = assertInstanceOf(GraphResult.Unknown.class, r);
        assertFalse(unknown.message().contains(TOKEN));
    }

    @Test
    void aGetThatTimesOutIsTransient() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/" + COMMENT)).willReturn(okJson("{\"id\":\"1\"}").withFixedDelay(4000)));

        assertInstanceOf(GraphResult.Transient.class, graph.getComment(TOKEN, COMMENT));
    }

    @Test
    void aRefusedConnectionIsTransientEvenForAPost() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        HttpGraphApi down = new HttpGraphApi("http://127.0.0.1:" + closedPort + "/v21.0", Duration.ofMillis(2000));

        GraphResult.Transient<String> r = assertInstanceOf(GraphResult.Transient.class, down.replyToComment(TOKEN, COMMENT, "hi"));

        assertEquals(0, r.httpStatus());
        assertFalse(r.toString().contains(TOKEN));
    }

    @Test
    void anIdThatIsNotAGraphIdIsRejectedWithoutCallingMeta() {
        GraphResult.Rejected<String> r = assertInstanceOf(GraphResult.Rejected.class, graph.replyToComment(TOKEN, "../me/feed", "hi"));

        assertEquals(0, r.httpStatus());
        meta.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aMissingTokenIsAnExpiredTokenWithoutCallingMeta() {
        assertInstanceOf(GraphResult.TokenExpired.class, graph.hideComment(" ", COMMENT, true));
        meta.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anUnreadableUsageHeaderIsIgnored() {
        assertNull(HttpGraphApi.parseUsage("not json"));
        assertNull(HttpGraphApi.parseUsage("{}"));
        assertNull(HttpGraphApi.parseUsage(null));
    }

    @Test
    void fromConfigReadsBaseUrlAndTimeout() {
        meta.stubFor(post(urlPathEqualTo("/graph/" + COMMENT)).willReturn(okJson("{\"success\":true}")));

        GraphApi configured = GraphApis.fromConfig(Config.of(Map.of("GRAPH_API_BASE_URL", meta.baseUrl() + "/graph", "GRAPH_API_TIMEOUT_MS", "500")));

        assertEquals(new GraphResult.Ok<>(true, null), configured.hideComment(TOKEN, COMMENT, true));
        assertTrue(GraphApis.fromConfig(Config.of(Map.of())).toString().contains("https://graph.facebook.com/v21.0"));
    }

    // ------------------------------------------------------------------ whom a token belongs to (Instagram Login's GET /me)

    @Test
    void tokenOwnerReadsTheInstagramAccountIdNotTheAppScopedId() {
        // the live API's answer: the object itself, with the app-scoped id beside user_id
        meta.stubFor(get(urlPathEqualTo("/v21.0/me")).willReturn(okJson(
                "{\"user_id\":\"" + IG_USER + "\",\"username\":\"bloombakery\",\"id\":\"7369210547315012\"}")));

        assertEquals(new GraphResult.Ok<>(new GraphApi.TokenOwner(IG_USER, "bloombakery"), null), graph.tokenOwner(TOKEN));
        meta.verify(getRequestedFor(urlEqualTo("/v21.0/me?fields=user_id%2Cusername")) // the token only in the header
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void tokenOwnerReadsTheDataWrappedShapeOfMetasGetStartedPage() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/me")).willReturn(okJson(
                "{\"data\":[{\"user_id\":\"" + IG_USER + "\",\"username\":\"bloombakery\",\"id\":\"7369210547315012\"}]}")));

        assertEquals(new GraphResult.Ok<>(new GraphApi.TokenOwner(IG_USER, "bloombakery"), null), graph.tokenOwner(TOKEN));
    }

    @Test
    void anInvalidTokenIsCode190AndAFacebookLoginTokenIsRejected() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/me")).withHeader("Authorization", equalTo("Bearer " + TOKEN)).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(MetaErrors.body("Invalid OAuth access token - Cannot parse access token", "OAuthException", 190, null))));
        meta.stubFor(get(urlPathEqualTo("/v21.0/me")).withHeader("Authorization", equalTo("Bearer EAAfacebookUserToken123")).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(MetaErrors.body("(#100) Tried accessing nonexisting field (user_id) on node type (User)", "OAuthException", 100, null))));

        GraphResult.TokenExpired<GraphApi.TokenOwner> invalid = assertInstanceOf(GraphResult.TokenExpired.class, graph.tokenOwner(TOKEN));
        assertEquals(190, invalid.code());
        GraphResult.Rejected<GraphApi.TokenOwner> facebook = assertInstanceOf(GraphResult.Rejected.class, graph.tokenOwner("EAAfacebookUserToken123"));
        assertEquals(100, facebook.code());
    }

    @Test
    void anAnswerWithoutANumericUserIdProvesNothingAndAnOutageIsTransient() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/me")).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(okJson("{\"id\":\"7369210547315012\",\"username\":\"someone\"}")));
        meta.stubFor(get(urlPathEqualTo("/v21.0/me")).withHeader("Authorization", equalTo("Bearer IGQVJ-when-meta-is-down"))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody(MetaErrors.body("Service temporarily unavailable", "OAuthException", 2, null))));

        assertInstanceOf(GraphResult.Rejected.class, graph.tokenOwner(TOKEN));
        assertInstanceOf(GraphResult.Transient.class, graph.tokenOwner("IGQVJ-when-meta-is-down"));
    }
}
