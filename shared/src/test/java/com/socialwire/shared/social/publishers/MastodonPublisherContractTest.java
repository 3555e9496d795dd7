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
 * {@link MastodonPublisher} against WireMock stubs shaped from mastodon/documentation (methods/media.md,
 * methods/statuses.md): media uploaded with their alt text, asynchronous processing waited for (202, then 206, then
 * 200), the status posted with the delivery's Idempotency-Key, failures typed, and a lost answer reconciled inside the
 * key's hour by the key and after it by the account's statuses and their source text.
 */
class MastodonPublisherContractTest {

    @RegisterExtension
    static WireMockExtension instance = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "mastodon-user-token-Zx81";
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final String ATTACHMENT = "{\"id\":\"22348641\",\"type\":\"image\",\"url\":\"https://files.example/original/e96382f26c72a29c.jpeg\","
            + "\"preview_url\":\"https://files.example/small/e96382f26c72a29c.jpeg\",\"description\":\"A loaf\"}";
    static final String PROCESSING = ATTACHMENT.replace("\"url\":\"https://files.example/original/e96382f26c72a29c.jpeg\"", "\"url\":null");

    Target target;

    /** With a generous timeout: WireMock on a busy two-core machine answers slowly now and then. */
    MastodonPublisher publisher(Instant now) {
        return publisher(now, Duration.ofSeconds(10));
    }

    MastodonPublisher publisher(Instant now, Duration timeout) {
        PlatformHttp http = new PlatformHttp(ProviderHttp.newClient(), timeout, Clock.fixed(now, ZoneOffset.UTC));
        return new MastodonPublisher(http, new MediaBytes(ProviderHttp.newClient(), Duration.ofSeconds(5)), 16_000_000);
    }

    @BeforeEach
    void setUp() {
        instance.resetAll();
        target = new Target(new SocialAccount("ten_1", "sa_1", "mastodon", "109876543210", "@bloom@mastodon.example", "Bloom", null,
                "profile", instance.baseUrl(), List.of("write:statuses", "write:media"), null, AccountStatus.CONNECTED, null, true, NOW, NOW, 1), TOKEN);
        instance.stubFor(get(urlPathEqualTo("/media/loaf.jpg")).willReturn(aResponse().withStatus(200).withBody(new byte[]{(byte) 0xFF, (byte) 0xD8, 1, 2})));
    }

    Outgoing outgoing(List<Media> media) {
        return new Outgoing("ten_1", "post_1", "Fresh loaves at 7 #bread", List.of(), media, null, null, NOW);
    }

    Media loaf() {
        return new Media("med_1", instance.baseUrl() + "/media/loaf.jpg", "image/jpeg", 4, "A sourdough loaf on a board", 64, 48, null);
    }

