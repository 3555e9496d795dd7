package com.socialwire.reads.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.reads.billing.ReadCharges;
import com.socialwire.reads.provider.GraphStubs;
import com.socialwire.reads.provider.ReadApiStubs;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Graph path for media a tenant owns, end to end: ReadsFunction as deployed (its template.yaml environment and
 * policies) with {@code GRAPH_API_BASE_URL} at a WireMock Graph API and {@code READ_PROVIDER_BASE_URL} at a second WireMock
 * (the third-party read API, which these reads must never call), and the tenant created through the real TenantsFunction
 * (which asks the same Graph stub whose the token is, and seals it with KMS). A read with {@code tenantId} of the tenant's
 * own reel answers Graph's data with the tenant's decrypted token, billed and cached under the tenant; another account's
 * tenant is a 404, a tenant without Instagram a 400, an expired token and media the tenant does not own are refunded in full.
 */
class OwnedMediaReadIT {

    static final String READ_API_KEY = "rk_live_0wned0c0ffee0ddba11";
    static final PriceCard CARD = PriceCard.BUILT_IN;
    static final long GRANT = 2_000_000;

    static WireMockServer graph;
    static WireMockServer readApi;
    static LocalEnvironment env;
    static Table table;
    static DynamoLedger ledger;
    static FunctionClient tenants;
    static FunctionClient reads;
    TestKeys.Key key;
    String igUser;
    String token;
    String tenantId;

    @BeforeAll
    static void start() {
        graph = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        graph.start();
        readApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        readApi.start();
        env = LocalEnvironment.shared();
        Config config = env.functionConfig("ReadsFunction");
        table = new Table(new AwsClients(config)::dynamoDb, config.require("TABLE_NAME"));
        ledger = new DynamoLedger(table, Clock.systemUTC());
        String graphBase = graph.baseUrl() + GraphStubs.V;
        tenants = new FunctionClient(env, "TenantsFunction", Map.of("GRAPH_API_BASE_URL", graphBase));
        reads = new FunctionClient(env, "ReadsFunction", Map.of("GRAPH_API_BASE_URL", graphBase,
                "READ_PROVIDER_BASE_URL", readApi.baseUrl() + "/", "READ_PROVIDER_KEY", READ_API_KEY, "LLM_PROVIDER", "offline"));
    }

    @AfterAll
    static void stop() {
        graph.stop();
        readApi.stop();
    }

