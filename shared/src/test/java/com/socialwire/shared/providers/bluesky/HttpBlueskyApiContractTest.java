package com.socialwire.shared.providers.bluesky;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.providers.ProviderError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the reference PDS in BlueskyPdsIT cannot be made to do on demand (rate limits, timeouts, 5xx, odd answers),
 * against WireMock stubs shaped like a PDS's XRPC answers (error bodies {@code {"error","message"}}, the
 * {@code ratelimit-*} headers of https://docs.bsky.app/docs/advanced-guides/rate-limits).
 */
class HttpBlueskyApiContractTest {

    @RegisterExtension
    static WireMockExtension pds = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String DID = "did:plc:okmi3ne5bqdqdjwatx75vff4";
    private static final String ACCESS = "eyJ0eXAiOiJhdCtqd3QifQ.access.sig";
    private static final String REFRESH = "eyJ0eXAiOiJyZWZyZXNoK2p3dCJ9.refresh.sig";

    private final HttpBlueskyApi api = new HttpBlueskyApi(Duration.ofMillis(1500));

    private BlueskySession session() {
        return new BlueskySession(DID, "alice.test", pds.baseUrl(), ACCESS, REFRESH, true, null);
    }

    private static BlueskyPost aPost() {
        return new BlueskyPost("hello", null, null, Instant.parse("2026-12-04T20:00:00Z"), null);
    }

    @Test
    void aRateLimitIsRetryLaterUntilTheResetTheHeaderGives() {
        pds.stubFor(post(urlPathEqualTo("/xrpc/com.atproto.repo.createRecord")).willReturn(aResponse().withStatus(429)
                .withHeader("ratelimit-limit", "5000").withHeader("ratelimit-remaining", "0")
                .withHeader("ratelimit-reset", "1796417000").withHeader("ratelimit-policy", "5000;w=3600")
                .withBody("{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}")));

        XrpcResult<BlueskyApi.PostRef> r = api.createPost(session(), Tid.forDelivery("dlv_1", Instant.EPOCH), aPost());

        XrpcResult.Transient<?> t = assertInstanceOf(XrpcResult.Transient.class, r);
        assertTrue(t.rateLimited());
        assertEquals(Instant.ofEpochSecond(1796417000), t.retryAt());
        assertEquals(new ProviderError("BLUESKY_RateLimitExceeded", ProviderError.RATE_LIMITED), ProviderError.of(r));
    }

    @Test
    void aCreateRecordThatTimesOutOrAnswers500IsAnUnknownOutcomeButAReadIsRetried() {
        pds.stubFor(post(urlPathEqualTo("/xrpc/com.atproto.repo.createRecord")).willReturn(okJson("{}").withFixedDelay(3000)));
        assertInstanceOf(XrpcResult.Unknown.class, api.createPost(session(), Tid.forDelivery("dlv_2", Instant.EPOCH), aPost()));

        pds.stubFor(post(urlPathEqualTo("/xrpc/com.atproto.repo.createRecord")).willReturn(aResponse().withStatus(500)
                .withBody("{\"error\":\"InternalServerError\",\"message\":\"Internal Server Error\"}")));
        assertInstanceOf(XrpcResult.Unknown.class, api.createPost(session(), Tid.forDelivery("dlv_2", Instant.EPOCH), aPost()));

        pds.stubFor(get(urlPathEqualTo("/xrpc/com.atproto.repo.getRecord")).willReturn(aResponse().withStatus(502)));
        XrpcResult.Transient<?> read = assertInstanceOf(XrpcResult.Transient.class,
                api.getPost(pds.baseUrl(), DID, Tid.forDelivery("dlv_2", Instant.EPOCH)));
        assertEquals(ProviderError.UNAVAILABLE, ProviderError.of(read).category());
    }

    @Test
    void anExpiredTokenMeansRefreshOnACallButReconnectOnRefreshSession() {
        String expired = "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}";
        pds.stubFor(post(urlPathEqualTo("/xrpc/com.atproto.repo.createRecord")).willReturn(aResponse().withStatus(400).withBody(expired)));
        pds.stubFor(post(urlPathEqualTo("/xrpc/com.atproto.server.refreshSession")).willReturn(aResponse().withStatus(400).withBody(expired)));

        assertInstanceOf(XrpcResult.TokenExpired.class, api.createPost(session(), Tid.forDelivery("dlv_3", Instant.EPOCH), aPost()));
        XrpcResult<BlueskySession> refresh = api.refreshSession(session());
        assertInstanceOf(XrpcResult.AuthRefused.class, refresh);
        assertEquals(new ProviderError("BLUESKY_ExpiredToken", ProviderError.AUTH), ProviderError.of(refresh));
        pds.verify(postRequestedFor(urlPathEqualTo("/xrpc/com.atproto.server.refreshSession"))
                .withHeader("Authorization", equalTo("Bearer " + REFRESH)));
    }

