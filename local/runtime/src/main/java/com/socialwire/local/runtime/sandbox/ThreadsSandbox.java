package com.socialwire.local.runtime.sandbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.socialwire.local.runtime.sandbox.FacebookSandbox.metaError;

/**
 * LOCAL SANDBOX of the Threads API (nothing reaches Meta), answering the calls of {@code ThreadsConnector} and
 * {@code ThreadsPublisher} as developers.facebook.com/docs/threads documents them:
 * <ul>
 *   <li>{@code /oauth/authorize} (the consent page), {@code POST /oauth/access_token} (a 1-hour token and the
 *       {@code user_id}), {@code GET /access_token?grant_type=th_exchange_token} (a 60-day token) and
 *       {@code GET /refresh_access_token?grant_type=th_refresh_token};</li>
 *   <li>{@code GET /v1.0/me?fields=id,username,name,threads_profile_picture_url};</li>
 *   <li>{@code POST /v1.0/{user}/threads}: a TEXT, IMAGE or CAROUSEL container, FINISHED at once, or a VIDEO
 *       ({@code video_url}) container that reads IN_PROGRESS once while the sandbox "processes" it, then FINISHED —
 *       or ERROR ({@code FAILED_DOWNLOADING_IMAGE}, {@code FAILED_DOWNLOADING_VIDEO}) when the sandbox cannot fetch
 *       the URL, as Threads would; a carousel takes only finished children, and {@code reply_to_id} (a published
 *       post's id) makes the container a reply; {@code GET /v1.0/{container}?fields=status,error_message} reads
 *       IN_PROGRESS, FINISHED, then PUBLISHED;</li>
 *   <li>{@code POST /v1.0/{user}/threads_publish} with {@code creation_id}: {@code {"id": mediaId}} (a finished
 *       container is published once); {@code GET /v1.0/{media}?fields=permalink};</li>
 *   <li>{@code GET /v1.0/{user}/threads?since=…} (the user's posts) and {@code GET /v1.0/{user}/replies?since=…} (the
 *       user's replies) newest first (what a lost answer is reconciled by);</li>
 *   <li>an unknown or revoked token: HTTP 400, OAuthException code 190, as Graph answers it.</li>
 * </ul>
 * {@code GET /_local/threads/_posts} lists what was posted.
 */
public final class ThreadsSandbox implements PlatformSandbox {

    public static final SandboxOAuth.User USER = new SandboxOAuth.User("25000000000000001", "bloombakery", "Bloom Bakery");
    static final long LONG_LIVED_SECONDS = 5_184_000;
    private static final Pattern USER_EDGE = Pattern.compile("/v1\\.0/([0-9]+)/(threads|threads_publish|replies)");
    private static final Pattern OBJECT = Pattern.compile("/v1\\.0/([0-9]+)");
    private static final Pattern MEDIA_REPLIES = Pattern.compile("/v1\\.0/([0-9]+)/replies");
    private static final Pattern INSIGHTS = Pattern.compile("/v1\\.0/([0-9]+)/insights");

    /** A media container: its owner, what it holds, and the media publishing made of it (null until then). */
    private record Container(String owner, String type, String text, List<String> children, boolean carouselItem, String mediaId,
                             String error, String replyTo) {
    }

    private final SandboxOAuth oauth;
    private final SandboxPosts posts;
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    /** VIDEO containers whose status has not been read yet: they read IN_PROGRESS once, as a video being processed. */
    private final Set<String> processing = ConcurrentHashMap.newKeySet();

    public ThreadsSandbox() {
        this(Clock.systemUTC());
    }

    public ThreadsSandbox(Clock clock) {
        this.oauth = new SandboxOAuth("threads", "Threads", "sandbox-threads-app", "sandbox-threads-secret", "/oauth/authorize",
                "/oauth/access_token", false, null, USER, clock).extraTokenFields(u -> Map.of("user_id", u.id()));
        this.posts = new SandboxPosts(18_100_000_000_000_000L, clock);
    }

    @Override
    public String name() {
        return "threads";
    }

    @Override
    public String label() {
        return "Threads";
    }

    @Override
    public Map<String, String> environment(String base) {
        return Map.of("THREADS_CLIENT_ID", oauth.clientId(), "THREADS_CLIENT_SECRET", oauth.clientSecret(),
                "THREADS_AUTHORIZE_URL", base + oauth.authorizePath(), "THREADS_API_BASE", base);
    }

