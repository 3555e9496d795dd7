package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.instagram.GraphApi;
import com.socialwire.shared.providers.instagram.GraphResult;
import com.socialwire.shared.providers.instagram.HttpGraphApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives the local runtime over real HTTP, as a developer or an agent would. */
class LocalRuntimeE2ETest {

    static LocalRuntime runtime;
    static HttpClient http = HttpClient.newHttpClient();
    static String base;
    static String key;

    @BeforeAll
    static void start() throws Exception {
        runtime = new LocalRuntime(LocalEnvironment.shared(), 0, null);
        base = "http://localhost:" + runtime.port();
        HttpResponse<String> signup = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/signup"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"accountName\":\"E2E Agency\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, signup.statusCode(), signup.body());
        key = Json.tree(signup.body()).path("apiKey").asText();
    }

    @AfterAll
    static void stop() {
        // the shared stores stay up for the other tests in this JVM; only the gateway and workers stop
        runtime.closeKeepingStores();
    }

    static HttpResponse<String> call(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyAuthenticatedResponseCarriesRateLimitHeaders() throws Exception {
        HttpResponse<String> ok = call("GET", "/v1/me", null, true);
        assertEquals(200, ok.statusCode(), ok.body());
        HttpResponse<String> missing = call("GET", "/v1/tenants/tnt_nothingHereAtAll000", null, true);
        assertEquals(404, missing.statusCode());
        for (HttpResponse<String> r : List.of(ok, missing)) {
            assertTrue(r.headers().firstValue("x-ratelimit-limit").isPresent(), r.headers().toString());
            assertTrue(r.headers().firstValue("x-ratelimit-remaining").isPresent());
            assertTrue(r.headers().firstValue("x-ratelimit-reset").isPresent());
        }
    }

    @Test
    void healthIsPublic() throws Exception {
        HttpResponse<String> r = call("GET", "/health", null, false);
        assertEquals(200, r.statusCode());
        JsonNode body = Json.tree(r.body());
        assertEquals("ok", body.path("status").asText());
        assertTrue(r.headers().firstValue("x-request-id").orElse("").startsWith("req_"));
    }

    @Test
    void tenantLifecycleOverHttp() throws Exception {
        String token = new LocalApi(LocalEnvironment.shared(), base, key).igToken(LocalApi.newIgUserId());
        HttpResponse<String> created = call("POST", "/v1/tenants",
                "{\"name\":\"E2E Brand\",\"igAccessToken\":\"" + token + "\",\"timezone\":\"America/New_York\"}", true);
        assertEquals(201, created.statusCode(), created.body());
        String id = Json.tree(created.body()).path("id").asText();
        assertTrue(id.startsWith("tnt_"));

        List<String> bodies = new ArrayList<>();
        bodies.add(created.body());
        HttpResponse<String> got = call("GET", "/v1/tenants/" + id, null, true);
        assertEquals(200, got.statusCode());
        bodies.add(got.body());
        HttpResponse<String> patched = call("PATCH", "/v1/tenants/" + id, "{\"name\":\"E2E Brand Renamed\"}", true);
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals("E2E Brand Renamed", Json.tree(patched.body()).path("name").asText());
        bodies.add(patched.body());

        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            HttpResponse<String> page = call("GET", "/v1/tenants?limit=1" + (cursor == null ? "" : "&cursor=" + cursor), null, true);
            assertEquals(200, page.statusCode(), page.body());
            bodies.add(page.body());
            JsonNode p = Json.tree(page.body());
            p.path("items").forEach(i -> ids.add(i.path("id").asText()));
            cursor = p.path("nextCursor").isNull() ? null : p.path("nextCursor").asText();
        } while (cursor != null);
        assertTrue(ids.contains(id));

        HttpResponse<String> deleted = call("DELETE", "/v1/tenants/" + id, null, true);
        assertEquals(200, deleted.statusCode());
        assertEquals("inactive", Json.tree(deleted.body()).path("status").asText());
        bodies.add(deleted.body());
        bodies.forEach(b -> assertFalse(b.contains(token), "token leaked in a response"));
    }

