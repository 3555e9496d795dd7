package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.HttpApiEvents;
import com.socialwire.local.stores.Template;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.http.Route;
import com.socialwire.shared.security.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input gets a clear error, never a 500: every route of every function, with the caller's
 * own real ids in the path (so the body is really read), gets malformed and randomly generated
 * bodies — not JSON, the wrong JSON type, wrong field types, nulls, unknown fields, deep nesting,
 * huge strings, odd content types. Every answer must be below 500 and, when an error, in the one
 * envelope. A small seeded property harness (replay with -Dbadinput.seed=N).
 */
class BadInputIT {

    static final long SEED = Long.getLong("badinput.seed", System.nanoTime());
    static Fixtures fx;
    static Fixtures.Account a;
    static Map<String, String> ids;
    static final Pattern PARAM = Pattern.compile("\\{([^}+]+)\\+?}");

    static final List<String> FIXED = List.of("", "not json", "[]", "null", "42", "\"text\"", "{", "{\"a\":",
            "{\"content\":123,\"platforms\":\"instagram\"}", "{\"text\":null,\"reason\":null,\"scheduledFor\":\"yesterday\"}",
            "{\"name\":{\"nested\":[1,2,{}]},\"settings\":[],\"media\":{},\"microCredits\":-1e309}",
            "{\"" + "k".repeat(300) + "\":\"" + "v".repeat(200_000) + "\"}");

    @BeforeAll
    static void setUp() {
        System.out.println("BadInputIT seed " + SEED + " (replay with -Dbadinput.seed=" + SEED + ")");
        fx = new Fixtures();
        a = fx.signup("Bad Input Agency");
        String tenant = fx.tenant(a, "Bad input brand");
        FunctionClient posts = new FunctionClient(fx.env, "PostsFunction");
        String post = posts.call("POST", "/v1/tenants/" + tenant + "/posts", a.adminKey(),
                "{\"content\":\"fixture\",\"platforms\":[\"linkedin\"]}").json().path("id").asText();
        String comment = posts.call("POST", "/v1/tenants/" + tenant + "/posts/" + post + "/comments", a.adminKey(),
                "{\"text\":\"fixture\"}").json().path("id").asText();
        String media = new FunctionClient(fx.env, "MediaFunction").call("POST", "/v1/tenants/" + tenant + "/media", a.adminKey(),
                "{\"url\":\"https://cdn.example.com/a.jpg\",\"type\":\"image\"}").json().path("id").asText();
        ids = Map.of("tenantId", tenant, "postId", post, "commentId", comment, "mediaId", media,
                "itemId", RouteRegistryIsolationIT.class.getSimpleName().isEmpty() ? "" : "inb_doesNotExist00000000",
                "keyId", a.adminKeyId(), "accountId", a.id(), "campaignId", "campaign-x", "platform", "instagram");
    }

    static String path(Route r) {
        Matcher m = PARAM.matcher(r.template());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, ids.getOrDefault(m.group(1), "x_unknown"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A random JSON value: the shapes a confused client or an agent's bad guess produces. */
    static String randomJson(Random rnd, int depth) {
        int kind = rnd.nextInt(depth > 2 ? 5 : 8);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> Integer.toString(rnd.nextInt(2_000_001) - 1_000_000);
            case 2 -> rnd.nextBoolean() ? "true" : "false";
            case 3 -> Json.write(randomString(rnd));
            case 4 -> Double.toString(rnd.nextGaussian() * 1e12);
            case 5, 6 -> {
                StringBuilder o = new StringBuilder("{");
                int n = rnd.nextInt(5);
                List<String> names = List.of("content", "platforms", "text", "reason", "name", "settings", "scheduledFor", "media",
                        "mimeType", "sizeBytes", "filename", "url", "type", "status", "anchor", "calendar", "cadence", "posts", "role",
                        "tenantIds", "microCredits", "action", "igUserId", "noGoTopics", "hashtags", "dryRun", "zzz");
                for (int i = 0; i < n; i++) {
                    o.append(i == 0 ? "" : ",").append(Json.write(names.get(rnd.nextInt(names.size())))).append(':').append(randomJson(rnd, depth + 1));
                }
                yield o.append('}').toString();
            }
            default -> {
                StringBuilder arr = new StringBuilder("[");
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    arr.append(i == 0 ? "" : ",").append(randomJson(rnd, depth + 1));
                }
                yield arr.append(']').toString();
            }
        };
    }

