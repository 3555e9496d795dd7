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
 * Videos and reels are not published yet: they are refused with that reason.
 */
public final class FacebookPagesPublisher implements PlatformPublisher {

    /** Posts read per listing page, and how many pages a reconciliation reads before it cannot tell. */
    static final int PAGE = 100;
    static final int MAX_PAGES = 5;
    /** How far before the armed time the listing starts (clocks and the call itself). */
    static final Duration SLACK = Duration.ofMinutes(2);

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
        for (Media m : post.media()) {
            if (m.contentType() == null || !m.contentType().startsWith("image/")) {
                return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "Facebook Page videos are not published yet; only photos are");
            }
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

    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
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

    /** A form POST to an edge of the Page, answering the {@code id} Graph gives the new object. */
    private PlatformResult<String> post(Target target, String edge, Map<String, String> form, String what, boolean unsafe) {
        HttpRequest.Builder request = HttpRequest.newBuilder(page(target, edge, Map.of()))
                .POST(PlatformHttp.formBody(form))
                .header("Content-Type", PlatformHttp.formContentType())
                .header("Authorization", "Bearer " + target.accessToken());
        return http.send(request, what, unsafe, List.of(target.accessToken()),
                json -> json.hasNonNull("id") ? json.path("id").asText() : null);
    }

    private URI page(Target target, String edge, Map<String, String> query) {
        String q = PlatformHttp.encode(query);
        return URI.create(graphBase + "/" + PlatformHttp.component(target.account().externalId()) + edge + (q.isEmpty() ? "" : "?" + q));
    }

    /** Graph's post id is {@code {page}_{post}}; facebook.com opens a post by it. */
    private static Published published(String id) {
        return new Published(id, "https://www.facebook.com/" + id);
    }
}
