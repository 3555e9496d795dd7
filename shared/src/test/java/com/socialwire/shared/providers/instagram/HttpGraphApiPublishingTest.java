package com.socialwire.shared.providers.instagram;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.providers.instagram.GraphApi.ContainerSpec;
import com.socialwire.shared.providers.instagram.GraphApi.ContainerStatus;
import com.socialwire.shared.providers.instagram.GraphApi.PublishedMedia;
import com.socialwire.shared.providers.instagram.GraphApi.PublishingLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the real {@link HttpGraphApi} content-publishing calls against WireMock stubs shaped like Meta's
 * ({@code POST /{ig-user-id}/media}, {@code GET /{container-id}}, {@code POST /{ig-user-id}/media_publish},
 * {@code GET /{media-id}?fields=permalink}, {@code GET /{ig-user-id}/content_publishing_limit}, {@code GET /{ig-user-id}/media}).
 */
class HttpGraphApiPublishingTest {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = "IGQVJ-publish-token-2b8d41f0c7";
    private static final String IG_USER = "17841405822304914";
    private static final String CONTAINER = "17889455560051444";
    private static final String MEDIA = "17920238422030506";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final HttpGraphApi graph = new HttpGraphApi(meta.baseUrl() + "/v21.0", Duration.ofMillis(1500));