    static String randomString(Random rnd) {
        String[] pool = {"", " ", "instagram", "x", "2026-13-45T99:99:99Z", "2099-01-01T00:00:00Z", "med_", "image/png", "../../etc/passwd",
                "💥", "\u0000", "a".repeat(rnd.nextInt(3000)), "<script>", "%s%s%n", "1e999"};
        return pool[rnd.nextInt(pool.length)];
    }

    /**
     * A route a person's browser lands on, whose errors are a small HTML page, not the JSON envelope: the OAuth callback
     * and the client review portal's page, previews and forms.
     */
    static boolean pageRoute(Route r) {
        return r.template().startsWith("/oauth/") || r.template().startsWith("/review/");
    }

    static void assertPage(String what, Response resp) {
        assertTrue(resp.body().toLowerCase(java.util.Locale.ROOT).contains("<html"), what + " -> no error page: " + resp.body());
        assertFalse(resp.body().contains("Exception") || resp.body().contains("at com."), what + " leaked internals: " + resp.body());
    }

    @TestFactory
    List<DynamicTest> everyRouteAnswersBadBodiesWithAClearErrorNeverA500() {
        List<DynamicTest> tests = new ArrayList<>();
        Random rnd = new Random(SEED);
        for (Template.FunctionDef fn : fx.env.template().functions()) {
            FunctionClient client = new FunctionClient(fx.env, fn.logicalId());
            if (!(client.handler() instanceof HttpFunction http)) {
                continue;
            }
            for (Route r : http.api().routes()) {
                if (r.method().equals("GET") || r.method().equals("DELETE")) {
                    continue;
                }
                List<String> bodies = new ArrayList<>(FIXED);
                for (int i = 0; i < 6; i++) {
                    bodies.add(randomJson(rnd, 0));
                }
                boolean perIp = r.template().equals("/v1/signup");
                // each route gets its own admin key: the per-key limits (AI routes 20/min) must not hide the body check
                String key = r.access().ownerOnly() ? fx.env.ownerKey() : TestKeys.create(fx.env, a.id(), Role.ADMIN, Set.of()).raw();
                List<String> sent = perIp ? bodies.subList(0, 4) : bodies;
                tests.add(DynamicTest.dynamicTest(fn.logicalId() + " " + r.key(), () -> {
                    for (int i = 0; i < sent.size(); i++) {
                        String body = sent.get(i);
                        String type = i % 5 == 4 ? "text/plain" : i % 7 == 6 ? "multipart/form-data; boundary=zz" : "application/json";
                        Response resp = client.send(HttpApiEvents.event(r.method(), path(r), "", Map.of("authorization", List.of("Bearer " + key),
                                "content-type", List.of(type)), body.getBytes(StandardCharsets.UTF_8), r.method() + " " + r.template(), Map.of(),
                                "10.9." + (i % 200) + "." + (1 + rnd.nextInt(200))));
                        String what = r.key() + " with " + type + " body " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
                        assertTrue(resp.status() < 500, what + " -> " + resp.status() + " " + resp.body());
                        if (resp.status() >= 400 && pageRoute(r)) {
                            assertPage(what, resp);
                        } else if (resp.status() >= 400) {
                            JsonNode err = resp.json().path("error");
                            assertFalse(err.path("code").asText().isEmpty(), what + " -> no error envelope: " + resp.body());
                            assertFalse(err.path("message").asText().isEmpty(), what);
                            assertTrue(err.path("requestId").asText().startsWith("req_"), what);
                            assertFalse(resp.body().contains("Exception") || resp.body().contains("at com."), what + " leaked internals: " + resp.body());
                        }
                    }
                }));
            }
        }
        assertFalse(tests.isEmpty());
        assertEquals(tests.size(), tests.stream().map(DynamicTest::getDisplayName).distinct().count());
        return tests;
    }

