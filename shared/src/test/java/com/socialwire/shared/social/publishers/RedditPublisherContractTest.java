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
import com.socialwire.shared.social.connectors.RedditConnector;
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
 * {@link RedditPublisher} against WireMock stubs shaped from www.reddit.com/dev/api ({@code POST /api/submit} with
 * {@code api_type=json}: refusals as HTTP 200 {@code json.errors [[CODE, message, field]]}; {@code GET /user/{username}/submitted}
 * Listing of t3 things; {@code GET /api/v1/me}) and Reddit's media lease {@code POST /api/media/asset.json}
 * ({@code args.action}, {@code args.fields}; the store's 201 XML {@code <Location>}) as platforms.md §10.2 records it.
 */
class RedditPublisherContractTest {

    @RegisterExtension
    static WireMockExtension reddit = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.reddit-user-token-Q0Mzb0Vh";
    static final String USER_AGENT = "web:socialwire:1.0 (by /u/socialwire_app)";
    static final Instant ARMED = Instant.parse("2026-12-04T12:00:00Z");
    static final Instant LATER = ARMED.plus(Duration.ofMinutes(1));
    static final String TEXT = "Fresh loaves at 7\nSourdough, rye and a seeded spelt today.";
    static final String TITLE = "Fresh loaves at 7";
    static final String PERMALINK = "/r/BloomBakery/comments/1h6x2ab/fresh_loaves_at_7/";
    static final String SUBMITTED = "/user/bloombakery/submitted";

    Target target;

    RedditPublisher publisher(Instant now) {
        return publisher(now, Duration.ofSeconds(10));
    }

    RedditPublisher publisher(Instant now, Duration timeout) {
        PlatformHttp http = RedditConnector.withUserAgent(new PlatformHttp(ProviderHttp.newClient(), timeout, Clock.fixed(now, ZoneOffset.UTC)), USER_AGENT);
        return new RedditPublisher(http, new MediaBytes(ProviderHttp.newClient(), Duration.ofSeconds(10)), reddit.baseUrl());
    }

    @BeforeEach
    void setUp() {
        reddit.resetAll();
        target = new Target(new SocialAccount("ten_1", "sa_r", "reddit", "BloomBakery", "r/BloomBakery", "Bloom Bakery", null, "subreddit",
                null, RedditConnector.SCOPES, null, AccountStatus.CONNECTED, null, true, ARMED, ARMED, 1), TOKEN);
        reddit.stubFor(get(urlPathEqualTo("/media/loaf.png")).willReturn(aResponse().withStatus(200).withBody(new byte[]{(byte) 0x89, 'P', 'N', 'G'})));
        reddit.stubFor(get(urlPathEqualTo("/api/v1/me")).willReturn(okJson("{\"name\":\"bloombakery\",\"id\":\"1w72\",\"icon_img\":\"\"}")));
    }

    static Outgoing outgoing(String text, String link, List<Media> media) {
        return new Outgoing("ten_1", "post_1", text, List.of(), media, null, link, ARMED);
    }

    Media loaf() {
        return new Media("med_1", reddit.baseUrl() + "/media/loaf.png", "image/png", 4, "A loaf", 800, 600, null);
    }

    static String submitted(String name) {
        return "{\"json\":{\"errors\":[],\"data\":{\"url\":\"https://www.reddit.com" + PERMALINK + "\",\"drafts_count\":0,\"id\":\""
                + name.substring(3) + "\",\"name\":\"" + name + "\"}}}";
    }

    static String errors(String code, String message, String field) {
        return "{\"json\":{\"errors\":[[\"" + code + "\",\"" + message + "\"," + (field == null ? "null" : "\"" + field + "\"") + "]]}}";
    }

    /** A Listing of t3 things: name, title, subreddit, created_utc (seconds after ARMED). */
    static String listing(Object... nameTitleSubredditSeconds) {
        StringBuilder s = new StringBuilder("{\"kind\":\"Listing\",\"data\":{\"after\":null,\"dist\":").append(nameTitleSubredditSeconds.length / 4)
                .append(",\"modhash\":null,\"before\":null,\"children\":[");
        for (int i = 0; i < nameTitleSubredditSeconds.length; i += 4) {
            String name = (String) nameTitleSubredditSeconds[i];
            s.append(i == 0 ? "" : ",").append("{\"kind\":\"t3\",\"data\":{\"name\":\"").append(name).append("\",\"id\":\"").append(name.substring(3))
                    .append("\",\"title\":\"").append(nameTitleSubredditSeconds[i + 1]).append("\",\"subreddit\":\"").append(nameTitleSubredditSeconds[i + 2])
                    .append("\",\"created_utc\":").append(ARMED.getEpochSecond() + (int) nameTitleSubredditSeconds[i + 3]).append(".0")
                    .append(",\"permalink\":\"/r/").append(nameTitleSubredditSeconds[i + 2]).append("/comments/").append(name.substring(3)).append("/x/\"}}");
        }
        return s.append("]}}").toString();
    }

    @Test
    void aSelfPostIsSubmittedWithItsFirstLineAsTitleTheAccountsTokenAndTheUserAgent() {
        reddit.stubFor(post(urlPathEqualTo("/api/submit")).willReturn(okJson(submitted("t3_1h6x2ab"))));
        RedditPublisher p = publisher(ARMED);
        Outgoing post = outgoing(TEXT, null, List.of());

        ObjectNode state = assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) p.prepare(target, post, Json.object())).value()).state();
        PlatformResult<Published> published = p.publish(target, post, state, "dedupe-1");

        assertEquals(new Published("t3_1h6x2ab", "https://www.reddit.com" + PERMALINK), ((PlatformResult.Ok<Published>) published).value());
        reddit.verify(1, postRequestedFor(urlPathEqualTo("/api/submit")).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("User-Agent", equalTo(USER_AGENT))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("api_type=json&sr=BloomBakery&title=Fresh%20loaves%20at%207&kind=self"
                        + "&text=Sourdough%2C%20rye%20and%20a%20seeded%20spelt%20today.&sendreplies=true")));
    }

    @Test
    void aPostWithALinkIsALinkPostAndAnExplicitTitleWins() {
        reddit.stubFor(post(urlPathEqualTo("/api/submit")).willReturn(okJson(submitted("t3_1h6x2ac"))));
        Outgoing post = new Outgoing("ten_1", "post_1", "Our winter menu", List.of(), List.of(), "Winter menu is out", "https://bloom.example/menu", ARMED);

        assertInstanceOf(PlatformResult.Ok.class, publisher(ARMED).publish(target, post, Json.object(), "dedupe-1"));

        reddit.verify(postRequestedFor(urlPathEqualTo("/api/submit")).withRequestBody(equalTo("api_type=json&sr=BloomBakery"
                + "&title=Winter%20menu%20is%20out&kind=link&url=https%3A%2F%2Fbloom.example%2Fmenu&sendreplies=true")));
    }

    @Test
    void anImageIsLeasedAndUploadedOnceThenSubmittedAndItsIdRecoveredFromTheListing() {
        reddit.stubFor(post(urlPathEqualTo("/api/media/asset.json")).willReturn(okJson("""
                {"args":{"action":"%s/store","fields":[{"name":"acl","value":"private"},{"name":"key","value":"rte_images/abc123"},
                 {"name":"success_action_status","value":"201"},{"name":"x-amz-signature","value":"f00d"}]},
                 "asset":{"asset_id":"abc123","processing_state":"incomplete","payload":{"filepath":"image.png"},
                 "websocket_url":"wss://ws-0ab.wss.redditmedia.com/rte_images/abc123?m=x"}}""".formatted(reddit.baseUrl()))));
        reddit.stubFor(post(urlPathEqualTo("/store")).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/xml")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><PostResponse><Location>https://reddit-uploaded-media.s3-accelerate.amazonaws.com/rte_images%2Fabc123</Location>"
                        + "<Bucket>reddit-uploaded-media</Bucket><Key>rte_images/abc123</Key></PostResponse>")));
        reddit.stubFor(post(urlPathEqualTo("/api/submit")).willReturn(okJson("""
                {"json":{"errors":[],"data":{"user_submitted_page":"https://www.reddit.com/user/bloombakery/submitted/",
                 "websocket_url":"wss://ws-078.wss.redditmedia.com/rte_images/abc123?m=y"}}}""")));
        Outgoing post = outgoing(TEXT, null, List.of(loaf()));
        RedditPublisher p = publisher(ARMED);

        ObjectNode state = ((PlatformResult.Ok<Prepared>) p.prepare(target, post, Json.object())).value().state();
        assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) p.prepare(target, post, state)).value()); // a retried preparation
        PlatformResult<Published> submitted = p.publish(target, post, state, "dedupe-1");

        assertEquals("https://reddit-uploaded-media.s3-accelerate.amazonaws.com/rte_images%2Fabc123", state.path("imageUrl").asText());
        assertInstanceOf(PlatformResult.Unknown.class, submitted, "an image post answers no id: it is looked up");
        reddit.verify(1, postRequestedFor(urlPathEqualTo("/api/media/asset.json")).withRequestBody(containing("mimetype=image%2Fpng")));
        reddit.verify(1, postRequestedFor(urlPathEqualTo("/store")).withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .withRequestBody(containing("name=\"key\"\r\n\r\nrte_images/abc123\r\n"))
                .withRequestBody(containing("name=\"file\"; filename=\"image.png\"\r\nContent-Type: image/png")));
        reddit.verify(postRequestedFor(urlPathEqualTo("/api/submit")).withRequestBody(containing("&kind=image&url=https%3A%2F%2Freddit-uploaded-media")));

        // not listed yet: for an image post that proves nothing, so the reconciliation waits
        reddit.stubFor(get(urlPathEqualTo(SUBMITTED)).willReturn(okJson(listing())));
        assertInstanceOf(PlatformResult.Transient.class, publisher(LATER).reconcile(target, post, state, "dedupe-1", ARMED));
        reddit.stubFor(get(urlPathEqualTo(SUBMITTED)).willReturn(okJson(listing("t3_1h6x2ad", TITLE, "BloomBakery", 95))));
        assertEquals(new Reconciled.Found(new Published("t3_1h6x2ad", "https://www.reddit.com/r/BloomBakery/comments/1h6x2ad/x/")),
                ((PlatformResult.Ok<Reconciled>) publisher(ARMED.plus(Duration.ofMinutes(3))).reconcile(target, post, state, "dedupe-1", ARMED)).value());
        // still missing long after: a person must look, never a second post
        reddit.stubFor(get(urlPathEqualTo(SUBMITTED)).willReturn(okJson(listing())));
        assertInstanceOf(Reconciled.CannotTell.class, ((PlatformResult.Ok<Reconciled>) publisher(ARMED.plus(Duration.ofMinutes(11)))
                .reconcile(target, post, state, "dedupe-1", ARMED)).value());
        reddit.verify(1, postRequestedFor(urlPathEqualTo("/api/submit")));
    }

    @Test
    void aSubmitWhoseAnswerWasLostIsFoundInTheSubmittedListingSoTheDeliveryEndsWithOnePost() {
        // Reddit acts, but answers after the client gave up
        reddit.stubFor(post(urlPathEqualTo("/api/submit")).willReturn(okJson(submitted("t3_1h6x2ab")).withFixedDelay(3_000)));
        reddit.stubFor(get(urlPathEqualTo(SUBMITTED)).willReturn(okJson(listing(
                "t3_1h6x2ab", TITLE, "BloomBakery", 1,
                "t3_1h6x2a0", TITLE, "Breadit", 2,            // the same title in another subreddit
                "t3_1h0aaaa", TITLE, "BloomBakery", -86_400)))); // and in this one, a day before

        PlatformResult<Published> lost = publisher(ARMED, Duration.ofMillis(500)).publish(target, outgoing(TEXT, null, List.of()), Json.object(), "dedupe-1");
        PlatformResult.Unknown<?> unknown = assertInstanceOf(PlatformResult.Unknown.class, lost);
        assertFalse(unknown.message().contains(TOKEN));
        PlatformResult<Reconciled> r = publisher(LATER).reconcile(target, outgoing(TEXT, null, List.of()), Json.object(), "dedupe-1", ARMED);

        assertEquals(new Reconciled.Found(new Published("t3_1h6x2ab", "https://www.reddit.com/r/BloomBakery/comments/1h6x2ab/x/")),
                ((PlatformResult.Ok<Reconciled>) r).value());
        reddit.verify(1, postRequestedFor(urlPathEqualTo("/api/submit"))); // published once, found, not published again
        reddit.verify(getRequestedFor(urlPathEqualTo(SUBMITTED)).withQueryParam("sort", equalTo("new")).withQueryParam("limit", equalTo("100"))
                .withQueryParam("raw_json", equalTo("1")).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("User-Agent", equalTo(USER_AGENT)));
    }

    @Test
    void aCompleteListingWithoutThePostIsNotFoundAndRightAfterTheAttemptReconcilingWaits() {
        reddit.stubFor(get(urlPathEqualTo(SUBMITTED)).willReturn(okJson(listing("t3_1h0aaaa", "Another post", "BloomBakery", 5))));

        assertInstanceOf(Reconciled.NotFound.class, ((PlatformResult.Ok<Reconciled>) publisher(LATER)
                .reconcile(target, outgoing(TEXT, null, List.of()), Json.object(), "dedupe-1", ARMED)).value());
        PlatformResult.Transient<?> early = assertInstanceOf(PlatformResult.Transient.class, publisher(ARMED.plusSeconds(5))
                .reconcile(target, outgoing(TEXT, null, List.of()), Json.object(), "dedupe-1", ARMED));
        assertEquals(15, early.retryAfterSeconds());
        reddit.verify(1, getRequestedFor(urlPathEqualTo(SUBMITTED)));
    }

    @Test
    void rateLimitedInJsonErrorsIsTransientForTheWaitRedditNames() {
        reddit.stubFor(post(urlPathEqualTo("/api/submit")).willReturn(okJson(errors("RATELIMIT",
                "Looks like you've been doing that a lot. Take a break for 9 minutes before trying again.", "ratelimit"))));

        PlatformResult.Transient<?> limited = assertInstanceOf(PlatformResult.Transient.class,
                publisher(ARMED).publish(target, outgoing(TEXT, null, List.of()), Json.object(), "dedupe-1"));

        assertEquals("RATELIMIT", limited.code());
        assertEquals(540, limited.retryAfterSeconds());
        reddit.stubFor(post(urlPathEqualTo("/api/submit")).willReturn(okJson("{\"json\":{\"ratelimit\":31.4,\"errors\":[[\"RATELIMIT\","
                + "\"you are doing that too much. try again in 31 seconds.\",\"ratelimit\"]]}}")));
        assertEquals(32, assertInstanceOf(PlatformResult.Transient.class,
                publisher(ARMED).publish(target, outgoing(TEXT, null, List.of()), Json.object(), "dedupe-1")).retryAfterSeconds());
    }

    @Test
    void aSubredditThatDoesNotExistOrTakesNoLinksIsARefusal() {
        reddit.stubFor(post(urlPathEqualTo("/api/submit")).willReturn(okJson(errors("SUBREDDIT_NOEXIST", "that subreddit doesn't exist", "sr"))));
        PlatformResult.Rejected<?> missing = assertInstanceOf(PlatformResult.Rejected.class,
                publisher(ARMED).publish(target, outgoing(TEXT, null, List.of()), Json.object(), "dedupe-1"));
        assertEquals("SUBREDDIT_NOEXIST", missing.code());

        reddit.stubFor(post(urlPathEqualTo("/api/submit")).willReturn(okJson(errors("NO_LINKS", "that subreddit only allows text posts", "sr"))));
        PlatformResult.Rejected<?> noLinks = assertInstanceOf(PlatformResult.Rejected.class,
                publisher(ARMED).publish(target, outgoing(TEXT, "https://bloom.example", List.of()), Json.object(), "dedupe-1"));
        assertEquals("NO_LINKS", noLinks.code());
    }

    @Test
    void aRevokedTokenIsAuthFailedAndNeverShown() {
        reddit.stubFor(post(urlPathEqualTo("/api/submit")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withHeader("www-authenticate", "Bearer realm=\"reddit\", error=\"invalid_token\"").withBody("{\"message\": \"Unauthorized\", \"error\": 401}")));
        reddit.stubFor(get(urlPathEqualTo("/api/v1/me")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"message\": \"Unauthorized\", \"error\": 401}")));

        PlatformResult.AuthFailed<?> onPublish = assertInstanceOf(PlatformResult.AuthFailed.class,
                publisher(ARMED).publish(target, outgoing(TEXT, null, List.of()), Json.object(), "dedupe-1"));
        PlatformResult.AuthFailed<?> onReconcile = assertInstanceOf(PlatformResult.AuthFailed.class,
                publisher(LATER).reconcile(target, outgoing(TEXT, null, List.of()), Json.object(), "dedupe-1", ARMED));

        assertEquals(401, onPublish.httpStatus());
        assertFalse(onPublish.toString().contains(TOKEN));
        assertFalse(onReconcile.toString().contains(TOKEN));
    }

    @Test
    void userRequiredInJsonErrorsIsATokenRedditDoesNotTake() {
        reddit.stubFor(post(urlPathEqualTo("/api/submit")).willReturn(okJson(errors("USER_REQUIRED", "Please log in to do that.", null))));

        PlatformResult.AuthFailed<?> refused = assertInstanceOf(PlatformResult.AuthFailed.class,
                publisher(ARMED).publish(target, outgoing(TEXT, null, List.of()), Json.object(), "dedupe-1"));

        assertEquals("USER_REQUIRED", refused.code());
    }

    @Test
    void galleriesAndVideosAreRefusedBeforeAnythingIsUploaded() {
        Media clip = new Media("med_2", reddit.baseUrl() + "/media/clip.mp4", "video/mp4", 1000, null, 640, 360, 12.0);
        assertEquals("MEDIA_UNSUPPORTED", assertInstanceOf(PlatformResult.Rejected.class,
                publisher(ARMED).prepare(target, outgoing(TEXT, null, List.of(clip)), Json.object())).code());
        assertEquals("MEDIA_UNSUPPORTED", assertInstanceOf(PlatformResult.Rejected.class,
                publisher(ARMED).prepare(target, outgoing(TEXT, null, List.of(loaf(), loaf())), Json.object())).code());
        reddit.verify(0, postRequestedFor(urlPathEqualTo("/api/media/asset.json")));
    }
}
