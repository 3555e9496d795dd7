package com.socialwire.reads.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded: real-shaped provider answers with random values swapped for wrong types (a string for an object, an object
 * for a number, nulls, negatives, huge numbers) are read or refused, never a crash — a provider changing its JSON
 * must end as a limitation or {@code Unavailable}, not a 500.
 */
class ProviderJsonFuzzTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final JsonNode[] WRONG = {F.nullNode(), F.textNode(""), F.textNode("abc"), F.numberNode(-1), F.numberNode(0),
            F.numberNode(Long.MAX_VALUE), F.numberNode(1e300), F.booleanNode(true), F.arrayNode(), F.objectNode(),
            F.textNode("2024-13-45T99:99:99+0000"), F.textNode("99999999999999999999999"), F.arrayNode().add(F.nullNode())};

    @Test
    void mutatedMediaAnswersNeverCrashTheMapping() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random r = new Random(seed);
        List<JsonNode> fixtures = List.of(tree("media-post.json"), tree("media-carousel.json"), tree("media-reel.json"),
                tree("media-reel-silent.json"));
        for (int i = 0; i < 3_000; i++) {
            JsonNode doc = mutate(fixtures.get(r.nextInt(fixtures.size())).deepCopy(), r);
            try {
                JsonNode m = MediaJson.find(doc);
                if (m != null) {
                    MediaJson.map(m, "DDBn4GchLot", Instant.EPOCH);
                }
            } catch (RuntimeException e) {
                fail("seed " + seed + " iteration " + i + ": " + e + "\n" + Json.write(doc).substring(0, 2000), e);
            }
        }
    }

    @Test
    void mutatedCommentPagesNeverCrashTheMapping() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random r = new Random(seed);
        JsonNode pages = tree("comments-pages.json");
        JsonNode replies = tree("comments-replies.json");
        List<JsonNode> replyPages = new ArrayList<>();
        replies.elements().forEachRemaining(p -> p.forEach(replyPages::add));
        for (int i = 0; i < 300; i++) {
            boolean reply = r.nextBoolean();
            JsonNode doc = mutate((reply ? replyPages.get(r.nextInt(replyPages.size())) : pages.get(r.nextInt(pages.size()))).deepCopy(), r);
            try {
                CommentJson.page(doc, "DDBn4GchLot", reply ? "18045000000000001" : null);
            } catch (RuntimeException e) {
                fail("seed " + seed + " iteration " + i + ": " + e, e);
            }
        }
    }

    private static JsonNode tree(String name) {
        return Json.tree(HttpReadProviderContractTest.fixture(name));
    }

    /** Replaces 1 to 12 random nodes of {@code doc} with values of the wrong type. */
    static JsonNode mutate(JsonNode doc, Random r) {
        int n = 1 + r.nextInt(12);
        for (int k = 0; k < n; k++) {
            List<Object[]> slots = new ArrayList<>();
            collect(doc, slots);
            if (slots.isEmpty()) {
                break;
            }
            Object[] slot = slots.get(r.nextInt(slots.size()));
            JsonNode value = WRONG[r.nextInt(WRONG.length)].deepCopy();
            if (slot[0] instanceof ObjectNode o) {
                o.set((String) slot[1], value);
            } else if (slot[0] instanceof ArrayNode a) {
                a.set((Integer) slot[1], value);
            }
        }
        return doc;
    }

    private static void collect(JsonNode node, List<Object[]> slots) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                slots.add(new Object[]{o, e.getKey()});
                collect(e.getValue(), slots);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new Object[]{a, i});
                collect(a.get(i), slots);
            }
        }
    }
}
