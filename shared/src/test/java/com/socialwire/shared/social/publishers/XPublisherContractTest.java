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
 * {@link XPublisher} against WireMock stubs shaped from xdevplatform/docs (openapi.json: {@code POST /2/media/upload}
 * MediaUploadRequest/Response, {@code POST /2/media/metadata} CreateMediaMetadataRequest, {@code POST /2/tweets}
 * CreatePostsRequest/Response, {@code GET /2/users/{id}/tweets} GetUsersPostsResponse; error bodies in X's problem
 * shape): images uploaded and described once, the post created with the account's bearer token, failures typed
 * without the token, and a lost answer reconciled by the account's timeline so the delivery ends with one post.
 */
class XPublisherContractTest {

    @RegisterExtension
    static WireMockExtension x = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "x-user-token-Q0Mzb0VhZ0V5dmNXSTEyNER2MFNf";
    static final String USER_ID = "2244994945";
    static final String MEDIA_ID = "1880028106020515840";
    static final String TWEET_ID = "1445880548472328192";
    static final Instant ARMED = Instant.parse("2026-12-04T12:00:00Z");
    static final Instant LATER = ARMED.plus(Duration.ofMinutes(5));
    static final String TEXT = "Fresh loaves at 7 #bread";
    static final String TIMELINE = "/2/users/" + USER_ID + "/tweets";

    Target target;

    /** With a generous timeout: WireMock on a busy two-core machine answers slowly now and then. */
    XPublisher publisher(Instant now) {
        return publisher(now, Duration.ofSeconds(10));
    }

    XPublisher publisher(Instant now, Duration timeout) {
        PlatformHttp http = new PlatformHttp(ProviderHttp.newClient(), timeout, Clock.fixed(now, ZoneOffset.UTC));
        return new XPublisher(http, new MediaBytes(ProviderHttp.newClient(), Duration.ofSeconds(10)), x.baseUrl());
    }

    @BeforeEach
    void setUp() {
        x.resetAll();
        target = new Target(new SocialAccount("ten_1", "sa_1", "twitter", USER_ID, "bloombakery", "Bloom", null, "profile", null,
                List.of("tweet.read", "tweet.write", "users.read", "media.write", "offline.access"), null, AccountStatus.CONNECTED,
                null, true, ARMED, ARMED, 1), TOKEN);
        x.stubFor(get(urlPathEqualTo("/media/loaf.jpg")).willReturn(aResponse().withStatus(200).withBody(new byte[]{(byte) 0xFF, (byte) 0xD8, 1, 2})));
    }

    static Outgoing outgoing(String text, List<Media> media) {
        return new Outgoing("ten_1", "post_1", text, List.of(), media, null, null, ARMED);
    }

    Media loaf() {
        return new Media("med_1", x.baseUrl() + "/media/loaf.jpg", "image/jpeg", 4, "A sourdough loaf on a board", 64, 48, null);
    }

    static String uploaded() {
        return "{\"data\":{\"id\":\"" + MEDIA_ID + "\",\"media_key\":\"3_" + MEDIA_ID + "\",\"size\":4,\"expires_after_secs\":86400,"
                + "\"image\":{\"image_type\":\"image/jpeg\",\"w\":64,\"h\":48}}}";
    }

    static String created(String id, String text) {
        return "{\"data\":{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"edit_history_tweet_ids\":[\"" + id + "\"]}}";
    }

    static String timeline(String... idAndText) {
        StringBuilder s = new StringBuilder("{\"data\":[");
        for (int i = 0; i < idAndText.length; i += 2) {
            s.append(i == 0 ? "" : ",").append("{\"id\":\"").append(idAndText[i]).append("\",\"created_at\":\"2026-12-04T12:00:01.000Z\",\"text\":\"")
                    .append(idAndText[i + 1]).append("\",\"edit_history_tweet_ids\":[\"").append(idAndText[i]).append("\"]}");
        }
        return s.append("],\"meta\":{\"result_count\":").append(idAndText.length / 2).append("}}").toString();
    }

