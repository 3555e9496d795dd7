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
 *       ({@code text}), IMAGE ({@code image_url}, a presigned URL Threads fetches, {@code alt_text}, {@code text}) or
 *       CAROUSEL (2–20 image children, each created with {@code is_carousel_item=true}, then the carousel with
 *       {@code children=id,id…} and {@code text}); a container is invisible to the audience, and the ids kept in the
 *       delivery's state are never created twice. It then asks {@code GET /{container}?fields=status,error_message}:
 *       FINISHED is ready, IN_PROGRESS waits, ERROR and EXPIRED refuse the post with the status;</li>
 *   <li>the publishing call is {@code POST /{user}/threads_publish} with {@code creation_id}; it answers
 *       {@code {"id": mediaId}}, and the permalink is read once ({@code GET /{media}?fields=permalink}; a failing read
 *       falls back to the profile's URL, never failing a published post);</li>
 *   <li>Threads has no idempotency key, but the container is the handle: after a lost answer,
 *       {@code GET /{container}?fields=status} PUBLISHED means it went live (its media id is found by listing the
 *       user's posts since two minutes before the attempt and matching the text; if the listing does not show it, the
 *       platform cannot tell, since it is certainly live); FINISHED means it was not published.</li>
 * </ul>
 * Videos and thread parts are not published yet: they are refused with that reason.
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
        if (!post.parts().isEmpty()) {
            return new PlatformResult.Rejected<>(0, "THREADS_UNSUPPORTED", "Threads reply chains are not published yet; post the parts one by one");
        }
        for (Media m : post.media()) {
            if (m.contentType() == null || !m.contentType().startsWith("image/")) {
                return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "Threads videos are not published yet; only images are");
            }
        }
        if (post.media().size() > MAX_CAROUSEL) {
            return new PlatformResult.Rejected<>(0, "TOO_MANY_MEDIA", "Threads takes at most " + MAX_CAROUSEL + " images in a post");
        }
        if (post.media().isEmpty() && (post.text() == null || post.text().isBlank())) {
            return new PlatformResult.Rejected<>(0, "EMPTY_POST", "A Threads post without images needs text");
        }
        if (!state.hasNonNull("container")) {
            PlatformResult<String> created = post.media().size() >= MIN_CAROUSEL ? carousel(target, post, state) : single(target, post);
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

    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
        String container = state.path("container").asText("");
        if (container.isEmpty()) {
            return new PlatformResult.Rejected<>(0, "NOT_PREPARED", "Threads post has no container yet");
        }
        PlatformResult<String> r = create(target, "/threads_publish", Map.of("creation_id", container), "POST /{threads-user-id}/threads_publish", true);
        if (!(r instanceof PlatformResult.Ok<String>(String mediaId))) {
            return r.failure();
        }
        // the post is live: a failing permalink read only costs the exact URL
        PlatformResult<String> link = http.get(uri("/" + PlatformHttp.component(mediaId), Map.of("fields", "permalink")),
                target.accessToken(), Map.of(), "GET /{threads-media-id}", json -> json.hasNonNull("permalink") ? json.path("permalink").asText() : null);
        String url = link instanceof PlatformResult.Ok<String>(String permalink) ? permalink : fallbackUrl(target);
        return new PlatformResult.Ok<>(new Published(mediaId, url));
    }

    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        String container = state.path("container").asText("");
        if (container.isEmpty()) {
            return new PlatformResult.Ok<>(new Reconciled.NotFound()); // nothing could have been published without one
        }
        PlatformResult<JsonNode> status = status(target, container, "status");
        if (!(status instanceof PlatformResult.Ok<JsonNode>(JsonNode s))) {
            return status.failure();
        }
        String code = s.path("status").asText("");
        if ("FINISHED".equals(code)) {
            return new PlatformResult.Ok<>(new Reconciled.NotFound());
        }
        if (!"PUBLISHED".equals(code)) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell("Threads container is "
                    + (SHORT_CODE.matcher(code).matches() ? code : "in an unknown state")));
        }
        // PUBLISHED proves it is live: from here on, never NotFound
        Map<String, String> q = new LinkedHashMap<>();
        q.put("fields", "id,text,timestamp,permalink");
        q.put("since", Long.toString(armedAt.minus(SLACK).getEpochSecond()));
        q.put("limit", Integer.toString(PAGE));
        PlatformResult<JsonNode> listing = http.get(user(target, "/threads", q), target.accessToken(), Map.of(),
                "GET /{threads-user-id}/threads", json -> json.path("data").isArray() ? json : null);
        if (!(listing instanceof PlatformResult.Ok<JsonNode>(JsonNode l))) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell("Threads published the post but its id cannot be read now"));
        }
        String text = post.text() == null ? "" : post.text();
        if (!text.isBlank()) {
            for (JsonNode p : l.path("data")) {
                if (p.path("text").asText("").equals(text) && p.hasNonNull("id")) {
                    String url = p.hasNonNull("permalink") ? p.path("permalink").asText() : fallbackUrl(target);
                    return new PlatformResult.Ok<>(new Reconciled.Found(new Published(p.path("id").asText(), url)));
                }
            }
        }
        return new PlatformResult.Ok<>(new Reconciled.CannotTell("Threads published the post but it is not in the user's recent posts"));
    }

    /** One TEXT or IMAGE container. */
    private PlatformResult<String> single(Target target, Outgoing post) {
        Map<String, String> form = new LinkedHashMap<>();
        if (post.media().isEmpty()) {
            form.put("media_type", "TEXT");
        } else {
            Media m = post.media().getFirst();
            form.put("media_type", "IMAGE");
            form.put("image_url", m.url());
            form.put("alt_text", blankToNull(m.altText()));
        }
        form.put("text", blankToNull(post.text()));
        return create(target, "/threads", form, "POST /{threads-user-id}/threads", false);
    }

    /** The children not yet in the state, then the CAROUSEL container. */
    private PlatformResult<String> carousel(Target target, Outgoing post, ObjectNode state) {
        ArrayNode children = state.withArray("children");
        for (int i = children.size(); i < post.media().size(); i++) {
            Media m = post.media().get(i);
            Map<String, String> form = new LinkedHashMap<>();
            form.put("media_type", "IMAGE");
            form.put("image_url", m.url());
            form.put("is_carousel_item", "true");
            form.put("alt_text", blankToNull(m.altText()));
            PlatformResult<String> r = create(target, "/threads", form, "POST /{threads-user-id}/threads", false);
            if (!(r instanceof PlatformResult.Ok<String>(String id))) {
                return r;
            }
            children.add(id);
        }
        StringBuilder ids = new StringBuilder();
        children.forEach(c -> ids.append(ids.isEmpty() ? "" : ",").append(c.asText()));
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
