package com.socialwire.shared.providers.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformResult;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bluesky's {@link PlatformPublisher}, exactly once by construction: the post's record key is a TID derived from the
 * delivery's dedupe key and its creation time (both stored with the delivery), so every attempt of one delivery
 * targets the same record. Preparation uploads the images as blobs (free to repeat: a blob no record refers to is
 * dropped by the PDS); the publishing call is {@code createRecord} under that key; a lost answer is settled by
 * {@code getRecord} of the key — our post there is published, nothing there means publish again, another record there
 * means a person must look.
 */
public final class BlueskyPublisher implements PlatformPublisher {

    private final BlueskyApi api;
    private final HttpClient media;
    private final Duration mediaTimeout;
    private final Clock clock;

    /** @param media the client that fetches a post's images from their (presigned) URLs */
    public BlueskyPublisher(BlueskyApi api, HttpClient media, Duration mediaTimeout, Clock clock) {
        this.api = api;
        this.media = media;
        this.mediaTimeout = mediaTimeout;
        this.clock = clock;
    }

    @Override
    public String platform() {
        return "bluesky";
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        if (!post.parts().isEmpty()) {
            return new PlatformResult.Rejected<>(0, "THREADS_UNSUPPORTED", "Bluesky threads are not published yet; post the parts one by one");
        }
        if (!state.hasNonNull("createdAt")) {
            state.put("createdAt", IsoInstant.format(clock.instant())); // the post's own time, kept for every attempt
        }
        ArrayNode blobs = state.withArray("blobs");
        for (int i = blobs.size(); i < post.media().size(); i++) {
            Media m = post.media().get(i);
            if (!BlueskyApi.IMAGE_TYPES.contains(m.contentType())) {
                return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "Socialwire publishes images to Bluesky, not " + m.contentType());
            }
            PlatformResult<byte[]> bytes = fetch(m);
            if (!(bytes instanceof PlatformResult.Ok<byte[]>(byte[] b))) {
                return bytes.failure();
            }
            PlatformResult<Blob> uploaded = api.uploadBlob(session(target), b, m.contentType()).toPlatform();
            if (!(uploaded instanceof PlatformResult.Ok<Blob>(Blob blob))) {
                return uploaded.failure();
            }
            ObjectNode entry = blobs.addObject();
            entry.set("blob", blob.toJson());
            entry.put("alt", m.altText() == null ? "" : m.altText());
            entry.put("width", m.width() == null ? 0 : m.width());
            entry.put("height", m.height() == null ? 0 : m.height());
        }
        return new PlatformResult.Ok<>(new Prepared.Ready(state));
    }

    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
        BlueskySession session = session(target);
        BlueskyPost record;
        try {
            record = record(target, post, state);
        } catch (IllegalArgumentException invalid) {
            return new PlatformResult.Rejected<>(0, "INVALID_POST", invalid.getMessage());
        }
        return switch (api.createPost(session, rkey(state, dedupeKey), record).toPlatform()) {
            case PlatformResult.Ok<BlueskyApi.PostRef>(BlueskyApi.PostRef ref) ->
                    new PlatformResult.Ok<>(new Published(ref.uri(), ref.permalink(target.account().handle())));
            case PlatformResult<BlueskyApi.PostRef> failed -> failed.failure();
        };
    }

    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        BlueskyPost record;
        try {
            record = record(target, post, state);
        } catch (IllegalArgumentException invalid) {
            return new PlatformResult.Ok<>(new Reconciled.NotFound()); // a post the PDS could never have taken
        }
        BlueskySession s = session(target);
        return switch (api.getPost(s.pdsUrl(), s.did(), rkey(state, dedupeKey)).toPlatform()) {
            case PlatformResult.Ok<Optional<BlueskyApi.PostRef>>(Optional<BlueskyApi.PostRef> found) when found.isEmpty() ->
                    new PlatformResult.Ok<>(new Reconciled.NotFound());
            case PlatformResult.Ok<Optional<BlueskyApi.PostRef>>(Optional<BlueskyApi.PostRef> found) when record.sameAs(found.get().value()) ->
                    new PlatformResult.Ok<>(new Reconciled.Found(new Published(found.get().uri(), found.get().permalink(target.account().handle()))));
            case PlatformResult.Ok<Optional<BlueskyApi.PostRef>> other ->
                    new PlatformResult.Ok<>(new Reconciled.CannotTell("another record holds this delivery's key on Bluesky"));
            case PlatformResult<Optional<BlueskyApi.PostRef>> failed -> failed.failure();
        };
    }

    /** The record key of the delivery: its dedupe key and the creation time preparation stored. */
    static String rkey(ObjectNode state, String dedupeKey) {
        return Tid.forDelivery(dedupeKey, IsoInstant.parse(state.path("createdAt").asText()));
    }

    /** The post record, the same for every attempt: text, facets, the uploaded images or a link card, the stored time. */
    private BlueskyPost record(Target target, Outgoing post, ObjectNode state) {
        BlueskySession s = session(target);
        BlueskyPost.Embed embed = null;
        List<BlueskyPost.Image> images = new ArrayList<>();
        for (JsonNode b : state.path("blobs")) {
            JsonNode blob = b.path("blob");
            images.add(new BlueskyPost.Image(new Blob(blob.path("ref").path("$link").asText(), blob.path("mimeType").asText(),
                    blob.path("size").asLong()), b.path("alt").asText(""), b.path("width").asInt(), b.path("height").asInt()));
        }
        if (!images.isEmpty()) {
            embed = new BlueskyPost.Images(images);
        } else {
            String link = post.link() != null ? post.link() : firstLink(post.text());
            if (link != null) {
                // Bluesky does not fetch the page: the card shows the post's title, or the link's host
                embed = new BlueskyPost.External(link, post.title() != null ? post.title() : host(link), "", null);
            }
        }
        return BlueskyPost.of(post.text(), handle -> api.resolveHandle(s.pdsUrl(), handle) instanceof XrpcResult.Ok<String>(String did)
                        ? Optional.of(did) : Optional.empty(), embed, IsoInstant.parse(state.path("createdAt").asText()), List.of());
    }

    /** The first link in {@code text}, as the post's facets find it, or null: a post without images gets its card. */
    static String firstLink(String text) {
        for (RichText.Facet f : RichText.detect(text)) {
            if (f.kind() == RichText.Kind.LINK) {
                return f.value();
            }
        }
        return null;
    }

    private static String host(String link) {
        try {
            String host = URI.create(link).getHost();
            return host == null ? link : host;
        } catch (IllegalArgumentException e) {
            return link;
        }
    }

    private static BlueskySession session(Target target) {
        return new BlueskySession(target.account().externalId(), target.account().handle(), target.account().instance(),
                target.accessToken(), null, true, null);
    }

    /** An image's bytes from its URL, at most {@link BlueskyApi#MAX_IMAGE_BYTES} (Bluesky's limit: larger is refused). */
    private PlatformResult<byte[]> fetch(Media m) {
        try {
            HttpResponse<InputStream> r = media.send(HttpRequest.newBuilder(URI.create(m.url())).timeout(mediaTimeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() / 100 != 2) {
                    return r.statusCode() >= 500 ? new PlatformResult.Transient<>(r.statusCode(), "MEDIA_FETCH", "media store unavailable", 0)
                            : new PlatformResult.Rejected<>(r.statusCode(), "MEDIA_FETCH", "the image could not be read");
                }
                byte[] bytes = in.readNBytes(BlueskyApi.MAX_IMAGE_BYTES + 1);
                if (bytes.length > BlueskyApi.MAX_IMAGE_BYTES) {
                    return new PlatformResult.Rejected<>(0, "IMAGE_TOO_LARGE", "Bluesky takes images up to 1 MB; " + m.mediaId() + " is larger");
                }
                return new PlatformResult.Ok<>(bytes);
            }
        } catch (IOException e) {
            return new PlatformResult.Transient<>(0, "MEDIA_FETCH", e.getClass().getSimpleName(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PlatformResult.Transient<>(0, "MEDIA_FETCH", "interrupted", 0);
        }
    }
}
