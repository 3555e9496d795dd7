package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
 * {@link PinterestPublisher} against WireMock stubs shaped from Pinterest's API v5 reference
 * (https://developers.pinterest.com/docs/api/v5/pins-create, /media-create, /media-get, /boards-list_pins; the same
 * shapes as pinterest/api-description's v5 openapi.json): image and carousel pins by URL, a video registered,
 * uploaded to the returned URL with its parameters and waited for, a lost answer to {@code POST /v5/pins} found on
 * the board, and failures typed.
 */
class PinterestPublisherContractTest {

    @RegisterExtension
    static WireMockExtension pinterest = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "pina_AMA4X2QWAAAAAGIAAAAAAAAAAAAAACAAAAAAAAAAAAAPUB";
    static final String BOARD = "1093893987367891";
    static final String PIN = "813744226420795884";
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final String TEXT = "Rye & spelt sourdough, baked at 7 every morning. #bread";
    static final String TITLE = "Our morning sourdough";
    static final String LINK = "https://bloom.example/bread";
    static final byte[] CLIP = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'};

    PinterestPublisher publisher() {
        return publisher(Duration.ofSeconds(10));
    }

    /** With a generous timeout unless a test needs one to expire: WireMock on a busy two-core machine answers slowly now and then. */
    PinterestPublisher publisher(Duration timeout) {
        PlatformHttp http = new PlatformHttp(ProviderHttp.newClient(), timeout, Clock.fixed(NOW, ZoneOffset.UTC));
        return new PinterestPublisher(http, new MediaBytes(ProviderHttp.newClient(), Duration.ofSeconds(5)), 50_000_000,
                pinterest.baseUrl());
    }

    @BeforeEach
    void setUp() {
        pinterest.resetAll();
        pinterest.stubFor(get(urlPathEqualTo("/media/clip.mp4")).willReturn(aResponse().withStatus(200).withBody(CLIP)));
    }

    static Target target() {
        return new Target(new SocialAccount("ten_1", "sa_1", "pinterest", BOARD, "bloombakery", "Bread", null, "board", null,
                List.of("boards:read", "pins:read", "pins:write", "user_accounts:read"), null, AccountStatus.CONNECTED, null,
                true, NOW, NOW, 1), TOKEN);
    }

    static Outgoing outgoing(List<Media> media) {
        return new Outgoing("ten_1", "post_1", TEXT, List.of(), media, TITLE, LINK, NOW);
    }

    static Media image(int i) {
        return new Media("med_" + i, "https://media.socialwire.test/loaf-" + i + ".jpg?X-Amz-Signature=abc", "image/jpeg", 4000,
                i == 1 ? "A sourdough loaf on a board" : null, 1000, 1500, null);
    }

    Media clip() {
        return new Media("med_v", pinterest.baseUrl() + "/media/clip.mp4", "video/mp4", CLIP.length, null, 1080, 1920, 12.0);
    }

    static String pin(String id, String created, String title, String description, String link) {
        return """
                {"id":"%s","created_at":"%s","link":%s,"title":%s,"description":%s,"dominant_color":"#6E7874","alt_text":null,
                 "creative_type":"REGULAR","board_id":"%s","board_section_id":null,"board_owner":{"username":"bloombakery"},
                 "is_owner":true,"media":{"media_type":"image"},"parent_pin_id":null,"is_standard":true,"has_been_promoted":false,
                 "note":"","pin_metrics":null}""".formatted(id, created, Json.write(link), Json.write(title), Json.write(description), BOARD);
    }

    void created() {
        pinterest.stubFor(post(urlPathEqualTo("/v5/pins")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(pin(PIN, "2026-12-04T12:00:01", TITLE, TEXT, LINK))));
    }

    static ObjectNode ready(PlatformResult<Prepared> r) {
        return assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) assertInstanceOf(PlatformResult.Ok.class, r,
                String.valueOf(r))).value()).state();
    }

    @Test
    void anImagePinGoesToTheBoardWithTitleDescriptionLinkAndAltText() {
        created();
        PinterestPublisher p = publisher();
        Outgoing post = outgoing(List.of(image(1)));
        ObjectNode state = ready(p.prepare(target(), post, Json.object()));

        PlatformResult<Published> published = p.publish(target(), post, state, "k1");

        assertEquals(new PlatformResult.Ok<>(new Published(PIN, "https://www.pinterest.com/pin/" + PIN + "/")), published);
        pinterest.verify(1, postRequestedFor(urlPathEqualTo("/v5/pins"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("""
                        {"board_id":"%s","title":"%s","description":%s,"link":"%s","alt_text":"A sourdough loaf on a board",
                         "media_source":{"source_type":"image_url","url":"%s"}}""".formatted(BOARD, TITLE, Json.write(TEXT), LINK,
                        image(1).url()))));
    }

    @Test
    void twoToFiveImagesAreACarouselOfImageUrls() {
        created();
        PinterestPublisher p = publisher();
        Outgoing post = outgoing(List.of(image(1), image(2), image(3)));

        p.publish(target(), post, ready(p.prepare(target(), post, Json.object())), "k1");

        pinterest.verify(1, postRequestedFor(urlPathEqualTo("/v5/pins")).withRequestBody(equalToJson("""
                {"board_id":"%s","title":"%s","description":%s,"link":"%s","alt_text":"A sourdough loaf on a board",
                 "media_source":{"source_type":"multiple_image_urls","index":0,"items":[
                   {"url":"%s","title":"%s","link":"%s"},{"url":"%s","title":"%s","link":"%s"},{"url":"%s","title":"%s","link":"%s"}]}}"""
                .formatted(BOARD, TITLE, Json.write(TEXT), LINK, image(1).url(), TITLE, LINK, image(2).url(), TITLE, LINK,
                        image(3).url(), TITLE, LINK))));
    }

    @Test
    void aVideoIsRegisteredUploadedAndWaitedForThenPinnedWithItsCoverImage() {
        pinterest.stubFor(post(urlPathEqualTo("/v5/media")).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"media_id":"5304452927623659","media_type":"video","upload_url":"%s/pinterest-media-upload/",
                         "upload_parameters":{"x-amz-date":"20261204T120000Z","x-amz-signature":"7d1f0c9e5b4a3f2e1d0c",
                          "x-amz-security-token":"IQoJb3JpZ2luX2VjEXAMPLE","x-amz-algorithm":"AWS4-HMAC-SHA256",
                          "key":"uploads/5304452927623659/video.mp4","policy":"eyJleHBpcmF0aW9uIjoiMjAyNi0xMi0wNCJ9",
                          "x-amz-credential":"ASIA/20261204/us-east-1/s3/aws4_request","Content-Type":"multipart/form-data"}}"""
                        .formatted(pinterest.baseUrl()))));
        pinterest.stubFor(post(urlPathEqualTo("/pinterest-media-upload/")).willReturn(aResponse().withStatus(204)));
        pinterest.stubFor(get(urlPathEqualTo("/v5/media/5304452927623659")).inScenario("processing").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"media_id\":\"5304452927623659\",\"media_type\":\"video\",\"status\":\"processing\"}"))
                .willSetStateTo("done"));
        pinterest.stubFor(get(urlPathEqualTo("/v5/media/5304452927623659")).inScenario("processing").whenScenarioStateIs("done")
                .willReturn(okJson("{\"media_id\":\"5304452927623659\",\"media_type\":\"video\",\"status\":\"succeeded\"}")));
        created();
        PinterestPublisher p = publisher();
        Outgoing post = outgoing(List.of(clip(), image(1)));

        PlatformResult<Prepared> first = p.prepare(target(), post, Json.object());
        Prepared.Waiting waiting = assertInstanceOf(Prepared.Waiting.class, ((PlatformResult.Ok<Prepared>) first).value());
        assertTrue(waiting.what().contains("processing"), waiting.what());
        ObjectNode state = ready(p.prepare(target(), post, waiting.state()));
        p.publish(target(), post, state, "k1");

        pinterest.verify(1, postRequestedFor(urlPathEqualTo("/v5/media")).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("{\"media_type\":\"video\"}")));
        pinterest.verify(1, postRequestedFor(urlPathEqualTo("/pinterest-media-upload/"))
                .withHeader("Authorization", absent()) // the platform's store gets its signed policy, never our token
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withRequestBody(containing("name=\"policy\"\r\n\r\neyJleHBpcmF0aW9uIjoiMjAyNi0xMi0wNCJ9"))
                .withRequestBody(containing("name=\"key\"\r\n\r\nuploads/5304452927623659/video.mp4"))
                .withRequestBody(containing("name=\"file\"; filename=\"video.mp4\"")));
        String form = pinterest.findAll(postRequestedFor(urlPathEqualTo("/pinterest-media-upload/"))).get(0).getBodyAsString();
        assertTrue(form.indexOf("name=\"file\"") > form.lastIndexOf("name=\"x-amz-credential\""), "the file comes after every parameter");
        pinterest.verify(1, postRequestedFor(urlPathEqualTo("/v5/pins")).withRequestBody(equalToJson("""
                {"board_id":"%s","title":"%s","description":%s,"link":"%s","alt_text":"A sourdough loaf on a board",
                 "media_source":{"source_type":"video_id","media_id":"5304452927623659","cover_image_url":"%s"}}"""
                .formatted(BOARD, TITLE, Json.write(TEXT), LINK, image(1).url()))));
    }

    @Test
    void aVideoPinterestCouldNotProcessIsRefusedWithTheReason() {
        PinterestPublisher p = publisher();
        ObjectNode state = Json.object().put("videoMediaId", "5304452927623659");
        pinterest.stubFor(get(urlPathEqualTo("/v5/media/5304452927623659"))
                .willReturn(okJson("{\"media_id\":\"5304452927623659\",\"media_type\":\"video\",\"status\":\"failed\"}")));

        PlatformResult.Rejected<?> r = assertInstanceOf(PlatformResult.Rejected.class, p.prepare(target(), outgoing(List.of(clip())), state));

        assertEquals("VIDEO_FAILED", r.code());
        pinterest.verify(0, postRequestedFor(urlPathEqualTo("/v5/media")));
    }

    @Test
    void aPostPinterestCannotTakeIsRefusedBeforeAnyCall() {
        PinterestPublisher p = publisher();
        for (Outgoing post : List.of(outgoing(List.of()), outgoing(List.of(image(1), image(2), image(3), image(4), image(5), image(6))),
                new Outgoing("ten_1", "post_1", TEXT, List.of(), List.of(image(1)), "x".repeat(101), LINK, NOW),
                new Outgoing("ten_1", "post_1", TEXT, List.of("a second part"), List.of(image(1)), TITLE, LINK, NOW))) {
            assertInstanceOf(PlatformResult.Rejected.class, p.prepare(target(), post, Json.object()), post.toString());
        }
        assertEquals(0, pinterest.getAllServeEvents().size());
    }

    @Test
    void aLostAnswerToCreatePinIsFoundOnTheBoardAndEndsWithExactlyOnePin() {
        // Pinterest made the pin, but its answer came after our client gave up
        pinterest.stubFor(post(urlPathEqualTo("/v5/pins")).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(pin(PIN, "2026-12-04T12:00:01", TITLE, TEXT, LINK)).withFixedDelay(3_000))
                .willSetStateTo("pinned"));
        pinterest.stubFor(get(urlPathEqualTo("/v5/boards/" + BOARD + "/pins")).inScenario("lost").whenScenarioStateIs("pinned")
                .willReturn(okJson("{\"items\":[" + pin(PIN, "2026-12-04T12:00:01", TITLE, TEXT, LINK + "/") + ","
                        + pin("813744226420795001", "2026-12-04T11:59:30", "Another loaf", "Not ours", LINK) + ","
                        + pin("813744226420700000", "2026-11-30T08:00:00", TITLE, TEXT, LINK) + "],\"bookmark\":\"b2\"}")));
        Outgoing post = outgoing(List.of(image(1)));

        PlatformResult<Published> lost = publisher(Duration.ofMillis(300)).publish(target(), post, Json.object(), "k1");
        PlatformResult.Unknown<?> unknown = assertInstanceOf(PlatformResult.Unknown.class, lost);
        assertFalse(unknown.message().contains(TOKEN));
        PlatformResult<Reconciled> found = publisher().reconcile(target(), post, Json.object(), "k1", NOW);

        assertEquals(new PlatformResult.Ok<>(new Reconciled.Found(new Published(PIN, "https://www.pinterest.com/pin/" + PIN + "/"))), found);
        assertEquals(1, pinterest.findAll(postRequestedFor(urlPathEqualTo("/v5/pins"))).size(), "exactly one pin was asked for");
        pinterest.verify(1, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/v5/boards/" + BOARD + "/pins"))
                .withQueryParam("page_size", equalTo("50")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aBoardWhosePinsReachBackPastTheAttemptWithoutOursWasNotPublished() {
        pinterest.stubFor(get(urlPathEqualTo("/v5/boards/" + BOARD + "/pins")).willReturn(okJson("{\"items\":["
                + pin("813744226420795001", "2026-12-04T12:00:30", TITLE, "Another text", LINK) + ","
                + pin("813744226420700000", "2026-11-30T08:00:00", TITLE, TEXT, LINK) + "],\"bookmark\":\"b2\"}")));

        assertEquals(new PlatformResult.Ok<>(new Reconciled.NotFound()),
                publisher().reconcile(target(), outgoing(List.of(image(1))), Json.object(), "k1", NOW));
    }

    @Test
    void aBoardWithMorePinsSinceTheAttemptThanAreReadCannotTell() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < PinterestPublisher.PAGE; i++) {
            items.append(i == 0 ? "" : ",").append(pin("81374422642079" + (5000 + i), "2026-12-04T12:01:00", "Busy " + i, "Busy", null));
        }
        pinterest.stubFor(get(urlPathEqualTo("/v5/boards/" + BOARD + "/pins"))
                .willReturn(okJson("{\"items\":[" + items + "],\"bookmark\":\"more\"}")));

        PlatformResult<Reconciled> r = publisher().reconcile(target(), outgoing(List.of(image(1))), Json.object(), "k1", NOW);

        assertInstanceOf(Reconciled.CannotTell.class, ((PlatformResult.Ok<Reconciled>) r).value());
        assertEquals(PinterestPublisher.MAX_PAGES, pinterest.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/v5/boards/" + BOARD + "/pins"))).size());
    }

    @Test
    void aRevokedTokenIsAuthFailedAndNeverShown() {
        pinterest.stubFor(post(urlPathEqualTo("/v5/pins")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":2,\"message\":\"Authentication failed.\"}")));

        PlatformResult<Published> r = publisher().publish(target(), outgoing(List.of(image(1))), Json.object(), "k1");

        assertInstanceOf(PlatformResult.AuthFailed.class, r);
        assertFalse(r.toString().contains(TOKEN));
    }

    @Test
    void tooManyRequestsIsTransientWithTheWaitPinterestAsks() {
        pinterest.stubFor(post(urlPathEqualTo("/v5/pins")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":8,\"message\":\"You have exceeded your rate limit. Try again later.\"}")));

        PlatformResult.Transient<?> t = assertInstanceOf(PlatformResult.Transient.class,
                publisher().publish(target(), outgoing(List.of(image(1))), Json.object(), "k1"));

        assertEquals(429, t.httpStatus());
        assertEquals(30, t.retryAfterSeconds());
    }
}
