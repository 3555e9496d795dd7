package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * X's {@link PlatformPublisher} (API v2, the account's OAuth 2.0 user token; xdevplatform/docs openapi.json,
 * x-api/media/upload-media.mdx, x-api/posts/timelines):
 * <ul>
 *   <li>preparation uploads each image with the simple upload {@code POST /2/media/upload} (multipart {@code media} and
 *       {@code media_category}; answer {@code data.id}) and sets its alt text with {@code POST /2/media/metadata}
 *       ({@code {"id","metadata":{"alt_text":{"text"}}}}); what is done is kept in the state, so a retried preparation
 *       neither uploads nor describes a medium twice;</li>
 *   <li>a video or an animated GIF goes through the chunked upload (x-api/media/quickstart/media-upload-chunked.mdx):
 *       {@code POST /2/media/upload/initialize} ({@code {"media_type","total_bytes","media_category"}}, answer
 *       {@code data.id}), one {@code POST /2/media/upload/{id}/append} per segment (multipart {@code segment_index},
 *       {@code media}), {@code POST /2/media/upload/{id}/finalize}, then while {@code data.processing_info.state} is
 *       {@code pending} or {@code in_progress} {@code GET /2/media/upload?command=STATUS&media_id=} after
 *       {@code check_after_secs}. The medium is streamed from its URL a segment at a time (never whole in memory);
 *       the state records the media id and every segment X acknowledged, so a retried preparation appends only what is
 *       missing and never initializes twice; processing answers {@link Prepared.Waiting}, a {@code failed} state is a
 *       refusal with X's reason;</li>
 *   <li>the publishing call is {@code POST /2/tweets} ({@code {"text","media":{"media_ids"}}}, answer
 *       {@code 201 {"data":{"id","text"}}}). X takes no idempotency key; its 403 "duplicate content" on a repeat is
 *       not proof of an earlier post (it may match an older one) and stays a refusal. A thread is one such call per
 *       part, each further part replying to the one before ({@code "reply":{"in_reply_to_tweet_id"}}), the media with
 *       the first; publishing goes on after the parts the state records as posted ({@code posted}), never again from
 *       the first;</li>
 *   <li>a lost answer is reconciled by listing the account's posts since shortly before the attempt
 *       ({@code GET /2/users/:id/tweets?start_time=…}) and matching the text. X answers {@code text} with every URL
 *       rewritten to t.co (and a t.co link to attached media appended), so URLs are compared as "a URL": a post with
 *       URLs that matches nothing cannot be told apart from a rewrite we did not foresee, and answers
 *       {@link Reconciled.CannotTell}; a listing that does not end (more pages than we read) too. A thread's parts
 *       are matched in order, each as the account's reply to the part before it: a thread that stopped half-way is
 *       {@link Reconciled.Partial} with the ids of the parts that exist.</li>
 * </ul>
 */
public final class XPublisher implements PlatformPublisher {

    /** The simple upload's limit for images (x-api/media/upload-media.mdx); animated GIFs may be 15 MB. */
    static final long MAX_IMAGE_BYTES = 5L * 1024 * 1024;
    static final long MAX_GIF_BYTES = 15L * 1024 * 1024;
    static final int MAX_MEDIA = 4;
    /**
     * The largest video Socialwire streams to X: most accounts' limit for years (512 MB); X now documents up to 8 GB
     * for {@code tweet_video} (x-api/media/initialize-media-upload.mdx) and re-checks a video's duration itself when
     * the post is created (a 403 there is a refusal with X's reason).
     */
    static final long MAX_VIDEO_BYTES = 512L * 1024 * 1024;
    /** One APPEND segment (X: at most 5 MB each, indexes from 0), and how many one preparation step sends. */
    static final int SEGMENT_BYTES = 4 * 1024 * 1024;
    static final int SEGMENTS_PER_STEP = 32;
    /** The most posts one listing page answers (max_results 5..100), and how many pages a reconciliation reads. */
    static final int PAGE = 100;
    static final int MAX_PAGES = 3;
    /** How far before the armed time the listing starts (clocks differ). */
    static final Duration BEFORE = Duration.ofMinutes(2);
    /**
     * A post shows up in the account's timeline a little after it is made: until this long after the attempt an
     * empty listing proves nothing, and the reconciliation asks to be tried again.
     */
    static final Duration SETTLE = Duration.ofSeconds(20);

    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final String A_URL = "\u0000";

    private final PlatformHttp http;
    private final MediaBytes media;
    private final String apiBase;

    private final int segmentBytes;

