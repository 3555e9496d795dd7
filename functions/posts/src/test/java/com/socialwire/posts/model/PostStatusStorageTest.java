package com.socialwire.posts.model;

import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;
import com.socialwire.shared.store.AttrValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status enum changed no stored or shown value: the wire names are the spec's and openapi's, every status is
 * stored in DynamoDB and shown in JSON as the same text as before, and a stored post reads back and writes again
 * to the identical item.
 */
class PostStatusStorageTest {

    /** The values items and responses carried before the enum (SPEC §5 posts, openapi PostStatus). */
    static final List<String> STORED = List.of("draft", "pending_approval", "qa_review", "client_review", "regenerating", "approved",
            "scheduled", "vaulted", "publishing", "published", "partially_published", "failed", "cancelled");
    static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theWireNamesAreTheOnesStoredBeforeAndTheOnesOpenapiLists() throws IOException {
        assertEquals(STORED, PostStatus.WIRE_NAMES);
        String openapi = Files.readString(Path.of("../../openapi.yaml"));
        Matcher m = Pattern.compile("PostStatus:\\s+type: string\\s+enum: \\[([^\\]]+)]").matcher(openapi);
        assertTrue(m.find(), "openapi.yaml has a PostStatus enum");
        assertEquals(STORED, Arrays.stream(m.group(1).split(",")).map(String::strip).toList());
    }

    @Test
    void everyStoredPostRoundTripsToTheIdenticalItem() {
        for (String stored : STORED) {
            PostStatus status = PostStatus.of(stored);
            Post p = new Post("post_" + stored, "tnt_x", "acct_x", AT, status, 3, status == PostStatus.SCHEDULED ? AT.plusSeconds(60) : null,
                    AT, (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree("{\"content\":{\"text\":\"hi\"},\"platforms\":[\"instagram\"]}"),
                    Json.object(), List.of());
            p.record(AT, "create", null, PostStatus.DRAFT, "test", null);
            p.record(AT, "test", PostStatus.DRAFT, status, "test", null);
            Map<String, AttrValue> item = PostStore.item(p);
            assertEquals(stored, item.get("status").s());
            String last = item.get("history").l().get(1).s();
            assertTrue(last.contains("\"from\":\"draft\"") && last.contains("\"to\":\"" + stored + "\""), last);

            Post read = PostStore.post(item);
            assertEquals(status, read.status);
            assertEquals(item, PostStore.item(read), stored + ": read and written again, the item is identical");
            assertEquals(stored, read.toJson().path("status").asText());
            assertEquals("{\"status\":\"" + stored + "\"}", Json.write(Map.of("status", status)), "Jackson writes the wire name");
        }
    }

    @Test
    void anUnknownStoredStatusIsNeverReadAsAnother() {
        assertThrows(IllegalStateException.class, () -> PostStatus.of("Published"));
        assertTrue(PostStatus.parse("PUBLISHED").isEmpty());
        assertTrue(PostStatus.parse(null).isEmpty());
    }
}
