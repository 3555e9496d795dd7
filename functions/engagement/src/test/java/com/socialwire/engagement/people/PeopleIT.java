package com.socialwire.engagement.people;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.engagement.EngagementFixture;
import com.socialwire.engagement.inbox.InboxHandler;
import com.socialwire.engagement.model.InboxItem;
import com.socialwire.engagement.model.Jobs.CommentJob;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.engagement.worker.EngagementService;
import com.socialwire.local.stores.HttpApiEvents;
import com.socialwire.local.stores.Invoker;
import com.socialwire.local.stores.LocalContext;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Commenter history across inbox items and the tenant's leaderboard: the comment worker (as CommentWorkerFunction wires
 * it) writes each person's rows with the item, whatever how often a job is delivered; InboxFunction's routes read them.
 */
class PeopleIT {

    @RegisterExtension
    static WireMockExtension model = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @RegisterExtension
    static WireMockExtension graph = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    EngagementFixture fx;
    EngagementService worker;
    InboxHandler api;
    EngagementFixture.Brand brand;

    @BeforeEach
    void setUp() {
        fx = EngagementFixture.commentWorker(model.baseUrl(), graph.baseUrl());
        worker = fx.engagement.worker();
        EngagementFixture inbox = new EngagementFixture("InboxFunction", Map.of("GRAPH_API_BASE_URL", graph.baseUrl() + "/v21.0"));
        api = new InboxHandler(inbox.engagement.inboxService(), inbox.engagement.people(), inbox.engagement.gate(),
                com.socialwire.shared.Lazy.of(inbox.engagement::poller));
        brand = fx.brand("Warm and brief.", List.of());
        graph.stubFor(post(urlPathMatching("/v21.0/[0-9]+/replies")).willReturn(okJson("{\"id\":\"17999000000000001\"}")));
        graph.stubFor(post(urlPathMatching("/v21.0/[0-9]+")).willReturn(okJson("{\"success\":true}"))); // hide
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(EngagementFixture.chatCompletion("Yes, 9 to 4!"))));
    }

    record Response(int status, JsonNode body) {
    }

    Response call(String path, String key) {
        JsonNode out = Invoker.invokeJson(api, HttpApiEvents.event("GET", path, Map.of("authorization", "Bearer " + key), null),
                new LocalContext("InboxFunction", 512, 30));
        return new Response(out.path("statusCode").asInt(), Json.tree(out.path("body").asText("{}")));
    }

    JsonNode ok(String path) {
        Response r = call(path, brand.adminKey());
        assertEquals(200, r.status(), r.body().toString());
        return r.body();
    }

    CommentJob comment(String authorId, String authorName, String text) {
        return new CommentJob(brand.tenantId(), EngagementFixture.commentId(), authorId, authorName, text, "17990000000000000", null, Instant.now());
    }

    @Test
    void aPersonsHistoryCountsEachItemOnceHoweverOftenItsJobArrives() {
        String person = "17841400000000777";
        CommentJob question = comment(person, "mallory", "Are you open on Sunday?");
        CommentJob spam = comment(person, "mallory", "Check my bio for free followers http://spam.example/now");
        CommentJob insult = comment(person, "mallory.renamed", "You are a total idiot");
        CommentJob someoneElse = comment("17841400000000888", "alice", "Love the croissants!");
        for (CommentJob job : List.of(question, spam, insult, someoneElse)) {
            for (int delivery = 0; delivery < 3; delivery++) {
                worker.handleComment(job); // delivered three times: written once
            }
        }

        JsonNode h = ok("/v1/tenants/" + brand.tenantId() + "/people/instagram/" + person);
        JsonNode p = h.path("person");
        assertEquals("mallory.renamed", p.path("username").asText(), "their latest name");
        assertEquals(Json.tree("{\"items\":3,\"repliesSent\":1,\"violations\":2}"), p.path("counts"), h.toString());
        assertEquals("warning", p.path("standing").asText());
        List<String> texts = new ArrayList<>();
        h.path("items").forEach(i -> texts.add(i.path("content").asText()));
        assertEquals(List.of(insult.text(), spam.text(), question.text()), texts, "their items, newest first");

        JsonNode violations = h.path("violations");
        assertEquals(2, violations.size(), h.toString());
        assertTrue(violations.get(0).path("flags").toString().contains("toxicity"), violations.toString());
        assertEquals(InboxStore.idFor(brand.tenantId(), "comment", insult.igCommentId()), violations.get(0).path("itemId").asText());
        assertTrue(violations.get(1).path("flags").toString().contains("spam"), violations.toString());
        assertEquals("hide", violations.get(1).path("action").asText(), violations.toString());
        assertTrue(!violations.get(0).path("at").asText().isEmpty() && !violations.get(0).path("reason").asText().isEmpty());

        assertEquals(1, h.path("replies").size(), h.toString());
        assertEquals("Yes, 9 to 4!", h.path("replies").get(0).path("text").asText());
        assertEquals(InboxStore.idFor(brand.tenantId(), "comment", question.igCommentId()), h.path("replies").get(0).path("itemId").asText());

        // a page of two, then the rest
        JsonNode first = ok("/v1/tenants/" + brand.tenantId() + "/people/instagram/" + person + "?limit=2");
        assertEquals(2, first.path("items").size());
        JsonNode rest = ok("/v1/tenants/" + brand.tenantId() + "/people/instagram/" + person + "?limit=2&cursor=" + first.path("nextCursor").asText());
        assertEquals(question.text(), rest.path("items").get(0).path("content").asText());

        JsonNode alice = ok("/v1/tenants/" + brand.tenantId() + "/people/instagram/17841400000000888").path("person");
        assertEquals(Json.tree("{\"items\":1,\"repliesSent\":1,\"violations\":0}"), alice.path("counts"));
        assertEquals("clean", alice.path("standing").asText());
    }

    @Test
    void theLeaderboardOrdersPeopleByItemsAcrossPlatformsAndPages() {
        InboxStore inbox = fx.engagement.inbox();
        Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
        int n = 0;
        Map<String, Integer> counts = new java.util.LinkedHashMap<>(); // written in this order, a person's items one after another
        counts.put("instagram|a", 3);
        counts.put("instagram|b", 1);
        counts.put("instagram|c", 2);
        counts.put("bluesky|did:plc:ewvi7nxzyoun6zhxrhs64oiz", 2); // the same count as c, seen later: before c
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            String[] k = e.getKey().split("\\|");
            for (int i = 0; i < e.getValue(); i++) {
                Instant at = t0.plusSeconds(60L * n++);
                String external = "ext-" + n + "-" + System.nanoTime();
                assertTrue(inbox.createIfAbsent(item(k[0], external, k[1], "user-" + k[1], at)));
            }
        }
        JsonNode page = ok("/v1/tenants/" + brand.tenantId() + "/people?sort=top&limit=3");
        List<String> order = new ArrayList<>();
        page.path("items").forEach(i -> order.add(i.path("personId").asText() + "=" + i.path("counts").path("items").asLong()));
        JsonNode next = ok("/v1/tenants/" + brand.tenantId() + "/people?sort=top&limit=3&cursor=" + page.path("nextCursor").asText());
        next.path("items").forEach(i -> order.add(i.path("personId").asText() + "=" + i.path("counts").path("items").asLong()));
        assertEquals(List.of("a=3", "did:plc:ewvi7nxzyoun6zhxrhs64oiz=2", "c=2", "b=1"), order);
        assertEquals("bluesky", page.path("items").get(1).path("platform").asText());
        assertEquals(2, ok("/v1/tenants/" + brand.tenantId() + "/people/bluesky/did:plc:ewvi7nxzyoun6zhxrhs64oiz").path("items").size());
        assertEquals(ok("/v1/tenants/" + brand.tenantId() + "/people?sort=top").path("items"), ok("/v1/tenants/" + brand.tenantId() + "/people").path("items"),
                "top is the default");

        List<String> recent = new ArrayList<>();
        ok("/v1/tenants/" + brand.tenantId() + "/people?sort=recent").path("items").forEach(i -> recent.add(i.path("personId").asText()));
        List<String> byLastItem = new ArrayList<>(List.of("a", "b", "c", "did:plc:ewvi7nxzyoun6zhxrhs64oiz"));
        java.util.Collections.reverse(byLastItem);
        assertEquals(byLastItem, recent, "most recently seen first");

        Response bad = call("/v1/tenants/" + brand.tenantId() + "/people?sort=loudest", brand.adminKey());
        assertEquals(400, bad.status(), bad.body().toString());
        assertEquals("VALIDATION_ERROR", bad.body().path("error").path("code").asText());
        assertEquals(400, call("/v1/tenants/" + brand.tenantId() + "/people?limit=101", brand.adminKey()).status());
    }

    @Test
    void itemsOfOnePersonWrittenAtOnceAreEachCounted() throws Exception {
        InboxStore inbox = fx.engagement.inbox();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String external = "c" + i + "-" + System.nanoTime();
                Instant at = Instant.parse("2026-11-02T10:00:00Z").plusSeconds(i);
                done.add(pool.submit(() -> inbox.createIfAbsent(item("instagram", external, "busy", "busy", at))));
            }
            for (Future<Boolean> f : done) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdown();
        }
        JsonNode h = ok("/v1/tenants/" + brand.tenantId() + "/people/instagram/busy?limit=100");
        assertEquals(12, h.path("person").path("counts").path("items").asLong(), h.path("person").toString());
        assertEquals(12, h.path("items").size());
    }

    @Test
    void anotherTenantsPeopleAre404() {
        fx.engagement.inbox().createIfAbsent(item("instagram", "x-" + System.nanoTime(), "secret", "secret", Instant.now()));
        String path = "/v1/tenants/" + brand.tenantId() + "/people/instagram/secret";
        assertEquals(200, call(path, brand.adminKey()).status());
        String stranger = TestKeys.newAccount(fx.env).raw();
        assertEquals(404, call(path, stranger).status());
        assertEquals(404, call("/v1/tenants/" + brand.tenantId() + "/people", stranger).status());
        String otherClient = TestKeys.create(fx.env, brand.accountId(), Role.CLIENT, Set.of("tnt_someOtherTenant000000")).raw();
        assertEquals(404, call(path, otherClient).status());
        String ownClient = TestKeys.create(fx.env, brand.accountId(), Role.CLIENT, Set.of(brand.tenantId())).raw();
        assertEquals(200, call(path, ownClient).status());
        Response nobody = call("/v1/tenants/" + brand.tenantId() + "/people/instagram/nobody", brand.adminKey());
        assertEquals(404, nobody.status());
        assertEquals("NOT_FOUND", nobody.body().path("error").path("code").asText());
    }

    InboxItem item(String platform, String external, String personId, String username, Instant at) {
        return new InboxItem(InboxStore.idFor(brand.tenantId(), "comment", external), brand.tenantId(), platform, "comment", external,
                new InboxItem.Person(personId, username), "hello from " + username, null, "new", "normal", "neutral", "none", null,
                List.of(), null, at, at, at, 0);
    }
}
