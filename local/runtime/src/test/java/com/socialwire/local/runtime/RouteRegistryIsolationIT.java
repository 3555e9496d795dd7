package com.socialwire.local.runtime;

import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.http.Route;
import com.socialwire.shared.security.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Tenant isolation and authorisation for every route of every function, generated from the
 * route registries (each HTTP function's {@code api().routes()}): a new route is covered the day
 * it is added, and one whose path parameter has no fixture here fails until someone adds one.
 */
class RouteRegistryIsolationIT {

    /** The only routes that may be reached without a key. */
    static final Set<String> PUBLIC_ROUTES = Set.of("GET /health", "POST /v1/signup", "GET /webhooks/meta", "POST /webhooks/meta",
            "POST /webhooks/stripe", "GET /oauth/{platform}/callback",
            // the client review page: its token is the credential (ReviewFunction checks it, and CSRF on its forms)
            "GET /review/{token}", "GET /review/{token}/media/{mediaId}", "POST /review/{token}/posts/{postId}/{action}",
            "POST /review/{token}/campaigns/{campaignId}/approve");

    static Fixtures fx;
    static Fixtures.Account a;
    static Fixtures.Account b;
    static String tenantA;
    static String tenantA2;
    static String tenantB;
    static String keyIdA;
    static String itemIdA;
    static String postIdA;
    static String commentIdA;
    static String mediaIdA;
    static Map<String, String> keysOfA = new LinkedHashMap<>();
    static Map<String, String> revokedAndExpired = new LinkedHashMap<>();

    record FunctionRoute(String function, FunctionClient client, Route route) {
        String name() {
            return function + " " + route.key();
        }
    }

    static List<FunctionRoute> routes = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        fx = new Fixtures();
        a = fx.signup("Agency A");
        b = fx.signup("Agency B");
        tenantA = fx.tenant(a, "A brand one");
        tenantA2 = fx.tenant(a, "A brand two");
        tenantB = fx.tenant(b, "B brand");
        keyIdA = fx.key(a, "read", null, null)[0];
        itemIdA = anInboxItem(tenantA);
        postIdA = aPost(tenantA);
        commentIdA = aComment(tenantA, postIdA);
        mediaIdA = aMediaItem(tenantA);
        keysOfA.put("read", fx.key(a, "read", null, null)[1]);
        keysOfA.put("write", fx.key(a, "write", null, null)[1]);
        keysOfA.put("client", fx.key(a, "client", "[\"" + tenantA + "\"]", null)[1]);
        String[] revoked = fx.key(a, "admin", null, null);
        assertEquals(200, fx.accounts.call("DELETE", "/v1/keys/" + revoked[0], a.adminKey(), null).status());
        revokedAndExpired.put("revoked", revoked[1]);
        String[] expiring = fx.key(a, "admin", null, Instant.now().plusSeconds(2).toString());
        revokedAndExpired.put("expiring", expiring[1]);
        for (Template.FunctionDef fn : fx.env.template().functions()) {
            FunctionClient client = new FunctionClient(fx.env, fn.logicalId());
            if (client.handler() instanceof HttpFunction http) {
                for (Route r : http.api().routes()) {
                    routes.add(new FunctionRoute(fn.logicalId(), client, r));
                }
            }
        }
    }

    /** B's admin keys, a new one for every 50 routes: one key's 60 requests a minute no longer reach every route. */
    static final List<String> keysOfB = new ArrayList<>();

    static synchronized String keyOfB(int routeIndex) {
        while (keysOfB.size() <= routeIndex / 50) {
            keysOfB.add(fx.key(b, "admin", null, null)[1]);
        }
        return keysOfB.get(routeIndex / 50);
    }

    static final Pattern PARAM = Pattern.compile("\\{([^}+]+)\\+?}");

    /** The route's path with every parameter filled with account A's resource (or fails: add a fixture). */
    static String pathOfA(Route r, String tenantId) {
        Matcher m = PARAM.matcher(r.template());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "tenantId" -> tenantId;
                case "keyId" -> keyIdA;
                case "accountId" -> a.id();
                case "itemId" -> itemIdA;
                case "postId" -> postIdA;
                case "commentId" -> commentIdA;
                case "campaignId" -> "campaign-a";
                case "platform" -> "instagram";
                case "personId" -> "1"; // the author of A's inbox item (anInboxItem): a person of A's tenant only
                case "mediaId" -> mediaIdA;
                case "nonce" -> "pnd_" + "A".repeat(32); // a pending selection: another key's nonce reads as none
                case "version" -> "1"; // a strategy version: the tenant decides who reaches it
                case "ruleId" -> "seo_" + "A".repeat(20);
                case "contentType" -> "blog";
                case "templateId" -> "tpl_" + "A".repeat(20);
                case "jobId" -> "job_" + "A".repeat(20); // a content job: looked up under the path's tenant only
                case "feedId" -> "feed_" + "A".repeat(20); // an RSS feed: likewise
                case "reportId" -> "rpt_daily_20260301"; // a report (its type and period): likewise
                case "linkId" -> "rvl_" + "A".repeat(20); // a review link: looked up under the path's tenant only
                default -> {
                    fail("no isolation fixture for path parameter {" + m.group(1) + "} of " + r.key() + ": add one to this test");
                    yield null;
                }
            };
            m.appendReplacement(out, value);
        }
        m.appendTail(out);
        return out.toString();
    }

    /** An inbox item of A's tenant, as the comment worker would have recorded it. */
    static String anInboxItem(String tenantId) {
        var config = fx.env.functionConfig("InboxFunction");
        var store = new com.socialwire.engagement.store.InboxStore(new com.socialwire.shared.store.Table(
                new com.socialwire.shared.aws.AwsClients(config).dynamoDb(), config.require("TABLE_NAME")));
        String id = com.socialwire.engagement.store.InboxStore.idFor(tenantId, "comment", "17800000000000001");
        Instant now = Instant.now();
        store.createIfAbsent(new com.socialwire.engagement.model.InboxItem(id, tenantId, "instagram", "comment", "17800000000000001",
                new com.socialwire.engagement.model.InboxItem.Person("1", "someone"), "hello", null, "new", "normal", "neutral",
                "none", null, List.of(), null, now, now, now, 1));
        return id;
    }

    /** A draft post of A's tenant, created through the posts function. */
    static String aPost(String tenantId) {
        Response r = new FunctionClient(fx.env, "PostsFunction").call("POST", "/v1/tenants/" + tenantId + "/posts", a.adminKey(),
                "{\"content\":\"Isolation fixture post\",\"platforms\":[\"twitter\"]}");
        assertEquals(201, r.status(), r.body());
        return com.socialwire.shared.Json.tree(r.body()).path("id").asText();
    }

    static String aComment(String tenantId, String postId) {
        Response r = new FunctionClient(fx.env, "PostsFunction").call("POST", "/v1/tenants/" + tenantId + "/posts/" + postId + "/comments", a.adminKey(),
                "{\"text\":\"Isolation fixture comment\"}");
        assertEquals(201, r.status(), r.body());
        return com.socialwire.shared.Json.tree(r.body()).path("id").asText();
    }

    /** A media item of A's tenant (a registered URL: no upload needed). */
    static String aMediaItem(String tenantId) {
        Response r = new FunctionClient(fx.env, "MediaFunction").call("POST", "/v1/tenants/" + tenantId + "/media", a.adminKey(),
                "{\"url\":\"https://cdn.example.com/a.jpg\",\"type\":\"image\"}");
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    static String bodyFor(Route r) {
        return r.method().equals("GET") || r.method().equals("DELETE") ? null : "{}";
    }

    @Test
    void onlyAllowListedRoutesArePublic() {
        assertFalse(routes.isEmpty());
        for (FunctionRoute fr : routes) {
            if (fr.route().access().isPublic()) {
                assertTrue(PUBLIC_ROUTES.contains(fr.route().key()), fr.name() + " is public but not on the allow-list");
            }
        }
    }

    @TestFactory
    List<DynamicTest> anotherAccountsKeyNeverSeesAccountAsData() {
        List<DynamicTest> tests = new ArrayList<>();
        for (FunctionRoute fr : routes) {
            Route r = fr.route();
            if (r.access().isPublic() || r.access().ownerOnly()) {
                continue;
            }
            int index = tests.size();
            tests.add(DynamicTest.dynamicTest(fr.name(), () -> {
                String path = pathOfA(r, tenantA);
                Response resp = fr.client().call(r.method(), path, keyOfB(index), bodyFor(r));
                if (PARAM.matcher(r.template()).find() && !r.template().startsWith("/v1/platforms")) { // platforms are public reference data
                    assertEquals(404, resp.status(), fr.name() + " with B's key on A's ids -> " + resp.body());
                } else {
                    assertTrue(resp.status() != 500, resp.body());
                }
                for (String secret : List.of(tenantA, tenantA2, keyIdA, itemIdA, postIdA, commentIdA, mediaIdA, a.id())) {
                    if (!path.contains(secret)) { // echoing the id the caller sent is not a leak
                        assertFalse(resp.body().contains(secret), fr.name() + " leaked A's " + secret + ": " + resp.body());
                    }
                }
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> aClientKeyReachesOnlyItsTenants() {
        List<DynamicTest> tests = new ArrayList<>();
        for (FunctionRoute fr : routes) {
            Route r = fr.route();
            if (!r.template().contains("{tenantId}") || !r.access().roles().contains(Role.CLIENT)) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(fr.name(), () -> {
                Response resp = fr.client().call(r.method(), pathOfA(r, tenantA2), keysOfA.get("client"), bodyFor(r));
                assertEquals(404, resp.status(), "client key for " + tenantA + " on " + tenantA2 + " -> " + resp.body());
            }));
        }
        Response list = fx.tenants.call("GET", "/v1/tenants", keysOfA.get("client"), null);
        tests.add(DynamicTest.dynamicTest("client key lists only its tenants", () -> {
            assertEquals(200, list.status());
            assertTrue(list.body().contains(tenantA));
            assertFalse(list.body().contains(tenantA2));
        }));
        return tests;
    }

    @TestFactory
    List<DynamicTest> rolesThatMayNotActGet403() {
        List<DynamicTest> tests = new ArrayList<>();
        for (FunctionRoute fr : routes) {
            Route r = fr.route();
            if (r.access().isPublic()) {
                continue;
            }
            for (String role : List.of("read", "write", "client")) {
                if (r.access().roles().contains(Role.parse(role))) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(role + " key on " + fr.name(), () -> {
                    Response resp = fr.client().call(r.method(), pathOfA(r, tenantA), keysOfA.get(role), bodyFor(r));
                    assertEquals(403, resp.status(), resp.body());
                    assertEquals("FORBIDDEN", resp.json().path("error").path("code").asText());
                }));
            }
            if (!r.access().ownerOnly()) {
                tests.add(DynamicTest.dynamicTest("owner key on " + fr.name(), () -> {
                    Response resp = fr.client().call(r.method(), pathOfA(r, tenantA), fx.env.ownerKey(), bodyFor(r));
                    assertEquals(403, resp.status(), "the owner key has no account: " + resp.body());
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> missingBadRevokedAndExpiredKeysGet401() throws InterruptedException {
        Thread.sleep(Math.max(0, 2100)); // let the expiring key expire
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        cases.put("no key", Map.of());
        cases.put("not bearer", Map.of("authorization", "Basic " + a.adminKey()));
        cases.put("malformed", Map.of("authorization", "Bearer sw_live_short"));
        cases.put("unknown", Map.of("authorization", "Bearer sw_test_" + "A".repeat(32)));
        cases.put("revoked", Map.of("authorization", "Bearer " + revokedAndExpired.get("revoked")));
        cases.put("expired", Map.of("authorization", "Bearer " + revokedAndExpired.get("expiring")));
        List<DynamicTest> tests = new ArrayList<>();
        for (FunctionRoute fr : routes) {
            Route r = fr.route();
            if (r.access().isPublic()) {
                continue;
            }
            cases.forEach((name, headers) -> {
                // each from its own address: failed authentications are rate limited per source address
                String ip = "10.77." + (tests.size() / 250) + "." + (1 + tests.size() % 250);
                tests.add(DynamicTest.dynamicTest(name + " on " + fr.name(), () -> {
                    var event = com.socialwire.local.stores.HttpApiEvents.event(r.method(), pathOfA(r, tenantA), headers, bodyFor(r));
                    ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("requestContext").path("http")).put("sourceIp", ip);
                    Response resp = fr.client().send(event);
                    assertEquals(401, resp.status(), resp.body());
                    assertEquals("UNAUTHORIZED", resp.json().path("error").path("code").asText());
                }));
            });
        }
        return tests;
    }
}
