package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.jobs.RunningJobs;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.TenantRecords;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reports in the single table.
 *
 * <pre>
 * report  PK TENANT#{tenantId}  SK REPORT#{reportId}     (reportId = type + period: one row per tenant, type and period)
 *         GSI1 TENANT#{tenantId}#REPORTS / {createdAt, ms}#{reportId}   (the tenant's list, newest first)
 *         GSI2 while pending or running: REPORTJOBS#RUNNING#{day lost} / {lost at, ms}#{tenantId}#{reportId}  (RunningJobs)
 * </pre>
 * The row is created by a conditional put, so two runs (or a run and a POST) asking for the same report make it once.
 * Every later change is conditional on {@code version}.
 */
public final class ReportStore {

    static final String ROW = "report";

    /** A change of a loaded report; false: nothing to save. */
    public interface Change {
        boolean apply(Report report);
    }

    private final Table table;

    public ReportStore(Table table) {
        this.table = table;
    }

    static String sk(String reportId) {
        return "REPORT#" + reportId;
    }

    static String listKey(String tenantId) {
        return TenantRecords.pk(tenantId) + "#REPORTS";
    }

    public Optional<Report> get(String tenantId, String reportId) {
        if (reportId == null || !reportId.startsWith("rpt_")) {
            return Optional.empty();
        }
        return table.get(TenantRecords.pk(tenantId), sk(reportId)).map(ReportStore::report);
    }

