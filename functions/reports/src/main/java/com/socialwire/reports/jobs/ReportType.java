package com.socialwire.reports.jobs;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The report types of SPEC §6 and the period each covers: a day, an ISO week (Monday to Sunday) or a month. */
public enum ReportType {
    DAILY_BRIEFING("daily", ReportPeriod.Span.DAY),
    WEEKLY_REPORT("weekly", ReportPeriod.Span.WEEK),
    MONTHLY_REVIEW("monthly", ReportPeriod.Span.MONTH),
    COMPETITOR_PULSE("pulse", ReportPeriod.Span.WEEK),
    COST_REPORT("cost", ReportPeriod.Span.MONTH);

    public static final List<String> WIRE_NAMES = wireNames();

    /** The short name a report id starts with: {@code rpt_weekly_2026W10}. */
    final String idName;
    public final ReportPeriod.Span span;

    ReportType(String idName, ReportPeriod.Span span) {
        this.idName = idName;
        this.span = span;
    }

    /** A loop, not a stream: a first request that reads a type spins no lambda classes. */
    private static List<String> wireNames() {
        List<String> out = new java.util.ArrayList<>();
        for (ReportType t : values()) {
            out.add(t.wire());
        }
        return List.copyOf(out);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReportType> parse(String wire) {
        for (ReportType t : values()) {
            if (t.wire().equals(wire)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The type whose report ids start with {@code idName}. */
    static Optional<ReportType> ofIdName(String idName) {
        for (ReportType t : values()) {
            if (t.idName.equals(idName)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The report of this type for {@code period}: one per tenant, so its id is its type and period. */
    public String reportId(ReportPeriod period) {
        return "rpt_" + idName + "_" + period.key().replace("-", "");
    }
}
