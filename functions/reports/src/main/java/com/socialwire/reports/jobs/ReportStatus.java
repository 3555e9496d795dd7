package com.socialwire.reports.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A report's life: pending (queued) → running (a worker builds it) → completed, or failed with its reason. */
public enum ReportStatus {
    PENDING, RUNNING, COMPLETED, FAILED;

    public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(ReportStatus::wire).toList();

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }

    public static Optional<ReportStatus> parse(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
    }
}