    @Test
    void mediaAreUploadedWithTheirAltTextAndTheStatusPostedWithTheDeliverysIdempotencyKey() {
        instance.stubFor(post(urlPathEqualTo("/api/v2/media")).willReturn(okJson(ATTACHMENT)));
        instance.stubFor(post(urlPathEqualTo("/api/v1/statuses")).willReturn(okJson(
                "{\"id\":\"103254962155278888\",\"created_at\":\"2026-12-04T12:00:01.196Z\",\"url\":\"https://mastodon.example/@bloom/103254962155278888\","
                        + "\"content\":\"<p>Fresh loaves at 7 #bread</p>\"}")));
        MastodonPublisher p = publisher(NOW);

        PlatformResult<Prepared> prepared = p.prepare(target, outgoing(List.of(loaf())), Json.object());
        ObjectNode state = assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) prepared).value()).state();
        PlatformResult<Published> published = p.publish(target, outgoing(List.of(loaf())), state, "a1b2c3d4e5f6");

        assertEquals(new Published("103254962155278888", "https://mastodon.example/@bloom/103254962155278888"),
                ((PlatformResult.Ok<Published>) published).value());
        instance.verify(postRequestedFor(urlPathEqualTo("/api/v2/media")).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withRequestBody(containing("name=\"description\"")).withRequestBody(containing("A sourdough loaf on a board"))
                .withRequestBody(containing("name=\"file\"; filename=\"file.jpg\"")));
        instance.verify(postRequestedFor(urlPathEqualTo("/api/v1/statuses")).withHeader("Idempotency-Key", equalTo("a1b2c3d4e5f6"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("status=Fresh%20loaves%20at%207%20%23bread&media_ids%5B%5D=22348641")));
    }

    @Test
    void mediaStillProcessingAreWaitedForUntilTheirUrlIsThere() {
        instance.stubFor(post(urlPathEqualTo("/api/v2/media")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody(PROCESSING)));
        instance.stubFor(get(urlPathEqualTo("/api/v1/media/22348641")).inScenario("processing").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(206)).willSetStateTo("done"));
        instance.stubFor(get(urlPathEqualTo("/api/v1/media/22348641")).inScenario("processing").whenScenarioStateIs("done")
                .willReturn(okJson(ATTACHMENT)));
        MastodonPublisher p = publisher(NOW);
        ObjectNode state = Json.object();

        assertInstanceOf(Prepared.Waiting.class, ((PlatformResult.Ok<Prepared>) p.prepare(target, outgoing(List.of(loaf())), state)).value());
        assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) p.prepare(target, outgoing(List.of(loaf())), state)).value());

        instance.verify(1, postRequestedFor(urlPathEqualTo("/api/v2/media"))); // uploaded once, then only asked about
        instance.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/media/22348641")));
    }

    @Test
    void failuresAreTypedAndNeverShowTheToken() {
        MastodonPublisher p = publisher(NOW);
        instance.stubFor(post(urlPathEqualTo("/api/v1/statuses")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"The access token is invalid\"}")));
        assertInstanceOf(PlatformResult.AuthFailed.class, p.publish(target, outgoing(List.of()), Json.object(), "k1"));

        instance.stubFor(post(urlPathEqualTo("/api/v1/statuses")).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Validation failed: Text character limit of 500 exceeded\"}")));
        PlatformResult.Rejected<?> rejected = assertInstanceOf(PlatformResult.Rejected.class, p.publish(target, outgoing(List.of()), Json.object(), "k1"));
        assertEquals(422, rejected.httpStatus());

        instance.stubFor(post(urlPathEqualTo("/api/v1/statuses")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        assertEquals(120, assertInstanceOf(PlatformResult.Transient.class, p.publish(target, outgoing(List.of()), Json.object(), "k1")).retryAfterSeconds());

        instance.stubFor(post(urlPathEqualTo("/api/v1/statuses")).willReturn(okJson("{\"id\":\"1\"}").withFixedDelay(3_000)));
        PlatformResult.Unknown<?> unknown = assertInstanceOf(PlatformResult.Unknown.class, publisher(NOW, Duration.ofMillis(500)).publish(target, outgoing(List.of()), Json.object(), "k1"));
        assertFalse(unknown.message().contains(TOKEN));
        assertFalse(rejected.message().contains(TOKEN));
    }

    @Test
    void insideTheKeysHourALostAnswerIsSettledByPublishingAgainUnderTheSameKey() {
        PlatformResult<Reconciled> r = publisher(NOW.plus(Duration.ofMinutes(20))).reconcile(target, outgoing(List.of()), Json.object(), "k1", NOW);

        assertInstanceOf(Reconciled.NotFound.class, ((PlatformResult.Ok<Reconciled>) r).value());
        instance.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/accounts/109876543210/statuses")));
    }

    @Test
    void afterTheKeysHourTheAccountsStatusesAndTheirSourceTellWhetherItWentOut() {
        Instant later = NOW.plus(Duration.ofHours(2));
        instance.stubFor(get(urlPathEqualTo("/api/v1/accounts/109876543210/statuses")).willReturn(okJson("["
                + "{\"id\":\"300\",\"created_at\":\"2026-12-04T12:30:00.000Z\",\"url\":\"https://mastodon.example/@bloom/300\"},"
                + "{\"id\":\"200\",\"created_at\":\"2026-12-04T12:00:00.900Z\",\"url\":\"https://mastodon.example/@bloom/200\"},"
                + "{\"id\":\"100\",\"created_at\":\"2026-12-03T09:00:00.000Z\",\"url\":\"https://mastodon.example/@bloom/100\"}]")));
        instance.stubFor(get(urlPathEqualTo("/api/v1/statuses/300/source")).willReturn(okJson("{\"id\":\"300\",\"text\":\"Another post\",\"spoiler_text\":\"\"}")));
        instance.stubFor(get(urlPathEqualTo("/api/v1/statuses/200/source")).willReturn(okJson(
                "{\"id\":\"200\",\"text\":\"Fresh loaves at 7 #bread\",\"spoiler_text\":\"\"}")));

        PlatformResult<Reconciled> found = publisher(later).reconcile(target, outgoing(List.of()), Json.object(), "k1", NOW);
        assertEquals(new Reconciled.Found(new Published("200", "https://mastodon.example/@bloom/200")), ((PlatformResult.Ok<Reconciled>) found).value());
        instance.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/statuses/100/source"))); // older than the attempt: not read

        instance.stubFor(get(urlPathEqualTo("/api/v1/statuses/200/source")).willReturn(okJson("{\"id\":\"200\",\"text\":\"Something else\"}")));
        PlatformResult<Reconciled> none = publisher(later).reconcile(target, outgoing(List.of()), Json.object(), "k1", NOW);
        assertInstanceOf(Reconciled.NotFound.class, ((PlatformResult.Ok<Reconciled>) none).value());
    }

    @Test
    void aBusyAccountWhoseNewestPageDoesNotReachTheAttemptCannotTell() {
        StringBuilder page = new StringBuilder("[");
        for (int i = 0; i < MastodonPublisher.PAGE; i++) {
            page.append(i == 0 ? "" : ",").append("{\"id\":\"").append(900 - i).append("\",\"created_at\":\"2026-12-04T13:")
                    .append(String.format("%02d", i)).append(":00.000Z\"}");
            instance.stubFor(get(urlPathEqualTo("/api/v1/statuses/" + (900 - i) + "/source")).willReturn(okJson("{\"text\":\"other\"}")));
        }
        instance.stubFor(get(urlPathEqualTo("/api/v1/accounts/109876543210/statuses")).willReturn(okJson(page.append("]").toString())));

        PlatformResult<Reconciled> r = publisher(NOW.plus(Duration.ofHours(2))).reconcile(target, outgoing(List.of()), Json.object(), "k1", NOW);

        assertInstanceOf(Reconciled.CannotTell.class, ((PlatformResult.Ok<Reconciled>) r).value());
    }

    static final List<String> THREAD = List.of("Fresh loaves at 7 #bread", "Rye comes out at 8", "Buns at 9");
    static final String[] PART_IDS = {"103254962155278801", "103254962155278802", "103254962155278803"};

    static Outgoing thread() {
        return new Outgoing("ten_1", "post_1", THREAD.get(0), THREAD.subList(1, 3), List.of(), null, null, NOW);
    }

    static String status(int k) {
        return "{\"id\":\"" + PART_IDS[k] + "\",\"created_at\":\"2026-12-04T12:00:0" + (k + 1) + ".000Z\",\"url\":\"https://mastodon.example/@bloom/"
                + PART_IDS[k] + "\",\"in_reply_to_id\":" + (k == 0 ? "null" : "\"" + PART_IDS[k - 1] + "\"") + "}";
    }

    void partCreated(int k) {
        instance.stubFor(post(urlPathEqualTo("/api/v1/statuses")).withRequestBody(containing(THREAD.get(k).split(" ")[0]))
                .willReturn(okJson(status(k))));
        instance.stubFor(get(urlPathEqualTo("/api/v1/statuses/" + PART_IDS[k] + "/source")).willReturn(okJson(
                "{\"id\":\"" + PART_IDS[k] + "\",\"text\":\"" + THREAD.get(k) + "\",\"spoiler_text\":\"\"}")));
    }

    @Test
    void aThreadIsPostedPartByPartEachUnderItsOwnKeyReplyingToTheOneBefore() {
        partCreated(0);
        partCreated(1);
        partCreated(2);

        PlatformResult<Published> published = publisher(NOW).publish(target, thread(), Json.object(), "a1b2c3d4e5f6");

        assertEquals(new Published(PART_IDS[0], "https://mastodon.example/@bloom/" + PART_IDS[0]), ((PlatformResult.Ok<Published>) published).value());
        instance.verify(3, postRequestedFor(urlPathEqualTo("/api/v1/statuses")));
        instance.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/statuses")).withHeader("Idempotency-Key", equalTo("a1b2c3d4e5f6"))
                .withRequestBody(equalTo("status=Fresh%20loaves%20at%207%20%23bread")));
        instance.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/statuses")).withHeader("Idempotency-Key", equalTo("a1b2c3d4e5f6-1"))
                .withRequestBody(equalTo("status=Rye%20comes%20out%20at%208&in_reply_to_id=" + PART_IDS[0])));
        instance.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/statuses")).withHeader("Idempotency-Key", equalTo("a1b2c3d4e5f6-2"))
                .withRequestBody(equalTo("status=Buns%20at%209&in_reply_to_id=" + PART_IDS[1])));
    }

    @Test
    void aThreadWhosePartTwoAnswerWasLostIsPartialAfterTheKeysHourAndOnlyPartThreeIsPosted() {
        partCreated(0);
        partCreated(2);
        // the instance makes part 2 but answers after the client gave up
        instance.stubFor(post(urlPathEqualTo("/api/v1/statuses")).withRequestBody(containing("Rye")).willReturn(okJson(status(1)).withFixedDelay(3_000)));
        instance.stubFor(get(urlPathEqualTo("/api/v1/statuses/" + PART_IDS[1] + "/source")).willReturn(okJson(
                "{\"id\":\"" + PART_IDS[1] + "\",\"text\":\"" + THREAD.get(1) + "\",\"spoiler_text\":\"\"}")));
        instance.stubFor(get(urlPathEqualTo("/api/v1/accounts/109876543210/statuses")).willReturn(okJson("[" + status(1) + "," + status(0) + ","
                + "{\"id\":\"100\",\"created_at\":\"2026-12-03T09:00:00.000Z\",\"url\":\"https://mastodon.example/@bloom/100\",\"in_reply_to_id\":null}]")));
        Instant later = NOW.plus(Duration.ofHours(2));

        PlatformResult<Published> lost = publisher(NOW, Duration.ofMillis(500)).publish(target, thread(), Json.object(), "k1");
        assertInstanceOf(PlatformResult.Unknown.class, lost, lost.toString());
        PlatformResult<Reconciled> r = publisher(later).reconcile(target, thread(), Json.object(), "k1", NOW);
        Reconciled.Partial partial = assertInstanceOf(Reconciled.Partial.class, ((PlatformResult.Ok<Reconciled>) r).value());
        PlatformResult<Published> resumed = publisher(later).publish(target, thread(), partial.state(), "k1");

        assertEquals(new Published(PART_IDS[0], "https://mastodon.example/@bloom/" + PART_IDS[0]), ((PlatformResult.Ok<Published>) resumed).value());
        instance.verify(3, postRequestedFor(urlPathEqualTo("/api/v1/statuses"))); // exactly one per part
        instance.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/statuses")).withHeader("Idempotency-Key", equalTo("k1-2"))
                .withRequestBody(equalTo("status=Buns%20at%209&in_reply_to_id=" + PART_IDS[1])));
    }

    @Test
    void aThreadAllOfWhosePartsAreListedIsFound() {
        partCreated(0);
        partCreated(1);
        partCreated(2);
        instance.stubFor(get(urlPathEqualTo("/api/v1/accounts/109876543210/statuses")).willReturn(okJson("[" + status(2) + "," + status(1) + "," + status(0) + "]")));

        PlatformResult<Reconciled> r = publisher(NOW.plus(Duration.ofHours(2))).reconcile(target, thread(), Json.object(), "k1", NOW);

        assertEquals(new Reconciled.Found(new Published(PART_IDS[0], "https://mastodon.example/@bloom/" + PART_IDS[0])),
                ((PlatformResult.Ok<Reconciled>) r).value());
    }
}
