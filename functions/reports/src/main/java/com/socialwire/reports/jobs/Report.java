package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

import java.time.Instant;

/**
 * One report of a tenant: its type and period (which make its id: one per tenant, type and period), who asked for it
 * (the schedule or the API), its state, and once built where its document and page are, its narrative's source and its
 * credit usage. Changed only through {@link ReportStore#update}, conditional on {@link #version}.
 */
public final class Report {

    public final String id;
    public final String tenantId;
    public final String accountId;
    public final ReportType type;
    public final ReportPeriod period;
    /** The tenant's IANA zone when the report was asked for: its period's dates are local to it. */
    public final String timezone;
    /** {@code schedule} or {@code api}. */
    public final String trigger;
    public final Instant createdAt;
    public ReportStatus status;
    public long version;
    public int attempts;
    /** 1, and one more each time a failed report is asked for again: each generation is its own paid operation. */
    public int generation = 1;
    public Instant queuedAt;
    public Instant startedAt;
    public Instant attemptStartedAt;
    public Instant finishedAt;
    public String error;
    public ObjectNode usage;
    /** The open credit hold of a built report until it is settled: {holdId, reservedMicroCredits, amountMicroCredits}. */
    public ObjectNode charge;
    public String narrativeSource;
    public String documentKey;
    public String pageKey;

    public Report(String id, String tenantId, String accountId, ReportType type, ReportPeriod period, String timezone, String trigger,
                  Instant createdAt, ReportStatus status, long version) {
        this.id = id;
        this.tenantId = tenantId;
        this.accountId = accountId;
        this.type = type;
        this.period = period;
        this.timezone = timezone;
        this.trigger = trigger;
        this.createdAt = createdAt;
        this.status = status;
        this.version = version;
    }

    /** The ledger operation of its charge: a redelivered job finds the hold its first attempt took. */
    public String operationId() {
        return "report:" + tenantId + ":" + id + (generation > 1 ? ":" + generation : "");
    }

    /** The period as the API and the document show it. */
    public ObjectNode periodJson() {
        ObjectNode p = Json.object();
        p.put("key", period.key());
        p.put("from", period.from().toString());
        p.put("to", period.to().toString());
        p.put("label", period.label());
        p.put("timezone", timezone);
        return p;
    }

    /** As the API shows it (the document itself is read from S3 by the one-report route). */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("tenantId", tenantId);
        o.put("type", type.wire());
        o.set("period", periodJson());
        o.put("status", status.wire());
        o.put("trigger", trigger);
        o.put("error", error);
        o.set("usage", usage == null ? null : usage.deepCopy());
        o.put("narrativeSource", narrativeSource);
        o.put("createdAt", createdAt.toString());
        o.put("startedAt", startedAt == null ? null : startedAt.toString());
        o.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        o.put("attempts", attempts);
        return o;
    }

    /** A page of reports as the API shows them (a loop, not a method reference: nothing spun at a first request). */
    public static com.socialwire.shared.store.Page<com.fasterxml.jackson.databind.node.ObjectNode> toJson(
            com.socialwire.shared.store.Page<Report> page) {
        java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> out = new java.util.ArrayList<>(page.items().size());
        for (Report report : page.items()) {
            out.add(report.toJson());
        }
        return new com.socialwire.shared.store.Page<>(out, page.nextCursor());
    }
}
