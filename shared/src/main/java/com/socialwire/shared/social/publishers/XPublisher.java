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
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * X's {@link PlatformPublisher} (API v2, the account's OAuth 2.0 user token; xdevplatform/docs openapi.json,
 * x-api/media/upload-media.mdx, x-api/posts/timelines):
 * <ul>
 *   <li>preparation uploads each image with the simple upload {@code POST /2/media/upload} (multipart {@code media} and
 *       {@code media_category}; answer {@code data.id}) and sets its alt text with {@code POST /2/media/metadata}
 *       ({@code {"id","metadata":{"alt_text":{"text"}}}}); what is done is kept in the state, so a retried preparation
 *       neither uploads nor describes a medium twice. Video (the chunked upload) is not published yet;</li>
 *   <li>the publishing call is {@code POST /2/tweets} ({@code {"text","media":{"media_ids"}}}, answer
 *       {@code 201 {"data":{"id","text"}}}). X takes no idempotency key; its 403 "duplicate content" on a repeat is
 *       not proof of an earlier post (it may match an older one) and stays a refusal;</li>
 *   <li>a lost answer is reconciled by listing the account's posts since shortly before the attempt
 *       ({@code GET /2/users/:id/tweets?start_time=…}) and matching the text. X answers {@code text} with every URL
 *       rewritten to t.co (and a t.co link to attached media appended), so URLs are compared as "a URL": a post with
 *       URLs that matches nothing cannot be told apart from a rewrite we did not foresee, and answers
 *       {@link Reconciled.CannotTell}; a listing that does not end (more pages than we read) too.</li>
 * </ul>
 */
public final class XPublisher implements PlatformPublisher {

    /** The simple upload's limit for images (x-api/media/upload-media.mdx); animated GIFs may be 15 MB. */
    static final long MAX_IMAGE_BYTES = 5L * 1024 * 1024;
    static final long MAX_GIF_BYTES = 15L * 1024 * 1024;
    static final int MAX_MEDIA = 4;
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

    /** @param apiBase {@code https://api.x.com} ({@code XConnector.API_BASE}), a stub in tests */
    public XPublisher(PlatformHttp http, MediaBytes media, String apiBase) {
        this.http = http;
        this.media = media;
        this.apiBase = ProviderHttp.trimBase(apiBase);
    }

    @Override
    public String platform() {
        return "twitter";
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        if (!post.parts().isEmpty()) {
            return new PlatformResult.Rejected<>(0, "THREADS_UNSUPPORTED", "X threads are not published yet; post the parts one by one");
        }
        if (post.media().size() > MAX_MEDIA) {
            return new PlatformResult.Rejected<>(0, "TOO_MANY_MEDIA", "X takes at most " + MAX_MEDIA + " images per post");
        }
        ArrayNode uploaded = state.withArray("media");
        for (int i = 0; i < post.media().size(); i++) {
            Media m = post.media().get(i);
            if (i == uploaded.size()) {
                String category = category(m.contentType());
                if (category == null) {
                    return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "X " + m.contentType()
                            + " media are not published yet (images only: JPEG, PNG, WEBP, GIF)");
                }
                PlatformResult<byte[]> bytes = media.fetch(m, "tweet_gif".equals(category) ? MAX_GIF_BYTES : MAX_IMAGE_BYTES, "X");
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
        ObjectNode body = Json.object().put("text", post.text());
        if (!state.path("media").isEmpty()) {
            ArrayNode ids = body.putObject("media").putArray("media_ids");
            state.path("media").forEach(m -> ids.add(m.path("id").asText()));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBase + "/2/tweets"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + target.accessToken());
        return http.send(request, "POST /2/tweets", true, List.of(target.accessToken()), json -> {
            String id = ProviderHttp.text(json.path("data"), "id");
            return id == null ? null : new Published(id, permalink(target, id));
        });
    }

    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        Instant now = http.clock().instant();
        if (now.isBefore(armedAt.plus(SETTLE))) {
            long wait = Math.max(1, Duration.between(now, armedAt.plus(SETTLE)).toSeconds());
            return new PlatformResult.Transient<>(0, "too_early", "X lists a new post only after a few seconds", wait);
        }
        String ours = normalize(post.text());
        boolean hasUrls = URL.matcher(post.text()).find();
        boolean withMedia = !post.media().isEmpty();
        List<String> matches = new ArrayList<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("start_time", armedAt.minus(BEFORE).truncatedTo(ChronoUnit.SECONDS).toString());
            query.put("max_results", String.valueOf(PAGE));
            query.put("exclude", "retweets");
            query.put("tweet.fields", "created_at,text");
            query.put("pagination_token", token);
            PlatformResult<JsonNode> listed = http.get(URI.create(apiBase + "/2/users/" + PlatformHttp.component(target.account().externalId())
                    + "/tweets?" + PlatformHttp.encode(query)), target.accessToken(), Map.of(), "GET /2/users/:id/tweets",
                    json -> json.isObject() ? json : null);
            if (!(listed instanceof PlatformResult.Ok<JsonNode>(JsonNode json))) {
                return listed.failure();
            }
            for (JsonNode p : json.path("data")) {
                String theirs = normalize(p.path("text").asText(""));
                if (theirs.equals(ours) || withMedia && theirs.equals(ours + " " + A_URL)) {
                    matches.add(p.path("id").asText());
                }
            }
            token = ProviderHttp.text(json.path("meta"), "next_token");
            if (token == null) {
                break;
            }
        }
        if (matches.size() == 1) {
            return new PlatformResult.Ok<>(new Reconciled.Found(new Published(matches.getFirst(), permalink(target, matches.getFirst()))));
        }
        if (matches.size() > 1) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell(matches.size() + " X posts since the attempt have this text"));
        }
        if (token != null) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell("the account made more than " + PAGE * MAX_PAGES + " posts since the attempt"));
        }
        return new PlatformResult.Ok<>(hasUrls
                ? new Reconciled.CannotTell("X rewrites links, and no post since the attempt matches this text with links")
                : new Reconciled.NotFound());
    }

    /**
     * The text as compared: X answers {@code &}, {@code <} and {@code >} HTML-escaped and every URL as a t.co link,
     * so entities are unescaped and every URL stands for "a URL".
     */
    static String normalize(String text) {
        String unescaped = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return URL.matcher(unescaped).replaceAll(A_URL).strip();
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBase + "/2/media/metadata"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + target.accessToken());
        return http.send(request, "POST /2/media/metadata", false, List.of(target.accessToken()),
                json -> ProviderHttp.text(json.path("data"), "id"));
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
            default -> null;
        };
    }

    /** {@code https://x.com/{username}/status/{id}}; without a username X's own {@code i/web} form. */
    private static String permalink(Target target, String id) {
        String handle = target.account().handle();
        String user = handle == null || handle.isBlank() ? "i/web" : PlatformHttp.component(handle.startsWith("@") ? handle.substring(1) : handle);
        return "https://x.com/" + user + "/status/" + PlatformHttp.component(id);
    }
}
