package com.socialwire.local.runtime.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Ids;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LOCAL YOUTUBE SANDBOX: the Google OAuth consent and token endpoints (through {@link SandboxOAuth}: PKCE, refresh
 * tokens that do not rotate) and the YouTube Data API calls Socialwire's YouTube connector and publisher make, shaped
 * as Google documents them — {@code GET /youtube/v3/channels?mine=true}, and {@code videos.insert} by the resumable
 * upload protocol: {@code POST /upload/youtube/v3/videos?uploadType=resumable} answers a session URI in
 * {@code Location}; {@code PUT} to it takes the bytes (in chunks with {@code Content-Range}, answered
 * {@code 308 Resume Incomplete} with {@code Range}) and makes the video with the last byte (201 with the video
 * resource); {@code PUT} with {@code Content-Range: bytes *}{@code /size} asks what the session holds. Errors come in
 * Google's shape ({@code error{code,message,errors[{reason}]}}). Nothing reaches YouTube.
 *
 * <p>Comments for the inbox: {@code GET /youtube/v3/commentThreads?allThreadsRelatedToChannelId=} (newest first, up to
 * 5 replies each, {@code pageToken}), {@code GET /youtube/v3/comments?parentId=} and {@code POST /youtube/v3/comments}
 * (a reply, by the token's channel); {@code POST /_local/youtube/_mentions {text, from?, parentId?, videoId?, to?}}
 * makes a LOCAL SANDBOX viewer comment on the channel's video (or answer in a thread).
 */
public final class YouTubeSandbox implements PlatformSandbox {

    static final String UPLOAD = "/upload/youtube/v3/videos";
    private static final Set<String> PRIVACY = Set.of("public", "unlisted", "private");
    private static final Pattern RANGE = Pattern.compile("bytes ([0-9]+)-([0-9]+)/([0-9]+)");

    /** One resumable session: what it was started with and the bytes it holds; {@code videoId} once made. */
    private static final class Session {
        final String userId;
        final JsonNode resource;
        final long size;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String videoId;

        Session(String userId, JsonNode resource, long size) {
            this.userId = userId;
            this.resource = resource;
            this.size = size;
        }
    }

    private final SandboxOAuth oauth = new SandboxOAuth("youtube", "YouTube", "sandbox-youtube.apps.googleusercontent.com",
            "sandbox-youtube-secret", "/o/oauth2/v2/auth", "/token", false, Duration.ofHours(1),
            new SandboxOAuth.User("UCsbxBloomBakery000000001", "bloombakery", "Bloom Bakery (sandbox channel)"), Clock.systemUTC());
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Session> videos = new ConcurrentHashMap<>();
    private volatile String base = "";
    /** Every comment, oldest first (LOCAL SANDBOX). */
    private final java.util.List<Comment> comments = new java.util.ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong commentIds = new java.util.concurrent.atomic.AtomicLong();

    /** A comment: {@code parentId} null for a thread's top-level one; {@code channelId} the channel whose video it is on. */
    private record Comment(String id, String parentId, String channelId, String videoId, String authorChannelId, String author,
                           String text, java.time.Instant publishedAt) {
    }

    @Override
    public String name() {
        return "youtube";
    }

    @Override
    public String label() {
        return "YouTube";
    }

    @Override
    public Map<String, String> environment(String base) {
        this.base = base;
        return Map.of("YOUTUBE_CLIENT_ID", oauth.clientId(), "YOUTUBE_CLIENT_SECRET", oauth.clientSecret(),
                "YOUTUBE_AUTHORIZE_URL", base + oauth.authorizePath(), "YOUTUBE_TOKEN_URL", base + oauth.tokenPath(),
                "YOUTUBE_API_BASE", base + "/youtube/v3", "YOUTUBE_UPLOAD_BASE", base + "/upload/youtube/v3");
    }

    @Override
    public SandboxOAuth oauth() {
        return oauth;
    }

    /** The videos made so far (for tests and the curious). */
    public int videoCount() {
        return videos.size();
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        if (request.method().equals("POST") && request.path().equals("/_mentions")) {
            return seedComment(request.json());
        }
        var user = oauth.user(request);
        if (user.isEmpty()) {
            return error(401, "authError", "Request had invalid authentication credentials. Expected OAuth 2 access token,"
                    + " login cookie or other valid authentication credential.");
        }
        String route = request.method() + " " + request.path();
        return switch (route) {
            case "GET /youtube/v3/channels" -> channels(user.get());
            case "POST " + UPLOAD -> start(user.get(), request);
            case "PUT " + UPLOAD -> upload(user.get(), request);
            case "GET /youtube/v3/commentThreads" -> threads(request.query());
            case "GET /youtube/v3/comments" -> replies(request.query().getOrDefault("parentId", ""));
            case "POST /youtube/v3/comments" -> insertReply(user.get(), request.json());
            default -> error(404, "notFound", "LOCAL YOUTUBE SANDBOX has no " + route);
        };
    }

    private SandboxResponse channels(SandboxOAuth.User user) {
        Map<String, Object> snippet = new LinkedHashMap<>();
        snippet.put("title", user.name());
        snippet.put("description", "LOCAL YOUTUBE SANDBOX channel");
        snippet.put("customUrl", "@" + user.handle());
        snippet.put("publishedAt", "2019-08-23T00:34:43Z");
        snippet.put("thumbnails", Map.of("default", Map.of("url", base + "/_avatar/" + user.id() + ".jpg", "width", 88, "height", 88)));
        return SandboxResponse.json(200, Map.of("kind", "youtube#channelListResponse", "etag", Ids.base62(20),
                "pageInfo", Map.of("totalResults", 1, "resultsPerPage", 50),
                "items", List.of(Map.of("kind", "youtube#channel", "etag", Ids.base62(20), "id", user.id(), "snippet", snippet))));
    }

    /** Step 1: the session, checked as videos.insert checks its metadata. */
    private SandboxResponse start(SandboxOAuth.User user, SandboxRequest request) {
        if (!"resumable".equals(request.query().get("uploadType"))) {
            return error(400, "invalidParameter", "LOCAL YOUTUBE SANDBOX takes resumable uploads only");
        }
        JsonNode resource = request.json();
        String title = resource.path("snippet").path("title").asText("");
        String description = resource.path("snippet").path("description").asText("");
        if (title.isBlank() || title.codePointCount(0, title.length()) > 100 || title.contains("<") || title.contains(">")) {
            return error(400, "invalidTitle", "The request metadata specifies an invalid or empty video title.");
        }
        if (description.getBytes(StandardCharsets.UTF_8).length > 5_000 || description.contains("<") || description.contains(">")) {
            return error(400, "invalidDescription", "The request metadata specifies an invalid video description.");
        }
        if (!PRIVACY.contains(resource.path("status").path("privacyStatus").asText("public"))) {
            return error(400, "invalidVideoMetadata", "The request metadata is invalid.");
        }
        long size;
        try {
            size = Long.parseLong(request.header("x-upload-content-length").orElse("-1"));
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size <= 0) {
            return error(400, "mediaBodyRequired", "The request does not include the video content.");
        }
        String id = Ids.base62(32);
        sessions.put(id, new Session(user.id(), resource, size));
        return SandboxResponse.empty(200).withHeader("location", base + UPLOAD + "?uploadType=resumable&upload_id=" + id);
    }

    /** Steps 3 and 4: bytes into the session, or (bytes *{@code /size}) what it holds. */
    private synchronized SandboxResponse upload(SandboxOAuth.User user, SandboxRequest request) {
        Session s = sessions.get(request.query().getOrDefault("upload_id", ""));
        if (s == null || !s.userId.equals(user.id())) {
            return error(404, "notFound", "The upload session does not exist or has expired.");
        }
        String range = request.header("content-range").orElse("");
        if (range.startsWith("bytes */")) {
            return s.videoId != null ? video(201, s) : incomplete(s);
        }
        if (s.videoId != null) {
            return video(200, s);
        }
        long first = 0;
        Matcher m = RANGE.matcher(range);
        if (m.matches()) {
            first = Long.parseLong(m.group(1));
            if (Long.parseLong(m.group(3)) != s.size || Long.parseLong(m.group(2)) - first + 1 != request.body().length) {
                return error(400, "badContent", "Content-Range does not match the session or the body.");
            }
        } else if (!range.isEmpty()) {
            return error(400, "badContent", "Content-Range is malformed.");
        }
        if (first != s.bytes.size()) {
            return incomplete(s); // not where the session is: the client asks and resumes from Range
        }
        s.bytes.writeBytes(request.body());
        if (s.bytes.size() > s.size) {
            return error(400, "badContent", "More bytes than the session was started with.");
        }
        if (s.bytes.size() < s.size) {
            return incomplete(s);
        }
        s.videoId = Ids.base62(11);
        videos.put(s.videoId, s);
        return video(201, s);
    }

    private static SandboxResponse incomplete(Session s) {
        SandboxResponse r = SandboxResponse.empty(308);
        return s.bytes.size() == 0 ? r : r.withHeader("range", "bytes=0-" + (s.bytes.size() - 1));
    }

    private static SandboxResponse video(int status, Session s) {
        JsonNode snippet = s.resource.path("snippet");
        return SandboxResponse.json(status, Map.of("kind", "youtube#video", "etag", Ids.base62(20), "id", s.videoId,
                "snippet", Map.of("channelId", s.userId, "title", snippet.path("title").asText(""),
                        "description", snippet.path("description").asText(""), "categoryId", "22"),
                "status", Map.of("uploadStatus", "uploaded", "privacyStatus", s.resource.path("status").path("privacyStatus").asText("public"))));
    }

    private static SandboxResponse error(int status, String reason, String message) {
        return SandboxResponse.json(status, Map.of("error", Map.of("code", status, "message", message,
                "errors", List.of(Map.of("message", message, "domain", "youtube", "reason", reason)))));
    }

    // ------------------------------------------------------------------ comments (LOCAL SANDBOX)

    private Comment comment(String parentId, String channelId, String videoId, String authorChannelId, String author, String text) {
        Comment c = new Comment(String.format("Ugx%017d", commentIds.incrementAndGet()) + (parentId == null ? "" : ".r"), parentId, channelId,
                videoId, authorChannelId, author, text, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        synchronized (comments) {
            comments.add(c);
        }
        return c;
    }

    private SandboxResponse seedComment(JsonNode spec) {
        String text = spec.path("text").asText("");
        String from = spec.path("from").asText("ryefan");
        if (text.isBlank() || !from.matches("[A-Za-z0-9._-]{1,30}")) {
            throw new IllegalArgumentException("text is required and from must be a handle");
        }
        String channel = spec.path("to").asText(oauth.defaultUser().id());
        String parent = spec.path("parentId").asText("");
        Comment top = parent.isEmpty() ? null : find(parent);
        if (!parent.isEmpty() && (top == null || top.parentId() != null)) {
            throw new IllegalArgumentException("parentId must be a thread's top-level comment");
        }
        Comment c = comment(top == null ? null : top.id(), channel, top == null ? spec.path("videoId").asText("sbxVideo0001") : top.videoId(),
                "UCviewer" + Math.floorMod(from.hashCode(), 1_000_000), from, text);
        return SandboxResponse.json(200, json(c));
    }

    private Comment find(String id) {
        synchronized (comments) {
            return comments.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
        }
    }

    private Map<String, Object> json(Comment c) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("channelId", c.channelId());
        s.put("videoId", c.videoId());
        s.put("textDisplay", c.text());
        s.put("textOriginal", c.text());
        if (c.parentId() != null) {
            s.put("parentId", c.parentId());
        }
        s.put("authorDisplayName", "@" + c.author());
        s.put("authorProfileImageUrl", base + "/_avatar/" + c.authorChannelId() + ".jpg");
        s.put("authorChannelUrl", "http://www.youtube.com/@" + c.author());
        s.put("authorChannelId", Map.of("value", c.authorChannelId()));
        s.put("canRate", true);
        s.put("viewerRating", "none");
        s.put("likeCount", 0);
        s.put("publishedAt", c.publishedAt().toString());
        s.put("updatedAt", c.publishedAt().toString());
        return Map.of("kind", "youtube#comment", "etag", Ids.base62(20), "id", c.id(), "snippet", s);
    }

    /** {@code commentThreads.list?allThreadsRelatedToChannelId=}: newest threads first, their newest 5 replies, {@code pageToken} an offset. */
    private SandboxResponse threads(Map<String, String> q) {
        String channel = q.getOrDefault("allThreadsRelatedToChannelId", "");
        int max = Math.clamp(Long.parseLong(q.getOrDefault("maxResults", "20")), 1, 100);
        int from = Integer.parseInt(q.getOrDefault("pageToken", "0"));
        List<Comment> tops;
        List<Comment> all;
        synchronized (comments) {
            all = List.copyOf(comments);
        }
        tops = all.stream().filter(c -> c.parentId() == null && c.channelId().equals(channel)).sorted((a, b) -> b.id().compareTo(a.id())).toList();
        List<Object> items = new java.util.ArrayList<>();
        for (Comment top : tops.subList(Math.min(from, tops.size()), Math.min(from + max, tops.size()))) {
            List<Object> replies = all.stream().filter(c -> top.id().equals(c.parentId())).sorted((a, b) -> b.id().compareTo(a.id())).limit(5)
                    .map(c -> (Object) json(c)).toList();
            Map<String, Object> snippet = new LinkedHashMap<>();
            snippet.put("channelId", channel);
            snippet.put("videoId", top.videoId());
            snippet.put("topLevelComment", json(top));
            snippet.put("canReply", true);
            snippet.put("totalReplyCount", all.stream().filter(c -> top.id().equals(c.parentId())).count());
            snippet.put("isPublic", true);
            Map<String, Object> thread = new LinkedHashMap<>();
            thread.put("kind", "youtube#commentThread");
            thread.put("etag", Ids.base62(20));
            thread.put("id", top.id());
            thread.put("snippet", snippet);
            if (!replies.isEmpty()) {
                thread.put("replies", Map.of("comments", replies));
            }
            items.add(thread);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "youtube#commentThreadListResponse");
        out.put("etag", Ids.base62(20));
        if (from + max < tops.size()) {
            out.put("nextPageToken", Integer.toString(from + max));
        }
        out.put("pageInfo", Map.of("totalResults", items.size(), "resultsPerPage", max));
        out.put("items", items);
        return SandboxResponse.json(200, out);
    }

    /** {@code comments.list?parentId=}: a thread's replies, oldest first. */
    private SandboxResponse replies(String parentId) {
        List<Object> items;
        synchronized (comments) {
            items = comments.stream().filter(c -> parentId.equals(c.parentId())).map(c -> (Object) json(c)).toList();
        }
        return SandboxResponse.json(200, Map.of("kind", "youtube#commentListResponse", "etag", Ids.base62(20), "items", items));
    }

    /** {@code comments.insert}: the token's channel answers in a thread. */
    private SandboxResponse insertReply(SandboxOAuth.User user, JsonNode body) {
        String parent = body.path("snippet").path("parentId").asText("");
        String text = body.path("snippet").path("textOriginal").asText("");
        Comment top = find(parent);
        if (top == null || top.parentId() != null) {
            return error(404, "parentCommentNotFound", "The specified parent comment could not be found.");
        }
        if (text.isBlank()) {
            return error(400, "commentTextRequired", "The comment resource must contain a snippet.textOriginal property.");
        }
        return SandboxResponse.json(200, json(comment(top.id(), top.channelId(), top.videoId(), user.id(), user.handle(), text)));
    }
}
