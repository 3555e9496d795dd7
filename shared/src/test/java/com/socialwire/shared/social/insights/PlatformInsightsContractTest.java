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
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The other platforms' insights providers against WireMock stubs shaped from their documents: X's
 * {@code GET /2/tweets/:id?tweet.fields=public_metrics} (xdevplatform openapi, Tweet.public_metrics), LinkedIn's
 * organizationalEntityShareStatistics ({@code elements[].totalShareStatistics}, learn.microsoft.com community
 * management), Facebook's post fields with reaction and comment summaries plus {@code /{post-id}/insights}, Bluesky's
 * {@code app.bsky.feed.getPosts} (lexicon postView counts) and Threads' media insights.
 */
class PlatformInsightsContractTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    PlatformHttp http;

    @BeforeEach
    void setUp() {
        api.resetAll();
        http = new PlatformHttp(ProviderHttp.newClient(), Duration.ofSeconds(10), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Target target(String platform, String externalId, String instance, String token) {
        return new Target(new SocialAccount("ten_1", "sa_" + platform, platform, externalId, "bloom", "Bloom", null, "profile", instance,
                List.of(), null, AccountStatus.CONNECTED, null, true, NOW, NOW, 1), token);
    }

    static PostInsights ok(PlatformResult<PostInsights> r) {
        assertInstanceOf(PlatformResult.Ok.class, r, String.valueOf(r));
        return ((PlatformResult.Ok<PostInsights>) r).value();
    }

    @Test
    void xPublicMetricsAreReadUnderOurNames() {
        api.stubFor(get(urlPathEqualTo("/2/tweets/1445880548472328201")).withQueryParam("tweet.fields", equalTo("public_metrics"))
                .withHeader("Authorization", equalTo("Bearer x-token-1")).willReturn(okJson("{\"data\":{\"id\":\"1445880548472328201\","
                        + "\"text\":\"Fresh loaves at 7\",\"edit_history_tweet_ids\":[\"1445880548472328201\"],\"public_metrics\":{\"retweet_count\":4,"
                        + "\"reply_count\":2,\"like_count\":31,\"quote_count\":1,\"bookmark_count\":3,\"impression_count\":2210}}}")));
        api.stubFor(get(urlPathEqualTo("/2/users/2244994945")).willReturn(okJson("{\"data\":{\"id\":\"2244994945\",\"name\":\"Bloom\","
                + "\"username\":\"bloombakery\",\"public_metrics\":{\"followers_count\":812,\"following_count\":90,\"tweet_count\":431,\"listed_count\":3}}}")));
        XInsights x = new XInsights(http, api.baseUrl());
        Target t = target("twitter", "2244994945", null, "x-token-1");
        PostInsights p = ok(x.post(t, "1445880548472328201", null));
        assertEquals(2210L, p.metrics().get("views"));
        assertEquals(31L, p.metrics().get("likes"));
        assertEquals(4L, p.metrics().get("reposts"));
        assertEquals(3L, p.metrics().get("saved"));
        assertNull(p.metrics().get("reach"), "X gives no reach: unknown");
        assertEquals(31L + 2 + 4 + 1 + 3, p.metrics().engagement());
        assertEquals(812L, ((PlatformResult.Ok<AccountDay>) x.account(t, NOW)).value().followers());
    }

    @Test
    void linkedInShareStatisticsOfAnOrganizationPost() {
        api.stubFor(get(urlPathEqualTo("/rest/organizationalEntityShareStatistics")).withQueryParam("q", equalTo("organizationalEntity"))
                .withQueryParam("organizationalEntity", equalTo("urn:li:organization:2414183")).withQueryParam("shares", equalTo("List(urn:li:share:7123)"))
                .withHeader("LinkedIn-Version", equalTo("202611")).withHeader("X-Restli-Protocol-Version", equalTo("2.0.0"))
                .willReturn(okJson("{\"paging\":{\"count\":10,\"start\":0,\"links\":[]},\"elements\":[{\"totalShareStatistics\":{\"uniqueImpressionsCount\":310,"
                        + "\"shareCount\":2,\"engagement\":0.061,\"clickCount\":11,\"likeCount\":14,\"impressionCount\":540,\"commentCount\":3},"
                        + "\"organizationalEntity\":\"urn:li:organization:2414183\",\"share\":\"urn:li:share:7123\"}]}")));
        LinkedInInsights li = new LinkedInInsights(http, api.baseUrl(), "202611");
        PostInsights p = ok(li.post(target("linkedin", "urn:li:organization:2414183", null, "li-token"), "urn:li:share:7123", null));
        assertEquals(540L, p.metrics().get("views"));
        assertEquals(310L, p.metrics().get("reach"));
        assertEquals(11L, p.metrics().get("clicks"));
        assertEquals(14L, p.metrics().get("likes"));
        PostInsights member = ok(li.post(target("linkedin", "urn:li:person:abc", null, "li-token"), "urn:li:share:7124", null));
        assertTrue(member.metrics().isEmpty());
        assertEquals(LinkedInInsights.MEMBER, member.note());
    }

    @Test
    void facebookPostEngagementAndReachWhereTheInsightsEdgeGivesIt() {
        String post = "104729384756_122104729384";
        api.stubFor(get(urlPathEqualTo("/v21.0/" + post)).withQueryParam("fields", equalTo(FacebookInsights.FIELDS))
                .willReturn(okJson("{\"shares\":{\"count\":3},\"reactions\":{\"data\":[],\"summary\":{\"total_count\":27,\"viewer_reaction\":\"NONE\"}},"
                        + "\"comments\":{\"data\":[],\"summary\":{\"order\":\"ranked\",\"total_count\":5,\"can_comment\":true}},\"id\":\"" + post + "\"}")));
        api.stubFor(get(urlPathEqualTo("/v21.0/" + post + "/insights")).willReturn(okJson("{\"data\":[{\"name\":\"post_impressions_unique\","
                + "\"period\":\"lifetime\",\"values\":[{\"value\":912}],\"title\":\"Lifetime Post Total Reach\",\"id\":\"" + post
                + "/insights/post_impressions_unique/lifetime\"},{\"name\":\"post_impressions\",\"period\":\"lifetime\",\"values\":[{\"value\":1400}],"
                + "\"title\":\"Lifetime Post Total Impressions\",\"id\":\"" + post + "/insights/post_impressions/lifetime\"}]}")));
        FacebookInsights fb = new FacebookInsights(http, api.baseUrl() + "/v21.0");
        PostInsights p = ok(fb.post(target("facebook", "104729384756", null, "EAAPage"), post, null));
        assertEquals(27L, p.metrics().get("likes"));
        assertEquals(5L, p.metrics().get("comments"));
        assertEquals(3L, p.metrics().get("shares"));
        assertEquals(912L, p.metrics().get("reach"));
        assertEquals(1400L, p.metrics().get("views"));

        api.stubFor(get(urlPathEqualTo("/v21.0/" + post + "/insights")).willReturn(aResponse().withStatus(400).withHeader("Content-Type",
                "application/json").withBody("{\"error\":{\"message\":\"(#100) The value must be a valid insights metric\",\"type\":\"OAuthException\",\"code\":100}}")));
        PostInsights retired = ok(fb.post(target("facebook", "104729384756", null, "EAAPage"), post, null));
        assertNull(retired.metrics().get("reach"), "a retired metric is unknown, not 0");
        assertEquals(27L, retired.metrics().get("likes"), "the engagement still counts");
    }

    @Test
    void blueskyCountsThroughTheAccountsPds() {
        String uri = "at://did:plc:abc123/app.bsky.feed.post/3lbw5k2xq2s2a";
        api.stubFor(get(urlPathEqualTo("/xrpc/app.bsky.feed.getPosts")).withQueryParam("uris", equalTo(uri))
                .withHeader("Authorization", equalTo("Bearer bsky-jwt")).willReturn(okJson("{\"posts\":[{\"uri\":\"" + uri + "\",\"cid\":\"bafyrei\","
                        + "\"author\":{\"did\":\"did:plc:abc123\",\"handle\":\"bloom.bsky.social\"},\"record\":{\"$type\":\"app.bsky.feed.post\","
                        + "\"text\":\"Fresh loaves at 7\",\"createdAt\":\"2026-12-01T07:00:00.000Z\"},\"replyCount\":2,\"repostCount\":5,\"likeCount\":40,"
                        + "\"quoteCount\":1,\"indexedAt\":\"2026-12-01T07:00:01.000Z\"}]}")));
        api.stubFor(get(urlPathEqualTo("/xrpc/app.bsky.actor.getProfile")).willReturn(okJson(
                "{\"did\":\"did:plc:abc123\",\"handle\":\"bloom.bsky.social\",\"followersCount\":260,\"followsCount\":80,\"postsCount\":120}")));
        BlueskyInsights bsky = new BlueskyInsights(http);
        Target t = target("bluesky", "did:plc:abc123", api.baseUrl(), "bsky-jwt");
        PostInsights p = ok(bsky.post(t, uri, null));
        assertEquals(40L, p.metrics().get("likes"));
        assertEquals(5L, p.metrics().get("reposts"));
        assertEquals(2L, p.metrics().get("replies"));
        assertNull(p.metrics().get("views"), "Bluesky has no views");
        assertEquals(260L, ((PlatformResult.Ok<AccountDay>) bsky.account(t, NOW)).value().followers());
    }

    @Test
    void threadsMediaInsights() {
        api.stubFor(get(urlPathEqualTo("/v1.0/18012345678901234/insights")).withQueryParam("metric", equalTo("views,likes,replies,reposts,quotes,shares"))
                .willReturn(okJson("{\"data\":[{\"name\":\"views\",\"period\":\"lifetime\",\"values\":[{\"value\":730}],\"title\":\"views\","
                        + "\"id\":\"18012345678901234/insights/views/lifetime\"},{\"name\":\"likes\",\"period\":\"lifetime\",\"values\":[{\"value\":22}],"
                        + "\"title\":\"likes\",\"id\":\"18012345678901234/insights/likes/lifetime\"}]}")));
        PostInsights p = ok(new ThreadsInsights(http, api.baseUrl()).post(target("threads", "1789", null, "th-token"), "18012345678901234", null));
        assertEquals(730L, p.metrics().get("views"));
        assertEquals(22L, p.metrics().get("likes"));
        assertNull(p.metrics().get("replies"), "not in the answer: unknown");
    }

    @Test
    void aRateLimitIsTransient() {
        api.stubFor(get(urlPathEqualTo("/2/tweets/1")).willReturn(aResponse().withStatus(429).withHeader("x-rate-limit-reset",
                Long.toString(NOW.getEpochSecond() + 60))));
        assertInstanceOf(PlatformResult.Transient.class, new XInsights(http, api.baseUrl()).post(target("twitter", "2", null, "t"), "1", null));
    }
}
