package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.runtime.sandbox.PlatformSandbox;
import com.socialwire.local.runtime.sandbox.SandboxHost;
import com.socialwire.local.runtime.sandbox.SandboxRequest;
import com.socialwire.local.runtime.sandbox.SandboxResponse;
import com.socialwire.local.runtime.sandbox.Sandboxes;
import com.socialwire.local.stores.HttpApiEvents;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.http.PathTemplate;
import com.socialwire.shared.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local API Gateway: serves every {@code HttpApi} route of template.yaml, turns each request
 * into a payload-2.0 event, invokes the function the template names and turns its answer back
 * into HTTP. Routes are chosen as API Gateway chooses them: the most specific path wins, a
 * method route beats {@code ANY}, and {@code $default} catches the rest. Paths under
 * {@code /_local/} are the runtime's own tools (routes, firing schedules).
 */
final class HttpGateway {

    /** API Gateway HTTP API's request payload limit. */
    private static final int MAX_BODY = 10 * 1024 * 1024;

    /** One HttpApi event of template.yaml; a null path is the {@code $default} route. */
    record RouteDef(String function, String method, PathTemplate path) {
        static RouteDef of(String function, String method, String path) {
            return new RouteDef(function, method, path == null ? null : PathTemplate.of(path));
        }

        boolean isDefault() {
            return path == null;
        }

        /** Path parameters if the request fits this route, else null. */
        Map<String, String> match(String requestPath) {
            return isDefault() ? Map.of() : path.match(requestPath);
        }

        /** API Gateway's priority: the path's specificity, then a method route before ANY, $default last. */
        int rank() {
            return isDefault() ? Integer.MAX_VALUE : path.rank() * 2 + ("ANY".equals(method) ? 1 : 0);
        }

        String routeKey() {
            return isDefault() ? "$default" : method + " " + path.template();
        }
    }

    /** What the gateway invokes: template.yaml's functions ({@link FunctionHost}), or a test's stand-in. */
    interface Functions {
        Template template();

        /** Invokes {@code logicalId} with a payload-2.0 event; answers its response event. */
        byte[] invoke(String logicalId, byte[] event);
    }

    private final Functions host;
    private final Scheduler scheduler;
    private final GraphSandbox graph = new GraphSandbox();
    /** The platform sandboxes by path segment ({@code /_local/x/…}). */
    private final Map<String, SandboxHost> sandboxes = new LinkedHashMap<>();
    private StripeSandbox stripe;
    private final List<RouteDef> routes = new ArrayList<>();
    private final Map<String, String> localTools = new LinkedHashMap<>();
    private HttpServer server;
    private RequestGuard guard;
    private ExecutorService pool;

    HttpGateway(Functions host, Scheduler scheduler) {
        this.host = host;
        this.scheduler = scheduler;
        for (Template.FunctionDef fn : host.template().functions()) {
            for (Template.EventDef e : fn.events()) {
                if (e instanceof Template.HttpApiEvent h) {
                    routes.add(RouteDef.of(fn.logicalId(), h.method(), h.path()));
                }
            }
        }
        routes.sort(Comparator.comparingInt(RouteDef::rank));
        localTools.put("GET /_local/routes", "every route and the function it invokes");
        localTools.put("GET /_local/schedules", "every schedule, its expression and next firing");
        localTools.put("POST /_local/schedules/{function}/{event}", "fires one schedule now");
        localTools.put("GET /_local/outbox", "every call the local Graph API sandbox received (DELETE clears it)");
        localTools.put("ANY /_local/graph/...", "the local Instagram Graph API sandbox the functions call");
        localTools.put("ANY /_local/stripe/...", "the local Stripe sandbox (Checkout Sessions); GET /_local/stripe/checkout/{id} pays one");
        localTools.put("GET /_local/stripe/outbox", "what the Stripe sandbox received and sent");
        localTools.put("POST /_local/graph/_faults", "queues a Graph API fault: {pathContains, status, times, error, delayMs, applyFirst}");
        localTools.put("POST /_local/graph/_quota", "sets an account's publishing quota: {igUserId, quotaTotal, quotaUsage}");
        localTools.put("POST /_local/graph/_tokens", "issues a sandbox Instagram token for an account: {igUserId, username?} -> {accessToken}");
        for (PlatformSandbox p : Sandboxes.all()) {
            sandboxes.put(p.name(), new SandboxHost(p));
            localTools.put("ANY /_local/" + p.name() + "/...", "the local " + p.label() + " API sandbox (OAuth consent, tokens, publishing)");
            localTools.put("GET /_local/" + p.name() + "/_outbox", "every call the " + p.label() + " sandbox received (DELETE clears it)");
            localTools.put("POST /_local/" + p.name() + "/_faults", "queues a " + p.label()
                    + " sandbox fault: {pathContains, method?, status?, body?, times?, delayMs?, applyFirst?}");
            localTools.put("POST /_local/" + p.name() + "/_revoke", "revokes a " + p.label() + " sandbox person's tokens: {userId?}");
        }
        // Instagram Login's short-lived tokens are exchanged for long-lived ones on the Graph API (ig_exchange_token)
        SandboxHost instagram = sandboxes.get("instagram");
        if (instagram != null) {
            graph.acceptShortLivedTokens(token -> instagram.sandbox().oauth().userOfToken(token)
                    .map(u -> new GraphSandbox.Owner(u.id(), u.handle())).orElse(null));
        }
    }

