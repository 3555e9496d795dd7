package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.PlatformPublisher.Media;
import com.socialwire.shared.social.PlatformPublisher.Outgoing;
import com.socialwire.shared.social.PlatformPublisher.Prepared;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.oauth.PlatformHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * {@link DribbblePublisher} against WireMock stubs shaped from developer.dribbble.com/v2/shots ({@code POST /shots}:
 * multipart {@code image} and {@code title}, {@code 202 Accepted} with the shot's {@code Location}, processed
 * asynchronously; {@code GET /user/shots}: the authenticated user's shots with {@code title}, {@code published_at},
 * {@code html_url}; errors as {@code {"message"}} with 401, 403, 422, 429).
 */
class DribbblePublisherContractTest {

    @RegisterExtension
    static WireMockExtension dribbble = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "dribbble-token-29b8f6c2a1e04d7b9f3c";
    static final Instant ARMED = Instant.parse("2026-12-04T12:00:00Z");
    static final String TEXT = "Bloom Bakery identity\nLogo and packaging for a neighbourhood bakery.";

    Target target;

    DribbblePublisher publisher(Instant now) {
        return publisher(now, Duration.ofSeconds(10));
    }

    DribbblePublisher publisher(Instant now, Duration timeout) {
        PlatformHttp http = new PlatformHttp(ProviderHttp.newClient(), timeout, Clock.fixed(now, ZoneOffset.UTC));
        return new DribbblePublisher(http, new MediaBytes(ProviderHttp.newClient(), Duration.ofSeconds(10)), dribbble.baseUrl());
    }

    @BeforeEach
    void setUp() {
        dribbble.resetAll();
        target = new Target(new SocialAccount("ten_1", "sa_d", "dribbble", "1", "simplebits", "Dan", null, "profile", null,
                List.of("public", "upload"), null, AccountStatus.CONNECTED, null, true, ARMED, ARMED, 1), TOKEN);
        dribbble.stubFor(get(urlPathEqualTo("/media/shot.png")).willReturn(aResponse().withStatus(200).withBody(new byte[]{(byte) 0x89, 'P', 'N', 'G'})));
    }

    Outgoing outgoing(Media... media) {
        return new Outgoing("ten_1", "post_1", TEXT, List.of(), List.of(media), null, null, ARMED);
    }

    Media shot(int width, int height) {
        return new Media("med_1", dribbble.baseUrl() + "/media/shot.png", "image/png", 4, null, width, height, null);
    }