    @Test
    void errorsAreEnvelopesNeverStackTraces() throws Exception {
        record Case(String method, String path, String body, boolean auth, int status, String code) {
        }
        for (Case c : List.of(
                new Case("POST", "/v1/tenants", "{not json", true, 400, "VALIDATION_ERROR"),
                new Case("POST", "/v1/tenants", "{\"name\":[]}", true, 400, "VALIDATION_ERROR"),
                new Case("POST", "/v1/tenants", "{}", true, 400, "VALIDATION_ERROR"),
                new Case("GET", "/v1/tenants/tnt_unknownunknownunknown", null, true, 404, "NOT_FOUND"),
                new Case("PUT", "/v1/tenants", "{}", true, 405, "METHOD_NOT_ALLOWED"),
                new Case("GET", "/v1/tenants", null, false, 401, "UNAUTHORIZED"),
                new Case("GET", "/no/such/route", null, false, 404, "NOT_FOUND"))) {
            HttpResponse<String> r = call(c.method(), c.path(), c.body(), c.auth());
            assertEquals(c.status(), r.statusCode(), c + " -> " + r.body());
            JsonNode error = Json.tree(r.body()).path("error");
            assertEquals(c.code(), error.path("code").asText(), r.body());
            assertTrue(error.path("requestId").asText().startsWith("req_"));
            assertFalse(r.body().contains("Exception"), r.body());
        }
    }