    /** @param apiBase {@code https://api.x.com} ({@code XConnector.API_BASE}), a stub in tests */
    public XPublisher(PlatformHttp http, MediaBytes media, String apiBase) {
        this(http, media, apiBase, SEGMENT_BYTES);
    }

    /** With segments of {@code segmentBytes} (tests upload small videos in several segments). */
    XPublisher(PlatformHttp http, MediaBytes media, String apiBase, int segmentBytes) {
        this.http = http;
        this.media = media;
        this.apiBase = ProviderHttp.trimBase(apiBase);
        this.segmentBytes = segmentBytes;
    }

    @Override
    public String platform() {
        return "twitter";
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        if (post.media().size() > MAX_MEDIA) {
            return new PlatformResult.Rejected<>(0, "TOO_MANY_MEDIA", "X takes at most " + MAX_MEDIA + " images per post");
        }
        ArrayNode uploaded = state.withArray("media");
        for (int i = 0; i < post.media().size(); i++) {
            Media m = post.media().get(i);
            String category = category(m.contentType());
            if (category == null) {
                return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "X takes JPEG, PNG, WEBP and GIF images and MP4"
                        + " videos, not " + m.contentType());
            }
            if (!"tweet_image".equals(category)) {
                PlatformResult<Integer> chunked = chunked(target, m, category, uploaded, i);
                if (!(chunked instanceof PlatformResult.Ok<Integer>(Integer wait))) {
                    return chunked.failure();
                }
                if (wait > 0) {
                    return new PlatformResult.Ok<>(new Prepared.Waiting(state, wait, "X is processing medium " + m.mediaId()));
                }
            } else if (i == uploaded.size()) {
                PlatformResult<byte[]> bytes = media.fetch(m, MAX_IMAGE_BYTES, "X");
                if (!(bytes instanceof PlatformResult.Ok<byte[]>(byte[] b))) {
                    return bytes.failure();
                }
                PlatformResult<String> id = upload(target, m, category, b);
                if (!(id instanceof PlatformResult.Ok<String>(String mediaId))) {
                    return id.failure();
                }
                uploaded.addObject().put("id", mediaId).put("described", m.altText() == null || m.altText().isBlank());
            }
            ObjectNode done = (ObjectNode) uploaded.get(i);
            if (!done.path("described").asBoolean()) {
                PlatformResult<String> described = describe(target, done.path("id").asText(), m.altText());
                if (!(described instanceof PlatformResult.Ok<String>)) {
                    return described.failure();
                }
                done.put("described", true);
            }
        }
        return new PlatformResult.Ok<>(new Prepared.Ready(state));
    }

    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
        List<String> texts = ThreadParts.texts(post);
        List<String> made = ThreadParts.posted(state);
        for (int k = made.size(); k < texts.size(); k++) {
            ObjectNode body = Json.object().put("text", texts.get(k));
            if (k == 0 && !state.path("media").isEmpty()) {
                ArrayNode ids = body.putObject("media").putArray("media_ids");
                state.path("media").forEach(m -> ids.add(m.path("id").asText()));
            }
            if (k > 0) {
                body.putObject("reply").put("in_reply_to_tweet_id", made.get(k - 1));
            }
            PlatformResult<String> id = postJson(target, "/2/tweets", body, true, json -> ProviderHttp.text(json.path("data"), "id"));
            if (!(id instanceof PlatformResult.Ok<String>(String madeId))) {
                return k == 0 ? id.failure() : ThreadParts.stoppedAt("X", k, made.getFirst(), id);
            }
            made.add(madeId);
        }
        return new PlatformResult.Ok<>(new Published(made.getFirst(), permalink(target, made.getFirst())));
    }

    /**
     * Lists the account's posts since shortly before the attempt and matches the thread's parts in order: the first
     * by its text (not a reply), each further one as the account's reply to the part before it (and in its
     * conversation) with its text. Parts a former reconciliation found (in the state) are not looked for again.
     * All found: {@link Reconciled.Found}; none: {@link Reconciled.NotFound}; the first ones:
     * {@link Reconciled.Partial} with their ids, so publishing goes on after them; anything ambiguous or a listing
     * that does not end: {@link Reconciled.CannotTell}.
     */
    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        Instant now = http.clock().instant();
        if (now.isBefore(armedAt.plus(SETTLE))) {
            long wait = Math.max(1, Duration.between(now, armedAt.plus(SETTLE)).toSeconds());
            return new PlatformResult.Transient<>(0, "too_early", "X lists a new post only after a few seconds", wait);
        }
        List<JsonNode> listed = new ArrayList<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("start_time", armedAt.minus(BEFORE).truncatedTo(ChronoUnit.SECONDS).toString());
            query.put("max_results", String.valueOf(PAGE));
            query.put("exclude", "retweets");
            query.put("tweet.fields", "created_at,text,conversation_id,referenced_tweets");
            query.put("pagination_token", token);
            PlatformResult<JsonNode> listing = http.get(URI.create(apiBase + "/2/users/" + PlatformHttp.component(target.account().externalId())
                    + "/tweets?" + PlatformHttp.encode(query)), target.accessToken(), Map.of(), "GET /2/users/:id/tweets",
                    json -> json.isObject() ? json : null);
            if (!(listing instanceof PlatformResult.Ok<JsonNode>(JsonNode json))) {
                return listing.failure();
            }
            json.path("data").forEach(listed::add);
            token = ProviderHttp.text(json.path("meta"), "next_token");
            if (token == null) {
                break;
            }
        }
        List<String> texts = ThreadParts.texts(post);
        List<String> made = ThreadParts.posted(state);
        for (int k = made.size(); k < texts.size(); k++) {
            String parent = k == 0 ? null : made.get(k - 1);
            String root = k == 0 ? null : made.getFirst();
            List<JsonNode> inPlace = listed.stream().filter(p -> Objects.equals(parent, repliedTo(p))
                    && (root == null || !p.hasNonNull("conversation_id") || root.equals(p.path("conversation_id").asText()))).toList();
            String ours = normalize(texts.get(k));
            boolean withMedia = k == 0 && !post.media().isEmpty();
            List<String> ids = inPlace.stream().filter(p -> {
                String theirs = normalize(p.path("text").asText(""));
                return theirs.equals(ours) || withMedia && theirs.equals(ours + " " + A_URL);
            }).map(p -> p.path("id").asText()).toList();
            if (ids.size() == 1) {
                made.add(ids.getFirst());
                continue;
            }
            if (ids.size() > 1) {
                return new PlatformResult.Ok<>(new Reconciled.CannotTell(ids.size() + " X posts since the attempt match part "
                        + (k + 1) + " of this post"));
            }
            if (token != null) {
                return new PlatformResult.Ok<>(new Reconciled.CannotTell("the account made more than " + PAGE * MAX_PAGES + " posts since the attempt"));
            }
            if (k == 0 && URL.matcher(texts.getFirst()).find()) {
                return new PlatformResult.Ok<>(new Reconciled.CannotTell("X rewrites links, and no post since the attempt matches this text with links"));
            }
            if (k > 0 && !inPlace.isEmpty()) {
                return new PlatformResult.Ok<>(new Reconciled.CannotTell("the account replied to part " + k + " of this thread with a post that is not part "
                        + (k + 1)));
            }
            break;
        }
        if (made.size() == texts.size()) {
            return new PlatformResult.Ok<>(new Reconciled.Found(new Published(made.getFirst(), permalink(target, made.getFirst()))));
        }
        if (made.isEmpty()) {
            return new PlatformResult.Ok<>(new Reconciled.NotFound());
        }
        return ThreadParts.partial(state, made);
    }

    /** The id of the post {@code p} replies to ({@code referenced_tweets[type=replied_to]}), or null. */
    private static String repliedTo(JsonNode p) {
        for (JsonNode ref : p.path("referenced_tweets")) {
            if ("replied_to".equals(ref.path("type").asText())) {
                return ref.path("id").asText();
            }
        }
        return null;
    }

    /**
     * The text as compared: X answers {@code &}, {@code <} and {@code >} HTML-escaped and every URL as a t.co link,
     * so entities are unescaped and every URL stands for "a URL".
     */
    static String normalize(String text) {
        String unescaped = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return URL.matcher(unescaped).replaceAll(A_URL).strip();
    }

    /**
     * The chunked upload of medium {@code i} as far as it goes in one step: {@code Ok(0)} when X has it ready,
     * {@code Ok(seconds)} to ask again then (processing, or segments left for the next step). Every answer X gave is
     * recorded in {@code uploaded} at once, so whatever fails, the retry goes on from there.
     */
    private PlatformResult<Integer> chunked(Target target, Media m, String category, ArrayNode uploaded, int i) {
        ObjectNode entry = i < uploaded.size() ? (ObjectNode) uploaded.get(i) : null;
        if (entry != null && entry.path("ready").asBoolean()) {
            return new PlatformResult.Ok<>(0);
        }
        if (entry != null && entry.path("finalized").asBoolean()) {
            PlatformResult<JsonNode> status = status(target, entry);
            return status instanceof PlatformResult.Ok<JsonNode>(JsonNode data) ? processed(entry, data, m) : status.failure();
        }
        long sent = entry == null ? 0 : entry.path("segments").asLong() * segmentBytes;
        if (entry == null || sent < entry.path("bytes").asLong()) {
            PlatformResult<MediaBytes.Read> opened = media.open(m, "tweet_gif".equals(category) ? MAX_GIF_BYTES : MAX_VIDEO_BYTES, "X", sent);
            if (!(opened instanceof PlatformResult.Ok<MediaBytes.Read>(MediaBytes.Read read))) {
                return opened.failure();
            }
            try (read) {
                if (entry == null) {
                    if (read.totalBytes() <= 0) {
                        return new PlatformResult.Rejected<>(0, "MEDIA_FETCH", "the size of medium " + m.mediaId() + " is unknown");
                    }
                    PlatformResult<String> id = initialize(target, m, category, read.totalBytes());
                    if (!(id instanceof PlatformResult.Ok<String>(String mediaId))) {
                        return id.failure();
                    }
                    // X takes no alt text for a video through the API; a GIF's is set like an image's
                    entry = uploaded.addObject().put("id", mediaId).put("described", !"tweet_gif".equals(category)
                            || m.altText() == null || m.altText().isBlank()).put("bytes", read.totalBytes()).put("segments", 0);
                }
                PlatformResult<Integer> appended = append(target, entry, read);
                if (!(appended instanceof PlatformResult.Ok<Integer>(Integer left)) || left > 0) {
                    return appended;
                }
            } catch (IOException e) {
                return new PlatformResult.Transient<>(0, "MEDIA_FETCH", e.getClass().getSimpleName(), 0);
            }
        }
        if (entry.path("finalizing").asBoolean()) {
            // an earlier FINALIZE's answer was lost: if X took it, STATUS reports the processing; else finalize now
            switch (status(target, entry)) {
                case PlatformResult.Ok<JsonNode>(JsonNode data) when data.has("processing_info") -> {
                    entry.put("finalized", true);
                    return processed(entry, data, m);
                }
                case PlatformResult.Ok<JsonNode> notFinalized -> {
                }
                case PlatformResult.Rejected<JsonNode> notFinalized -> {
                }
                case PlatformResult<JsonNode> failed -> {
                    return failed.failure();
                }
            }
        }
        entry.put("finalizing", true);
        HttpRequest.Builder finalize = HttpRequest.newBuilder(URI.create(apiBase + "/2/media/upload/"
                        + PlatformHttp.component(entry.path("id").asText()) + "/finalize"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + target.accessToken());
        PlatformResult<JsonNode> finalized = http.send(finalize, "POST /2/media/upload/:id/finalize", false, List.of(target.accessToken()),
                json -> json.path("data").isObject() ? json.path("data") : null);
        if (!(finalized instanceof PlatformResult.Ok<JsonNode>(JsonNode data))) {
            return finalized.failure();
        }
        entry.put("finalized", true);
        return processed(entry, data, m);
    }

    /** {@code GET /2/media/upload?command=STATUS&media_id=}: its {@code data}. */
    private PlatformResult<JsonNode> status(Target target, ObjectNode entry) {
        return http.get(URI.create(apiBase + "/2/media/upload?" + PlatformHttp.encode(Map.of("command", "STATUS", "media_id",
                        entry.path("id").asText()))), target.accessToken(), Map.of(), "GET /2/media/upload STATUS",
                json -> json.path("data").isObject() ? json.path("data") : null);
    }

    /**
     * The segments of {@code entry} not yet acknowledged, read from {@code read} (opened where they start), at most
     * {@link #SEGMENTS_PER_STEP}: {@code Ok(0)} when all are sent, {@code Ok(1)} when some are left for the next step.
     */
    private PlatformResult<Integer> append(Target target, ObjectNode entry, MediaBytes.Read read) throws IOException {
        long total = entry.path("bytes").asLong();
        int segment = entry.path("segments").asInt();
        for (int n = 0; (long) segment * segmentBytes < total; n++) {
            if (n == SEGMENTS_PER_STEP) {
                return new PlatformResult.Ok<>(1); // a Lambda's time is bounded: the rest in the next step
            }
            byte[] chunk = read.in().readNBytes((int) Math.min(segmentBytes, total - (long) segment * segmentBytes));
            if (chunk.length == 0) {
                return new PlatformResult.Transient<>(0, "MEDIA_FETCH", "the medium ended before its size", 0);
            }
            String boundary = "socialwire-" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            part(body, boundary, "segment_index", "text/plain; charset=UTF-8", String.valueOf(segment).getBytes(StandardCharsets.UTF_8));
            part(body, boundary, "media\"; filename=\"segment", "application/octet-stream", chunk);
            body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBase + "/2/media/upload/"
                            + PlatformHttp.component(entry.path("id").asText()) + "/append"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Authorization", "Bearer " + target.accessToken());
            // a segment sent again replaces itself: a lost answer just sends it again
            PlatformResult<Boolean> appended = http.exchange(request, "POST /2/media/upload/:id/append", false,
                    List.of(target.accessToken()), response -> Boolean.TRUE);
            if (!(appended instanceof PlatformResult.Ok<Boolean>)) {
                return appended.failure();
            }
            entry.put("segments", ++segment);
        }
        return new PlatformResult.Ok<>(0);
    }

    /** {@code POST /2/media/upload/initialize} {@code {"media_type","total_bytes","media_category"}}: {@code data.id}. */
    private PlatformResult<String> initialize(Target target, Media m, String category, long totalBytes) {
        ObjectNode body = Json.object().put("media_type", m.contentType()).put("total_bytes", totalBytes).put("media_category", category);
        // a lost answer leaves an unused upload session at X, which expires: initializing again is harmless
        return postJson(target, "/2/media/upload/initialize", body, false, json -> ProviderHttp.text(json.path("data"), "id"));
    }

    /**
     * What FINALIZE or STATUS said of the processing ({@code data.processing_info}; none: usable now): ready
     * ({@code Ok(0)}), ask again after {@code check_after_secs}, or X's reason for {@code failed}.
     */
    private static PlatformResult<Integer> processed(ObjectNode entry, JsonNode data, Media m) {
        JsonNode info = data.path("processing_info");
        return switch (info.path("state").asText("succeeded")) {
            case "succeeded" -> {
                entry.put("ready", true);
                yield new PlatformResult.Ok<>(0);
            }
            case "failed" -> new PlatformResult.Rejected<>(0, "MEDIA_PROCESSING_FAILED", "X could not process medium " + m.mediaId()
                    + ": " + ProviderHttp.clip(info.path("error").path("message").asText(info.path("error").path("name").asText("no reason given")), 300));
            default -> new PlatformResult.Ok<>(Math.max(1, info.path("check_after_secs").asInt(5)));
        };
    }

    /** {@code POST /2/media/upload}, multipart {@code media} (raw bytes) and {@code media_category}: {@code data.id}. */
    private PlatformResult<String> upload(Target target, Media m, String category, byte[] bytes) {
        String boundary = "socialwire-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "media_category", "text/plain; charset=UTF-8", category.getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "media\"; filename=\"media", m.contentType(), bytes);
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBase + "/2/media/upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + target.accessToken());
        // an upload makes nothing the audience sees: a lost answer just uploads again
        return http.send(request, "POST /2/media/upload", false, List.of(target.accessToken()),
                json -> ProviderHttp.text(json.path("data"), "id"));
    }

    /** {@code POST /2/media/metadata} {@code {"id","metadata":{"alt_text":{"text"}}}} (alt text up to 1000 characters). */
    private PlatformResult<String> describe(Target target, String mediaId, String altText) {
        ObjectNode body = Json.object().put("id", mediaId);
        body.putObject("metadata").putObject("alt_text").put("text", altText);
        return postJson(target, "/2/media/metadata", body, false, json -> ProviderHttp.text(json.path("data"), "id"));
    }

    /** A JSON POST to X with the account's token, named by its path; {@code unsafe}: it may change what the audience sees. */
    private <T> PlatformResult<T> postJson(Target target, String path, ObjectNode body, boolean unsafe, Function<JsonNode, T> parse) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBase + path))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + target.accessToken());
        return http.send(request, "POST " + path, unsafe, List.of(target.accessToken()), parse);
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String contentType, byte[] content) {
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\nContent-Type: "
                + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static String category(String contentType) {
        return switch (contentType == null ? "" : contentType) {
            case "image/jpeg", "image/png", "image/webp" -> "tweet_image";
            case "image/gif" -> "tweet_gif";
            case "video/mp4", "video/quicktime" -> "tweet_video";
            default -> null;
        };
    }

    /** {@code https://x.com/{username}/status/{id}}; without a username X's own {@code i/web} form. */
    public static String permalink(Target target, String id) {
        String handle = target.account().handle();
        String user = handle == null || handle.isBlank() ? "i/web" : PlatformHttp.component(handle.startsWith("@") ? handle.substring(1) : handle);
        return "https://x.com/" + user + "/status/" + PlatformHttp.component(id);
    }
}
