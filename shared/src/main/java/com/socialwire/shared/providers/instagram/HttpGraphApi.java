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
    static final String CONTAINER_FIELDS = "id,status_code,status";
    static final String LIMIT_FIELDS = "quota_usage,config";
    static final String MEDIA_FIELDS = "id,caption,permalink,timestamp";
    static final String OWNER_FIELDS = "user_id,username";
    private static final Pattern IG_USER_ID = Pattern.compile("[0-9]{1,32}");
    static final int MAX_MEDIA_PAGE = 100;
    static final int MAX_CAROUSEL_ITEMS = 10;
    /** Meta's "publishing limit reached" ({@code POST /{ig-user-id}/media_publish}, subcode 2207042). */
    static final int PUBLISHING_LIMIT_CODE = 9;
    private static final String FORM = "application/x-www-form-urlencoded";

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

    /**
     * Meta's Get Started page shows the answer wrapped in {@code data[0]}; the live API answers the object itself.
     * Both are read.
     */
    @Override
    public GraphResult<TokenOwner> tokenOwner(String accessToken) {
        GraphResult<TokenOwner> r = get(accessToken, "me", "", OWNER_FIELDS, null, json -> {
            JsonNode me = json.path("data").isArray() ? json.path("data").path(0) : json;
            return me.isObject() ? new TokenOwner(text(me, "user_id"), text(me, "username")) : null;
        });
        if (r instanceof GraphResult.Ok<TokenOwner> ok && (ok.value().igUserId() == null
                || !IG_USER_ID.matcher(ok.value().igUserId()).matches())) {
            return new GraphResult.Rejected<>(200, 0, "GET /me answered without a numeric user_id: not an Instagram Login token");
        }
        return r;
    }

    @Override
    public GraphResult<String> replyToComment(String accessToken, String commentId, String message) {
        return post(accessToken, commentId, "/replies", form("message", message), FORM,
                body -> text(body, "id"));
    }

    @Override
    public GraphResult<Boolean> hideComment(String accessToken, String commentId, boolean hide) {
        return post(accessToken, commentId, "", form("hide", Boolean.toString(hide)), FORM,
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
        return get(accessToken, commentId, "", COMMENT_FIELDS, null, HttpGraphApi::comment);
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
        } else if (code == PUBLISHING_LIMIT_CODE && status < 500) {
            // The account's 24-hour publishing quota is used up: waiting minutes cannot help (see publishContainer).
            result = new GraphResult.Rejected<>(status, code, message);
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
    public static boolean isThrottle(int code) {
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

    // ------------------------------------------------------------------ content publishing

    /**
     * Form parameters as Meta's {@code POST /{ig-user-id}/media} reference spells them: an image is
     * {@code image_url} with no {@code media_type}; a reel or video is {@code media_type=REELS|VIDEO} and
     * {@code video_url}; a carousel item adds {@code is_carousel_item=true} and never a caption; a carousel is
     * {@code media_type=CAROUSEL} with {@code children} (the item container ids, comma-joined) and the caption.
     * An unusable spec is refused here, before anything is sent ({@link GraphResult.Rejected} with status 0).
     */
    @Override
    public GraphResult<String> createContainer(String accessToken, String igUserId, ContainerSpec spec) {
        String body;
        try {
            body = containerForm(spec);
        } catch (IllegalArgumentException e) {
            return new GraphResult.Rejected<>(0, 0, e.getMessage());
        }
        return post(accessToken, igUserId, "/media", body, FORM, json -> text(json, "id"));
    }

    /** Reads {@code id}, {@code status_code} and {@code status} (for ERROR, Meta puts the error subcode in {@code status}). */
    @Override
    public GraphResult<ContainerStatus> containerStatus(String accessToken, String containerId) {
        return get(accessToken, containerId, "", CONTAINER_FIELDS, null, json -> {
            String statusCode = text(json, "status_code");
            if (statusCode == null) {
                return null;
            }
            String id = text(json, "id");
            return new ContainerStatus(id == null ? containerId : id, statusCode, text(json, "status"));
        });
    }

    /**
     * Publishing is the one step that must not happen twice: a timeout or broken connection after sending is
     * {@link GraphResult.Unknown}, and the caller should read {@link #containerStatus} (PUBLISHED or not) before
     * trying again. Errors Meta documents for this call (Instagram Platform "Error Codes" reference):
     * <ul>
     *   <li>code 9, subcode 2207042: the account reached its publishing limit (quota in
     *       {@link #publishingLimit}; it frees as earlier posts leave the rolling 24 hours). Meta names it a
     *       limit, not a throttle, and a retry within minutes cannot succeed, so it is {@link GraphResult.Rejected}
     *       (with HTTP 400 as Meta sends it; the subcode is in the message).</li>
     *   <li>code 9007, subcode 2207027: the container is not ready yet (still IN_PROGRESS): Rejected; poll
     *       {@link #containerStatus} until FINISHED first.</li>
     *   <li>code 24, subcode 2207006 / 2207008: the container cannot be found or has expired: Rejected.</li>
     *   <li>code -2, subcode 2207020: the container expired (24 h): Rejected; create a new one.</li>
     * </ul>
     * Meta documents no error for publishing a container twice; the container then reads PUBLISHED.
     */
    @Override
    public GraphResult<String> publishContainer(String accessToken, String igUserId, String containerId) {
        if (!validId(containerId)) {
            return invalidId();
        }
        return post(accessToken, igUserId, "/media_publish", form("creation_id", containerId), FORM, json -> text(json, "id"));
    }

    @Override
    public GraphResult<String> permalink(String accessToken, String mediaId) {
        return get(accessToken, mediaId, "", "permalink", null, json -> text(json, "permalink"));
    }

    /**
     * Reads {@code {"data":[{"quota_usage":N,"config":{"quota_total":T,"quota_duration":86400}}]}}. Meta's pages
     * disagree on the total (25, 50 and 100 appear in different versions), so callers must use the value read,
     * never a constant. A missing {@code config} reads as total 0 and duration 0: unknown, never "exhausted".
     */
    @Override
    public GraphResult<PublishingLimit> publishingLimit(String accessToken, String igUserId) {
        return get(accessToken, igUserId, "/content_publishing_limit", LIMIT_FIELDS, null, json -> {
            JsonNode first = json.path("data").path(0);
            if (!first.isObject() || !first.path("quota_usage").canConvertToInt()) {
                return null;
            }
            JsonNode config = first.path("config");
            return new PublishingLimit(first.path("quota_usage").asInt(), config.path("quota_total").asInt(0),
                    config.path("quota_duration").asLong(0));
        });
    }

    /** {@code limit} must be at least 1 (else Rejected without a call); above {@value #MAX_MEDIA_PAGE} it is capped there, Meta's page size ceiling. */
    @Override
    public GraphResult<List<PublishedMedia>> recentMedia(String accessToken, String igUserId, int limit) {
        if (limit < 1) {
            return new GraphResult.Rejected<>(0, 0, "limit must be at least 1");
        }
        return get(accessToken, igUserId, "/media", MEDIA_FIELDS, "limit=" + Math.min(limit, MAX_MEDIA_PAGE), json -> {
            JsonNode data = json.get("data");
            if (data == null || !data.isArray()) {
                return null;
            }
            List<PublishedMedia> media = new ArrayList<>();
            for (JsonNode m : data) {
                String id = text(m, "id");
                if (id != null) {
                    media.add(new PublishedMedia(id, text(m, "caption"), text(m, "permalink"), text(m, "timestamp")));
                }
            }
            return List.copyOf(media);
        });
    }

    /**
     * {@code GET /{objectId}{edge}?fields=…[&extraQuery]}: the one read every other Graph read builds on
     * ({@link BusinessDiscovery}, the reads context's owned-media path). {@code parse} answers null for a body it cannot read.
     */
    public <T> GraphResult<T> get(String token, String objectId, String edge, String fields, String extraQuery,
                           Function<JsonNode, T> parse) {
        if (!validId(objectId)) {
            return invalidId();
        }
        String path = "/" + objectId + edge + "?fields=" + URLEncoder.encode(fields, StandardCharsets.UTF_8)
                + (extraQuery == null ? "" : "&" + extraQuery);
        return send(token, false, path, null, null, parse);
    }

    static String containerForm(ContainerSpec spec) {
        if (spec == null || spec.mediaType() == null) {
            throw new IllegalArgumentException("no container spec or media type");
        }
        List<String> params = new ArrayList<>();
        switch (spec.mediaType()) {
            case "IMAGE" -> params.add(form("image_url", required(spec.imageUrl(), "image_url")));
            case "REELS", "VIDEO" -> {
                params.add(form("media_type", spec.mediaType()));
                params.add(form("video_url", required(spec.videoUrl(), "video_url")));
            }
            case "CAROUSEL" -> {
                if (spec.carouselItem()) {
                    throw new IllegalArgumentException("a carousel cannot be a carousel item");
                }
                List<String> children = spec.children() == null ? List.of() : spec.children();
                if (children.size() < 2 || children.size() > MAX_CAROUSEL_ITEMS) {
                    throw new IllegalArgumentException("a carousel needs 2 to " + MAX_CAROUSEL_ITEMS + " items, not " + children.size());
                }
                for (String child : children) {
                    if (!validId(child)) {
                        throw new IllegalArgumentException("carousel child is not a Graph object id");
                    }
                }
                params.add(form("media_type", "CAROUSEL"));
                params.add(form("children", String.join(",", children)));
            }
            default -> throw new IllegalArgumentException("unsupported media type " + ProviderHttp.clip(spec.mediaType(), 20));
        }
        if (spec.carouselItem()) {
            params.add(form("is_carousel_item", "true"));
        } else if (spec.caption() != null) {
            params.add(form("caption", spec.caption()));
        }
        return String.join("&", params);
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
