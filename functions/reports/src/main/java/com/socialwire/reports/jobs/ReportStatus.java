package com.socialwire.reports.jobs;

import java.util.Locale;
import java.util.Optional;

/** A report's life: pending (queued) → running (a worker builds it) → completed, or failed with its reason. */
public enum ReportStatus {
    PENDING, RUNNING, COMPLETED, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }

    /** A loop, not a stream: every listed report's status is read here, at a first request too. */
    public static Optional<ReportStatus> parse(String wire) {
        for (ReportStatus s : values()) {
            if (s.wire().equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
