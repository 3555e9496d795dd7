package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.posts.insights.InsightsRefresh;
import com.socialwire.posts.model.Post;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.analytics.InsightSnapshots;
import com.socialwire.shared.analytics.PublishedDeliveries;
import com.socialwire.shared.analytics.PublishedDelivery;
import com.socialwire.shared.analytics.AccountInsights;
import com.socialwire.shared.tenants.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hourly insights run (InsightsRunFunction's wiring and policies) over published deliveries of three tenants'
 * posts against Graph-shaped stubs: at D+1 the healthy post's read gives an empty data array (no data yet: a snapshot
 * with no numbers, never 0s), a revoked tenant's post fails alone (its tenant flagged, the step passes) and a post
 * whose read is refused for now (503) stays due for the next run; a second run in the same hour reads nothing again;
 * D+2 gives the numbers; after D+28 the row leaves the due index. Then InsightsFunction's routes: the post's analytics
 * with its snapshots, another account's key and another tenant's path 404, a refresh of a post not published 409.
 */
class InsightsRunIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String V = PublishFixture.V;
    static final String REVOKED_MEDIA = "17920000000000666";
    static final String DOWN_MEDIA = "17920000000000777";
    static final Instant T0 = Instant.parse("2026-11-20T09:30:00Z");

    PublishFixture f;
    PublishedDeliveries rows;
    InsightsRefresh run;

    @BeforeEach
    void setUp() {
        f = new PublishFixture(meta.baseUrl() + V, T0);
        f.stubPublishable(meta);
        meta.stubFor(get(urlPathEqualTo(V + "/" + PublishFixture.MEDIA)).withQueryParam("fields", equalTo("media_type,media_product_type"))
                .willReturn(okJson("{\"media_type\":\"IMAGE\",\"media_product_type\":\"FEED\",\"id\":\"" + PublishFixture.MEDIA + "\"}")));
        meta.stubFor(get(urlPathEqualTo(V + "/" + PublishFixture.MEDIA + "/insights")).willReturn(okJson("{\"data\":[]}")));
        meta.stubFor(get(urlPathEqualTo(V + "/" + REVOKED_MEDIA + "/insights")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(
                        "{\"error\":{\"message\":\"Error validating access token: The session has been invalidated.\",\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":460}}")));
        meta.stubFor(get(urlPathEqualTo(V + "/" + DOWN_MEDIA + "/insights")).willReturn(aResponse().withStatus(503)));
        meta.stubFor(get(urlPathEqualTo(V + "/" + f.igUser)).withQueryParam("fields", equalTo("followers_count"))
                .willReturn(okJson("{\"followers_count\":5120,\"id\":\"" + f.igUser + "\"}")));
        meta.stubFor(get(urlPathEqualTo(V + "/" + f.igUser + "/insights")).willReturn(okJson("{\"data\":[{\"name\":\"reach\",\"period\":\"day\","
                + "\"total_value\":{\"value\":1830},\"id\":\"x\"},{\"name\":\"views\",\"period\":\"day\",\"total_value\":{\"value\":4410},\"id\":\"y\"}]}")));
        rows = new PublishedDeliveries(f.worker.table);
        run = f.as("InsightsRunFunction", meta.baseUrl() + V, Map.of("GRAPH_API_TIMEOUT_MS", "2000", "PLATFORM_API_TIMEOUT_MS", "3000"))
                .insightsRefresh();
    }


    PublishedDelivery row(String tenantId, String postId, Instant at) {
        return rows.get(tenantId, at, postId, "instagram").orElseThrow();
    }

    @Test
    void oneTenantsRevokedTokenNeverStopsTheOthersAndEmptyDataIsUnknownNotZero() {
        Post p = f.publishedToInstagram("Fresh loaves at 7");
        Instant at = Instant.parse(p.deliveries.path("instagram").path("publishedAt").asText());
        String revokedTenant = f.tenant(f.admin, "Revoked", "1784" + (900_000_000_000L + (System.nanoTime() % 99_999_999L)));
        String revokedPost = "post_" + Ids.base62(20);
        rows.record(PublishedDelivery.published(revokedTenant, revokedPost, "instagram", null, REVOKED_MEDIA, null, "FEED", T0, "x", null));
        String downPost = "post_" + Ids.base62(20);
        rows.record(PublishedDelivery.published(f.tenantId, downPost, "instagram", null, DOWN_MEDIA, null, "REELS", T0, "y", null));

        f.clock.now = T0.plus(Duration.ofDays(1)).plusSeconds(120);
        InsightsRefresh.RunResult first = run.run();
        assertTrue(first.due() >= 3, first.toString());

        PublishedDelivery healthy = row(f.tenantId, p.id, at);
        assertTrue(healthy.metrics().isEmpty(), "an empty data array is no data yet");
        assertEquals("FEED", healthy.mediaProductType(), "learnt from the media");
        assertEquals(1, healthy.refreshStep());
        assertEquals(at.plus(Duration.ofDays(2)).toEpochMilli(), healthy.nextRefreshAt().toEpochMilli());
        List<InsightSnapshots.Snapshot> snaps = new InsightSnapshots(f.worker.table).of(f.tenantId, p.id, "instagram");
        assertEquals(1, snaps.size());
        assertNull(snaps.get(0).metrics().get("views"), "unknown, never 0");
        assertTrue(snaps.get(0).note().startsWith("no data yet"), snaps.get(0).note());
        meta.verify(1, getRequestedFor(urlPathEqualTo(V + "/" + PublishFixture.MEDIA + "/insights"))
                .withQueryParam("metric", equalTo("views,reach,likes,comments,saved,shares,total_interactions")));

        PublishedDelivery revoked = row(revokedTenant, revokedPost, T0);
        assertTrue(revoked.lastError().contains("refused the account's token"), revoked.lastError());
        assertEquals(T0.plus(Duration.ofDays(2)), revoked.nextRefreshAt(), "the step passes");
        assertEquals(Tenant.TOKEN_EXPIRED, f.api.tenants().load(revokedTenant).orElseThrow().tenant().igTokenStatus(), "the tenant is flagged");

        PublishedDelivery down = row(f.tenantId, downPost, T0);
        assertEquals(0, down.refreshStep(), "a passing failure is not a step done");
        assertEquals(f.clock.now.plus(Duration.ofHours(1)).toEpochMilli(), down.nextRefreshAt().toEpochMilli(), "tried again next run");

        var accountDays = new AccountInsights(f.worker.table).between(f.tenantId, "2026-11-01", "2026-11-30");
        assertEquals(1, accountDays.size(), accountDays.toString());
        assertEquals(5120L, accountDays.get(0).followers());
        assertEquals(1830L, accountDays.get(0).reach());

        // the same hour again: nothing is due, nothing is read twice (the account's day neither)
        InsightsRefresh.RunResult again = run.run();
        assertEquals(0, again.due(), again.toString());
        assertEquals(0, again.accounts());
        meta.verify(1, getRequestedFor(urlPathEqualTo(V + "/" + PublishFixture.MEDIA + "/insights")));

        // D+2: the numbers have come in
        meta.stubFor(get(urlPathEqualTo(V + "/" + PublishFixture.MEDIA + "/insights")).willReturn(okJson("{\"data\":["
                + "{\"name\":\"views\",\"period\":\"lifetime\",\"values\":[{\"value\":1520}],\"id\":\"a\"},"
                + "{\"name\":\"reach\",\"period\":\"lifetime\",\"values\":[{\"value\":987}],\"id\":\"b\"},"
                + "{\"name\":\"likes\",\"period\":\"lifetime\",\"values\":[{\"value\":64}],\"id\":\"c\"},"
                + "{\"name\":\"total_interactions\",\"period\":\"lifetime\",\"total_value\":{\"value\":88},\"id\":\"d\"}]}")));
        f.clock.now = at.plus(Duration.ofDays(2)).plusSeconds(60);
        run.run();
        healthy = row(f.tenantId, p.id, at);
        assertEquals(1520L, healthy.metrics().get("views"));
        assertEquals(2, healthy.refreshStep());
        assertEquals(at.plus(Duration.ofDays(7)).toEpochMilli(), healthy.nextRefreshAt().toEpochMilli());
        meta.verify(1, getRequestedFor(urlPathEqualTo(V + "/" + PublishFixture.MEDIA)).withQueryParam("fields",
                equalTo("media_type,media_product_type")));

        // past D+28 (a run missed D+7): read once more, then out of the due index for good
        f.clock.now = at.plus(Duration.ofDays(28)).plusSeconds(60);
        run.run();
        healthy = row(f.tenantId, p.id, at);
        assertNull(healthy.nextRefreshAt());
        assertEquals(4, healthy.refreshStep());
        assertTrue(rows.duePage(com.socialwire.shared.IsoInstant.date(at.plus(Duration.ofDays(7))), f.clock.now, 100, null).items().stream()
                .noneMatch(k -> k.get("SK").s().contains(p.id)));

        // the routes, as InsightsFunction
        FunctionClient insights = new FunctionClient(f.env, "InsightsFunction", Map.of("GRAPH_API_BASE_URL", meta.baseUrl() + V));
        var view = insights.call("GET", "/v1/tenants/" + f.tenantId + "/analytics/" + p.id, f.admin.raw(), null);
        assertEquals(200, view.status(), view.body());
        JsonNode ig = view.json().path("platforms").path(0);
        assertEquals(1520, ig.path("metrics").path("views").asInt());
        assertTrue(ig.path("metrics").path("saved").isNull(), "unknown shown as null: " + ig);
        assertEquals(88, ig.path("engagement").asInt());
        assertEquals(3, ig.path("snapshots").size(), ig.toString());
        assertTrue(ig.path("snapshots").path(0).path("metrics").path("views").isNull());
        assertTrue(ig.path("nextRefreshAt").isNull());

        TestKeys.Key stranger = TestKeys.newAccount(f.env);
        assertEquals(404, insights.call("GET", "/v1/tenants/" + f.tenantId + "/analytics/" + p.id, stranger.raw(), null).status());
        assertEquals(404, insights.call("GET", "/v1/tenants/" + revokedTenant + "/analytics/" + p.id, f.admin.raw(), null).status(),
                "another tenant's post is not found under this tenant");
        assertEquals(404, insights.call("POST", "/v1/tenants/" + revokedTenant + "/analytics/" + p.id + "/refresh", f.admin.raw(), "{}").status());
        Post draft = f.api.service().create(f.who, f.tenantId, (ObjectNode) Json.tree("{\"content\":\"Later\",\"platforms\":[\"instagram\"],\"media\":[\"" + f.image() + "\"]}"));
        var notPublished = insights.call("POST", "/v1/tenants/" + f.tenantId + "/analytics/" + draft.id + "/refresh", f.admin.raw(), "{}");
        assertEquals(409, notPublished.status(), notPublished.body());
        var refreshed = insights.call("POST", "/v1/tenants/" + f.tenantId + "/analytics/" + p.id + "/refresh", f.admin.raw(), "{}");
        assertEquals(200, refreshed.status(), refreshed.body());
        assertEquals("refreshed", refreshed.json().path("platforms").path(0).path("refresh").asText(), refreshed.body());
        assertTrue(refreshed.json().path("platforms").path(0).path("nextRefreshAt").isNull(), "a refresh now leaves the schedule as it is");
    }
}