    static String problem(int status, String title, String detail) {
        return "{\"title\":\"" + title + "\",\"type\":\"about:blank\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }

    @Test
    void anImageIsUploadedDescribedAndPostedWithTheAccountsBearerToken() {
        x.stubFor(post(urlPathEqualTo("/2/media/upload")).willReturn(okJson(uploaded())));
        x.stubFor(post(urlPathEqualTo("/2/media/metadata")).willReturn(okJson("{\"data\":{\"id\":\"" + MEDIA_ID + "\",\"associated_metadata\":{}}}")));
        x.stubFor(post(urlPathEqualTo("/2/tweets")).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(created(TWEET_ID, TEXT + " https://t.co/AbCdEf1234"))));
        XPublisher p = publisher(ARMED);
        Outgoing post = outgoing(TEXT, List.of(loaf()));

        ObjectNode state = assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) p.prepare(target, post, Json.object())).value()).state();
        assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) p.prepare(target, post, state)).value()); // a retried preparation
        PlatformResult<Published> published = p.publish(target, post, state, "dedupe-1");

        assertEquals(new Published(TWEET_ID, "https://x.com/bloombakery/status/" + TWEET_ID), ((PlatformResult.Ok<Published>) published).value());
        x.verify(1, postRequestedFor(urlPathEqualTo("/2/media/upload")).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withRequestBody(containing("Content-Disposition: form-data; name=\"media_category\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\ntweet_image\r\n"))
                .withRequestBody(containing("Content-Disposition: form-data; name=\"media\"; filename=\"media\"\r\nContent-Type: image/jpeg\r\n\r\n")));
        x.verify(1, postRequestedFor(urlPathEqualTo("/2/media/metadata")).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"id\":\"" + MEDIA_ID + "\",\"metadata\":{\"alt_text\":{\"text\":\"A sourdough loaf on a board\"}}}")));
        x.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets")).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"text\":\"" + TEXT + "\",\"media\":{\"media_ids\":[\"" + MEDIA_ID + "\"]}}")));
    }

    @Test
    void aPreparationRetriedAfterTheAltTextFailedDoesNotUploadAgain() {
        x.stubFor(post(urlPathEqualTo("/2/media/upload")).willReturn(okJson(uploaded())));
        x.stubFor(post(urlPathEqualTo("/2/media/metadata")).inScenario("alt").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody(problem(503, "Service Unavailable", "Service Unavailable"))).willSetStateTo("up"));
        x.stubFor(post(urlPathEqualTo("/2/media/metadata")).inScenario("alt").whenScenarioStateIs("up")
                .willReturn(okJson("{\"data\":{\"id\":\"" + MEDIA_ID + "\"}}")));
        XPublisher p = publisher(ARMED);
        ObjectNode state = Json.object();

        assertInstanceOf(PlatformResult.Transient.class, p.prepare(target, outgoing(TEXT, List.of(loaf())), state));
        assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) p.prepare(target, outgoing(TEXT, List.of(loaf())), state)).value());

        x.verify(1, postRequestedFor(urlPathEqualTo("/2/media/upload")));
        x.verify(2, postRequestedFor(urlPathEqualTo("/2/media/metadata")));
    }

    static final List<String> THREAD = List.of("Fresh loaves at 7 #bread", "Rye comes out at 8", "Buns at 9, while they last");
    static final String[] PART_IDS = {"1445880548472328201", "1445880548472328202", "1445880548472328203"};

    static Outgoing thread(List<Media> media) {
        return new Outgoing("ten_1", "post_1", THREAD.get(0), THREAD.subList(1, 3), media, null, null, ARMED);
    }

    /** A post of the account's timeline as X lists it with {@code tweet.fields=created_at,text,conversation_id,referenced_tweets}. */
    static String listed(String id, String text, String repliedTo, String conversation) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"2026-12-04T12:00:01.000Z\",\"text\":\"" + text + "\",\"conversation_id\":\""
                + conversation + "\",\"edit_history_tweet_ids\":[\"" + id + "\"]"
                + (repliedTo == null ? "" : ",\"referenced_tweets\":[{\"type\":\"replied_to\",\"id\":\"" + repliedTo + "\"}]") + "}";
    }

    static String listing(String... posts) {
        return "{\"data\":[" + String.join(",", posts) + "],\"meta\":{\"result_count\":" + posts.length + "}}";
    }

    void partCreated(int k) {
        x.stubFor(post(urlPathEqualTo("/2/tweets")).withRequestBody(containing(THREAD.get(k))).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(created(PART_IDS[k], THREAD.get(k)))));
    }

    @Test
    void aThreadIsPostedPartByPartEachReplyingToTheOneBeforeWithTheMediaOnTheFirst() {
        x.stubFor(post(urlPathEqualTo("/2/media/upload")).willReturn(okJson(uploaded())));
        x.stubFor(post(urlPathEqualTo("/2/media/metadata")).willReturn(okJson("{\"data\":{\"id\":\"" + MEDIA_ID + "\"}}")));
        partCreated(0);
        partCreated(1);
        partCreated(2);
        XPublisher p = publisher(ARMED);

        ObjectNode state = ((Prepared) ((PlatformResult.Ok<?>) p.prepare(target, thread(List.of(loaf())), Json.object())).value()).state();
        PlatformResult<Published> published = p.publish(target, thread(List.of(loaf())), state, "dedupe-1");

        assertEquals(new Published(PART_IDS[0], "https://x.com/bloombakery/status/" + PART_IDS[0]), ((PlatformResult.Ok<Published>) published).value());
        x.verify(3, postRequestedFor(urlPathEqualTo("/2/tweets")));
        x.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets")).withRequestBody(equalToJson(
                "{\"text\":\"" + THREAD.get(0) + "\",\"media\":{\"media_ids\":[\"" + MEDIA_ID + "\"]}}")));
        x.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets")).withRequestBody(equalToJson(
                "{\"text\":\"" + THREAD.get(1) + "\",\"reply\":{\"in_reply_to_tweet_id\":\"" + PART_IDS[0] + "\"}}")));
        x.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets")).withRequestBody(equalToJson(
                "{\"text\":\"" + THREAD.get(2) + "\",\"reply\":{\"in_reply_to_tweet_id\":\"" + PART_IDS[1] + "\"}}")));
    }

    @Test
    void aThreadWhosePartTwoAnswerWasLostIsPartialAndGoesOnWithOnlyPartThreeSoThreePostsExist() {
        partCreated(0);
        // X makes part 2, but answers after the client gave up
        x.stubFor(post(urlPathEqualTo("/2/tweets")).withRequestBody(containing(THREAD.get(1))).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(created(PART_IDS[1], THREAD.get(1))).withFixedDelay(3_000)));
        partCreated(2);
        x.stubFor(get(urlPathEqualTo(TIMELINE)).willReturn(okJson(listing(
                listed(PART_IDS[1], THREAD.get(1), PART_IDS[0], PART_IDS[0]),
                listed("1445880548472328999", "Another post", null, "1445880548472328999"),
                listed(PART_IDS[0], THREAD.get(0), null, PART_IDS[0])))));

        PlatformResult<Published> lost = publisher(ARMED, Duration.ofMillis(500)).publish(target, thread(List.of()), Json.object(), "dedupe-1");
        assertInstanceOf(PlatformResult.Unknown.class, lost, lost.toString());
        PlatformResult<Reconciled> r = publisher(LATER).reconcile(target, thread(List.of()), Json.object(), "dedupe-1", ARMED);
        Reconciled.Partial partial = assertInstanceOf(Reconciled.Partial.class, ((PlatformResult.Ok<Reconciled>) r).value());
        PlatformResult<Published> resumed = publisher(LATER).publish(target, thread(List.of()), partial.state(), "dedupe-1");

        assertEquals(PART_IDS[0], ((PlatformResult.Ok<Published>) resumed).value().externalId());
        x.verify(3, postRequestedFor(urlPathEqualTo("/2/tweets"))); // exactly one per part
        for (String part : THREAD) {
            x.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets")).withRequestBody(containing(part)));
        }
        x.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets")).withRequestBody(equalToJson(
                "{\"text\":\"" + THREAD.get(2) + "\",\"reply\":{\"in_reply_to_tweet_id\":\"" + PART_IDS[1] + "\"}}")));
        x.verify(getRequestedFor(urlPathEqualTo(TIMELINE)).withQueryParam("tweet.fields", equalTo("created_at,text,conversation_id,referenced_tweets")));
    }

    @Test
    void aThreadIsFoundWhenAllItsPartsAreListedAndNotFoundWhenNoneIs() {
        x.stubFor(get(urlPathEqualTo(TIMELINE)).willReturn(okJson(listing(
                listed(PART_IDS[2], THREAD.get(2), PART_IDS[1], PART_IDS[0]),
                listed(PART_IDS[1], THREAD.get(1), PART_IDS[0], PART_IDS[0]),
                listed(PART_IDS[0], THREAD.get(0), null, PART_IDS[0])))));
        PlatformResult<Reconciled> all = publisher(LATER).reconcile(target, thread(List.of()), Json.object(), "dedupe-1", ARMED);
        assertEquals(PART_IDS[0], assertInstanceOf(Reconciled.Found.class, ((PlatformResult.Ok<Reconciled>) all).value()).post().externalId());

        x.stubFor(get(urlPathEqualTo(TIMELINE)).willReturn(okJson(listing(listed("1445880548472328999", "Another post", null, "1445880548472328999")))));
        PlatformResult<Reconciled> none = publisher(LATER).reconcile(target, thread(List.of()), Json.object(), "dedupe-1", ARMED);
        assertInstanceOf(Reconciled.NotFound.class, ((PlatformResult.Ok<Reconciled>) none).value());
    }

    @Test
    void aReplyToAPartThatIsNotTheNextPartCannotTell() {
        // the same text as part 1 posted as a reply to someone else is not our first part; but the account replied to
        // part 1 with something that is not part 2 (X rewrote it, or a person did): nobody can say part 2 is missing
        x.stubFor(get(urlPathEqualTo(TIMELINE)).willReturn(okJson(listing(
                listed("1445880548472328998", "Rye comes out at 8 (edited by hand)", PART_IDS[0], PART_IDS[0]),
                listed("1445880548472328997", THREAD.get(0), "1445880548472320000", "1445880548472320000"),
                listed(PART_IDS[0], THREAD.get(0), null, PART_IDS[0])))));

        PlatformResult<Reconciled> r = publisher(LATER).reconcile(target, thread(List.of()), Json.object(), "dedupe-1", ARMED);

        Reconciled.CannotTell cannot = assertInstanceOf(Reconciled.CannotTell.class, ((PlatformResult.Ok<Reconciled>) r).value());
        assertTrue(cannot.why().contains("replied to part 1"), cannot.why());
    }

    @Test
    void aTokenRefusedAfterThePartsBeganIsAnUnknownOutcomeSoTheDeliveryReconcilesRatherThanStartingOver() {
        partCreated(0);
        x.stubFor(post(urlPathEqualTo("/2/tweets")).withRequestBody(containing(THREAD.get(1))).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/problem+json").withBody(problem(401, "Unauthorized", "Unauthorized"))));

        PlatformResult<Published> r = publisher(ARMED).publish(target, thread(List.of()), Json.object(), "dedupe-1");

        assertInstanceOf(PlatformResult.Unknown.class, r, r.toString());
        x.verify(2, postRequestedFor(urlPathEqualTo("/2/tweets")));
    }

    @Test
    void aPostWhoseAnswerWasLostIsFoundInTheTimelineSoTheDeliveryEndsWithOnePost() {
        // X acts, but answers after the client gave up
        x.stubFor(post(urlPathEqualTo("/2/tweets")).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(created(TWEET_ID, TEXT)).withFixedDelay(3_000)));
        x.stubFor(get(urlPathEqualTo(TIMELINE)).willReturn(okJson(timeline("1445880548472328999", "Another post", TWEET_ID, TEXT))));

        PlatformResult<Published> lost = publisher(ARMED, Duration.ofMillis(500)).publish(target, outgoing(TEXT, List.of()), Json.object(), "dedupe-1");
        PlatformResult.Unknown<?> unknown = assertInstanceOf(PlatformResult.Unknown.class, lost);
        assertFalse(unknown.message().contains(TOKEN));
        PlatformResult<Reconciled> r = publisher(LATER).reconcile(target, outgoing(TEXT, List.of()), Json.object(), "dedupe-1", ARMED);

        assertEquals(new Reconciled.Found(new Published(TWEET_ID, "https://x.com/bloombakery/status/" + TWEET_ID)),
                ((PlatformResult.Ok<Reconciled>) r).value());
        x.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets"))); // published once, found, not published again
        x.verify(getRequestedFor(urlPathEqualTo(TIMELINE)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withQueryParam("start_time", equalTo("2026-12-04T11:58:00Z")).withQueryParam("max_results", equalTo("100"))
                .withQueryParam("tweet.fields", equalTo("created_at,text,conversation_id,referenced_tweets")).withQueryParam("pagination_token", absent()));
    }

    @Test
    void aCompleteListingSinceTheAttemptWithoutThePostIsNotFound() {
        x.stubFor(get(urlPathEqualTo(TIMELINE)).willReturn(okJson(timeline("1445880548472328999", "Another post"))));

        PlatformResult<Reconciled> r = publisher(LATER).reconcile(target, outgoing(TEXT, List.of()), Json.object(), "dedupe-1", ARMED);

        assertInstanceOf(Reconciled.NotFound.class, ((PlatformResult.Ok<Reconciled>) r).value());
        x.stubFor(get(urlPathEqualTo(TIMELINE)).willReturn(okJson("{\"meta\":{\"result_count\":0}}")));
        assertInstanceOf(Reconciled.NotFound.class, ((PlatformResult.Ok<Reconciled>) publisher(LATER)
                .reconcile(target, outgoing(TEXT, List.of()), Json.object(), "dedupe-1", ARMED)).value());
    }

    @Test
    void theListingIsFollowedPageByPageAndOneThatDoesNotEndCannotTell() {
        x.stubFor(get(urlPathEqualTo(TIMELINE)).withQueryParam("pagination_token", absent()).willReturn(okJson(
                timeline("1445880548472328999", "Another post").replace("\"result_count\":1", "\"result_count\":1,\"next_token\":\"7140dibdnow9c7btw421dyz6jism75z99gyxd8egarsc4\""))));
        x.stubFor(get(urlPathEqualTo(TIMELINE)).withQueryParam("pagination_token", equalTo("7140dibdnow9c7btw421dyz6jism75z99gyxd8egarsc4"))
                .willReturn(okJson(timeline(TWEET_ID, TEXT))));

        PlatformResult<Reconciled> found = publisher(LATER).reconcile(target, outgoing(TEXT, List.of()), Json.object(), "dedupe-1", ARMED);
        assertEquals(TWEET_ID, assertInstanceOf(Reconciled.Found.class, ((PlatformResult.Ok<Reconciled>) found).value()).post().externalId());

        x.stubFor(get(urlPathEqualTo(TIMELINE)).willReturn(okJson(
                timeline("1445880548472328999", "Another post").replace("\"result_count\":1", "\"result_count\":1,\"next_token\":\"more\""))));
        PlatformResult<Reconciled> endless = publisher(LATER).reconcile(target, outgoing(TEXT, List.of()), Json.object(), "dedupe-1", ARMED);
        assertInstanceOf(Reconciled.CannotTell.class, ((PlatformResult.Ok<Reconciled>) endless).value());
        x.verify(1 + 1 + XPublisher.MAX_PAGES, getRequestedFor(urlPathEqualTo(TIMELINE)));
    }

    @Test
    void aTextWhoseLinksXRewroteToTcoIsStillFoundAndOneThatMatchesNothingCannotTell() {
        String withLink = "Menu & hours: https://bloom.example/menu?day=fri <3";
        // X answers the link as t.co, HTML-escapes & and <, and appends the attached image's t.co link
        x.stubFor(get(urlPathEqualTo(TIMELINE)).willReturn(okJson(timeline(TWEET_ID,
                "Menu &amp; hours: https://t.co/Xy12AbCd34 &lt;3 https://t.co/Md5EfGh678"))));

        PlatformResult<Reconciled> found = publisher(LATER).reconcile(target, outgoing(withLink, List.of(loaf())), Json.object(), "dedupe-1", ARMED);
        assertEquals(TWEET_ID, assertInstanceOf(Reconciled.Found.class, ((PlatformResult.Ok<Reconciled>) found).value()).post().externalId());

        x.stubFor(get(urlPathEqualTo(TIMELINE)).willReturn(okJson(timeline(TWEET_ID, "Menu: https://t.co/Xy12AbCd34"))));
        PlatformResult<Reconciled> unsure = publisher(LATER).reconcile(target, outgoing(withLink, List.of(loaf())), Json.object(), "dedupe-1", ARMED);
        assertInstanceOf(Reconciled.CannotTell.class, ((PlatformResult.Ok<Reconciled>) unsure).value());
    }

    @Test
    void rightAfterTheAttemptAnEmptyTimelineProvesNothingSoReconcilingWaits() {
        PlatformResult.Transient<?> early = assertInstanceOf(PlatformResult.Transient.class,
                publisher(ARMED.plusSeconds(5)).reconcile(target, outgoing(TEXT, List.of()), Json.object(), "dedupe-1", ARMED));
        assertEquals(15, early.retryAfterSeconds());
        x.verify(0, getRequestedFor(urlPathEqualTo(TIMELINE)));
    }

    @Test
    void aRevokedTokenIsAuthFailedAndNeverShown() {
        x.stubFor(post(urlPathEqualTo("/2/tweets")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/problem+json")
                .withBody(problem(401, "Unauthorized", "Token " + TOKEN + " is invalid"))));
        x.stubFor(get(urlPathEqualTo(TIMELINE)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/problem+json")
                .withBody(problem(401, "Unauthorized", "Unauthorized"))));

        PlatformResult.AuthFailed<?> onPublish = assertInstanceOf(PlatformResult.AuthFailed.class,
                publisher(ARMED).publish(target, outgoing(TEXT, List.of()), Json.object(), "dedupe-1"));
        PlatformResult.AuthFailed<?> onReconcile = assertInstanceOf(PlatformResult.AuthFailed.class,
                publisher(LATER).reconcile(target, outgoing(TEXT, List.of()), Json.object(), "dedupe-1", ARMED));

        assertEquals(401, onPublish.httpStatus());
        assertFalse(onPublish.message().contains(TOKEN), onPublish.message());
        assertFalse(onPublish.toString().contains(TOKEN));
        assertFalse(onReconcile.toString().contains(TOKEN));
    }

    @Test
    void rateLimitedIsTransientUntilXsReset() {
        x.stubFor(post(urlPathEqualTo("/2/tweets")).willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/problem+json")
                .withHeader("x-rate-limit-limit", "100").withHeader("x-rate-limit-remaining", "0")
                .withHeader("x-rate-limit-reset", String.valueOf(ARMED.getEpochSecond() + 900))
                .withBody(problem(429, "Too Many Requests", "Too Many Requests"))));

        PlatformResult.Transient<?> limited = assertInstanceOf(PlatformResult.Transient.class,
                publisher(ARMED).publish(target, outgoing(TEXT, List.of()), Json.object(), "dedupe-1"));

        assertEquals(429, limited.httpStatus());
        assertEquals(900, limited.retryAfterSeconds());
        assertFalse(limited.message().contains(TOKEN));
    }

    @Test
    void duplicateContentIsARefusalNotProofOfAnEarlierPost() {
        x.stubFor(post(urlPathEqualTo("/2/tweets")).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/problem+json")
                .withBody(problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content."))));

        PlatformResult.Rejected<?> duplicate = assertInstanceOf(PlatformResult.Rejected.class,
                publisher(ARMED).publish(target, outgoing(TEXT, List.of()), Json.object(), "dedupe-1"));

        assertEquals(403, duplicate.httpStatus());
        x.verify(postRequestedFor(urlPathEqualTo("/2/tweets")).withRequestBody(equalToJson("{\"text\":\"" + TEXT + "\"}")));
    }
}
