package com.socialwire.posts.studio.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A content job's lifecycle: pending → in_progress → completed | failed | cancelled (pending may be cancelled at once). */
public enum JobStatus {
    PENDING("pending"), IN_PROGRESS("in_progress"), COMPLETED("completed"), FAILED("failed"), CANCELLED("cancelled");

    /** The wire names, in order (plain loops: no stream or lambda classes on a cold start's first request). */
    public static final List<String> WIRE_NAMES = wireNames();

    private final String wire;

    JobStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Completed, failed and cancelled jobs never change again: a redelivered message of one does nothing. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public static Optional<JobStatus> parse(String wire) {
        for (JobStatus s : values()) {
            if (s.wire.equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static List<String> wireNames() {
        List<String> out = new ArrayList<>();
        for (JobStatus s : values()) {
            out.add(s.wire);
        }
        return List.copyOf(out);
    }
}
