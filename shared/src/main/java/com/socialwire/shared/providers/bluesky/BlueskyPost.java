package com.socialwire.shared.providers.bluesky;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One {@code app.bsky.feed.post} record, checked against Bluesky's limits before anything is sent: text at most 300
 * graphemes and 3,000 UTF-8 bytes, facets with byte offsets inside the text, at most 4 images (each with alt text, "" if
 * none) or one link card. Build it with {@link #of}; {@link #toRecord} is the JSON createRecord takes.
 */
public record BlueskyPost(String text, List<RichText.Facet> facets, Embed embed, Instant createdAt, List<String> langs, Reply reply) {

    /** A post that replies to nobody. */
    public BlueskyPost(String text, List<RichText.Facet> facets, Embed embed, Instant createdAt, List<String> langs) {
        this(text, facets, embed, createdAt, langs, null);
    }

    /** A strong reference to a record: its {@code at://} URI and CID. */
    public record Ref(String uri, String cid) {
    }

    /** {@code reply}: the thread's first post ({@code root}) and the post answered ({@code parent}). */
    public record Reply(Ref root, Ref parent) {
    }

    /** This post as a reply in a thread. */
    public BlueskyPost inReplyTo(Ref root, Ref parent) {
        return new BlueskyPost(text, facets, embed, createdAt, langs, new Reply(root, parent));
    }

    public static final int MAX_IMAGES = 4;

    /** What a post carries besides its text. */
    public sealed interface Embed {
    }

    /** {@code app.bsky.embed.images}: 1 to 4 uploaded images. */
    public record Images(List<Image> images) implements Embed {
        public Images {
            images = List.copyOf(images);
        }
    }

    /** One image: its blob, alt text (Bluesky shows it to screen readers; "" when there is none) and size, 0 × 0 if unknown. */
    public record Image(Blob blob, String alt, int width, int height) {
    }

    /**
     * {@code app.bsky.embed.external}: a link card. Bluesky does not fetch the page: the client gives its title,
     * description and, optionally, an uploaded thumbnail.
     */
    public record External(String uri, String title, String description, Blob thumb) implements Embed {
    }

    public BlueskyPost {
        if (text == null) {
            throw new IllegalArgumentException("a post needs a text (it may be empty with images)");
        }
        int graphemes = RichText.graphemes(text);
        if (graphemes > RichText.MAX_GRAPHEMES) {
            throw new IllegalArgumentException("the text has " + graphemes + " characters (graphemes); Bluesky takes at most "
                    + RichText.MAX_GRAPHEMES);
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > RichText.MAX_BYTES) {
            throw new IllegalArgumentException("the text has " + bytes + " bytes; Bluesky takes at most " + RichText.MAX_BYTES);
        }
        facets = facets == null ? List.of() : List.copyOf(facets);
        for (RichText.Facet f : facets) {
            if (f.byteStart() < 0 || f.byteEnd() <= f.byteStart() || f.byteEnd() > bytes || f.value() == null || f.value().isEmpty()) {
                throw new IllegalArgumentException("a link, mention or tag lies outside the text");
            }
        }
        if (text.isBlank() && embed == null) {
            throw new IllegalArgumentException("a post without text needs images or a link card");
        }
        if (embed instanceof Images i && (i.images().isEmpty() || i.images().size() > MAX_IMAGES)) {
            throw new IllegalArgumentException("Bluesky takes 1 to " + MAX_IMAGES + " images, not " + i.images().size());
        }
        if (embed instanceof External e && (e.uri() == null || !e.uri().matches("(?i)https?://\\S+"))) {
            throw new IllegalArgumentException("a link card needs an http(s) URL");
        }
        createdAt = (createdAt == null ? Instant.now() : createdAt).truncatedTo(ChronoUnit.MILLIS);
        langs = langs == null ? List.of() : List.copyOf(langs);
        if (langs.size() > 3) {
            throw new IllegalArgumentException("Bluesky takes at most 3 languages");
        }
    }

    /**
     * A post of {@code text} with its links, tags and mentions as facets. {@code resolveHandle} answers a mentioned
     * handle's DID (e.g. through {@link BlueskyApi#resolveHandle}); a handle it cannot resolve stays plain text, as in
     * the official client.
     */
    public static BlueskyPost of(String text, Function<String, Optional<String>> resolveHandle, Embed embed, Instant createdAt,
                                 List<String> langs) {
        List<RichText.Facet> facets = new ArrayList<>();
        for (RichText.Facet f : RichText.detect(text)) {
            if (f.kind() != RichText.Kind.MENTION) {
                facets.add(f);
            } else {
                resolveHandle.apply(f.value()).ifPresent(did -> facets.add(f.withValue(did)));
            }
        }
        return new BlueskyPost(text, facets, embed, createdAt, langs);
    }

    /**
     * Whether a record read back ({@link BlueskyApi.PostRef#value}) is this post: same text and creation time. The proof
     * after an unknown outcome uses it, so a record under the same key that is not ours is never taken for ours.
     */
    public boolean sameAs(com.fasterxml.jackson.databind.JsonNode record) {
        return record != null && text.equals(record.path("text").asText(null))
                && IsoInstant.millis(createdAt).equals(record.path("createdAt").asText(null));
    }

    /** The record as createRecord takes it. */
    public ObjectNode toRecord() {
        ObjectNode r = Json.object().put("$type", "app.bsky.feed.post").put("text", text)
                .put("createdAt", IsoInstant.millis(createdAt));
        if (!facets.isEmpty()) {
            ArrayNode fs = r.putArray("facets");
            for (RichText.Facet f : facets) {
                ObjectNode facet = fs.addObject();
                facet.putObject("index").put("byteStart", f.byteStart()).put("byteEnd", f.byteEnd());
                facet.putArray("features").addObject().put("$type", f.kind().type).put(f.kind().field, f.value());
            }
        }
        if (!langs.isEmpty()) {
            ArrayNode l = r.putArray("langs");
            langs.forEach(l::add);
        }
        if (reply != null) {
            ObjectNode rp = r.putObject("reply");
            rp.putObject("root").put("uri", reply.root().uri()).put("cid", reply.root().cid());
            rp.putObject("parent").put("uri", reply.parent().uri()).put("cid", reply.parent().cid());
        }
        switch (embed) {
            case null -> { }
            case Images images -> {
                ArrayNode list = r.putObject("embed").put("$type", "app.bsky.embed.images").putArray("images");
                for (Image i : images.images()) {
                    ObjectNode image = list.addObject();
                    image.set("image", i.blob().toJson());
                    image.put("alt", i.alt() == null ? "" : i.alt());
                    if (i.width() > 0 && i.height() > 0) {
                        image.putObject("aspectRatio").put("width", i.width()).put("height", i.height());
                    }
                }
            }
            case External e -> {
                ObjectNode external = r.putObject("embed").put("$type", "app.bsky.embed.external").putObject("external");
                external.put("uri", e.uri()).put("title", e.title() == null ? "" : e.title())
                        .put("description", e.description() == null ? "" : e.description());
                if (e.thumb() != null) {
                    external.set("thumb", e.thumb().toJson());
                }
            }
        }
        return r;
    }
}