    /** Creates the report; false if it exists already (this tenant's report of this type and period). */
    public boolean create(Report report) {
        try {
            table.put(new Write.Put(item(report), "attribute_not_exists(PK)", Map.of(), Map.of()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Loads the report, applies {@code change} and saves it if it changed anything, again on a concurrent change (the
     * change must be repeatable). Returns the report as saved, or as read when {@code change} declined; empty if none.
     */
    public Optional<Report> update(String tenantId, String reportId, Change change) {
        for (int attempt = 0; ; attempt++) {
            Optional<Report> read = get(tenantId, reportId);
            if (read.isEmpty() || !change.apply(read.get())) {
                return read;
            }
            Report r = read.get();
            long expected = r.version;
            r.version = expected + 1;
            try {
                table.put(new Write.Put(item(r), "#v = :v", Map.of("#v", "version"), Map.of(":v", AttrValue.fromN(Long.toString(expected)))));
                return Optional.of(r);
            } catch (ConditionalCheckFailedException e) {
                if (attempt >= 4) {
                    throw new ApiException(ErrorCode.CONFLICT, "the report is being changed concurrently; retry");
                }
            }
        }
    }

    /** A tenant's reports, newest first, optionally of one type (a filter on the page, as the other lists). */
    public Page<Report> list(String tenantId, ReportType type, int limit, String cursor) {
        Page<Map<String, AttrValue>> page = table.query(Table.GSI1, Table.GSI1PK, listKey(tenantId), limit, cursor, false, new OfType(type));
        List<Report> out = new ArrayList<>(page.items().size());
        for (Map<String, AttrValue> i : page.items()) {
            out.add(report(i));
        }
        return new Page<>(out, page.nextCursor());
    }

    /** The list's filter: report rows, of one type if asked (a class, not a lambda: nothing spun at a first request). */
    private record OfType(ReportType type) implements Predicate<Map<String, AttrValue>> {
        @Override
        public boolean test(Map<String, AttrValue> i) {
            return ROW.equals(Item.s(i, "type")) && (type == null || type.wire().equals(Item.s(i, "reportType")));
        }
    }

    static Map<String, AttrValue> item(Report r) {
        ObjectNode doc = Json.object();
        doc.put("error", r.error);
        doc.set("usage", r.usage);
        doc.set("charge", r.charge);
        doc.put("narrativeSource", r.narrativeSource);
        doc.put("documentKey", r.documentKey);
        doc.put("pageKey", r.pageKey);
        doc.put("attempts", r.attempts);
        doc.put("generation", r.generation);
        return Item.create()
                .s(Table.PK, TenantRecords.pk(r.tenantId)).s(Table.SK, sk(r.id))
                .s("type", ROW).s("id", r.id).s("tenantId", r.tenantId).s("accountId", r.accountId)
                .s("reportType", r.type.wire()).s("period", r.period.key()).s("timezone", r.timezone).s("trigger", r.trigger)
                .s("status", r.status.wire()).n("version", r.version)
                .instant("createdAt", r.createdAt).instant("queuedAt", r.queuedAt).instant("startedAt", r.startedAt)
                .instant("attemptStartedAt", r.attemptStartedAt).instant("finishedAt", r.finishedAt)
                .s("doc", Json.write(doc))
                .s(Table.GSI1PK, listKey(r.tenantId)).s(Table.GSI1SK, IsoInstant.millis(r.createdAt) + "#" + r.id)
                .s(Table.GSI2PK, lostAt(r) == null ? null : RunningJobs.bucket(RunningJobs.REPORTS, lostAt(r)))
                .s(Table.GSI2SK, lostAt(r) == null ? null : RunningJobs.sortKey(lostAt(r), r.tenantId, r.id))
                .build();
    }

    /**
     * When a pending or running report's job counts as lost ({@link ReportService#STALE} after it was queued, or its
     * attempt started; a report never queued, {@link ReportService#QUEUE_GRACE} after it was made), or null once it ended:
     * the row is in the running-jobs index until then, for the sweep and the owner's metrics.
     */
    static Instant lostAt(Report r) {
        if (r.status == ReportStatus.RUNNING) {
            return (r.attemptStartedAt == null ? r.createdAt : r.attemptStartedAt).plus(ReportService.STALE);
        }
        if (r.status == ReportStatus.PENDING) {
            return r.queuedAt == null ? r.createdAt.plus(ReportService.QUEUE_GRACE) : r.queuedAt.plus(ReportService.STALE);
        }
        return null;
    }

    /** The reports whose job counts as lost by {@code now}, from the running-jobs index's day buckets of the last {@code days}. */
    public java.util.List<Report> lost(Instant now, int days) {
        java.util.List<Report> out = new java.util.ArrayList<>();
        String nowKey = IsoInstant.millis(now) + "#~";
        for (int back = days; back >= 0; back--) {
            String bucket = RunningJobs.bucket(RunningJobs.REPORTS, now.minus(java.time.Duration.ofDays(back)));
            Map<String, AttrValue> start = null;
            do {
                com.socialwire.shared.aws.LeanDynamoDb.RawPage page = table.queryPage(Table.GSI2, "#pk = :pk AND #sk <= :now",
                        Map.of("#pk", Table.GSI2PK, "#sk", Table.GSI2SK), Map.of(":pk", AttrValue.fromS(bucket), ":now", AttrValue.fromS(nowKey)),
                        null, start, true);
                for (Map<String, AttrValue> key : page.items()) {
                    Optional<Report> r = get(tenantOf(key), idOf(key)); // the index holds keys only
                    if (r.isPresent()) {
                        out.add(r.get());
                    }
                }
                start = page.lastKey();
            } while (start != null);
        }
        return out;
    }

    private static String tenantOf(Map<String, AttrValue> key) {
        return Item.s(key, Table.PK).substring(TenantRecords.pk("").length());
    }

    private static String idOf(Map<String, AttrValue> key) {
        return Item.s(key, Table.SK).substring(sk("").length());
    }

    static Report report(Map<String, AttrValue> i) {
        ReportType type = ReportType.parse(Item.s(i, "reportType")).orElseThrow();
        Report r = new Report(Item.s(i, "id"), Item.s(i, "tenantId"), Item.s(i, "accountId"), type,
                ReportPeriod.parse(type.span, Item.s(i, "period")).orElseThrow(), Item.s(i, "timezone"), Item.s(i, "trigger"),
                Item.instant(i, "createdAt"), ReportStatus.parse(Item.s(i, "status")).orElseThrow(), Item.n(i, "version"));
        JsonNode doc = Json.tree(Item.s(i, "doc"));
        r.error = text(doc, "error");
        r.usage = doc.path("usage") instanceof ObjectNode o ? o : null;
        r.charge = doc.path("charge") instanceof ObjectNode o ? o : null;
        r.narrativeSource = text(doc, "narrativeSource");
        r.documentKey = text(doc, "documentKey");
        r.pageKey = text(doc, "pageKey");
        r.attempts = doc.path("attempts").asInt(0);
        r.generation = doc.path("generation").asInt(1);
        r.queuedAt = Item.instant(i, "queuedAt");
        r.startedAt = Item.instant(i, "startedAt");
        r.attemptStartedAt = Item.instant(i, "attemptStartedAt");
        r.finishedAt = Item.instant(i, "finishedAt");
        return r;
    }

    private static String text(JsonNode doc, String name) {
        return doc.path(name).isTextual() ? doc.path(name).asText() : null;
    }
}
