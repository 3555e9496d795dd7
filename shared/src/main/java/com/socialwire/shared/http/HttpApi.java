package com.socialwire.shared.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Ids;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.security.RateLimiter;
import com.socialwire.shared.store.IdempotencyStore;
import com.socialwire.shared.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import com.socialwire.shared.logging.LambdaLogging;
import com.socialwire.shared.snapstart.Priming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Routing inside one function: turns an API Gateway HTTP API (payload 2.0) event into an
 * {@link ApiRequest}, finds the route, authorises the caller for it, runs it and turns the result
 * — or any failure — into a response. Every error leaves in the SPEC §4 envelope with a request id;
 * nothing internal (stack traces, provider messages) ever does.
 */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private static final Duration IDEMPOTENCY_IN_PROGRESS = Duration.ofSeconds(30);
    private static final Duration IDEMPOTENCY_KEEP = Duration.ofHours(24);
    private static final long IDEMPOTENCY_WAIT_MILLIS = 10_000;
    /** Bodies up to this size are kept for replays; larger ones are re-read (a DynamoDB item holds 400 KB). */
    static final int MAX_STORED_BODY_CHARS = 32 * 1024;
    private static final int STORE_ATTEMPTS = 3;
    /** Failed authentications (401) one source address may have per minute before it gets 429. */
    public static final int UNAUTHENTICATED_PER_MINUTE = 20;
    static final String SECRET_NOT_REPLAYED = "This replays an earlier request with the same Idempotency-Key. The API key was "
            + "shown only in the first response and is never stored, so it is not in this one.";

    private final List<Route> routes;
    private final Gate gate;
    private final Actions<Object> actions;

    private HttpApi(List<Route> routes, Gate gate, Actions<Object> actions) {
        this.routes = List.copyOf(byRank(routes));
        this.gate = gate;
        this.actions = actions;
    }

    /**
     * What a function's routes do: each route names its action by a constant (a handler's own enum),
     * and one method runs the named action on the authorised request — so a route costs no class of its own.
     */
    @FunctionalInterface
    public interface Actions<A> {
        ApiResponse run(A action, ApiRequest request);
    }

    /** Routes to declare with {@link Builder#route}, whose actions {@code actions} runs. */
    public static <A> Builder<A> builder(Gate gate, Actions<A> actions) {
        return new Builder<>(gate, actions);
    }

    /**
     * The routes in the order a path is matched: API Gateway's priority ({@link PathTemplate#rank}: more literal segments
     * first), declaration order among equals, so {@code /posts/pending} is never read as {@code /posts/{postId}} whatever
     * order the table was written in. An insertion sort: no comparator lambda at a cold start.
     */
    private static List<Route> byRank(List<Route> declared) {
        List<Route> out = new java.util.ArrayList<>(declared.size());
        for (Route r : declared) {
            int at = out.size();
            while (at > 0 && out.get(at - 1).path().rank() > r.path().rank()) {
                at--;
            }
            out.add(at, r);
        }
        return out;
    }

    /** The routes this function serves, for tests generated from the registry. */
    public List<Route> routes() {
        return routes;
    }

    /** The Lambda entry: payload-2.0 JSON in, payload-2.0 response JSON out, with Powertools logging. */
    public void handle(InputStream in, OutputStream out, Context context) throws IOException {
        ApiRequest request = readEvent(in);
        Envelope response;
        LambdaLogging.begin(context);
        try {
            response = Envelope.of(handle(request));
        } finally {
            LambdaLogging.end();
        }
        response.write(out);
    }

    /** The path of the SnapStart priming request: no route serves it, so it reaches neither the gate nor a store. */
    static final String PRIMING_PATH = "/_snapstart/priming";

    /** A payload-2.0 GET with no key, tenant or body: what {@link #prime} runs through {@link #handle(InputStream, OutputStream, Context)}. */
    private static final byte[] PRIMING_EVENT = ("{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"" + PRIMING_PATH + "\","
            + "\"rawQueryString\":\"\",\"headers\":{\"accept\":\"application/json\"},\"requestContext\":{\"http\":{\"method\":\"GET\","
            + "\"path\":\"" + PRIMING_PATH + "\",\"sourceIp\":\"127.0.0.1\"},\"requestId\":\"SnapStartPriming\"},\"isBase64Encoded\":false}")
            .getBytes(StandardCharsets.UTF_8);

    /**
     * SnapStart priming ({@link Priming}): one request no route serves, through the whole Lambda entry
     * (event parsing, dispatch, the error envelope, serialisation, logging), touching no store or network.
     * Skipped for a function with a route that would match it. Answers the response event.
     */
    byte[] prime() throws IOException {
        for (Route route : routes) {
            if (route.match(PRIMING_PATH) != null) {
                return new byte[0];
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        handle(new java.io.ByteArrayInputStream(PRIMING_EVENT), out, null);
        // the primed request is read and written by the streaming API; the mapper the routes' records
        // need is built here, so that the snapshot holds it too
        Json.toTree(Map.of("primed", true));
        return out.toByteArray();
    }

    /** Handles one request; never throws. */
    public ApiResponse handle(ApiRequest request) {
        long started = System.nanoTime();
        MDC.put("correlation_id", request.requestId());
        ApiResponse response;
        Map<String, String> rateHeaders = new LinkedHashMap<>();
        try {
            response = dispatch(request, rateHeaders);
        } catch (ApiException e) {
            response = error(request, e);
        } catch (SdkServiceException e) {
            boolean throttled = e.isThrottlingException();
            LOG.error("AWS service call failed: {} {} {}", e.getClass().getSimpleName(), e.statusCode(),
                    e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a && a.awsErrorDetails() != null
                            ? a.awsErrorDetails().errorMessage() : "");
            response = error(request, throttled
                    ? new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 503, "the service is busy; retry shortly", Map.of(), Map.of("retry-after", "1"))
                    : new ApiException(ErrorCode.INTERNAL_ERROR, "internal error"));
        } catch (SdkException e) {
            LOG.error("AWS client failure: {}", e.getClass().getSimpleName());
            response = error(request, new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 503, "a dependency is unavailable; retry shortly", Map.of(), Map.of("retry-after", "1")));
        } catch (RuntimeException e) {
            LOG.error("unhandled failure", e);
            response = error(request, new ApiException(ErrorCode.INTERNAL_ERROR, "internal error"));
        }
        for (Map.Entry<String, String> h : rateHeaders.entrySet()) {
            response = response.withHeader(h.getKey(), h.getValue());
        }
        response = response.withHeader("x-request-id", request.requestId());
        LOG.info("{} {} -> {} in {} ms", request.method(), loggablePath(request.path()), response.status(),
                (System.nanoTime() - started) / 1_000_000);
        MDC.remove("correlation_id");
        return response;
    }

    /**
     * A path as a log line may show it: a review link's token ({@code rvw_…}, a bearer secret carried in the path) is
     * replaced by the first 8 hex digits of its SHA-256, enough to find one link's requests, never enough to use it.
     */
    static String loggablePath(String path) {
        if (path == null || !path.contains("rvw_")) {
            return path;
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].startsWith("rvw_")) {
                segments[i] = "rvw_#" + com.socialwire.shared.security.Hashing.sha256Hex(segments[i]).substring(0, 8);
            }
        }
        return String.join("/", segments);
    }

    private ApiResponse dispatch(ApiRequest request, Map<String, String> rateHeaders) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = route.match(request.path());
            if (params == null) {
                continue;
            }
            if (!route.method().equals(request.method())) {
                allowed.add(route.method());
                continue;
            }
            Access access = route.access();
            String tenantId = params.get("tenantId");
            // the tenant's account is read beside the key's lookup and the rate limit's update, not after them
            Future<Optional<String>> tenantRead = tenantId == null || access.isPublic() || request.header("authorization").isEmpty()
                    ? null : gate.authorizer().prefetchTenant(tenantId);
            Principal principal = authorize(request, access);
            if (principal.kind() != Principal.Kind.ANONYMOUS || access.perMinuteLimit() > 0) {
                String subject = principal.kind() == Principal.Kind.ANONYMOUS ? "ip:" + request.sourceIp() : principal.rateKey();
                RateLimiter.Decision d = gate.rateLimiter().check(subject, access.perMinuteLimit(), access.limitClass());
                rateHeaders.putAll(d.headers());
                if (!d.allowed()) {
                    throw rateLimited(d);
                }
            }
            ApiRequest authorised = request.withPathParams(params).withPrincipal(principal);
            if (tenantId != null) {
                gate.authorizer().requireTenant(principal, tenantId, tenantRead);
            }
            Optional<String> idempotencyKey = request.header("idempotency-key");
            if (request.method().equals("POST") && idempotencyKey.isPresent()) {
                return idempotent(route, authorised, idempotencyKey.get());
            }
            return run(route, authorised);
        }
        if (!allowed.isEmpty()) {
            throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED, 405,
                    request.method() + " is not allowed on " + request.path(),
                    Map.of("allowed", List.copyOf(allowed)), Map.of("allow", String.join(", ", allowed)));
        }
        throw new ApiException(ErrorCode.NOT_FOUND, "no route for " + request.method() + " " + request.path());
    }

    /**
     * The caller, or the authoriser's refusal. A 401 counts against the source address: more than
     * {@link #UNAUTHENTICATED_PER_MINUTE} in a minute from one address answer 429 instead, so keys
     * cannot be guessed (or the key store hammered) at speed. Valid keys from that address still work.
     */
    private Principal authorize(ApiRequest request, Access access) {
        try {
            return gate.authorizer().authorize(request, access);
        } catch (ApiException e) {
            if (e.status() == 401) {
                RateLimiter.Decision d = gate.rateLimiter().check("unauthenticated:ip:" + request.sourceIp(),
                        UNAUTHENTICATED_PER_MINUTE, "unauthenticated");
                if (!d.allowed()) {
                    throw rateLimited(d);
                }
            }
            throw e;
        }
    }

    private ApiResponse run(Route route, ApiRequest request) {
        return actions.run(route.action(), request);
    }

    private static ApiException rateLimited(RateLimiter.Decision d) {
        return new ApiException(ErrorCode.RATE_LIMITED, 429,
                "rate limit of " + d.limit() + " requests exceeded; retry after " + d.headers().get("retry-after") + " s",
                Map.of("limit", d.limit(), "resetAt", IsoInstant.format(Instant.ofEpochSecond(d.resetEpochSeconds()))),
                d.headers());
    }

    /**
     * Runs a POST once per Idempotency-Key: the same key with the same request within 24 h gets
     * the first response again (concurrent duplicates wait for it); the same key with a different
     * request is 409. Records are scoped to the caller (the API key, the owner, or the source
     * address of an anonymous caller). Only 2xx responses are kept; a failure frees the key for a
     * retry. What is kept is bounded ({@link #result}): a large body is re-read on replay through
     * this function's GET route for the created resource, and a secret shown once is never kept.
     */
    private ApiResponse idempotent(Route route, ApiRequest request, String key) {
        if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ApiException.validation("Idempotency-Key must be 1 to 255 visible ASCII characters", Map.of("Idempotency-Key", key));
        }
        Principal p = request.principal();
        String owner = switch (p.kind()) {
            case KEY -> p.accountId() + "/" + p.keyId();
            case OWNER -> "owner";
            case ANONYMOUS -> "ip:" + request.sourceIp();
        };
        String scope = owner + "#" + route.key();
        String hash = Hashing.sha256Hex(request.method() + " " + request.path() + "\n" + request.bodyText());
        long deadline = System.currentTimeMillis() + IDEMPOTENCY_WAIT_MILLIS;
        while (true) {
            IdempotencyStore.Claim claim = gate.idempotency().claim(scope, key, hash, IDEMPOTENCY_IN_PROGRESS, IDEMPOTENCY_KEEP);
            switch (claim) {
                case IdempotencyStore.Claim.Acquired a -> {
                    ApiResponse response;
                    try {
                        response = run(route, request);
                    } catch (RuntimeException e) {
                        gate.idempotency().release(scope, key);
                        throw e;
                    }
                    if (response.status() >= 200 && response.status() < 300) {
                        remember(route, request, scope, key, response);
                    } else {
                        gate.idempotency().release(scope, key);
                    }
                    return response;
                }
                case IdempotencyStore.Claim.Completed c -> {
                    return replay(request, c.result());
                }
                case IdempotencyStore.Claim.Mismatch m -> throw new ApiException(ErrorCode.CONFLICT,
                        "this Idempotency-Key was used for a different request; use a new key", Map.of("Idempotency-Key", key));
                case IdempotencyStore.Claim.InProgress i -> {
                    if (System.currentTimeMillis() > deadline) {
                        throw new ApiException(ErrorCode.CONFLICT, 409,
                                "a request with this Idempotency-Key is still in progress; retry shortly",
                                Map.of("Idempotency-Key", key), Map.of("retry-after", "1"));
                    }
                    sleep(50);
                }
            }
        }
    }

    /**
     * Records the result of an action that ran. The action's answer goes back to the caller whatever
     * happens here: a failed write is retried, and never releases the key (that would let the same
     * key run the action again).
     */
    private void remember(Route route, ApiRequest request, String scope, String key, ApiResponse response) {
        String result = result(route, request, response);
        for (int attempt = 1; ; attempt++) {
            try {
                gate.idempotency().complete(scope, key, result);
                return;
            } catch (RuntimeException e) {
                if (attempt >= STORE_ATTEMPTS) {
                    LOG.error("the result of {} could not be recorded under its Idempotency-Key ({} attempts, {}); "
                            + "the key stays claimed for {} s", route.key(), attempt, e.getClass().getSimpleName(),
                            IDEMPOTENCY_IN_PROGRESS.toSeconds());
                    return;
                }
                LOG.warn("recording the result of {} failed ({}); retrying", route.key(), e.getClass().getSimpleName());
                sleep(50L * attempt);
            }
        }
    }

    /**
     * The bounded record of a response: status and headers; the body if it is small, else the
     * created resource's id and the path of this function's GET route that reads it; never a
     * field the route marks secret.
     */
    private String result(Route route, ApiRequest request, ApiResponse response) {
        ObjectNode stored = Json.object();
        stored.put("status", response.status());
        ObjectNode headers = stored.putObject("headers");
        response.headers().forEach(headers::put);
        if (response.body() instanceof ApiResponse.Text text) {
            if (text.value().length() <= MAX_STORED_BODY_CHARS) {
                stored.put("text", text.value());
            }
            return Json.write(stored);
        }
        if (response.body() instanceof ApiResponse.Bytes bytes) {
            String encoded = Base64.getEncoder().encodeToString(bytes.data());
            if (encoded.length() <= MAX_STORED_BODY_CHARS) {
                stored.put("bytes", encoded);
            } else {
                stored.put("bytesOmitted", true);
            }
            return Json.write(stored);
        }
        JsonNode body = Json.toTree(response.body());
        if (body instanceof ObjectNode object && !route.secretFields().isEmpty()) {
            object = object.deepCopy(); // the kept copy loses the secret; the answer going out keeps it (shown once)
            body = object;
            object.remove(route.secretFields());
            stored.put("secretsOmitted", true);
        }
        String id = body.path("id").isTextual() ? body.path("id").asText() : null;
        String location = location(request, id);
        if (location != null) {
            stored.put("location", location);
        }
        if (id != null) {
            stored.put("id", id);
        }
        if (Json.write(body).length() <= MAX_STORED_BODY_CHARS) {
            stored.set("body", body);
        }
        return Json.write(stored);
    }

    /** Where this function reads the resource a POST created or acted on, if it has such a GET route. */
    private String location(ApiRequest request, String id) {
        if (id == null || !Ids.looksLike(id.substring(0, Math.max(0, id.indexOf('_'))), id)) {
            return null;
        }
        String path = request.path().endsWith("/") ? request.path().substring(0, request.path().length() - 1) : request.path();
        List<String> candidates = new ArrayList<>(List.of(path + "/" + id));
        int at = path.indexOf("/" + id + "/");
        if (at >= 0) {
            candidates.add(path.substring(0, at + 1 + id.length())); // an action on a resource answers the resource
        }
        return candidates.stream().filter(c -> readRoute(c) != null).findFirst().orElse(null);
    }

    private Route readRoute(String path) {
        return routes.stream().filter(r -> r.method().equals("GET") && r.match(path) != null).findFirst().orElse(null);
    }

    private ApiResponse replay(ApiRequest request, String stored) {
        JsonNode node = Json.tree(stored);
        Map<String, String> headers = new LinkedHashMap<>();
        node.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        headers.put("idempotent-replayed", "true");
        int status = node.path("status").asInt();
        if (node.has("text")) {
            return new ApiResponse(status, headers, new ApiResponse.Text(node.path("text").asText()));
        }
        if (node.has("bytes")) {
            return new ApiResponse(status, headers, new ApiResponse.Bytes(Base64.getDecoder().decode(node.path("bytes").asText())));
        }
        if (node.path("bytesOmitted").asBoolean(false)) {
            // a binary body too large to keep has no resource to read again: say so rather than answer something else
            throw new ApiException(ErrorCode.CONFLICT, 409, "this Idempotency-Key's request was done (" + status + "); its binary "
                    + "response was too large to keep for a replay", Map.of("status", status), Map.of());
        }
        JsonNode body = node.has("body") ? node.get("body") : reread(request, node);
        if (node.path("secretsOmitted").asBoolean() && body instanceof ObjectNode object) {
            object.put("warning", SECRET_NOT_REPLAYED);
        }
        return new ApiResponse(status, headers, body == null || body.isNull() ? null : body);
    }

    /** The body of a replay whose response was too large to keep: the resource as it reads now. */
    private JsonNode reread(ApiRequest request, JsonNode stored) {
        String location = stored.path("location").asText("");
        Route read = location.isEmpty() ? null : readRoute(location);
        Principal p = request.principal();
        if (read != null && (p.kind() != Principal.Kind.KEY || read.access().roles().contains(p.role()))) {
            ApiResponse now = run(read, new ApiRequest("GET", location, read.match(location), Map.of(),
                    request.headers(), null, request.requestId(), request.sourceIp(), p));
            if (now.status() >= 200 && now.status() < 300 && now.body() != null) {
                return Json.toTree(now.body());
            }
        }
        ObjectNode gone = Json.object();
        gone.put("id", stored.path("id").asText(null));
        gone.put("location", location.isEmpty() ? null : location);
        return gone;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.INTERNAL_ERROR, "interrupted");
        }
    }

    /** Builds the SPEC §4 error envelope for {@code e}. */
    public static ApiResponse error(ApiRequest request, ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code().name());
        error.put("message", e.getMessage());
        error.put("requestId", request.requestId());
        error.put("details", e.details());
        return new ApiResponse(e.status(), e.headers(), Map.of("error", error));
    }

    /**
     * Reads a payload-2.0 event with Jackson's streaming parser, as a tree would have read it (the mapper
     * is not built for this): each value as {@link JsonNode#asText(String)} gives it, the last of a
     * repeated field winning, everything this function does not use skipped.
     */
    static ApiRequest readEvent(InputStream in) throws IOException {
        Map<String, String> top = new LinkedHashMap<>();
        Map<String, String> ctx = new LinkedHashMap<>();
        Map<String, String> http = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        boolean bodyIsText = false;
        boolean base64 = false;
        try (JsonParser p = Json.parser(in)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (field) {
                        case "requestContext" -> {
                            ctx.clear();
                            http.clear();
                            for (String name = firstField(p); name != null; name = nextField(p)) {
                                if (name.equals("http")) {
                                    http.clear();
                                    for (String n = firstField(p); n != null; n = nextField(p)) {
                                        http.put(n, text(p, p.currentToken()));
                                    }
                                } else {
                                    ctx.put(name, text(p, p.currentToken()));
                                }
                            }
                        }
                        case "headers" -> {
                            headers.clear();
                            for (String name = firstField(p); name != null; name = nextField(p)) {
                                headers.put(name.toLowerCase(Locale.ROOT), asText(p, p.currentToken()));
                            }
                        }
                        case "queryStringParameters" -> {
                            query.clear();
                            for (String name = firstField(p); name != null; name = nextField(p)) {
                                query.put(name, asText(p, p.currentToken()));
                            }
                        }
                        case "cookies" -> {
                            cookies.clear();
                            if (t == JsonToken.START_ARRAY) {
                                while (p.nextToken() != JsonToken.END_ARRAY) {
                                    cookies.add(asText(p, p.currentToken()));
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                        case "isBase64Encoded" -> base64 = switch (t) { // as a tree's asBoolean(false)
                            case VALUE_TRUE -> true;
                            case VALUE_STRING -> p.getText().trim().equals("true");
                            case VALUE_NUMBER_INT -> p.getDecimalValue().signum() != 0;
                            default -> {
                                p.skipChildren();
                                yield false;
                            }
                        };
                        default -> {
                            if (field.equals("body")) {
                                bodyIsText = t == JsonToken.VALUE_STRING;
                            }
                            top.put(field, text(p, t));
                        }
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        String method = or(http.get("method"), or(top.get("httpMethod"), "GET")).toUpperCase(Locale.ROOT);
        String path = or(top.get("rawPath"), or(http.get("path"), "/"));
        String awsRequestId = or(ctx.get("requestId"), "");
        String requestId = "req_" + (awsRequestId.isEmpty() ? Ids.base62(20) : awsRequestId.replaceAll("[^A-Za-z0-9]", ""));
        String sourceIp = or(http.get("sourceIp"), "");
        if (!cookies.isEmpty() && !headers.containsKey("cookie")) {
            headers.put("cookie", String.join("; ", cookies));
        }
        byte[] body = null;
        if (bodyIsText) {
            String text = top.get("body");
            body = base64
                    ? Base64.getDecoder().decode(text)
                    : text.getBytes(StandardCharsets.UTF_8);
        }
        return new ApiRequest(method, path, Map.of(), query, headers, body, requestId, sourceIp, Principal.ANONYMOUS);
    }

    /**
     * Starts reading the object the parser stands on, field by field: the first field's name, the parser on
     * its value; null for an empty object, and for anything else, which is skipped like a tree's missing node.
     */
    private static String firstField(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        return fieldAfter(p);
    }

    /** The next field's name (the parser on its value), or null at the end of the object {@link #firstField} began. */
    private static String nextField(JsonParser p) throws IOException {
        if (p.currentToken().isStructStart()) {
            p.skipChildren(); // a container the reader did not read
        }
        return fieldAfter(p);
    }

    private static String fieldAfter(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            return null;
        }
        String name = p.currentName();
        p.nextToken();
        return name;
    }

    /**
     * A value as JsonNode.asText() reads it: a string's text, a number's digits (floats as exact
     * decimals, as the mapper reads them), "true"/"false"/"null", and "" for an object or array (skipped).
     * A JSON null is {@code null} here, so that {@link #or} gives the default a tree's asText(default) gave.
     */
    private static String text(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberValue().toString();
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue().toString();
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> null;
            default -> {
                p.skipChildren();
                yield "";
            }
        };
    }

    /** A value as JsonNode.asText() reads it where there is no default: a JSON null is "null". */
    private static String asText(JsonParser p, JsonToken t) throws IOException {
        String text = text(p, t);
        return text == null ? "null" : text;
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /**
     * The payload-2.0 response event: status, headers (content-type first for a JSON or binary body), the body
     * as text, or base64 with {@code isBase64Encoded: true} for a binary body.
     */
    record Envelope(int status, Map<String, String> headers, String body, boolean base64) {

        static Envelope of(ApiResponse response) {
            Map<String, String> headers = new LinkedHashMap<>();
            String body;
            boolean base64 = false;
            if (response.body() == null) {
                body = "";
            } else if (response.body() instanceof ApiResponse.Text text) {
                body = text.value();
            } else if (response.body() instanceof ApiResponse.Bytes bytes) {
                headers.put("content-type", "application/octet-stream");
                body = Base64.getEncoder().encodeToString(bytes.data());
                base64 = true;
            } else {
                headers.put("content-type", "application/json");
                body = Json.write(response.body());
            }
            headers.putAll(response.headers());
            return new Envelope(response.status(), headers, body, base64);
        }

        void write(OutputStream out) throws IOException {
            try (JsonGenerator g = Json.generator(out)) {
                g.writeStartObject();
                g.writeNumberField("statusCode", status);
                g.writeObjectFieldStart("headers");
                for (Map.Entry<String, String> h : headers.entrySet()) {
                    g.writeStringField(h.getKey(), h.getValue());
                }
                g.writeEndObject();
                g.writeStringField("body", body);
                g.writeBooleanField("isBase64Encoded", base64);
                g.writeEndObject();
            }
        }
    }

    /** Declares a function's routes; each states the access it needs. */
    public static final class Builder<A> {
        private final Gate gate;
        private final Actions<A> actions;
        private final List<Route> routes = new ArrayList<>();

        private Builder(Gate gate, Actions<A> actions) {
            this.gate = gate;
            this.actions = java.util.Objects.requireNonNull(actions, "actions");
        }

        /** A route: {@code action} names what it does, for the builder's {@link Actions} to run. */
        public Builder<A> route(String method, String template, Access access, A action) {
            routes.add(new Route(method, PathTemplate.of(template), access, action, Set.of()));
            return this;
        }

        /**
         * A route whose response carries a secret shown once in {@code secretFields} (a new API key):
         * those fields are never stored, so an Idempotency-Key replay answers without them.
         */
        public Builder<A> secretRoute(String method, String template, Access access, A action, String... secretFields) {
            if (secretFields.length == 0) {
                throw new IllegalArgumentException("a secret route names its secret fields");
            }
            routes.add(new Route(method, PathTemplate.of(template), access, action, Set.of(secretFields)));
            return this;
        }

        @SuppressWarnings("unchecked") // each route's action is an A, and only these actions run them
        public HttpApi build() {
            HttpApi api = new HttpApi(routes, gate, (Actions<Object>) actions);
            if (Priming.active()) {
                Priming.register("HTTP API", api::prime);
            }
            return api;
        }
    }
}
