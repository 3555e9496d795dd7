package com.socialwire.posts.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;
import com.socialwire.shared.store.AttrValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worst case of a stored post item, computed from the bounds: a document at its cap, the
 * fullest audit trail with the publish claim's extra entry, and every platform's delivery as large
 * as a provider's longest answer can make it. It must stay well below DynamoDB's 400 KB.
 */
class PostLimitsTest {

    /** The widest character in stored JSON once control characters are gone: 3 UTF-8 bytes, no escaping. */
    static final String WIDE = "€";
    static final Instant AT = Instant.parse("2026-12-04T10:00:00.123Z");

    /** A post whose every bounded part is at its largest. */
    static Post worstCase() {
        ObjectNode doc = Json.object();
        ObjectNode content = doc.putObject("content");
        content.putObject("platformOverrides");
        var platforms = doc.putArray("platforms");
        Platforms.all().forEach(p -> platforms.add(p.name()));
        doc.put("campaignId", "c".repeat(100));
        // fill the document to exactly its cap
        content.put("text", "");
        while (PostLimits.bytes(doc) + 3 <= PostLimits.DOC_BYTES) {
            int room = (PostLimits.DOC_BYTES - PostLimits.bytes(doc)) / 3;
            content.put("text", content.path("text").asText() + WIDE.repeat(Math.max(1, room)));
        }
        while (PostLimits.bytes(doc) < PostLimits.DOC_BYTES) {
            content.put("text", content.path("text").asText() + "a");
        }
        assertEquals(PostLimits.DOC_BYTES, PostLimits.bytes(doc));
        Post p = new Post("post_" + "P".repeat(20), "tnt_" + "T".repeat(20), "acc_" + "A".repeat(20), AT, PostStatus.PUBLISHING,
                Long.MAX_VALUE, AT, AT, doc, Json.object(), List.of());
        p.claimedAt = AT;
        p.recoveries = Integer.MAX_VALUE;
        for (int i = 0; i < 10 * PostLimits.HISTORY_KEPT; i++) {
            p.record(AT, "regeneration-complete", PostStatus.PARTIALLY_PUBLISHED, PostStatus.PARTIALLY_PUBLISHED, WIDE.repeat(10_000),
                    WIDE.repeat(10_000));
        }
        for (Platform platform : Platforms.all()) {
            p.deliveries.set(platform.name(), providerSizedDelivery());
        }
        return p;
    }

    /** Every field the publisher writes, with a provider's texts (error message, ids, permalink) far longer than any real one. */
    static ObjectNode providerSizedDelivery() {
        ObjectNode d = Json.object();
        d.put("status", "not_connected");
        d.put("queuedAt", AT.toString());
        d.put("holdId", "publish:post_" + "P".repeat(20) + ":instagram:" + "h".repeat(10));
        d.put("heldMicroCredits", Long.MAX_VALUE);
        d.put("creatingAt", AT.toString());
        d.put("containerId", "1".repeat(5_000));
        d.put("video", true);
        d.put("containerCreatedAt", AT.toString());
        var children = d.putArray("children");
        for (int i = 0; i < 20; i++) {
            children.add("9".repeat(5_000));
        }
        d.put("publishAttemptAt", AT.toString());
        d.put("publishAttempts", Integer.MAX_VALUE);
        d.put("publishedAt", AT.toString());
        d.put("recovered", true);
        d.put("externalId", "2".repeat(5_000));
        d.put("permalink", "https://www.instagram.com/p/" + WIDE.repeat(5_000));
        d.put("permalinkError", "could not read the permalink yet");
        d.put("code", "PUBLISH_RUN_FAILED");
        d.put("reason", "Instagram refused the media: " + WIDE.repeat(10_000));
        d.put("detail", WIDE.repeat(10_000));
        d.put("endedAt", AT.toString());
        return d;
    }

