package com.socialwire.shared.social.insights;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.insights.InsightsProvider.AccountDay;
import com.socialwire.shared.social.insights.InsightsProvider.PostInsights;
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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link InstagramInsights} against WireMock stubs shaped from Meta's media insights reference (reports-content.md
 * §1.2: {@code data[{name,period,values[{value}],title,description,id}]}, newer metrics as {@code total_value}), one per
 * media product type: each type is asked exactly the metrics it has (a stub that answers only for that list proves it;
 * a wrong list hits Meta's (#100) refusal); a (#100) for a metric narrows the request and still answers the rest; an
 * empty {@code data} is "no data yet", never 0; a refused token is AuthFailed.
 */
class InstagramInsightsContractTest {

    @RegisterExtension
    static WireMockExtension graph = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "IGQVJ-token-insights-7Hq";
    static final String USER = "17841405309211844";
    static final String V = "/v21.0";
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    InstagramInsights insights;
    Target target;

    @BeforeEach
    void setUp() {
        graph.resetAll();
        insights = new InstagramInsights(new PlatformHttp(ProviderHttp.newClient(), Duration.ofSeconds(10), Clock.fixed(NOW, ZoneOffset.UTC)),
                graph.baseUrl() + V + "/");
        target = new Target(new SocialAccount("ten_1", "sa_ig", "instagram", USER, "bloombakery", "Bloom", null, "business", null,
                List.of("instagram_business_basic", "instagram_business_manage_insights"), null, AccountStatus.CONNECTED, null, true, NOW, NOW, 1), TOKEN);
        // any metric list not stubbed below is refused the way Meta refuses a metric a type does not have
        graph.stubFor(get(urlPathEqualTo(V + "/17900000000000001/insights")).atPriority(10).willReturn(refusal("impressions")));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder refusal(String metrics) {
        return aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                "{\"error\":{\"message\":\"(#100) The Media Insights API does not support the " + metrics
                        + " metric for this media product type.\",\"type\":\"OAuthException\",\"code\":100,\"fbtrace_id\":\"AbCdEf\"}}");
    }

    static String metric(String mediaId, String name, long value) {
        return "{\"name\":\"" + name + "\",\"period\":\"lifetime\",\"values\":[{\"value\":" + value + "}],\"title\":\"" + name
                + "\",\"description\":\"…\",\"id\":\"" + mediaId + "/insights/" + name + "/lifetime\"}";
    }

    static String totalValue(String mediaId, String name, long value) {
        return "{\"name\":\"" + name + "\",\"period\":\"lifetime\",\"title\":\"" + name + "\",\"description\":\"…\",\"total_value\":{\"value\":"
                + value + "},\"id\":\"" + mediaId + "/insights/" + name + "/lifetime\"}";
    }

    void stubMedia(String id, String mediaType, String productType) {
        graph.stubFor(get(urlPathEqualTo(V + "/" + id)).withQueryParam("fields", equalTo("media_type,media_product_type"))
                .willReturn(okJson("{\"media_type\":\"" + mediaType + "\",\"media_product_type\":\"" + productType + "\",\"id\":\"" + id + "\"}")));
    }

    void stubInsights(String id, String metrics, String body) {
        graph.stubFor(get(urlPathEqualTo(V + "/" + id + "/insights")).atPriority(1).withQueryParam("metric", equalTo(metrics))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)).willReturn(okJson(body)));
        graph.stubFor(get(urlPathEqualTo(V + "/" + id + "/insights")).atPriority(5).willReturn(refusal("impressions, plays")));
    }

    PostInsights ok(PlatformResult<PostInsights> r) {
        return assertInstanceOf(PlatformResult.Ok.class, r, String.valueOf(r)) instanceof PlatformResult.Ok<?> ok ? (PostInsights) ok.value() : null;
    }

    @Test
    void aFeedImageIsAskedTheFeedMetricsAndReadsThemAll() {
        String id = "17920238422030501";
        stubMedia(id, "IMAGE", "FEED");
        stubInsights(id, "views,reach,likes,comments,saved,shares,total_interactions", "{\"data\":[" + metric(id, "views", 1520) + ","
                + metric(id, "reach", 987) + "," + metric(id, "likes", 64) + "," + metric(id, "comments", 7) + "," + metric(id, "saved", 12) + ","
                + metric(id, "shares", 5) + "," + totalValue(id, "total_interactions", 88) + "]}");
        PostInsights p = ok(insights.post(target, id, null));
        assertEquals("FEED", p.mediaProductType());
        assertEquals(1520L, p.metrics().get("views"));
        assertEquals(987L, p.metrics().get("reach"));
        assertEquals(64L, p.metrics().get("likes"));
        assertEquals(88L, p.metrics().get("total_interactions"), "a total_value metric is read too");
        assertEquals(88L, p.metrics().engagement());
        assertNull(p.note());
        graph.verify(0, getRequestedFor(urlPathEqualTo(V + "/" + id + "/insights")).withQueryParam("metric", com.github.tomakehurst.wiremock.client.WireMock.containing("impressions")));
    }

    @Test
    void aReelIsAskedTheReelMetricsWithItsKnownTypeAndNoMediaRead() {
        String id = "17920238422030502";
        stubInsights(id, "views,reach,likes,comments,saved,shares,total_interactions", "{\"data\":[" + metric(id, "views", 40210) + ","
                + metric(id, "reach", 30111) + "," + metric(id, "likes", 1201) + "," + metric(id, "comments", 43) + "," + metric(id, "saved", 310)
                + "," + metric(id, "shares", 220) + "," + metric(id, "total_interactions", 1774) + "]}");
        PostInsights p = ok(insights.post(target, id, "REELS"));
        assertEquals("REELS", p.mediaProductType());
        assertEquals(40210L, p.metrics().get("views"));
        assertEquals(220L, p.metrics().get("shares"));
        graph.verify(0, getRequestedFor(urlPathEqualTo(V + "/" + id)));
    }

    @Test
    void aStoryIsAskedOnlyTheStoryMetrics() {
        String id = "17920238422030503";
        stubMedia(id, "IMAGE", "STORY");
        stubInsights(id, "views,reach,replies,shares,total_interactions", "{\"data\":[" + metric(id, "views", 300) + "," + metric(id, "reach", 280)
                + "," + metric(id, "replies", 3) + "," + metric(id, "shares", 1) + "," + metric(id, "total_interactions", 6) + "]}");
        PostInsights p = ok(insights.post(target, id, null));
        assertEquals("STORY", p.mediaProductType());
        assertEquals(3L, p.metrics().get("replies"));
        assertNull(p.metrics().get("likes"), "a story has no likes metric: unknown, not 0");
        assertNull(p.metrics().get("saved"));
    }

    @Test
    void aCarouselIsReadAsACarouselAlbumAndAskedTheFeedMetrics() {
        String id = "17920238422030504";
        stubMedia(id, "CAROUSEL_ALBUM", "FEED");
        stubInsights(id, "views,reach,likes,comments,saved,shares,total_interactions", "{\"data\":[" + metric(id, "views", 800) + ","
                + metric(id, "reach", 640) + "," + metric(id, "likes", 51) + "," + metric(id, "comments", 4) + "," + metric(id, "saved", 9) + ","
                + metric(id, "shares", 2) + "," + metric(id, "total_interactions", 66) + "]}");
        PostInsights p = ok(insights.post(target, id, null));
        assertEquals("CAROUSEL_ALBUM", p.mediaProductType());
        assertEquals(640L, p.metrics().get("reach"));
        assertEquals(9L, p.metrics().get("saved"));
    }

    @Test
    void anUnsupportedMetricRefusedWithMeta100IsDroppedAndTheRestStillRead() {
        String id = "17920238422030505";
        graph.stubFor(get(urlPathEqualTo(V + "/" + id + "/insights")).atPriority(5).withQueryParam("metric",
                equalTo("views,reach,likes,comments,saved,shares,total_interactions")).willReturn(refusal("views")));
        graph.stubFor(get(urlPathEqualTo(V + "/" + id + "/insights")).atPriority(1).withQueryParam("metric",
                equalTo("reach,likes,comments,saved,shares,total_interactions")).willReturn(okJson("{\"data\":[" + metric(id, "reach", 120)
                + "," + metric(id, "likes", 9) + "]}")));
        PostInsights p = ok(insights.post(target, id, "FEED"));
        assertNull(p.metrics().get("views"), "the refused metric is unknown, not 0");
        assertEquals(120L, p.metrics().get("reach"));
        assertEquals(9L, p.metrics().get("likes"));
        assertTrue(p.note().contains("does not give views"), p.note());
        graph.verify(2, getRequestedFor(urlPathEqualTo(V + "/" + id + "/insights")));
    }

    @Test
    void aMeta100ThatNamesNoMetricIsARefusalNotALoop() {
        String id = "17920238422030506";
        graph.stubFor(get(urlPathEqualTo(V + "/" + id + "/insights")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(
                        "{\"error\":{\"message\":\"(#100) Unsupported get request.\",\"type\":\"GraphMethodException\",\"code\":100}}")));
        assertInstanceOf(PlatformResult.Rejected.class, insights.post(target, id, "FEED"));
        graph.verify(1, getRequestedFor(urlPathEqualTo(V + "/" + id + "/insights")));
    }

    @Test
    void anEmptyDataArrayIsNoDataYetNeverZero() {
        String id = "17920238422030507";
        stubInsights(id, "views,reach,likes,comments,saved,shares,total_interactions", "{\"data\":[]}");
        PostInsights p = ok(insights.post(target, id, "FEED"));
        assertTrue(p.metrics().isEmpty());
        assertNull(p.metrics().get("views"));
        assertNull(p.metrics().engagement(), "no engagement known: null, not 0");
        assertEquals(InstagramInsights.NO_DATA, p.note());
    }

    @Test
    void aRefusedTokenIsAuthFailedAndNeverShowsTheToken() {
        String id = "17920238422030508";
        graph.stubFor(get(urlPathEqualTo(V + "/" + id + "/insights")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"Error validating access token: " + TOKEN
                        + " has expired\",\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463}}")));
        PlatformResult<PostInsights> r = insights.post(target, id, "REELS");
        PlatformResult.AuthFailed<?> a = assertInstanceOf(PlatformResult.AuthFailed.class, r);
        assertTrue(!a.message().contains(TOKEN), a.message());
    }

    @Test
    void theAccountDayReadsFollowersAndTheDaysReachAndViews() {
        graph.stubFor(get(urlPathEqualTo(V + "/" + USER)).withQueryParam("fields", equalTo("followers_count"))
                .willReturn(okJson("{\"followers_count\":5120,\"id\":\"" + USER + "\"}")));
        graph.stubFor(get(urlPathEqualTo(V + "/" + USER + "/insights")).withQueryParam("metric", equalTo("reach,views"))
                .withQueryParam("period", equalTo("day")).withQueryParam("metric_type", equalTo("total_value"))
                .willReturn(okJson("{\"data\":[{\"name\":\"reach\",\"period\":\"day\",\"title\":\"Reach\",\"description\":\"…\",\"total_value\":{\"value\":1830},"
                        + "\"id\":\"" + USER + "/insights/reach/day\"},{\"name\":\"views\",\"period\":\"day\",\"title\":\"Views\",\"description\":\"…\","
                        + "\"total_value\":{\"value\":4410},\"id\":\"" + USER + "/insights/views/day\"}]}")));
        AccountDay d = ((PlatformResult.Ok<AccountDay>) insights.account(target, NOW)).value();
        assertEquals(5120L, d.followers());
        assertEquals(1830L, d.reach());
        assertEquals(4410L, d.views());
    }
}
