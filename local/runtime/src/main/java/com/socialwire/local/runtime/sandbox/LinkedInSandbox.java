package com.socialwire.local.runtime.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LOCAL SANDBOX of LinkedIn's API (nothing reaches LinkedIn), answering the calls of {@code LinkedInConnector} and
 * {@code LinkedInPublisher} as learn.microsoft.com/linkedin documents them. The member {@link #USER} administers two
 * organization pages ({@link #ORGANIZATIONS}), so connecting offers three accounts and ends in a pending selection.
 * <ul>
 *   <li>OAuth 2.0 (no PKCE, the secret in the form): {@code /oauth/v2/authorization}, {@code POST /oauth/v2/accessToken};
 *       tokens live 60 days, the refresh token does not rotate;</li>
 *   <li>{@code GET /v2/userinfo} (OpenID Connect: {@code sub, name, picture…});</li>
 *   <li>{@code GET /rest/organizationAcls?q=roleAssignee…} and {@code GET /rest/organizations?ids=List(…)} (every
 *       {@code /rest} call needs {@code LinkedIn-Version}, as LinkedIn's does);</li>
 *   <li>{@code POST /rest/images?action=initializeUpload} (an {@code uploadUrl} on this sandbox and the image URN), then
 *       {@code PUT} of the bytes to it; a video by {@code POST /rest/videos?action=initializeUpload} (4 MB parts, each
 *       PUT to its pre-signed URL answering an ETag), {@code action=finalizeUpload} with the ETags in order, then
 *       {@code GET /rest/videos/{urn}} reads PROCESSING once, then AVAILABLE;</li>
 *   <li>{@code POST /rest/posts}: 201, empty, the post URN in {@code x-restli-id}; an author the member may not post as
 *       is 403; the same commentary as one of the author's recent posts is 422 {@code DUPLICATE_POST} naming it;</li>
 *   <li>{@code GET /rest/posts?author=…&q=author} newest first (an organization's posts: what a lost answer is
 *       reconciled by);</li>
 *   <li>a missing, unknown, expired or revoked token: 401 {@code INVALID_ACCESS_TOKEN} (serviceErrorCode 65600).</li>
 * </ul>
 * {@code GET /_local/linkedin/_posts} lists what was posted.
 */
public final class LinkedInSandbox implements PlatformSandbox {

    public static final SandboxOAuth.User USER = new SandboxOAuth.User("sbxQ7mE2aK", "bloom-owner", "Rosa Bloom");
    /** The organizations the member administers: id → {vanityName, localizedName}. */
    public static final Map<String, List<String>> ORGANIZATIONS = Map.of(
            "10412345", List.of("bloom-bakery", "Bloom Bakery"),
            "10412346", List.of("bloom-catering", "Bloom Catering"));
    static final int DUPLICATE_WINDOW = 20;

    private final SandboxOAuth oauth;
    private final SandboxPosts posts;
    private final Set<String> images = ConcurrentHashMap.newKeySet();
    private final Map<String, Video> videos = new ConcurrentHashMap<>();

    /** A video upload: its parts' sizes, the ETag each PUT answered, and its status (WAITING_UPLOAD, PROCESSING, AVAILABLE). */
    private static final class Video {
        final String owner;
        final long[] partBytes;
        final String[] etags;
        volatile String status = "WAITING_UPLOAD";

        Video(String owner, long[] partBytes) {
            this.owner = owner;
            this.partBytes = partBytes;
            this.etags = new String[partBytes.length];
        }
    }

    /** The part size LinkedIn's upload instructions use. */
    static final long VIDEO_PART_BYTES = 4 * 1024 * 1024;
    private volatile String base = "http://127.0.0.1/_local/linkedin";

    public LinkedInSandbox() {
        this(Clock.systemUTC());
    }

    public LinkedInSandbox(Clock clock) {
        this.oauth = new SandboxOAuth("linkedin", "LinkedIn", "sandbox-linkedin-client", "sandbox-linkedin-secret",
                "/oauth/v2/authorization", "/oauth/v2/accessToken", false, Duration.ofDays(60), USER, clock);
        this.posts = new SandboxPosts(7_400_000_000_000_000_000L, clock);
    }

    @Override
    public String name() {
        return "linkedin";
    }

    @Override
    public String label() {
        return "LinkedIn";
    }

    @Override
    public Map<String, String> environment(String base) {
        this.base = base;
        return Map.of("LINKEDIN_CLIENT_ID", oauth.clientId(), "LINKEDIN_CLIENT_SECRET", oauth.clientSecret(),
                "LINKEDIN_AUTH_BASE", base, "LINKEDIN_API_BASE", base);
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
        String path = request.path();
        if (request.method().equals("POST") && path.equals("/_mentions")) {
            return seedComment(request.json());
        }
        if (request.method().equals("PUT") && path.startsWith("/dms-uploads/video/")) {
            return videoPart(path, request.body().length); // a pre-signed upload URL: no bearer token
        }
        SandboxOAuth.User user = oauth.user(request).orElse(null);
        if (user == null) {
            return error(401, 65600, "INVALID_ACCESS_TOKEN", "Invalid access token");
        }
        if (path.startsWith("/rest/") && request.header("LinkedIn-Version").isEmpty()) {
            return error(400, null, "VERSION_MISSING", "A version must be present. Please specify a version by adding the LinkedIn-Version header.");
        }
        String person = "urn:li:person:" + user.id();
        return switch (request.method() + " " + path) {
            case "GET /v2/userinfo" -> SandboxResponse.json(200, Map.of("sub", user.id(), "name", user.name(),
                    "given_name", user.name().split(" ")[0], "family_name", user.name().substring(user.name().indexOf(' ') + 1),
                    "picture", "https://media.licdn.com/dms/image/sandbox/" + user.handle() + ".jpg", "locale", "en-US"));
            case "GET /rest/organizationAcls" -> acls(person, request.query());
            case "GET /rest/organizations" -> organizations(request.query().getOrDefault("ids", ""));
            case "POST /rest/images" -> initializeUpload(person, request);
            case "POST /rest/posts" -> post(person, request.json());
            case "GET /rest/posts" -> listing(person, request.query());
            case "GET /rest/organizationalEntityShareStatistics" -> shareStatistics(request.query());
            case "POST /rest/videos" -> "finalizeUpload".equals(request.query().get("action")) ? finalizeVideo(request.json())
                    : initializeVideo(person, request);
            default -> path.startsWith("/rest/socialActions/") && path.endsWith("/comments")
                    ? comments(person, request, java.net.URLDecoder.decode(path.substring("/rest/socialActions/".length(), path.length() - "/comments".length()),
                    java.nio.charset.StandardCharsets.UTF_8))
                    : request.method().equals("GET") && path.startsWith("/rest/networkSizes/")
                    ? SandboxResponse.json(200, Map.of("firstDegreeSize", 310 + posts.by(java.net.URLDecoder.decode(
                            path.substring("/rest/networkSizes/".length()), java.nio.charset.StandardCharsets.UTF_8)).size()))
                    : request.method().equals("GET") && path.startsWith("/rest/videos/")
                    ? videoStatus(java.net.URLDecoder.decode(path.substring("/rest/videos/".length()), java.nio.charset.StandardCharsets.UTF_8))
                    : request.method().equals("PUT") && path.startsWith("/dms-uploads/") ? uploaded(path)
                    : error(404, null, "NOT_FOUND", "Resource not found (LOCAL LINKEDIN SANDBOX)");
        };
    }

    /**
     * An organization post's statistics ({@code q=organizationalEntity}, {@code shares=List(urn)} or {@code ugcPosts=…}):
     * {@code elements[0].totalShareStatistics}, LOCAL SANDBOX numbers ({@link SandboxPosts#metric}).
     */
    private SandboxResponse shareStatistics(Map<String, String> q) {
        String org = q.getOrDefault("organizationalEntity", "");
        String list = q.getOrDefault("shares", q.getOrDefault("ugcPosts", ""));
        String urn = list.startsWith("List(") && list.endsWith(")") ? list.substring(5, list.length() - 1) : "";
        SandboxPosts.Post p = posts.find(urn).filter(x -> x.author().equals(org)).orElse(null);
        if (!"organizationalEntity".equals(q.get("q")) || p == null) {
            return error(400, null, "ILLEGAL_ARGUMENT", "no statistics for " + urn + " of " + org + " (LOCAL LINKEDIN SANDBOX)");
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("uniqueImpressionsCount", posts.metric(p, "reach"));
        stats.put("shareCount", posts.metric(p, "shares"));
        stats.put("clickCount", posts.metric(p, "clicks"));
        stats.put("likeCount", posts.metric(p, "likes"));
        stats.put("impressionCount", posts.metric(p, "views"));
        stats.put("commentCount", posts.metric(p, "comments"));
        return SandboxResponse.json(200, Map.of("paging", Map.of("count", 10, "start", 0, "links", List.of()),
                "elements", List.of(Map.of("totalShareStatistics", stats, "organizationalEntity", org, "share", urn))));
    }

    private SandboxResponse acls(String person, Map<String, String> q) {
        if (!"roleAssignee".equals(q.get("q"))) {
            return error(400, null, "ILLEGAL_ARGUMENT", "q must be roleAssignee");
        }
        List<Map<String, Object>> elements = new ArrayList<>();
        for (String id : ORGANIZATIONS.keySet().stream().sorted().toList()) {
            elements.add(Map.of("roleAssignee", person, "state", "APPROVED", "role", "ADMINISTRATOR", "organization", "urn:li:organization:" + id));
        }
        return SandboxResponse.json(200, Map.of("paging", Map.of("start", 0, "count", 100, "links", List.of()), "elements", elements));
    }

    private static SandboxResponse organizations(String ids) {
        if (!ids.startsWith("List(") || !ids.endsWith(")")) {
            return error(400, null, "ILLEGAL_ARGUMENT", "ids must be List(id,…)");
        }
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Object> statuses = new LinkedHashMap<>();
        Map<String, Object> errors = new LinkedHashMap<>();
        for (String id : ids.substring(5, ids.length() - 1).split(",")) {
            List<String> org = ORGANIZATIONS.get(id);
            if (org == null) {
                statuses.put(id, 404);
                errors.put(id, Map.of("status", 404, "message", "Not found"));
            } else {
                results.put(id, Map.of("id", Long.parseLong(id), "vanityName", org.get(0), "localizedName", org.get(1)));
                statuses.put(id, 200);
            }
        }
        return SandboxResponse.json(200, Map.of("results", results, "statuses", statuses, "errors", errors));
    }

    private boolean mayPostAs(String person, String author) {
        return author.equals(person) || (author.startsWith("urn:li:organization:")
                && ORGANIZATIONS.containsKey(author.substring("urn:li:organization:".length())));
    }

    private SandboxResponse initializeUpload(String person, SandboxRequest request) {
        if (!"initializeUpload".equals(request.query().get("action"))) {
            return error(400, null, "ILLEGAL_ARGUMENT", "action must be initializeUpload");
        }
        String owner = request.json().path("initializeUploadRequest").path("owner").asText("");
        if (!mayPostAs(person, owner)) {
            return error(403, 100, "ACCESS_DENIED", "Not enough permissions to access: owner " + owner);
        }
        String id = "C4E10AQ" + posts.nextId();
        String host = request.header("host").map(h -> "http://" + h + "/_local/linkedin").orElse(base);
        return SandboxResponse.json(200, Map.of("value", Map.of("uploadUrlExpiresAt", posts.now().plus(Duration.ofDays(1)).toEpochMilli(),
                "uploadUrl", host + "/dms-uploads/" + id + "/uploaded-image/0", "image", "urn:li:image:" + id)));
    }

    /** {@code POST /rest/videos?action=initializeUpload}: the video URN and one pre-signed URL per 4 MB part. */
    private SandboxResponse initializeVideo(String person, SandboxRequest request) {
        JsonNode init = request.json().path("initializeUploadRequest");
        String owner = init.path("owner").asText("");
        long size = init.path("fileSizeBytes").asLong(0);
        if (!"initializeUpload".equals(request.query().get("action")) || size <= 0) {
            return error(400, null, "ILLEGAL_ARGUMENT", "action=initializeUpload with owner and fileSizeBytes is required");
        }
        if (!mayPostAs(person, owner)) {
            return error(403, 100, "ACCESS_DENIED", "Not enough permissions to access: owner " + owner);
        }
        String id = "C5F10AQ" + posts.nextId();
        int parts = (int) ((size + VIDEO_PART_BYTES - 1) / VIDEO_PART_BYTES);
        long[] partBytes = new long[parts];
        List<Map<String, Object>> instructions = new ArrayList<>();
        String host = request.header("host").map(h -> "http://" + h + "/_local/linkedin").orElse(base);
        for (int i = 0; i < parts; i++) {
            long first = i * VIDEO_PART_BYTES;
            long last = Math.min(size, first + VIDEO_PART_BYTES) - 1;
            partBytes[i] = last - first + 1;
            instructions.add(Map.of("uploadUrl", host + "/dms-uploads/video/" + id + "/part/" + i, "firstByte", first, "lastByte", last));
        }
        videos.put("urn:li:video:" + id, new Video(owner, partBytes));
        return SandboxResponse.json(200, Map.of("value", Map.of("uploadUrlsExpireAt", posts.now().plus(Duration.ofDays(1)).toEpochMilli(),
                "video", "urn:li:video:" + id, "uploadToken", "", "uploadInstructions", instructions)));
    }

    /** A part PUT to its URL: the whole part, answered with the ETag that names it. */
    private SandboxResponse videoPart(String path, int bytes) {
        String[] seg = path.split("/"); // "", dms-uploads, video, {id}, part, {n}
        Video v = seg.length == 6 ? videos.get("urn:li:video:" + seg[3]) : null;
        int n = v == null ? -1 : Integer.parseInt(seg[5]);
        if (v == null || n < 0 || n >= v.partBytes.length) {
            return error(404, null, "NOT_FOUND", "no such upload");
        }
        if (bytes != v.partBytes[n]) {
            return error(400, null, "ILLEGAL_ARGUMENT", "part " + n + " must be " + v.partBytes[n] + " bytes, got " + bytes);
        }
        v.etags[n] = "/ETag/" + seg[3] + "-" + n;
        return SandboxResponse.empty(200).withHeader("ETag", "\"" + v.etags[n] + "\"");
    }

    /** {@code POST /rest/videos?action=finalizeUpload}: every part's ETag, in order; the video then processes. */
    private SandboxResponse finalizeVideo(JsonNode body) {
        JsonNode f = body.path("finalizeUploadRequest");
        Video v = videos.get(f.path("video").asText(""));
        if (v == null) {
            return error(404, null, "NOT_FOUND", "no such video");
        }
        List<String> given = new ArrayList<>();
        f.path("uploadedPartIds").forEach(e -> given.add(e.asText()));
        if (!given.equals(java.util.Arrays.asList(v.etags))) {
            return error(400, null, "ILLEGAL_ARGUMENT", "uploadedPartIds must be every part's ETag in order");
        }
        v.status = "PROCESSING";
        return SandboxResponse.empty(200);
    }

    /** {@code GET /rest/videos/{urn}}: WAITING_UPLOAD, PROCESSING (read once), then AVAILABLE. */
    private SandboxResponse videoStatus(String urn) {
        Video v = videos.get(urn);
        if (v == null) {
            return error(404, null, "NOT_FOUND", "no such video");
        }
        String status = v.status;
        if (status.equals("PROCESSING")) {
            v.status = "AVAILABLE";
        }
        return SandboxResponse.json(200, Map.of("id", urn, "owner", v.owner, "status", status));
    }

    private SandboxResponse uploaded(String path) {
        String[] parts = path.split("/");
        if (parts.length < 3) {
            return error(404, null, "NOT_FOUND", "no such upload");
        }
        images.add("urn:li:image:" + parts[2]);
        return SandboxResponse.empty(201);
    }

    private SandboxResponse post(String person, JsonNode body) {
        String author = body.path("author").asText("");
        String commentary = body.path("commentary").asText("");
        if (!mayPostAs(person, author)) {
            return error(403, 100, "ACCESS_DENIED", "Not enough permissions to post as " + author);
        }
        if (!"PUBLISHED".equals(body.path("lifecycleState").asText()) || !body.has("distribution") || !body.has("visibility")) {
            return error(422, null, "UNPROCESSABLE_ENTITY", "visibility, distribution and lifecycleState PUBLISHED are required");
        }
        List<String> media = new ArrayList<>();
        JsonNode content = body.path("content");
        if (content.has("media")) {
            media.add(content.path("media").path("id").asText());
        }
        content.path("multiImage").path("images").forEach(i -> media.add(i.path("id").asText()));
        for (String m : media) {
            if (!images.contains(m) && !(videos.containsKey(m) && "AVAILABLE".equals(videos.get(m).status))) {
                return error(422, null, "UNPROCESSABLE_ENTITY", "image " + m + " was not uploaded");
            }
        }
        for (SandboxPosts.Post p : posts.by(author).stream().limit(DUPLICATE_WINDOW).toList()) {
            if (p.text().equals(commentary) && p.media().equals(media)) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("errorDetailType", "com.linkedin.common.error.BadRequest");
                out.put("code", "DUPLICATE_POST");
                out.put("message", "Content is a duplicate of " + p.id());
                out.put("status", 422);
                return SandboxResponse.json(422, out);
            }
        }
        SandboxPosts.Post p = posts.add("urn:li:share:" + posts.nextId(), author, commentary, media, Map.of());
        return SandboxResponse.empty(201).withHeader("x-restli-id", p.id());
    }

    private SandboxResponse listing(String person, Map<String, String> q) {
        String author = q.getOrDefault("author", "");
        if (!"author".equals(q.get("q")) || !mayPostAs(person, author)) {
            return error(403, 100, "ACCESS_DENIED", "Not enough permissions to read the posts of " + author);
        }
        int count = Math.clamp(Long.parseLong(q.getOrDefault("count", "10")), 1, 100);
        List<Map<String, Object>> elements = new ArrayList<>();
        for (SandboxPosts.Post p : posts.by(author).stream().limit(count).toList()) {
            long at = p.createdAt().toEpochMilli();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", p.id());
            e.put("author", p.author());
            e.put("commentary", p.text());
            e.put("visibility", "PUBLIC");
            e.put("lifecycleState", "PUBLISHED");
            e.put("createdAt", at);
            e.put("publishedAt", at);
            e.put("lastModifiedAt", at);
            elements.add(e);
        }
        return SandboxResponse.json(200, Map.of("paging", Map.of("start", 0, "count", count, "links", List.of()), "elements", elements));
    }

    /** LinkedIn's error shape: {@code status, serviceErrorCode?, code, message}. */
    private static SandboxResponse error(int status, Integer serviceErrorCode, String code, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        if (serviceErrorCode != null) {
            out.put("serviceErrorCode", serviceErrorCode);
        }
        out.put("code", code);
        out.put("message", message);
        return SandboxResponse.json(status, out);
    }

    // ------------------------------------------------------------------ comments (LOCAL SANDBOX)

    /** A comment: on {@code postUrn} (its {@code activity}), by {@code actor}, nested under {@code parentComment} or not. */
    private record Comment(String commentUrn, String id, String postUrn, String activity, String actor, String parentComment, String text, long created) {
    }

    private final List<Comment> comments = new ArrayList<>();

    private Comment addComment(String postUrn, String actor, String parentComment, String text) {
        String id = posts.nextId();
        String activity = "urn:li:activity:" + postUrn.substring(postUrn.lastIndexOf(':') + 1);
        Comment c = new Comment("urn:li:comment:(" + activity + "," + id + ")", id, postUrn, activity, actor, parentComment, text,
                posts.now().toEpochMilli());
        synchronized (comments) {
            comments.add(c);
        }
        return c;
    }

    /**
     * LOCAL SANDBOX: {@code POST /_local/linkedin/_mentions {text, postUrn?, from?, parentComment?}} — a member
     * ({@code from}, a person URN) comments on a post ({@code postUrn}, default the newest of any organization of the
     * sandbox), or answers a comment ({@code parentComment}).
     */
    private SandboxResponse seedComment(JsonNode spec) {
        String text = spec.path("text").asText("");
        if (text.isBlank()) {
            throw new IllegalArgumentException("text is required");
        }
        String postUrn = spec.path("postUrn").asText("");
        if (postUrn.isEmpty()) {
            postUrn = ORGANIZATIONS.keySet().stream().sorted().flatMap(id -> posts.by("urn:li:organization:" + id).stream())
                    .max(java.util.Comparator.comparing(SandboxPosts.Post::createdAt)).map(SandboxPosts.Post::id)
                    .orElseThrow(() -> new IllegalArgumentException("no organization post to comment on: publish one first"));
        }
        String post = postUrn;
        if (posts.find(post).isEmpty()) {
            throw new IllegalArgumentException("no post " + post);
        }
        String parent = spec.hasNonNull("parentComment") ? spec.path("parentComment").asText() : null;
        Comment c = addComment(post, spec.path("from").asText("urn:li:person:sbxRyeFan01"), parent, text);
        return SandboxResponse.json(200, json(c));
    }

    private static Map<String, Object> json(Comment c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("actor", c.actor());
        out.put("commentUrn", c.commentUrn());
        out.put("$URN", c.commentUrn());
        out.put("id", c.id());
        out.put("created", Map.of("actor", c.actor(), "time", c.created()));
        out.put("lastModified", Map.of("actor", c.actor(), "time", c.created()));
        out.put("message", Map.of("text", c.text(), "attributes", List.of()));
        out.put("object", c.activity());
        if (c.parentComment() != null) {
            out.put("parentComment", c.parentComment());
        }
        out.put("likesSummary", Map.of("totalLikes", 0, "likedByCurrentUser", false));
        return out;
    }

    /**
     * {@code GET /rest/socialActions/{urn}/comments}: a post's first-level comments or a comment's nested ones, newest
     * first; {@code POST} one: {@code {actor, object, parentComment?, message{text}}} (201, {@code x-restli-id}).
     */
    private SandboxResponse comments(String person, SandboxRequest request, String urn) {
        if (request.method().equals("GET")) {
            List<Map<String, Object>> elements = new ArrayList<>();
            synchronized (comments) {
                for (int i = comments.size() - 1; i >= 0; i--) {
                    Comment c = comments.get(i);
                    if (urn.startsWith("urn:li:comment:") ? urn.equals(c.parentComment()) : urn.equals(c.postUrn()) && c.parentComment() == null) {
                        elements.add(json(c));
                    }
                }
            }
            return SandboxResponse.json(200, Map.of("paging", Map.of("start", 0, "count", elements.size(), "total", elements.size(), "links", List.of()),
                    "elements", elements));
        }
        JsonNode body = request.json();
        String actor = body.path("actor").asText("");
        if (!mayPostAs(person, actor)) {
            return error(403, 100, "ACCESS_DENIED", "Not enough permissions to comment as " + actor);
        }
        String text = body.path("message").path("text").asText("");
        if (text.isBlank()) {
            return error(422, null, "UNPROCESSABLE_ENTITY", "message.text is required");
        }
        Comment parent;
        synchronized (comments) {
            parent = comments.stream().filter(c -> c.commentUrn().equals(urn)).findFirst().orElse(null);
        }
        String post = parent != null ? parent.postUrn() : urn;
        if (posts.find(post).isEmpty()) {
            return error(404, null, "NOT_FOUND", "Resource not found (LOCAL LINKEDIN SANDBOX): " + urn);
        }
        Comment c = addComment(post, actor, parent == null ? null : parent.parentComment() != null ? parent.parentComment() : parent.commentUrn(), text);
        return SandboxResponse.json(201, json(c)).withHeader("x-restli-id", c.commentUrn());
    }
}
