package com.socialwire.posts.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.security.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * StudioFunction as Lambda builds it, on DynamoDB Local: the strategy's versions (three edits → three readable versions;
 * concurrent edits → distinct versions), SEO rules, content preferences and versioned templates, each tenant's own (another
 * account's key gets 404), writes for staff keys only, and bad input a 4xx, never a 500.
 */
class StudioApiIT {

    static LocalEnvironment env;
    static FunctionClient studio;
    static FunctionClient tenants;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.shared();
        studio = new FunctionClient(env, "StudioFunction");
        tenants = new FunctionClient(env, "TenantsFunction");
    }

    /** A fresh account (its own rate limits), its admin key and a tenant. */
    record Caller(TestKeys.Key key, String tenantId) {
        Response call(String method, String path, String body) {
            return studio.call(method, "/v1/tenants/" + tenantId + path, key.raw(), body);
        }

        JsonNode ok(String method, String path, String body) {
            Response r = call(method, path, body);
            assertTrue(r.status() >= 200 && r.status() < 300, method + " " + path + " -> " + r.status() + " " + r.body());
            return r.json();
        }
    }

    static Caller caller() {
        TestKeys.Key admin = TestKeys.newAccount(env);
        Response r = tenants.call("POST", "/v1/tenants", admin.raw(), "{\"name\":\"Bloom Bakery\"}");
        assertEquals(201, r.status(), r.body());
        return new Caller(admin, r.json().path("id").asText());
    }

    static void status(int expected, Response r, String why) {
        assertEquals(expected, r.status(), why + ": " + r.body());
        if (expected >= 400) {
            assertTrue(r.json().path("error").path("code").isTextual(), r.body());
        }
    }

    @Test
    void aStrategyEditedThreeTimesHasThreeReadableVersions() {
        Caller c = caller();
        status(404, c.call("GET", "/strategy", null), "no strategy yet");
        c.ok("PUT", "/strategy", "{\"brandVoice\":\"Warm\",\"audience\":\"Neighbours\",\"pillars\":[\"bread\"],\"changeSummary\":\"first\"}");
        c.ok("PUT", "/strategy", "{\"brandVoice\":\"Warm and funny\",\"changeSummary\":\"funnier\"}");
        JsonNode third = c.ok("PUT", "/strategy", "{\"audience\":null,\"goals\":[\"more pre-orders\"],\"changeSummary\":\"goals\"}");
        assertEquals(3, third.path("version").asInt());
        assertEquals("Warm and funny", third.path("brandVoice").asText(), "a field left out is kept");
        assertFalse(third.has("audience"), "null clears a field");
        assertEquals("bread", third.path("pillars").path(0).asText());

        JsonNode current = c.ok("GET", "/strategy", null);
        assertEquals(3, current.path("version").asInt());
        assertEquals("goals", current.path("changeSummary").asText());
        JsonNode list = c.ok("GET", "/strategy/versions", null);
        List<Integer> versions = new ArrayList<>();
        list.path("items").forEach(v -> versions.add(v.path("version").asInt()));
        assertEquals(List.of(3, 2, 1), versions, "newest first");
        JsonNode page = c.ok("GET", "/strategy/versions?limit=2", null);
        assertEquals(2, page.path("items").size());
        JsonNode rest = c.ok("GET", "/strategy/versions?limit=2&cursor=" + page.path("nextCursor").asText(), null);
        assertEquals(1, rest.path("items").path(0).path("version").asInt());
        JsonNode first = c.ok("GET", "/strategy/versions/1", null);
        assertEquals("Warm", first.path("brandVoice").asText());
        assertEquals("Neighbours", first.path("audience").asText());
        assertEquals("first", first.path("changeSummary").asText());
        assertEquals(c.key().keyId(), first.path("createdBy").asText());
        status(404, c.call("GET", "/strategy/versions/4", null), "no version 4");
        status(400, c.call("GET", "/strategy/versions/abc", null), "not a number");
        status(400, c.call("GET", "/strategy/versions/0", null), "versions start at 1");

        Response noSummary = c.call("PUT", "/strategy", "{\"brandVoice\":\"x\"}");
        status(400, noSummary, "changeSummary is required");
        assertTrue(noSummary.json().path("error").path("details").has("changeSummary"), noSummary.body());
        Response bad = c.call("PUT", "/strategy", "{\"pillars\":\"bread\",\"tone\":7,\"mood\":\"x\",\"changeSummary\":\"x\"}");
        status(400, bad, "every bad field named");
        JsonNode details = bad.json().path("error").path("details");
        assertTrue(details.has("pillars") && details.has("tone") && details.has("mood"), bad.body());
        assertEquals(3, c.ok("GET", "/strategy", null).path("version").asInt(), "a refused edit makes no version");
    }

    @Test
    void concurrentStrategyEditsNeverShareAVersion() throws Exception {
        Caller c = caller();
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String body = "{\"brandVoice\":\"voice " + i + "\",\"changeSummary\":\"writer " + i + "\"}";
            results.add(pool.submit(() -> {
                go.await();
                return c.call("PUT", "/strategy", body);
            }));
        }
        go.countDown();
        Set<Integer> versions = new TreeSet<>();
        for (Future<Response> f : results) {
            Response r = f.get();
            assertEquals(200, r.status(), r.body());
            versions.add(r.json().path("version").asInt());
        }
        pool.shutdown();
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8), versions, "each edit its own version");
        JsonNode list = c.ok("GET", "/strategy/versions?limit=100", null);
        assertEquals(writers, list.path("items").size());
        Set<String> summaries = new TreeSet<>();
        list.path("items").forEach(v -> summaries.add(v.path("changeSummary").asText()));
        assertEquals(writers, summaries.size(), "no edit overwrote another's version: " + summaries);
        assertEquals(8, c.ok("GET", "/strategy", null).path("version").asInt());
    }

    @Test
    void seoRulesCrudKeepsToTheTenantAndRefusesBadRules() {
        Caller c = caller();
        JsonNode rule = c.ok("POST", "/seo-rules", "{\"keyword\":\"Berlin bakery\",\"weight\":0.9,\"kind\":\"primary\","
                + "\"rules\":[\"use the keyword in the first sentence\"],\"contentTypes\":[\"blog\",\"landing\"]}");
        String id = rule.path("id").asText();
        assertTrue(id.startsWith("seo_"), id);
        assertTrue(rule.path("active").asBoolean());
        JsonNode defaults = c.ok("POST", "/seo-rules", "{\"keyword\":\"rye\"}");
        assertEquals(0.5, defaults.path("weight").asDouble());
        assertEquals("secondary", defaults.path("kind").asText());

        JsonNode updated = c.ok("PUT", "/seo-rules/" + id, "{\"weight\":0.75,\"active\":false}");
        assertEquals(0.75, updated.path("weight").asDouble());
        assertFalse(updated.path("active").asBoolean());
        assertEquals("Berlin bakery", updated.path("keyword").asText(), "fields left out are kept");
        assertEquals(0.75, c.ok("GET", "/seo-rules/" + id, null).path("weight").asDouble());
        assertEquals(2, c.ok("GET", "/seo-rules", null).path("items").size());

        for (String body : List.of("{\"weight\":0.5}", "{\"keyword\":\"x\",\"weight\":2}", "{\"keyword\":\"x\",\"weight\":-0.1}",
                "{\"keyword\":\"x\",\"kind\":\"main\"}", "{\"keyword\":\"x\",\"contentTypes\":[\"tweet\"]}", "{\"keyword\":\"x\",\"extra\":1}",
                "{\"keyword\":\"" + "k".repeat(101) + "\"}", "{\"keyword\":\"x\",\"rules\":\"first sentence\"}", "[]", "not json")) {
            Response r = c.call("POST", "/seo-rules", body);
            assertTrue(r.status() == 400 || r.status() == 422, body + " -> " + r.status() + " " + r.body());
        }
        status(422, c.call("POST", "/seo-rules", "{\"keyword\":\"x\",\"weight\":0.125}"), "more than two decimals");
        status(400, c.call("PUT", "/seo-rules/" + id, "{\"keyword\":null}"), "a rule keeps its keyword");

        Caller other = caller();
        status(404, studio.call("GET", "/v1/tenants/" + c.tenantId() + "/seo-rules/" + id, other.key().raw(), null), "another account's tenant");
        status(404, studio.call("PUT", "/v1/tenants/" + c.tenantId() + "/seo-rules/" + id, other.key().raw(), "{\"weight\":0.1}"), "");
        status(404, studio.call("DELETE", "/v1/tenants/" + c.tenantId() + "/seo-rules/" + id, other.key().raw(), null), "");
        status(404, other.call("GET", "/seo-rules/" + id, null), "the id under another tenant");
        assertEquals(0.75, c.ok("GET", "/seo-rules/" + id, null).path("weight").asDouble(), "untouched by the other account");

        TestKeys.Key reader = TestKeys.create(env, c.key().accountId(), Role.READ, Set.of());
        assertEquals(200, studio.call("GET", "/v1/tenants/" + c.tenantId() + "/seo-rules/" + id, reader.raw(), null).status());
        status(403, studio.call("DELETE", "/v1/tenants/" + c.tenantId() + "/seo-rules/" + id, reader.raw(), null), "a read key reads only");

        status(204, c.call("DELETE", "/seo-rules/" + id, null), "deleted");
        status(404, c.call("GET", "/seo-rules/" + id, null), "gone");
        status(404, c.call("DELETE", "/seo-rules/" + id, null), "gone");
        status(404, c.call("PUT", "/seo-rules/" + id, "{\"weight\":0.2}"), "gone");
    }

    @Test
    void contentPreferencesArePerContentType() {
        Caller c = caller();
        JsonNode blog = c.ok("PUT", "/content-preferences/blog", "{\"length\":\"long\",\"minWords\":800,\"maxWords\":1200,"
                + "\"structure\":\"problem-solution-benefit\",\"cta\":\"Order online\",\"readingLevel\":\"grade 8\",\"guidelines\":\"Cite sources\"}");
        assertEquals("blog", blog.path("contentType").asText());
        c.ok("PUT", "/content-preferences/caption", "{\"length\":\"short\",\"cta\":\"Visit us\"}");
        assertEquals(800, c.ok("GET", "/content-preferences/blog", null).path("minWords").asInt());
        JsonNode replaced = c.ok("PUT", "/content-preferences/blog", "{\"length\":\"medium\"}");
        assertFalse(replaced.has("minWords"), "a PUT replaces the type's preference");
        assertEquals(2, c.ok("GET", "/content-preferences", null).path("items").size());
        status(404, c.call("GET", "/content-preferences/email", null), "none set for email");
        status(400, c.call("GET", "/content-preferences/tweet", null), "no such content type");
        status(400, c.call("PUT", "/content-preferences/tweet", "{\"length\":\"short\"}"), "no such content type");
        status(400, c.call("PUT", "/content-preferences/blog", "{\"minWords\":900,\"maxWords\":100}"), "min over max");
        status(400, c.call("PUT", "/content-preferences/blog", "{\"length\":\"epic\"}"), "length");
        status(422, c.call("PUT", "/content-preferences/blog", "{\"minWords\":1.5}"), "whole words");
        status(404, studio.call("GET", "/v1/tenants/" + c.tenantId() + "/content-preferences/blog", caller().key().raw(), null),
                "another account's tenant");
    }

    @Test
    void templatesAreVersionedAndTheirPlaceholdersDeclared() {
        Caller c = caller();
        Response undeclared = c.call("POST", "/templates", "{\"name\":\"Blog\",\"contentType\":\"blog\",\"body\":\"About {topic} for {season} in {city}\","
                + "\"variables\":[{\"name\":\"topic\"}]}");
        status(400, undeclared, "placeholders must be declared");
        String why = undeclared.json().path("error").path("details").path("body").asText();
        assertTrue(why.contains("season") && why.contains("city"), undeclared.body());
        Response badName = c.call("POST", "/templates", "{\"name\":\"Blog\",\"contentType\":\"blog\",\"body\":\"About {1topic} and {a-b}\","
                + "\"variables\":[{\"name\":\"1topic\"},{\"name\":\"ok\",\"required\":\"yes\"},{\"name\":\"ok\"}]}");
        status(400, badName, "names");
        JsonNode d = badName.json().path("error").path("details");
        assertTrue(d.has("variables[0].name") && d.has("variables[1].required") && d.has("variables[2].name") && d.has("body"), badName.body());
        status(400, c.call("POST", "/templates", "{\"name\":\"Blog\",\"contentType\":\"tweet\",\"body\":\"x\"}"), "content type");
        status(400, c.call("POST", "/templates", "{\"contentType\":\"blog\"}"), "name and body required");
        status(400, c.call("POST", "/templates", "{\"name\":\"x\",\"contentType\":\"blog\",\"body\":\"x\",\"variables\":\"topic\"}"), "variables");

        JsonNode v1 = c.ok("POST", "/templates", "{\"name\":\"Blog\",\"contentType\":\"blog\",\"body\":\"Write a {length} post about {topic}. { \\\"json\\\": 1 }\","
                + "\"variables\":[{\"name\":\"length\",\"required\":false,\"description\":\"short|medium|long\"},{\"name\":\"topic\"}]}");
        String id = v1.path("id").asText();
        assertTrue(id.startsWith("tpl_"), id);
        assertEquals(1, v1.path("version").asInt());
        assertTrue(v1.path("active").asBoolean());
        JsonNode v2 = c.ok("PUT", "/templates/" + id, "{\"body\":\"A {length} post on {topic}.\"}");
        assertEquals(2, v2.path("version").asInt());
        assertEquals("Blog", v2.path("name").asText());
        JsonNode v3 = c.ok("PUT", "/templates/" + id, "{\"active\":false}");
        assertEquals(3, v3.path("version").asInt());
        status(400, c.call("PUT", "/templates/" + id, "{\"body\":\"{undeclared}\"}"), "an edit is checked too");
        assertEquals(3, c.ok("GET", "/templates/" + id, null).path("version").asInt());
        assertTrue(c.ok("GET", "/templates/" + id + "?version=1", null).path("body").asText().startsWith("Write a {length}"));
        assertEquals("A {length} post on {topic}.", c.ok("GET", "/templates/" + id + "?version=2", null).path("body").asText());
        status(404, c.call("GET", "/templates/" + id + "?version=9", null), "no version 9");
        status(400, c.call("GET", "/templates/" + id + "?version=x", null), "not a number");
        List<Integer> versions = new ArrayList<>();
        c.ok("GET", "/templates/" + id + "/versions", null).path("items").forEach(v -> versions.add(v.path("version").asInt()));
        assertEquals(List.of(3, 2, 1), versions);
        assertEquals(1, c.ok("GET", "/templates", null).path("items").size(), "versions are not listed as templates");

        Caller other = caller();
        status(404, studio.call("GET", "/v1/tenants/" + c.tenantId() + "/templates/" + id, other.key().raw(), null), "another account");
        status(404, other.call("PUT", "/templates/" + id, "{\"active\":true}"), "the id under another tenant");

        status(204, c.call("DELETE", "/templates/" + id, null), "deleted");
        status(404, c.call("GET", "/templates/" + id, null), "gone");
        status(404, c.call("GET", "/templates/" + id + "?version=1", null), "its versions too");
        status(404, c.call("GET", "/templates/" + id + "/versions", null), "its versions too");
        status(404, c.call("PUT", "/templates/" + id, "{\"active\":true}"), "gone");
    }

    /** Malformed bodies and paths on every write route: a 4xx in the error envelope, never a 500. */
    @Test
    void badInputIsA4xxNeverA500() {
        Caller c = caller();
        String tpl = c.ok("POST", "/templates", "{\"name\":\"x\",\"contentType\":\"caption\",\"body\":\"hi\"}").path("id").asText();
        String rule = c.ok("POST", "/seo-rules", "{\"keyword\":\"x\"}").path("id").asText();
        List<String[]> routes = List.of(new String[] {"PUT", "/strategy"}, new String[] {"POST", "/seo-rules"},
                new String[] {"PUT", "/seo-rules/" + rule}, new String[] {"PUT", "/content-preferences/blog"},
                new String[] {"POST", "/templates"}, new String[] {"PUT", "/templates/" + tpl});
        List<String> bodies = List.of("", "null", "[]", "\"x\"", "{", "{\"changeSummary\":{}}", "{\"variables\":[null,1,\"a\"]}",
                "{\"variables\":[{\"name\":{}}]}", "{\"weight\":1e999999}", "{\"weight\":\"0.5\"}", "{\"minWords\":1e40}",
                "{\"body\":{}}", "{\"active\":\"yes\"}", "{\"pillars\":[1,2]}", "{\"contentTypes\":[null]}", "{\"rules\":[\"\"]}");
        for (String[] route : routes) {
            for (String body : bodies) {
                Response r = c.call(route[0], route[1], body);
                assertTrue(r.status() >= 400 && r.status() < 500, route[0] + " " + route[1] + " " + body + " -> " + r.status() + " " + r.body());
                assertTrue(r.json().path("error").path("code").isTextual(), r.body());
            }
        }
    }
}