    private static void stubPost(String path, int status, String body) {
        meta.stubFor(post(urlPathEqualTo("/v21.0" + path)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static void stubGet(String path, int status, String body) {
        meta.stubFor(get(urlPathEqualTo("/v21.0" + path)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static void verifyForm(String path, String form) {
        meta.verify(postRequestedFor(urlEqualTo("/v21.0" + path)) // exact: nothing, least of all the token, in the query
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo(FORM))
                .withRequestBody(equalTo(form)));
    }

    // ------------------------------------------------------------------ POST /{ig-user-id}/media

    @Test
    void createsAnImageContainerWithImageUrlAndCaptionAndNoMediaType() {
        stubPost("/" + IG_USER + "/media", 200, "{\"id\":\"" + CONTAINER + "\"}");

        GraphResult<String> r = graph.createContainer(TOKEN, IG_USER,
                ContainerSpec.image("https://media.example.com/t/1/cake.jpg?v=2&sig=a b", "Fresh #croissants & coffee ☕"));

        assertEquals(new GraphResult.Ok<>(CONTAINER, null), r);
        verifyForm("/" + IG_USER + "/media",
                "image_url=https%3A%2F%2Fmedia.example.com%2Ft%2F1%2Fcake.jpg%3Fv%3D2%26sig%3Da+b"
                        + "&caption=Fresh+%23croissants+%26+coffee+%E2%98%95");
    }

    @Test
    void createsAReelContainerWithMediaTypeReelsAndVideoUrl() {
        stubPost("/" + IG_USER + "/media", 200, "{\"id\":\"" + CONTAINER + "\"}");

        assertEquals(new GraphResult.Ok<>(CONTAINER, null),
                graph.createContainer(TOKEN, IG_USER, ContainerSpec.reel("https://media.example.com/reel.mp4", "Behind the scenes")));

        verifyForm("/" + IG_USER + "/media",
                "media_type=REELS&video_url=https%3A%2F%2Fmedia.example.com%2Freel.mp4&caption=Behind+the+scenes");
    }

    @Test
    void carouselItemsSayIsCarouselItemAndCarryNoCaption() {
        stubPost("/" + IG_USER + "/media", 200, "{\"id\":\"17899506308402767\"}");

        graph.createContainer(TOKEN, IG_USER, ContainerSpec.carouselImage("https://media.example.com/1.jpg"));
        graph.createContainer(TOKEN, IG_USER, ContainerSpec.carouselVideo("https://media.example.com/2.mp4"));
        // a caption on an item would be ignored by Meta: it is not sent at all
        graph.createContainer(TOKEN, IG_USER, new ContainerSpec("IMAGE", "https://media.example.com/3.jpg", null, "ignored", List.of(), true));

        verifyForm("/" + IG_USER + "/media", "image_url=https%3A%2F%2Fmedia.example.com%2F1.jpg&is_carousel_item=true");
        verifyForm("/" + IG_USER + "/media", "media_type=VIDEO&video_url=https%3A%2F%2Fmedia.example.com%2F2.mp4&is_carousel_item=true");
        verifyForm("/" + IG_USER + "/media", "image_url=https%3A%2F%2Fmedia.example.com%2F3.jpg&is_carousel_item=true");
    }

    @Test
    void createsACarouselWithCommaJoinedChildrenAndTheCaption() {
        stubPost("/" + IG_USER + "/media", 200, "{\"id\":\"18000000000000001\"}");

        GraphResult<String> r = graph.createContainer(TOKEN, IG_USER,
                ContainerSpec.carousel(List.of("17899506308402767", "17899506308402768", "17899506308402769"), "Three cakes"));

        assertEquals(new GraphResult.Ok<>("18000000000000001", null), r);
        verifyForm("/" + IG_USER + "/media",
                "media_type=CAROUSEL&children=17899506308402767%2C17899506308402768%2C17899506308402769&caption=Three+cakes");
    }

    @Test
    void anUnusableSpecIsRejectedWithoutCallingMeta() {
        List<ContainerSpec> bad = List.of(
                ContainerSpec.carousel(List.of("17899506308402767"), "one item"),
                ContainerSpec.carousel(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"), "eleven"),
                ContainerSpec.carousel(List.of("17899506308402767", "../me/feed"), "bad child"),
                ContainerSpec.image(null, "no url"),
                ContainerSpec.reel(" ", "blank url"),
                new ContainerSpec("STORIES", "https://media.example.com/s.jpg", null, null, List.of(), false),
                new ContainerSpec(null, null, null, null, List.of(), false));
        for (ContainerSpec spec : bad) {
            GraphResult.Rejected<String> r = assertInstanceOf(GraphResult.Rejected.class, graph.createContainer(TOKEN, IG_USER, spec), spec.toString());
            assertEquals(0, r.httpStatus());
        }
        assertInstanceOf(GraphResult.Rejected.class, graph.createContainer(TOKEN, IG_USER, null));
        assertInstanceOf(GraphResult.Rejected.class, graph.createContainer(TOKEN, "17841405822304914/media_publish?x=", ContainerSpec.image("https://a/b.jpg", "c")));
        meta.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aBadImageUrlIsRejectedWithMetasCode() {
        stubPost("/" + IG_USER + "/media", 400,
                MetaErrors.body("Invalid parameter", "OAuthException", 100, 2207052));

        GraphResult.Rejected<String> r = assertInstanceOf(GraphResult.Rejected.class,
                graph.createContainer(TOKEN, IG_USER, ContainerSpec.image("https://media.example.com/gone.jpg", null)));

        assertEquals(400, r.httpStatus());
        assertEquals(100, r.code());
        assertTrue(r.message().contains("subcode 2207052"), r.message());
        verifyForm("/" + IG_USER + "/media", "image_url=https%3A%2F%2Fmedia.example.com%2Fgone.jpg");
    }

    @Test
    void creatingAContainerWithAnExpiredTokenIsTokenExpired() {
        stubPost("/" + IG_USER + "/media", 400,
                MetaErrors.body("Error validating access token: Session has expired", "OAuthException", 190, 463));

        GraphResult.TokenExpired<String> r = assertInstanceOf(GraphResult.TokenExpired.class,
                graph.createContainer(TOKEN, IG_USER, ContainerSpec.image("https://media.example.com/a.jpg", "c")));
        assertEquals(190, r.code());
        assertEquals(463, r.subcode());
    }

    @Test
    void creatingAContainerThrottledOrFailingOnMetasSideIsTransient() {
        meta.stubFor(post(urlPathEqualTo("/v21.0/" + IG_USER + "/media")).willReturn(aResponse().withStatus(403)
                .withBody(MetaErrors.body("(#4) Application request limit reached", "OAuthException", 4, null))));
        GraphResult.Transient<String> throttled = assertInstanceOf(GraphResult.Transient.class,
                graph.createContainer(TOKEN, IG_USER, ContainerSpec.image("https://media.example.com/a.jpg", "c")));
        assertEquals(4, throttled.code());

        stubPost("/" + IG_USER + "/media", 503, "{}");
        assertEquals(503, assertInstanceOf(GraphResult.Transient.class,
                graph.createContainer(TOKEN, IG_USER, ContainerSpec.image("https://media.example.com/a.jpg", "c"))).httpStatus());
    }

    @Test
    void aContainerPostThatTimesOutIsUnknown() {
        meta.stubFor(post(urlPathEqualTo("/v21.0/" + IG_USER + "/media"))
                .willReturn(okJson("{\"id\":\"" + CONTAINER + "\"}").withFixedDelay(3000)));

        assertInstanceOf(GraphResult.Unknown.class,
                graph.createContainer(TOKEN, IG_USER, ContainerSpec.reel("https://media.example.com/r.mp4", "c")));
    }

    // ------------------------------------------------------------------ GET /{container-id}?fields=id,status_code,status

    @Test
    void readsAContainersStatus() {
        stubGet("/" + CONTAINER, 200,
                "{\"id\":\"" + CONTAINER + "\",\"status_code\":\"IN_PROGRESS\",\"status\":\"In Progress: Media is still being processed.\"}");

        GraphResult.Ok<ContainerStatus> ok = assertInstanceOf(GraphResult.Ok.class, graph.containerStatus(TOKEN, CONTAINER));

        ContainerStatus status = ok.value();
        assertEquals(new ContainerStatus(CONTAINER, "IN_PROGRESS", "In Progress: Media is still being processed."), status);
        assertTrue(status.inProgress());
        assertFalse(status.finished());
        meta.verify(getRequestedFor(urlEqualTo("/v21.0/" + CONTAINER + "?fields=id%2Cstatus_code%2Cstatus"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aPublishedContainerReadsPublished() {
        stubGet("/" + CONTAINER, 200, "{\"status_code\":\"PUBLISHED\",\"status\":\"Published: Media has been successfully published.\"}");

        GraphResult.Ok<ContainerStatus> ok = assertInstanceOf(GraphResult.Ok.class, graph.containerStatus(TOKEN, CONTAINER));

        assertTrue(ok.value().published());
        assertEquals(CONTAINER, ok.value().id()); // Meta omits nothing we asked for, but the id we asked about is the one
    }

    @Test
    void aStatusReadWithoutAStatusCodeIsTransient() {
        stubGet("/" + CONTAINER, 200, "{\"id\":\"" + CONTAINER + "\"}");

        assertInstanceOf(GraphResult.Transient.class, graph.containerStatus(TOKEN, CONTAINER));
    }

    @Test
    void aStatusReadOfAnUnknownContainerIsRejected() {
        stubGet("/" + CONTAINER, 400, MetaErrors.body("Unsupported get request. Object with ID '" + CONTAINER + "' does not exist",
                "GraphMethodException", 100, 33));

        GraphResult.Rejected<ContainerStatus> r = assertInstanceOf(GraphResult.Rejected.class, graph.containerStatus(TOKEN, CONTAINER));
        assertEquals(100, r.code());
    }

    @Test
    void aStatusReadWithAnExpiredTokenIsTokenExpired() {
        stubGet("/" + CONTAINER, 400, MetaErrors.body("Error validating access token", "OAuthException", 190, 460));

        assertInstanceOf(GraphResult.TokenExpired.class, graph.containerStatus(TOKEN, CONTAINER));
    }

    @Test
    void aStatusReadThatTimesOutIsTransient() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/" + CONTAINER)).willReturn(okJson("{\"status_code\":\"FINISHED\"}").withFixedDelay(3000)));

        assertInstanceOf(GraphResult.Transient.class, graph.containerStatus(TOKEN, CONTAINER));
    }

    // ------------------------------------------------------------------ POST /{ig-user-id}/media_publish

    @Test
    void publishesAContainerWithCreationIdAndReturnsTheMediaId() {
        stubPost("/" + IG_USER + "/media_publish", 200, "{\"id\":\"" + MEDIA + "\"}");

        assertEquals(new GraphResult.Ok<>(MEDIA, null), graph.publishContainer(TOKEN, IG_USER, CONTAINER));

        verifyForm("/" + IG_USER + "/media_publish", "creation_id=" + CONTAINER);
    }

    @Test
    void aPublishThatTimesOutAfterSendingIsUnknownAndNamesNoToken() {
        meta.stubFor(post(urlPathEqualTo("/v21.0/" + IG_USER + "/media_publish"))
                .willReturn(okJson("{\"id\":\"" + MEDIA + "\"}").withFixedDelay(3000)));

        GraphResult.Unknown<String> unknown = assertInstanceOf(GraphResult.Unknown.class, graph.publishContainer(TOKEN, IG_USER, CONTAINER));

        assertTrue(unknown.message().contains("/media_publish"), unknown.message());
        assertFalse(unknown.toString().contains(TOKEN));
    }

    @Test
    void aPublishAnsweredWithoutAnIdIsUnknown() {
        stubPost("/" + IG_USER + "/media_publish", 200, "{}");

        assertInstanceOf(GraphResult.Unknown.class, graph.publishContainer(TOKEN, IG_USER, CONTAINER));
    }

    private GraphResult.Rejected<String> publishRejectedWith(String message, int code, Integer subcode) {
        stubPost("/" + IG_USER + "/media_publish", 400, MetaErrors.body(message, "OAuthException", code, subcode));
        GraphResult.Rejected<String> r = assertInstanceOf(GraphResult.Rejected.class, graph.publishContainer(TOKEN, IG_USER, CONTAINER));
        assertEquals(400, r.httpStatus());
        assertEquals(code, r.code());
        return r;
    }

    @Test
    void thePublishingLimitIsRejectedNotRetried() {
        GraphResult.Rejected<String> r = publishRejectedWith("Application request limit reached", 9, 2207042);

        assertTrue(r.message().contains("subcode 2207042"), r.message());
    }

    @Test
    void theLimitCodeStaysRejectedEvenIfMetaCallsItTransient() {
        stubPost("/" + IG_USER + "/media_publish", 400, """
                {"error":{"message":"Application request limit reached","type":"OAuthException","code":9,"error_subcode":2207042,"is_transient":true}}""");

        assertInstanceOf(GraphResult.Rejected.class, graph.publishContainer(TOKEN, IG_USER, CONTAINER));
    }

    @Test
    void publishingAContainerThatIsNotReadyIsRejected() {
        publishRejectedWith("Media ID is not available", 9007, 2207027);
    }

    @Test
    void aPublishWithABadParameterIsRejected() {
        publishRejectedWith("Invalid parameter", 100, null);
    }

    @Test
    void aPublishWithAnExpiredTokenIsTokenExpiredAndTheTokenIsRedacted() {
        stubPost("/" + IG_USER + "/media_publish", 400,
                MetaErrors.body("Error validating access token: Session has expired for " + TOKEN, "OAuthException", 190, 463));

        GraphResult.TokenExpired<String> r = assertInstanceOf(GraphResult.TokenExpired.class, graph.publishContainer(TOKEN, IG_USER, CONTAINER));
        assertFalse(r.message().contains(TOKEN), r.message());
    }

    @Test
    void aPublishThrottledOrFailingOnMetasSideIsTransient() {
        stubPost("/" + IG_USER + "/media_publish", 500, "{\"error\":{\"message\":\"An unexpected error has occurred.\",\"type\":\"OAuthException\",\"code\":2}}");
        assertEquals(500, assertInstanceOf(GraphResult.Transient.class, graph.publishContainer(TOKEN, IG_USER, CONTAINER)).httpStatus());

        meta.stubFor(post(urlPathEqualTo("/v21.0/" + IG_USER + "/media_publish")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
        GraphResult.Transient<String> limited = assertInstanceOf(GraphResult.Transient.class, graph.publishContainer(TOKEN, IG_USER, CONTAINER));
        assertEquals(429, limited.httpStatus());
        assertEquals(30, limited.retryAfterSeconds());

        stubPost("/" + IG_USER + "/media_publish", 403, MetaErrors.body("(#4) Application request limit reached", "OAuthException", 4, null));
        assertEquals(4, assertInstanceOf(GraphResult.Transient.class, graph.publishContainer(TOKEN, IG_USER, CONTAINER)).code());
    }

    @Test
    void aContainerIdThatIsNotAGraphIdIsRejectedWithoutCallingMeta() {
        assertInstanceOf(GraphResult.Rejected.class, graph.publishContainer(TOKEN, IG_USER, "1&creation_id=2"));
        assertInstanceOf(GraphResult.Rejected.class, graph.publishContainer(TOKEN, "../" + IG_USER, CONTAINER));
        assertInstanceOf(GraphResult.TokenExpired.class, graph.publishContainer(null, IG_USER, CONTAINER));
        meta.verify(0, anyRequestedFor(anyUrl()));
    }

    // ------------------------------------------------------------------ GET /{media-id}?fields=permalink

    @Test
    void readsAMediasPermalink() {
        stubGet("/" + MEDIA, 200, "{\"permalink\":\"https://www.instagram.com/p/DAbCdEfGhIj/\",\"id\":\"" + MEDIA + "\"}");

        assertEquals(new GraphResult.Ok<>("https://www.instagram.com/p/DAbCdEfGhIj/", null), graph.permalink(TOKEN, MEDIA));
        meta.verify(getRequestedFor(urlEqualTo("/v21.0/" + MEDIA + "?fields=permalink")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aPermalinkReadFailingOnMetasSideIsTransientAndAnExpiredTokenIsTokenExpired() {
        stubGet("/" + MEDIA, 502, "<html>Bad Gateway</html>");
        assertInstanceOf(GraphResult.Transient.class, graph.permalink(TOKEN, MEDIA));

        stubGet("/" + MEDIA, 400, MetaErrors.body("Error validating access token", "OAuthException", 190, null));
        assertInstanceOf(GraphResult.TokenExpired.class, graph.permalink(TOKEN, MEDIA));
    }

    // ------------------------------------------------------------------ GET /{ig-user-id}/content_publishing_limit

    @Test
    void readsThePublishingLimit() {
        stubGet("/" + IG_USER + "/content_publishing_limit", 200,
                "{\"data\":[{\"quota_usage\":2,\"config\":{\"quota_total\":100,\"quota_duration\":86400}}]}");

        GraphResult.Ok<PublishingLimit> ok = assertInstanceOf(GraphResult.Ok.class, graph.publishingLimit(TOKEN, IG_USER));

        assertEquals(new PublishingLimit(2, 100, 86400), ok.value());
        assertFalse(ok.value().exhausted());
        meta.verify(getRequestedFor(urlEqualTo("/v21.0/" + IG_USER + "/content_publishing_limit?fields=quota_usage%2Cconfig"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aUsedUpLimitIsExhaustedAndAMissingConfigIsUnknownNotExhausted() {
        stubGet("/" + IG_USER + "/content_publishing_limit", 200,
                "{\"data\":[{\"quota_usage\":50,\"config\":{\"quota_total\":50,\"quota_duration\":86400}}]}");
        GraphResult.Ok<PublishingLimit> full = assertInstanceOf(GraphResult.Ok.class, graph.publishingLimit(TOKEN, IG_USER));
        assertTrue(full.value().exhausted());

        stubGet("/" + IG_USER + "/content_publishing_limit", 200, "{\"data\":[{\"quota_usage\":7}]}");
        assertEquals(new GraphResult.Ok<>(new PublishingLimit(7, 0, 0), null), graph.publishingLimit(TOKEN, IG_USER));
    }

    @Test
    void aLimitReadWithoutDataIsTransient() {
        stubGet("/" + IG_USER + "/content_publishing_limit", 200, "{\"data\":[]}");

        assertInstanceOf(GraphResult.Transient.class, graph.publishingLimit(TOKEN, IG_USER));
    }

    @Test
    void aLimitReadThrottledIsTransientAndAnExpiredTokenIsTokenExpired() {
        stubGet("/" + IG_USER + "/content_publishing_limit", 400,
                MetaErrors.body("There have been too many calls from this Instagram account.", "OAuthException", 80002, null));
        assertInstanceOf(GraphResult.Transient.class, graph.publishingLimit(TOKEN, IG_USER));

        stubGet("/" + IG_USER + "/content_publishing_limit", 400, MetaErrors.body("Session has expired", "OAuthException", 190, 463));
        assertInstanceOf(GraphResult.TokenExpired.class, graph.publishingLimit(TOKEN, IG_USER));
    }

    // ------------------------------------------------------------------ GET /{ig-user-id}/media

    @Test
    void readsRecentMediaNewestFirstAsMetaListsThem() {
        stubGet("/" + IG_USER + "/media", 200, """
                {"data":[
                  {"id":"17920238422030507","caption":"Second","permalink":"https://www.instagram.com/p/B2/","timestamp":"2026-11-21T09:00:00+0000"},
                  {"id":"17920238422030506","permalink":"https://www.instagram.com/p/B1/","timestamp":"2026-11-20T09:00:00+0000"}
                 ],
                 "paging":{"cursors":{"before":"QVFI","after":"QVFJ"}}}""");

        GraphResult<List<PublishedMedia>> r = graph.recentMedia(TOKEN, IG_USER, 5);

        assertEquals(new GraphResult.Ok<>(List.of(
                new PublishedMedia("17920238422030507", "Second", "https://www.instagram.com/p/B2/", "2026-11-21T09:00:00+0000"),
                new PublishedMedia("17920238422030506", null, "https://www.instagram.com/p/B1/", "2026-11-20T09:00:00+0000")), null), r);
        meta.verify(getRequestedFor(urlEqualTo("/v21.0/" + IG_USER + "/media?fields=id%2Ccaption%2Cpermalink%2Ctimestamp&limit=5"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void anAccountWithNoMediaIsAnEmptyList() {
        stubGet("/" + IG_USER + "/media", 200, "{\"data\":[]}");

        assertEquals(new GraphResult.Ok<>(List.of(), null), graph.recentMedia(TOKEN, IG_USER, 10));
    }

    @Test
    void theLimitIsCappedAtAPageAndMustBePositive() {
        stubGet("/" + IG_USER + "/media", 200, "{\"data\":[]}");

        graph.recentMedia(TOKEN, IG_USER, 5000);
        meta.verify(getRequestedFor(urlEqualTo("/v21.0/" + IG_USER + "/media?fields=id%2Ccaption%2Cpermalink%2Ctimestamp&limit=100")));

        GraphResult.Rejected<List<PublishedMedia>> r = assertInstanceOf(GraphResult.Rejected.class, graph.recentMedia(TOKEN, IG_USER, 0));
        assertEquals(0, r.httpStatus());
        meta.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void aMediaListFailingOnMetasSideIsTransientAndABadRequestIsRejected() {
        stubGet("/" + IG_USER + "/media", 500, "");
        assertInstanceOf(GraphResult.Transient.class, graph.recentMedia(TOKEN, IG_USER, 5));

        stubGet("/" + IG_USER + "/media", 400, MetaErrors.body("(#100) Tried accessing nonexisting field (foo)", "OAuthException", 100, null));
        assertEquals(100, assertInstanceOf(GraphResult.Rejected.class, graph.recentMedia(TOKEN, IG_USER, 5)).code());

        stubGet("/" + IG_USER + "/media", 400, MetaErrors.body("Session has expired", "OAuthException", 190, 463));
        assertInstanceOf(GraphResult.TokenExpired.class, graph.recentMedia(TOKEN, IG_USER, 5));
    }
}
