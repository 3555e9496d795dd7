package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.connectors.PinterestConnector;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Pinterest's {@link PlatformPublisher} (API v5, pinterest/api-description {@code POST /pins}, {@code POST /media},
 * {@code GET /media/{media_id}}, {@code GET /boards/{board_id}/pins}; platforms.md §7): a pin goes to the board the
 * account is (kind {@code board}, external id the board id).
 * <ul>
 *   <li>Images are passed by URL, Pinterest fetches them: one is {@code media_source} {@code image_url}, 2–5 a
 *       carousel ({@code multiple_image_urls}). Nothing to prepare.</li>
 *   <li>A video is prepared: {@code POST /v5/media {media_type: video}} registers an upload and answers an
 *       {@code upload_url} with its {@code upload_parameters}; the bytes go there as a multipart form (every parameter,
 *       then {@code file}; no token: it is the platform's store); then {@code GET /v5/media/{id}} until its status is
 *       {@code succeeded} (registered or processing: the delivery waits; failed: refused). Its pin is
 *       {@code media_source} {@code video_id} with the post's image as cover ({@code cover_image_url}), else a frame
 *       of the video ({@code cover_image_key_frame_time}).</li>
 *   <li>The publishing call is {@code POST /v5/pins} with the board, the title (at most 100 characters, from the
 *       post's title), the description (the text), the destination link and the alt text (at most 500). Pinterest
 *       has no idempotency key.</li>
 *   <li>A lost answer is reconciled by listing the board's pins ({@code GET /v5/boards/{id}/pins}, newest first, by
 *       {@code bookmark}) and matching title, link and description among those created since the attempt: found, not
 *       found when the list reaches back past the attempt, else the platform cannot tell.</li>
 * </ul>
 */
public final class PinterestPublisher implements PlatformPublisher {

    static final int MAX_TITLE = 100;
    static final int MAX_ALT_TEXT = 500;
    static final int MAX_IMAGES = 5;
    /** Pins per page of a reconciliation, and how many pages it reads at most. */
    static final int PAGE = 50;
    static final int MAX_PAGES = 4;
    /** How long to wait before asking again about a video Pinterest is processing. */
    static final int PROCESSING_WAIT_SECONDS = 10;
    /** The frame (seconds into the video) that covers a video pin without a cover image. */
    static final int COVER_FRAME_SECONDS = 1;
    static final String PIN_URL = "https://www.pinterest.com/pin/";

    private final PlatformHttp http;
    private final MediaBytes media;
    private final long maxVideoBytes;
    private final String apiBase;

    /**
     * @param apiBase       {@link PinterestConnector#API_BASE} (a stub's address in tests)
     * @param maxVideoBytes the largest video uploaded (Pinterest takes up to 2 GB; the bytes pass through memory)
     */
    public PinterestPublisher(PlatformHttp http, MediaBytes media, long maxVideoBytes, String apiBase) {
        this.http = Objects.requireNonNull(http, "http");
        this.media = Objects.requireNonNull(media, "media");
        this.maxVideoBytes = maxVideoBytes;
        this.apiBase = ProviderHttp.trimBase(apiBase);
    }

    @Override
    public String platform() {
        return PinterestConnector.PLATFORM;
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        String refused = refusal(post);
        if (refused != null) {
            return new PlatformResult.Rejected<>(0, "PIN_UNSUPPORTED", refused);
        }
        Media video = video(post);
        if (video == null) {
            return new PlatformResult.Ok<>(new Prepared.Ready(state));
        }
        if (!state.hasNonNull("videoMediaId")) {
            PlatformResult<String> uploaded = upload(target, video);
            if (!(uploaded instanceof PlatformResult.Ok<String>(String mediaId))) {
                return uploaded.failure();
            }
            state.put("videoMediaId", mediaId); // only once its bytes are there: else a new upload is registered
        }
        if (state.path("videoReady").asBoolean(false)) {
            return new PlatformResult.Ok<>(new Prepared.Ready(state));
        }
        String mediaId = state.path("videoMediaId").asText();
        PlatformResult<String> status = http.get(api("/v5/media/" + PlatformHttp.component(mediaId)), target.accessToken(), Map.of(),
                "GET /v5/media/{id}", json -> ProviderHttp.text(json, "status"));
        if (!(status instanceof PlatformResult.Ok<String>(String s))) {
            return status.failure();
        }
        return switch (s) {
            case "succeeded" -> {
                state.put("videoReady", true);
                yield new PlatformResult.Ok<>(new Prepared.Ready(state));
            }
            case "failed" -> new PlatformResult.Rejected<>(0, "VIDEO_FAILED", "Pinterest could not process video "
                    + video.mediaId() + " (MP4, MOV or M4V, 4 seconds to 15 minutes)");
            default -> new PlatformResult.Ok<>(new Prepared.Waiting(state, PROCESSING_WAIT_SECONDS,
                    "Pinterest is processing video " + video.mediaId() + " (" + s + ")"));
        };
    }

    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api("/v5/pins"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(pin(target, post, state))))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + target.accessToken());
        return http.send(request, "POST /v5/pins", true, List.of(target.accessToken()),
                json -> json.hasNonNull("id") ? published(json.path("id").asText()) : null);
    }

    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        Instant since = armedAt.minus(Duration.ofMinutes(2));
        String board = PlatformHttp.component(target.account().externalId());
        String bookmark = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("page_size", Integer.toString(PAGE));
            q.put("bookmark", bookmark);
            PlatformResult<JsonNode> listed = http.get(api("/v5/boards/" + board + "/pins?" + PlatformHttp.encode(q)), target.accessToken(),
                    Map.of(), "GET /v5/boards/{id}/pins", json -> json.path("items").isArray() ? json : null);
            if (!(listed instanceof PlatformResult.Ok<JsonNode>(JsonNode json))) {
                return listed.failure();
            }
            boolean reachedBack = false;
            for (JsonNode pin : json.path("items")) {
                Instant created = createdAt(pin.path("created_at").asText(""));
                if (created != null && created.isBefore(since)) {
                    reachedBack = true; // newest first: the rest are older still
                    continue;
                }
                if (pin.hasNonNull("id") && matches(pin, post)) {
                    return new PlatformResult.Ok<>(new Reconciled.Found(published(pin.path("id").asText())));
                }
            }
            String next = ProviderHttp.text(json, "bookmark");
            if (reachedBack || next == null || next.isBlank()) {
                return new PlatformResult.Ok<>(new Reconciled.NotFound());
            }
            bookmark = next;
        }
        return new PlatformResult.Ok<>(new Reconciled.CannotTell("the board got more than " + PAGE * MAX_PAGES
                + " pins since the attempt; look at the board"));
    }

    /** Why Pinterest cannot take this post as a pin, or null. */
    private static String refusal(Outgoing post) {
        if (!post.parts().isEmpty()) {
            return "Pinterest has no threads: a pin is one post";
        }
        if (post.title() != null && post.title().codePointCount(0, post.title().length()) > MAX_TITLE) {
            return "a Pinterest title holds at most " + MAX_TITLE + " characters";
        }
        List<Media> videos = post.media().stream().filter(PinterestPublisher::isVideo).toList();
        if (post.media().isEmpty()) {
            return "a pin needs an image or a video";
        }
        if (videos.size() > 1 || videos.size() == 1 && post.media().size() > 2) {
            return "a video pin holds one video (and at most one image, its cover)";
        }
        if (videos.isEmpty() && post.media().size() > MAX_IMAGES) {
            return "a Pinterest carousel holds 2 to " + MAX_IMAGES + " images";
        }
        return null;
    }

    /** The pin to create: the board, the texts, and the media source. */
    private ObjectNode pin(Target target, Outgoing post, ObjectNode state) {
        ObjectNode body = Json.object();
        body.put("board_id", target.account().externalId());
        if (post.title() != null) {
            body.put("title", post.title());
        }
        if (post.text() != null && !post.text().isBlank()) {
            body.put("description", post.text());
        }
        if (post.link() != null) {
            body.put("link", post.link());
        }
        String alt = post.media().stream().filter(m -> !isVideo(m)).map(Media::altText).filter(a -> a != null && !a.isBlank())
                .findFirst().orElse(null);
        if (alt != null) {
            body.put("alt_text", alt.length() > MAX_ALT_TEXT ? alt.substring(0, MAX_ALT_TEXT) : alt);
        }
        ObjectNode source = body.putObject("media_source");
        List<Media> images = post.media().stream().filter(m -> !isVideo(m)).toList();
        if (video(post) != null) {
            source.put("source_type", "video_id");
            source.put("media_id", state.path("videoMediaId").asText());
            if (images.isEmpty()) {
                source.put("cover_image_key_frame_time", COVER_FRAME_SECONDS);
            } else {
                source.put("cover_image_url", images.get(0).url());
            }
        } else if (images.size() == 1) {
            source.put("source_type", "image_url");
            source.put("url", images.get(0).url());
        } else {
            source.put("source_type", "multiple_image_urls");
            ArrayNode items = source.putArray("items");
            for (Media m : images) {
                ObjectNode item = items.addObject();
                item.put("url", m.url());
                if (post.title() != null) {
                    item.put("title", post.title());
                }
                if (post.link() != null) {
                    item.put("link", post.link());
                }
            }
            source.put("index", 0);
        }
        return body;
    }

    /** Registers an upload, then sends the bytes to where Pinterest said: the media id. */
    private PlatformResult<String> upload(Target target, Media video) {
        PlatformResult<byte[]> bytes = media.fetch(video, maxVideoBytes, "Pinterest");
        if (!(bytes instanceof PlatformResult.Ok<byte[]>(byte[] b))) {
            return bytes.failure();
        }
        // registering makes nothing the audience sees: a lost answer just registers again
        PlatformResult<JsonNode> registered = http.send(HttpRequest.newBuilder(api("/v5/media"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"media_type\":\"video\"}", StandardCharsets.UTF_8))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + target.accessToken()),
                "POST /v5/media", false, List.of(target.accessToken()),
                json -> json.hasNonNull("media_id") && json.hasNonNull("upload_url") ? json : null);
        if (!(registered instanceof PlatformResult.Ok<JsonNode>(JsonNode upload))) {
            return registered.failure();
        }
        String boundary = "socialwire-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> secrets = new ArrayList<>();
        upload.path("upload_parameters").fields().forEachRemaining(e -> {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n"
                    + e.getValue().asText() + "\r\n");
            secrets.add(e.getValue().asText()); // a signed policy: never shown
        });
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"video" + extension(video.contentType())
                + "\"\r\nContent-Type: " + video.contentType() + "\r\n\r\n");
        body.writeBytes(b);
        write(body, "\r\n--" + boundary + "--\r\n");
        String mediaId = upload.path("media_id").asText();
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(upload.path("upload_url").asText()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary);
        return http.exchange(post, "POST video upload", false, secrets, response -> mediaId);
    }

    /** Whether a listed pin is the one this post makes: its title, link and description as sent. */
    private static boolean matches(JsonNode pin, Outgoing post) {
        return same(post.title(), ProviderHttp.text(pin, "title"))
                && sameLink(post.link(), ProviderHttp.text(pin, "link"))
                && same(post.text() == null || post.text().isBlank() ? null : post.text(), ProviderHttp.text(pin, "description"));
    }

    private static boolean same(String sent, String listed) {
        return sent == null ? listed == null || listed.isBlank() : sent.equals(listed);
    }

    private static boolean sameLink(String sent, String listed) {
        return sent == null ? listed == null || listed.isBlank()
                : listed != null && trailing(sent).equals(trailing(listed));
    }

    private static String trailing(String link) {
        return link.endsWith("/") ? link.substring(0, link.length() - 1) : link;
    }

    /** Pinterest writes {@code created_at} as an ISO date-time in UTC, without or with an offset. */
    static Instant createdAt(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static Media video(Outgoing post) {
        return post.media().stream().filter(PinterestPublisher::isVideo).findFirst().orElse(null);
    }

    private static boolean isVideo(Media m) {
        return m.contentType() != null && m.contentType().startsWith("video/");
    }

    private static String extension(String contentType) {
        return switch (contentType) {
            case "video/quicktime" -> ".mov";
            case "video/x-m4v" -> ".m4v";
            default -> ".mp4";
        };
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private URI api(String pathAndQuery) {
        return URI.create(apiBase + pathAndQuery);
    }

    static Published published(String pinId) {
        return new Published(pinId, PIN_URL + pinId + "/");
    }
}
