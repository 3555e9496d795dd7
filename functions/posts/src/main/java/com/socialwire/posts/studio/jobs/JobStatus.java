package com.socialwire.posts.studio.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A content job's lifecycle: pending → in_progress → completed | failed | cancelled (pending may be cancelled at once). */
public enum JobStatus {
    PENDING("pending"), IN_PROGRESS("in_progress"), COMPLETED("completed"), FAILED("failed"), CANCELLED("cancelled");

    public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(JobStatus::wire).toList();

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
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
    }
}