    List<RouteDef> routes() {
        return routes;
    }

    GraphSandbox graph() {
        return graph;
    }

    /** The platform sandboxes this gateway serves. */
    Collection<SandboxHost> sandboxes() {
        return sandboxes.values();
    }

    /** Listens on {@code host:port} through a {@link RequestGuard}; the HttpServer itself listens on loopback only. */
    void start(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        pool = Executors.newFixedThreadPool(32);
        server.setExecutor(pool);
        server.createContext("/", this::serve);
        server.start();
        guard = new RequestGuard(host, port, server.getAddress().getPort());
    }

    int port() {
        return guard.port();
    }

    void stop() {
        if (server != null) {
            guard.stop();
            server.stop(0);
            pool.shutdownNow();
        }
    }

    /** The caller's address as the guard saw it (the HttpServer itself only ever sees the guard). */
    private static String sourceIp(HttpExchange ex) {
        String peer = ex.getRequestHeaders().getFirst(RequestGuard.PEER_HEADER);
        return peer != null ? peer : ex.getRemoteAddress().getAddress().getHostAddress();
    }

    /** The caller's headers, without the guard's own. */
    private static Map<String, List<String>> callerHeaders(HttpExchange ex) {
        Map<String, List<String>> headers = new LinkedHashMap<>(ex.getRequestHeaders());
        headers.keySet().removeIf(RequestGuard.PEER_HEADER::equalsIgnoreCase);
        return headers;
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            URI uri = ex.getRequestURI();
            String path = uri.getRawPath();
            if (path.startsWith("/_local/")) {
                local(ex, path);
                return;
            }
            byte[] body = readBody(ex.getRequestBody());
            if (body == null) {
                send(ex, 413, Map.of("content-type", "application/json"), "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String method = ex.getRequestMethod().toUpperCase();
            String decodedPath = path; // API Gateway passes the raw path; functions decode parameters
            for (RouteDef r : routes) {
                if (!r.isDefault() && !r.method().equals("ANY") && !r.method().equals(method)) {
                    continue;
                }
                Map<String, String> params = r.match(decodedPath);
                if (params == null) {
                    continue;
                }
                ObjectNode event = HttpApiEvents.event(method, decodedPath, uri.getRawQuery(), callerHeaders(ex), body,
                        r.routeKey(), params, sourceIp(ex));
                respond(ex, host.invoke(r.function(), Json.bytes(event)));
                return;
            }
            // What API Gateway answers when no route (and no $default) matches.
            send(ex, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // A function that throws is a Lambda error: API Gateway answers 500 with its own body.
            System.err.println("function error: " + e);
            send(ex, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Turns a function's payload-2.0 response event into HTTP as API Gateway does: its status, headers and
     * cookies, and its body as text, or decoded from base64 when {@code isBase64Encoded} (a binary body).
     */
    private void respond(HttpExchange ex, byte[] out) throws IOException {
        JsonNode r = Json.tree(out);
        Map<String, String> headers = new LinkedHashMap<>();
        r.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        for (JsonNode c : r.path("cookies")) {
            ex.getResponseHeaders().add("set-cookie", c.asText());
        }
        String text = r.path("body").asText("");
        byte[] body = r.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        send(ex, r.path("statusCode").asInt(200), headers, body);
    }

    private void local(HttpExchange ex, String path) throws IOException {
        String method = ex.getRequestMethod();
        Object answer;
        int status = 200;
        if (path.startsWith("/_local/graph/") && !path.startsWith("/_local/graph/_")) {
            byte[] body = ex.getRequestBody().readAllBytes();
            GraphSandbox.Answer a = graph.handle(method, path.substring("/_local/graph".length()), ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("authorization"), ex.getRequestHeaders().getFirst("content-type"), body);
            if (a.delayMs() > 0) {
                try {
                    Thread.sleep(a.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            send(ex, a.status(), Map.of("content-type", "application/json"), a.body().getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (path.startsWith("/_local/stripe/")) {
            stripe(ex, method, path);
            return;
        }
        int slash = path.indexOf('/', "/_local/".length());
        SandboxHost platform = slash < 0 ? null : sandboxes.get(path.substring("/_local/".length(), slash));
        if (platform != null) {
            SandboxResponse a = platform.handle(new SandboxRequest(method, path.substring(slash), ex.getRequestURI().getRawQuery(),
                    callerHeaders(ex), ex.getRequestBody().readAllBytes()));
            if (a.delayMs() > 0) {
                try {
                    Thread.sleep(a.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            send(ex, a.status(), new LinkedHashMap<>(a.headers()), a.body());
            return;
        }
        if (method.equals("POST") && path.equals("/_local/graph/_faults")) {
            graph.addFault(Json.tree(ex.getRequestBody().readAllBytes()));
            answer = Map.of("queued", true);
        } else if (method.equals("POST") && (path.equals("/_local/graph/_quota") || path.equals("/_local/graph/_tokens"))) {
            try {
                JsonNode spec = Json.tree(ex.getRequestBody().readAllBytes());
                answer = path.endsWith("_quota") ? graph.setQuota(spec) : GraphSandbox.issueToken(spec);
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                status = 400;
                answer = Map.of("message", e instanceof IllegalArgumentException ? e.getMessage() : "the body must be a JSON object");
            }
        } else if (method.equals("GET") && path.equals("/_local/outbox")) {
            answer = graph.outbox();
        } else if (method.equals("DELETE") && path.equals("/_local/outbox")) {
            graph.clear();
            answer = Map.of("cleared", true);
        } else if (method.equals("GET") && path.equals("/_local/routes")) {
            List<Map<String, String>> out = new ArrayList<>();
            routes.forEach(r -> out.add(Map.of("routeKey", r.routeKey(), "function", r.function())));
            answer = Map.of("routes", out, "tools", localTools);
        } else if (method.equals("GET") && path.equals("/_local/schedules")) {
            answer = Map.of("schedules", scheduler.describe());
        } else if (method.equals("POST") && path.startsWith("/_local/schedules/")) {
            String[] parts = path.substring("/_local/schedules/".length()).split("/");
            if (parts.length != 2) {
                status = 400;
                answer = Map.of("message", "use POST /_local/schedules/{function}/{event}");
            } else {
                try {
                    answer = Map.of("fired", parts[0] + "/" + parts[1], "response", scheduler.fire(parts[0], parts[1]));
                } catch (IllegalArgumentException e) {
                    status = 404;
                    answer = Map.of("message", e.getMessage());
                }
            }
        } else {
            status = 404;
            answer = Map.of("message", "no local tool at " + method + " " + path, "tools", localTools);
        }
        send(ex, status, Map.of("content-type", "application/json"), Json.bytes(answer));
    }

    private void stripe(HttpExchange ex, String method, String path) throws IOException {
        if (method.equals("POST") && path.equals("/_local/stripe/v1/checkout/sessions")) {
            send(ex, 200, Map.of("content-type", "application/json"),
                    stripe.createSession(ex.getRequestBody().readAllBytes(), port()).getBytes(StandardCharsets.UTF_8));
        } else if (method.equals("GET") && path.startsWith("/_local/stripe/checkout/")) {
            String paid;
            try {
                paid = stripe.pay(path.substring("/_local/stripe/checkout/".length()), port());
            } catch (Exception e) {
                paid = "LOCAL STRIPE SANDBOX: the webhook could not be reached: " + e + "\n";
            }
            send(ex, paid == null ? 404 : 200, Map.of("content-type", "text/plain; charset=utf-8"),
                    (paid == null ? "no such checkout session\n" : paid).getBytes(StandardCharsets.UTF_8));
        } else if (method.equals("GET") && path.equals("/_local/stripe/outbox")) {
            send(ex, 200, Map.of("content-type", "application/json"), Json.bytes(stripe.outbox()));
        } else if (path.startsWith("/_local/stripe/done")) {
            send(ex, 200, Map.of("content-type", "text/plain"), "LOCAL STRIPE SANDBOX: checkout finished\n".getBytes(StandardCharsets.UTF_8));
        } else {
            send(ex, 404, Map.of("content-type", "application/json"),
                    "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Unrecognized request URL (local Stripe sandbox)\"}}"
                            .getBytes(StandardCharsets.UTF_8));
        }
    }

    void stripeSandbox(StripeSandbox sandbox) {
        this.stripe = sandbox;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] data = in.readNBytes(MAX_BODY + 1);
        return data.length > MAX_BODY ? null : data;
    }

    private static void send(HttpExchange ex, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        boolean empty = body.length == 0 || status == 204 || status == 304 || "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }
}
