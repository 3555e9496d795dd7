package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.connectors.LinkedInConnector;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LinkedIn's {@link PlatformPublisher} for a member ({@code urn:li:person:…}) or an organization page
 * ({@code urn:li:organization:…}), the account's externalId being the post's author (learn.microsoft.com
 * linkedin/marketing/community-management/shares/posts-api, images-api, little-text-format):
 * <ul>
 *   <li>preparation uploads each image: {@code POST /rest/images?action=initializeUpload} with the author as owner
 *       answers an {@code uploadUrl} and the image URN, then the bytes are PUT to that URL; the URNs are kept in the
 *       state, so a retried preparation uploads only what is missing. Documents are not published yet;</li>
 *   <li>a video (MP4, alone in its post; videos-api) is uploaded in the parts LinkedIn asks for:
 *       {@code POST /rest/videos?action=initializeUpload} ({@code owner}, {@code fileSizeBytes}, no captions or
 *       thumbnail) answers the video URN, an {@code uploadToken} and {@code uploadInstructions} (one pre-signed
 *       {@code uploadUrl} per inclusive byte range {@code firstByte}–{@code lastByte}); each range is PUT to its URL
 *       (no bearer token: the URL is signed) and LinkedIn names the part in its {@code ETag};
 *       {@code POST /rest/videos?action=finalizeUpload} takes the ETags in order; then {@code GET /rest/videos/{urn}}
 *       until {@code status} is {@code AVAILABLE} ({@link Prepared.Waiting} while {@code PROCESSING} or
 *       {@code WAITING_UPLOAD}, a refusal with LinkedIn's reason for {@code PROCESSING_FAILED}). The medium is streamed
 *       from where the first missing part starts; the state records the URN, the instructions and every ETag as it is
 *       acknowledged, so a retried preparation PUTs only missing parts and never initializes twice (unless the
 *       upload URLs expired, {@code uploadUrlsExpireAt}: then the upload starts again), and a finalize
 *       whose answer was lost is settled by the video's status (still {@code WAITING_UPLOAD}: finalize again; else it
 *       took) rather than sent twice;</li>
 *   <li>the publishing call is {@code POST /rest/posts} (commentary in "little text", its reserved characters
 *       escaped; one image as {@code content.media}, 2–20 as {@code content.multiImage}, each with its alt text; a video
 *       as {@code content.media} with the post's title if it has one):
 *       201 with an empty body and the post URN in {@code x-restli-id}. LinkedIn has no idempotency key; it refuses
 *       identical content with 422 {@code DUPLICATE_POST} "Content is a duplicate of urn:li:share:…", and the URN it
 *       names is taken as the post already made (platforms.md §2.3);</li>
 *   <li>a lost answer is reconciled for an organization by listing its newest posts
 *       ({@code GET /rest/posts?q=author}, scope {@code r_organization_social}) and matching the commentary; a
 *       member's posts cannot be listed without the restricted {@code r_member_social}, so the platform cannot tell
 *       (a person looks; publishing again is then answered DUPLICATE_POST with the URN if the first went out).</li>
 * </ul>
 */
public final class LinkedInPublisher implements PlatformPublisher {

    /** The most posts one reconciliation lists (newest first by last modification). */
    static final int PAGE = 20;
    /** multiImage takes 2–20 images. */
    static final int MAX_IMAGES = 20;
    /** The largest video LinkedIn takes in a post (videos-api: 75 KB to 500 MB); LinkedIn checks the rest itself. */
    static final long MAX_VIDEO_BYTES = 500L * 1024 * 1024;
    /** The video type LinkedIn documents for posts. */
    static final String MP4 = "video/mp4";
    /** How many parts one preparation step PUTs (LinkedIn's parts are 4 MB): a Lambda's time is bounded. */
    static final int PARTS_PER_STEP = 32;
    /** Upload URLs this close to their {@code uploadUrlsExpireAt} are not started on: the upload begins again. */
    static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);
    /** LinkedIn gives no hint how long processing takes: ask again after this many seconds. */
    static final int PROCESSING_WAIT = 5;
    /** The characters little text reserves (little-text-format): escaped with a backslash to stay plain text. */
    static final String RESERVED = "\\|{}@[]()<>#*_~";
    private static final Pattern DUPLICATE_OF = Pattern.compile("duplicate of (urn:li:(?:share|ugcPost):[0-9]+)");
    private static final String FEED = "https://www.linkedin.com/feed/update/";

    private final PlatformHttp http;
    private final MediaBytes media;
    private final long maxImageBytes;
    private final String apiBase;
    private final Map<String, String> restHeaders;

    /**
     * @param apiBase       {@link LinkedInConnector#API_BASE} (a stub's address in tests)
     * @param version       the {@code LinkedIn-Version} pinned, {@link LinkedInConnector#VERSION}
     * @param maxImageBytes the largest image uploaded
     */
    public LinkedInPublisher(PlatformHttp http, MediaBytes media, long maxImageBytes, String apiBase, String version) {
        this.http = http;
        this.media = media;
        this.maxImageBytes = maxImageBytes;
        this.apiBase = ProviderHttp.trimBase(apiBase);
        this.restHeaders = LinkedInConnector.restHeaders(version);
    }

    @Override
    public String platform() {
        return LinkedInConnector.PLATFORM;
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        if (!post.parts().isEmpty()) {
            return new PlatformResult.Rejected<>(0, "THREADS_UNSUPPORTED", "LinkedIn threads are not published yet; post the parts one by one");
        }
        if (post.media().size() > MAX_IMAGES) {
            return new PlatformResult.Rejected<>(0, "TOO_MANY_MEDIA", "LinkedIn takes at most " + MAX_IMAGES + " images in a post");
        }
        boolean video = post.media().stream().anyMatch(m -> MP4.equals(m.contentType()));
        for (Media m : post.media()) {
            if (m.contentType() == null || !m.contentType().startsWith("image/") && !MP4.equals(m.contentType())) {
                return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "LinkedIn takes images and MP4 videos (documents are not "
                        + "published yet); " + m.mediaId() + " is " + m.contentType());
            }
        }
        if (video && post.media().size() > 1) {
            return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "LinkedIn takes one video alone in a post");
        }
        if (video) {
            Media m = post.media().getFirst();
            PlatformResult<Integer> uploaded = video(target, m, state.has("video") ? (ObjectNode) state.get("video") : state.putObject("video"));
            if (!(uploaded instanceof PlatformResult.Ok<Integer>(Integer wait))) {
                return uploaded.failure();
            }
            return new PlatformResult.Ok<>(wait > 0 ? new Prepared.Waiting(state, wait, "LinkedIn is processing video " + m.mediaId())
                    : new Prepared.Ready(state));
        }
        ArrayNode images = state.withArray("images");
        for (int i = images.size(); i < post.media().size(); i++) {
            PlatformResult<String> urn = upload(target, post.media().get(i));
            if (!(urn instanceof PlatformResult.Ok<String>(String image))) {
                return urn.failure();
            }
            images.add(image);
        }
        return new PlatformResult.Ok<>(new Prepared.Ready(state));
    }

    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
        ObjectNode body = Json.object();
        body.put("author", target.account().externalId());
        body.put("commentary", littleText(post.text()));
        body.put("visibility", "PUBLIC");
        ObjectNode distribution = body.putObject("distribution");
        distribution.put("feedDistribution", "MAIN_FEED");
        distribution.putArray("targetEntities");
        distribution.putArray("thirdPartyDistributionChannels");
        JsonNode images = state.path("images");
        if (state.path("video").path("ready").asBoolean()) {
            ObjectNode media = body.putObject("content").putObject("media").put("id", state.path("video").path("urn").asText());
            if (post.title() != null && !post.title().isBlank()) {
                media.put("title", post.title().strip());
            }
        } else if (images.size() == 1) {
            image(body.putObject("content").putObject("media"), images.get(0).asText(), medium(post, 0));
        } else if (images.size() > 1) {
            ArrayNode multi = body.putObject("content").putObject("multiImage").putArray("images");
            for (int i = 0; i < images.size(); i++) {
                image(multi.addObject(), images.get(i).asText(), medium(post, i));
            }
        }
        body.put("lifecycleState", "PUBLISHED");
        body.put("isReshareDisabledByAuthor", false);
        HttpRequest.Builder request = rest(target, URI.create(apiBase + "/rest/posts"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                .header("Content-Type", "application/json");
        PlatformResult<Published> r = http.exchange(request, "POST /rest/posts", true, List.of(target.accessToken()),
                response -> response.headers().firstValue("x-restli-id").filter(urn -> !urn.isBlank()).map(LinkedInPublisher::published).orElse(null));
        if (r instanceof PlatformResult.Rejected<Published> rejected && rejected.httpStatus() == 422
                && rejected.code().contains("DUPLICATE_POST")) {
            Matcher m = DUPLICATE_OF.matcher(rejected.message());
            return m.find() ? new PlatformResult.Ok<>(published(m.group(1))) : r;
        }
        return r;
    }

    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        String author = target.account().externalId();
        if (!author.startsWith("urn:li:organization:")) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell("LinkedIn lets only approved partners list a member's posts; "
                    + "look at the profile (publishing again is refused as a duplicate if the post went out)"));
        }
        URI uri = URI.create(apiBase + "/rest/posts?author=" + PlatformHttp.component(author) + "&q=author&count=" + PAGE
                + "&sortBy=LAST_MODIFIED");
        PlatformResult<List<JsonNode>> listed = http.get(uri, target.accessToken(), restHeaders, "GET /rest/posts", json -> {
            if (!json.path("elements").isArray()) {
                return null;
            }
            List<JsonNode> list = new ArrayList<>();
            json.path("elements").forEach(list::add);
            return list;
        });
        if (listed instanceof PlatformResult.Rejected<List<JsonNode>> r && r.httpStatus() == 403) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell("the connection may not read the organization's posts "
                    + "(r_organization_social); look at the page"));
        }
        if (!(listed instanceof PlatformResult.Ok<List<JsonNode>>(List<JsonNode> posts))) {
            return listed.failure();
        }
        long since = armedAt.minus(Duration.ofMinutes(2)).toEpochMilli();
        String escaped = littleText(post.text());
        boolean reachesBack = posts.size() < PAGE;
        for (JsonNode p : posts) {
            if (p.path("lastModifiedAt").asLong(Long.MAX_VALUE) < since) {
                reachesBack = true; // sorted by last modification: everything after it is older still
                break;
            }
            if (p.path("createdAt").asLong(Long.MAX_VALUE) < since) {
                continue;
            }
            String commentary = p.path("commentary").asText("");
            if (p.hasNonNull("id") && (commentary.equals(escaped) || commentary.equals(post.text()))) {
                return new PlatformResult.Ok<>(new Reconciled.Found(published(p.path("id").asText())));
            }
        }
        return new PlatformResult.Ok<>(reachesBack ? new Reconciled.NotFound()
                : new Reconciled.CannotTell("the organization changed more than " + PAGE + " posts since the attempt"));
    }

    /** Little text: each reserved character preceded by a backslash, so the text shows as written. */
    static String littleText(String text) {
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (RESERVED.indexOf(c) >= 0) {
                s.append('\\');
            }
            s.append(c);
        }
        return s.toString();
    }

    /** initializeUpload with the author as owner, then the bytes PUT to the URL it gave: the image URN. */
    private PlatformResult<String> upload(Target target, Media m) {
        PlatformResult<byte[]> bytes = media.fetch(m, maxImageBytes, "LinkedIn");
        if (!(bytes instanceof PlatformResult.Ok<byte[]>(byte[] b))) {
            return bytes.failure();
        }
        ObjectNode init = Json.object();
        init.putObject("initializeUploadRequest").put("owner", target.account().externalId());
        // nothing the audience sees: a lost answer just initializes (and uploads) again
        PlatformResult<JsonNode> started = http.send(rest(target, URI.create(apiBase + "/rest/images?action=initializeUpload"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(init))).header("Content-Type", "application/json"),
                "POST /rest/images?action=initializeUpload", false, List.of(target.accessToken()), json -> {
                    JsonNode v = json.path("value");
                    return v.hasNonNull("uploadUrl") && v.hasNonNull("image") ? v : null;
                });
        if (!(started instanceof PlatformResult.Ok<JsonNode>(JsonNode value))) {
            return started.failure();
        }
        String image = value.path("image").asText();
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(value.path("uploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(b))
                .header("Authorization", "Bearer " + target.accessToken())
                .header("Content-Type", "application/octet-stream");
        return http.exchange(put, "PUT image upload", false, List.of(target.accessToken()), response -> image);
    }

    /**
     * The video's upload as far as it goes in one step: {@code Ok(0)} when LinkedIn has it available, {@code Ok(seconds)}
     * to ask again then (processing, or parts left for the next step). Every answer LinkedIn gave is recorded in
     * {@code v} at once, so whatever fails, the retry goes on from there.
     */
    private PlatformResult<Integer> video(Target target, Media m, ObjectNode v) {
        if (v.path("ready").asBoolean()) {
            return new PlatformResult.Ok<>(0);
        }
        if (v.path("finalized").asBoolean()) {
            PlatformResult<JsonNode> status = videoStatus(target, v);
            return status instanceof PlatformResult.Ok<JsonNode>(JsonNode video) ? processed(v, video, m) : status.failure();
        }
        if (v.has("urn") && !v.path("finalizing").asBoolean()
                && v.path("expiresAt").asLong(Long.MAX_VALUE) <= http.clock().millis() + EXPIRY_MARGIN.toMillis()) {
            v.removeAll(); // the upload URLs are no longer good: a fresh upload (the unfinished video is left to expire)
        }
        ArrayNode etags = v.withArray("etags");
        if (!v.has("urn") || etags.size() < v.path("parts").size()) {
            long from = v.has("urn") ? v.path("parts").get(etags.size()).path("firstByte").asLong() : 0;
            PlatformResult<MediaBytes.Read> opened = media.open(m, MAX_VIDEO_BYTES, "LinkedIn", from);
            if (!(opened instanceof PlatformResult.Ok<MediaBytes.Read>(MediaBytes.Read read))) {
                return opened.failure();
            }
            try (read) {
                if (!v.has("urn")) {
                    if (read.totalBytes() <= 0) {
                        return new PlatformResult.Rejected<>(0, "MEDIA_FETCH", "the size of medium " + m.mediaId() + " is unknown");
                    }
                    PlatformResult<Integer> started = initializeVideo(target, v, read.totalBytes());
                    if (!(started instanceof PlatformResult.Ok<Integer>)) {
                        return started;
                    }
                }
                PlatformResult<Integer> sent = parts(v, etags, read, target.accessToken());
                if (!(sent instanceof PlatformResult.Ok<Integer>(Integer left)) || left > 0) {
                    return sent;
                }
            } catch (IOException e) {
                return new PlatformResult.Transient<>(0, "MEDIA_FETCH", e.getClass().getSimpleName(), 0);
            }
        }
        if (v.path("finalizing").asBoolean()) {
            // an earlier finalize's answer was lost: a video still waiting for its upload was not finalized; any other took it
            PlatformResult<JsonNode> status = videoStatus(target, v);
            if (!(status instanceof PlatformResult.Ok<JsonNode>(JsonNode video))) {
                return status.failure();
            }
            if (!"WAITING_UPLOAD".equals(video.path("status").asText())) {
                v.put("finalized", true);
                return processed(v, video, m);
            }
        }
        v.put("finalizing", true);
        ObjectNode finalize = Json.object();
        ObjectNode request = finalize.putObject("finalizeUploadRequest").put("video", v.path("urn").asText())
                .put("uploadToken", v.path("uploadToken").asText(""));
        request.putArray("uploadedPartIds").addAll(etags);
        PlatformResult<Boolean> finalized = http.exchange(rest(target, URI.create(apiBase + "/rest/videos?action=finalizeUpload"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(finalize))).header("Content-Type", "application/json"),
                "POST /rest/videos?action=finalizeUpload", false, List.of(target.accessToken()), response -> Boolean.TRUE);
        if (!(finalized instanceof PlatformResult.Ok<Boolean>)) {
            return finalized.failure();
        }
        v.put("finalized", true);
        PlatformResult<JsonNode> status = videoStatus(target, v);
        return status instanceof PlatformResult.Ok<JsonNode>(JsonNode video) ? processed(v, video, m) : status.failure();
    }

    /**
     * {@code POST /rest/videos?action=initializeUpload} with the author as owner: the URN, upload token and
     * instructions kept in {@code v}. A lost answer leaves an unused video at LinkedIn: initializing again is harmless.
     */
    private PlatformResult<Integer> initializeVideo(Target target, ObjectNode v, long totalBytes) {
        ObjectNode init = Json.object();
        init.putObject("initializeUploadRequest").put("owner", target.account().externalId()).put("fileSizeBytes", totalBytes)
                .put("uploadCaptions", false).put("uploadThumbnail", false);
        PlatformResult<JsonNode> started = http.send(rest(target, URI.create(apiBase + "/rest/videos?action=initializeUpload"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(init))).header("Content-Type", "application/json"),
                "POST /rest/videos?action=initializeUpload", false, List.of(target.accessToken()), json -> {
                    JsonNode value = json.path("value");
                    return value.hasNonNull("video") && coversWhole(value.path("uploadInstructions"), totalBytes) ? value : null;
                });
        if (!(started instanceof PlatformResult.Ok<JsonNode>(JsonNode value))) {
            return started.failure();
        }
        ArrayNode parts = v.putArray("parts");
        value.path("uploadInstructions").forEach(p -> parts.addObject().put("uploadUrl", p.path("uploadUrl").asText())
                .put("firstByte", p.path("firstByte").asLong()).put("lastByte", p.path("lastByte").asLong()));
        if (value.hasNonNull("uploadUrlsExpireAt")) {
            v.put("expiresAt", value.path("uploadUrlsExpireAt").asLong());
        }
        v.put("uploadToken", value.path("uploadToken").asText("")).put("bytes", totalBytes).put("urn", value.path("video").asText());
        return new PlatformResult.Ok<>(0);
    }

    /** The instructions name consecutive byte ranges from 0 to the end of the video, each with its URL. */
    private static boolean coversWhole(JsonNode instructions, long totalBytes) {
        long next = 0;
        for (JsonNode p : instructions) {
            if (!p.hasNonNull("uploadUrl") || p.path("firstByte").asLong(-1) != next || p.path("lastByte").asLong(-1) < next) {
                return false;
            }
            next = p.path("lastByte").asLong() + 1;
        }
        return next == totalBytes && next > 0;
    }

    /**
     * The parts not yet acknowledged, read from {@code read} (opened where the first of them starts), at most
     * {@link #PARTS_PER_STEP}: each PUT to its pre-signed URL and its ETag recorded. {@code Ok(0)} when all are sent,
     * {@code Ok(1)} when some are left for the next step.
     */
    private PlatformResult<Integer> parts(ObjectNode v, ArrayNode etags, MediaBytes.Read read, String token) throws IOException {
        JsonNode parts = v.path("parts");
        for (int n = 0; etags.size() < parts.size(); n++) {
            if (n == PARTS_PER_STEP) {
                return new PlatformResult.Ok<>(1);
            }
            JsonNode part = parts.get(etags.size());
            int size = (int) (part.path("lastByte").asLong() - part.path("firstByte").asLong() + 1);
            byte[] bytes = read.in().readNBytes(size);
            if (bytes.length < size) {
                return new PlatformResult.Transient<>(0, "MEDIA_FETCH", "the medium ended before its size", 0);
            }
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(part.path("uploadUrl").asText()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .header("Content-Type", "application/octet-stream");
            // a part PUT again replaces itself: a lost answer just sends it again
            PlatformResult<String> etag = http.exchange(put, "PUT video part " + (etags.size() + 1), false, List.of(token),
                    response -> response.headers().firstValue("ETag").map(e -> e.replaceAll("^\"|\"$", "")).filter(e -> !e.isBlank()).orElse(null));
            if (!(etag instanceof PlatformResult.Ok<String>(String id))) {
                return etag.failure();
            }
            etags.add(id);
        }
        return new PlatformResult.Ok<>(0);
    }

    /** {@code GET /rest/videos/{urn}}: the video, with its {@code status}. */
    private PlatformResult<JsonNode> videoStatus(Target target, ObjectNode v) {
        return http.get(URI.create(apiBase + "/rest/videos/" + PlatformHttp.component(v.path("urn").asText())), target.accessToken(),
                restHeaders, "GET /rest/videos/:urn", json -> json.hasNonNull("status") ? json : null);
    }

    /** What the video's status says: available ({@code Ok(0)}), ask again later, or LinkedIn's reason it failed. */
    private static PlatformResult<Integer> processed(ObjectNode v, JsonNode video, Media m) {
        return switch (video.path("status").asText()) {
            case "AVAILABLE" -> {
                v.put("ready", true);
                yield new PlatformResult.Ok<>(0);
            }
            case "PROCESSING_FAILED" -> new PlatformResult.Rejected<>(0, "MEDIA_PROCESSING_FAILED", "LinkedIn could not process video "
                    + m.mediaId() + ": " + ProviderHttp.clip(video.path("processingFailureReason").asText("no reason given"), 300));
            default -> new PlatformResult.Ok<>(PROCESSING_WAIT); // PROCESSING, or WAITING_UPLOAD just after the finalize
        };
    }

    private static void image(ObjectNode node, String urn, Media m) {
        node.put("id", urn);
        if (m != null && m.altText() != null && !m.altText().isBlank()) {
            node.put("altText", m.altText());
        }
    }

    private static Media medium(Outgoing post, int i) {
        return i < post.media().size() ? post.media().get(i) : null;
    }

    private HttpRequest.Builder rest(Target target, URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + target.accessToken());
        restHeaders.forEach(b::header);
        return b;
    }

    private static Published published(String urn) {
        return new Published(urn, FEED + urn);
    }
}
