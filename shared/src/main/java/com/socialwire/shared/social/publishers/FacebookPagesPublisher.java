package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.connectors.FacebookPagesConnector;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Facebook Pages' {@link PlatformPublisher} on the Graph API, as the Page itself (the account's {@code externalId} is
 * the Page id, its token the Page token; graph-api/reference/page/feed, reference/photo, platforms.md §3):
 * <ul>
 *   <li>preparation uploads each photo unpublished, {@code POST /{page-id}/photos} with {@code url} (a presigned URL
 *       Graph fetches), {@code published=false} and the alt text as {@code alt_text_custom}; an unpublished photo is
 *       invisible to the audience, so a lost answer just uploads again, and the photo ids kept in the delivery's state
 *       are never uploaded twice;</li>
 *   <li>the publishing call is {@code POST /{page-id}/feed} with {@code message}, and {@code link} or the photos as
 *       {@code attached_media[i]={"media_fbid":…}}; it answers {@code {"id":"{page}_{post}"}}. Graph has no
 *       idempotency key: the call is made once;</li>
 *   <li>a lost answer is reconciled by listing the Page's posts since two minutes before the attempt
 *       ({@code GET /{page-id}/published_posts?since=}) and matching the message exactly: found, or a complete listing
 *       without it (not published), or a listing too long to read (the platform cannot tell). Error 506 "Duplicate
 *       status message" on a later attempt is no proof: it only means the previous post had the same text.</li>
 * </ul>
 * A post with one video is published as a reel of the Page (video-api/guides/reels-publishing), the one Graph video
 * flow whose handle exists before anything is visible, so a lost answer is settled by asking about that handle:
 * <ul>
 *   <li>preparation starts an upload session, {@code POST /{page-id}/video_reels} {@code upload_phase=start}, which
 *       answers the {@code video_id} and an {@code upload_url} (kept in the delivery's state: a retried preparation
 *       never starts or uploads again); then {@code POST {upload_url}} with headers {@code Authorization: OAuth {token}}
 *       and {@code file_url} (Meta pulls the presigned URL, no bytes pass through us); then
 *       {@code GET /{video-id}?fields=status} until the upload is complete and processing is not under way
 *       ({@link Prepared.Waiting} meanwhile; an {@code error} in any phase is rejected with Meta's reason). None of it
 *       is visible to the audience;</li>
 *   <li>the one irreversible call is {@code upload_phase=finish} with {@code video_id}, {@code video_state=PUBLISHED}
 *       and the text as {@code description}; it is made once. Finishing is tied to that one video id, so even a
 *       repeated finish cannot make a second reel;</li>
 *   <li>a lost answer is reconciled by the video id's {@code status}: {@code publishing_phase} complete (or
 *       {@code publish_status=published}) is found; in progress waits; an error ends the delivery; not started (and not
 *       processing) means the finish never took effect: not published.</li>
 * </ul>
 * The classic {@code POST /{page-id}/videos} (with {@code file_url}, or the resumable {@code /{app-id}/uploads} file
 * handle) uploads and publishes in the same call: its id only comes back in the answer that may be lost, leaving
 * only a listing of the Page's videos matched by description and time to reconcile. Reels are 3 to 90 seconds:
 * a longer or shorter video, several videos, a video with photos or with a link card are refused with the reason.
 */
public final class FacebookPagesPublisher implements PlatformPublisher {

    /** Posts read per listing page, and how many pages a reconciliation reads before it cannot tell. */
    static final int PAGE = 100;
    static final int MAX_PAGES = 5;
    /** How far before the armed time the listing starts (clocks and the call itself). */
    static final Duration SLACK = Duration.ofMinutes(2);
    /** Reels' length (video-api/guides/reels-publishing), and how long to wait before asking about a video again. */
    static final int REEL_MIN_SECONDS = 3;
    static final int REEL_MAX_SECONDS = 90;
    static final int PROCESSING_WAIT_SECONDS = 15;

    private final PlatformHttp http;
    private final String graphBase;

    public FacebookPagesPublisher(PlatformHttp http) {
        this(http, FacebookPagesConnector.GRAPH_BASE);
    }

