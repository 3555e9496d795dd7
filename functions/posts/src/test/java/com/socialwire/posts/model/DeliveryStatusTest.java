package com.socialwire.posts.model;

import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryStatusTest {

    @Test
    void aStoredStatusReadsBackAsItsEnumAndOnlyTheEndsAreTerminal() {
        for (DeliveryStatus s : DeliveryStatus.values()) {
            if (s != DeliveryStatus.NONE && s != DeliveryStatus.UNKNOWN) {
                assertEquals(s, DeliveryStatus.of(Json.object().put("status", s.wire())), s.wire());
            }
        }
        assertEquals("container_created", DeliveryStatus.CONTAINER_CREATED.wire());
        assertEquals(DeliveryStatus.NONE, DeliveryStatus.of(null));
        assertEquals(DeliveryStatus.UNKNOWN, DeliveryStatus.of(Json.object().put("status", "teleported")));
        assertEquals(DeliveryStatus.UNKNOWN, DeliveryStatus.of(Json.object()));
        assertEquals(java.util.List.of(DeliveryStatus.PUBLISHED, DeliveryStatus.FAILED, DeliveryStatus.NOT_CONNECTED, DeliveryStatus.NEEDS_REVIEW),
                Arrays.stream(DeliveryStatus.values()).filter(DeliveryStatus::terminal).toList());
        assertFalse(DeliveryStatus.UNKNOWN.terminal(), "an unknown status is handled by the worker (it fails it), not skipped");
        assertTrue(DeliveryStatus.NOT_CONNECTED.terminal());
    }
}
