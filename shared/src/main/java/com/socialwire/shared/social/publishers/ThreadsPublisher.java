package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.connectors.ThreadsConnector;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Threads' {@link PlatformPublisher} on {@code graph.threads.net/v1.0} (the account's {@code externalId} is the Threads
 * user id, its token the user token; developers.facebook.com/docs/threads/posts, reference/publishing, platforms.md §4):
 * <ul>
 *   <li>preparation creates the media container, {@code POST /{user}/threads} with {@code media_type} TEXT
 *       ({@code text}), IMAGE ({@code image_url}, a presigned URL Threads fetches, {@code alt_text}, {@code text}),
 *       VIDEO ({@code video_url}, likewise) or CAROUSEL (2–20 image or video children, each created with
 *       {@code is_carousel_item=true}; each video child waited for until FINISHED; then the carousel with
 *       {@code children=id,id…} and {@code text}); a container is invisible to the audience, and the ids kept in the
 *       delivery's state are never created twice. It then asks {@code GET /{container}?fields=status,error_message}:
 *       FINISHED is ready, IN_PROGRESS waits (a video for seconds to minutes), ERROR (with its {@code error_message},
 *       FAILED_PROCESSING_VIDEO…) and EXPIRED refuse the post with the status;</li>
 *   <li>the publishing call is {@code POST /{user}/threads_publish} with {@code creation_id}; it answers
 *       {@code {"id": mediaId}}, and the permalink is read once ({@code GET /{media}?fields=permalink}; a failing read
 *       falls back to the profile's URL, never failing a published post). A thread's further parts follow, each its
 *       own TEXT container with {@code reply_to_id} (the part before's media id), then threads_publish; the parts
 *       published are kept in the state as they go, so publishing goes on after them;</li>
 *   <li>Threads has no idempotency key, but the container is the handle: after a lost answer,
 *       {@code GET /{container}?fields=status} PUBLISHED means it went live (its media id is found by listing the
 *       user's posts, or replies for a further part, since two minutes before the attempt and matching the text; if
 *       the listing does not show it, the platform cannot tell, since it is certainly live); FINISHED means it was not
 *       published. A thread's parts are asked in order, so one that stopped half-way is {@link Reconciled.Partial}.</li>
 * </ul>
 */
public final class ThreadsPublisher implements PlatformPublisher {

    static final String VERSION = "/v1.0";
    /** Children a carousel takes (posts reference: 2 to 20). */
    static final int MIN_CAROUSEL = 2;
    static final int MAX_CAROUSEL = 20;
    /** Posts read by a reconciliation's listing. */
    static final int PAGE = 100;
    /** How far before the armed time the listing starts (clocks and the call itself). */
    static final Duration SLACK = Duration.ofMinutes(2);
    /** The posts guide: wait about 30 s before asking a container's status again. */
    static final int WAIT_SECONDS = 30;
    /** Threads' container error codes are short upper-case words (FAILED_DOWNLOADING_VIDEO…): only such a code is shown. */
    private static final Pattern SHORT_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,59}");

    private final PlatformHttp http;
    private final String apiBase;

    public ThreadsPublisher(PlatformHttp http) {
        this(http, ThreadsConnector.API_BASE);
    }

    /** {@code apiBase}: the unversioned Threads root ({@link ThreadsConnector#API_BASE}, or a local sandbox). */
    public ThreadsPublisher(PlatformHttp http, String apiBase) {
        this.http = http;
        this.apiBase = ProviderHttp.trimBase(apiBase) + VERSION;
    }

    @Override
    public String platform() {
        return ThreadsConnector.PLATFORM;
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        for (Media m : post.media()) {
            if (mediaType(m) == null) {
                return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "Threads takes images and videos only");
            }
        }
        if (post.media().size() > MAX_CAROUSEL) {
            return new PlatformResult.Rejected<>(0, "TOO_MANY_MEDIA", "Threads takes at most " + MAX_CAROUSEL + " images or videos in a post");
        }
        if (post.media().isEmpty() && (post.text() == null || post.text().isBlank())) {
            return new PlatformResult.Rejected<>(0, "EMPTY_POST", "A Threads post without media needs text");
        }
        if (!state.hasNonNull("container")) {
            PlatformResult<String> created;
            if (post.media().size() >= MIN_CAROUSEL) {
                PlatformResult<Prepared> children = children(target, post, state);
                if (!(children instanceof PlatformResult.Ok<Prepared>(Prepared.Ready ready))) {
                    return children;
                }
                created = carousel(target, post, state);
            } else {
                created = single(target, post);
            }
            if (!(created instanceof PlatformResult.Ok<String>(String id))) {
                return created.failure();
            }
            state.put("container", id);
        }
        String container = state.path("container").asText();
        PlatformResult<JsonNode> status = status(target, container, "status,error_message");
        if (!(status instanceof PlatformResult.Ok<JsonNode>(JsonNode s))) {
            return status.failure();
        }
        return processed(state, container, s);
    }

    /**
     * A container's status during preparation: FINISHED is ready, IN_PROGRESS waits the posts guide's 30 s, anything
     * else (ERROR with its {@code error_message}, EXPIRED) refuses the post.
     */
    private static PlatformResult<Prepared> processed(ObjectNode state, String container, JsonNode s) {
        String code = s.path("status").asText("");
        return switch (code) {
            case "FINISHED" -> new PlatformResult.Ok<>(new Prepared.Ready(state));
            case "IN_PROGRESS" -> new PlatformResult.Ok<>(new Prepared.Waiting(state, WAIT_SECONDS, "Threads is processing container " + container));
            default -> {
                String detail = s.path("error_message").asText("");
                yield new PlatformResult.Rejected<>(0, "CONTAINER_" + (SHORT_CODE.matcher(code).matches() ? code : "UNKNOWN"),
                        "Threads could not prepare the post (" + code + (SHORT_CODE.matcher(detail).matches() ? " " + detail : "") + ")");
            }
        };
    }

    /**
     * Publishes the first part's container, then each further part of a thread as its own TEXT container replying to
     * the part before ({@code reply_to_id}, the previous part's media id), made and published in turn. The parts
     * published and the reply containers made are kept in {@code state} as they go ({@code posted}, {@code replies}),
     * so a publishing that stopped half-way goes on after them and never makes a container or a part twice.
     */
    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
        String container = state.path("container").asText("");
        if (container.isEmpty()) {
            return new PlatformResult.Rejected<>(0, "NOT_PREPARED", "Threads post has no container yet");
        }
        List<String> texts = ThreadParts.texts(post);
        // only a thread's state records its parts: a single post's stays as it was, saving the delivery a write
        ObjectNode kept = texts.size() > 1 ? state : state.deepCopy();
        List<String> made = ThreadParts.posted(kept);
        ArrayNode replies = kept.withArray("replies");
        for (int k = made.size(); k < texts.size(); k++) {
            String partContainer = container;
            if (k > 0) {
                PlatformResult<String> reply = replyContainer(target, texts.get(k), made.get(k - 1), replies, k);
                if (!(reply instanceof PlatformResult.Ok<String>(String id))) {
                    return ThreadParts.stoppedAt("Threads", k, made.getFirst(), reply);
                }
                partContainer = id;
            }
            PlatformResult<String> r = create(target, "/threads_publish", Map.of("creation_id", partContainer), "POST /{threads-user-id}/threads_publish", true);
            if (!(r instanceof PlatformResult.Ok<String>(String mediaId))) {
                return k == 0 ? r.failure() : ThreadParts.stoppedAt("Threads", k, made.getFirst(), r);
            }
            made.add(mediaId);
            kept.withArray("posted").add(mediaId);
            if (k == 0) {
                // the post is live: a failing permalink read only costs the exact URL
                PlatformResult<String> link = http.get(uri("/" + PlatformHttp.component(mediaId), Map.of("fields", "permalink")),
                        target.accessToken(), Map.of(), "GET /{threads-media-id}", json -> json.hasNonNull("permalink") ? json.path("permalink").asText() : null);
                kept.put("rootUrl", link instanceof PlatformResult.Ok<String>(String permalink) ? permalink : fallbackUrl(target));
            }
        }
        return new PlatformResult.Ok<>(new Published(made.getFirst(), kept.path("rootUrl").asText(fallbackUrl(target))));
    }

    /**
     * Part {@code k}'s reply container (kept in {@code replies}, made once), ready to publish: a TEXT container is
     * usually FINISHED at once; one still IN_PROGRESS is an unknown outcome, so the delivery reconciles (which finds
     * this part not published) and publishes on later.
     */
    private PlatformResult<String> replyContainer(Target target, String text, String parent, ArrayNode replies, int k) {
        if (replies.size() < k) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("media_type", "TEXT");
            form.put("text", text);
            form.put("reply_to_id", parent);
            PlatformResult<String> created = create(target, "/threads", form, "POST /{threads-user-id}/threads", false);
            if (!(created instanceof PlatformResult.Ok<String>(String id))) {
                return created;
            }
            replies.add(id);
        }
        String id = replies.get(k - 1).asText();
        PlatformResult<JsonNode> status = status(target, id, "status,error_message");
        if (!(status instanceof PlatformResult.Ok<JsonNode>(JsonNode s))) {
            return status.failure();
        }
        return switch (processed(null, id, s)) {
            case PlatformResult.Ok<Prepared>(Prepared.Ready ready) -> new PlatformResult.Ok<>(id);
            case PlatformResult.Ok<Prepared>(Prepared.Waiting waiting) -> new PlatformResult.Unknown<>(waiting.what());
            case PlatformResult<Prepared> failed -> failed.failure();
        };
    }

    /**
     * Each part's container in order, from the parts the state records as posted: PUBLISHED means the part went out
     * (its media id found by listing the user's threads, or for a further part its replies, since two minutes before
     * the attempt and matching the text, a reply listed only with {@code threads_read_replies}; if the listing does
     * not show it, the platform cannot tell, since it is certainly live); FINISHED, IN_PROGRESS or no container yet means it was not published. All parts:
     * {@link Reconciled.Found}; none: {@link Reconciled.NotFound}; the first ones: {@link Reconciled.Partial}, so
     * publishing goes on after them.
     */
    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        String container = state.path("container").asText("");
        if (container.isEmpty()) {
            return new PlatformResult.Ok<>(new Reconciled.NotFound()); // nothing could have been published without one
        }
        List<String> texts = ThreadParts.texts(post);
        List<String> made = ThreadParts.posted(state);
        JsonNode replies = state.path("replies");
        String rootUrl = state.path("rootUrl").asText(fallbackUrl(target));
        for (int k = made.size(); k < texts.size(); k++) {
            String partContainer = k == 0 ? container : replies.path(k - 1).asText("");
            if (partContainer.isEmpty()) {
                break; // its container was never made: neither was the part
            }
            PlatformResult<JsonNode> status = status(target, partContainer, "status");
            if (!(status instanceof PlatformResult.Ok<JsonNode>(JsonNode s))) {
                return status.failure();
            }
            String code = s.path("status").asText("");
            if ("FINISHED".equals(code) || (k > 0 && "IN_PROGRESS".equals(code))) {
                break;
            }
            if (!"PUBLISHED".equals(code)) {
                return new PlatformResult.Ok<>(new Reconciled.CannotTell("Threads container of part " + (k + 1) + " is "
                        + (SHORT_CODE.matcher(code).matches() ? code : "in an unknown state")));
            }
            // PUBLISHED proves it is live: from here on, never NotFound
            JsonNode found = listed(target, k == 0 ? "/threads" : "/replies", texts.get(k), armedAt, made);
            if (found == null) {
                return new PlatformResult.Ok<>(new Reconciled.CannotTell("Threads published part " + (k + 1)
                        + " but it cannot be found among the user's recent posts now"));
            }
            made.add(found.path("id").asText());
            rootUrl = k == 0 && found.hasNonNull("permalink") ? found.path("permalink").asText() : rootUrl;
        }
        if (made.size() == texts.size()) {
            return new PlatformResult.Ok<>(new Reconciled.Found(new Published(made.getFirst(), rootUrl)));
        }
        if (made.isEmpty()) {
            return new PlatformResult.Ok<>(new Reconciled.NotFound());
        }
        return ThreadParts.partial(state.deepCopy().put("rootUrl", rootUrl), made);
    }

    /** The user's post (or reply) since shortly before the attempt with {@code text}, not one of {@code made}; else null. */
    private JsonNode listed(Target target, String edge, String text, Instant armedAt, List<String> made) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("fields", "id,text,timestamp,permalink");
        q.put("since", Long.toString(armedAt.minus(SLACK).getEpochSecond()));
        q.put("limit", Integer.toString(PAGE));
        PlatformResult<JsonNode> listing = http.get(user(target, edge, q), target.accessToken(), Map.of(),
                "GET /{threads-user-id}" + edge, json -> json.path("data").isArray() ? json : null);
        if (!(listing instanceof PlatformResult.Ok<JsonNode>(JsonNode l))) {
            return null;
        }
        for (JsonNode p : l.path("data")) {
            if (p.path("text").asText("").equals(text) && p.hasNonNull("id") && !made.contains(p.path("id").asText())) {
                return p;
            }
        }
        return null;
    }

    /** One TEXT, IMAGE or VIDEO container. */
    private PlatformResult<String> single(Target target, Outgoing post) {
        Map<String, String> form = new LinkedHashMap<>();
        if (post.media().isEmpty()) {
            form.put("media_type", "TEXT");
        } else {
            media(form, post.media().getFirst());
            form.put("alt_text", blankToNull(post.media().getFirst().altText()));
        }
        form.put("text", blankToNull(post.text()));
        return create(target, "/threads", form, "POST /{threads-user-id}/threads", false);
    }

    /** {@code media_type} with {@code image_url} or {@code video_url} (a presigned URL Threads fetches). */
    private static void media(Map<String, String> form, Media m) {
        String type = mediaType(m);
        form.put("media_type", type);
        form.put(type.equals("VIDEO") ? "video_url" : "image_url", m.url());
    }

    /** IMAGE, VIDEO, or null for what Threads does not take. */
    private static String mediaType(Media m) {
        String type = m.contentType() == null ? "" : m.contentType();
        return type.startsWith("image/") ? "IMAGE" : type.startsWith("video/") ? "VIDEO" : null;
    }

    /**
     * The carousel's children not yet in the state, then each video child's status until FINISHED (the carousel
     * container takes only finished children; {@code childrenReady} counts those known so, in order).
     */
    private PlatformResult<Prepared> children(Target target, Outgoing post, ObjectNode state) {
        ArrayNode children = state.withArray("children");
        for (int i = children.size(); i < post.media().size(); i++) {
            Media m = post.media().get(i);
            Map<String, String> form = new LinkedHashMap<>();
            media(form, m);
            form.put("is_carousel_item", "true");
            form.put("alt_text", blankToNull(m.altText()));
            PlatformResult<String> r = create(target, "/threads", form, "POST /{threads-user-id}/threads", false);
            if (!(r instanceof PlatformResult.Ok<String>(String id))) {
                return r.failure();
            }
            children.add(id);
        }
        for (int i = state.path("childrenReady").asInt(0); i < children.size(); i++) {
            if ("VIDEO".equals(mediaType(post.media().get(i)))) {
                String child = children.get(i).asText();
                PlatformResult<JsonNode> status = status(target, child, "status,error_message");
                if (!(status instanceof PlatformResult.Ok<JsonNode>(JsonNode s))) {
                    return status.failure();
                }
                PlatformResult<Prepared> p = processed(state, child, s);
                if (!(p instanceof PlatformResult.Ok<Prepared>(Prepared.Ready ready))) {
                    return p;
                }
            }
            state.put("childrenReady", i + 1);
        }
        return new PlatformResult.Ok<>(new Prepared.Ready(state));
    }

    /** The CAROUSEL container of the children. */
    private PlatformResult<String> carousel(Target target, Outgoing post, ObjectNode state) {
        StringBuilder ids = new StringBuilder();
        state.withArray("children").forEach(c -> ids.append(ids.isEmpty() ? "" : ",").append(c.asText()));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("media_type", "CAROUSEL");
        form.put("children", ids.toString());
        form.put("text", blankToNull(post.text()));
        return create(target, "/threads", form, "POST /{threads-user-id}/threads", false);
    }

    private PlatformResult<JsonNode> status(Target target, String container, String fields) {
        return http.get(uri("/" + PlatformHttp.component(container), Map.of("fields", fields)), target.accessToken(), Map.of(),
                "GET /{threads-container-id}", json -> json.hasNonNull("status") ? json : null);
    }

    /** A form POST to an edge of the user, answering the {@code id} Threads gives. */
    private PlatformResult<String> create(Target target, String edge, Map<String, String> form, String what, boolean unsafe) {
        HttpRequest.Builder request = HttpRequest.newBuilder(user(target, edge, Map.of()))
                .POST(PlatformHttp.formBody(form))
                .header("Content-Type", PlatformHttp.formContentType())
                .header("Authorization", "Bearer " + target.accessToken());
        return http.send(request, what, unsafe, List.of(target.accessToken()),
                json -> json.hasNonNull("id") ? json.path("id").asText() : null);
    }

    private URI user(Target target, String edge, Map<String, String> query) {
        return uri("/" + PlatformHttp.component(target.account().externalId()) + edge, query);
    }

    private URI uri(String path, Map<String, String> query) {
        String q = PlatformHttp.encode(query);
        return URI.create(apiBase + path + (q.isEmpty() ? "" : "?" + q));
    }

    /** Without the permalink: the profile the post is on. */
    private static String fallbackUrl(Target target) {
        String handle = target.account().handle();
        return handle == null || handle.isBlank() ? "https://www.threads.net/"
                : "https://www.threads.net/@" + PlatformHttp.component(handle.startsWith("@") ? handle.substring(1) : handle);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
