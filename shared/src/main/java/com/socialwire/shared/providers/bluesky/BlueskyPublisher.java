package com.socialwire.shared.providers.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformResult;

import java.net.URI;
import java.time.Clock;
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
    private final MediaBytes media;
    private final Clock clock;

    /** @param media where a post's images are read from */
    public BlueskyPublisher(BlueskyApi api, MediaBytes media, Clock clock) {
        this.api = api;
        this.media = media;
        this.clock = clock;
    }

    @Override
    public String platform() {
        return "bluesky";
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        if (!state.hasNonNull("createdAt")) {
            state.put("createdAt", IsoInstant.format(clock.instant())); // the post's own time, kept for every attempt
        }
        ArrayNode blobs = state.withArray("blobs");
        for (int i = blobs.size(); i < post.media().size(); i++) {
            Media m = post.media().get(i);
            if (!BlueskyApi.IMAGE_TYPES.contains(m.contentType())) {
                return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "Socialwire publishes images to Bluesky, not " + m.contentType());
            }
            PlatformResult<byte[]> bytes = media.fetch(m, BlueskyApi.MAX_IMAGE_BYTES, "Bluesky");
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
        List<BlueskyPost> thread;
        try {
            thread = thread(target, post, state);
        } catch (IllegalArgumentException invalid) {
            return new PlatformResult.Rejected<>(0, "INVALID_POST", invalid.getMessage());
        }
        if (thread.size() == 1) {
            return switch (api.createPost(session, rkey(state, dedupeKey, 0), thread.get(0)).toPlatform()) {
                case PlatformResult.Ok<BlueskyApi.PostRef>(BlueskyApi.PostRef ref) ->
                        new PlatformResult.Ok<>(new Published(ref.uri(), ref.permalink(target.account().handle())));
                case PlatformResult<BlueskyApi.PostRef> failed -> failed.failure();
            };
        }
        // a thread: each part under its own key, replying to the first and the one before it; a part an earlier
        // attempt already made is found by its key and kept, so an attempt that stopped half-way goes on, never twice
        BlueskyApi.PostRef root = null;
        BlueskyApi.PostRef parent = null;
        for (int i = 0; i < thread.size(); i++) {
            final BlueskyPost part = i == 0 ? thread.get(0) : thread.get(i).inReplyTo(ref(root), ref(parent));
            final String rkey = rkey(state, dedupeKey, i);
            final int number = i + 1;
            PlatformResult<BlueskyApi.PostRef> made = switch (api.getPost(session.pdsUrl(), session.did(), rkey).toPlatform()) {
                case PlatformResult.Ok<Optional<BlueskyApi.PostRef>>(Optional<BlueskyApi.PostRef> found) when found.isEmpty() ->
                        api.createPost(session, rkey, part).toPlatform();
                case PlatformResult.Ok<Optional<BlueskyApi.PostRef>>(Optional<BlueskyApi.PostRef> found) when part.sameAs(found.get().value()) ->
                        new PlatformResult.Ok<>(found.get());
                case PlatformResult.Ok<Optional<BlueskyApi.PostRef>> other ->
                        new PlatformResult.Rejected<>(0, "KEY_TAKEN", "another record holds part " + number + "'s key on Bluesky");
                case PlatformResult<Optional<BlueskyApi.PostRef>> failed -> failed.failure();
            };
            if (!(made instanceof PlatformResult.Ok<BlueskyApi.PostRef>(BlueskyApi.PostRef ref))) {
                return made.failure();
            }
            root = root == null ? ref : root;
            parent = ref;
        }
        return new PlatformResult.Ok<>(new Published(root.uri(), root.permalink(target.account().handle())));
    }

    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        List<BlueskyPost> thread;
        try {
            thread = thread(target, post, state);
        } catch (IllegalArgumentException invalid) {
            return new PlatformResult.Ok<>(new Reconciled.NotFound()); // a post the PDS could never have taken
        }
        BlueskySession s = session(target);
        BlueskyApi.PostRef first = null;
        for (int i = 0; i < thread.size(); i++) {
            BlueskyPost part = thread.get(i);
            switch (api.getPost(s.pdsUrl(), s.did(), rkey(state, dedupeKey, i)).toPlatform()) {
                case PlatformResult.Ok<Optional<BlueskyApi.PostRef>>(Optional<BlueskyApi.PostRef> found) when found.isEmpty() -> {
                    // not (all) made: publishing again makes what is missing and keeps what exists (their keys say so)
                    return new PlatformResult.Ok<>(new Reconciled.NotFound());
                }
                case PlatformResult.Ok<Optional<BlueskyApi.PostRef>>(Optional<BlueskyApi.PostRef> found) when part.sameAs(found.get().value()) -> {
                    first = first == null ? found.get() : first;
                }
                case PlatformResult.Ok<Optional<BlueskyApi.PostRef>> other -> {
                    return new PlatformResult.Ok<>(new Reconciled.CannotTell("another record holds this delivery's key on Bluesky"));
                }
                case PlatformResult<Optional<BlueskyApi.PostRef>> failed -> {
                    return failed.failure();
                }
            }
        }
        return new PlatformResult.Ok<>(new Reconciled.Found(new Published(first.uri(), first.permalink(target.account().handle()))));
    }

    private static BlueskyPost.Ref ref(BlueskyApi.PostRef r) {
        return new BlueskyPost.Ref(r.uri(), r.cid());
    }

    /**
     * The record key of part {@code part} of the delivery (0: the post itself): its dedupe key and the creation time
     * preparation stored, so every attempt targets the same records.
     */
    static String rkey(ObjectNode state, String dedupeKey, int part) {
        return Tid.forDelivery(part == 0 ? dedupeKey : dedupeKey + "#" + part, createdAt(state, part));
    }

    /** Part {@code part}'s own time: the stored creation time and a millisecond per part, so a thread reads in order. */
    private static Instant createdAt(ObjectNode state, int part) {
        return IsoInstant.parse(state.path("createdAt").asText()).plusMillis(part);
    }

    /**
     * The post's records, the same for every attempt: the first with its facets, the uploaded images or a link card;
     * then each further part of a thread (text and facets; their replies are added as they are made).
     */
    private List<BlueskyPost> thread(Target target, Outgoing post, ObjectNode state) {
        BlueskySession s = session(target);
        java.util.function.Function<String, Optional<String>> dids = handle -> api.resolveHandle(s.pdsUrl(), handle)
                instanceof XrpcResult.Ok<String>(String did) ? Optional.of(did) : Optional.empty();
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
        List<BlueskyPost> thread = new ArrayList<>();
        thread.add(BlueskyPost.of(post.text(), dids, embed, createdAt(state, 0), List.of()));
        for (int i = 0; i < post.parts().size(); i++) {
            thread.add(BlueskyPost.of(post.parts().get(i), dids, null, createdAt(state, i + 1), List.of()));
        }
        return thread;
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

    /** The session a publish or a reply uses: the account's DID, handle and PDS, and its current access token (the token care keeps it fresh). */
    public static BlueskySession session(Target target) {
        return new BlueskySession(target.account().externalId(), target.account().handle(), target.account().instance(),
                target.accessToken(), null, true, null);
    }
}
