package com.socialwire.local.runtime.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LOCAL PINTEREST SANDBOX: Pinterest API v5 as Socialwire's {@code PinterestConnector} and {@code PinterestPublisher}
 * call it, shaped as developers.pinterest.com/docs/api/v5 documents it — nothing reaches Pinterest.
 * <ul>
 *   <li>OAuth at {@code /oauth/} and {@code /v5/oauth/token} (HTTP Basic client; the continuous refresh token
 *       rotates), access tokens of 30 days;</li>
 *   <li>{@code GET /v5/user_account}; {@code GET /v5/boards} (each person has two boards, "Sandbox breads" and
 *       "Sandbox cakes", paged by {@code bookmark});</li>
 *   <li>{@code POST /v5/pins} (image URL, 2–5 image carousel, or a video by {@code media_id} once processed) and
 *       {@code GET /v5/boards/{id}/pins}, newest first, paged by {@code bookmark};</li>
 *   <li>{@code POST /v5/media} registers a video upload to {@code /media-upload/{id}} here; after the upload,
 *       {@code GET /v5/media/{id}} answers {@code processing} once, then {@code succeeded}.</li>
 * </ul>
 * Errors are Pinterest's {@code {code, message}}: 401 for a missing, expired or revoked token, 404 for a board that is
 * not the person's, 400 for a pin Pinterest would refuse.
 */
public final class PinterestSandbox implements PlatformSandbox {

    static final String CLIENT_ID = "sandbox-pinterest-app";
    static final String CLIENT_SECRET = "sandbox-pinterest-secret";
    private static final Pattern BOARD_PINS = Pattern.compile("/v5/boards/([0-9]{1,30})/pins");
    private static final Pattern MEDIA = Pattern.compile("/v5/media/([0-9]{1,30})");
    private static final Pattern UPLOAD = Pattern.compile("/media-upload/([0-9]{1,30})");

    private record Board(String id, String ownerId, String name) {
    }

    private final Clock clock;
    private final SandboxOAuth oauth;
    private final Map<String, Board> boards = new ConcurrentHashMap<>();
    /** Each board's pins, newest last. */
    private final Map<String, List<Map<String, Object>>> pins = new ConcurrentHashMap<>();
    /** A video's status: registered, processing (after the upload, once), succeeded. */
    private final Map<String, String> media = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile String base = "";

    public PinterestSandbox() {
        this(Clock.systemUTC());
    }

    PinterestSandbox(Clock clock) {
        this.clock = clock;
        this.oauth = new SandboxOAuth("pinterest", "Pinterest", CLIENT_ID, CLIENT_SECRET, "/oauth/", "/v5/oauth/token", true,
                Duration.ofDays(30), new SandboxOAuth.User("549755885175", "bloom.sandbox", "Bloom Bakery (sandbox)"), clock);
    }

    @Override
    public String name() {
        return "pinterest";
    }

    @Override
    public String label() {
        return "Pinterest";
    }

    @Override
    public Map<String, String> environment(String base) {
        this.base = base;
        return Map.of("PINTEREST_CLIENT_ID", CLIENT_ID, "PINTEREST_CLIENT_SECRET", CLIENT_SECRET,
                "PINTEREST_AUTHORIZE_URL", base + "/oauth/", "PINTEREST_API_BASE", base);
    }

    @Override
    public SandboxOAuth oauth() {
        return oauth;
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        String path = request.path();
        Matcher upload = UPLOAD.matcher(path);
        if (request.method().equals("POST") && upload.matches()) { // the media store: its signed form, no token
            return media.replace(upload.group(1), "registered", "processing") ? SandboxResponse.empty(204)
                    : error(403, 403, "the upload form is unknown or used");
        }
        SandboxOAuth.User user = oauth.user(request).orElse(null);
        if (user == null) {
            return error(401, 2, "Authentication failed.");
        }
        Matcher boardPins = BOARD_PINS.matcher(path);
        Matcher mediaId = MEDIA.matcher(path);
        return switch (request.method() + " " + path) {
            case "GET /v5/user_account" -> SandboxResponse.json(200, userAccount(user));
            case "GET /v5/boards" -> page(boardsOf(user).stream().map(this::board).toList(), request);
            case "POST /v5/pins" -> createPin(user, request.json());
            case "POST /v5/media" -> registerVideo(request.json());
            default -> {
                if (request.method().equals("GET") && boardPins.matches()) {
                    Board b = boards.get(boardPins.group(1));
                    if (b == null || !b.ownerId().equals(user.id())) {
                        yield error(404, 40, "Board not found.");
                    }
                    List<Map<String, Object>> newestFirst = new ArrayList<>(pins.getOrDefault(b.id(), List.of()));
                    java.util.Collections.reverse(newestFirst);
                    yield page(newestFirst, request);
                }
                if (request.method().equals("GET") && mediaId.matches() && media.containsKey(mediaId.group(1))) {
                    String id = mediaId.group(1);
                    String status = media.get(id);
                    if (status.equals("processing")) {
                        media.put(id, "succeeded"); // processed by the next look
                    }
                    yield SandboxResponse.json(200, Map.of("media_id", id, "media_type", "video", "status", status));
                }
                yield error(404, 404, "Not found: " + request.method() + " " + path);
            }
        };
    }

