package com.socialwire.shared.providers.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlueskyPostTest {

    private static final Instant AT = Instant.parse("2026-12-04T20:00:00Z");
    private static final Blob BLOB = new Blob("bafkreih", "image/png", 10);

    @Test
    void buildsTheRecordWithResolvedMentionsAndMillisecondTime() {
        BlueskyPost post = BlueskyPost.of("Hi @alice.test and @ghost.test #bread https://x.org",
                handle -> Optional.ofNullable(Map.of("alice.test", "did:plc:alice").get(handle)), null, AT, List.of("en"));

        JsonNode r = post.toRecord();
        assertEquals("app.bsky.feed.post", r.path("$type").asText());
        assertEquals("2026-12-04T20:00:00.000Z", r.path("createdAt").asText(), "always three fraction digits");
        assertEquals(3, r.path("facets").size(), "the unresolved mention stays text: " + r);
        assertEquals("did:plc:alice", r.path("facets").path(0).path("features").path(0).path("did").asText());
        assertEquals("en", r.path("langs").path(0).asText());
        assertTrue(post.sameAs(Json.tree(Json.write(r))));
        assertFalse(post.sameAs(Json.tree("{\"text\":\"Hi\",\"createdAt\":\"2026-12-04T20:00:00.000Z\"}")));
    }

    @Test
    void refusesWhatBlueskyWouldRefuseWithAReasonAPersonUnderstands() {
        assertEquals(300, RichText.graphemes("🇩🇪".repeat(300)));
        new BlueskyPost("🇩🇪".repeat(300), null, null, AT, null);
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> new BlueskyPost("🇩🇪".repeat(301), null, null, AT, null));
        assertEquals("the text has 301 characters (graphemes); Bluesky takes at most 300", tooLong.getMessage());
        // 300 family emoji are 300 graphemes but 7,500 bytes
        assertThrows(IllegalArgumentException.class, () -> new BlueskyPost("👩‍👩‍👧‍👦".repeat(300), null, null, AT, null));
        BlueskyPost.Image image = new BlueskyPost.Image(BLOB, "alt", 1, 1);
        assertThrows(IllegalArgumentException.class, () -> new BlueskyPost("five", null,
                new BlueskyPost.Images(Collections.nCopies(5, image)), AT, null));
        assertThrows(IllegalArgumentException.class, () -> new BlueskyPost("", null, null, AT, null));
        assertThrows(IllegalArgumentException.class, () -> new BlueskyPost("card", null,
                new BlueskyPost.External("javascript:alert(1)", "t", "d", null), AT, null));
        assertThrows(IllegalArgumentException.class, () -> new BlueskyPost("ab", List.of(
                new RichText.Facet(1, 3, RichText.Kind.TAG, "x")), null, AT, null));
    }

    @Test
    void writesImagesWithAltAndAspectRatioAndACardWithItsThumb() {
        JsonNode images = new BlueskyPost("", null, new BlueskyPost.Images(List.of(new BlueskyPost.Image(BLOB, null, 0, 0),
                new BlueskyPost.Image(BLOB, "a loaf", 4, 3))), AT, null).toRecord().path("embed");
        assertEquals("app.bsky.embed.images", images.path("$type").asText());
        assertEquals("", images.path("images").path(0).path("alt").asText(), "alt is required: empty when there is none");
        assertTrue(images.path("images").path(0).path("aspectRatio").isMissingNode());
        assertEquals(3, images.path("images").path(1).path("aspectRatio").path("height").asInt());
        assertEquals("bafkreih", images.path("images").path(1).path("image").path("ref").path("$link").asText());

        JsonNode card = new BlueskyPost("see", null, new BlueskyPost.External("https://x.org", "T", null, BLOB), AT, null)
                .toRecord().path("embed").path("external");
        assertEquals("", card.path("description").asText());
        assertEquals("blob", card.path("thumb").path("$type").asText());
    }
}
