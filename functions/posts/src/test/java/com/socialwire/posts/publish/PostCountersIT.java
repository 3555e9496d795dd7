package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Json;
import com.socialwire.shared.analytics.TenantCounters;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.store.Write;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.socialwire.posts.publish.PublishFixture.CONTAINER;
import static com.socialwire.posts.publish.PublishFixture.MEDIA;
import static com.socialwire.posts.publish.PublishFixture.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tenant's counters as the posts context writes them, in the same write as each change: after any run of changes
 * they equal a read of the posts; a write that lost (a stale version, a redelivered job) moves nothing; a post from
 * before the counters moves no state count; the day is the tenant's.
 */
class PostCountersIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    PublishFixture f;
    TenantCounters counters;

    @BeforeEach
    void setUp() {
        f = new PublishFixture(meta.baseUrl() + V, Instant.parse("2031-03-10T23:30:00Z"));
        f.stubGraph(meta);
        counters = new TenantCounters(f.worker.table, f.clock);
    }

    void settings(String json) {
        var r = new FunctionClient(f.env, "TenantsFunction").call("PATCH", "/v1/tenants/" + f.tenantId, f.admin.raw(),
                "{\"settings\":" + json + "}");
        assertEquals(200, r.status(), r.body());
    }

    Post draft(String platforms) {
        return f.api.service().create(f.who, f.tenantId, (ObjectNode) Json.tree("{\"content\":\"Fresh loaves at 7\",\"platforms\":"
                + platforms + ",\"media\":[\"" + f.image() + "\"]}"));
    }

    Map<String, Long> totals() {
        return counters.totals(f.tenantId).counts();
    }

    @Test
    void theCountersEqualAReadOfThePostsAfterASeededRunOfChanges() {
        long seed = Long.getLong("seed", System.nanoTime());
        Random rnd = new Random(seed);
        settings("{\"requiresQaApproval\":true,\"requiresClientApproval\":true}");
        List<String> ids = new ArrayList<>();
        List<String> platforms = List.of("[\"instagram\"]", "[\"instagram\",\"facebook\"]", "[\"facebook\"]");
        for (int i = 0; i < 8; i++) {
            ids.add(draft(platforms.get(rnd.nextInt(platforms.size()))).id);
        }
        Map<String, Long> decided = new HashMap<>();
        ObjectNode reason = (ObjectNode) Json.tree("{\"reason\":\"off brand\"}");
        for (int step = 0; step < 40; step++) {
            String id = ids.get(rnd.nextInt(ids.size()));
            int op = rnd.nextInt(7);
            try {
                switch (op) {
                    case 0 -> f.api.approvals().submit(f.who, f.tenantId, id);
                    case 1 -> {
                        f.api.approvals().qaApprove(f.who, f.tenantId, id);
                        decided.merge(TenantCounters.QA_APPROVED, 1L, Long::sum);
                    }
                    case 2 -> {
                        f.api.approvals().clientApprove(f.who, f.tenantId, id);
                        decided.merge(TenantCounters.CLIENT_APPROVED, 1L, Long::sum);
                    }
                    case 3 -> {
                        f.api.approvals().clientReject(f.who, f.tenantId, id, reason);
                        decided.merge(TenantCounters.CLIENT_REJECTED, 1L, Long::sum);
                    }
                    case 4 -> f.api.service().update(f.who, f.tenantId, id, (ObjectNode) Json.tree("{\"platforms\":"
                            + platforms.get(rnd.nextInt(platforms.size())) + "}"));
                    case 5 -> f.api.service().cancel(f.who, f.tenantId, id);
                    default -> f.api.approvals().qaReject(f.who, f.tenantId, id, reason);
                }
                if (op == 6) {
                    decided.merge(TenantCounters.QA_REJECTED, 1L, Long::sum);
                }
            } catch (ApiException refused) {
                // a move the workflow does not allow from where the post is: nothing changed
            }
        }
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Long> byPlatform = new TreeMap<>();
        for (String id : ids) {
            Post p = f.store.require(f.tenantId, id);
            byStatus.merge(p.status.wire(), 1L, Long::sum);
            p.platforms().forEach(x -> byPlatform.merge(x, 1L, Long::sum));
        }
        Map<String, Long> t = totals();
        String why = "seed " + seed + ": " + t;
        assertEquals(byStatus, TenantCounters.named(t, TenantCounters.POST_STATUS), why);
        assertEquals(byPlatform, TenantCounters.named(t, TenantCounters.POST_PLATFORM), why);
        assertEquals(8L, t.get(TenantCounters.POSTS_CREATED), why);
        for (String c : List.of(TenantCounters.QA_APPROVED, TenantCounters.QA_REJECTED, TenantCounters.CLIENT_APPROVED,
                TenantCounters.CLIENT_REJECTED)) {
            assertEquals(decided.getOrDefault(c, 0L), t.getOrDefault(c, 0L), c + ", " + why);
        }
    }

    @Test
    void changesOfOneTenantAtOnceAllCountThoughTheyMeetOnItsDayRow() throws Exception {
        String image = f.image();
        ObjectNode body = (ObjectNode) Json.tree("{\"content\":\"Fresh loaves at 7\",\"platforms\":[\"instagram\"],\"media\":[\"" + image + "\"]}");
        int n = 12;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            List<java.util.concurrent.Future<Post>> made = new ArrayList<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < n; i++) {
                made.add(pool.submit(() -> {
                    start.await();
                    return f.api.service().create(f.who, f.tenantId, body.deepCopy());
                }));
            }
            start.countDown();
            for (var m : made) {
                m.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> t = totals();
        assertEquals((long) n, t.get(TenantCounters.POSTS_CREATED), t.toString());
        assertEquals(Map.of("draft", (long) n), TenantCounters.named(t, TenantCounters.POST_STATUS));
    }

    @Test
    void aSaveThatLostToAConcurrentChangeMovesNoCounter() {
        Post p = draft("[\"instagram\"]");
        Post stale = f.store.require(f.tenantId, p.id);
        f.api.service().cancel(f.who, f.tenantId, p.id);
        Map<String, Long> before = totals();
        stale.status = PostStatus.PENDING_APPROVAL;
        stale.record(f.clock.instant(), "approve", PostStatus.DRAFT, PostStatus.APPROVED, "test", null);
        assertThrows(PostStore.Conflict.class, () -> f.store.save(stale));
        assertEquals(before, totals(), "a lost write changes no counter");
        assertEquals(Map.of("cancelled", 1L), TenantCounters.named(before, TenantCounters.POST_STATUS));
    }

    @Test
    void aPublishedPostIsCountedOnceHoweverOftenItsJobIsDelivered() {
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).willReturn(okJson(
                "{\"id\":\"" + CONTAINER + "\",\"status_code\":\"FINISHED\",\"status\":\"Finished\"}")));
        meta.stubFor(post(urlPathEqualTo(V + "/" + f.igUser + "/media_publish")).willReturn(okJson("{\"id\":\"" + MEDIA + "\"}")));
        Post p = draft("[\"instagram\"]");
        f.api.publishing().publishNow(f.who, f.tenantId, p.id);
        for (int delivery = 0; delivery < 3; delivery++) {
            f.worker.publisher().handle(f.tenantId, p.id, "instagram");
        }
        assertEquals("published", f.reload(p.id).status.wire());
        Map<String, Long> t = totals();
        assertEquals(1L, t.get(TenantCounters.POSTS_DELIVERED + "instagram"), t.toString());
        assertEquals(1L, t.get(TenantCounters.POSTS_PUBLISHED), t.toString());
        assertEquals(Map.of("published", 1L), TenantCounters.named(t, TenantCounters.POST_STATUS));
    }

    @Test
    void aPostFromBeforeTheCountersMovesNoStateCountButItsApprovalCounts() {
        Post p = draft("[\"instagram\"]");
        // the same post as a version without counters stored it: no "counted" mark, and no counter row for it
        Map<String, com.socialwire.shared.store.AttrValue> old = new HashMap<>(PostStore.item(f.store.require(f.tenantId, p.id)));
        old.remove("counted");
        f.worker.table.put(new Write.Put(old));
        f.worker.table.delete(new Write.Delete(com.socialwire.shared.store.Table.key("TENANT#" + f.tenantId,
                TenantCounters.sk(counters.today(f.tenantId)))));
        settings("{\"requiresQaApproval\":true}");
        f.api.approvals().submit(f.who, f.tenantId, p.id);
        f.api.approvals().qaApprove(f.who, f.tenantId, p.id);
        Map<String, Long> t = totals();
        assertEquals(Map.of(), TenantCounters.named(t, TenantCounters.POST_STATUS), "no state count for a post not counted: " + t);
        assertEquals(1L, t.get(TenantCounters.QA_APPROVED), t.toString());
        assertFalse(t.containsKey(TenantCounters.POSTS_CREATED));
    }

    @Test
    void theLastResortFailureMovesTheStatusItFoundAndCountsTheFailedDeliveries() {
        Post p = f.api.service().create(f.who, f.tenantId, (ObjectNode) Json.tree("{\"content\":\"Fresh loaves at 7\","
                + "\"platforms\":[\"instagram\",\"facebook\"],\"media\":[\"" + f.image() + "\"],\"status\":\"scheduled\","
                + "\"scheduledFor\":\"" + f.clock.instant().plusSeconds(3600) + "\"}"));
        assertEquals(PostStatus.SCHEDULED, p.status);
        Map<String, ObjectNode> failed = Map.of("instagram", (ObjectNode) Json.tree("{\"status\":\"failed\",\"code\":\"X\"}"),
                "facebook", (ObjectNode) Json.tree("{\"status\":\"failed\",\"code\":\"X\"}"));
        assertTrue(f.store.markFailed(f.tenantId, p.id, null, failed, f.clock.instant()));
        assertFalse(f.store.markFailed(f.tenantId, p.id, null, failed, f.clock.instant()), "once: it is no longer scheduled");
        Map<String, Long> t = totals();
        assertEquals(Map.of("failed", 1L), TenantCounters.named(t, TenantCounters.POST_STATUS), t.toString());
        assertEquals(1L, t.get(TenantCounters.POSTS_FAILED), t.toString());
        assertEquals(Map.of("facebook", 1L, "instagram", 1L), TenantCounters.named(t, TenantCounters.POSTS_DELIVERY_FAILED));
    }

    @Test
    void aChangeIsCountedOnTheTenantsLocalDay() {
        // 23:30 UTC on 10 March is already 11 March in Auckland and still 10 March in New York
        var r = new FunctionClient(f.env, "TenantsFunction").call("PATCH", "/v1/tenants/" + f.tenantId, f.admin.raw(),
                "{\"timezone\":\"Pacific/Auckland\"}");
        assertEquals(200, r.status(), r.body());
        draft("[\"instagram\"]");
        var days = counters.days(f.tenantId, null, null);
        assertEquals(List.of(LocalDate.of(2031, 3, 11)), days.stream().map(TenantCounters.Day::date).toList());
        assertEquals(ZoneId.of("Pacific/Auckland"), counters.zone(f.tenantId));
        assertTrue(days.get(0).get(TenantCounters.POSTS_CREATED) == 1);
    }
}