    private Map<String, Object> userAccount(SandboxOAuth.User user) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account_type", "BUSINESS");
        out.put("id", user.id());
        out.put("profile_image", "https://i.pinimg.com/sandbox/" + user.handle() + ".jpg");
        out.put("website_url", "https://bloom.example");
        out.put("username", user.handle());
        out.put("business_name", user.name());
        out.put("board_count", boardsOf(user).size());
        return out;
    }

    /** The person's boards, made on first sight: two, so connecting shows a pending selection. */
    private List<Board> boardsOf(SandboxOAuth.User user) {
        String first = "10938939" + digits(user.id(), 8) + "1";
        String second = "10938939" + digits(user.id(), 8) + "2";
        boards.putIfAbsent(first, new Board(first, user.id(), "Sandbox breads"));
        boards.putIfAbsent(second, new Board(second, user.id(), "Sandbox cakes"));
        return List.of(boards.get(first), boards.get(second));
    }

    private Map<String, Object> board(Board b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", b.id());
        out.put("created_at", "2025-03-01T10:00:00");
        out.put("name", b.name());
        out.put("description", "LOCAL PINTEREST SANDBOX board");
        out.put("owner", Map.of("username", oauth.userById(b.ownerId()).map(SandboxOAuth.User::handle).orElse("sandbox")));
        out.put("privacy", "PUBLIC");
        out.put("media", Map.of("image_cover_url", "https://i.pinimg.com/sandbox/" + b.id() + ".jpg"));
        out.put("pin_count", pins.getOrDefault(b.id(), List.of()).size());
        return out;
    }

    private SandboxResponse createPin(SandboxOAuth.User user, JsonNode body) {
        Board b = boards.get(body.path("board_id").asText(""));
        if (b == null || !b.ownerId().equals(user.id())) {
            return error(404, 40, "Board not found.");
        }
        if (body.path("title").asText("").length() > 100 || body.path("description").asText("").length() > 800
                || body.path("alt_text").asText("").length() > 500 || body.path("link").asText("").length() > 2048) {
            return error(400, 1, "Invalid parameters: a field is too long.");
        }
        JsonNode source = body.path("media_source");
        String type = source.path("source_type").asText("");
        String mediaType;
        switch (type) {
            case "image_url" -> {
                if (source.path("url").asText("").isBlank()) {
                    return error(400, 1, "Invalid parameters: media_source.url is required.");
                }
                mediaType = "image";
            }
            case "multiple_image_urls" -> {
                int n = source.path("items").size();
                if (n < 2 || n > 5) {
                    return error(400, 1, "Invalid parameters: constraint: minItems=2, maxItems=5");
                }
                mediaType = "multiple_images";
            }
            case "video_id" -> {
                if (!"succeeded".equals(media.get(source.path("media_id").asText("")))) {
                    return error(400, 1, "The video is not ready (media upload not succeeded).");
                }
                if (!source.hasNonNull("cover_image_url") && !source.hasNonNull("cover_image_key_frame_time")) {
                    return error(400, 1, "cover_image_url or cover_image_key_frame_time is required");
                }
                mediaType = "video";
            }
            default -> {
                return error(400, 1, "Invalid parameters: unknown media_source.source_type " + type);
            }
        }
        Map<String, Object> pin = new LinkedHashMap<>();
        pin.put("id", Long.toString(813_744_226_420_795_000L + ids.incrementAndGet()));
        pin.put("created_at", LocalDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC).toString());
        pin.put("link", text(body, "link"));
        pin.put("title", text(body, "title"));
        pin.put("description", text(body, "description"));
        pin.put("alt_text", text(body, "alt_text"));
        pin.put("board_id", b.id());
        pin.put("board_owner", Map.of("username", user.handle()));
        pin.put("is_owner", true);
        pin.put("media", Map.of("media_type", mediaType));
        pins.computeIfAbsent(b.id(), k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(pin);
        return SandboxResponse.json(201, pin);
    }

    private SandboxResponse registerVideo(JsonNode body) {
        if (!"video".equals(body.path("media_type").asText())) {
            return error(400, 1, "Invalid parameters: media_type must be video");
        }
        String id = Long.toString(5_304_452_927_623_000L + ids.incrementAndGet());
        media.put(id, "registered");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("key", "uploads/" + id + "/video.mp4");
        params.put("policy", "sandbox-policy");
        params.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
        params.put("x-amz-signature", "sandbox-signature");
        return SandboxResponse.json(201, Map.of("media_id", id, "media_type", "video", "upload_url", base + "/media-upload/" + id,
                "upload_parameters", params));
    }

    /** One page of {@code items}: {@code page_size} (25 by default, at most 250) from the {@code bookmark} on. */
    private static SandboxResponse page(List<Map<String, Object>> items, SandboxRequest request) {
        Map<String, String> q = request.query();
        int size;
        int from;
        try {
            size = Math.max(1, Math.min(250, Integer.parseInt(q.getOrDefault("page_size", "25"))));
            from = q.get("bookmark") == null ? 0 : Integer.parseInt(q.get("bookmark"));
        } catch (NumberFormatException e) {
            return error(400, 1, "Invalid parameters: page_size or bookmark");
        }
        List<Map<String, Object>> page = items.subList(Math.min(from, items.size()), Math.min(from + size, items.size()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page);
        out.put("bookmark", from + size < items.size() ? Integer.toString(from + size) : null);
        return SandboxResponse.json(200, out);
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.path(field).asText() : null;
    }

    /** {@code n} digits derived from {@code seed} (Pinterest's ids are numeric). */
    private static String digits(String seed, int n) {
        long h = Integer.toUnsignedLong(seed.hashCode()) * 2_654_435_761L;
        String d = Long.toString(Math.abs(h)) + "00000000";
        return d.substring(0, n);
    }

    private static SandboxResponse error(int status, int code, String message) {
        return SandboxResponse.json(status, Map.of("code", code, "message", message));
    }
}
