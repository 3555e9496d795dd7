package com.socialwire.local.runtime.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LOCAL SANDBOX of Facebook Login and the Pages API on Graph (nothing reaches Meta), answering the calls of
 * {@code FacebookPagesConnector} and {@code FacebookPagesPublisher} as developers.facebook.com documents them. The
 * person {@link #USER} manages two Pages ({@link #PAGES}), so connecting ends in a pending selection.
 * <ul>
 *   <li>{@code /v21.0/dialog/oauth} (the consent page), {@code GET /v21.0/oauth/access_token} by query: the code for a
 *       short-lived user token, then {@code grant_type=fb_exchange_token} for a long-lived one (there is no refresh);</li>
 *   <li>{@code GET /me/accounts?fields=…}: each Page with its own Page token and tasks (derived from the person's
 *       token: revoking the person revokes them too);</li>
 *   <li>{@code POST /{page}/photos} ({@code url}, {@code published=false}): an unpublished photo id, once the sandbox
 *       has fetched the URL as Meta does (else code 324);</li>
 *   <li>{@code POST /{page}/feed} ({@code message}, {@code link} or {@code attached_media[i]}): {@code {"id":"{page}_{post}"}};</li>
 *   <li>{@code GET /{page}/published_posts?since=…} newest first (what a lost answer is reconciled by);</li>
 *   <li>reels (video-api/guides/reels-publishing): {@code POST /{page}/video_reels upload_phase=start} (a
 *       {@code video_id} and an {@code upload_url} on this sandbox), {@code POST /video-upload/v21.0/{video}} with
 *       {@code Authorization: OAuth {token}} and a {@code file_url} header (fetched as Meta does, else code 100),
 *       {@code GET /{video}?fields=status} (processing {@code in_progress} on the first read after the upload,
 *       {@code complete} after), and {@code upload_phase=finish&video_state=PUBLISHED&description=…}, which posts the
 *       reel once (finishing it again changes nothing);</li>
 *   <li>a Page edge needs that Page's token (else code 100, subcode 33); an unknown or revoked token is answered as
 *       Graph answers it: HTTP 400, OAuthException code 190.</li>
 * </ul>
 * A Graph version prefix ({@code /v21.0}) is accepted and ignored. {@code GET /_local/facebook/_posts} lists what was posted.
 */
public final class FacebookSandbox implements PlatformSandbox {

    public static final SandboxOAuth.User USER = new SandboxOAuth.User("10229000000000001", "rosa.bloom", "Rosa Bloom");
    /** The Pages the person manages: id → {username, name}. */
    public static final Map<String, List<String>> PAGES = new TreeMap<>(Map.of(
            "104300000000001", List.of("bloombakery", "Bloom Bakery"),
            "104300000000002", List.of("bloomcatering", "Bloom Catering")));
    static final String VERSION = "/v21.0";
    static final long LONG_LIVED_SECONDS = 5_183_944;
    private static final Pattern VERSION_PREFIX = Pattern.compile("^/v\\d+\\.\\d+(?=/)");
    private static final Pattern POST_NODE = Pattern.compile("/([0-9]+_[0-9]+)(/insights)?");
    private static final Pattern PAGE_EDGE = Pattern.compile("/([0-9]+)/(photos|feed|published_posts|video_reels)");
    private static final Pattern VIDEO_NODE = Pattern.compile("/([0-9]+)");
    private static final Pattern VIDEO_UPLOAD = Pattern.compile("/video-upload/v\\d+\\.\\d+/([0-9]+)");
    private static final Pattern COMMENTS = Pattern.compile("/([0-9]+_[0-9]+)/comments");
    private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(ZoneOffset.UTC);

    private static final java.net.http.HttpClient FETCH = java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(5)).build();

    private final SandboxOAuth oauth;
    private final SandboxPosts posts;
    /** Page token → page id; a Page token is one of the person's tokens, so it dies with theirs. */
    private final Map<String, String> pageTokens = new ConcurrentHashMap<>();
    private final Map<String, String> pageTokenOf = new ConcurrentHashMap<>();
    private final Map<String, String> photos = new ConcurrentHashMap<>();
    private final Map<String, Reel> reels = new ConcurrentHashMap<>();
    private volatile String base = "http://127.0.0.1/_local/facebook";

    /** A reel's upload session: its Page, whether the file was fetched, status reads since, whether it was posted. */
    private static final class Reel {
        final String page;
        volatile boolean uploaded;
        volatile int reads;
        volatile boolean published;

        Reel(String page) {
            this.page = page;
        }
    }

    public FacebookSandbox() {
        this(Clock.systemUTC());
    }

    public FacebookSandbox(Clock clock) {
        // the token endpoint is answered here (it takes fb_exchange_token too): the one the OAuth server is told is never called
        this.oauth = new SandboxOAuth("facebook", "Facebook", "sandbox-facebook-app", "sandbox-facebook-secret",
                VERSION + "/dialog/oauth", "/_oauth/token", false, null, USER, clock);
        this.posts = new SandboxPosts(122_100_000_000_000_000L, clock);
    }

    @Override
    public String name() {
        return "facebook";
    }

    @Override
    public String label() {
        return "Facebook";
    }

    @Override
    public Map<String, String> environment(String base) {
        this.base = base;
        return Map.of("FACEBOOK_CLIENT_ID", oauth.clientId(), "FACEBOOK_CLIENT_SECRET", oauth.clientSecret(),
                "FACEBOOK_AUTH_BASE", base + VERSION, "FACEBOOK_GRAPH_BASE", base + VERSION);
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
        String path = VERSION_PREFIX.matcher(request.path()).replaceFirst("");
        String route = request.method() + " " + path;
        if (route.equals("POST /_mentions")) {
            return seedComment(request.json());
        }
        if (path.equals("/oauth/access_token")) {
            return token(request);
        }
        String token = request.bearer().or(() -> request.header("authorization").filter(a -> a.regionMatches(true, 0, "OAuth ", 0, 6))
                .map(a -> a.substring(6).trim())).orElse(request.query().getOrDefault("access_token", ""));
        if (token.isEmpty()) {
            return metaError(400, "OAuthException", 104, null, "An access token is required to request this resource.");
        }
        SandboxOAuth.User user = oauth.userOfToken(token).orElse(null);
        if (user == null) {
            return metaError(400, "OAuthException", 190, null, "Error validating access token: the session is invalid or the user has not authorized the application.");
        }
        if (route.equals("GET /me/accounts")) {
            return pageTokens.containsKey(token) ? metaError(400, "OAuthException", 100, null, "(#100) Tried accessing nonexisting field (accounts) on node type (Page)")
                    : accounts(user);
        }
        Matcher commentsOf = COMMENTS.matcher(path);
        if (commentsOf.matches()) {
            return comments(commentsOf.group(1), pageTokens.get(token), request);
        }
        Matcher post = POST_NODE.matcher(path);
        if (request.method().equals("GET") && post.matches()) {
            return postInsights(post.group(1), post.group(2) != null, pageTokens.get(token));
        }
        if (request.method().equals("GET") && path.equals("/" + pageTokens.get(token)) && request.query().getOrDefault("fields", "").contains("followers_count")) {
            String page = pageTokens.get(token);
            return SandboxResponse.json(200, Map.of("followers_count", 240 + posts.by(page).size(), "id", page));
        }
        Matcher upload = VIDEO_UPLOAD.matcher(path);
        Matcher node = VIDEO_NODE.matcher(path);
        if (request.method().equals("POST") && upload.matches() || request.method().equals("GET") && node.matches()) {
            String id = (upload.matches() ? upload : node).group(1);
            Reel reel = reels.get(id);
            if (reel == null || !reel.page.equals(pageTokens.get(token))) {
                return metaError(400, "GraphMethodException", 100, 33, "Unsupported request. Object with ID '" + id
                        + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.");
            }
            return upload.matches() ? uploadReel(reel, request) : reelStatus(id, reel);
        }
        Matcher edge = PAGE_EDGE.matcher(path);
        if (!edge.matches()) {
            return metaError(400, "GraphMethodException", 100, null, "Unsupported request (LOCAL FACEBOOK SANDBOX)");
        }
        String page = edge.group(1);
        if (!page.equals(pageTokens.get(token))) {
            return metaError(400, "GraphMethodException", 100, 33, "Unsupported " + request.method().toLowerCase(java.util.Locale.ROOT)
                    + " request. Object with ID '" + page + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.");
        }
        return switch (request.method() + " " + edge.group(2)) {
            case "POST photos" -> photo(page, request.form());
            case "POST feed" -> feed(page, request.form());
            case "GET published_posts" -> published(page, request.query());
            case "POST video_reels" -> videoReels(page, request);
            default -> metaError(400, "GraphMethodException", 100, null, "Unsupported request (LOCAL FACEBOOK SANDBOX)");
        };
    }

    /** {@code /oauth/access_token}: a code (by the one OAuth server), or {@code fb_exchange_token} for a long-lived token. */
    private SandboxResponse token(SandboxRequest request) {
        Map<String, String> p = new LinkedHashMap<>(request.query());
        p.putAll(request.form());
        if (!"fb_exchange_token".equals(p.get("grant_type"))) {
            return oauth.token(request);
        }
        if (!oauth.clientId().equals(p.get("client_id")) || !oauth.clientSecret().equals(p.get("client_secret"))) {
            return metaError(400, "OAuthException", 1, null, "Error validating client secret.");
        }
        SandboxOAuth.User user = oauth.userOfToken(p.getOrDefault("fb_exchange_token", "")).orElse(null);
        if (user == null) {
            return metaError(400, "OAuthException", 190, null, "Error validating access token: the token is invalid.");
        }
        return SandboxResponse.json(200, Map.of("access_token", oauth.issueAccess(user), "token_type", "bearer", "expires_in", LONG_LIVED_SECONDS));
    }

    private SandboxResponse accounts(SandboxOAuth.User user) {
        List<Map<String, Object>> data = new ArrayList<>();
        PAGES.forEach((id, page) -> {
            String cached = pageTokenOf.get(user.id() + "/" + id);
            String token = cached != null && oauth.userOfToken(cached).isPresent() ? cached : null;
            if (token == null) { // the first consent, or the person revoked the app since: its Page tokens died with it
                token = oauth.issueAccess(user);
                pageTokens.put(token, id);
                pageTokenOf.put(user.id() + "/" + id, token);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("name", page.get(1));
            m.put("username", page.get(0));
            m.put("access_token", token);
            m.put("picture", Map.of("data", Map.of("url", "https://scontent.xx.fbcdn.net/sandbox/" + page.get(0) + ".jpg")));
            m.put("tasks", List.of("ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"));
            data.add(m);
        });
        return SandboxResponse.json(200, Map.of("data", data, "paging", Map.of("cursors", Map.of("before", "QVFIUmJlZm9yZQ", "after", "QVFIUmFmdGVy"))));
    }

    private SandboxResponse photo(String page, Map<String, String> form) {
        String url = form.getOrDefault("url", "");
        if (!fetches(url)) {
            return metaError(400, "OAuthException", 324, 2069019, "(#324) Missing or invalid image file: the photo URL could not be fetched");
        }
        String id = posts.nextId();
        photos.put(id, page);
        return SandboxResponse.json(200, Map.of("id", id));
    }

    /**
     * A Page post's engagement ({@code GET /{post-id}?fields=shares,reactions.summary(…),comments.summary(…)}) or its
     * insights ({@code /{post-id}/insights}: {@code post_impressions_unique}, {@code post_impressions}): LOCAL SANDBOX
     * numbers ({@link SandboxPosts#metric}); only the Page's own token sees them.
     */
    private SandboxResponse postInsights(String id, boolean insights, String page) {
        SandboxPosts.Post p = posts.find(id).filter(x -> x.author().equals(page)).orElse(null);
        if (p == null) {
            return metaError(400, "GraphMethodException", 100, 33, "Unsupported get request. Object with ID '" + id
                    + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.");
        }
        if (insights) {
            List<Map<String, Object>> data = new ArrayList<>();
            data.add(Map.of("name", "post_impressions_unique", "period", "lifetime", "values", List.of(Map.of("value", posts.metric(p, "reach"))),
                    "title", "Lifetime Post Total Reach", "description", "LOCAL SANDBOX value", "id", id + "/insights/post_impressions_unique/lifetime"));
            data.add(Map.of("name", "post_impressions", "period", "lifetime", "values", List.of(Map.of("value", posts.metric(p, "views"))),
                    "title", "Lifetime Post Total Impressions", "description", "LOCAL SANDBOX value", "id", id + "/insights/post_impressions/lifetime"));
            return SandboxResponse.json(200, Map.of("data", data));
        }
        return SandboxResponse.json(200, Map.of("id", id, "shares", Map.of("count", posts.metric(p, "shares")),
                "reactions", Map.of("data", List.of(), "summary", Map.of("total_count", posts.metric(p, "likes"))),
                "comments", Map.of("data", List.of(), "summary", Map.of("total_count", posts.metric(p, "comments")))));
    }

    private SandboxResponse feed(String page, Map<String, String> form) {
        String message = form.getOrDefault("message", "");
        List<String> media = new ArrayList<>();
        for (int i = 0; form.containsKey("attached_media[" + i + "]"); i++) {
            String fbid;
            try {
                fbid = com.socialwire.shared.Json.tree(form.get("attached_media[" + i + "]")).path("media_fbid").asText("");
            } catch (RuntimeException e) {
                return metaError(400, "OAuthException", 100, null, "(#100) attached_media must be {\"media_fbid\":…}");
            }
            if (!page.equals(photos.get(fbid))) {
                return metaError(400, "OAuthException", 100, null, "(#100) Invalid media_fbid " + fbid);
            }
            media.add(fbid);
        }
        if (message.isBlank() && media.isEmpty() && !form.containsKey("link")) {
            return metaError(400, "OAuthException", 100, null, "(#100) The post is empty");
        }
        SandboxPosts.Post p = posts.add(page + "_" + posts.nextId(), page, message, media, Map.of());
        return SandboxResponse.json(200, Map.of("id", p.id()));
    }

    /** {@code upload_phase=start} (a session) or {@code finish} (the reel posted once, with its description). */
    private SandboxResponse videoReels(String page, SandboxRequest request) {
        Map<String, String> p = new LinkedHashMap<>(request.query());
        p.putAll(request.form());
        if ("start".equals(p.get("upload_phase"))) {
            String id = posts.nextId();
            reels.put(id, new Reel(page));
            String host = request.header("host").map(h -> "http://" + h + "/_local/facebook").orElse(base);
            return SandboxResponse.json(200, Map.of("video_id", id, "upload_url", host + "/video-upload" + VERSION + "/" + id));
        }
        if (!"finish".equals(p.get("upload_phase"))) {
            return metaError(400, "OAuthException", 100, null, "(#100) upload_phase must be start or finish");
        }
        String id = p.getOrDefault("video_id", "");
        Reel reel = reels.get(id);
        if (reel == null || !reel.page.equals(page) || !reel.uploaded) {
            return metaError(400, "OAuthException", 100, null, "(#100) No uploaded video with id " + id);
        }
        synchronized (reel) {
            if (!reel.published && "PUBLISHED".equals(p.get("video_state"))) {
                posts.add(id, page, p.getOrDefault("description", ""), List.of(id), Map.of("kind", "reel"));
                reel.published = true;
            }
        }
        return SandboxResponse.json(200, Map.of("success", true));
    }

    /** The upload: Meta pulls the {@code file_url} header's address. */
    private SandboxResponse uploadReel(Reel reel, SandboxRequest request) {
        if (!fetches(request.header("file_url").orElse(""))) {
            return metaError(400, "OAuthException", 100, null, "(#100) The file_url could not be fetched");
        }
        reel.uploaded = true;
        reel.reads = 0;
        return SandboxResponse.json(200, Map.of("success", true));
    }

    /** {@code GET /{video}?fields=status}: processing on the first read after the upload, then complete. */
    private SandboxResponse reelStatus(String id, Reel reel) {
        String processing = !reel.uploaded ? "not_started" : reel.reads++ == 0 ? "in_progress" : "complete";
        Map<String, Object> publishing = reel.published ? Map.of("status", "complete", "publish_status", "published")
                : Map.of("status", "not_started");
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("video_status", !reel.uploaded ? "upload_pending" : processing.equals("complete") ? "ready" : "processing");
        status.put("uploading_phase", Map.of("status", reel.uploaded ? "complete" : "not_started"));
        status.put("processing_phase", Map.of("status", processing));
        status.put("publishing_phase", publishing);
        return SandboxResponse.json(200, Map.of("status", status, "id", id));
    }

    private SandboxResponse published(String page, Map<String, String> q) {
        long since = Long.parseLong(q.getOrDefault("since", "0"));
        int limit = Math.clamp(Long.parseLong(q.getOrDefault("limit", "25")), 1, 100);
        List<Map<String, Object>> data = new ArrayList<>();
        for (SandboxPosts.Post p : posts.by(page)) {
            if (p.createdAt().getEpochSecond() >= since && data.size() < limit) {
                data.add(Map.of("id", p.id(), "message", p.text(), "created_time", graphTime(p.createdAt())));
            }
        }
        return SandboxResponse.json(200, Map.of("data", data, "paging", Map.of("cursors", Map.of("before", "QVFIUmJlZm9yZQ", "after", "QVFIUmFmdGVy"))));
    }

    /** Graph's error shape: {@code {"error":{message,type,code,error_subcode?,fbtrace_id}}} (Threads answers it too). */
    static SandboxResponse metaError(int status, String type, int code, Integer subcode, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("message", message);
        e.put("type", type);
        e.put("code", code);
        if (subcode != null) {
            e.put("error_subcode", subcode);
        }
        e.put("fbtrace_id", "LocalSandbox");
        return SandboxResponse.json(status, Map.of("error", e));
    }

    /** Whether {@code url} answers 200 to a GET, as Meta fetches a photo or image URL it is given. */
    static boolean fetches(String url) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            return false;
        }
        try {
            return FETCH.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(java.time.Duration.ofSeconds(10)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String graphTime(Instant at) {
        return GRAPH_TIME.format(at);
    }

    // ------------------------------------------------------------------ comments (LOCAL SANDBOX)

    /** A comment on a Page post ({@code parent} the post) or an answer to a comment ({@code parent} the comment). */
    private record Comment(String id, String parent, String fromId, String fromName, String message, java.time.Instant created) {
    }

    private final List<Comment> comments = new java.util.ArrayList<>();

    private Comment addComment(String parent, String fromId, String fromName, String message) {
        String post = parent.substring(0, parent.indexOf('_'));
        Comment c = new Comment(post + "_" + posts.nextId(), parent, fromId, fromName, message, posts.now());
        synchronized (comments) {
            comments.add(c);
        }
        return c;
    }

    /**
     * LOCAL SANDBOX: {@code POST /_local/facebook/_mentions {text, postId?, from?}} — someone comments on a Page post
     * ({@code postId}, default the newest post of any sandbox Page) or answers a comment (a comment's id as
     * {@code postId}); the answer is the comment as the Page's {@code feed} webhook names it ({@code comment_id},
     * {@code post_id}, {@code from}, {@code message}, {@code created_time}).
     */
    private SandboxResponse seedComment(com.fasterxml.jackson.databind.JsonNode spec) {
        String text = spec.path("text").asText("");
        if (text.isBlank()) {
            throw new IllegalArgumentException("text is required");
        }
        String parent = spec.path("postId").asText("");
        if (parent.isEmpty()) {
            parent = PAGES.keySet().stream().flatMap(page -> posts.by(page).stream()).max(java.util.Comparator.comparing(SandboxPosts.Post::createdAt))
                    .map(SandboxPosts.Post::id).orElseThrow(() -> new IllegalArgumentException("no Page post to comment on: publish one first"));
        }
        String target = parent;
        boolean known = posts.find(target).isPresent();
        synchronized (comments) {
            known |= comments.stream().anyMatch(c -> c.id().equals(target));
        }
        if (!known || !target.contains("_")) {
            throw new IllegalArgumentException("no Page post or comment " + target);
        }
        String from = spec.path("from").asText("Rye Fan");
        Comment c = addComment(target, Long.toString(5_550_000L + Math.floorMod(from.hashCode(), 10_000)), from, text);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("comment_id", c.id());
        out.put("post_id", posts.find(target).isPresent() ? target : parentPost(target));
        out.put("parent_id", target);
        out.put("from", Map.of("id", c.fromId(), "name", c.fromName()));
        out.put("message", c.message());
        out.put("created_time", c.created().getEpochSecond());
        out.put("verb", "add");
        out.put("item", "comment");
        return SandboxResponse.json(200, out);
    }

    private String parentPost(String commentId) {
        synchronized (comments) {
            String id = commentId;
            for (int i = 0; i < 10; i++) {
                String current = id;
                Comment c = comments.stream().filter(x -> x.id().equals(current)).findFirst().orElse(null);
                if (c == null) {
                    return id;
                }
                id = c.parent();
            }
            return id;
        }
    }

    /** {@code POST /{object-id}/comments {message}} by the Page token's Page; {@code GET} its comments, newest first. */
    private SandboxResponse comments(String objectId, String page, SandboxRequest request) {
        boolean known = posts.find(objectId).isPresent();
        synchronized (comments) {
            known |= comments.stream().anyMatch(c -> c.id().equals(objectId));
        }
        if (!known) {
            return metaError(400, "GraphMethodException", 100, 33, "Unsupported request. Object with ID '" + objectId + "' does not exist");
        }
        if (request.method().equals("POST")) {
            if (page == null) {
                return metaError(400, "OAuthException", 200, null, "(#200) Permissions error: a Page token is needed to comment as the Page");
            }
            String message = request.form().getOrDefault("message", "");
            if (message.isBlank()) {
                return metaError(400, "OAuthException", 100, null, "(#100) Missing message or attachment");
            }
            return SandboxResponse.json(200, Map.of("id", addComment(objectId, page, PAGES.get(page).get(1), message).id()));
        }
        List<Map<String, Object>> data = new java.util.ArrayList<>();
        synchronized (comments) {
            for (int i = comments.size() - 1; i >= 0; i--) {
                Comment c = comments.get(i);
                if (c.parent().equals(objectId)) {
                    data.add(Map.of("id", c.id(), "message", c.message(), "from", Map.of("id", c.fromId(), "name", c.fromName()),
                            "created_time", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
                                    .withZone(java.time.ZoneOffset.UTC).format(c.created())));
                }
            }
        }
        return SandboxResponse.json(200, Map.of("data", data, "paging", Map.of("cursors", Map.of("before", "b", "after", "a"))));
    }
}
