package com.socialwire.posts.studio.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a content job does (SPEC §6). The generation types write with a model (one metered call each); {@code schedule_post}
 * moves an existing post through the posts workflow (no model, no charge); {@code regenerate_post} runs the existing
 * regeneration of a post in review.
 */
public enum JobType {
    GENERATE_CAPTION("generate_caption", "caption", 400),
    GENERATE_CALENDAR("generate_calendar", "calendar", 4_000),
    GENERATE_BLOG("generate_blog", "blog", 3_000),
    GENERATE_EMAIL("generate_email", "email", 1_500),
    GENERATE_LANDING("generate_landing", "landing", 2_000),
    GENERATE_LOCAL("generate_local", "local", 1_200),
    REPURPOSE("repurpose", "repurpose", 1_500),
    SCHEDULE_POST("schedule_post", null, 0),
    REGENERATE_POST("regenerate_post", null, 0);

    /** The wire names, in order (plain loops: no stream or lambda classes on a cold start's first request). */
    public static final List<String> WIRE_NAMES = wireNames();

    private final String wire;
    private final String contentType;
    private final int defaultMaxTokens;

    JobType(String wire, String contentType, int defaultMaxTokens) {
        this.wire = wire;
        this.contentType = contentType;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    public String wire() {
        return wire;
    }

    /** The content type a generation writes unless the request names another; null for the types that write nothing. */
    public String contentType() {
        return contentType;
    }

    public int defaultMaxTokens() {
        return defaultMaxTokens;
    }

    /** True for the types that call a model through the studio's prompt (and are charged the {@code content_job} fee). */
    public boolean generates() {
        return contentType != null;
    }

    public static Optional<JobType> parse(String wire) {
        for (JobType t : values()) {
            if (t.wire.equals(wire)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static List<String> wireNames() {
        List<String> out = new ArrayList<>();
        for (JobType t : values()) {
            out.add(t.wire);
        }
        return List.copyOf(out);
    }
}
