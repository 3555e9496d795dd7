package com.socialwire.posts.publish;

import com.socialwire.shared.store.Write;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.posts.Posts;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Config;
import com.socialwire.shared.Ids;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.store.Item;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the publish tests start from, on the shared local stores: a clock the test moves, the
 * posts context wired once per function that does its work on AWS — {@link #api} as PostsFunction
 * (create, submit, publish now, reschedule), {@link #runner} as PublishRunFunction (the run and its
 * sweep), {@link #worker} as ContentWorkerFunction (publishing, taking jobs off the content queue) —
 * each under that function's policies from template.yaml (the Graph API at {@code graphBaseUrl}),
 * an account holding {@value #CREDITS} micro-credits and a tenant of it with an Instagram account.
 */
public final class PublishFixture {

    static final long CREDITS = 1_000_000;
    static final String V = "/v21.0";
    static final String CONTAINER = "17889455560051444";
    static final String MEDIA = "17920238422030506";

    /** A clock the test moves. */
    public static final class TestClock extends Clock {
        public volatile Instant now;

        public TestClock(Instant start) {
            now = start;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final LocalEnvironment env;
    final TestClock clock;
    /** PostsFunction's wiring: the API's work. */
    final Posts api;
    /** PublishRunFunction's wiring: the publish run and its stuck-post sweep. */
    final Posts runner;
    /** ContentWorkerFunction's wiring: publishing one platform, taking content jobs. */
    final Posts worker;
    final PostStore store;
    final TestKeys.Key admin;
    final Principal who;
    final String igUser;
    final String tenantId;

    PublishFixture(String graphBaseUrl, Instant start) {
        env = LocalEnvironment.shared();
        clock = new TestClock(start);
        api = as("PostsFunction", graphBaseUrl);
        runner = as("PublishRunFunction", graphBaseUrl);
        worker = as("ContentWorkerFunction", graphBaseUrl);
        store = worker.posts();
        admin = TestKeys.newAccount(env);
        worker.metering().ledger().grant(admin.accountId(), CREDITS, "grant-" + admin.accountId(), Ledger.Category.PROMOTIONAL, "test");
        who = Principal.key(admin.accountId(), admin.keyId(), Role.ADMIN, Set.of());
        igUser = "1784" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L));
        tenantId = tenant(admin, "Bloom", igUser);
    }

    /** The posts context as {@code logicalId} has it: its local environment (its identity), the Graph API at {@code graphBaseUrl}. */
    private Posts as(String logicalId, String graphBaseUrl) {
        return as(logicalId, graphBaseUrl, Map.of());
    }

    /** The same, with {@code more} added to the function's environment (a test's own configuration). */
    Posts as(String logicalId, String graphBaseUrl, Map<String, String> more) {
        Map<String, String> vars = new HashMap<>(env.functionEnvironment(logicalId));
        vars.put("GRAPH_API_BASE_URL", graphBaseUrl);
        vars.put("GRAPH_API_TIMEOUT_MS", "400");
        vars.putAll(more);
        return new Posts(Config.of(vars), clock);
    }

    /** Meta's side of a healthy account: quota left, a container ({@link #CONTAINER}) for any media, {@link #MEDIA}'s permalink. */
    void stubGraph(WireMockExtension meta) {
        meta.resetAll();
        meta.stubFor(get(urlPathEqualTo(V + "/" + igUser + "/content_publishing_limit")).willReturn(okJson(
                "{\"data\":[{\"quota_usage\":3,\"config\":{\"quota_total\":100,\"quota_duration\":86400}}]}")));
        meta.stubFor(post(urlPathEqualTo(V + "/" + igUser + "/media")).willReturn(okJson("{\"id\":\"" + CONTAINER + "\"}")));
        meta.stubFor(get(urlPathEqualTo(V + "/" + MEDIA)).withQueryParam("fields", equalTo("permalink"))
                .willReturn(okJson("{\"permalink\":\"https://www.instagram.com/p/DAbc123/\",\"id\":\"" + MEDIA + "\"}")));
    }

    /** Graph's side of connecting a tenant (GET /me), on a stub of its own: a test's Graph stubs and call counts stay its own. */
    private static WireMockServer tokenOwners;

    private static synchronized WireMockServer tokenOwners() {
        if (tokenOwners == null) {
            tokenOwners = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
            tokenOwners.start();
        }
        return tokenOwners;
    }

    /** A new tenant of {@code owner}'s account through the real TenantsFunction, which asks Graph (GET /me) whose the token is. */
    String tenant(TestKeys.Key owner, String name, String igUserId) {
        String token = "IGQVJ-token-" + igUserId;
        WireMockServer graph = tokenOwners();
        graph.stubFor(get(urlPathEqualTo(V + "/me")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"user_id\":\"" + igUserId + "\",\"username\":\"bloom\",\"id\":\"7369210547315012\"}")));
        var r = new FunctionClient(env, "TenantsFunction", Map.of("GRAPH_API_BASE_URL", graph.baseUrl() + V)).call("POST", "/v1/tenants", owner.raw(),
                "{\"name\":\"" + name + "\",\"igUserId\":\"" + igUserId + "\",\"igAccessToken\":\"" + token + "\"}");
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    /** A ready image of {@link #tenantId}, written straight in the MediaLibrary layout. */
    String image() {
        return media(tenantId, "image", "image/jpeg");
    }

    /** A ready media item, written straight in the MediaLibrary layout (the media function is not under test). */
    String media(String tenant, String kind, String mimeType) {
        String id = "med_" + Ids.base62(20);
        String file = mimeType.startsWith("video/") ? "a.mp4" : "a.jpg";
        worker.table.put(new Write.Put(Item.create()
                .s("PK", MediaLibrary.pk(tenant)).s("SK", MediaLibrary.sk(id)).s("id", id).s("tenantId", tenant)
                .s("status", "ready").s("kind", kind).s("mimeType", mimeType).s("s3Key", "media/" + tenant + "/" + id + "/" + file)
                .n("width", 1080).n("height", 1080).build()));
        return id;
    }

    Post reload(String postId) {
        return store.require(tenantId, postId);
    }

    Ledger.Balance balance() {
        return worker.metering().ledger().balance(admin.accountId());
    }

    /** {@link #stubGraph} and a container that is FINISHED at once, whose media_publish answers {@link #MEDIA}. */
    void stubPublishable(WireMockExtension meta) {
        stubGraph(meta);
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).willReturn(okJson("{\"id\":\"" + CONTAINER + "\",\"status_code\":\"FINISHED\"}")));
        meta.stubFor(post(urlPathEqualTo(V + "/" + igUser + "/media_publish")).willReturn(okJson("{\"id\":\"" + MEDIA + "\"}")));
    }

    /** A post with an image, published now to Instagram by the publish worker (over {@link #stubPublishable}'s Graph), as reloaded. */
    Post publishedToInstagram(String content) {
        Post p = api.service().create(who, tenantId, (com.fasterxml.jackson.databind.node.ObjectNode) com.socialwire.shared.Json.tree(
                "{\"content\":\"" + content + "\",\"platforms\":[\"instagram\"],\"media\":[\"" + image() + "\"]}"));
        api.publishing().publishNow(who, tenantId, p.id);
        Publisher publisher = worker.publisher();
        for (int i = 0; i < 3 && !"published".equals(reload(p.id).deliveries.path("instagram").path("status").asText()); i++) {
            try {
                publisher.handle(tenantId, p.id, "instagram");
            } catch (RuntimeException later) {
                // a container step asked to be tried again: the next call goes on
            }
        }
        return reload(p.id);
    }
}
