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
 * {@link FacebookPagesPublisher} against WireMock stubs shaped from Meta's Graph API reference (page/feed,
 * reference/photo with {@code published=false} and {@code alt_text_custom}, page/published_posts, the error-handling
 * guide's {@code error{message,type,code,error_subcode}}): a text post with a link, photos uploaded unpublished and
 * attached to one post, a lost answer to the feed call reconciled by listing the Page's posts, and failures typed.
 */
class FacebookPagesPublisherContractTest {

    @RegisterExtension
    static WireMockExtension graph = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "EAAPageTokenQv93LmZ";
    static final String PAGE_ID = "104729384756";
    static final String FEED = "/v21.0/" + PAGE_ID + "/feed";
    static final String PHOTOS = "/v21.0/" + PAGE_ID + "/photos";
    static final String POSTS = "/v21.0/" + PAGE_ID + "/published_posts";
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final String TEXT = "Fresh loaves at 7 #bread & rolls";

    Target target;

    /** With a generous timeout: WireMock on a busy two-core machine answers slowly now and then. */
    FacebookPagesPublisher publisher() {
        return publisher(Duration.ofSeconds(10));
    }

    FacebookPagesPublisher publisher(Duration timeout) {
        PlatformHttp http = new PlatformHttp(ProviderHttp.newClient(), timeout, Clock.fixed(NOW, ZoneOffset.UTC));
        return new FacebookPagesPublisher(http, graph.baseUrl() + "/v21.0/");
    }

    @BeforeEach
    void setUp() {
        graph.resetAll();
        target = new Target(new SocialAccount("ten_1", "sa_1", "facebook", PAGE_ID, "bloombakery", "Bloom Bakery", null,
                "page", null, List.of("pages_manage_posts", "pages_read_engagement"), null, AccountStatus.CONNECTED, null, true, NOW, NOW, 1), TOKEN);
    }

    Outgoing outgoing(List<Media> media, String link) {
        return new Outgoing("ten_1", "post_1", TEXT, List.of(), media, null, link, NOW);
    }

    Media photo(String name, String alt) {
        return new Media("med_" + name, "https://media.example/presigned/" + name + ".jpg?X-Amz-Signature=abc", "image/jpeg", 2048, alt, 64, 48, null);
    }

