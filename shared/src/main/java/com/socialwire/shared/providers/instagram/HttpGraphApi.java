package com.socialwire.shared.providers.instagram;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The real Instagram Graph API client: {@link GraphApi} over {@code java.net.http}, with Meta's errors mapped to {@link GraphResult}s. */
public final class HttpGraphApi implements GraphApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpGraphApi.class);

    static final String COMMENT_FIELDS = "id,text,username,timestamp,from,media,replies{id,text,username,from}";
    static final String USAGE_HEADER = "X-Business-Use-Case-Usage";

    // Graph object ids are numeric or underscore-joined; anything else would let a caller's string reshape the path.
    private static final Pattern OBJECT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    // A token is printable ASCII; checking here keeps a malformed one out of the HttpClient's own exception text.
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1,4096}");
    private static final int MAX_MESSAGE = 500;

    private final HttpClient http;
    private final String baseUrl;
    private final Duration requestTimeout;

    public HttpGraphApi(String baseUrl, Duration requestTimeout) {
        this(ProviderHttp.newClient(), baseUrl, requestTimeout);
    }

    public HttpGraphApi(HttpClient http, String baseUrl, Duration requestTimeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.baseUrl = ProviderHttp.trimBase(Objects.requireNonNull(baseUrl, "baseUrl"));
        URI.create(this.baseUrl + "/"); // fail at cold start, not on the first call
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    @Override
    public GraphResult<String> replyToComment(String accessToken, String commentId, String message) {
        return post(accessToken, commentId, "/replies", form("message", message), "application/x-www-form-urlencoded",
                body -> text(body, "id"));
    }

    @Override
    public GraphResult<Boolean> hideComment(String accessToken, String commentId, boolean hide) {
        return post(accessToken, commentId, "", form("hide", Boolean.toString(hide)), "application/x-www-form-urlencoded",
                body -> body.has("success") ? body.path("success").asBoolean(false) : null);
    }

    @Override
    public GraphResult<String> sendMessage(String accessToken, String igUserId, String recipientId, String text) {
        ObjectNode body = Json.object();
        body.putObject("recipient").put("id", recipientId);
        body.putObject("message").put("text", text);
        return post(accessToken, igUserId, "/messages", Json.write(body), "application/json",
                json -> text(json, "message_id"));
    }

    @Override
    public GraphResult<Comment> getComment(String accessToken, String commentId) {
        if (!validId(commentId)) {
            return invalidId();
        }
        String path = "/" + commentId + "?fields=" + URLEncoder.encode(COMMENT_FIELDS, StandardCharsets.UTF_8);
        return send(accessToken, false, path, null, null, HttpGraphApi::comment);
    }

    @Override
    public String toString() {
        return "HttpGraphApi[" + baseUrl + "]";
    }

    private <T> GraphResult<T> post(String token, String objectId, String edge, String body, String contentType,
                                    Function<JsonNode, T> parse) {
        if (!validId(objectId)) {
            return invalidId();
        }
        return send(token, true, "/" + objectId + edge, body, contentType, parse);
    }

    private <T> GraphResult<T> send(String token, boolean post, String path, String body, String contentType,
                                    Function<JsonNode, T> parse) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return new GraphResult.TokenExpired<>(0, 0, "no usable access token for this account");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (post) {
            request.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.GET();
        }
        String what = (post ? "POST " : "GET ") + pathOnly(path);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            // Nothing was sent: always safe to try again.
            return new GraphResult.Transient<>(0, 0, "connect timeout on " + what, 0);
        } catch (HttpTimeoutException e) {
            return afterSend(post, what, "timed out after " + requestTimeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return new GraphResult.Transient<>(0, 0, "cannot connect for " + what, 0);
        } catch (IOException e) {
            // The connection broke somewhere between sending and reading: a POST may have landed.
            return afterSend(post, what, "I/O error " + e.getClass().getSimpleName() + ": "
                    + ProviderHttp.clip(ProviderHttp.redact(e.getMessage(), token), MAX_MESSAGE));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return afterSend(post, what, "interrupted");
        }
        return map(response, post, what, token, parse);
    }

    private static <T> GraphResult<T> afterSend(boolean post, String what, String why) {
        if (post) {
            LOG.warn("Graph API outcome unknown for {}: {}", what, why);
            return new GraphResult.Unknown<>(what + ": " + why + "; it may or may not have been applied");
        }
        return new GraphResult.Transient<>(0, 0, what + ": " + why, 0);
    }

    private static <T> GraphResult<T> map(HttpResponse<String> response, boolean post, String what, String token,
                                          Function<JsonNode, T> parse) {
        int status = response.statusCode();
        GraphResult.BusinessUseCaseUsage usage = parseUsage(response.headers().firstValue(USAGE_HEADER).orElse(null));
        JsonNode body = ProviderHttp.jsonOrNull(response.body());
        if (status >= 200 && status < 300) {
            T value = body == null ? null : parse.apply(body);
            if (value != null) {
                return new GraphResult.Ok<>(value, usage);
            }
            // Meta said yes but not what we expected to read: for a write, the caller must check before repeating it.
            return post
                    ? new GraphResult.Unknown<>(what + ": HTTP " + status + " without the expected result")
                    : new GraphResult.Transient<>(status, 0, what + ": HTTP " + status + " without the expected result", 0);
        }
        JsonNode error = body == null ? Json.object() : body.path("error");
        int code = error.path("code").asInt(0);
        int subcode = error.path("error_subcode").asInt(0);
        String type = error.path("type").asText("");
        String message = describe(status, error, code, subcode, type, token);
        GraphResult<T> result;
        if (code == 190 || code == 102 || (status == 401 && "OAuthException".equals(type))) {
            result = new GraphResult.TokenExpired<>(code, subcode, message);
        } else if (status == 429 || status >= 500 || isThrottle(code) || error.path("is_transient").asBoolean(false)) {
            result = new GraphResult.Transient<>(status, code, message, retryAfterSeconds(usage, response.headers()));
        } else {
            result = new GraphResult.Rejected<>(status, code, message);
        }
        LOG.debug("Graph API {} -> {} code {}", what, status, code);
        return result;
    }

    /**
     * Meta's throttling and temporary-outage codes: 1 and 2 (API unknown/service, "wait and retry"), 4, 17, 32, 341,
     * 613, and the business use case limits 80000–80014 (Instagram is 80002, Messenger 80006).
     */
    static boolean isThrottle(int code) {
        return switch (code) {
            case 1, 2, 4, 17, 32, 341, 613 -> true;
            default -> code >= 80000 && code <= 80014;
        };
    }

    private static String describe(int status, JsonNode error, int code, int subcode, String type, String token) {
        String text = error.path("message").asText("");
        StringBuilder s = new StringBuilder(text.isEmpty() ? "HTTP " + status : ProviderHttp.clip(text, MAX_MESSAGE));
        s.append(" (HTTP ").append(status);
        if (!type.isEmpty()) {
            s.append(", type ").append(type);
        }
        if (code != 0) {
            s.append(", code ").append(code);
        }
        if (subcode != 0) {
            s.append(", subcode ").append(subcode);
        }
        String trace = error.path("fbtrace_id").asText("");
        if (!trace.isEmpty()) {
            // Meta support asks for this id; it is useless after a short while, so it only goes into the message.
            s.append(", fbtrace_id ").append(trace);
        }
        s.append(')');
        return ProviderHttp.redact(s.toString(), token);
    }

    private static long retryAfterSeconds(GraphResult.BusinessUseCaseUsage usage, HttpHeaders headers) {
        if (usage != null && usage.estimatedTimeToRegainAccessMinutes() > 0) {
            return usage.estimatedTimeToRegainAccessMinutes() * 60;
        }
        return headers.firstValue("Retry-After").map(v -> {
            try {
                return Math.max(0, Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return 0L;
            }
        }).orElse(0L);
    }

    /**
     * Parses {@code X-Business-Use-Case-Usage}: a JSON object keyed by business object id, each an array of
     * {@code {type, call_count, total_cputime, total_time, estimated_time_to_regain_access}}. Keeps the highest of
     * each figure, since the tightest quota is the one that throttles us. Null when absent or unreadable.
     */
    static GraphResult.BusinessUseCaseUsage parseUsage(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        JsonNode root = ProviderHttp.jsonOrNull(header);
        if (root == null || !root.isObject()) {
            return null;
        }
        int callCount = 0;
        int cpu = 0;
        int time = 0;
        long regain = 0;
        boolean any = false;
        for (JsonNode entries : root) {
            for (JsonNode e : entries.isArray() ? entries : List.of(entries)) {
                if (!e.isObject()) {
                    continue;
                }
                any = true;
                callCount = Math.max(callCount, e.path("call_count").asInt(0));
                cpu = Math.max(cpu, e.path("total_cputime").asInt(0));
                time = Math.max(time, e.path("total_time").asInt(0));
                regain = Math.max(regain, e.path("estimated_time_to_regain_access").asLong(0));
            }
        }
        return any ? new GraphResult.BusinessUseCaseUsage(callCount, cpu, time, regain) : null;
    }

    private static Comment comment(JsonNode c) {
        String id = text(c, "id");
        if (id == null) {
            return null;
        }
        List<Reply> replies = new ArrayList<>();
        for (JsonNode r : c.path("replies").path("data")) {
            replies.add(new Reply(text(r, "id"), text(r, "text"), text(r, "username"), text(r.path("from"), "id")));
        }
        return new Comment(id, text(c, "text"), text(c, "username"), text(c.path("from"), "id"),
                text(c.path("media"), "id"), text(c, "timestamp"), List.copyOf(replies));
    }

    private static String text(JsonNode node, String field) {
        return ProviderHttp.text(node, field);
    }

    private static String form(String name, String value) {
        return name + "=" + URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static boolean validId(String id) {
        return id != null && OBJECT_ID.matcher(id).matches();
    }

    private static <T> GraphResult<T> invalidId() {
        // Nothing was sent (status 0): the id came from bad input, and no retry can fix it.
        return new GraphResult.Rejected<>(0, 0, "not a Graph object id");
    }

    private static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    // ------------------------------------------------------------------ content publishing (being implemented)

    @Override
    public GraphResult<String> createContainer(String accessToken, String igUserId, ContainerSpec spec) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public GraphResult<ContainerStatus> containerStatus(String accessToken, String containerId) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public GraphResult<String> publishContainer(String accessToken, String igUserId, String containerId) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public GraphResult<String> permalink(String accessToken, String mediaId) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public GraphResult<PublishingLimit> publishingLimit(String accessToken, String igUserId) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public GraphResult<List<PublishedMedia>> recentMedia(String accessToken, String igUserId, int limit) {
        throw new UnsupportedOperationException("not yet");
    }
}
