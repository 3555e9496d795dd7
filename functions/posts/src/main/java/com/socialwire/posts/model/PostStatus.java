package com.socialwire.posts.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a post stands in its life (SPEC §5 posts, openapi {@code Post.status}); stored and shown as its wire name
 * ({@code pending_approval}). Which status may follow which is {@link com.socialwire.posts.workflow.Workflow}'s
 * table. Read a stored or requested status with {@link #of} or {@link #parse}, never by comparing text.
 */
public enum PostStatus {
    DRAFT,
    PENDING_APPROVAL,
    QA_REVIEW,
    CLIENT_REVIEW,
    REGENERATING,
    APPROVED,
    SCHEDULED,
    VAULTED,
    PUBLISHING,
    PUBLISHED,
    PARTIALLY_PUBLISHED,
    FAILED,
    CANCELLED;

    /** Every wire name, in the order the API lists them. */
    public static final List<String> WIRE_NAMES = wireNames();

    /** A loop, not a stream with {@code PostStatus::wire}: this runs at every cold start of the posts functions. */
    private static List<String> wireNames() {
        List<String> names = new java.util.ArrayList<>();
        for (PostStatus s : values()) {
            names.add(s.wire());
        }
        return List.copyOf(names);
    }

    /** The name stored in DynamoDB and shown in JSON: {@code partially_published}. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The wire name, so a status reads the same in a message as in JSON. */
    @Override
    public String toString() {
        return wire();
    }

    /** The status named {@code wire}, or empty for anything else (a request's text). */
    public static Optional<PostStatus> parse(String wire) {
        for (PostStatus s : values()) {
            if (s.wire().equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Who must act on a post in this status before it can go on: {@code "qa"} (staff review) for qa_review,
     * {@code "client"} for client_review and the legacy pending_approval; null when no approval is awaited.
     */
    public String mustAct() {
        return switch (this) {
            case QA_REVIEW -> "qa";
            case CLIENT_REVIEW, PENDING_APPROVAL -> "client";
            default -> null;
        };
    }

    /** A stored status; one this code does not know is a corrupt item. */
    public static PostStatus of(String stored) {
        return parse(stored).orElseThrow(() -> new IllegalStateException("unknown post status " + stored));
    }
}
