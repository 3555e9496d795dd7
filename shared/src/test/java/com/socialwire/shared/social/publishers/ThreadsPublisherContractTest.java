package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.AccountStatus;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ThreadsPublisher} against WireMock stubs shaped from Meta's Threads API documentation (posts, carousel posts,
 * reference/publishing: {@code POST /{user}/threads}, {@code GET /{container}?fields=status,error_message},
 * {@code POST /{user}/threads_publish}, {@code GET /{user}/threads} listing; Graph's
 * {@code error{message,type,code}}): text, an image, a carousel, processing waits, a lost answer to threads_publish
 * reconciled through the container's status, and failures typed.
 */
class ThreadsPublisherContractTest {

    @RegisterExtension
    static WireMockExtension threads = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "THAAThreadsTokenZx81Qp";
    static final String USER_ID = "17841400000001";
    static final String CREATE = "/v1.0/" + USER_ID + "/threads";
    static final String PUBLISH = "/v1.0/" + USER_ID + "/threads_publish";
    static final String CONTAINER = "/v1.0/18000000000000001";
    static final String MEDIA = "/v1.0/18100000000000077";
    static final String PERMALINK = "https://www.threads.net/@bloombakery/post/DAbCdEf";
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final String TEXT = "Fresh loaves at 7 #bread & rolls";

    Target target;

    /** With a generous timeout: WireMock on a busy two-core machine answers slowly now and then. */
    ThreadsPublisher publisher() {
        return publisher(Duration.ofSeconds(10));
    }

    ThreadsPublisher publisher(Duration timeout) {
        PlatformHttp http = new PlatformHttp(ProviderHttp.newClient(), timeout, Clock.fixed(NOW, ZoneOffset.UTC));
        return new ThreadsPublisher(http, threads.baseUrl() + "/");
    }

    @BeforeEach
    void setUp() {
        threads.resetAll();
        target = new Target(new SocialAccount("ten_1", "sa_1", "threads", USER_ID, "bloombakery", "Bloom Bakery", null,
                "profile", null, List.of("threads_basic", "threads_content_publish"), null, AccountStatus.CONNECTED, null, true, NOW, NOW, 1), TOKEN);
    }

    Outgoing outgoing(List<Media> media) {
        return new Outgoing("ten_1", "post_1", TEXT, List.of(), media, null, null, NOW);
    }

    Media photo(String name, String alt) {
        return new Media("med_" + name, "https://media.example/presigned/" + name + ".jpg?X-Amz-Signature=abc", "image/jpeg", 2048, alt, 640, 480, null);
    }