    @Override
    public SandboxOAuth oauth() {
        return oauth;
    }

    @Override
    public SandboxPosts posts() {
        return posts;
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        String route = request.method() + " " + request.path();
        Map<String, String> q = request.query();
        String token = request.bearer().orElse(q.getOrDefault("access_token", ""));
        SandboxOAuth.User user = oauth.userOfToken(token).orElse(null);
        if (route.equals("GET /access_token") || route.equals("GET /refresh_access_token")) {
            String grant = route.equals("GET /access_token") ? "th_exchange_token" : "th_refresh_token";
            if (!grant.equals(q.get("grant_type")) || (grant.equals("th_exchange_token") && !oauth.clientSecret().equals(q.get("client_secret")))) {
                return metaError(400, "OAuthException", 1, null, "Invalid grant_type or client secret");
            }
            return user == null ? invalidToken()
                    : SandboxResponse.json(200, Map.of("access_token", oauth.issueAccess(user), "token_type", "bearer", "expires_in", LONG_LIVED_SECONDS));
        }
        if (route.equals("POST /_mentions")) {
            return seedReply(request.json());
        }
        if (user == null) {
            return invalidToken();
        }
        Matcher repliesOf = MEDIA_REPLIES.matcher(request.path());
        if (request.method().equals("GET") && repliesOf.matches() && !repliesOf.group(1).equals(user.id())) {
            return repliesOf(repliesOf.group(1));
        }
        if (route.equals("GET /v1.0/me")) {
            return SandboxResponse.json(200, Map.of("id", user.id(), "username", user.handle(), "name", user.name(),
                    "threads_profile_picture_url", "https://scontent.cdninstagram.com/sandbox/" + user.handle() + ".jpg"));
        }
        Matcher edge = USER_EDGE.matcher(request.path());
        if (edge.matches()) {
            if (!edge.group(1).equals(user.id())) {
                return metaError(400, "THApiException", 100, 33, "Object with ID '" + edge.group(1) + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation");
            }
            return switch (request.method() + " " + edge.group(2)) {
                case "POST threads" -> container(user, request.form());
                case "POST threads_publish" -> publish(user, request.form().getOrDefault("creation_id", ""));
                case "GET threads" -> listing(user, q, false);
                case "GET replies" -> listing(user, q, true);
                default -> unsupported();
            };
        }
        Matcher insights = INSIGHTS.matcher(request.path());
        if (insights.matches() && request.method().equals("GET")) {
            return insights(user, insights.group(1), q.getOrDefault("metric", ""));
        }
        Matcher object = OBJECT.matcher(request.path());
        if (object.matches() && request.method().equals("GET")) {
            return read(user, object.group(1));
        }
        return unsupported();
    }

    /** {@code GET /v1.0/{media-id}/insights?metric=…}: the account's own post's metrics (LOCAL SANDBOX values, {@link SandboxPosts#metric}). */
    private SandboxResponse insights(SandboxOAuth.User user, String id, String metrics) {
        SandboxPosts.Post p = posts.find(id).filter(x -> x.author().equals(user.id())).orElse(null);
        if (p == null) {
            return metaError(400, "THApiException", 100, 33, "Object with ID '" + id + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation");
        }
        java.util.List<Map<String, Object>> data = new java.util.ArrayList<>();
        for (String metric : metrics.split(",")) {
            if (!java.util.Set.of("views", "likes", "replies", "reposts", "quotes", "shares").contains(metric)) {
                return metaError(400, "THApiException", 100, null, "(#100) metric must be one of views, likes, replies, reposts, quotes, shares");
            }
            data.add(Map.of("name", metric, "period", "lifetime", "values", java.util.List.of(Map.of("value", posts.metric(p, metric))),
                    "title", metric, "description", "LOCAL SANDBOX value", "id", id + "/insights/" + metric + "/lifetime"));
        }
        return SandboxResponse.json(200, Map.of("data", data));
    }

    private SandboxResponse container(SandboxOAuth.User user, Map<String, String> form) {
        String type = form.getOrDefault("media_type", "");
        String text = form.getOrDefault("text", "");
        List<String> children = new ArrayList<>();
        switch (type) {
            case "TEXT" -> {
                if (text.isBlank()) {
                    return metaError(400, "THApiException", 100, null, "The parameter text is required for TEXT posts");
                }
            }
            case "IMAGE", "VIDEO" -> {
                String field = type.toLowerCase(java.util.Locale.ROOT) + "_url";
                String url = form.getOrDefault(field, "");
                if (!url.startsWith("http://") && !url.startsWith("https://")) {
                    return metaError(400, "THApiException", 100, null, "The parameter " + field + " is required for " + type + " posts");
                }
            }
            case "CAROUSEL" -> {
                for (String c : form.getOrDefault("children", "").split(",")) {
                    Container child = containers.get(c.trim());
                    if (child == null || !child.carouselItem() || !child.owner().equals(user.id())) {
                        return metaError(400, "THApiException", 100, null, "Invalid carousel child " + c);
                    }
                    if (processing.contains(c.trim())) {
                        return notReady(c.trim());
                    }
                    children.add(c.trim());
                }
                if (children.size() < 2 || children.size() > 20) {
                    return metaError(400, "THApiException", 100, null, "A carousel takes 2 to 20 children");
                }
            }
            default -> {
                return metaError(400, "THApiException", 100, null, "media_type must be TEXT, IMAGE, VIDEO or CAROUSEL");
            }
        }
        String replyTo = form.get("reply_to_id");
        if (replyTo != null && posts.find(replyTo).isEmpty()) {
            return metaError(400, "THApiException", 100, 33, "Object with ID '" + replyTo + "' does not exist");
        }
        String id = posts.nextId();
        // Threads fetches the media while it processes the container: one it cannot fetch leaves the container in ERROR
        String error = switch (type) {
            case "IMAGE" -> FacebookSandbox.fetches(form.get("image_url")) ? null : "FAILED_DOWNLOADING_IMAGE";
            case "VIDEO" -> FacebookSandbox.fetches(form.get("video_url")) ? null : "FAILED_DOWNLOADING_VIDEO";
            default -> null;
        };
        if (error == null && children.stream().anyMatch(c -> containers.get(c).error() != null)) {
            error = "FAILED_PROCESSING_CAROUSEL_ITEM";
        }
        containers.put(id, new Container(user.id(), type, text, children, "true".equals(form.get("is_carousel_item")), null, error, replyTo));
        if (type.equals("VIDEO") && error == null) {
            processing.add(id);
        }
        return SandboxResponse.json(200, Map.of("id", id));
    }

    private SandboxResponse publish(SandboxOAuth.User user, String creationId) {
        Container c;
        synchronized (containers) {
            c = containers.get(creationId);
            if (c == null || !c.owner().equals(user.id()) || c.carouselItem()) {
                return metaError(400, "THApiException", 100, null, "Invalid creation_id " + creationId);
            }
            if (c.mediaId() != null) {
                return metaError(400, "THApiException", 100, null, "The media has already been published");
            }
            if (c.error() != null) {
                return metaError(400, "THApiException", 100, null, "The media container is in ERROR: " + c.error());
            }
            if (processing.contains(creationId)) {
                return notReady(creationId);
            }
            String mediaId = posts.nextId();
            containers.put(creationId, new Container(c.owner(), c.type(), c.text(), c.children(), false, mediaId, null, c.replyTo()));
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("permalink", permalink(user, mediaId));
            if (c.replyTo() != null) {
                extra.put("replied_to", c.replyTo());
            }
            posts.add(mediaId, user.id(), c.text(), c.children(), extra);
            return SandboxResponse.json(200, Map.of("id", mediaId));
        }
    }

    private SandboxResponse read(SandboxOAuth.User user, String id) {
        Container c = containers.get(id);
        if (c != null && c.owner().equals(user.id())) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("status", c.error() != null ? "ERROR" : processing.remove(id) ? "IN_PROGRESS" : c.mediaId() == null ? "FINISHED" : "PUBLISHED");
            if (c.error() != null) {
                out.put("error_message", c.error());
            }
            return SandboxResponse.json(200, out);
        }
        return posts.find(id).filter(p -> p.author().equals(user.id()))
                .map(p -> SandboxResponse.json(200, Map.of("id", id, "permalink", p.extra().get("permalink"))))
                .orElseGet(() -> metaError(400, "THApiException", 100, 33, "Object with ID '" + id + "' does not exist"));
    }

    /** The user's posts ({@code replies}: only their replies; else only their own threads' first posts). */
    private SandboxResponse listing(SandboxOAuth.User user, Map<String, String> q, boolean replies) {
        long since = Long.parseLong(q.getOrDefault("since", "0"));
        int limit = Math.clamp(Long.parseLong(q.getOrDefault("limit", "25")), 1, 100);
        List<Map<String, Object>> data = new ArrayList<>();
        for (SandboxPosts.Post p : posts.by(user.id())) {
            if (p.createdAt().getEpochSecond() >= since && data.size() < limit && replies == p.extra().containsKey("replied_to")) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", p.id());
                m.put("text", p.text());
                m.put("timestamp", FacebookSandbox.graphTime(p.createdAt()));
                m.put("permalink", p.extra().get("permalink"));
                data.add(m);
            }
        }
        return SandboxResponse.json(200, Map.of("data", data, "paging", Map.of("cursors", Map.of("before", "QVFIUmJlZm9yZQ", "after", "QVFIUmFmdGVy"))));
    }

