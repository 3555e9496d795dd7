package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.connectors.TikTokConnector;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * TikTok's {@link PlatformPublisher}: the Content Posting API's Direct Post, media pulled from their (presigned) URLs
 * (developers.tiktok.com doc/content-posting-api-reference-direct-post, -reference-query-creator-info,
 * -reference-get-video-status, -media-transfer-guide; platforms.md §8):
 * <ul>
 *   <li>preparation asks {@code POST /v2/post/publish/creator_info/query/}: the privacy levels the creator may use
 *       (the most public one is taken: an unaudited app is offered SELF_ONLY only), whether comments, duets and
 *       stitches are off in the creator's settings (kept off), and the longest video the creator may post. A creator
 *       who cannot post now (TikTok's daily cap, a restriction) or a post TikTok cannot take is refused here with the
 *       reason in words a person understands; nothing is sent;</li>
 *   <li>the irreversible call is {@code POST /v2/post/publish/video/init/} (one video, {@code PULL_FROM_URL}) or
 *       {@code POST /v2/post/publish/content/init/} (1 to 35 JPEG or WebP photos, {@code PULL_FROM_URL},
 *       {@code DIRECT_POST}): with a URL source the init itself starts the post. Its {@code publish_id} goes into the
 *       delivery's state at once; the status is asked once ({@code POST /v2/post/publish/status/fetch/}) and, while
 *       TikTok still downloads, processes or moderates, the answer is {@link PlatformResult.Unknown}: the delivery
 *       keeps the publish id and reconciles by it;</li>
 *   <li>reconciliation follows the publish id: PUBLISH_COMPLETE is published (with the public post id and its URL
 *       once moderation gave one, else the publish id and the creator's profile), FAILED fails with TikTok's reason
 *       explained, anything in progress waits. When the init's own answer was lost there is no publish id: the
 *       creator's recent videos ({@code POST /v2/video/list/}, scope {@code video.list}) are matched by caption and
 *       time; a post not listed yet is asked about again for {@link #LISTING_GRACE} (it may still be processing), then
 *       the platform cannot tell — never a second init. An init TikTok certainly refused before acting (429, no
 *       connection) is marked so and made again.</li>
 * </ul>
 */
public final class TikTokPublisher implements PlatformPublisher {

    static final int MAX_PHOTOS = 35;
    /** Direct Post: a video's title (its caption) holds 2,200 UTF-16 units; a photo post's description 4,000, its title 90. */
    static final int MAX_VIDEO_CAPTION = 2_200;
    static final int MAX_PHOTO_DESCRIPTION = 4_000;
    static final int MAX_PHOTO_TITLE = 90;
    /** Photo posts take JPEG and WebP only (TikTok's photo restrictions). */
    static final Set<String> PHOTO_TYPES = Set.of("image/jpeg", "image/webp");
    /** The most public first: the level a scheduled post goes out with, among those the creator is offered. */
    static final List<String> PRIVACY_LEVELS = List.of("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY");
    /** How long to wait before asking a processing publish again (status fetch allows 30 a minute). */
    static final int WAIT_SECONDS = 15;
    /** Videos read by a reconciliation's listing (TikTok's maximum page). */
    static final int PAGE = 20;
    /** How far before the armed time a listed video may have been made (clocks and the call itself). */
    static final Duration SLACK = Duration.ofMinutes(2);
    /** After a lost init answer, how long a post missing from the listing may still be processing or in moderation. */
    static final Duration LISTING_GRACE = Duration.ofMinutes(30);
    /** TikTok's error codes and fail reasons are lower-case words: only such a code is kept. */
    private static final Pattern SHORT_CODE = Pattern.compile("[a-z][a-z0-9_]{0,59}");

    /** TikTok's codes for a post that cannot be made, in words a person understands (never TikTok's own text). */
    static final Map<String, String> EXPLAINED = Map.ofEntries(
            Map.entry("spam_risk_too_many_posts", "the creator has reached TikTok's daily limit of posts made through apps; publish again tomorrow"),
            Map.entry("spam_risk_too_many_pending_share", "the creator has too many posts waiting in the TikTok app; publish again once they are done"),
            Map.entry("spam_risk_user_banned_from_posting", "TikTok does not let this creator post for now (the account is restricted)"),
            Map.entry("spam_risk_text", "TikTok's spam checks refused the post's text"),
            Map.entry("spam_risk", "TikTok's spam checks refused the post"),
            Map.entry("reached_active_user_cap", "this app has reached TikTok's daily cap of creators posting through it; publish again tomorrow"),
            Map.entry("unaudited_client_can_only_post_to_private_accounts",
                    "this TikTok app is not audited yet, so TikTok lets it post only to private accounts"),
            Map.entry("privacy_level_option_mismatch", "the privacy level is not one TikTok lets this creator use now"),
            Map.entry("url_ownership_unverified", "TikTok fetches media only from a domain verified in the TikTok developer portal, and the media"
                    + " URL's domain is not"),
            Map.entry("video_pull_failed", "TikTok could not download the video from its URL (it must be reachable and on a verified domain)"),
            Map.entry("photo_pull_failed", "TikTok could not download a photo from its URL (it must be reachable and on a verified domain)"),
            Map.entry("file_format_check_failed", "TikTok could not read the media's format (videos: MP4, WebM or MOV; photos: JPEG or WebP)"),
            Map.entry("duration_check_failed", "the video is longer than TikTok lets this creator post"),
            Map.entry("frame_rate_check_failed", "the video's frame rate is outside what TikTok takes (23 to 60 frames a second)"),
            Map.entry("picture_size_check_failed", "the media's picture size is outside what TikTok takes"),
            Map.entry("publish_cancelled", "the post was cancelled on TikTok before it went out"),
            Map.entry("auth_removed", "the creator removed this app's access on TikTok"),
            Map.entry("internal", "TikTok failed internally while making the post"));

    private final PlatformHttp http;
    private final String apiBase;

    public TikTokPublisher(PlatformHttp http) {
        this(http, TikTokConnector.API_BASE);
    }

    /** {@code apiBase}: TikTok's API root ({@link TikTokConnector#API_BASE}, or a local sandbox). */
    public TikTokPublisher(PlatformHttp http, String apiBase) {
        this.http = http;
        this.apiBase = ProviderHttp.trimBase(apiBase);
    }

    @Override
    public String platform() {
        return TikTokConnector.PLATFORM;
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        PlatformResult<Boolean> shape = video(post);
        if (!(shape instanceof PlatformResult.Ok<Boolean>(Boolean isVideo))) {
            return shape.failure();
        }
        PlatformResult<JsonNode> info = call(target, "/v2/post/publish/creator_info/query/", Json.object(),
                "POST /v2/post/publish/creator_info/query/", false, data -> data.has("privacy_level_options") ? data : null);
        if (!(info instanceof PlatformResult.Ok<JsonNode>(JsonNode creator))) {
            return explained(info, "cannot post to this TikTok account now").failure();
        }
        String privacy = null;
        for (String level : PRIVACY_LEVELS) {
            for (JsonNode offered : creator.path("privacy_level_options")) {
                if (privacy == null && level.equals(offered.asText())) {
                    privacy = level;
                }
            }
        }
        if (privacy == null) {
            return new PlatformResult.Rejected<>(0, "NO_PRIVACY_LEVEL", "TikTok offers this creator no privacy level to post with now");
        }
        int maxSeconds = creator.path("max_video_post_duration_sec").asInt(0);
        Double seconds = isVideo ? post.media().getFirst().durationSeconds() : null;
        if (seconds != null && maxSeconds > 0 && seconds > maxSeconds) {
            return new PlatformResult.Rejected<>(0, "DURATION_CHECK_FAILED", "the video lasts " + Math.round(seconds)
                    + " s; TikTok lets this creator post videos of up to " + maxSeconds + " s");
        }
        state.put("privacyLevel", privacy);
        state.put("disableComment", creator.path("comment_disabled").asBoolean(false));
        state.put("disableDuet", creator.path("duet_disabled").asBoolean(false));
        state.put("disableStitch", creator.path("stitch_disabled").asBoolean(false));
        String username = ProviderHttp.text(creator, "creator_username");
        if (username != null && !username.isBlank()) {
            state.put("username", username);
        }
        return new PlatformResult.Ok<>(new Prepared.Ready(state));
    }

    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
        if (state.hasNonNull("publishId")) {
            // an init already took effect: never a second one; its publish id decides
            return new PlatformResult.Unknown<>("TikTok publish " + state.path("publishId").asText() + " was already started");
        }
        state.remove("initRefused");
        if (!state.hasNonNull("privacyLevel")) {
            return new PlatformResult.Rejected<>(0, "NOT_PREPARED", "the TikTok post was not prepared");
        }
        PlatformResult<Boolean> shape = video(post);
        if (!(shape instanceof PlatformResult.Ok<Boolean>(Boolean isVideo))) {
            return shape.failure();
        }
        String path = isVideo ? "/v2/post/publish/video/init/" : "/v2/post/publish/content/init/";
        PlatformResult<String> init = call(target, path, isVideo ? videoInit(post, state) : photoInit(post, state), "POST " + path, true,
                data -> data.hasNonNull("publish_id") ? data.path("publish_id").asText() : null);
        switch (init) {
            case PlatformResult.Ok<String>(String publishId) -> state.put("publishId", publishId);
            case PlatformResult.Transient<String> t when t.httpStatus() == 429 || "connect_failed".equals(t.code()) -> {
                // refused before TikTok acted: the reconciliation may safely let it be made again
                state.put("initRefused", t.code());
                return t.failure();
            }
            default -> {
                return explained(init, "TikTok refused the post").failure();
            }
        }
        String publishId = state.path("publishId").asText();
        PlatformResult<JsonNode> status = status(target, publishId);
        if (status instanceof PlatformResult.Ok<JsonNode>(JsonNode s)) {
            switch (s.path("status").asText("")) {
                case "PUBLISH_COMPLETE" -> {
                    return new PlatformResult.Ok<>(published(target, state, s, isVideo));
                }
                case "FAILED" -> {
                    String code = code(s.path("fail_reason").asText(""));
                    return new PlatformResult.Rejected<>(0, code, explain(code));
                }
                default -> {
                    // downloading, processing or in moderation: the status decides, by the publish id kept in state
                }
            }
        }
        return new PlatformResult.Unknown<>("TikTok accepted publish " + publishId + " and is still making the post");
    }

    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        String publishId = state.path("publishId").asText("");
        if (!publishId.isEmpty()) {
            PlatformResult<JsonNode> status = status(target, publishId);
            if (!(status instanceof PlatformResult.Ok<JsonNode>(JsonNode s))) {
                return status.failure();
            }
            String st = s.path("status").asText("");
            return new PlatformResult.Ok<>(switch (st) {
                case "PUBLISH_COMPLETE" -> new Reconciled.Found(published(target, state, s, isVideo(post)));
                case "FAILED" -> {
                    String code = code(s.path("fail_reason").asText(""));
                    yield new Reconciled.Failed(code, explain(code));
                }
                case "PROCESSING_UPLOAD", "PROCESSING_DOWNLOAD" -> new Reconciled.Waiting(WAIT_SECONDS, "TikTok publish " + publishId + " is " + st);
                case "SEND_TO_USER_INBOX" -> new Reconciled.CannotTell("TikTok sent the post to the creator's inbox to finish in the app");
                default -> new Reconciled.CannotTell("TikTok answers an unknown status for publish " + publishId);
            });
        }
        if (state.hasNonNull("initRefused")) {
            return new PlatformResult.Ok<>(new Reconciled.NotFound()); // TikTok refused the init before acting
        }
        return listed(target, post, state, armedAt);
    }

    /** After a lost init answer: the creator's newest videos, matched by caption and time. */
    private PlatformResult<Reconciled> listed(Target target, Outgoing post, ObjectNode state, Instant armedAt) {
        ObjectNode body = Json.object().put("max_count", PAGE);
        PlatformResult<JsonNode> list = call(target, "/v2/video/list/?fields=id,title,video_description,create_time,share_url", body,
                "POST /v2/video/list/", false, data -> data.path("videos").isArray() ? data : null);
        if (list instanceof PlatformResult.AuthFailed<JsonNode> || list instanceof PlatformResult.Rejected<JsonNode>) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell("TikTok did not answer the post's init and refused to list the creator's"
                    + " videos (the account may lack the video.list permission)"));
        }
        if (!(list instanceof PlatformResult.Ok<JsonNode>(JsonNode data))) {
            return list.failure();
        }
        String text = post.text() == null ? "" : post.text().strip();
        Instant since = armedAt.minus(SLACK);
        boolean reachesBack = data.path("videos").size() < PAGE || !data.path("has_more").asBoolean(true);
        for (JsonNode v : data.path("videos")) {
            Instant made = Instant.ofEpochSecond(v.path("create_time").asLong(0));
            if (made.isBefore(since)) {
                reachesBack = true;
                continue;
            }
            String caption = v.path("video_description").asText(v.path("title").asText("")).strip();
            if (!text.isEmpty() && (caption.equals(text) || v.path("title").asText("").strip().equals(text)) && v.hasNonNull("id")) {
                String id = v.path("id").asText();
                String url = v.hasNonNull("share_url") ? v.path("share_url").asText() : postUrl(target, state, id, true);
                return new PlatformResult.Ok<>(new Reconciled.Found(new Published(id, url)));
            }
        }
        if (!reachesBack) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell("the creator made more than " + PAGE + " TikTok posts since the attempt"));
        }
        if (http.clock().instant().isBefore(armedAt.plus(LISTING_GRACE))) {
            return new PlatformResult.Transient<>(0, "NOT_LISTED_YET", "the post is not among the creator's TikTok videos yet; it may"
                    + " still be processing", WAIT_SECONDS * 4L);
        }
        return new PlatformResult.Ok<>(new Reconciled.CannotTell("TikTok did not answer the post's init, and "
                + LISTING_GRACE.toMinutes() + " minutes later the post is not among the creator's videos"));
    }

    /** True for one video, false for 1 to 35 photos; anything else refused with the reason. */
    private static PlatformResult<Boolean> video(Outgoing post) {
        if (!post.parts().isEmpty()) {
            return new PlatformResult.Rejected<>(0, "THREADS_UNSUPPORTED", "TikTok has no threads; post the parts one by one");
        }
        List<Media> media = post.media();
        if (media.isEmpty()) {
            return new PlatformResult.Rejected<>(0, "MEDIA_REQUIRED", "a TikTok post needs one video or 1 to " + MAX_PHOTOS + " photos");
        }
        boolean anyVideo = media.stream().anyMatch(m -> m.contentType() != null && m.contentType().startsWith("video/"));
        int length = post.text() == null ? 0 : post.text().length(); // TikTok counts UTF-16 units
        if (anyVideo) {
            if (media.size() > 1) {
                return new PlatformResult.Rejected<>(0, "MIXED_MEDIA", "a TikTok post is one video or up to " + MAX_PHOTOS + " photos, never more");
            }
            if (length > MAX_VIDEO_CAPTION) {
                return new PlatformResult.Rejected<>(0, "CAPTION_TOO_LONG", "a TikTok video caption holds " + MAX_VIDEO_CAPTION
                        + " characters; this one has " + length);
            }
            return new PlatformResult.Ok<>(true);
        }
        if (media.size() > MAX_PHOTOS) {
            return new PlatformResult.Rejected<>(0, "TOO_MANY_MEDIA", "a TikTok photo post holds at most " + MAX_PHOTOS + " photos");
        }
        for (Media m : media) {
            if (m.contentType() == null || !PHOTO_TYPES.contains(m.contentType())) {
                return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "TikTok takes photos as JPEG or WebP only; " + m.mediaId()
                        + " is " + m.contentType());
            }
        }
        if (length > MAX_PHOTO_DESCRIPTION) {
            return new PlatformResult.Rejected<>(0, "CAPTION_TOO_LONG", "a TikTok photo description holds " + MAX_PHOTO_DESCRIPTION
                    + " characters; this one has " + length);
        }
        return new PlatformResult.Ok<>(false);
    }

    private static boolean isVideo(Outgoing post) {
        return post.media().stream().anyMatch(m -> m.contentType() != null && m.contentType().startsWith("video/"));
    }

    /** {@code {"post_info":{title, privacy_level, disable_*}, "source_info":{"source":"PULL_FROM_URL","video_url"}}}. */
    private static ObjectNode videoInit(Outgoing post, ObjectNode state) {
        ObjectNode body = Json.object();
        ObjectNode info = body.putObject("post_info");
        if (post.text() != null && !post.text().isBlank()) {
            info.put("title", post.text());
        }
        info.put("privacy_level", state.path("privacyLevel").asText());
        info.put("disable_comment", state.path("disableComment").asBoolean());
        info.put("disable_duet", state.path("disableDuet").asBoolean());
        info.put("disable_stitch", state.path("disableStitch").asBoolean());
        body.putObject("source_info").put("source", "PULL_FROM_URL").put("video_url", post.media().getFirst().url());
        return body;
    }

    /**
     * {@code {"post_info":{title?, description, privacy_level, disable_comment, auto_add_music}, "source_info":
     * {"source":"PULL_FROM_URL","photo_images":[…],"photo_cover_index":0}, "post_mode":"DIRECT_POST","media_type":"PHOTO"}}.
     */
    private static ObjectNode photoInit(Outgoing post, ObjectNode state) {
        ObjectNode body = Json.object();
        ObjectNode info = body.putObject("post_info");
        if (post.title() != null && !post.title().isBlank()) {
            String title = post.title().strip();
            info.put("title", title.length() > MAX_PHOTO_TITLE ? title.substring(0, MAX_PHOTO_TITLE) : title);
        }
        if (post.text() != null && !post.text().isBlank()) {
            info.put("description", post.text());
        }
        info.put("privacy_level", state.path("privacyLevel").asText());
        info.put("disable_comment", state.path("disableComment").asBoolean());
        info.put("auto_add_music", true);
        ObjectNode source = body.putObject("source_info").put("source", "PULL_FROM_URL");
        ArrayNode images = source.putArray("photo_images");
        post.media().forEach(m -> images.add(m.url()));
        source.put("photo_cover_index", 0);
        body.put("post_mode", "DIRECT_POST");
        body.put("media_type", "PHOTO");
        return body;
    }

    /** {@code POST /v2/post/publish/status/fetch/ {"publish_id"}}: a read. */
    private PlatformResult<JsonNode> status(Target target, String publishId) {
        return call(target, "/v2/post/publish/status/fetch/", Json.object().put("publish_id", publishId),
                "POST /v2/post/publish/status/fetch/", false, data -> data.hasNonNull("status") ? data : null);
    }

    /** The post a PUBLISH_COMPLETE status stands for: its public id once moderation gave one, else the publish id. */
    private static Published published(Target target, ObjectNode state, JsonNode status, boolean isVideo) {
        JsonNode ids = status.path("publicaly_available_post_id");
        if (ids.isArray() && !ids.isEmpty()) {
            String id = ids.get(0).asText();
            return new Published(id, postUrl(target, state, id, isVideo));
        }
        return new Published(state.path("publishId").asText(), profileUrl(target, state));
    }

    private static String postUrl(Target target, ObjectNode state, String id, boolean isVideo) {
        return profileUrl(target, state) + (isVideo ? "/video/" : "/photo/") + PlatformHttp.component(id);
    }

    private static String profileUrl(Target target, ObjectNode state) {
        String handle = state.hasNonNull("username") ? state.path("username").asText() : target.account().handle();
        if (handle == null || handle.isBlank()) {
            return "https://www.tiktok.com/";
        }
        return "https://www.tiktok.com/@" + PlatformHttp.component(handle.startsWith("@") ? handle.substring(1) : handle);
    }

    /** A JSON POST with the creator's token; {@code parse} reads TikTok's {@code data}. */
    private <T> PlatformResult<T> call(Target target, String path, ObjectNode body, String what, boolean unsafe, Function<JsonNode, T> parse) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBase + path))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("Authorization", "Bearer " + target.accessToken());
        return http.send(request, what, unsafe, List.of(target.accessToken()), json -> parse.apply(json.path("data")));
    }

    /** A refusal whose TikTok code we can explain, in our words; any other failure as it is. */
    private static <T> PlatformResult<T> explained(PlatformResult<T> r, String what) {
        if (r instanceof PlatformResult.Rejected<T> rj && EXPLAINED.containsKey(rj.code())) {
            return new PlatformResult.Rejected<>(0, rj.code(), what + ": " + EXPLAINED.get(rj.code()));
        }
        return r;
    }

    private static String code(String failReason) {
        return SHORT_CODE.matcher(failReason).matches() ? failReason : "unknown";
    }

    private static String explain(String code) {
        return EXPLAINED.getOrDefault(code, "TikTok ended the post without publishing it (" + code + ")");
    }
}
