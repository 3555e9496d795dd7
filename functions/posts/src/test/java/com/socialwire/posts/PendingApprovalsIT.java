package com.socialwire.posts;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.security.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /v1/posts/pending} and {@code GET /v1/tenants/{id}/posts/pending} through PostsFunction as Lambda builds it,
 * on DynamoDB Local: the approval queue across a key's tenants, oldest wait first, with who must act; a post leaves it
 * in the write that moves it on.
 */
class PendingApprovalsIT {

    static LocalEnvironment env;
    static FunctionClient posts;
    static FunctionClient tenants;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.shared();
        posts = new FunctionClient(env, "PostsFunction");
        tenants = new FunctionClient(env, "TenantsFunction");
    }

    static String tenant(TestKeys.Key key, String name, String settings) {
        Response r = tenants.call("POST", "/v1/tenants", key.raw(), "{\"name\":\"" + name + "\",\"settings\":" + settings + "}");
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    static JsonNode ok(Response r) {
        assertTrue(r.status() >= 200 && r.status() < 300, r.status() + " " + r.body());
        return r.json();
    }

    /** A draft submitted into review: its id. */
    static String submitted(TestKeys.Key key, String tenantId, String text) {
        String id = ok(posts.call("POST", "/v1/tenants/" + tenantId + "/posts", key.raw(),
                "{\"content\":\"" + text + "\",\"platforms\":[\"linkedin\"],\"campaignId\":\"cmp_launch\"}")).path("id").asText();
        ok(posts.call("POST", "/v1/tenants/" + tenantId + "/posts/" + id + "/submit", key.raw(), "{}"));
        return id;
    }

    static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(i -> out.add(i.path("postId").asText()));
        return out;
    }

    /** Every page of {@code path}, followed by nextCursor, with {@code limit} a page. */
    static List<JsonNode> all(String path, String key, int limit) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 50; pages++) {
            JsonNode page = ok(posts.call("GET", path + "?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), key, null));
            page.path("items").forEach(out::add);
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            if (cursor == null) {
                return out;
            }
        }
        throw new AssertionError("no end of pages");
    }

    @Test
    void theQueueIsOldestWaitFirstSaysWhoMustActAndLosesAPostThatMovesOn() {
        TestKeys.Key admin = TestKeys.newAccount(env);
        String both = tenant(admin, "Bloom Bakery", "{\"requiresQaApproval\":true,\"requiresClientApproval\":true}");
        String clientOnly = tenant(admin, "Harbour Cafe", "{\"requiresQaApproval\":false,\"requiresClientApproval\":true}");
        String first = submitted(admin, both, "First in the queue");
        String second = submitted(admin, clientOnly, "Second in the queue");
        String third = submitted(admin, both, "Third in the queue");
        String draft = ok(posts.call("POST", "/v1/tenants/" + both + "/posts", admin.raw(), "{\"content\":\"never submitted\",\"platforms\":[\"linkedin\"]}"))
                .path("id").asText();

        JsonNode page = ok(posts.call("GET", "/v1/posts/pending", admin.raw(), null));
        assertEquals(List.of(first, second, third), ids(page), page.toString());
        JsonNode e = page.path("items").get(0);
        assertEquals("qa_review", e.path("status").asText());
        assertEquals("qa", e.path("mustAct").asText());
        assertEquals(both, e.path("tenantId").asText());
        assertEquals("Bloom Bakery", e.path("tenantName").asText());
        assertEquals("First in the queue", e.path("excerpt").asText());
        assertEquals("linkedin", e.path("platforms").path(0).asText());
        assertEquals("cmp_launch", e.path("campaignId").asText());
        assertTrue(e.path("version").asLong() > 0);
        JsonNode s = page.path("items").get(1);
        assertEquals("client_review", s.path("status").asText());
        assertEquals("client", s.path("mustAct").asText());
        assertEquals("Harbour Cafe", s.path("tenantName").asText());
        Instant w1 = Instant.parse(e.path("waitingSince").asText());
        Instant w2 = Instant.parse(s.path("waitingSince").asText());
        assertFalse(w2.isBefore(w1), "oldest wait first");
        assertFalse(ids(page).contains(draft), "a draft waits for nobody");

        // QA approves the first: it now waits for the client, since then (the end of the queue)
        ok(posts.call("POST", "/v1/tenants/" + both + "/posts/" + first + "/qa-approve", admin.raw(), "{}"));
        page = ok(posts.call("GET", "/v1/posts/pending", admin.raw(), null));
        assertEquals(List.of(second, third, first), ids(page));
        assertEquals("client", page.path("items").get(2).path("mustAct").asText());

        // an edit that keeps it in review keeps its place
        ok(posts.call("PUT", "/v1/tenants/" + clientOnly + "/posts/" + second, admin.raw(), "{\"labels\":[\"spring\"]}"));
        assertEquals(List.of(second, third, first), ids(ok(posts.call("GET", "/v1/posts/pending", admin.raw(), null))));

        // approved, rejected, cancelled: each leaves the queue in the write that moves it on
        ok(posts.call("POST", "/v1/tenants/" + clientOnly + "/posts/" + second + "/client-approve", admin.raw(), "{}"));
        assertEquals(List.of(third, first), ids(ok(posts.call("GET", "/v1/posts/pending", admin.raw(), null))));
        ok(posts.call("POST", "/v1/tenants/" + both + "/posts/" + third + "/qa-reject", admin.raw(), "{\"reason\":\"Too casual\"}"));
        assertEquals(List.of(first), ids(ok(posts.call("GET", "/v1/posts/pending", admin.raw(), null))));
        ok(posts.call("DELETE", "/v1/tenants/" + both + "/posts/" + first, admin.raw(), null));
        JsonNode empty = ok(posts.call("GET", "/v1/posts/pending", admin.raw(), null));
        assertEquals(List.of(), ids(empty));
        assertTrue(empty.path("nextCursor").isNull());
    }

    @Test
    void aClientKeySeesOnlyItsTenantsAndAnotherAccountNothing() {
        TestKeys.Key admin = TestKeys.newAccount(env);
        String mine = tenant(admin, "Mine", "{\"requiresClientApproval\":true}");
        String theirs = tenant(admin, "Theirs", "{\"requiresClientApproval\":true}");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            submitted(admin, theirs, "theirs " + i);
            expected.add(submitted(admin, mine, "mine " + i));
        }
        String client = TestKeys.create(env, admin.accountId(), Role.CLIENT, Set.of(mine)).raw();
        // pages of 3 over a bucket the other tenant shares: every page full until the end, none of theirs
        List<JsonNode> seen = all("/v1/posts/pending", client, 3);
        List<String> got = new ArrayList<>();
        seen.forEach(i -> got.add(i.path("postId").asText()));
        assertEquals(expected, got);
        seen.forEach(i -> assertEquals(mine, i.path("tenantId").asText()));

        assertEquals(expected, ids(ok(posts.call("GET", "/v1/tenants/" + mine + "/posts/pending?limit=100", admin.raw(), null))));
        assertEquals(14, all("/v1/posts/pending", admin.raw(), 4).size(), "the account's key sees both tenants");
        assertEquals(404, posts.call("GET", "/v1/tenants/" + theirs + "/posts/pending", client, null).status(), "not the client's tenant");

        TestKeys.Key stranger = TestKeys.newAccount(env);
        assertEquals(List.of(), ids(ok(posts.call("GET", "/v1/posts/pending", stranger.raw(), null))));
        assertEquals(404, posts.call("GET", "/v1/tenants/" + mine + "/posts/pending", stranger.raw(), null).status());
        assertEquals(400, posts.call("GET", "/v1/posts/pending?limit=0", admin.raw(), null).status());
    }

    @Test
    void pendingIsNeverReadAsAPostId() {
        TestKeys.Key admin = TestKeys.newAccount(env);
        String t = tenant(admin, "Routes", "{\"requiresQaApproval\":true}");
        String id = submitted(admin, t, "route check");
        Response r = posts.call("GET", "/v1/tenants/" + t + "/posts/pending", admin.raw(), null);
        assertEquals(200, r.status(), r.body());
        assertEquals(List.of(id), ids(r.json()));
        assertEquals(200, posts.call("GET", "/v1/tenants/" + t + "/posts/" + id, admin.raw(), null).status());
    }
}