    /** The item after the publish claim's in-place update: one more trail entry and its attributes. */
    static Map<String, AttrValue> claimed(Post p) {
        Map<String, AttrValue> item = new java.util.HashMap<>(PostStore.item(p));
        List<AttrValue> history = new java.util.ArrayList<>(item.get("history").l());
        history.add(AttrValue.fromS("{\"at\":\"" + AT + "\",\"action\":\"publish-run\",\"from\":\"scheduled\",\"to\":\"publishing\","
                + "\"actor\":\"schedule:run_" + "r".repeat(12) + "\"}"));
        item.put("history", AttrValue.fromL(history));
        return item;
    }

    @Test
    void theWorstCasePostItemStaysWellBelowDynamoDbsItemLimit() {
        Post p = worstCase();
        assertEquals(PostLimits.HISTORY_KEPT, p.history.size(), "the trail keeps the newest entries");
        assertEquals(9L * PostLimits.HISTORY_KEPT, p.historyDropped, "and counts the rest");
        Map<String, AttrValue> item = claimed(p);
        int doc = PostLimits.itemBytes(Map.of("doc", item.get("doc")));
        int history = PostLimits.itemBytes(Map.of("history", item.get("history")));
        int deliveries = PostLimits.itemBytes(Map.of("deliveries", item.get("deliveries")));
        int total = PostLimits.itemBytes(item);
        System.out.printf("worst-case post item: %,d bytes (doc %,d, history %,d in %d entries, deliveries %,d for %d platforms, other %,d)"
                        + " of DynamoDB's %,d%n", total, doc, history, item.get("history").l().size(), deliveries, Platforms.all().size(),
                total - doc - history - deliveries, PostLimits.ITEM_LIMIT_BYTES);
        for (AttrValue d : item.get("deliveries").m().values()) {
            assertTrue(d.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= PostLimits.DELIVERY_BYTES, d.s());
        }
        assertTrue(total <= PostLimits.ITEM_LIMIT_BYTES * 3 / 4, "at most 75% of the limit: " + total);
        // and by the caps alone, every delivery at its full cap: still below
        int longestName = Platforms.all().stream().mapToInt(x -> x.name().length()).max().orElseThrow();
        int capped = PostLimits.DOC_BYTES + 3 + history + Platforms.all().size() * (1 + longestName + PostLimits.DELIVERY_BYTES) + 13
                + (total - doc - history - deliveries);
        System.out.printf("by the caps: %,d bytes (%.1f%% of the limit)%n", capped, 100.0 * capped / PostLimits.ITEM_LIMIT_BYTES);
        assertTrue(capped <= PostLimits.ITEM_LIMIT_BYTES * 3 / 4, "at most 75% of the limit: " + capped);
    }

    @Test
    void anyMixOfTransitionsAndDeliveriesStaysWithinTheWorstCase() {
        int bound = PostLimits.itemBytes(claimed(worstCase()));
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String[] alphabet = {"a", WIDE, "\"", "\\", "\n", "\u0001", "😀", "漢"};
        for (int round = 0; round < 20; round++) {
            Post p = worstCase();
            for (int step = 0; step < 200; step++) {
                StringBuilder text = new StringBuilder();
                for (int i = random.nextInt(3_000); i > 0; i--) {
                    text.append(alphabet[random.nextInt(alphabet.length)]);
                }
                if (random.nextBoolean()) {
                    p.record(AT, "update", PostStatus.SCHEDULED, PostStatus.SCHEDULED, text.toString(), text.toString());
                } else {
                    ObjectNode d = providerSizedDelivery();
                    d.put("reason", text.toString());
                    p.deliveries.set(Platforms.all().get(random.nextInt(Platforms.all().size())).name(), d);
                }
            }
            int size = PostLimits.itemBytes(claimed(p));
            assertTrue(size <= bound, "seed " + seed + ": " + size + " > " + bound);
        }
    }

    @Test
    void clipKeepsOneLineAndNeverSplitsACharacter() {
        assertEquals("a b", PostLimits.clip("a\nb", 10));
        assertEquals("abcd…", PostLimits.clip("abcdefgh", 5));
        assertEquals("abc…", PostLimits.clip("abc😀😀", 5), "the pair at the cut is left out whole");
    }
}
