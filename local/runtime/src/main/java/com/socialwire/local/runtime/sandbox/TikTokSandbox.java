package com.socialwire.local.runtime.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Ids;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * LOCAL SANDBOX of TikTok (nothing reaches TikTok): Login Kit's consent and token endpoints through {@link SandboxOAuth}
 * ({@code client_key}, access tokens of 2 hours, rotating refresh tokens, {@code open_id} in the token answer), and
 * the calls Socialwire's TikTok connector and publisher make, answered in TikTok's v2 shape ({@code data} and
 * {@code error{code,message,log_id}}, {@code code: "ok"} on success):
 * {@code GET /v2/user/info/}, {@code POST /v2/post/publish/creator_info/query/}, the Direct Post inits
 * {@code POST /v2/post/publish/video/init/} and {@code /v2/post/publish/content/init/} ({@code PULL_FROM_URL}; the
 * privacy level must be one the creator is offered), {@code POST /v2/post/publish/status/fetch/} and
 * {@code POST /v2/video/list/}. The sandbox does not download the media: a publish is PROCESSING_DOWNLOAD until its
 * status is first asked, then PUBLISH_COMPLETE with a public post id (none for SELF_ONLY); the post is listed from
 * then on, or {@link #PROCESSING} after its init when nobody asks (the init's answer was lost).
 * A slow or failing TikTok is the host's faults ({@code POST /_local/tiktok/_faults}).
 */
public final class TikTokSandbox implements PlatformSandbox {

    static final String CLIENT_KEY = "sbxtiktokclientkey";
    static final List<String> PRIVACY = List.of("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY");
    /** How long the sandbox "processes" a post nobody asks about before it is listed (a lost init answer). */
    static final Duration PROCESSING = Duration.ofSeconds(5);

    /** One post made through a Direct Post init. */
    private record Publish(String publishId, String userId, String postId, boolean video, String caption, String privacy,
                           Instant created, List<String> media) {
    }

    private final Clock clock = Clock.systemUTC();
    private final SandboxOAuth oauth = new SandboxOAuth("tiktok", "TikTok", CLIENT_KEY, "sbx-tiktok-client-secret", "/v2/auth/authorize/",
            "/v2/oauth/token/", true, Duration.ofHours(2),
            new SandboxOAuth.User("sbx-open-" + Ids.base62(12), "sandbox_creator", "Sandbox Creator"), clock)
            .extraTokenFields(u -> Map.of("open_id", u.id(), "refresh_expires_in", Duration.ofDays(180).toSeconds()));
    private final Map<String, Publish> publishes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> asked = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "tiktok";
    }

    @Override
    public String label() {
        return "TikTok";
    }

    @Override
    public Map<String, String> environment(String base) {
        return Map.of("TIKTOK_CLIENT_ID", CLIENT_KEY, "TIKTOK_CLIENT_SECRET", oauth.clientSecret(),
                "TIKTOK_AUTHORIZE_URL", base + oauth.authorizePath(), "TIKTOK_API_BASE", base);
    }

    @Override
    public SandboxOAuth oauth() {
        return oauth;
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        var user = oauth.user(request);
        if (user.isEmpty()) {
            return error(401, "access_token_invalid", "The access token is invalid or not found in the request.");
        }
        SandboxOAuth.User u = user.get();
        return switch (request.method() + " " + request.path()) {
            case "GET /v2/user/info/" -> ok(Map.of("user", Map.of("open_id", u.id(), "union_id", "sbx-union-" + u.id(),
                    "avatar_url", "https://sandbox.tiktok.invalid/avatar/" + u.handle() + ".jpeg", "display_name", u.name(),
                    "username", u.handle())));
            case "POST /v2/post/publish/creator_info/query/" -> ok(Map.of("creator_avatar_url", "https://sandbox.tiktok.invalid/avatar/"
                    + u.handle() + ".jpeg", "creator_username", u.handle(), "creator_nickname", u.name(), "privacy_level_options", PRIVACY,
                    "comment_disabled", false, "duet_disabled", false, "stitch_disabled", false, "max_video_post_duration_sec", 600));
            case "POST /v2/post/publish/video/init/" -> init(u, request.json(), true);
            case "POST /v2/post/publish/content/init/" -> init(u, request.json(), false);
            case "POST /v2/post/publish/status/fetch/" -> status(u, request.json());
            case "POST /v2/video/list/" -> list(u, request.json());
            default -> error(404, "invalid_params", "LOCAL TIKTOK SANDBOX: no such endpoint " + request.method() + " " + request.path());
        };
    }

    private SandboxResponse init(SandboxOAuth.User u, JsonNode body, boolean video) {
        JsonNode info = body.path("post_info");
        JsonNode source = body.path("source_info");
        String privacy = info.path("privacy_level").asText("");
        if (!PRIVACY.contains(privacy)) {
            return error(400, "privacy_level_option_mismatch", "privacy_level is not one of the creator's options");
        }
        if (!"PULL_FROM_URL".equals(source.path("source").asText())) {
            return error(400, "invalid_params", "LOCAL TIKTOK SANDBOX takes PULL_FROM_URL only");
        }
        List<String> media = new ArrayList<>();
        if (video) {
            media.add(source.path("video_url").asText(""));
        } else {
            if (!"DIRECT_POST".equals(body.path("post_mode").asText()) || !"PHOTO".equals(body.path("media_type").asText())) {
                return error(400, "invalid_params", "post_mode DIRECT_POST and media_type PHOTO are required");
            }
            source.path("photo_images").forEach(i -> media.add(i.asText("")));
            if (media.isEmpty() || media.size() > 35) {
                return error(400, "invalid_params", "photo_images holds 1 to 35 URLs");
            }
        }
        for (String url : media) {
            if (!(url.startsWith("http://") || url.startsWith("https://"))) {
                return error(400, "invalid_params", "a media URL is not http(s)");
            }
        }
        String publishId = (video ? "v_pub_url~v2-1." : "p_pub_url~v2-1.") + digits(19);
        String caption = video ? info.path("title").asText("") : info.path("description").asText(info.path("title").asText(""));
        publishes.put(publishId, new Publish(publishId, u.id(), "74" + digits(17), video, caption, privacy, clock.instant(), List.copyOf(media)));
        return ok(Map.of("publish_id", publishId));
    }

    private SandboxResponse status(SandboxOAuth.User u, JsonNode body) {
        Publish p = publishes.get(body.path("publish_id").asText(""));
        if (p == null || !p.userId().equals(u.id())) {
            return error(400, "invalid_params", "publish_id is unknown");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        if (asked.putIfAbsent(p.publishId(), true) == null) {
            data.put("status", "PROCESSING_DOWNLOAD"); // the first answer: TikTok is still pulling the media
        } else {
            data.put("status", "PUBLISH_COMPLETE");
            data.put("publicaly_available_post_id", "SELF_ONLY".equals(p.privacy()) ? List.of() : List.of(Long.parseLong(p.postId())));
        }
        data.put("uploaded_bytes", 0);
        return ok(data);
    }

    private SandboxResponse list(SandboxOAuth.User u, JsonNode body) {
        int max = Math.max(1, Math.min(20, body.path("max_count").asInt(10)));
        List<Map<String, Object>> videos = new ArrayList<>();
        Instant made = clock.instant().minus(PROCESSING);
        publishes.values().stream().filter(p -> p.userId().equals(u.id()) && (asked.containsKey(p.publishId()) || p.created().isBefore(made)))
                .sorted((a, b) -> b.created().compareTo(a.created())).limit(max).forEach(p -> videos.add(Map.of("id", p.postId(),
                        "title", p.caption(), "video_description", p.caption(), "create_time", p.created().getEpochSecond(),
                        "share_url", "https://www.tiktok.com/@" + u.handle() + "/" + (p.video() ? "video/" : "photo/") + p.postId())));
        return ok(Map.of("videos", videos, "cursor", clock.millis(), "has_more", false));
    }

    /** {@code {"data": data, "error": {"code": "ok", …}}}. */
    private static SandboxResponse ok(Object data) {
        return SandboxResponse.json(200, Map.of("data", data, "error", Map.of("code", "ok", "message", "", "log_id", logId())));
    }

    private static SandboxResponse error(int status, String code, String message) {
        return SandboxResponse.json(status, Map.of("data", Map.of(), "error", Map.of("code", code, "message", message, "log_id", logId())));
    }

    private static String logId() {
        return "SBX" + digits(20);
    }

    private static String digits(int n) {
        StringBuilder s = new StringBuilder();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        s.append(1 + r.nextInt(9));
        while (s.length() < n) {
            s.append(r.nextInt(10));
        }
        return s.toString();
    }
}