    @BeforeEach
    void tenantWithItsOwnInstagram() {
        graph.resetAll();
        readApi.resetAll();
        key = TestKeys.newAccount(env);
        ledger.grant(key.accountId(), GRANT, "grant-" + key.accountId(), Ledger.Category.PROMOTIONAL, "test");
        igUser = "1784" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L));
        token = "IGQWRPa1ZA2-owned-" + igUser;
        tenantId = tenant(key, igUser, token);
        graph.resetRequests(); // the tenant's GET /me is not the read's
    }

    /** A tenant of {@code owner} through the real TenantsFunction, which asks Graph (GET /me) whose {@code token} is. */
    static String tenant(TestKeys.Key owner, String igUserId, String token) {
        graph.stubFor(get(urlPathEqualTo(GraphStubs.V + "/me")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"user_id\":\"" + igUserId + "\",\"username\":\"crumb.and.co\",\"id\":\"7369210547315012\"}")));
        FunctionClient.Response r = tenants.call("POST", "/v1/tenants", owner.raw(),
                "{\"name\":\"Crumb & Co\",\"igUserId\":\"" + igUserId + "\",\"igAccessToken\":\"" + token + "\"}");
        assertEquals(201, r.status(), r.body());
        assertFalse(r.body().contains(token));
        return r.json().path("id").asText();
    }

    FunctionClient.Response read(String path) {
        return reads.call("GET", path, key.raw(), null);
    }

    long available() {
        return ledger.balance(key.accountId()).availableMicroCredits();
    }

    void readApiNeverCalled() {
        readApi.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theTenantsOwnReelIsReadThroughGraphWithItsTokenBilledAndCachedUnderTheTenant() {
        GraphStubs.mediaList(graph, igUser, token);
        GraphStubs.reel(graph, token, "crumb.and.co");

        FunctionClient.Response miss = read("/v1/instagram/reel?url=https%3A%2F%2Fwww.instagram.com%2Freel%2F" + GraphStubs.REEL
                + "%2F%3Figsh%3Dabc&tenantId=" + tenantId);
        assertEquals(200, miss.status(), miss.body());
        JsonNode m = miss.json();
        assertEquals("graph", m.path("provider").path("id").asText(), miss.body());
        assertEquals(GraphStubs.REEL_ID, m.path("data").path("mediaId").asText());
        assertEquals("reel", m.path("data").path("type").asText());
        assertEquals(GraphStubs.REEL_CAPTION, m.path("data").path("caption").asText());
        assertEquals(igUser, m.path("data").path("owner").path("id").asText());
        assertEquals(9120, m.path("data").path("metrics").path("likes").asLong());
        assertEquals("miss", m.path("cache").path("status").asText());
        assertEquals("media:" + tenantId + ":" + GraphStubs.REEL + ":transcript=false", m.path("cache").path("key").asText(),
                "the entry is the tenant's own, never the public one");
        assertEquals(CARD.fee(ReadCharges.MEDIA), m.path("usage").path("settledMicroCredits").asLong());
        assertFalse(miss.body().contains(token) || miss.body().contains(graph.baseUrl()), "no token or Graph URL in the answer");
        // the tenant's decrypted token on every Graph call: the list (two pages) and the media
        graph.verify(2, getRequestedFor(urlPathEqualTo(GraphStubs.V + "/" + igUser + "/media")).withHeader("Authorization", equalTo("Bearer " + token)));
        graph.verify(1, getRequestedFor(urlPathEqualTo(GraphStubs.V + "/" + GraphStubs.REEL_ID)).withHeader("Authorization", equalTo("Bearer " + token)));
        graph.verify(0, anyRequestedFor(anyUrl()).withHeader("Authorization", notContaining(token)));
        readApiNeverCalled();

        FunctionClient.Response hit = read("/v1/instagram/reel?url=" + GraphStubs.REEL + "&tenantId=" + tenantId);
        assertEquals(200, hit.status(), hit.body());
        assertEquals("hit", hit.json().path("cache").path("status").asText());
        assertEquals("graph", hit.json().path("provider").path("id").asText());
        assertEquals(m.path("data"), hit.json().path("data"), "the same data");
        assertEquals(CARD.fee(ReadCharges.MEDIA_CACHED), hit.json().path("usage").path("settledMicroCredits").asLong());
        graph.verify(3, anyRequestedFor(anyUrl()));
        assertEquals(GRANT - CARD.fee(ReadCharges.MEDIA) - CARD.fee(ReadCharges.MEDIA_CACHED), available());
        assertEquals(0, ledger.balance(key.accountId()).reservedMicroCredits());
        readApiNeverCalled();

        // the same reel without tenantId is a public read: the read API's, never the tenant's Graph entry
        table.delete(new Write.Delete(Table.key("READCACHE#media:public:" + GraphStubs.REEL + ":transcript=false", "ENTRY")));
        readApi.stubFor(get(urlPathEqualTo("/v1/instagram/media")).withQueryParam("shortcode", equalTo(GraphStubs.REEL))
                .withHeader("x-api-key", equalTo(READ_API_KEY)).willReturn(okJson(ReadApiStubs.fixture("media-reel.json"))));
        FunctionClient.Response pub = read("/v1/instagram/reel?url=" + GraphStubs.REEL);
        assertEquals(200, pub.status(), pub.body());
        assertEquals("readapi", pub.json().path("provider").path("id").asText(), pub.body());
        assertEquals("media:public:" + GraphStubs.REEL + ":transcript=false", pub.json().path("cache").path("key").asText(), pub.body());
        readApi.verify(1, getRequestedFor(urlPathEqualTo("/v1/instagram/media")));
        graph.verify(3, anyRequestedFor(anyUrl()));
    }

    @Test
    void theTenantsOwnCommentsAreReadThroughGraphWithItsToken() {
        GraphStubs.mediaList(graph, igUser, token);
        graph.stubFor(get(urlPathEqualTo(GraphStubs.V + "/" + GraphStubs.REEL_ID + "/comments")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"data\":[" + GraphStubs.comment("17858893269000001", "love it", "{\"data\":["
                        + GraphStubs.reply("17858893269000101", "@fan_1 thanks!", igUser, "crumb.and.co") + "]}") + ","
                        + GraphStubs.comment("17858893269000002", "price?", null) + "]}")));

        FunctionClient.Response r = read("/v1/instagram/comments?url=" + GraphStubs.REEL + "&limit=20&includeReplies=true&tenantId=" + tenantId);
        assertEquals(200, r.status(), r.body());
        assertEquals("graph", r.json().path("provider").path("id").asText());
        JsonNode comments = r.json().path("data").path("comments");
        assertEquals(2, comments.size(), r.body());
        assertEquals("@fan_1 thanks!", comments.path(0).path("replies").path(0).path("text").asText(), r.body());
        assertEquals("comments:" + tenantId + ":" + GraphStubs.REEL + ":limit=20:replies=true", r.json().path("cache").path("key").asText());
        assertEquals(CARD.fee(ReadCharges.commentBatch(20)), r.json().path("usage").path("settledMicroCredits").asLong());
        graph.verify(0, anyRequestedFor(anyUrl()).withHeader("Authorization", notContaining(token)));
        readApiNeverCalled();
    }

    @Test
    void anotherAccountsTenantIs404AndNothingIsCalledOrCharged() {
        TestKeys.Key other = TestKeys.newAccount(env);
        String otherIg = "1784" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L));
        String theirs = tenant(other, otherIg, "IGQWRPa1ZA2-other-" + otherIg);
        graph.resetRequests();
        GraphStubs.mediaList(graph, otherIg, "IGQWRPa1ZA2-other-" + otherIg);

        FunctionClient.Response r = read("/v1/instagram/reel?url=" + GraphStubs.REEL + "&tenantId=" + theirs);
        assertEquals(404, r.status(), r.body());
        assertEquals("NOT_FOUND", r.json().path("error").path("code").asText());
        graph.verify(0, anyRequestedFor(anyUrl()));
        readApiNeverCalled();
        assertEquals(GRANT, available());
    }

    @Test
    void aTenantWithoutInstagramIsAClear422() {
        FunctionClient.Response created = tenants.call("POST", "/v1/tenants", key.raw(), "{\"name\":\"No Instagram Yet\"}");
        assertEquals(201, created.status(), created.body());
        graph.resetRequests();

        FunctionClient.Response r = read("/v1/instagram/post?url=" + GraphStubs.CAROUSEL + "&tenantId=" + created.json().path("id").asText());
        assertEquals(422, r.status(), r.body());
        assertEquals("VALIDATION_ERROR", r.json().path("error").path("code").asText(), r.body());
        assertTrue(r.body().contains("tenantId"), r.body());
        graph.verify(0, anyRequestedFor(anyUrl()));
        readApiNeverCalled();
        assertEquals(GRANT, available());
    }

    /**
     * Graph code 190 on the tenant's token: refunded in full, and answered as every other Graph consumer answers it (the
     * tenant must reconnect: a 422 naming tenantId, the tenant marked expired, the dead token not sent again), not as a
     * provider outage to retry in 5 seconds.
     */
    @Test
    void anExpiredTokenIsRefundedInFullAndAsksToReconnectInsteadOfRetry() {
        graph.stubFor(get(urlPathMatching(GraphStubs.V + "/.*")).willReturn(GraphStubs.expiredToken()));

        FunctionClient.Response r = read("/v1/instagram/comments?url=" + GraphStubs.REEL + "&limit=100&includeReplies=true&tenantId=" + tenantId);
        assertFalse(r.body().contains(token) || r.body().contains("Session has expired") || r.body().contains("OAuthException"), r.body());
        assertEquals(r.header("x-request-id"), r.json().path("error").path("requestId").asText());
        JsonNode usage = r.json().path("error").path("details").path("usage");
        assertEquals(CARD.fee(ReadCharges.commentBatch(100)), usage.path("reservedMicroCredits").asLong(), r.body());
        assertEquals(usage.path("reservedMicroCredits").asLong(), usage.path("refundedMicroCredits").asLong());
        assertEquals(GRANT, available(), "the ledger balance is unchanged");
        assertEquals(0, ledger.balance(key.accountId()).reservedMicroCredits());
        readApiNeverCalled();

        assertEquals(422, r.status(), r.body());
        assertEquals("VALIDATION_ERROR", r.json().path("error").path("code").asText(), r.body());
        assertEquals("tenantId", r.json().path("error").path("details").path("parameter").asText(), r.body());
        assertTrue(r.body().contains("reconnect"), r.body());
        assertEquals(null, r.header("retry-after"), "nothing to retry until the tenant reconnects");
        FunctionClient.Response t = tenants.call("GET", "/v1/tenants/" + tenantId, key.raw(), null);
        assertEquals("expired", t.json().path("igTokenStatus").asText(), t.body());

        int calls = graph.getAllServeEvents().size();
        FunctionClient.Response again = read("/v1/instagram/post?url=" + GraphStubs.REEL + "&tenantId=" + tenantId);
        assertEquals(422, again.status(), again.body());
        assertEquals(calls, graph.getAllServeEvents().size(), "the expired token is not sent to Graph again");
        assertEquals(GRANT, available());
    }

    @Test
    void mediaTheTenantDoesNotOwnIsNotFoundAsNotTheTenantsNotAsNotPublicAndRefunded() {
        GraphStubs.mediaList(graph, igUser, token);

        FunctionClient.Response r = read("/v1/instagram/post?url=https%3A%2F%2Fwww.instagram.com%2Fp%2FBSKplJUDPPE%2F&tenantId=" + tenantId);
        assertEquals(404, r.status(), r.body());
        assertEquals("NOT_FOUND", r.json().path("error").path("code").asText());
        String message = r.json().path("error").path("message").asText();
        assertTrue(message.contains("tenant") && message.contains("omit tenantId"), "says it is not the tenant's, not that it is not public: " + message);
        JsonNode usage = r.json().path("error").path("details").path("usage");
        assertEquals(CARD.fee(ReadCharges.MEDIA), usage.path("reservedMicroCredits").asLong(), r.body());
        assertEquals(usage.path("reservedMicroCredits").asLong(), usage.path("refundedMicroCredits").asLong());
        graph.verify(2, getRequestedFor(urlPathEqualTo(GraphStubs.V + "/" + igUser + "/media")));
        assertEquals(GRANT, available());
        readApiNeverCalled();
    }
}
