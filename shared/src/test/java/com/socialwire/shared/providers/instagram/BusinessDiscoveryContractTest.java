package com.socialwire.shared.providers.instagram;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
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
 * The real {@link BusinessDiscovery} against WireMock answering as Meta's business-discovery page shows
 * ({@code graph.facebook.com}, Facebook Login): the counts and newest media of a handle, a handle that does not exist
 * or is not a professional account, a rate limit, a refused token, and the Page's linked Instagram account.
 */
class BusinessDiscoveryContractTest {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = "EAAGpage-token-9c1d";
    private static final String ME = "17841405309211844";
    private static final String FIELDS = "business_discovery.username(bluebottle){username,followers_count,media_count,"
            + "media.limit(25){like_count,comments_count,timestamp}}";

    private final BusinessDiscovery discovery = new BusinessDiscovery(new HttpGraphApi(meta.baseUrl() + "/v21.0", Duration.ofSeconds(2)));

    @Test
    void readsAHandlesCountsAndNewestMediaAsTheAppUsersAccount() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/" + ME)).withQueryParam("fields", equalTo(FIELDS)).willReturn(okJson("""
                {"business_discovery":{"username":"bluebottle","followers_count":267793,"media_count":1205,
                 "media":{"data":[
                   {"like_count":1520,"comments_count":34,"timestamp":"2026-11-30T12:00:00+0000","id":"17858843269216389"},
                   {"comments_count":12,"timestamp":"2026-11-27T08:30:00+0000","id":"17858843269216390"}],
                  "paging":{"cursors":{"after":"QVFIUj"}}},
                 "id":"17841401441775531"},
                 "id":"17841405309211844"}""")));

        GraphResult<BusinessDiscovery.Profile> r = discovery.profile(TOKEN, ME, "bluebottle", 25);

        assertInstanceOf(GraphResult.Ok.class, r);
        BusinessDiscovery.Profile p = ((GraphResult.Ok<BusinessDiscovery.Profile>) r).value();
        assertEquals("bluebottle", p.username());
        assertEquals(267793L, p.followers());
        assertEquals(1205L, p.mediaCount());
        assertEquals(2, p.media().size());
        assertEquals(1520L, p.media().get(0).likeCount());
        assertEquals(Instant.parse("2026-11-30T12:00:00Z"), p.media().get(0).timestamp());
        assertNull(p.media().get(1).likeCount(), "a hidden like count is unknown, not 0");
        meta.verify(getRequestedFor(urlPathEqualTo("/v21.0/" + ME)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aHandleThatIsNotFoundOrNotABusinessAccountIsRejected() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/" + ME)).willReturn(aResponse().withStatus(400).withHeader("content-type", "application/json")
                .withBody("""
                        {"error":{"message":"Invalid user id","type":"OAuthException","code":110,"error_subcode":2207013,"is_transient":false,
                        "error_user_title":"Cannot find User","error_user_msg":"The user with username: nosuchshop cannot be found.","fbtrace_id":"AbC1"}}""")));

        GraphResult.Rejected<?> r = assertInstanceOf(GraphResult.Rejected.class, discovery.profile(TOKEN, ME, "nosuchshop", 25));
        assertEquals(110, r.code());
    }

    @Test
    void aRateLimitIsTransient() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/" + ME)).willReturn(aResponse().withStatus(400).withHeader("content-type", "application/json")
                .withHeader("X-Business-Use-Case-Usage", "{\"" + ME + "\":[{\"type\":\"instagram\",\"call_count\":100,\"total_cputime\":20,"
                        + "\"total_time\":30,\"estimated_time_to_regain_access\":12}]}")
                .withBody(MetaErrors.body("Application request limit reached", "OAuthException", 4, null))));

        GraphResult.Transient<?> r = assertInstanceOf(GraphResult.Transient.class, discovery.profile(TOKEN, ME, "bluebottle", 25));
        assertEquals(4, r.code());
        assertEquals(12 * 60, r.retryAfterSeconds());
    }

    @Test
    void aRefusedTokenIsTokenExpired() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/" + ME)).willReturn(aResponse().withStatus(400).withHeader("content-type", "application/json")
                .withBody(MetaErrors.body("Error validating access token: Session has expired", "OAuthException", 190, 463))));

        assertInstanceOf(GraphResult.TokenExpired.class, discovery.profile(TOKEN, ME, "bluebottle", 25));
    }

    @Test
    void aHandleThatCouldReshapeTheFieldExpansionIsRefusedWithoutACall() {
        for (String bad : new String[] {"a){id}", "", "with space", "x".repeat(31), null}) {
            assertInstanceOf(GraphResult.Rejected.class, discovery.profile(TOKEN, ME, bad, 25), String.valueOf(bad));
        }
        assertTrue(meta.findAll(anyRequestedFor(anyUrl())).isEmpty());
    }

    @Test
    void readsTheInstagramAccountLinkedToAPage() {
        meta.stubFor(get(urlPathEqualTo("/v21.0/104561234567890")).withQueryParam("fields", equalTo("instagram_business_account"))
                .willReturn(okJson("{\"instagram_business_account\":{\"id\":\"" + ME + "\"},\"id\":\"104561234567890\"}")));
        meta.stubFor(get(urlPathEqualTo("/v21.0/104569999999999"))
                .willReturn(okJson("{\"id\":\"104569999999999\"}")));

        assertEquals(Optional.of(ME), assertInstanceOf(GraphResult.Ok.class, discovery.linkedInstagramAccount(TOKEN, "104561234567890")).value());
        assertEquals(Optional.empty(), assertInstanceOf(GraphResult.Ok.class, discovery.linkedInstagramAccount(TOKEN, "104569999999999")).value());
    }
}