    @Test
    void aRefreshAnswerWithoutBothTokensOrForAnotherAccountNeverReplacesTheSession() {
        pds.stubFor(post(urlPathEqualTo("/xrpc/com.atproto.server.refreshSession"))
                .willReturn(okJson("{\"did\":\"" + DID + "\",\"handle\":\"alice.test\",\"accessJwt\":\"a.b.c\",\"refreshJwt\":\"\"}")));
        assertInstanceOf(XrpcResult.Transient.class, api.refreshSession(session()));

        pds.stubFor(post(urlPathEqualTo("/xrpc/com.atproto.server.refreshSession"))
                .willReturn(okJson("{\"did\":\"did:plc:someoneelse\",\"accessJwt\":\"a.b.c\",\"refreshJwt\":\"d.e.f\"}")));
        assertInstanceOf(XrpcResult.Transient.class, api.refreshSession(session()));
    }

    @Test
    void loginSendsOnlyAnAppPasswordAndFollowsTheAccountToItsPds() {
        XrpcResult<BlueskySession> main = api.createSession(pds.baseUrl(), "alice.test", "correct horse battery staple");
        assertEquals("NotAnAppPassword", assertInstanceOf(XrpcResult.Rejected.class, main).error());
        pds.verify(0, anyRequestedFor(anyUrl()));

        pds.stubFor(post(urlPathEqualTo("/xrpc/com.atproto.server.createSession")).willReturn(okJson("""
                {"did":"%s","handle":"alice.test","accessJwt":"a.b.c","refreshJwt":"d.e.f","active":true,
                 "didDoc":{"id":"%s","service":[{"id":"#atproto_pds","type":"AtprotoPersonalDataServer",
                 "serviceEndpoint":"https://morel.us-east.host.bsky.network/"}]}}""".formatted(DID, DID))));
        BlueskySession s = ((XrpcResult.Ok<BlueskySession>) api.createSession(pds.baseUrl(), "alice.test", "abcd-efgh-ijkl-mnop")).value();
        assertEquals("https://morel.us-east.host.bsky.network", s.pdsUrl());
        assertFalse(s.toString().contains("a.b.c"));
    }

    @Test
    void aPasswordTheServerEchoesIsRedactedFromTheMessage() {
        pds.stubFor(post(urlPathEqualTo("/xrpc/com.atproto.server.createSession")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"AuthenticationRequired\",\"message\":\"bad password abcd-efgh-ijkl-mnop\"}")));
        XrpcResult.AuthRefused<?> r = assertInstanceOf(XrpcResult.AuthRefused.class,
                api.createSession(pds.baseUrl(), "alice.test", "abcd-efgh-ijkl-mnop"));
        assertFalse(r.message().contains("abcd-efgh-ijkl-mnop"), r.message());
    }

    @Test
    void uploadsAnImageAsRawBytesWithItsTypeAndRefusesOthersUnsent() {
        pds.stubFor(post(urlPathEqualTo("/xrpc/com.atproto.repo.uploadBlob")).willReturn(okJson(
                "{\"blob\":{\"$type\":\"blob\",\"ref\":{\"$link\":\"bafkreih\"},\"mimeType\":\"image/jpeg\",\"size\":3}}")));
        Blob b = ((XrpcResult.Ok<Blob>) api.uploadBlob(session(), new byte[]{1, 2, 3}, "image/jpeg")).value();
        assertEquals(new Blob("bafkreih", "image/jpeg", 3), b);
        pds.verify(postRequestedFor(urlPathEqualTo("/xrpc/com.atproto.repo.uploadBlob")).withHeader("Content-Type", equalTo("image/jpeg")));

        assertInstanceOf(XrpcResult.Rejected.class, api.uploadBlob(session(), new byte[]{1}, "video/mp4"));
        assertInstanceOf(XrpcResult.Rejected.class, api.createPost(session(), "not-a-tid", aPost()));
        assertInstanceOf(XrpcResult.Rejected.class, api.createSession("file:///etc/passwd", "alice.test", "abcd-efgh-ijkl-mnop"));
        pds.verify(1, anyRequestedFor(anyUrl()));
    }
}