    /** Issue 11 medium 8: 40 digits or 1e-150 answered 500 and 1e-999999999 allocated about 1 GB. */
    @org.junit.jupiter.api.Test
    void unboundedDecimalsInSettingsAndTopUpsAre422NotA500() {
        FunctionClient billing = new FunctionClient(fx.env, "BillingFunction");
        for (String number : List.of("0.1234567890123456789012345678901234567890", "1e-150", "1234567890123456789012345678901234567890",
                "1e-999999999", "1e999999999", "0.0000001")) {
            Response patched = fx.tenants.call("PATCH", "/v1/tenants/" + ids.get("tenantId"), a.adminKey(),
                    "{\"settings\":{\"dailyLlmBudgetUsd\":" + number + "}}");
            assertEquals(422, patched.status(), number + " -> " + patched.body());
            assertEquals("VALIDATION_ERROR", patched.json().path("error").path("code").asText(), patched.body());
            assertTrue(patched.json().path("error").path("details").has("settings.dailyLlmBudgetUsd"), patched.body());
            Response topUp = billing.call("POST", "/v1/topups/checkout", a.adminKey(), "{\"microCredits\":" + number + "}");
            assertTrue(topUp.status() == 422 || topUp.status() == 400, number + " -> " + topUp.body());
        }
        Response ok = fx.tenants.call("PATCH", "/v1/tenants/" + ids.get("tenantId"), a.adminKey(), "{\"settings\":{\"dailyLlmBudgetUsd\":12.25}}");
        assertEquals(200, ok.status(), ok.body());
    }

    static final List<String> QUERIES = List.of("limit=0", "limit=101", "limit=abc", "limit=-1", "cursor=!!!", "cursor=eyJQSyI6MX0",
            "cursor=eyJQSyI6IlRFTkFOVCN4IiwiU0siOiJQT1NUI3kiLCJHU0kxUEsiOiJ6IiwiR1NJMVNLIjoieiIsIkdTSTJQSyI6InoifQ",
            "from=yesterday&to=tomorrow", "status=bogus&platform=bogus&type=bogus", "date=2026-99-99", "deliveryMode=zzz&label=%00",
            "campaignId=" + "c".repeat(500), "view=zzz&status=published");

    @TestFactory
    List<DynamicTest> everyReadAnswersBadQueriesWithAClearErrorNeverA500() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Template.FunctionDef fn : fx.env.template().functions()) {
            FunctionClient client = new FunctionClient(fx.env, fn.logicalId());
            if (!(client.handler() instanceof HttpFunction http)) {
                continue;
            }
            for (Route r : http.api().routes()) {
                if (!r.method().equals("GET")) {
                    continue;
                }
                String key = r.access().ownerOnly() ? fx.env.ownerKey() : TestKeys.create(fx.env, a.id(), Role.ADMIN, Set.of()).raw();
                tests.add(DynamicTest.dynamicTest(fn.logicalId() + " " + r.key(), () -> {
                    for (String q : QUERIES) {
                        Response resp = client.send(HttpApiEvents.event("GET", path(r), q, Map.of("authorization", List.of("Bearer " + key)),
                                null, "GET " + r.template(), Map.of(), "10.8.0.1"));
                        String what = r.key() + "?" + (q.length() > 120 ? q.substring(0, 120) + "…" : q);
                        assertTrue(resp.status() < 500, what + " -> " + resp.status() + " " + resp.body());
                        if (resp.status() >= 400 && pageRoute(r)) {
                            assertPage(what, resp);
                        } else if (resp.status() >= 400) {
                            assertFalse(resp.json().path("error").path("code").asText().isEmpty(), what + " -> no error envelope: " + resp.body());
                        }
                    }
                }));
            }
        }
        assertFalse(tests.isEmpty());
        return tests;
    }
}