    static String metaError(int code, String message) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":" + code + ",\"fbtrace_id\":\"AbCdEf\"}}";
    }

    @Test
    void textWithALinkIsPostedToThePageFeedAsThePage() {
        graph.stubFor(post(urlPathEqualTo(FEED)).willReturn(okJson("{\"id\":\"" + PAGE_ID + "_987654321\"}")));
        FacebookPagesPublisher p = publisher();
        Outgoing post = outgoing(List.of(), "https://bloom.example/menu?day=mon");

        ObjectNode state = assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) p.prepare(target, post, Json.object())).value()).state();
        PlatformResult<Published> published = p.publish(target, post, state, "k1");

        assertEquals(new Published(PAGE_ID + "_987654321", "https://www.facebook.com/" + PAGE_ID + "_987654321"),
                ((PlatformResult.Ok<Published>) published).value());
        graph.verify(postRequestedFor(urlPathEqualTo(FEED)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("message=Fresh%20loaves%20at%207%20%23bread%20%26%20rolls"
                        + "&link=https%3A%2F%2Fbloom.example%2Fmenu%3Fday%3Dmon")));
        graph.verify(0, postRequestedFor(urlPathEqualTo(PHOTOS)));
    }

    @Test
    void twoPhotosAreUploadedUnpublishedOnceThenAttachedToOnePost() {
        graph.stubFor(post(urlPathEqualTo(PHOTOS)).inScenario("photos").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"id\":\"5550001\"}")).willSetStateTo("second"));
        graph.stubFor(post(urlPathEqualTo(PHOTOS)).inScenario("photos").whenScenarioStateIs("second")
                .willReturn(okJson("{\"id\":\"5550002\"}")).willSetStateTo("done"));
        graph.stubFor(post(urlPathEqualTo(FEED)).willReturn(okJson("{\"id\":\"" + PAGE_ID + "_42\"}")));
        FacebookPagesPublisher p = publisher();
        Outgoing post = outgoing(List.of(photo("loaf", "A sourdough loaf on a board"), photo("rolls", null)), null);
        ObjectNode state = Json.object();

        assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) p.prepare(target, post, state)).value());
        // a retried preparation finds both photo ids in the state and uploads nothing again
        state = assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) p.prepare(target, post, state)).value()).state();
        PlatformResult<Published> published = p.publish(target, post, state, "k1");

        assertEquals(PAGE_ID + "_42", ((PlatformResult.Ok<Published>) published).value().externalId());
        graph.verify(2, postRequestedFor(urlPathEqualTo(PHOTOS)));
        graph.verify(postRequestedFor(urlPathEqualTo(PHOTOS)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalTo("url=https%3A%2F%2Fmedia.example%2Fpresigned%2Floaf.jpg%3FX-Amz-Signature%3Dabc"
                        + "&published=false&alt_text_custom=A%20sourdough%20loaf%20on%20a%20board")));
        graph.verify(postRequestedFor(urlPathEqualTo(PHOTOS))
                .withRequestBody(equalTo("url=https%3A%2F%2Fmedia.example%2Fpresigned%2Frolls.jpg%3FX-Amz-Signature%3Dabc&published=false")));
        graph.verify(1, postRequestedFor(urlPathEqualTo(FEED)));
        graph.verify(postRequestedFor(urlPathEqualTo(FEED)).withRequestBody(equalTo("message=Fresh%20loaves%20at%207%20%23bread%20%26%20rolls"
                + "&attached_media%5B0%5D=%7B%22media_fbid%22%3A%225550001%22%7D"
                + "&attached_media%5B1%5D=%7B%22media_fbid%22%3A%225550002%22%7D")));
    }

    @Test
    void aFeedPostAnsweredAfterTheTimeoutIsFoundInThePagesPostsAndStaysOnePost() {
        graph.stubFor(post(urlPathEqualTo(FEED)).willReturn(okJson("{\"id\":\"" + PAGE_ID + "_77\"}").withFixedDelay(3_000)));
        graph.stubFor(get(urlPathEqualTo(POSTS)).willReturn(okJson("{\"data\":["
                + "{\"id\":\"" + PAGE_ID + "_78\",\"message\":\"Another post\",\"created_time\":\"2026-12-04T12:01:00+0000\"},"
                + "{\"id\":\"" + PAGE_ID + "_77\",\"message\":\"" + TEXT + "\",\"created_time\":\"2026-12-04T12:00:01+0000\"}],"
                + "\"paging\":{\"cursors\":{\"before\":\"QVFIUk\",\"after\":\"QVFIUl\"}}}")));
        Outgoing post = outgoing(List.of(), null);

        PlatformResult<Published> lost = publisher(Duration.ofMillis(500)).publish(target, post, Json.object(), "k1");
        PlatformResult.Unknown<?> unknown = assertInstanceOf(PlatformResult.Unknown.class, lost);
        PlatformResult<Reconciled> r = publisher().reconcile(target, post, Json.object(), "k1", NOW);

        assertEquals(new Reconciled.Found(new Published(PAGE_ID + "_77", "https://www.facebook.com/" + PAGE_ID + "_77")),
                ((PlatformResult.Ok<Reconciled>) r).value());
        graph.verify(1, postRequestedFor(urlPathEqualTo(FEED))); // exactly one post: found, never published again
        graph.verify(getRequestedFor(urlPathEqualTo(POSTS)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withQueryParam("since", equalTo(Long.toString(NOW.getEpochSecond() - 120)))
                .withQueryParam("fields", equalTo("id,message,created_time")).withQueryParam("limit", equalTo("100")));
        assertFalse(unknown.message().contains(TOKEN));
    }

    @Test
    void aCompleteListingWithoutThePostMeansItWasNotPublished() {
        graph.stubFor(get(urlPathEqualTo(POSTS)).willReturn(okJson("{\"data\":["
                + "{\"id\":\"" + PAGE_ID + "_78\",\"message\":\"" + TEXT + " (yesterday's)\",\"created_time\":\"2026-12-04T12:01:00+0000\"}],"
                + "\"paging\":{\"cursors\":{\"before\":\"QVFIUk\",\"after\":\"QVFIUl\"}}}")));

        PlatformResult<Reconciled> r = publisher().reconcile(target, outgoing(List.of(), null), Json.object(), "k1", NOW);

        assertInstanceOf(Reconciled.NotFound.class, ((PlatformResult.Ok<Reconciled>) r).value());
    }

    @Test
    void aListingLongerThanTheReconciliationReadsCannotTell() {
        graph.stubFor(get(urlPathEqualTo(POSTS)).willReturn(okJson("{\"data\":[{\"id\":\"" + PAGE_ID + "_1\",\"message\":\"other\"}],"
                + "\"paging\":{\"cursors\":{\"after\":\"QVFIUl\"},\"next\":\"https://graph.facebook.com/v21.0/" + PAGE_ID + "/published_posts?after=QVFIUl\"}}")));

        PlatformResult<Reconciled> r = publisher().reconcile(target, outgoing(List.of(), null), Json.object(), "k1", NOW);

        assertInstanceOf(Reconciled.CannotTell.class, ((PlatformResult.Ok<Reconciled>) r).value());
        graph.verify(FacebookPagesPublisher.MAX_PAGES, getRequestedFor(urlPathEqualTo(POSTS)));
        graph.verify(FacebookPagesPublisher.MAX_PAGES - 1, getRequestedFor(urlPathEqualTo(POSTS)).withQueryParam("after", equalTo("QVFIUl")));
    }

    @Test
    void anInvalidPageTokenIsAuthFailedThrottlingTransientAndNeitherShowsTheToken() {
        FacebookPagesPublisher p = publisher();
        Outgoing post = outgoing(List.of(), null);
        graph.stubFor(post(urlPathEqualTo(FEED)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(metaError(190, "Error validating access token: the session was invalidated (token " + TOKEN + ")"))));
        PlatformResult.AuthFailed<?> auth = assertInstanceOf(PlatformResult.AuthFailed.class, p.publish(target, post, Json.object(), "k1"));
        assertFalse(auth.message().contains(TOKEN));

        graph.stubFor(post(urlPathEqualTo(FEED)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(metaError(4, "(#4) Application request limit reached"))));
        PlatformResult.Transient<?> throttled = assertInstanceOf(PlatformResult.Transient.class, p.publish(target, post, Json.object(), "k1"));
        assertFalse(throttled.message().contains(TOKEN));

        graph.stubFor(post(urlPathEqualTo(FEED)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(metaError(506, "Duplicate status message"))));
        assertInstanceOf(PlatformResult.Rejected.class, p.publish(target, post, Json.object(), "k1"));

        graph.stubFor(post(urlPathEqualTo(PHOTOS)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(metaError(190, "Invalid OAuth access token " + TOKEN))));
        PlatformResult.AuthFailed<?> upload = assertInstanceOf(PlatformResult.AuthFailed.class,
                p.prepare(target, outgoing(List.of(photo("loaf", null)), null), Json.object()));
        assertFalse(upload.message().contains(TOKEN));

        graph.stubFor(get(urlPathEqualTo(POSTS)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(metaError(190, "Error validating access token"))));
        assertInstanceOf(PlatformResult.AuthFailed.class, p.reconcile(target, post, Json.object(), "k1", NOW));
    }
}
