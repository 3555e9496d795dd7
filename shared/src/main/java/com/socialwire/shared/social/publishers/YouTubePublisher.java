package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.connectors.YouTubeConnector;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * YouTube's {@link PlatformPublisher}: one video uploaded to the channel by {@code videos.insert} over Google's
 * resumable upload protocol (developers.google.com/youtube/v3/guides/using_resumable_upload_protocol, docs/videos/insert):
 * <ul>
 *   <li>preparation checks the post (exactly one video; a title and description as {@link PostTitle} makes them: the
 *       post's title and its text, else the text's first line cut to 100 characters and the rest; a description of at
 *       most 5,000 bytes; neither with {@code <} or {@code >}) and starts the
 *       session: {@code POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status} with the snippet
 *       and status as JSON answers the session URI in {@code Location}, kept in the state. A session publishes
 *       nothing: the video exists only once its last byte arrives, so a lost answer just starts another;</li>
 *   <li>the publishing call is sending the bytes to the session URI ({@code PUT}, in chunks of a multiple of 256 KiB
 *       with {@code Content-Range}, each answered {@code 308 Resume Incomplete} with the bytes held in {@code Range},
 *       the last answered 200/201 with the video). It first asks the session what it holds, so a publish after a lost
 *       answer resumes where the bytes stopped, or finds the video already made;</li>
 *   <li>a lost answer is reconciled by that question as Google documents it: {@code PUT} with
 *       {@code Content-Range: bytes *}{@code /size} and no body answers 200/201 with the video (it was made: found) or
 *       308 (not made: publishing again resumes the same session, which can make one video at most); 404 means the
 *       session expired (about a week) and nothing was made.</li>
 * </ul>
 * YouTube's quotas: the Google project's {@code quotaExceeded} (by default 100 {@code videos.insert} calls a day,
 * older documentation says 1,600 of 10,000 units, both reset at midnight Pacific time) and a channel's
 * {@code uploadLimitExceeded} end the delivery failed with what to do, not retried: waiting for the reset could publish
 * the video up to a day late without anyone choosing that.
 */
public final class YouTubePublisher implements PlatformPublisher {

    /** Chunks are multiples of 256 KiB (the last excepted). */
    public static final int CHUNK_UNIT = 256 * 1024;
    public static final int DEFAULT_CHUNK_BYTES = 32 * CHUNK_UNIT;
    static final int MAX_TITLE = 100;
    static final int MAX_DESCRIPTION_BYTES = 5_000;
    /** A vertical or square video of at most three minutes is a Short (YouTube decides; there is no API flag). */
    static final double SHORTS_MAX_SECONDS = 180;
    static final Set<String> PRIVACY = Set.of("public", "unlisted", "private");
    private static final Pattern RANGE = Pattern.compile("bytes=0-([0-9]+)");

    private final PlatformHttp http;
    private final MediaBytes media;
    private final long maxVideoBytes;
    private final String uploadBase;
    private final String privacyStatus;
    private final int chunkBytes;

    /**
     * @param uploadBase    {@link YouTubeConnector#UPLOAD_BASE} (a stub's address in tests)
     * @param privacyStatus what a published video is: {@code public}, {@code unlisted} or {@code private}
     * @param chunkBytes    the bytes one PUT sends, a positive multiple of {@link #CHUNK_UNIT}
     * @param maxVideoBytes the largest video uploaded (it is read into memory)
     */
    public YouTubePublisher(PlatformHttp http, MediaBytes media, long maxVideoBytes, String uploadBase, String privacyStatus,
                            int chunkBytes) {
        if (!PRIVACY.contains(privacyStatus)) {
            throw new IllegalArgumentException("YouTube privacy status must be public, unlisted or private, not " + privacyStatus);
        }
        if (chunkBytes <= 0 || chunkBytes % CHUNK_UNIT != 0) {
            throw new IllegalArgumentException("YouTube upload chunks must be a positive multiple of " + CHUNK_UNIT + " bytes");
        }
        this.http = http;
        this.media = media;
        this.maxVideoBytes = maxVideoBytes;
        this.uploadBase = ProviderHttp.trimBase(uploadBase);
        URI.create(this.uploadBase + "/"); // fail at cold start, not on the first call
        this.privacyStatus = privacyStatus;
        this.chunkBytes = chunkBytes;
    }