    static String metaError(int code, String message) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":" + code + ",\"fbtrace_id\":\"AbCdEf\"}}";
    }

    void containerIs(String status) {
        threads.stubFor(get(urlPathEqualTo(CONTAINER)).willReturn(okJson("{\"status\":\"" + status + "\",\"id\":\"18000000000000001\"}")));
    }

    void publishAnswers() {
        threads.stubFor(post(urlPathEqualTo(PUBLISH)).willReturn(okJson("{\"id\":\"18100000000000077\"}")));
        threads.stubFor(get(urlPathEqualTo(MEDIA)).willReturn(okJson("{\"permalink\":\"" + PERMALINK + "\",\"id\":\"18100000000000077\"}")));
    }

    static ObjectNode ready(PlatformResult<Prepared> r) {
        return assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) r).value()).state();
    }

    @Test
    void textIsAContainerThenOnePublishWithItsPermalink() {
        threads.stubFor(post(urlPathEqualTo(CREATE)).willReturn(okJson("{\"id\":\"18000000000000001\"}")));
        containerIs("FINISHED");
        publishAnswers();
        ThreadsPublisher p = publisher();
        Outgoing post = outgoing(List.of());

        ObjectNode state = ready(p.prepare(target, post, Json.object()));
        PlatformResult<Published> published = p.publish(target, post, state, "k1");

        assertEquals(new Published("18100000000000077", PERMALINK), ((PlatformResult.Ok<Published>) published).value());
        // a single post's state is left as prepared: the delivery has no handle to save
        assertEquals(Json.object().put("container", "18000000000000001"), state);
        threads.verify(postRequestedFor(urlPathEqualTo(CREATE)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("media_type=TEXT&text=Fresh%20loaves%20at%207%20%23bread%20%26%20rolls")));
        threads.verify(getRequestedFor(urlPathEqualTo(CONTAINER)).withQueryParam("fields", equalTo("status,error_message")));
        threads.verify(1, postRequestedFor(urlPathEqualTo(PUBLISH)));
        threads.verify(postRequestedFor(urlPathEqualTo(PUBLISH)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalTo("creation_id=18000000000000001")));
        threads.verify(getRequestedFor(urlPathEqualTo(MEDIA)).withQueryParam("fields", equalTo("permalink")));
    }

    @Test
    void anImageIsOneImageContainerWithItsUrlAndAltText() {
        threads.stubFor(post(urlPathEqualTo(CREATE)).willReturn(okJson("{\"id\":\"18000000000000001\"}")));
        containerIs("FINISHED");
        threads.stubFor(post(urlPathEqualTo(PUBLISH)).willReturn(okJson("{\"id\":\"18100000000000077\"}")));
        threads.stubFor(get(urlPathEqualTo(MEDIA)).willReturn(aResponse().withStatus(500)));
        ThreadsPublisher p = publisher();
        Outgoing post = outgoing(List.of(photo("loaf", "A sourdough loaf")));

        ObjectNode state = ready(p.prepare(target, post, Json.object()));
        PlatformResult<Published> published = p.publish(target, post, state, "k1");

        // a failing permalink read never fails a published post
        assertEquals(new Published("18100000000000077", "https://www.threads.net/@bloombakery"), ((PlatformResult.Ok<Published>) published).value());
        threads.verify(1, postRequestedFor(urlPathEqualTo(CREATE)));
        threads.verify(postRequestedFor(urlPathEqualTo(CREATE)).withRequestBody(equalTo("media_type=IMAGE"
                + "&image_url=https%3A%2F%2Fmedia.example%2Fpresigned%2Floaf.jpg%3FX-Amz-Signature%3Dabc"
                + "&alt_text=A%20sourdough%20loaf&text=Fresh%20loaves%20at%207%20%23bread%20%26%20rolls")));
    }

    @Test
    void aCarouselOfTwoCreatesEachChildOnceEvenWhenPreparationIsRetried() {
        threads.stubFor(post(urlPathEqualTo(CREATE)).inScenario("c").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"id\":\"18000000000000101\"}")).willSetStateTo("second"));
        threads.stubFor(post(urlPathEqualTo(CREATE)).inScenario("c").whenScenarioStateIs("second")
                .willReturn(okJson("{\"id\":\"18000000000000102\"}")).willSetStateTo("carousel"));
        // the carousel container's creation fails once (throttled): a retry must not create the children again
        threads.stubFor(post(urlPathEqualTo(CREATE)).inScenario("c").whenScenarioStateIs("carousel")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(metaError(4, "(#4) Application request limit reached"))).willSetStateTo("retry"));
        threads.stubFor(post(urlPathEqualTo(CREATE)).inScenario("c").whenScenarioStateIs("retry")
                .willReturn(okJson("{\"id\":\"18000000000000001\"}")).willSetStateTo("done"));
        containerIs("FINISHED");
        publishAnswers();
        ThreadsPublisher p = publisher();
        Outgoing post = outgoing(List.of(photo("loaf", null), photo("rolls", "Rolls")));
        ObjectNode state = Json.object();

        assertInstanceOf(PlatformResult.Transient.class, p.prepare(target, post, state));
        state = ready(p.prepare(target, post, state));
        ready(p.prepare(target, post, state)); // and once ready, asking again creates nothing
        PlatformResult<Published> published = p.publish(target, post, state, "k1");

        assertEquals("18100000000000077", ((PlatformResult.Ok<Published>) published).value().externalId());
        threads.verify(4, postRequestedFor(urlPathEqualTo(CREATE)));
        threads.verify(1, postRequestedFor(urlPathEqualTo(CREATE)).withRequestBody(equalTo("media_type=IMAGE"
                + "&image_url=https%3A%2F%2Fmedia.example%2Fpresigned%2Floaf.jpg%3FX-Amz-Signature%3Dabc&is_carousel_item=true")));
        threads.verify(1, postRequestedFor(urlPathEqualTo(CREATE)).withRequestBody(equalTo("media_type=IMAGE"
                + "&image_url=https%3A%2F%2Fmedia.example%2Fpresigned%2Frolls.jpg%3FX-Amz-Signature%3Dabc&is_carousel_item=true&alt_text=Rolls")));
        threads.verify(2, postRequestedFor(urlPathEqualTo(CREATE)).withRequestBody(equalTo("media_type=CAROUSEL"
                + "&children=18000000000000101%2C18000000000000102&text=Fresh%20loaves%20at%207%20%23bread%20%26%20rolls")));
        threads.verify(postRequestedFor(urlPathEqualTo(PUBLISH)).withRequestBody(equalTo("creation_id=18000000000000001")));
    }

    @Test
    void aContainerInProgressWaitsThenIsReadyWithoutBeingCreatedAgain() {
        threads.stubFor(post(urlPathEqualTo(CREATE)).willReturn(okJson("{\"id\":\"18000000000000001\"}")));
        containerIs("IN_PROGRESS");
        ThreadsPublisher p = publisher();
        Outgoing post = outgoing(List.of(photo("loaf", null)));

        Prepared first = ((PlatformResult.Ok<Prepared>) p.prepare(target, post, Json.object())).value();
        Prepared.Waiting waiting = assertInstanceOf(Prepared.Waiting.class, first);
        containerIs("FINISHED");
        ready(p.prepare(target, post, waiting.state()));

        assertEquals(ThreadsPublisher.WAIT_SECONDS, waiting.afterSeconds());
        threads.verify(1, postRequestedFor(urlPathEqualTo(CREATE)));
        threads.verify(0, postRequestedFor(urlPathEqualTo(PUBLISH)));
    }

    @Test
    void aContainerInErrorIsRejectedWithItsStatusOnly() {
        threads.stubFor(post(urlPathEqualTo(CREATE)).willReturn(okJson("{\"id\":\"18000000000000001\"}")));
        threads.stubFor(get(urlPathEqualTo(CONTAINER)).willReturn(okJson("{\"status\":\"ERROR\","
                + "\"error_message\":\"The media could not be fetched from https://media.example/presigned/loaf.jpg?X-Amz-Signature=abc\"}")));

        PlatformResult.Rejected<?> r = assertInstanceOf(PlatformResult.Rejected.class,
                publisher().prepare(target, outgoing(List.of(photo("loaf", null))), Json.object()));

        assertEquals("CONTAINER_ERROR", r.code());
        assertFalse(r.message().contains("presigned"), r.message());
    }

    @Test
    void aThreadsPublishAnsweredAfterTheTimeoutIsFoundThroughThePublishedContainerAndStaysOnePost() {
        threads.stubFor(post(urlPathEqualTo(CREATE)).willReturn(okJson("{\"id\":\"18000000000000001\"}")));
        containerIs("FINISHED");
        threads.stubFor(post(urlPathEqualTo(PUBLISH)).willReturn(okJson("{\"id\":\"18100000000000077\"}").withFixedDelay(3_000)));
        Outgoing post = outgoing(List.of());
        ObjectNode state = ready(publisher().prepare(target, post, Json.object()));

        PlatformResult<Published> lost = publisher(Duration.ofMillis(500)).publish(target, post, state, "k1");
        PlatformResult.Unknown<?> unknown = assertInstanceOf(PlatformResult.Unknown.class, lost);
        containerIs("PUBLISHED"); // Threads acted after all
        threads.stubFor(get(urlPathEqualTo(CREATE)).willReturn(okJson("{\"data\":["
                + "{\"id\":\"18100000000000078\",\"text\":\"Another post\",\"timestamp\":\"2026-12-04T12:01:00+0000\",\"permalink\":\"https://www.threads.net/@bloombakery/post/X\"},"
                + "{\"id\":\"18100000000000077\",\"text\":\"" + TEXT + "\",\"timestamp\":\"2026-12-04T12:00:01+0000\",\"permalink\":\"" + PERMALINK + "\"}],"
                + "\"paging\":{\"cursors\":{\"before\":\"QVFIUk\",\"after\":\"QVFIUl\"}}}")));
        PlatformResult<Reconciled> r = publisher().reconcile(target, post, state, "k1", NOW);

        assertEquals(new Reconciled.Found(new Published("18100000000000077", PERMALINK)), ((PlatformResult.Ok<Reconciled>) r).value());
        threads.verify(1, postRequestedFor(urlPathEqualTo(PUBLISH))); // exactly one post: found, never published again
        threads.verify(getRequestedFor(urlPathEqualTo(CONTAINER)).withQueryParam("fields", equalTo("status")));
        threads.verify(getRequestedFor(urlPathEqualTo(CREATE)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withQueryParam("fields", equalTo("id,text,timestamp,permalink"))
                .withQueryParam("since", equalTo(Long.toString(NOW.getEpochSecond() - 120))));
        assertFalse(unknown.message().contains(TOKEN));
    }

    @Test
    void aPublishedContainerMissingFromTheListingCannotTellButNeverNotFound() {
        containerIs("PUBLISHED");
        threads.stubFor(get(urlPathEqualTo(CREATE)).willReturn(okJson("{\"data\":[]}")));
        ObjectNode state = Json.object().put("container", "18000000000000001");

        PlatformResult<Reconciled> r = publisher().reconcile(target, outgoing(List.of()), state, "k1", NOW);

        assertInstanceOf(Reconciled.CannotTell.class, ((PlatformResult.Ok<Reconciled>) r).value());
    }

    @Test
    void aFinishedContainerMeansItWasNotPublished() {
        containerIs("FINISHED");
        ObjectNode state = Json.object().put("container", "18000000000000001");

        PlatformResult<Reconciled> r = publisher().reconcile(target, outgoing(List.of()), state, "k1", NOW);

        assertInstanceOf(Reconciled.NotFound.class, ((PlatformResult.Ok<Reconciled>) r).value());
        threads.verify(0, getRequestedFor(urlPathEqualTo(CREATE)));
        containerIs("EXPIRED");
        assertInstanceOf(Reconciled.CannotTell.class,
                ((PlatformResult.Ok<Reconciled>) publisher().reconcile(target, outgoing(List.of()), state, "k1", NOW)).value());
    }

    @Test
    void anInvalidTokenIsAuthFailedThrottlingTransientAndNeitherShowsTheToken() {
        ThreadsPublisher p = publisher();
        Outgoing post = outgoing(List.of());
        ObjectNode state = Json.object().put("container", "18000000000000001");
        threads.stubFor(post(urlPathEqualTo(PUBLISH)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(metaError(190, "Error validating access token: the session was invalidated (token " + TOKEN + ")"))));
        PlatformResult.AuthFailed<?> auth = assertInstanceOf(PlatformResult.AuthFailed.class, p.publish(target, post, state, "k1"));
        assertFalse(auth.message().contains(TOKEN), auth.message());

        threads.stubFor(post(urlPathEqualTo(PUBLISH)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(metaError(4, "(#4) Application request limit reached " + TOKEN))));
        PlatformResult.Transient<?> throttled = assertInstanceOf(PlatformResult.Transient.class, p.publish(target, post, state, "k1"));
        assertFalse(throttled.message().contains(TOKEN), throttled.message());

        threads.stubFor(post(urlPathEqualTo(CREATE)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(metaError(190, "Invalid OAuth access token " + TOKEN))));
        PlatformResult.AuthFailed<?> create = assertInstanceOf(PlatformResult.AuthFailed.class, p.prepare(target, post, Json.object()));
        assertFalse(create.message().contains(TOKEN), create.message());

        threads.stubFor(get(urlPathEqualTo(CONTAINER)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(metaError(190, "Error validating access token"))));
        assertInstanceOf(PlatformResult.AuthFailed.class, p.reconcile(target, post, state, "k1", NOW));
    }

    @Test
    void aMediumThatIsNeitherImageNorVideoIsRefusedBeforeAnythingIsCreated() {
        Media audio = new Media("med_a", "https://media.example/presigned/jingle.mp3", "audio/mpeg", 100_000, null, null, null, 12.0);

        PlatformResult.Rejected<?> r = assertInstanceOf(PlatformResult.Rejected.class, publisher().prepare(target, outgoing(List.of(audio)), Json.object()));

        assertEquals("MEDIA_UNSUPPORTED", r.code());
        threads.verify(0, postRequestedFor(urlPathEqualTo(CREATE)));
    }

    // Videos: developers.facebook.com/docs/threads/posts (media_type=VIDEO, video_url; "wait on average 30 seconds"),
    // developers.facebook.com/docs/threads/troubleshooting (status IN_PROGRESS|FINISHED|PUBLISHED|ERROR|EXPIRED and the
    // error_message codes FAILED_DOWNLOADING_VIDEO, FAILED_PROCESSING_VIDEO…)

    Media clip(String name) {
        return new Media("med_" + name, "https://media.example/presigned/" + name + ".mp4?X-Amz-Signature=abc", "video/mp4", 9_000_000, null, 720, 1280, 12.0);
    }

    @Test
    void aVideoIsOneVideoContainerThatWaitsWhileThreadsProcessesItThenIsPublished() {
        threads.stubFor(post(urlPathEqualTo(CREATE)).willReturn(okJson("{\"id\":\"18000000000000001\"}")));
        containerIs("IN_PROGRESS");
        publishAnswers();
        ThreadsPublisher p = publisher();
        Outgoing post = outgoing(List.of(clip("proofing")));

        Prepared.Waiting waiting = assertInstanceOf(Prepared.Waiting.class, ((PlatformResult.Ok<Prepared>) p.prepare(target, post, Json.object())).value());
        containerIs("FINISHED");
        ObjectNode state = ready(p.prepare(target, post, waiting.state()));
        PlatformResult<Published> published = p.publish(target, post, state, "k1");

        assertEquals(ThreadsPublisher.WAIT_SECONDS, waiting.afterSeconds());
        assertEquals(new Published("18100000000000077", PERMALINK), ((PlatformResult.Ok<Published>) published).value());
        threads.verify(1, postRequestedFor(urlPathEqualTo(CREATE)));
        threads.verify(postRequestedFor(urlPathEqualTo(CREATE)).withRequestBody(equalTo("media_type=VIDEO"
                + "&video_url=https%3A%2F%2Fmedia.example%2Fpresigned%2Fproofing.mp4%3FX-Amz-Signature%3Dabc"
                + "&text=Fresh%20loaves%20at%207%20%23bread%20%26%20rolls")));
        threads.verify(1, postRequestedFor(urlPathEqualTo(PUBLISH)).withRequestBody(equalTo("creation_id=18000000000000001")));
    }

    @Test
    void aVideoThreadsFailsToProcessIsRejectedWithItsErrorCodeAndNeverPublished() {
        threads.stubFor(post(urlPathEqualTo(CREATE)).willReturn(okJson("{\"id\":\"18000000000000001\"}")));
        threads.stubFor(get(urlPathEqualTo(CONTAINER)).willReturn(okJson("{\"status\":\"ERROR\",\"id\":\"18000000000000001\","
                + "\"error_message\":\"FAILED_PROCESSING_VIDEO\"}")));

        PlatformResult.Rejected<?> r = assertInstanceOf(PlatformResult.Rejected.class,
                publisher().prepare(target, outgoing(List.of(clip("proofing"))), Json.object()));

        assertEquals("CONTAINER_ERROR", r.code());
        assertTrue(r.message().contains("FAILED_PROCESSING_VIDEO"), r.message());
        threads.verify(0, postRequestedFor(urlPathEqualTo(PUBLISH)));
    }

    @Test
    void aCarouselWithAVideoChildWaitsUntilTheChildIsFinishedBeforeTheCarouselIsCreated() {
        threads.stubFor(post(urlPathEqualTo(CREATE)).withRequestBody(containing("media_type=IMAGE"))
                .willReturn(okJson("{\"id\":\"18000000000000101\"}")));
        threads.stubFor(post(urlPathEqualTo(CREATE)).withRequestBody(containing("media_type=VIDEO"))
                .willReturn(okJson("{\"id\":\"18000000000000102\"}")));
        threads.stubFor(post(urlPathEqualTo(CREATE)).withRequestBody(containing("media_type=CAROUSEL"))
                .willReturn(okJson("{\"id\":\"18000000000000001\"}")));
        threads.stubFor(get(urlPathEqualTo("/v1.0/18000000000000102")).willReturn(okJson("{\"status\":\"IN_PROGRESS\",\"id\":\"18000000000000102\"}")));
        containerIs("FINISHED");
        ThreadsPublisher p = publisher();
        Outgoing post = outgoing(List.of(photo("loaf", null), clip("proofing")));

        Prepared.Waiting waiting = assertInstanceOf(Prepared.Waiting.class, ((PlatformResult.Ok<Prepared>) p.prepare(target, post, Json.object())).value());
        threads.verify(0, postRequestedFor(urlPathEqualTo(CREATE)).withRequestBody(containing("media_type=CAROUSEL")));
        threads.stubFor(get(urlPathEqualTo("/v1.0/18000000000000102")).willReturn(okJson("{\"status\":\"FINISHED\",\"id\":\"18000000000000102\"}")));
        ready(p.prepare(target, post, waiting.state()));

        assertEquals(ThreadsPublisher.WAIT_SECONDS, waiting.afterSeconds());
        threads.verify(1, postRequestedFor(urlPathEqualTo(CREATE)).withRequestBody(equalTo("media_type=VIDEO"
                + "&video_url=https%3A%2F%2Fmedia.example%2Fpresigned%2Fproofing.mp4%3FX-Amz-Signature%3Dabc&is_carousel_item=true")));
        threads.verify(1, postRequestedFor(urlPathEqualTo(CREATE)).withRequestBody(containing("media_type=IMAGE")));
        threads.verify(1, postRequestedFor(urlPathEqualTo(CREATE)).withRequestBody(equalTo("media_type=CAROUSEL"
                + "&children=18000000000000101%2C18000000000000102&text=Fresh%20loaves%20at%207%20%23bread%20%26%20rolls")));
        threads.verify(2, getRequestedFor(urlPathEqualTo("/v1.0/18000000000000102")).withQueryParam("fields", equalTo("status,error_message")));
    }

    // Reply chains: developers.facebook.com/docs/threads/retrieve-and-manage-replies/create-replies (a container with
    // reply_to_id, then threads_publish); a user's replies: GET /{threads-user-id}/replies (fields id,text,timestamp,permalink)

    static final String PART2 = "Rye at 9";
    static final String PART3 = "Croissants at 11";

    Outgoing thread() {
        return new Outgoing("ten_1", "post_1", TEXT, List.of(PART2, PART3), List.of(), null, null, NOW);
    }

    /** The root container C0 (prepared), each reply's container C1/C2 made by its reply_to_id, each published as M0/M1/M2. */
    void threadStubs(int part2PublishDelayMillis) {
        threads.stubFor(post(urlPathEqualTo(CREATE)).willReturn(okJson("{\"id\":\"18000000000000001\"}")));
        threads.stubFor(post(urlPathEqualTo(CREATE)).withRequestBody(containing("reply_to_id=18100000000000077"))
                .willReturn(okJson("{\"id\":\"18000000000000002\"}")));
        threads.stubFor(post(urlPathEqualTo(CREATE)).withRequestBody(containing("reply_to_id=18100000000000078"))
                .willReturn(okJson("{\"id\":\"18000000000000003\"}")));
        for (String c : List.of("18000000000000001", "18000000000000002", "18000000000000003")) {
            threads.stubFor(get(urlPathEqualTo("/v1.0/" + c)).willReturn(okJson("{\"status\":\"FINISHED\",\"id\":\"" + c + "\"}")));
        }
        publishAnswers();
        threads.stubFor(post(urlPathEqualTo(PUBLISH)).withRequestBody(equalTo("creation_id=18000000000000002"))
                .willReturn(okJson("{\"id\":\"18100000000000078\"}").withFixedDelay(part2PublishDelayMillis)));
        threads.stubFor(post(urlPathEqualTo(PUBLISH)).withRequestBody(equalTo("creation_id=18000000000000003"))
                .willReturn(okJson("{\"id\":\"18100000000000079\"}")));
    }

    @Test
    void aThreePartThreadIsTheRootThenTwoRepliesEachReplyingToThePartBefore() {
        threadStubs(0);
        ThreadsPublisher p = publisher();
        Outgoing post = thread();

        ObjectNode state = ready(p.prepare(target, post, Json.object()));
        PlatformResult<Published> published = p.publish(target, post, state, "k1");

        assertEquals(new Published("18100000000000077", PERMALINK), ((PlatformResult.Ok<Published>) published).value());
        threads.verify(1, postRequestedFor(urlPathEqualTo(CREATE)).withRequestBody(equalTo("media_type=TEXT&text=Rye%20at%209&reply_to_id=18100000000000077")));
        threads.verify(1, postRequestedFor(urlPathEqualTo(CREATE)).withRequestBody(equalTo("media_type=TEXT&text=Croissants%20at%2011&reply_to_id=18100000000000078")));
        threads.verify(3, postRequestedFor(urlPathEqualTo(CREATE)));
        threads.verify(3, postRequestedFor(urlPathEqualTo(PUBLISH)));
        assertEquals(Json.array().add("18100000000000077").add("18100000000000078").add("18100000000000079"), state.path("posted"));
    }

    @Test
    void aThreadWhosePart2PublishAnswerWasLostGoesOnWithPart3OnlyAndMakesExactlyThreePosts() {
        threadStubs(4_000);
        Outgoing post = thread();
        ObjectNode state = ready(publisher().prepare(target, post, Json.object()));

        PlatformResult<Published> lost = publisher(Duration.ofSeconds(1)).publish(target, post, state, "k1");
        assertInstanceOf(PlatformResult.Unknown.class, lost);
        // the parts are in the state as they went: part 1 published, part 2's container made
        assertEquals(Json.array().add("18100000000000077"), state.path("posted"));
        assertEquals(Json.array().add("18000000000000002"), state.path("replies"));
        threads.stubFor(get(urlPathEqualTo("/v1.0/18000000000000002")).willReturn(okJson("{\"status\":\"PUBLISHED\",\"id\":\"18000000000000002\"}")));
        threads.stubFor(get(urlPathEqualTo("/v1.0/" + USER_ID + "/replies")).willReturn(okJson("{\"data\":["
                + "{\"id\":\"18100000000000078\",\"text\":\"" + PART2 + "\",\"timestamp\":\"2026-12-04T12:00:02+0000\",\"permalink\":\"https://www.threads.net/@bloombakery/post/R2\"}]}")));

        PlatformResult<Reconciled> r = publisher().reconcile(target, post, state, "k1", NOW);
        Reconciled.Partial partial = assertInstanceOf(Reconciled.Partial.class, ((PlatformResult.Ok<Reconciled>) r).value());
        assertEquals(Json.array().add("18100000000000077").add("18100000000000078"), partial.state().path("posted"));
        PlatformResult<Published> published = publisher().publish(target, post, partial.state(), "k1");

        assertEquals(new Published("18100000000000077", PERMALINK), ((PlatformResult.Ok<Published>) published).value());
        // exactly three posts: each container published once, part 3 made only after the reconciliation
        threads.verify(3, postRequestedFor(urlPathEqualTo(PUBLISH)));
        threads.verify(1, postRequestedFor(urlPathEqualTo(PUBLISH)).withRequestBody(equalTo("creation_id=18000000000000001")));
        threads.verify(1, postRequestedFor(urlPathEqualTo(PUBLISH)).withRequestBody(equalTo("creation_id=18000000000000002")));
        threads.verify(1, postRequestedFor(urlPathEqualTo(PUBLISH)).withRequestBody(equalTo("creation_id=18000000000000003")));
        threads.verify(3, postRequestedFor(urlPathEqualTo(CREATE)));
        threads.verify(getRequestedFor(urlPathEqualTo("/v1.0/" + USER_ID + "/replies")).withQueryParam("since", equalTo(Long.toString(NOW.getEpochSecond() - 120))));
    }

    @Test
    void aThreadWhoseLastPartIsAlsoPublishedIsFoundWhole() {
        threadStubs(0);
        ObjectNode state = Json.object().put("container", "18000000000000001").put("rootUrl", PERMALINK);
        state.putArray("posted").add("18100000000000077").add("18100000000000078");
        state.putArray("replies").add("18000000000000002").add("18000000000000003");
        threads.stubFor(get(urlPathEqualTo("/v1.0/18000000000000003")).willReturn(okJson("{\"status\":\"PUBLISHED\",\"id\":\"18000000000000003\"}")));
        threads.stubFor(get(urlPathEqualTo("/v1.0/" + USER_ID + "/replies")).willReturn(okJson("{\"data\":["
                + "{\"id\":\"18100000000000079\",\"text\":\"" + PART3 + "\",\"timestamp\":\"2026-12-04T12:00:03+0000\"}]}")));

        PlatformResult<Reconciled> r = publisher().reconcile(target, thread(), state, "k1", NOW);

        assertEquals(new Reconciled.Found(new Published("18100000000000077", PERMALINK)), ((PlatformResult.Ok<Reconciled>) r).value());
    }

    @Test
    void aPublishedReplyWhoseRepliesCannotBeListedWithoutThreadsReadRepliesCannotTellButNeverNotFound() {
        threadStubs(0);
        ObjectNode state = Json.object().put("container", "18000000000000001").put("rootUrl", PERMALINK);
        state.putArray("posted").add("18100000000000077");
        state.putArray("replies").add("18000000000000002");
        threads.stubFor(get(urlPathEqualTo("/v1.0/18000000000000002")).willReturn(okJson("{\"status\":\"PUBLISHED\",\"id\":\"18000000000000002\"}")));
        threads.stubFor(get(urlPathEqualTo("/v1.0/" + USER_ID + "/replies")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody(metaError(10, "(#10) Application does not have permission for this action"))));

        PlatformResult<Reconciled> r = publisher().reconcile(target, thread(), state, "k1", NOW);

        assertInstanceOf(Reconciled.CannotTell.class, ((PlatformResult.Ok<Reconciled>) r).value());
        threads.verify(0, postRequestedFor(urlPathEqualTo(PUBLISH)));
    }
}
