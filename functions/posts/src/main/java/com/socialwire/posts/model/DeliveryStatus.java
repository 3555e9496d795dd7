package com.socialwire.posts.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * Where one platform's delivery of a post stands, as the publish worker advances it; stored as
 * its wire name in the delivery's {@code status}. Read it with {@link #of}, never by comparing text.
 */
public enum DeliveryStatus {
    /** No delivery yet. */
    NONE,
    QUEUED,
    CREATING,
    CONTAINER_CREATED,
    /** A platform other than Instagram is being prepared (uploads, processing): nothing visible yet. */
    PREPARING,
    PUBLISHING,
    PUBLISHED,
    FAILED,
    NOT_CONNECTED,
    /** The one publishing call's outcome is unknown and the platform cannot tell whether it took effect: a person looks. */
    NEEDS_REVIEW,
    /** A status this code does not know (written by a newer or older version). */
    UNKNOWN;

    /** The name stored and shown: {@code container_created}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The delivery has ended: nothing more is done for it until the post is published again. */
    public boolean terminal() {
        return this == PUBLISHED || this == FAILED || this == NOT_CONNECTED || this == NEEDS_REVIEW;
    }

    /** The status of a delivery ({@code null} or missing: {@link #NONE}). */
    public static DeliveryStatus of(JsonNode delivery) {
        if (delivery == null || delivery.isMissingNode() || delivery.isNull()) {
            return NONE;
        }
        String s = delivery.path("status").asText("");
        for (DeliveryStatus v : values()) {
            if (v != NONE && v != UNKNOWN && v.wire().equals(s)) {
                return v;
            }
        }
        return UNKNOWN;
    }
}