    @Test
    void everyEventFixtureInvokesItsFunctionWithoutA5xx() throws Exception {
        Path events = com.socialwire.local.stores.Template.locate().getParent().resolve("events");
        assertTrue(Files.isDirectory(events), "events/ missing at " + events);
        Set<String> covered = new HashSet<>();
        try (var files = Files.list(events)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode event = Json.tree(Files.readString(f));
                String function = runtime.functionFor(event);
                covered.add(function);
                JsonNode out = Json.tree(runtime.invoke(function, Files.readAllBytes(f)));
                if (out.has("statusCode")) {
                    assertTrue(out.path("statusCode").asInt() < 500, f + " -> " + out);
                }
            }
        }
        for (var fn : runtime.environment().template().functions()) {
            assertTrue(covered.contains(fn.logicalId()), "no events/ fixture for " + fn.logicalId());
        }
    }

    @Test
    void theRealGraphClientPublishesThroughTheSandbox() throws Exception {
        String ig = LocalApi.newIgUserId();
        String token = new LocalApi(LocalEnvironment.shared(), base, key).igToken(ig);
        GraphApi graph = new HttpGraphApi(base + "/_local/graph", Duration.ofMillis(700));

        String container = ok(graph.createContainer(token, ig, GraphApi.ContainerSpec.image("https://media.example.com/e2e.jpg", "From the e2e")));
        assertTrue(ok(graph.containerStatus(token, container)).finished());
        String mediaId = ok(graph.publishContainer(token, ig, container));
        assertTrue(ok(graph.containerStatus(token, container)).published());
        String permalink = ok(graph.permalink(token, mediaId));
        assertTrue(permalink.startsWith("https://www.instagram.com/p/"), permalink);
        List<GraphApi.PublishedMedia> recent = ok(graph.recentMedia(token, ig, 5));
        assertEquals(1, recent.size());
        assertEquals(mediaId, recent.get(0).id());
        assertEquals("From the e2e", recent.get(0).caption());
        assertEquals(permalink, recent.get(0).permalink());
        assertInstanceOf(GraphResult.Rejected.class, graph.publishContainer(token, ig, container)); // never twice

        // the answer is lost after the publish took effect: Unknown, and the container tells the truth
        String second = ok(graph.createContainer(token, ig, GraphApi.ContainerSpec.image("https://media.example.com/e2e2.jpg", "Late")));
        assertEquals(200, call("POST", "/_local/graph/_faults",
                "{\"pathContains\":\"/" + ig + "/media_publish\",\"applyFirst\":true,\"delayMs\":2000,\"times\":1}", false).statusCode());
        assertInstanceOf(GraphResult.Unknown.class, graph.publishContainer(token, ig, second));
        assertTrue(ok(graph.containerStatus(token, second)).published());

        HttpResponse<String> quota = call("POST", "/_local/graph/_quota", "{\"igUserId\":\"" + ig + "\",\"quotaTotal\":2}", false);
        assertEquals(200, quota.statusCode(), quota.body());
        assertEquals(new GraphApi.PublishingLimit(2, 2, 86400), ok(graph.publishingLimit(token, ig)));
        String third = ok(graph.createContainer(token, ig, GraphApi.ContainerSpec.image("https://media.example.com/e2e3.jpg", "Over")));
        GraphResult.Rejected<String> limited = assertInstanceOf(GraphResult.Rejected.class, graph.publishContainer(token, ig, third));
        assertEquals(9, limited.code());
        assertEquals(400, call("POST", "/_local/graph/_quota", "{\"quotaTotal\":2}", false).statusCode());
    }

    private static <T> T ok(GraphResult<T> r) {
        GraphResult.Ok<T> ok = assertInstanceOf(GraphResult.Ok.class, r, String.valueOf(r));
        return ok.value();
    }

    /** A request written byte for byte, as a client that does not check its URL would send it; answers status line and body. */
    static String[] raw(String requestLine) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", runtime.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int split = answer.indexOf("\r\n\r\n");
            return new String[]{answer.substring(0, answer.indexOf("\r\n")), answer.substring(split + 4), answer.substring(0, split)};
        }
    }

    @Test
    void aMalformedRequestGetsTheErrorEnvelopeNotTheServersHtmlPage() throws Exception {
        for (String line : List.of("GET /v1/tenants?cursor=%%% HTTP/1.1", "GET /v1/tenants/%zz HTTP/1.1", "GET /v1/tenants/{id} HTTP/1.1",
                "GET /v1/tenants?limit=1|2 HTTP/1.1", "GET /v1/ten ants HTTP/1.1", "GET /v1/tenants/%ff%fe HTTP/1.1",
                "GET /v1/tenants?cursor=%ff HTTP/1.1", "GET /v1/tenants/tnt_%00 HTTP/1.1")) {
            String[] answer = raw(line);
            int status = Integer.parseInt(answer[0].split(" ")[1]);
            assertTrue(status >= 400 && status < 500, line + " -> " + answer[0] + "\n" + answer[1]);
            JsonNode error = Json.tree(answer[1]).path("error");
            assertTrue(error.path("code").isTextual(), line + " -> " + answer[1]);
            assertTrue(error.path("requestId").asText().startsWith("req_"), line + " -> " + answer[1]);
            assertFalse(answer[1].contains("<h1>"), answer[1]);
            assertTrue(answer[2].toLowerCase().contains("content-type: application/json"), answer[2]);
        }
        String[] percent = raw("GET /v1/tenants?cursor=%%% HTTP/1.1");
        assertTrue(percent[0].contains(" 400 "), percent[0]);
        assertEquals("VALIDATION_ERROR", Json.tree(percent[1]).path("error").path("code").asText());
        assertEquals(200, call("GET", "/v1/tenants?limit=1", null, true).statusCode(), "well-formed requests still pass");
    }

    @Test
    void theApiListensOnLoopbackUnlessToldOtherwise() throws Exception {
        java.net.InetAddress external = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(n -> java.util.Collections.list(n.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(external != null, "this machine has no non-loopback IPv4 address");
        try (java.net.Socket s = new java.net.Socket()) {
            assertThrows(java.io.IOException.class, () -> s.connect(new java.net.InetSocketAddress(external, runtime.port()), 2000),
                    "reachable on " + external + " although no --host was given");
        }
        HttpGateway open = new HttpGateway(new FunctionHost(LocalEnvironment.shared()), null);
        open.start("0.0.0.0", 0);
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(external, open.port()), 2000); // --host 0.0.0.0 opens it
        } finally {
            open.stop();
        }
    }
}
