package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The content studio's AI tools over HTTP on the local runtime, with the offline writer (no model configured): captions
 * for every platform of GET /v1/platforms within that platform's own limits, hashtags, repurposing, best times and X
 * reply drafts, each paid answer with its usage and the ledger charged exactly that.
 */
class AiToolsE2ETest {

    static LocalRuntime runtime;
    static LocalEnvironment env;
    static LocalApi api;

    @BeforeAll
    static void start() throws Exception {
        env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 2);
        Fixtures.Account agency = new Fixtures().signup("Studio Agency " + Ids.base62(6));
        api = new LocalApi(env, "http://127.0.0.1:" + runtime.port(), agency.adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    static JsonNode ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return Json.tree(r.body());
    }

    static long available() throws Exception {
        return ok(api.send("GET", "/v1/billing/balance", api.key, null)).path("availableMicroCredits").asLong();
    }

    @Test
    void everyToolWorksOfflineAndEveryCaptionFitsItsPlatform() throws Exception {
        HttpResponse<String> created = api.send("POST", "/v1/tenants", api.key, "{\"name\":\"Bloom Studio\",\"noGoTopics\":[\"politics\"],"
                + "\"timezone\":\"Europe/Berlin\",\"settings\":{\"engagementTopics\":[\"sourdough baking\"]}}");
        assertEquals(201, created.statusCode(), created.body());
        String tenant = "/v1/tenants/" + Json.tree(created.body()).path("id").asText();
        JsonNode platforms = ok(api.send("GET", "/v1/platforms", api.key, null)).path("items");
        long before = available();
        long charged = 0;
        long seed = 5_12_2026L;
        Random random = new Random(seed);
        List<String> tones = List.of("professional", "casual", "humorous", "inspirational", "educational", "provocative");

        for (JsonNode platform : platforms) {
            String name = platform.path("platform").asText();
            String tone = tones.get(random.nextInt(tones.size()));
            String prompt = "Our winter menu: slow-cooked soups, rye sourdough and spiced buns, baked from 5 am by a team of four"
                    + " on the corner of Linden Street".repeat(random.nextInt(20));
            JsonNode out = ok(api.send("POST", tenant + "/ai/generate", api.key, Json.write(Map.of("prompt", prompt, "platform", name,
                    "tone", tone, "includeHashtags", true, "includeEmojis", random.nextBoolean(), "count", 2))));
            String where = "seed " + seed + " " + name + " " + tone;
            assertTrue(out.path("offline").asBoolean(), where);
            assertEquals(2, out.path("items").size(), where);
            for (JsonNode item : out.path("items")) {
                assertTrue(item.path("characters").asInt() <= platform.path("maxCharacters").asInt(), where + ": " + item);
                assertTrue(item.path("check").path("passes").asBoolean(), where);
                if (!platform.path("maxHashtags").isNull() && platform.has("maxHashtags")) {
                    assertTrue(item.path("hashtags").size() <= platform.path("maxHashtags").asInt(), where);
                }
                assertFalse(item.path("text").asText().toLowerCase().contains("politics"), where);
            }
            charged += out.path("usage").path("settledMicroCredits").asLong();
            System.out.println("ai/generate offline " + name + ": " + out.path("usage"));
        }

        JsonNode tags = ok(api.send("POST", tenant + "/ai/hashtags", api.key,
                "{\"text\":\"Rye sourdough, rye buns and rye crackers: our rye week starts Monday\",\"platform\":\"instagram\",\"count\":5}"));
        assertEquals("#Rye", tags.path("items").get(0).path("tag").asText(), "the most frequent keyword first: " + tags);
        assertEquals("#Sourdough", tags.path("items").get(1).path("tag").asText(), tags.toString());
        charged += tags.path("usage").path("settledMicroCredits").asLong();
        System.out.println("ai/hashtags offline: " + tags.path("usage"));

        JsonNode versions = ok(api.send("POST", tenant + "/ai/repurpose", api.key, Json.write(Map.of("text",
                "We spent the autumn testing twelve sourdough starters. The winner is a rye starter from a farm two miles away. ".repeat(40),
                "targetPlatforms", List.of("twitter", "bluesky", "linkedin", "threads")))));
        assertEquals(4, versions.path("versions").size(), versions.toString());
        for (JsonNode v : versions.path("versions")) {
            assertTrue(v.path("characters").asInt() <= v.path("maxCharacters").asInt(), v.toString());
        }
        charged += versions.path("usage").path("settledMicroCredits").asLong();
        System.out.println("ai/repurpose offline (4 targets): " + versions.path("usage"));

        JsonNode best = ok(api.send("GET", tenant + "/ai/best-time?platform=instagram", api.key, null));
        assertEquals("default", best.path("source").asText());
        assertEquals("Europe/Berlin", best.path("timezone").asText());
        assertFalse(best.has("usage"), "best-time is free");

        JsonNode replies = ok(api.send("GET", tenant + "/x/reply-suggestions", api.key, null));
        JsonNode reply = replies.path("items").get(0);
        assertTrue(reply.path("draft").asBoolean() && !reply.path("autoSend").asBoolean(), replies.toString());
        assertEquals("\"sourdough baking\" -is:retweet lang:en", reply.path("searchQuery").asText());
        charged += replies.path("usage").path("settledMicroCredits").asLong();
        System.out.println("x/reply-suggestions offline: " + replies.path("usage"));

        assertEquals((platforms.size() + 3) * 1_000L, charged, "offline: the ai_tool fee per call, no tokens");
        assertEquals(before - charged, available(), "the ledger charged what the usage said");
    }

    @Test
    void aReadKeyCannotGenerateAndAnotherAccountSeesNothing() throws Exception {
        HttpResponse<String> created = api.send("POST", "/v1/tenants", api.key, "{\"name\":\"Bloom Keys\"}");
        String tenant = "/v1/tenants/" + Json.tree(created.body()).path("id").asText();
        Fixtures.Account other = new Fixtures().signup("Other Agency " + Ids.base62(6));
        List<Integer> statuses = new ArrayList<>();
        statuses.add(api.send("POST", tenant + "/ai/generate", other.adminKey(), "{\"prompt\":\"x\",\"platform\":\"twitter\"}").statusCode());
        statuses.add(api.send("GET", tenant + "/ai/best-time", other.adminKey(), null).statusCode());
        statuses.add(api.send("POST", tenant + "/ai/generate", api.key, "{\"prompt\":").statusCode());
        assertEquals(List.of(404, 404, 400), statuses);
    }
}
