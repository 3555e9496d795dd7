package com.socialwire.engagement.webhook;

import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Reading Meta's delivery shapes, without stores. */
class MetaEventsTest {

    @Test
    void oneEntryMayCarryBothFormsAndEachIsRead() {
        List<MetaEvents.Event> events = MetaEvents.read(Json.tree("""
                {"object":"instagram","entry":[{"id":"1","time":1,
                  "changes":[{"field":"comments","value":{"id":"c1","from":{"id":"9","username":"a"},"text":"hi"}}],
                  "field":"comments","value":{"id":"c2","parent_id":"c1","from":{"id":"8","username":"b"},"text":"yo"}}]}"""));
        assertEquals(2, events.size());
        assertEquals("c1", assertInstanceOf(MetaEvents.Comment.class, events.get(0)).commentId());
        MetaEvents.Comment reply = assertInstanceOf(MetaEvents.Comment.class, events.get(1));
        assertEquals("c1", reply.parentId());
        assertEquals("1", reply.accountId());
    }

    @Test
    void timestampsAreMillisecondsOrSecondsAndAnythingElseIsUnknown() {
        assertEquals(Instant.ofEpochMilli(1795449600123L), MetaEvents.sentAt(Json.tree("1795449600123")));
        assertEquals(Instant.ofEpochSecond(1795449602L), MetaEvents.sentAt(Json.tree("\"1795449602\"")));
        assertNull(MetaEvents.sentAt(Json.tree("\"soon\"")));
        assertNull(MetaEvents.sentAt(Json.tree("-5")));
        assertNull(MetaEvents.sentAt(Json.mapper().missingNode()));
    }

    @Test
    void fieldNamesAreCountedOnlyInMetasAlphabet() {
        assertEquals("story_insights", MetaEvents.countable("story_insights"));
        assertEquals("other", MetaEvents.countable("Evil Field; DROP"));
        assertEquals("other", MetaEvents.countable("x".repeat(41)));
        assertEquals("other", MetaEvents.countable(null));
    }

    /** Seeded: any JSON a signed delivery could hold is read without an exception (a 500 would make Meta resend forever). */
    @Test
    void anyShapeIsReadWithoutThrowingSeeded() {
        long seed = 11_2026L;
        Random random = new Random(seed);
        String[] parts = {"{\"entry\":[", "{\"id\":\"1\",", "\"field\":", "\"comments\"", "\"value\":", "\"messaging\":[", "\"changes\":[",
            "{\"message\":{\"mid\":\"m\",\"is_echo\":true}}", "{\"sender\":{\"id\":2},\"message\":{\"mid\":\"m\",\"attachments\":[{}]}}",
            "null", "1", "[]", "{}", "\"standby\":[{}]", "]", "}", ",", "\"timestamp\":\"x\""};
        for (int i = 0; i < 5_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int k = random.nextInt(12); k >= 0; k--) {
                s.append(parts[random.nextInt(parts.length)]);
            }
            try {
                MetaEvents.read(Json.tree(s.toString()));
            } catch (RuntimeException e) {
                if (!isParseError(e)) {
                    throw new AssertionError("seed " + seed + " #" + i + ": " + s, e);
                }
            }
        }
    }

    private static boolean isParseError(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JsonProcessingException) {
                return true;
            }
        }
        return false;
    }
}