    /** {@code graphBase}: the versioned Graph root ({@link FacebookPagesConnector#GRAPH_BASE}, or a local sandbox). */
    public FacebookPagesPublisher(PlatformHttp http, String graphBase) {
        this.http = http;
        this.graphBase = ProviderHttp.trimBase(graphBase);
    }

    @Override
    public String platform() {
        return FacebookPagesConnector.PLATFORM;
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        if (!post.parts().isEmpty()) {
            return new PlatformResult.Rejected<>(0, "THREADS_UNSUPPORTED", "Facebook has no threads; post the parts one by one");
        }
        long videos = post.media().stream().filter(FacebookPagesPublisher::isVideo).count();
        for (Media m : post.media()) {
            if (!isVideo(m) && (m.contentType() == null || !m.contentType().startsWith("image/"))) {
                return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "Facebook Pages take photos and videos only");
            }
        }
        if (videos > 0) {
            PlatformResult<Prepared> refused = refuseVideo(post, videos);
            return refused != null ? refused : prepareVideo(target, post.media().get(0), state);
        }
        if (!post.media().isEmpty() && post.link() != null && !post.link().isBlank()) {
            return new PlatformResult.Rejected<>(0, "LINK_WITH_PHOTOS", "A Facebook post has either photos or a link card, not both");
        }
        ArrayNode photos = state.withArray("photos");
        for (int i = photos.size(); i < post.media().size(); i++) {
            Media m = post.media().get(i);
            Map<String, String> form = new LinkedHashMap<>();
            form.put("url", m.url());
            form.put("published", "false");
            if (m.altText() != null && !m.altText().isBlank()) {
                form.put("alt_text_custom", m.altText());
            }
            // unpublished: nothing the audience sees, so a lost answer is just uploaded again
            PlatformResult<String> r = post(target, "/photos", form, "POST /{page-id}/photos", false);
            if (!(r instanceof PlatformResult.Ok<String>(String id))) {
                return r.failure();
            }
            photos.addObject().put("id", id);
        }
        return new PlatformResult.Ok<>(new Prepared.Ready(state));
    }

    /** Why a post with {@code videos} videos cannot be a reel of the Page, or null when it can. */
    private static PlatformResult<Prepared> refuseVideo(Outgoing post, long videos) {
        if (videos < post.media().size()) {
            return new PlatformResult.Rejected<>(0, "PHOTOS_WITH_VIDEO", "A Facebook Page post has either photos or one video, not both");
        }
        if (videos > 1) {
            return new PlatformResult.Rejected<>(0, "ONE_VIDEO", "A Facebook Page post has at most one video");
        }
        if (post.link() != null && !post.link().isBlank()) {
            return new PlatformResult.Rejected<>(0, "LINK_WITH_VIDEO", "A Facebook post has either a video or a link card, not both");
        }
        Double seconds = post.media().get(0).durationSeconds();
        if (seconds != null && (seconds < REEL_MIN_SECONDS || seconds > REEL_MAX_SECONDS)) {
            return new PlatformResult.Rejected<>(0, "VIDEO_DURATION", "Facebook Page videos are published as reels, which last "
                    + REEL_MIN_SECONDS + " to " + REEL_MAX_SECONDS + " seconds; this one lasts " + Math.round(seconds));
        }
        return null;
    }

    /** Start (once), upload by URL (once), then wait for Meta: each step kept in {@code state} as it is made. */
    private PlatformResult<Prepared> prepareVideo(Target target, Media video, ObjectNode state) {
        if (!state.hasNonNull("videoId")) {
            // an upload session: invisible, so a lost answer just starts another one
            PlatformResult<JsonNode> r = send(target, page(target, "/video_reels", Map.of()), Map.of("upload_phase", "start"),
                    "POST /{page-id}/video_reels start", false, json -> json.hasNonNull("video_id") && json.hasNonNull("upload_url") ? json : null);
            if (!(r instanceof PlatformResult.Ok<JsonNode>(JsonNode started))) {
                return r.failure();
            }
            if (!uploadHostAllowed(started.path("upload_url").asText())) {
                return new PlatformResult.Rejected<>(0, "UPLOAD_URL", "Facebook answered an upload address that is not Meta's");
            }
            state.put("videoId", started.path("video_id").asText()).put("uploadUrl", started.path("upload_url").asText());
        }
        String videoId = state.path("videoId").asText();
        if (!state.path("uploaded").asBoolean(false)) {
            HttpRequest.Builder upload = HttpRequest.newBuilder(URI.create(state.path("uploadUrl").asText()))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "OAuth " + target.accessToken())
                    .header("file_url", video.url());
            PlatformResult<Boolean> r = http.send(upload, "POST rupload video " + videoId, false, List.of(target.accessToken()),
                    json -> json.path("success").asBoolean(false) ? Boolean.TRUE : null);
            if (!(r instanceof PlatformResult.Ok<Boolean>)) {
                return r.failure();
            }
            state.put("uploaded", true);
        }
        PlatformResult<JsonNode> status = status(target, videoId);
        if (!(status instanceof PlatformResult.Ok<JsonNode>(JsonNode s))) {
            return status.failure();
        }
        String error = videoError(s);
        if (error != null) {
            return new PlatformResult.Rejected<>(0, "VIDEO_PROCESSING_FAILED", "Facebook could not process the video: " + error);
        }
        if (!"complete".equals(s.path("uploading_phase").path("status").asText())
                || "in_progress".equals(s.path("processing_phase").path("status").asText())) {
            return new PlatformResult.Ok<>(new Prepared.Waiting(state, PROCESSING_WAIT_SECONDS, "Facebook is processing video " + videoId));
        }
        return new PlatformResult.Ok<>(new Prepared.Ready(state));
    }

    /** {@code GET /{video-id}?fields=status}: the {@code status} object (video_status and each phase's status). */
    private PlatformResult<JsonNode> status(Target target, String videoId) {
        URI uri = URI.create(graphBase + "/" + PlatformHttp.component(videoId) + "?" + PlatformHttp.encode(Map.of("fields", "status")));
        return http.get(uri, target.accessToken(), Map.of(), "GET /{video-id}?fields=status",
                json -> json.path("status").isObject() ? json.path("status") : null);
    }

    /** Meta's reason when the video or any of its phases ended in error, else null. */
    private static String videoError(JsonNode status) {
        for (String phase : List.of("uploading_phase", "processing_phase", "publishing_phase")) {
            JsonNode p = status.path(phase);
            if ("error".equals(p.path("status").asText())) {
                JsonNode first = p.path("errors").path(0);
                return first.path("message").asText(phase.replace('_', ' ') + " failed");
            }
        }
        return "error".equals(status.path("video_status").asText()) ? "the video status is error" : null;
    }

    /** Meta's upload host over https, or the Graph root's own origin (a local sandbox, a test). */
    private boolean uploadHostAllowed(String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        URI g = URI.create(graphBase);
        boolean meta = "https".equals(u.getScheme()) && u.getHost() != null
                && (u.getHost().equals("facebook.com") || u.getHost().endsWith(".facebook.com"));
        return meta || (Objects.equals(u.getScheme(), g.getScheme()) && Objects.equals(u.getHost(), g.getHost())
                && u.getPort() == g.getPort());
    }

    private static boolean isVideo(Media m) {
        return m.contentType() != null && m.contentType().startsWith("video/");
    }

    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
        if (state.hasNonNull("videoId")) {
            String videoId = state.path("videoId").asText();
            Map<String, String> finish = new LinkedHashMap<>();
            finish.put("upload_phase", "finish");
            finish.put("video_id", videoId);
            finish.put("video_state", "PUBLISHED");
            finish.put("description", post.text());
            PlatformResult<Boolean> r = send(target, page(target, "/video_reels", Map.of()), finish,
                    "POST /{page-id}/video_reels finish", true, json -> json.path("success").asBoolean(false) ? Boolean.TRUE : null);
            return r instanceof PlatformResult.Ok<Boolean> ? new PlatformResult.Ok<>(reel(videoId)) : r.failure();
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("message", post.text());
        ArrayNode photos = state.withArray("photos");
        if (photos.isEmpty() && post.link() != null && !post.link().isBlank()) {
            form.put("link", post.link());
        }
        for (int i = 0; i < photos.size(); i++) {
            form.put("attached_media[" + i + "]", Json.object().put("media_fbid", photos.get(i).path("id").asText()).toString());
        }
        PlatformResult<String> r = post(target, "/feed", form, "POST /{page-id}/feed", true);
        return r instanceof PlatformResult.Ok<String>(String id) ? new PlatformResult.Ok<>(published(id)) : r.failure();
    }

    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        if (state.hasNonNull("videoId")) {
            return reconcileVideo(target, state.path("videoId").asText());
        }
        String after = null;
        for (int read = 0; read < MAX_PAGES; read++) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("since", Long.toString(armedAt.minus(SLACK).getEpochSecond()));
            q.put("fields", "id,message,created_time");
            q.put("limit", Integer.toString(PAGE));
            q.put("after", after);
            PlatformResult<JsonNode> r = http.get(page(target, "/published_posts", q), target.accessToken(), Map.of(),
                    "GET /{page-id}/published_posts", json -> json.path("data").isArray() ? json : null);
            if (!(r instanceof PlatformResult.Ok<JsonNode>(JsonNode listing))) {
                return r.failure();
            }
            for (JsonNode p : listing.path("data")) {
                if (p.path("message").asText("").equals(post.text()) && p.hasNonNull("id")) {
                    return new PlatformResult.Ok<>(new Reconciled.Found(published(p.path("id").asText())));
                }
            }
            JsonNode paging = listing.path("paging");
            after = paging.path("cursors").path("after").asText(null);
            if (after == null || !paging.hasNonNull("next")) {
                return new PlatformResult.Ok<>(new Reconciled.NotFound());
            }
        }
        return new PlatformResult.Ok<>(new Reconciled.CannotTell("the Page made more than " + PAGE * MAX_PAGES
                + " posts since the attempt"));
    }

    /** The finish was lost: the one video id tells whether it took effect (it cannot have made a second reel). */
    private PlatformResult<Reconciled> reconcileVideo(Target target, String videoId) {
        PlatformResult<JsonNode> r = status(target, videoId);
        if (!(r instanceof PlatformResult.Ok<JsonNode>(JsonNode s))) {
            return r.failure();
        }
        JsonNode publishing = s.path("publishing_phase");
        if ("complete".equals(publishing.path("status").asText()) || "published".equals(publishing.path("publish_status").asText())) {
            return new PlatformResult.Ok<>(new Reconciled.Found(reel(videoId)));
        }
        if (videoError(s) != null) {
            return new PlatformResult.Ok<>(new Reconciled.Failed("VIDEO_PROCESSING_FAILED", "Facebook could not process the video"));
        }
        if ("in_progress".equals(publishing.path("status").asText()) || "in_progress".equals(s.path("processing_phase").path("status").asText())) {
            return new PlatformResult.Ok<>(new Reconciled.Waiting(PROCESSING_WAIT_SECONDS, "Facebook is publishing video " + videoId));
        }
        return new PlatformResult.Ok<>(new Reconciled.NotFound());
    }

    /** A form POST to an edge of the Page, answering the {@code id} Graph gives the new object. */
    private PlatformResult<String> post(Target target, String edge, Map<String, String> form, String what, boolean unsafe) {
        return send(target, page(target, edge, Map.of()), form, what, unsafe, json -> json.hasNonNull("id") ? json.path("id").asText() : null);
    }

    private <T> PlatformResult<T> send(Target target, URI uri, Map<String, String> form, String what, boolean unsafe,
                                       Function<JsonNode, T> parse) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .POST(PlatformHttp.formBody(form))
                .header("Content-Type", PlatformHttp.formContentType())
                .header("Authorization", "Bearer " + target.accessToken());
        return http.send(request, what, unsafe, List.of(target.accessToken()), parse);
    }

    private URI page(Target target, String edge, Map<String, String> query) {
        String q = PlatformHttp.encode(query);
        return URI.create(graphBase + "/" + PlatformHttp.component(target.account().externalId()) + edge + (q.isEmpty() ? "" : "?" + q));
    }

    /** A reel is opened by its video id. */
    private static Published reel(String videoId) {
        return new Published(videoId, "https://www.facebook.com/reel/" + videoId);
    }

    /** Graph's post id is {@code {page}_{post}}; facebook.com opens a post by it. */
    private static Published published(String id) {
        return new Published(id, "https://www.facebook.com/" + id);
    }
}