    static String shots(Object... idTitleSeconds) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < idTitleSeconds.length; i += 3) {
            s.append(i == 0 ? "" : ",").append("{\"id\":").append(idTitleSeconds[i]).append(",\"title\":\"").append(idTitleSeconds[i + 1])
                    .append("\",\"description\":\"<p>x</p>\",\"width\":800,\"height\":600,\"published_at\":\"")
                    .append(ARMED.plusSeconds((int) idTitleSeconds[i + 2])).append("\",\"updated_at\":\"").append(ARMED.plusSeconds((int) idTitleSeconds[i + 2]))
                    .append("\",\"html_url\":\"https://dribbble.com/shots/").append(idTitleSeconds[i]).append("-x\",\"animated\":false,\"tags\":[]}");
        }
        return s.append("]").toString();
    }

    @Test
    void aShotIsPostedAsMultipartWithTheImageTitleAndDescriptionAndTheLocationGivesItsId() {
        dribbble.stubFor(post(urlPathEqualTo("/v2/shots")).willReturn(aResponse().withStatus(202)
                .withHeader("Location", "https://api.dribbble.com/v2/shots/471756").withHeader("X-RateLimit-Limit", "60")));
        DribbblePublisher p = publisher(ARMED);
        Outgoing post = outgoing(shot(800, 600));

        ObjectNode state = assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) p.prepare(target, post, Json.object())).value()).state();
        PlatformResult<Published> published = p.publish(target, post, state, "dedupe-1");

        assertEquals(new Published("471756", "https://dribbble.com/shots/471756"), ((PlatformResult.Ok<Published>) published).value());
        dribbble.verify(1, postRequestedFor(urlPathEqualTo("/v2/shots")).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withRequestBody(containing("name=\"image\"; filename=\"shot.png\"\r\nContent-Type: image/png\r\n\r\n"))
                .withRequestBody(containing("name=\"title\"\r\n\r\nBloom Bakery identity\r\n"))
                .withRequestBody(containing("name=\"description\"\r\n\r\nLogo and packaging for a neighbourhood bakery.\r\n")));
    }

    @Test
    void aShotThatIsNotOneImageOfDribbblesSizesIsRefusedBeforeAnythingIsSent() {
        assertEquals("SHOT_NEEDS_ONE_IMAGE", assertInstanceOf(PlatformResult.Rejected.class, publisher(ARMED).prepare(target, outgoing(), Json.object())).code());
        assertEquals("SHOT_NEEDS_ONE_IMAGE", assertInstanceOf(PlatformResult.Rejected.class,
                publisher(ARMED).prepare(target, outgoing(shot(800, 600), shot(400, 300)), Json.object())).code());
        assertEquals("MEDIA_DIMENSIONS", assertInstanceOf(PlatformResult.Rejected.class,
                publisher(ARMED).prepare(target, outgoing(shot(1024, 768)), Json.object())).code());
        Media clip = new Media("med_2", dribbble.baseUrl() + "/media/clip.mp4", "video/mp4", 1000, null, 800, 600, 3.0);
        assertEquals("MEDIA_UNSUPPORTED", assertInstanceOf(PlatformResult.Rejected.class, publisher(ARMED).prepare(target, outgoing(clip), Json.object())).code());
        assertInstanceOf(PlatformResult.Ok.class, publisher(ARMED).prepare(target, outgoing(shot(400, 300)), Json.object()));
        dribbble.verify(0, postRequestedFor(urlPathEqualTo("/v2/shots")));
    }

    @Test
    void aShotWhoseAnswerWasLostIsFoundAmongTheUsersShotsSoTheDeliveryEndsWithOneShot() {
        dribbble.stubFor(post(urlPathEqualTo("/v2/shots")).willReturn(aResponse().withStatus(202)
                .withHeader("Location", "https://api.dribbble.com/v2/shots/471756").withFixedDelay(3_000)));
        dribbble.stubFor(get(urlPathEqualTo("/v2/user/shots")).willReturn(okJson(shots(
                471756, "Bloom Bakery identity", 40,
                471700, "Bloom Bakery identity", -86_400,  // the same title a day before
                471755, "Another shot", 10))));

        PlatformResult<Published> lost = publisher(ARMED, Duration.ofMillis(500)).publish(target, outgoing(shot(800, 600)), Json.object(), "dedupe-1");
        assertFalse(assertInstanceOf(PlatformResult.Unknown.class, lost).message().contains(TOKEN));
        PlatformResult<Reconciled> r = publisher(ARMED.plus(Duration.ofMinutes(2))).reconcile(target, outgoing(shot(800, 600)), Json.object(), "dedupe-1", ARMED);

        assertEquals(new Reconciled.Found(new Published("471756", "https://dribbble.com/shots/471756-x")), ((PlatformResult.Ok<Reconciled>) r).value());
        dribbble.verify(1, postRequestedFor(urlPathEqualTo("/v2/shots"))); // posted once, found, not posted again
        dribbble.verify(getRequestedFor(urlPathEqualTo("/v2/user/shots")).withQueryParam("per_page", equalTo("100"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aMissingShotProvesNothingWhileDribbbleMayStillProcessItAndIsNotFoundAfter() {
        dribbble.stubFor(get(urlPathEqualTo("/v2/user/shots")).willReturn(okJson(shots(471755, "Another shot", 10))));

        PlatformResult.Transient<?> early = assertInstanceOf(PlatformResult.Transient.class, publisher(ARMED.plus(Duration.ofMinutes(5)))
                .reconcile(target, outgoing(shot(800, 600)), Json.object(), "dedupe-1", ARMED));
        assertEquals(600, early.retryAfterSeconds());
        assertInstanceOf(Reconciled.NotFound.class, ((PlatformResult.Ok<Reconciled>) publisher(ARMED.plus(Duration.ofMinutes(16)))
                .reconcile(target, outgoing(shot(800, 600)), Json.object(), "dedupe-1", ARMED)).value());
    }

    @Test
    void aRevokedTokenIsAuthFailedAndNeverShown() {
        dribbble.stubFor(post(urlPathEqualTo("/v2/shots")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Bad credentials\"}")));
        dribbble.stubFor(get(urlPathEqualTo("/v2/user/shots")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Bad credentials\"}")));

        PlatformResult.AuthFailed<?> onPublish = assertInstanceOf(PlatformResult.AuthFailed.class,
                publisher(ARMED).publish(target, outgoing(shot(800, 600)), Json.object(), "dedupe-1"));
        PlatformResult.AuthFailed<?> onReconcile = assertInstanceOf(PlatformResult.AuthFailed.class,
                publisher(ARMED.plus(Duration.ofMinutes(20))).reconcile(target, outgoing(shot(800, 600)), Json.object(), "dedupe-1", ARMED));

        assertFalse(onPublish.toString().contains(TOKEN));
        assertFalse(onReconcile.toString().contains(TOKEN));
    }

    @Test
    void aUserWhoMayNotUploadOrAnImageDribbbleRefusesIsARefusalAndRateLimitedIsTransient() {
        dribbble.stubFor(post(urlPathEqualTo("/v2/shots")).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"You must be a player or team to upload shots.\"}")));
        assertEquals(403, assertInstanceOf(PlatformResult.Rejected.class,
                publisher(ARMED).publish(target, outgoing(shot(800, 600)), Json.object(), "dedupe-1")).httpStatus());

        dribbble.stubFor(post(urlPathEqualTo("/v2/shots")).willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Validation failed.\",\"errors\":[{\"attribute\":\"image\",\"message\":\"image must be 400x300 or 800x600\"}]}")));
        assertEquals(422, assertInstanceOf(PlatformResult.Rejected.class,
                publisher(ARMED).publish(target, outgoing(shot(800, 600)), Json.object(), "dedupe-1")).httpStatus());

        dribbble.stubFor(post(urlPathEqualTo("/v2/shots")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"API rate limit exceeded\"}")));
        assertEquals(60, assertInstanceOf(PlatformResult.Transient.class,
                publisher(ARMED).publish(target, outgoing(shot(800, 600)), Json.object(), "dedupe-1")).retryAfterSeconds());
    }
}
