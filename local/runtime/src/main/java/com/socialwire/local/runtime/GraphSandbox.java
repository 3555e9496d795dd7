package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Hashing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Instagram Graph API (LOCAL SANDBOX — nothing reaches Meta): it answers
 * comment replies, hides, DMs, comment reads and content publishing in Graph's shapes and records every
 * call, so a developer sees exactly what would have been sent ({@code GET /_local/outbox}). Faults can be
 * queued ({@code POST /_local/graph/_faults}) to rehearse Meta's errors, timeouts included.
 *
 * <p>Content publishing keeps state, like Meta:
 * <ul>
 *   <li>{@code POST /{ig-user-id}/media} makes a container. An IMAGE is FINISHED at once; a REELS or VIDEO
 *       container reads IN_PROGRESS for its first {@value #VIDEO_POLLS_IN_PROGRESS} status reads
 *       ({@code GET /{container-id}}), FINISHED from then on; a CAROUSEL is FINISHED when all its children are
 *       (reading a carousel's status reads its children's too). Unpublished containers EXPIRE after 24 h.</li>
 *   <li>{@code POST /{ig-user-id}/media_publish} with {@code creation_id}: a FINISHED container becomes
 *       PUBLISHED and a new media (caption, {@code https://www.instagram.com/p/<shortcode>/}, timestamp) is
 *       stored. Publishing it again: HTTP 400 code 100 "The media has already been published" (Meta documents
 *       no code for this; the sandbox picks the generic invalid-parameter one). Not FINISHED yet: code 9007,
 *       subcode 2207027. Expired: code -2, subcode 2207020. Unknown container: code 100. The 24-hour quota
 *       used up: code 9, subcode 2207042. These are shaped after Meta's Instagram "Error Codes" table.</li>
 *   <li>{@code GET /{media-id}?fields=permalink,...}, {@code GET /{ig-user-id}/media} (newest first,
 *       {@code limit}, default 25) and {@code GET /{ig-user-id}/content_publishing_limit}: quota_usage is the
 *       number of publishes for that account in the last 24 h, quota_total 100, unless overridden with
 *       {@code POST /_local/graph/_quota} ({@link #setQuota}).</li>
 * </ul>
 * Paths arrive relative to the sandbox's base ({@code /{id}/edge}); a Graph version prefix such as
 * {@code /v21.0} is accepted and ignored.
 *
 * <p>Insights (LOCAL SANDBOX numbers, made up but stable): {@code GET /{media-id}/insights?metric=…} answers the
 * metrics of the media's product type (FEED, REELS) growing with its age, an empty {@code data} array for media
 * younger than {@link #INSIGHTS_LAG}, and Meta's (#100) "does not support the … metric for this media product type"
 * for a metric the type does not have ({@code impressions}, {@code plays}…); {@code GET /{ig-user-id}?fields=followers_count}
 * and {@code GET /{ig-user-id}/insights?metric=reach,views&metric_type=total_value} answer the account's numbers.
 *
 * <p>Tokens, like Graph: every call needs a token the sandbox issued ({@link #issueToken}, {@code POST
 * /_local/graph/_tokens}) or the demo account's ({@link #DEMO_TOKEN}); any other token is answered as Graph answers
 * an invalid one (HTTP 400, OAuthException code 190). {@code GET /me?fields=user_id,username} answers whom a token
 * belongs to, and an account's edges ({@code /{ig-user-id}/media}, {@code /media_publish}, {@code /messages},
 * {@code /content_publishing_limit}) answer only that account's token (else code 100, subcode 33, as Graph answers
 * an object the token cannot see). Tokens carry their account and a MAC under a fixed local key, so they need no
 * state and stay valid across restarts ({@code --persist}).
 *
 * <p>Instagram Login after its consent (the LOCAL INSTAGRAM SANDBOX's, {@code /_local/instagram}): {@code GET
 * /access_token?grant_type=ig_exchange_token} takes that sandbox's short-lived token and {@code GET
 * /refresh_access_token?grant_type=ig_refresh_token} one of these tokens, and both answer a 60-day token of this
 * sandbox for the same account; {@code GET /me} also answers {@code name} and {@code account_type} (BUSINESS).
 */
final class GraphSandbox {

    static final int DEFAULT_QUOTA_TOTAL = 100;
    static final long QUOTA_DURATION_SECONDS = 86_400;
    static final int VIDEO_POLLS_IN_PROGRESS = 2;
    static final Duration CONTAINER_LIFETIME = Duration.ofHours(24);
    static final int DEFAULT_MEDIA_PAGE = 25;
    static final int MAX_MEDIA_PAGE = 100;

    /** The demo Instagram account: the one events/meta-*.json and the README's webhook example name. */
    static final String DEMO_IG_USER_ID = "17841400000000001";
    static final String DEMO_USERNAME = "bloombakery";
    private static final String TOKEN_PREFIX = "IGAALocal.";
    // not a secret: it only lets the sandbox tell its own tokens from made-up ones
    private static final byte[] TOKEN_MAC_KEY = "socialwire-local-graph-sandbox-tokens".getBytes(StandardCharsets.UTF_8);
    private static final Pattern IG_USER_ID = Pattern.compile("[0-9]{1,32}");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._]{1,30}");
    private static final Set<String> ACCOUNT_EDGES = Set.of("messages", "media", "media_publish", "content_publishing_limit");
    /** The demo account's token, printed at start and written in the README. */
    static final String DEMO_TOKEN = token(DEMO_IG_USER_ID, DEMO_USERNAME);

    private static final Pattern VERSION_PREFIX = Pattern.compile("^/v\\d+(\\.\\d+)?(?=/)");
    private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(ZoneOffset.UTC);
    private static final String SHORTCODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final Set<String> MEDIA_FIELDS = Set.of("caption", "permalink", "timestamp", "media_type", "shortcode", "media_product_type");
    /** The media insights metrics each product type has (reports-content.md §1.2); any other is refused with (#100). */
    private static final Map<String, Set<String>> INSIGHTS_BY_TYPE = Map.of(
            "FEED", Set.of("views", "reach", "likes", "comments", "saved", "shares", "total_interactions", "follows", "profile_visits"),
            "REELS", Set.of("views", "reach", "likes", "comments", "saved", "shares", "total_interactions", "ig_reels_avg_watch_time"),
            "STORY", Set.of("views", "reach", "replies", "shares", "total_interactions", "navigation"));
    /** Insights of media younger than this are an empty data array, as Meta's lag makes them. */
    static final Duration INSIGHTS_LAG = Duration.ofHours(1);

    /**
     * One queued fault: the next {@code times} calls whose path contains {@code pathContains} get it.
     * {@code lateAnswer}: an {@code applyFirst} fault with a delay but no status or error of its own answers
     * the real answer, late.
     */
    record Fault(String pathContains, int status, JsonNode body, long delayMs, boolean applyFirst, boolean lateAnswer, int[] remaining) {
    }

    /** What the sandbox answered. */
    record Answer(int status, String body, long delayMs) {
    }

    /** The account a sandbox token belongs to. */
    record Owner(String igUserId, String username) {
    }

    /** One media container: what was asked for, how far its processing has got, and the media publishing made of it. */
    private static final class Container {
        final String id;
        final String igUserId;
        final String mediaType;
        final String caption;
        final List<String> children;
        final boolean carouselItem;
        final Instant createdAt;
        int polls;
        String mediaId;

        Container(String id, String igUserId, String mediaType, String caption, List<String> children, boolean carouselItem, Instant createdAt) {
            this.id = id;
            this.igUserId = igUserId;
            this.mediaType = mediaType;
            this.caption = caption;
            this.children = children;
            this.carouselItem = carouselItem;
            this.createdAt = createdAt;
        }
    }

    private record Media(String id, String igUserId, String containerId, String mediaType, String caption, String shortcode, Instant publishedAt) {
        String permalink() {
            return "https://www.instagram.com/p/" + shortcode + "/";
        }
    }

    /** A developer's override of one account's quota: {@code total} posts, {@code extraUsage} counted on top of real publishes. */
    private record Quota(int total, int extraUsage) {
    }

    /** One account's quota as content_publishing_limit reads it. */
    private record Usage(int used, int total) {
        boolean exhausted() {
            return used >= total;
        }
    }

    private final InstantSource clock;
    private final List<ObjectNode> calls = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final Map<String, ArrayNode> replies = new LinkedHashMap<>();
    private final Map<String, Container> containers = new HashMap<>();
    private final List<Media> media = new ArrayList<>(); // in publishing order
    private final Map<String, Quota> quotas = new HashMap<>();
    private final AtomicLong ids = new AtomicLong(17_900_000_000_000_000L);
    /** Whose an Instagram Login short-lived token is (the Instagram sandbox's consent issued it), or null. */
    private volatile Function<String, Owner> shortLived = token -> null;

    GraphSandbox() {
        this(Clock.systemUTC());
    }

    GraphSandbox(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Lets {@code ig_exchange_token} take the short-lived tokens {@code owners} knows (Instagram Login's consent). */
    void acceptShortLivedTokens(Function<String, Owner> owners) {
        this.shortLived = Objects.requireNonNull(owners, "owners");
    }

    synchronized Answer handle(String method, String path, String query, String authorization, String contentType, byte[] body) {
        ObjectNode call = Json.object();
        call.put("at", clock.instant().toString());
        call.put("method", method);
        call.put("path", path);
        Map<String, String> q = query(query);
        // the token itself is never recorded (Graph also takes it as ?access_token=): a fingerprint tells tenants apart
        String token = authorization == null ? q.getOrDefault("access_token", "") : authorization.replaceFirst("(?i)^Bearer\\s+", "");
        q.remove("access_token");
        q.remove("client_secret"); // the long-lived exchange's
        call.put("query", q.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining("&")));
        call.put("tokenSha256Prefix", token.isEmpty() ? null : Hashing.sha256Hex(token).substring(0, 12));
        JsonNode params = params(contentType, body);
        call.set("body", params);
        Fault fault = nextFault(path);
        Answer answer;
        if (fault != null && !fault.applyFirst()) {
            answer = new Answer(fault.status(), Json.write(fault.body()), fault.delayMs());
            call.put("outcome", "fault " + fault.status());
        } else {
            answer = apply(method, path, q, params, token);
            call.put("outcome", "ok " + answer.status());
            if (fault != null && fault.lateAnswer()) {
                answer = new Answer(answer.status(), answer.body(), fault.delayMs());
                call.put("outcome", "applied, answered " + answer.status() + " after " + fault.delayMs() + " ms");
            } else if (fault != null) {
                // the call took effect, but its answer is lost or late: an unknown outcome for the caller
                answer = new Answer(fault.status(), Json.write(fault.body()), fault.delayMs());
                call.put("outcome", "applied, then fault " + fault.status());
            }
        }
        call.put("status", answer.status());
        calls.add(call);
        return answer;
    }

    private Answer apply(String method, String rawPath, Map<String, String> query, JsonNode params, String token) {
        String path = VERSION_PREFIX.matcher(rawPath).replaceFirst("");
        String[] parts = path.split("/");
        boolean post = method.equals("POST");
        boolean get = method.equals("GET");
        if (token.isEmpty()) {
            return error(400, "OAuthException", 104, null, "An access token is required to request this resource.", null);
        }
        if (get && (path.equals("/access_token") || path.equals("/refresh_access_token"))) {
            return longLived(path.equals("/access_token") ? "ig_exchange_token" : "ig_refresh_token", query,
                    path.equals("/access_token") ? shortLived.apply(token) : owner(token));
        }
        Owner owner = owner(token);
        if (owner == null) {
            return error(400, "OAuthException", 190, null, "Invalid OAuth access token - Cannot parse access token", null);
        }
        if (get && parts.length == 2 && parts[1].equals("me")) {
            return me(owner, query);
        }
        if (parts.length == 3 && ACCOUNT_EDGES.contains(parts[2]) && !parts[1].equals(owner.igUserId())) {
            return error(400, "GraphMethodException", 100, 33, "Unsupported " + (post ? "post" : "get") + " request. Object with ID '"
                    + parts[1] + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", null);
        }
        if (get && parts.length == 3 && parts[2].equals("insights")) {
            return insights(parts[1], owner, query);
        }
        if (get && parts.length == 2 && parts[1].equals(owner.igUserId()) && fields(query).contains("followers_count")) {
            return ok("{\"followers_count\":" + (1_000 + seed(owner.igUserId()) % 9_000) + ",\"id\":\"" + owner.igUserId() + "\"}");
        }
        if (parts.length == 3) {
            String id = parts[1];
            switch (parts[2]) {
                case "replies" -> {
                    if (post) {
                        return reply(id, params);
                    }
                }
                case "messages" -> {
                    if (post) {
                        String mid = "m_sandbox_" + ids.incrementAndGet();
                        return ok("{\"recipient_id\":\"" + params.path("recipient").path("id").asText("") + "\",\"message_id\":\"" + mid + "\"}");
                    }
                }
                case "media" -> {
                    if (post) {
                        return createContainer(id, params);
                    }
                    if (get) {
                        return listMedia(id, query);
                    }
                }
                case "media_publish" -> {
                    if (post) {
                        return publish(id, params);
                    }
                }
                case "content_publishing_limit" -> {
                    if (get) {
                        return publishingLimit(id, query);
                    }
                }
                default -> {
                }
            }
        }
        if (post && parts.length == 2) {
            return ok("{\"success\":true}");
        }
        if (get && parts.length == 2) {
            return read(parts[1], query);
        }
        return error(400, "GraphMethodException", 100, null, "Unsupported request (local sandbox)", null);
    }

    // ------------------------------------------------------------------ tokens

    /**
     * {@code GET /me}: as the Instagram API with Instagram Login answers it, {@code id} (app-scoped here: the account
     * id with a prefix) always, {@code user_id} and {@code username} when asked for.
     */
    private static Answer me(Owner owner, Map<String, String> query) {
        ObjectNode out = Json.object();
        List<String> fields = fields(query);
        if (fields.contains("user_id")) {
            out.put("user_id", owner.igUserId());
        }
        if (fields.contains("username")) {
            out.put("username", owner.username());
        }
        if (fields.contains("name")) {
            out.put("name", owner.username());
        }
        if (fields.contains("account_type")) {
            out.put("account_type", "BUSINESS"); // the sandbox's accounts are all professional ones
        }
        out.put("id", "99" + owner.igUserId());
        return ok(Json.write(out));
    }

    /**
     * Instagram Login's {@code GET /access_token?grant_type=ig_exchange_token} (a short-lived token from the Instagram
     * sandbox's consent) and {@code GET /refresh_access_token?grant_type=ig_refresh_token} (a long-lived token of this
     * sandbox): a 60-day token of the same account, as Meta answers them.
     */
    private static Answer longLived(String grantType, Map<String, String> query, Owner owner) {
        if (!grantType.equals(query.get("grant_type"))) {
            return error(400, "OAuthException", 100, null, "Invalid grant_type: expected " + grantType, null);
        }
        if (owner == null) {
            return error(400, "OAuthException", 190, null, "Invalid OAuth access token - Cannot parse access token", null);
        }
        ObjectNode out = Json.object();
        out.put("access_token", token(owner.igUserId(), owner.username()));
        out.put("token_type", "bearer");
        out.put("expires_in", 5_184_000);
        return ok(Json.write(out));
    }

    /** A token of {@code igUserId}: its account and a MAC, so the sandbox knows it again without keeping it. */
    static String token(String igUserId, String username) {
        String claim = Base64.getUrlEncoder().withoutPadding().encodeToString((igUserId + ":" + username).getBytes(StandardCharsets.UTF_8));
        return TOKEN_PREFIX + claim + "." + mac(claim);
    }

    /** The account {@code token} belongs to, or null for a token the sandbox never issued. */
    static Owner owner(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return null;
        }
        String[] parts = token.substring(TOKEN_PREFIX.length()).split("\\.", -1);
        if (parts.length != 2 || !Hashing.constantTimeEquals(mac(parts[0]), parts[1])) {
            return null;
        }
        String[] claim;
        try {
            claim = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8).split(":", 2);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return claim.length == 2 ? new Owner(claim[0], claim[1]) : null;
    }

    /**
     * Issues a token for an Instagram account, as Business Login for Instagram would after the account's owner
     * logged in: {@code {"igUserId":"17841400000000001","username":"bloombakery"}} (username optional).
     */
    static Map<String, Object> issueToken(JsonNode spec) {
        String igUserId = spec == null ? "" : spec.path("igUserId").asText("");
        if (!IG_USER_ID.matcher(igUserId).matches()) {
            throw new IllegalArgumentException("igUserId must be the numeric Instagram account id, e.g. 17841400000000002");
        }
        String username = spec.path("username").asText("ig_" + igUserId.substring(Math.max(0, igUserId.length() - 6)));
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username must be an Instagram username: letters, digits, '.' and '_', at most 30");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accessToken", token(igUserId, username));
        out.put("tokenType", "bearer");
        out.put("igUserId", igUserId);
        out.put("username", username);
        out.put("sandbox", "LOCAL GRAPH API SANDBOX token: valid only here");
        return out;
    }

    private static String mac(String claim) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(TOKEN_MAC_KEY, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(claim.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ comments

    private Answer reply(String commentId, JsonNode params) {
        String id = Long.toString(ids.incrementAndGet());
        ObjectNode reply = Json.object();
        reply.put("id", id);
        reply.put("text", params.path("message").asText(""));
        replies.computeIfAbsent(commentId, k -> Json.mapper().createArrayNode()).add(reply);
        return ok("{\"id\":\"" + id + "\"}");
    }

    private Answer read(String id, Map<String, String> query) {
        Container container = containers.get(id);
        if (container != null) {
            return containerStatus(container, fields(query));
        }
        Media m = media(id);
        if (m != null) {
            return ok(Json.write(mediaNode(m, fields(query))));
        }
        List<String> fields = fields(query);
        if (fields.contains("status_code") || fields.contains("permalink")) {
            // asked as a container or a media, which it is not: Meta's answer for an id it does not know
            return error(400, "GraphMethodException", 100, 33, "Unsupported get request. Object with ID '" + id
                    + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", null);
        }
        ObjectNode c = Json.object();
        c.put("id", id);
        c.putObject("replies").set("data", replies.getOrDefault(id, Json.mapper().createArrayNode()));
        return ok(Json.write(c));
    }

    // ------------------------------------------------------------------ content publishing

    private Answer createContainer(String igUserId, JsonNode params) {
        String mediaType = params.path("media_type").asText("IMAGE").toUpperCase(Locale.ROOT);
        boolean carouselItem = params.path("is_carousel_item").asText("false").equalsIgnoreCase("true");
        String caption = params.hasNonNull("caption") ? params.path("caption").asText() : null;
        List<String> children = List.of();
        switch (mediaType) {
            case "IMAGE" -> {
                if (params.path("image_url").asText("").isBlank()) {
                    return invalidParameter("The parameter image_url is required.");
                }
            }
            case "REELS", "VIDEO" -> {
                if (params.path("video_url").asText("").isBlank()) {
                    return invalidParameter("The parameter video_url is required.");
                }
            }
            case "CAROUSEL" -> {
                if (carouselItem) {
                    return invalidParameter("A carousel cannot be a carousel item.");
                }
                children = children(params.get("children"));
                if (children.size() < 2 || children.size() > 10) {
                    return error(400, "OAuthException", 100, 2207028, "Invalid parameter", "Carousels need between 2 and 10 photos/videos.");
                }
                for (String child : children) {
                    Container c = containers.get(child);
                    if (c == null || !c.igUserId.equals(igUserId) || !c.carouselItem) {
                        return invalidParameter("The child " + child + " is not a carousel item container of this account (local sandbox).");
                    }
                }
            }
            default -> {
                return error(400, "OAuthException", 100, 2207023, "Invalid parameter", "The media type " + mediaType + " is unknown.");
            }
        }
        String id = Long.toString(ids.incrementAndGet());
        containers.put(id, new Container(id, igUserId, mediaType, carouselItem ? null : caption, children, carouselItem, clock.instant()));
        return ok("{\"id\":\"" + id + "\"}");
    }

    private Answer containerStatus(Container c, List<String> fields) {
        String statusCode = statusCode(c, true);
        ObjectNode out = Json.object();
        out.put("id", c.id);
        if (fields.contains("status_code")) {
            out.put("status_code", statusCode);
        }
        if (fields.contains("status")) {
            out.put("status", switch (statusCode) {
                case "FINISHED" -> "Finished: Media has been uploaded and it is complete.";
                case "IN_PROGRESS" -> "In Progress: Media is still being processed.";
                case "PUBLISHED" -> "Published: Media has been successfully published.";
                default -> "Expired: Media was not published within 24 hours.";
            });
        }
        return ok(Json.write(out));
    }

    /** A container's status_code; {@code poll} counts this as a status read, which is what moves a video along. */
    private String statusCode(Container c, boolean poll) {
        if (c.mediaId != null) {
            return "PUBLISHED";
        }
        if (!clock.instant().isBefore(c.createdAt.plus(CONTAINER_LIFETIME))) {
            return "EXPIRED";
        }
        return switch (c.mediaType) {
            case "REELS", "VIDEO" -> {
                if (poll) {
                    c.polls++;
                }
                yield c.polls > VIDEO_POLLS_IN_PROGRESS ? "FINISHED" : "IN_PROGRESS";
            }
            case "CAROUSEL" -> {
                boolean allFinished = true;
                for (String child : c.children) {
                    allFinished &= "FINISHED".equals(statusCode(containers.get(child), poll));
                }
                yield allFinished ? "FINISHED" : "IN_PROGRESS";
            }
            default -> "FINISHED";
        };
    }

    private Answer publish(String igUserId, JsonNode params) {
        String creationId = params.path("creation_id").asText("");
        if (creationId.isBlank()) {
            return invalidParameter("The parameter creation_id is required.");
        }
        Container c = containers.get(creationId);
        if (c == null || !c.igUserId.equals(igUserId)) {
            return invalidParameter("The media container " + creationId + " does not exist for this account (local sandbox).");
        }
        String status = statusCode(c, false);
        switch (status) {
            case "PUBLISHED" -> {
                return error(400, "OAuthException", 100, null, "The media has already been published",
                        "Container " + creationId + " was published as media " + c.mediaId + " (local sandbox).");
            }
            case "EXPIRED" -> {
                return error(400, "OAuthException", -2, 2207020, "The media you are trying to access has expired. Please try to upload again.", null);
            }
            case "IN_PROGRESS" -> {
                return error(400, "OAuthException", 9007, 2207027, "Media ID is not available", "The media is not ready for publishing, please wait for a moment");
            }
            default -> {
            }
        }
        if (c.carouselItem) {
            return invalidParameter("A carousel item cannot be published on its own; publish its CAROUSEL container (local sandbox).");
        }
        if (usage(igUserId).exhausted()) {
            return error(400, "OAuthException", 9, 2207042, "Application request limit reached",
                    "You reached maximum number of posts that is allowed to be published by Content Publishing API.");
        }
        long id = ids.incrementAndGet();
        Media m = new Media(Long.toString(id), igUserId, c.id, c.mediaType, c.caption, shortcode(id), clock.instant());
        media.add(m);
        c.mediaId = m.id();
        return ok("{\"id\":\"" + m.id() + "\"}");
    }

    private Answer publishingLimit(String igUserId, Map<String, String> query) {
        Usage usage = usage(igUserId);
        ObjectNode entry = Json.object();
        entry.put("quota_usage", usage.used());
        if (fields(query).contains("config")) {
            ObjectNode config = entry.putObject("config");
            config.put("quota_total", usage.total());
            config.put("quota_duration", QUOTA_DURATION_SECONDS);
        }
        ObjectNode out = Json.object();
        out.putArray("data").add(entry);
        return ok(Json.write(out));
    }

    /** One account's publishes in the last 24 h plus any override's extra usage, of the override's total or 100. */
    private Usage usage(String igUserId) {
        Instant since = clock.instant().minusSeconds(QUOTA_DURATION_SECONDS);
        Quota quota = quotas.getOrDefault(igUserId, new Quota(DEFAULT_QUOTA_TOTAL, 0));
        int used = (int) media.stream().filter(m -> m.igUserId().equals(igUserId) && m.publishedAt().isAfter(since)).count();
        return new Usage(used + quota.extraUsage(), quota.total());
    }

    private Answer listMedia(String igUserId, Map<String, String> query) {
        int limit = DEFAULT_MEDIA_PAGE;
        try {
            limit = Math.max(1, Math.min(MAX_MEDIA_PAGE, Integer.parseInt(query.getOrDefault("limit", "" + DEFAULT_MEDIA_PAGE))));
        } catch (NumberFormatException e) {
            // Meta ignores a limit it cannot read; so does the sandbox
        }
        List<String> fields = fields(query);
        ObjectNode out = Json.object();
        ArrayNode data = out.putArray("data");
        for (int i = media.size() - 1; i >= 0 && data.size() < limit; i--) {
            if (media.get(i).igUserId().equals(igUserId)) {
                data.add(mediaNode(media.get(i), fields));
            }
        }
        return ok(Json.write(out));
    }

    private ObjectNode mediaNode(Media m, List<String> fields) {
        ObjectNode node = Json.object();
        node.put("id", m.id());
        for (String f : fields) {
            if (!MEDIA_FIELDS.contains(f)) {
                continue;
            }
            switch (f) {
                case "caption" -> {
                    if (m.caption() != null) {
                        node.put("caption", m.caption());
                    }
                }
                case "permalink" -> node.put("permalink", m.permalink());
                case "timestamp" -> node.put("timestamp", GRAPH_TIME.format(m.publishedAt()));
                case "media_product_type" -> node.put("media_product_type", m.mediaType().equals("REELS") ? "REELS" : "FEED");
                case "media_type" -> node.put("media_type", switch (m.mediaType()) {
                    case "CAROUSEL" -> "CAROUSEL_ALBUM";
                    case "REELS" -> "VIDEO";
                    default -> m.mediaType();
                });
                default -> node.put("shortcode", m.shortcode());
            }
        }
        return node;
    }

    // ------------------------------------------------------------------ insights (LOCAL SANDBOX numbers)

    /**
     * {@code GET /{id}/insights}: a media's lifetime metrics (only those of its product type; the first metric it does
     * not have refuses the whole request with (#100), as Meta does), or the account's day ({@code reach}, {@code views}
     * as {@code total_value}). Numbers are derived from the id and grow with the media's age: made up, but the same
     * on every read.
     */
    private Answer insights(String id, Owner owner, Map<String, String> query) {
        List<String> metrics = List.of(query.getOrDefault("metric", "").split(","));
        ArrayNode data = Json.mapper().createArrayNode();
        if (id.equals(owner.igUserId())) {
            long base = 300 + seed(id) % 2_000;
            for (String metric : metrics) {
                if (!metric.equals("reach") && !metric.equals("views")) {
                    return error(400, "OAuthException", 100, null, "(#100) metric[0] must be one of the following values: reach, views, "
                            + "follower_count, accounts_engaged, total_interactions, likes, comments, shares, saves, replies", null);
                }
                ObjectNode n = data.addObject();
                n.put("name", metric);
                n.put("period", "day");
                n.put("title", metric);
                n.put("description", "LOCAL SANDBOX value");
                n.putObject("total_value").put("value", metric.equals("views") ? base * 2 : base);
                n.put("id", id + "/insights/" + metric + "/day");
            }
            return ok("{\"data\":" + Json.write(data) + "}");
        }
        Media m = media(id);
        if (m == null || !m.igUserId().equals(owner.igUserId())) {
            return error(400, "GraphMethodException", 100, 33, "Unsupported get request. Object with ID '" + id
                    + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", null);
        }
        String type = m.mediaType().equals("REELS") ? "REELS" : "FEED";
        List<String> unsupported = new ArrayList<>();
        for (String metric : metrics) {
            if (!INSIGHTS_BY_TYPE.get(type).contains(metric)) {
                unsupported.add(metric);
            }
        }
        if (!unsupported.isEmpty()) {
            return error(400, "OAuthException", 100, null, "(#100) The Media Insights API does not support the " + String.join(", ", unsupported)
                    + " metric for this media product type.", null);
        }
        Duration age = Duration.between(m.publishedAt(), clock.instant());
        if (age.compareTo(INSIGHTS_LAG) < 0) {
            return ok("{\"data\":[]}"); // Meta's lag: no data yet
        }
        double grown = 1 - Math.exp(-age.toMinutes() / (48.0 * 60));
        long reach = Math.round((200 + seed(id) % 800) * (type.equals("REELS") ? 4 : 1) * grown);
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("reach", reach);
        values.put("views", Math.round(reach * 1.6));
        values.put("likes", reach / 12);
        values.put("comments", reach / 60);
        values.put("saved", reach / 40);
        values.put("shares", reach / 50);
        values.put("total_interactions", reach / 12 + reach / 60 + reach / 40 + reach / 50);
        for (String metric : metrics) {
            ObjectNode n = data.addObject();
            n.put("name", metric);
            n.put("period", "lifetime");
            n.putArray("values").addObject().put("value", values.getOrDefault(metric, 0L));
            n.put("title", metric);
            n.put("description", "LOCAL SANDBOX value");
            n.put("id", id + "/insights/" + metric + "/lifetime");
        }
        return ok("{\"data\":" + Json.write(data) + "}");
    }

    /** A stable number of an id (the sandbox's made-up insights). */
    private static long seed(String id) {
        return Math.abs((long) id.hashCode());
    }

    private Media media(String id) {
        for (Media m : media) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        return null;
    }

    /** Instagram's shortcode: the media id in URL-safe base 64, as instagram.com/p/ links carry it. */
    static String shortcode(long id) {
        StringBuilder s = new StringBuilder();
        long rest = id;
        do {
            s.append(SHORTCODE_ALPHABET.charAt((int) (rest & 63)));
            rest >>>= 6;
        } while (rest != 0);
        return s.reverse().toString();
    }

    /**
     * Overrides one account's publishing quota: {@code {"igUserId":"...","quotaTotal":N,"quotaUsage":M}}. quota_usage
     * then reads M plus the real publishes of the last 24 h, of N (default 100); publishing at or past N answers
     * Meta's limit error (code 9, subcode 2207042). Answers the limit as the account now reads it.
     */
    synchronized Map<String, Object> setQuota(JsonNode spec) {
        String igUserId = spec == null ? "" : spec.path("igUserId").asText("");
        if (igUserId.isBlank()) {
            throw new IllegalArgumentException("igUserId is required");
        }
        int total = spec.path("quotaTotal").asInt(DEFAULT_QUOTA_TOTAL);
        int extraUsage = spec.path("quotaUsage").asInt(0);
        if (total < 0 || extraUsage < 0) {
            throw new IllegalArgumentException("quotaTotal and quotaUsage cannot be negative");
        }
        quotas.put(igUserId, new Quota(total, extraUsage));
        Usage now = usage(igUserId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("igUserId", igUserId);
        out.put("quota_usage", now.used());
        out.put("quota_total", now.total());
        out.put("quota_duration", QUOTA_DURATION_SECONDS);
        return out;
    }

    // ------------------------------------------------------------------ faults, outbox

    private Fault nextFault(String path) {
        for (Fault f : faults) {
            if (path.contains(f.pathContains()) && f.remaining()[0] > 0) {
                f.remaining()[0]--;
                return f;
            }
        }
        return null;
    }

    /**
     * Queues a fault: {@code {"pathContains":"/replies","status":500,"times":2,"error":{...},"delayMs":0,"applyFirst":false}}.
     * With {@code applyFirst} the call takes effect and then the fault is the answer (an unknown outcome for the
     * caller); with {@code applyFirst}, a {@code delayMs} and neither {@code status} nor {@code error}, the real
     * answer comes back after the delay.
     */
    synchronized void addFault(JsonNode spec) {
        int status = spec.path("status").asInt(500);
        JsonNode body = spec.has("error") ? Json.object().set("error", spec.get("error"))
                : Json.tree("{\"error\":{\"message\":\"An unexpected error has occurred (local sandbox fault)\",\"type\":\"OAuthException\",\"code\":2,\"is_transient\":true}}");
        boolean applyFirst = spec.path("applyFirst").asBoolean(false);
        long delayMs = spec.path("delayMs").asLong(0);
        boolean lateAnswer = applyFirst && delayMs > 0 && !spec.has("status") && !spec.has("error");
        faults.add(new Fault(spec.path("pathContains").asText(""), status, body, delayMs, applyFirst, lateAnswer,
                new int[]{spec.path("times").asInt(1)}));
    }

    synchronized Map<String, Object> outbox() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sandbox", "LOCAL GRAPH API SANDBOX: nothing here reached Meta");
        out.put("calls", List.copyOf(calls));
        return out;
    }

    /** Forgets everything: calls, faults, replies, containers, media and quota overrides. */
    synchronized void clear() {
        calls.clear();
        faults.clear();
        replies.clear();
        containers.clear();
        media.clear();
        quotas.clear();
    }

    // ------------------------------------------------------------------ helpers

    private static Answer ok(String body) {
        return new Answer(200, body, 0);
    }

    private static Answer invalidParameter(String userMessage) {
        return error(400, "OAuthException", 100, null, "Invalid parameter", userMessage);
    }

    private static Answer error(int status, String type, int code, Integer subcode, String message, String userMessage) {
        ObjectNode e = Json.object();
        e.put("message", message);
        e.put("type", type);
        e.put("code", code);
        if (subcode != null) {
            e.put("error_subcode", subcode);
        }
        e.put("is_transient", false);
        if (userMessage != null) {
            e.put("error_user_msg", userMessage);
        }
        e.put("fbtrace_id", "LocalSandbox");
        ObjectNode out = Json.object();
        out.set("error", e);
        return new Answer(status, Json.write(out), 0);
    }

    private static List<String> fields(Map<String, String> query) {
        String fields = query.getOrDefault("fields", "");
        return fields.isBlank() ? List.of() : Arrays.stream(fields.split(",")).map(String::trim).toList();
    }

    private static List<String> children(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isArray()) {
            List<String> out = new ArrayList<>();
            node.forEach(n -> out.add(n.asText()));
            return out;
        }
        String text = node.asText("").trim();
        if (text.startsWith("[")) {
            return children(Json.tree(text));
        }
        return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(String::trim).toList();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int i = pair.indexOf('=');
            if (i > 0) {
                out.put(decode(pair.substring(0, i)), decode(pair.substring(i + 1)));
            }
        }
        return out;
    }

    /** Percent-decoding that keeps a malformed value as it came (Graph would answer it; the sandbox must not throw). */
    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static JsonNode params(String contentType, byte[] body) {
        if (body == null || body.length == 0) {
            return Json.object();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (contentType != null && contentType.contains("json")) {
            try {
                return Json.tree(text);
            } catch (RuntimeException e) {
                return Json.mapper().getNodeFactory().textNode(text);
            }
        }
        ObjectNode form = Json.object();
        for (Map.Entry<String, String> e : query(text).entrySet()) {
            form.put(e.getKey(), e.getValue());
        }
        return form;
    }
}