    private static String permalink(SandboxOAuth.User user, String mediaId) {
        return "https://www.threads.net/@" + user.handle() + "/post/SBX" + mediaId;
    }

    private static SandboxResponse invalidToken() {
        return metaError(400, "OAuthException", 190, null, "Error validating access token: the session is invalid or the user has not authorized the application.");
    }

    /** Publishing or a carousel asked of a container still processing. */
    private static SandboxResponse notReady(String id) {
        return metaError(400, "THApiException", 9007, 2207027, "The media is not ready for publishing, please wait for a moment (container " + id + ")");
    }

    private static SandboxResponse unsupported() {
        return metaError(400, "THApiException", 100, null, "Unsupported request (LOCAL THREADS SANDBOX)");
    }


    // ------------------------------------------------------------------ replies by others (LOCAL SANDBOX)

    /**
     * LOCAL SANDBOX: {@code POST /_local/threads/_mentions {text, replyTo?, from?}} — someone ({@code from}, a username)
     * replies to one of the account's posts ({@code replyTo}, default its newest); the answer is the reply as the
     * {@code replies} webhook names it ({@code id, username, text, timestamp, replied_to, root_post}).
     */
    private SandboxResponse seedReply(com.fasterxml.jackson.databind.JsonNode spec) {
        String text = spec.path("text").asText("");
        String from = spec.path("from").asText("ryefan");
        if (text.isBlank() || !from.matches("[A-Za-z0-9._]{1,30}")) {
            throw new IllegalArgumentException("text is required and from must be a username");
        }
        String replyTo = spec.path("replyTo").asText("");
        if (replyTo.isEmpty()) {
            replyTo = posts.by(USER.id()).stream().findFirst().map(SandboxPosts.Post::id)
                    .orElseThrow(() -> new IllegalArgumentException("no Threads post to reply to: publish one first"));
        }
        if (posts.find(replyTo).isEmpty()) {
            throw new IllegalArgumentException("no post " + replyTo);
        }
        String authorId = Long.toString(26_000_000_000_000_000L + Math.floorMod(from.hashCode(), 1_000_000));
        SandboxPosts.Post p = posts.add(authorId, text, List.of(), Map.of("replied_to", replyTo, "username", from,
                "permalink", "https://www.threads.net/@" + from + "/post/sbx" + replyTo));
        return SandboxResponse.json(200, Map.of("id", p.id(), "username", from, "text", text, "timestamp", timestamp(p.createdAt()),
                "replied_to", Map.of("id", replyTo), "root_post", Map.of("id", replyTo), "media_type", "TEXT_POST"));
    }

    private static String timestamp(java.time.Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(java.time.ZoneOffset.UTC).format(t);
    }

    /** {@code GET /v1.0/{media-id}/replies}: a post's direct replies, oldest first. */
    private SandboxResponse repliesOf(String mediaId) {
        List<Map<String, Object>> data = new java.util.ArrayList<>();
        for (SandboxPosts.Post p : posts.all()) {
            if (mediaId.equals(p.extra().get("replied_to"))) {
                String username = p.extra().getOrDefault("username", p.author().equals(USER.id()) ? USER.handle() : "someone");
                data.add(Map.of("id", p.id(), "text", p.text(), "username", username, "timestamp", timestamp(p.createdAt()),
                        "permalink", p.extra().getOrDefault("permalink", "https://www.threads.net/@" + username)));
            }
        }
        return SandboxResponse.json(200, Map.of("data", data, "paging", Map.of("cursors", Map.of("before", "b", "after", "a"))));
    }
}
