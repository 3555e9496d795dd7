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
}