    @Override
    public String platform() {
        return YouTubeConnector.PLATFORM;
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        PlatformResult<Media> checked = check(post);
        if (!(checked instanceof PlatformResult.Ok<Media>(Media video))) {
            return checked.failure();
        }
        if (state.hasNonNull("session")) {
            return new PlatformResult.Ok<>(new Prepared.Ready(state));
        }
        long size = video.bytes();
        if (size <= 0) { // the size is unknown: the session must be told it
            PlatformResult<byte[]> bytes = media.fetch(video, maxVideoBytes, "YouTube");
            if (!(bytes instanceof PlatformResult.Ok<byte[]>(byte[] b))) {
                return bytes.failure();
            }
            size = b.length;
        }
        if (size == 0) {
            return new PlatformResult.Rejected<>(0, "MEDIA_EMPTY", "video " + video.mediaId() + " has no bytes");
        }
        if (size > maxVideoBytes) {
            return new PlatformResult.Rejected<>(0, "MEDIA_TOO_LARGE", "YouTube uploads here take videos up to " + maxVideoBytes
                    + " bytes; " + video.mediaId() + " is " + size);
        }
        ObjectNode resource = Json.object();
        ObjectNode snippet = resource.putObject("snippet");
        PostTitle titled = PostTitle.of(post, MAX_TITLE);
        snippet.put("title", titled.title());
        snippet.put("description", titled.body());
        resource.putObject("status").put("privacyStatus", privacyStatus);
        Map<String, String> q = new LinkedHashMap<>();
        q.put("uploadType", "resumable");
        q.put("part", "snippet,status");
        HttpRequest.Builder start = HttpRequest.newBuilder(URI.create(uploadBase + "/videos?" + PlatformHttp.encode(q)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(resource)))
                .header("Authorization", "Bearer " + target.accessToken())
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("X-Upload-Content-Length", Long.toString(size))
                .header("X-Upload-Content-Type", video.contentType());
        // a session publishes nothing: a lost answer just starts another next time
        PlatformResult<String> session = http.exchange(start, "POST /upload/youtube/v3/videos?uploadType=resumable", false,
                List.of(target.accessToken()), r -> r.headers().firstValue("Location").filter(l -> l.startsWith("http")).orElse(null));
        if (!(session instanceof PlatformResult.Ok<String>(String uri))) {
            return explained(session);
        }
        state.put("session", uri);
        state.put("size", size);
        return new PlatformResult.Ok<>(new Prepared.Ready(state));
    }

    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
        if (!state.hasNonNull("session")) {
            return new PlatformResult.Rejected<>(0, "NO_SESSION", "no YouTube upload session was started; publish again");
        }
        PlatformResult<Media> checked = check(post);
        if (!(checked instanceof PlatformResult.Ok<Media>(Media video))) {
            return checked.failure();
        }
        long size = state.path("size").asLong();
        PlatformResult<Progress> held = probe(target, state);
        if (!(held instanceof PlatformResult.Ok<Progress>(Progress progress))) {
            return explained(held);
        }
        switch (progress) {
            case Progress.Done done -> {
                return new PlatformResult.Ok<>(published(done.video(), video, post));
            }
            case Progress.Expired expired -> {
                return new PlatformResult.Rejected<>(404, "SESSION_EXPIRED", "YouTube's upload session expired before the video"
                        + " was sent; nothing was published: publish the post again");
            }
            case Progress.At at -> {
                PlatformResult<byte[]> fetched = media.fetch(video, maxVideoBytes, "YouTube");
                if (!(fetched instanceof PlatformResult.Ok<byte[]>(byte[] bytes))) {
                    return fetched.failure();
                }
                if (bytes.length != size) {
                    return new PlatformResult.Rejected<>(0, "MEDIA_CHANGED", "video " + video.mediaId() + " is " + bytes.length
                            + " bytes, not the " + size + " its upload session was started with; publish the post again");
                }
                return send(target, post, state.path("session").asText(), bytes, at.offset(), video);
            }
        }
    }

    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        if (!state.hasNonNull("session")) {
            return new PlatformResult.Ok<>(new Reconciled.NotFound()); // no session, no bytes sent, no video
        }
        PlatformResult<Progress> held = probe(target, state);
        if (!(held instanceof PlatformResult.Ok<Progress>(Progress progress))) {
            return held.failure();
        }
        return new PlatformResult.Ok<>(switch (progress) {
            case Progress.Done done -> new Reconciled.Found(published(done.video(), post.media().isEmpty() ? null : post.media().get(0), post));
            // not made: publishing again resumes this session (or, expired, fails saying so), never a second video
            case Progress.At at -> new Reconciled.NotFound();
            case Progress.Expired expired -> new Reconciled.NotFound();
        });
    }

    /** What an upload session holds. */
    sealed interface Progress {
        /** The video was made. */
        record Done(JsonNode video) implements Progress {
        }

        /** Not made yet; the next byte it needs. */
        record At(long offset) implements Progress {
        }

        /** The session expired; nothing was made. */
        record Expired() implements Progress {
        }
    }

    /** The session's status, read-only: {@code PUT} with {@code Content-Range: bytes *}{@code /size} and no body. */
    private PlatformResult<Progress> probe(Target target, ObjectNode state) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(state.path("session").asText()))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + target.accessToken())
                .header("Content-Range", "bytes */" + state.path("size").asLong());
        PlatformResult<Progress> r = http.exchange(request, "PUT upload session status", false, List.of(target.accessToken()),
                status -> status == 308, YouTubePublisher::progress);
        if (r instanceof PlatformResult.Rejected<Progress> rj && (rj.httpStatus() == 404 || rj.httpStatus() == 410)) {
            return new PlatformResult.Ok<>(new Progress.Expired());
        }
        return r;
    }

    /** The bytes from {@code offset} on, chunk by chunk, until YouTube answers the video. */
    private PlatformResult<Published> send(Target target, Outgoing post, String session, byte[] bytes, long offset, Media video) {
        long at = offset;
        int stalls = 0;
        while (true) {
            int from = (int) at;
            int to = (int) Math.min(bytes.length, at + chunkBytes); // exclusive
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(session))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes, from, to - from))
                    .header("Authorization", "Bearer " + target.accessToken())
                    .header("Content-Type", video.contentType());
            if (bytes.length > 0) {
                put.header("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + bytes.length);
            }
            // the last byte makes the video: its lost answer is reconciled, never sent blindly again
            PlatformResult<Progress> r = http.exchange(put, "PUT upload session bytes", true, List.of(target.accessToken()),
                    status -> status == 308, YouTubePublisher::progress);
            if (r instanceof PlatformResult.Rejected<Progress> rj && (rj.httpStatus() == 404 || rj.httpStatus() == 410)) {
                return new PlatformResult.Rejected<>(rj.httpStatus(), "SESSION_EXPIRED", "YouTube's upload session expired while"
                        + " the video was sent; nothing was published: publish the post again");
            }
            if (!(r instanceof PlatformResult.Ok<Progress>(Progress progress))) {
                return explained(r);
            }
            switch (progress) {
                case Progress.Done done -> {
                    return new PlatformResult.Ok<>(published(done.video(), video, post));
                }
                case Progress.At next -> {
                    stalls = next.offset() > at ? 0 : stalls + 1;
                    if (stalls >= 3 || next.offset() >= bytes.length) {
                        return new PlatformResult.Unknown<>("YouTube holds " + next.offset() + " of " + bytes.length
                                + " bytes of the upload and takes no more; it may or may not have made the video");
                    }
                    at = next.offset();
                }
                case Progress.Expired expired -> throw new IllegalStateException("not an answer of an upload");
            }
        }
    }

    /** 200/201 with the video resource, or 308 with the bytes held in {@code Range} (none without it). */
    private static Progress progress(HttpResponse<String> response) {
        if (response.statusCode() == 308) {
            Matcher m = RANGE.matcher(response.headers().firstValue("Range").orElse(""));
            return new Progress.At(m.matches() ? Long.parseLong(m.group(1)) + 1 : 0);
        }
        JsonNode video = ProviderHttp.jsonOrNull(response.body());
        return video != null && video.hasNonNull("id") ? new Progress.Done(video) : null;
    }

    /** The one video of the post and its title and description as YouTube takes them, or why not. */
    static PlatformResult<Media> check(Outgoing post) {
        if (!post.parts().isEmpty()) {
            return new PlatformResult.Rejected<>(0, "THREADS_UNSUPPORTED", "YouTube has no threads: publish the parts as separate posts");
        }
        List<Media> videos = post.media().stream().filter(m -> m.contentType() != null && m.contentType().startsWith("video/")).toList();
        if (videos.isEmpty()) {
            return new PlatformResult.Rejected<>(0, "VIDEO_REQUIRED", "YouTube publishes videos: add one video to the post");
        }
        if (post.media().size() > 1) {
            return new PlatformResult.Rejected<>(0, "TOO_MANY_MEDIA", "a YouTube post is exactly one video; this post has "
                    + post.media().size() + " media");
        }
        PostTitle titled = PostTitle.of(post, MAX_TITLE);
        String title = titled.title();
        if (title.isEmpty()) {
            return new PlatformResult.Rejected<>(0, "TITLE_REQUIRED", "a YouTube video needs a title: give the post a title or text");
        }
        String description = titled.body();
        if (title.contains("<") || title.contains(">") || description.contains("<") || description.contains(">")) {
            return new PlatformResult.Rejected<>(0, "INVALID_CHARACTERS", "YouTube refuses < and > in a video's title and description");
        }
        int bytes = description.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_DESCRIPTION_BYTES) {
            return new PlatformResult.Rejected<>(0, "DESCRIPTION_TOO_LONG", "a YouTube description holds " + MAX_DESCRIPTION_BYTES
                    + " bytes (UTF-8); this one is " + bytes);
        }
        return new PlatformResult.Ok<>(videos.get(0));
    }

    /**
     * The video's page: its Shorts page for a post whose format is {@code reel}, or a vertical or square video known
     * to be at most three minutes long (YouTube's own rule: the API has no Shorts flag).
     */
    private static Published published(JsonNode video, Media m, Outgoing post) {
        boolean shorts = "reel".equals(post.format()) || m != null && m.width() != null && m.height() != null && m.height() >= m.width()
                && m.durationSeconds() != null && m.durationSeconds() <= SHORTS_MAX_SECONDS;
        String id = video.path("id").asText();
        return new Published(id, YouTubeConnector.videoUrl(id, shorts));
    }

    /** YouTube's quota answers, said so a person knows what to do. */
    private static <T, U> PlatformResult<U> explained(PlatformResult<T> r) {
        if (r instanceof PlatformResult.Rejected<T> rj) {
            switch (rj.code()) {
                case "quotaExceeded" -> {
                    return new PlatformResult.Rejected<>(rj.httpStatus(), rj.code(), "the daily YouTube API quota of this"
                            + " Socialwire deployment's Google project is used up (it resets at midnight Pacific time);"
                            + " publish the post again after that, or ask Google for more quota");
                }
                case "uploadLimitExceeded" -> {
                    return new PlatformResult.Rejected<>(rj.httpStatus(), rj.code(), "the channel has reached YouTube's daily"
                            + " upload limit; publish the post again tomorrow");
                }
                default -> {
                }
            }
        }
        return r.failure();
    }
}
