package com.socialwire.shared.providers.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The real Bluesky client: {@link BlueskyApi} over {@code java.net.http}, with XRPC errors mapped to {@link XrpcResult}s. */
public final class HttpBlueskyApi implements BlueskyApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpBlueskyApi.class);

    static final String POST_COLLECTION = "app.bsky.feed.post";
    static final String PROFILE_COLLECTION = "app.bsky.actor.profile";
    private static final int MAX_MESSAGE = 500;
    // A DID, handle or token is checked before it reaches a URL or a header: a caller's string never reshapes a request.
    private static final Pattern DID = Pattern.compile("did:[a-z]{1,16}:[a-zA-Z0-9._:%-]{1,256}");
    private static final Pattern HANDLE = Pattern.compile("[a-zA-Z0-9.-]{1,253}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1,8192}");
    private static final Pattern ERROR_NAME = Pattern.compile("[A-Za-z0-9]{1,64}");
    /** Errors that mean the credentials themselves are no good (a 401 or 403 always does). */
    private static final Set<String> REFUSED = Set.of("InvalidToken", "AuthMissing", "AuthenticationRequired",
            "AccountTakedown", "AccountDeactivated", "AuthFactorTokenRequired");

    /** What kind of call failed decides what an error means: an expired refresh token is a refusal, an expired access token is not. */
    private enum Call {
        /** A read or a call that changes nothing (or the same thing again): a timeout is worth retrying. */
        SAFE,
        /** createRecord: an answer lost after sending is an unknown outcome, never retried blindly. */
        IRREVERSIBLE,
        /** createSession/refreshSession: any token or password error means reconnecting. */
        AUTH
    }

    private final HttpClient http;
    private final Duration requestTimeout;

    public HttpBlueskyApi(Duration requestTimeout) {
        this(ProviderHttp.newClient(), requestTimeout);
    }

    public HttpBlueskyApi(HttpClient http, Duration requestTimeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    @Override
    public XrpcResult<BlueskySession> createSession(String serviceUrl, String identifier, String appPassword) {
        if (!BlueskyApi.isAppPassword(appPassword)) {
            return new XrpcResult.Rejected<>(0, "NotAnAppPassword",
                    "use an app password (Bluesky Settings → Privacy and security → App passwords, xxxx-xxxx-xxxx-xxxx),"
                            + " never the account's main password");
        }
        if (identifier == null || identifier.isBlank() || identifier.length() > 256) {
            return new XrpcResult.Rejected<>(0, "InvalidRequest", "a handle, DID or email is required");
        }
        ObjectNode body = Json.object().put("identifier", identifier.strip()).put("password", appPassword);
        return send(serviceUrl, "com.atproto.server.createSession", null, body, Call.AUTH, appPassword,
                json -> session(json, serviceUrl, null));
    }

    @Override
    public XrpcResult<BlueskySession> refreshSession(BlueskySession current) {
        return send(current.pdsUrl(), "com.atproto.server.refreshSession", current.refreshJwt(), null, Call.AUTH,
                current.refreshJwt(), json -> session(json, current.pdsUrl(), current));
    }

    @Override
    public XrpcResult<SessionInfo> getSession(BlueskySession session) {
        return send(session.pdsUrl(), "com.atproto.server.getSession", session.accessJwt(), null, Call.SAFE,
                session.accessJwt(), json -> {
                    String did = ProviderHttp.text(json, "did");
                    return did == null ? null : new SessionInfo(did, ProviderHttp.text(json, "handle"),
                            json.path("active").asBoolean(true), ProviderHttp.text(json, "status"));
                });
    }

    @Override
    public XrpcResult<String> resolveHandle(String serviceUrl, String handle) {
        if (handle == null || !HANDLE.matcher(handle).matches()) {
            return new XrpcResult.Rejected<>(0, "InvalidRequest", "not a handle");
        }
        return send(serviceUrl, "com.atproto.identity.resolveHandle?handle=" + handle, null, null, Call.SAFE, null,
                json -> {
                    String did = ProviderHttp.text(json, "did");
                    return did != null && DID.matcher(did).matches() ? did : null;
                });
    }

    @Override
    public XrpcResult<RepoInfo> describeRepo(String serviceUrl, String repo) {
        if (repo == null || !(DID.matcher(repo).matches() || HANDLE.matcher(repo).matches())) {
            return new XrpcResult.Rejected<>(0, "InvalidRequest", "not a DID or handle");
        }
        return send(serviceUrl, "com.atproto.repo.describeRepo?repo=" + query(repo), null, null, Call.SAFE, null, json -> {
            String did = ProviderHttp.text(json, "did");
            if (did == null) {
                return null;
            }
            List<String> collections = new ArrayList<>();
            json.path("collections").forEach(c -> collections.add(c.asText()));
            return new RepoInfo(did, ProviderHttp.text(json, "handle"), json.path("handleIsCorrect").asBoolean(false),
                    List.copyOf(collections));
        });
    }

    @Override
    public XrpcResult<Blob> uploadBlob(BlueskySession session, byte[] bytes, String mimeType) {
        if (mimeType == null || !IMAGE_TYPES.contains(mimeType)) {
            return new XrpcResult.Rejected<>(0, "InvalidMimeType", "Bluesky takes JPEG, PNG, GIF or WEBP images");
        }
        if (bytes == null || bytes.length == 0 || bytes.length > MAX_IMAGE_BYTES) {
            return new XrpcResult.Rejected<>(0, "BlobTooLarge", "an image must be 1 to " + MAX_IMAGE_BYTES
                    + " bytes for Bluesky, not " + (bytes == null ? 0 : bytes.length));
        }
        return exchange(session.pdsUrl(), "com.atproto.repo.uploadBlob", session.accessJwt(),
                HttpRequest.BodyPublishers.ofByteArray(bytes), mimeType, Call.SAFE, session.accessJwt(),
                json -> Blob.fromJson(json.path("blob")));
    }

    @Override
    public XrpcResult<PostRef> createPost(BlueskySession session, String rkey, BlueskyPost post) {
        if (!Tid.isValid(rkey)) {
            return new XrpcResult.Rejected<>(0, "InvalidRequest", "a post's record key must be a TID");
        }
        if (!validDid(session.did())) {
            return new XrpcResult.Rejected<>(0, "InvalidRequest", "not a DID");
        }
        ObjectNode body = Json.object().put("repo", session.did()).put("collection", POST_COLLECTION).put("rkey", rkey)
                .put("validate", true);
        body.set("record", post.toRecord());
        return send(session.pdsUrl(), "com.atproto.repo.createRecord", session.accessJwt(), body, Call.IRREVERSIBLE,
                session.accessJwt(), json -> ref(json, session.did(), rkey));
    }

    @Override
    public XrpcResult<Optional<PostRef>> getPost(String pdsUrl, String did, String rkey) {
        if (!Tid.isValid(rkey)) {
            return new XrpcResult.Rejected<>(0, "InvalidRequest", "a post's record key must be a TID");
        }
        return getRecord(pdsUrl, did, POST_COLLECTION, rkey, json -> ref(json, did, rkey));
    }

    @Override
    public XrpcResult<Notifications> listNotifications(BlueskySession session, String appViewUrl, String proxy, List<String> reasons,
                                                       String cursor, int limit) {
        StringBuilder method = new StringBuilder("app.bsky.notification.listNotifications?limit=").append(Math.clamp(limit, 1, 100));
        for (String reason : reasons) {
            method.append("&reasons=").append(query(reason));
        }
        if (cursor != null && !cursor.isEmpty()) {
            method.append("&cursor=").append(query(cursor));
        }
        Map<String, String> headers = appViewUrl == null && proxy != null ? Map.of("atproto-proxy", proxy) : Map.of();
        return exchange(appViewUrl == null ? session.pdsUrl() : appViewUrl, method.toString(), session.accessJwt(), null, null,
                Call.SAFE, session.accessJwt(), headers, json -> {
                    if (!json.path("notifications").isArray()) {
                        return null;
                    }
                    List<JsonNode> list = new ArrayList<>();
                    json.path("notifications").forEach(list::add);
                    return new Notifications(list, ProviderHttp.text(json, "cursor"));
                });
    }

    @Override
    public XrpcResult<Optional<Profile>> getProfile(String pdsUrl, String did) {
        return getRecord(pdsUrl, did, PROFILE_COLLECTION, "self", json -> {
            JsonNode value = json.path("value");
            if (!value.isObject()) {
                return null;
            }
            return new Profile(ProviderHttp.text(value, "displayName"), ProviderHttp.text(value, "description"),
                    Blob.fromJson(value.path("avatar")));
        });
    }

    /** {@code com.atproto.repo.getRecord} (no token needed): {@code Optional.empty()} when the PDS says {@code RecordNotFound}. */
    private <T> XrpcResult<Optional<T>> getRecord(String pdsUrl, String did, String collection, String rkey,
                                                  Function<JsonNode, T> parse) {
        if (!validDid(did)) {
            return new XrpcResult.Rejected<>(0, "InvalidRequest", "not a DID");
        }
        XrpcResult<Optional<T>> r = send(pdsUrl, "com.atproto.repo.getRecord?repo=" + query(did) + "&collection="
                + collection + "&rkey=" + rkey, null, null, Call.SAFE, null, json -> {
                    T value = parse.apply(json);
                    return value == null ? null : Optional.of(value);
                });
        if (r instanceof XrpcResult.Rejected<Optional<T>> rejected && "RecordNotFound".equals(rejected.error())) {
            return new XrpcResult.Ok<>(Optional.empty());
        }
        return r;
    }

    @Override
    public XrpcResult<Boolean> deletePost(BlueskySession session, String rkey) {
        if (!Tid.isValid(rkey) || !validDid(session.did())) {
            return new XrpcResult.Rejected<>(0, "InvalidRequest", "not a DID and TID");
        }
        ObjectNode body = Json.object().put("repo", session.did()).put("collection", POST_COLLECTION).put("rkey", rkey);
        return send(session.pdsUrl(), "com.atproto.repo.deleteRecord", session.accessJwt(), body, Call.SAFE,
                session.accessJwt(), json -> Boolean.TRUE);
    }

    @Override
    public String toString() {
        return "HttpBlueskyApi";
    }

    // ------------------------------------------------------------------ HTTP

    /** A GET (body null) or a JSON POST of {@code method} ("nsid" or "nsid?query") on {@code baseUrl}. */
    private <T> XrpcResult<T> send(String baseUrl, String method, String bearer, ObjectNode body, Call call, String secret,
                                   Function<JsonNode, T> parse) {
        boolean post = body != null || call == Call.AUTH;
        return exchange(baseUrl, method, bearer, post ? HttpRequest.BodyPublishers.ofString(body == null ? "" : Json.write(body),
                StandardCharsets.UTF_8) : null, body == null ? null : "application/json", call, secret, parse);
    }

    private <T> XrpcResult<T> exchange(String baseUrl, String method, String bearer, HttpRequest.BodyPublisher body,
                                       String contentType, Call call, String secret, Function<JsonNode, T> parse) {
        return exchange(baseUrl, method, bearer, body, contentType, call, secret, Map.of(), parse);
    }

    /** {@code headers}: more the call carries ({@code atproto-proxy}). */
    private <T> XrpcResult<T> exchange(String baseUrl, String method, String bearer, HttpRequest.BodyPublisher body,
                                       String contentType, Call call, String secret, Map<String, String> headers,
                                       Function<JsonNode, T> parse) {
        URI uri = xrpcUri(baseUrl, method);
        if (uri == null) {
            return new XrpcResult.Rejected<>(0, "InvalidRequest", "the service URL must be an http(s) URL");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
        headers.forEach(request::header);
        if (bearer != null) {
            if (!TOKEN.matcher(bearer).matches()) {
                return new XrpcResult.AuthRefused<>(0, "InvalidToken", "no usable token for this account");
            }
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body == null) {
            request.GET();
        } else {
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            request.POST(body);
        }
        String what = pathOnly(method);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            // nothing was sent: always safe to try again
            return new XrpcResult.Transient<>(0, "", "cannot connect for " + what, null);
        } catch (HttpTimeoutException e) {
            return afterSend(call, what, "timed out after " + requestTimeout.toMillis() + " ms");
        } catch (IOException e) {
            return afterSend(call, what, "I/O error " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return afterSend(call, what, "interrupted");
        }
        return map(response, call, what, secret, parse);
    }

    private static <T> XrpcResult<T> afterSend(Call call, String what, String why) {
        if (call == Call.IRREVERSIBLE) {
            LOG.warn("Bluesky outcome unknown for {}: {}", what, why);
            return new XrpcResult.Unknown<>(what + ": " + why + "; it may or may not have been applied");
        }
        return new XrpcResult.Transient<>(0, "", what + ": " + why, null);
    }

    private static <T> XrpcResult<T> map(HttpResponse<String> response, Call call, String what, String secret,
                                         Function<JsonNode, T> parse) {
        int status = response.statusCode();
        JsonNode body = ProviderHttp.jsonOrNull(response.body());
        if (status >= 200 && status < 300) {
            T value = body == null ? null : parse.apply(body);
            if (value != null) {
                return new XrpcResult.Ok<>(value);
            }
            String why = what + ": HTTP " + status + " without the expected result";
            return call == Call.IRREVERSIBLE ? new XrpcResult.Unknown<>(why) : new XrpcResult.Transient<>(status, "", why, null);
        }
        String error = body == null ? "" : body.path("error").asText("");
        if (!ERROR_NAME.matcher(error).matches()) {
            error = "";
        }
        String message = what + ": " + (body == null ? "" : ProviderHttp.clip(ProviderHttp.redact(body.path("message").asText(""),
                secret), MAX_MESSAGE)) + " (HTTP " + status + (error.isEmpty() ? "" : ", " + error) + ")";
        LOG.debug("Bluesky {} -> {} {}", what, status, error);
        if (status == 429) {
            return new XrpcResult.Transient<>(status, error, message, retryAt(response.headers()));
        }
        if (status >= 500) {
            // the PDS answers 500 to a second createRecord with the same key: the first may have landed
            return call == Call.IRREVERSIBLE ? new XrpcResult.Unknown<>(message) : new XrpcResult.Transient<>(status, error, message, null);
        }
        if ("ExpiredToken".equals(error)) {
            return call == Call.AUTH ? new XrpcResult.AuthRefused<>(status, error, message) : new XrpcResult.TokenExpired<>(error, message);
        }
        if (status == 401 || status == 403 || REFUSED.contains(error)) {
            return new XrpcResult.AuthRefused<>(status, error, message);
        }
        return new XrpcResult.Rejected<>(status, error, message);
    }

    /** {@code ratelimit-reset} (epoch seconds, as the PDS sends it), else {@code Retry-After} (seconds), else null. */
    static Instant retryAt(HttpHeaders headers) {
        Optional<String> reset = headers.firstValue("ratelimit-reset");
        try {
            if (reset.isPresent()) {
                return Instant.ofEpochSecond(Long.parseLong(reset.get().trim()));
            }
            Optional<String> after = headers.firstValue("Retry-After");
            if (after.isPresent()) {
                return Instant.now().plusSeconds(Math.max(0, Long.parseLong(after.get().trim())));
            }
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
        return null;
    }

    private static BlueskySession session(JsonNode json, String serviceUrl, BlueskySession previous) {
        String did = ProviderHttp.text(json, "did");
        String access = ProviderHttp.text(json, "accessJwt");
        String refresh = ProviderHttp.text(json, "refreshJwt");
        if (did == null || access == null || refresh == null || access.isEmpty() || refresh.isEmpty()
                || (previous != null && previous.did() != null && !did.equals(previous.did()))) {
            return null; // a good session is never replaced by an empty or foreign one
        }
        String pds = pdsEndpoint(json.path("didDoc"));
        String handle = ProviderHttp.text(json, "handle");
        return new BlueskySession(did, handle != null ? handle : previous == null ? null : previous.handle(),
                pds != null ? pds : previous != null ? previous.pdsUrl() : ProviderHttp.trimBase(serviceUrl),
                access, refresh, json.path("active").asBoolean(true), ProviderHttp.text(json, "status"));
    }

    /** The DID document's {@code #atproto_pds} service endpoint, if it is an http(s) URL. */
    static String pdsEndpoint(JsonNode didDoc) {
        for (JsonNode s : didDoc.path("service")) {
            String id = s.path("id").asText("");
            if (id.equals("#atproto_pds") || id.endsWith("#atproto_pds")) {
                String endpoint = s.path("serviceEndpoint").asText("");
                return xrpcUri(endpoint, "x") == null ? null : ProviderHttp.trimBase(endpoint);
            }
        }
        return null;
    }

    private static BlueskyApi.PostRef ref(JsonNode json, String did, String rkey) {
        String uri = ProviderHttp.text(json, "uri");
        String cid = ProviderHttp.text(json, "cid");
        if (uri == null || cid == null || !uri.endsWith("/" + POST_COLLECTION + "/" + rkey)) {
            return null;
        }
        JsonNode value = json.get("value");
        return new BlueskyApi.PostRef(uri, cid, did, rkey, value);
    }

    private static URI xrpcUri(String baseUrl, String method) {
        if (baseUrl == null) {
            return null;
        }
        try {
            URI base = URI.create(ProviderHttp.trimBase(baseUrl));
            if (base.getHost() == null || base.getRawQuery() != null || base.getRawFragment() != null
                    || !("https".equalsIgnoreCase(base.getScheme()) || "http".equalsIgnoreCase(base.getScheme()))) {
                return null;
            }
            return URI.create(ProviderHttp.trimBase(baseUrl) + "/xrpc/" + method);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean validDid(String did) {
        return did != null && DID.matcher(did).matches();
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String pathOnly(String method) {
        int q = method.indexOf('?');
        return q < 0 ? method : method.substring(0, q);
    }
}
