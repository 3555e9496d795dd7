package com.socialwire.posts.studio.jobs;

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
import com.socialwire.shared.analytics.TenantCounters;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Content jobs in the single table.
 *
 * <pre>
 * content job  PK TENANT#{tenantId}  SK CONTENTJOB#{jobId}
 *              GSI1 TENANT#{tenantId}#CONTENTJOBS / {createdAt}#{jobId}          (the tenant's list, newest first)
 *              GSI2 while in_progress: CONTENTJOBS#RUNNING#{yyyy-MM-dd of deadline} / {deadline}#{tenantId}#{jobId}
 * </pre>
 * GSI2 is sparse ({@link RunningJobs}, the layout the owner's metrics count too): only running jobs are in it, bucketed by their deadline's day, so the stuck-job sweep reads the
 * overdue ones by key condition and never scans. Every change is conditional on {@code version}.
 */
public final class ContentJobStore {

    public static final String RUNNING = RunningJobs.prefix(RunningJobs.CONTENT);
    static final String ROW = "content_job";

    /** A concurrent change won: reload and decide again. */
    static final class Conflict extends RuntimeException {
        Conflict() {
            super("content job changed concurrently", null, false, false);
        }
    }

    /** A change of a loaded job; false: nothing to save (the job is no longer in a state the change applies to). */
    public interface Change {
        boolean apply(ContentJob job);
    }

    /** Set on a job created since its tenant's counters exist: its status is counted there. */
    private static final String COUNTED = "counted";

    private final Table table;
    private final TenantCounters counters;

    /** Counters by the system clock's day (tests, tools). */
    public ContentJobStore(Table table) {
        this(table, new TenantCounters(table, java.time.Clock.systemUTC()));
    }

    public ContentJobStore(Table table, TenantCounters counters) {
        this.table = table;
        this.counters = counters;
    }

    static String sk(String jobId) {
        return "CONTENTJOB#" + jobId;
    }

    static String listKey(String tenantId) {
        return TenantRecords.pk(tenantId) + "#CONTENTJOBS";
    }

    public Optional<ContentJob> get(String tenantId, String jobId) {
        if (jobId == null || !jobId.startsWith("job_")) {
            return Optional.empty();
        }
        return table.get(TenantRecords.pk(tenantId), sk(jobId)).map(ContentJobStore::job);
    }

    public ContentJob require(String tenantId, String jobId) {
        return get(tenantId, jobId).orElseThrow(() -> ApiException.notFound("content job " + jobId));
    }

    public void create(ContentJob job) {
        Map<String, Long> d = new HashMap<>();
        TenantCounters.add(d, TenantCounters.JOBS_CREATED + job.type.wire(), 1);
        TenantCounters.add(d, TenantCounters.JOB_STATUS + job.status.wire(), 1);
        put(job, true, "attribute_not_exists(PK)", Map.of(), d);
    }

    /**
     * Loads the job, applies {@code change} and saves it if it changed anything, retrying on a concurrent change (the
     * change must be repeatable). Returns the job as saved, or as read when {@code change} declined; empty if none.
     */
    public Optional<ContentJob> update(String tenantId, String jobId, Change change) {
        for (int attempt = 0; ; attempt++) {
            Optional<Map<String, AttrValue>> read = jobId == null || !jobId.startsWith("job_") ? Optional.empty()
                    : table.get(TenantRecords.pk(tenantId), sk(jobId));
            if (read.isEmpty()) {
                return Optional.empty();
            }
            ContentJob job = job(read.get());
            boolean counted = read.get().containsKey(COUNTED);
            JobStatus from = job.status;
            if (!change.apply(job)) {
                return Optional.of(job);
            }
            long expected = job.version;
            job.version = expected + 1;
            try {
                put(job, counted, "#v = :v", Map.of(":v", AttrValue.fromN(Long.toString(expected))), moved(from, job.status, counted));
                return Optional.of(job);
            } catch (Conflict c) {
                if (attempt >= 4) {
                    throw new ApiException(ErrorCode.CONFLICT, "the content job is being changed concurrently; retry");
                }
            }
        }
    }

    /** What a status move changes in the tenant's counters: the state count of a counted job, and a job that ended. */
    private static Map<String, Long> moved(JobStatus from, JobStatus to, boolean counted) {
        Map<String, Long> d = new HashMap<>();
        if (from == to) {
            return d;
        }
        if (counted) {
            TenantCounters.add(d, TenantCounters.JOB_STATUS + from.wire(), -1);
            TenantCounters.add(d, TenantCounters.JOB_STATUS + to.wire(), 1);
        }
        if (to.terminal()) {
            TenantCounters.add(d, TenantCounters.JOBS_ENDED + to.wire(), 1);
        }
        return d;
    }

    /** Saves the job under {@code condition}, its counters moved in the same write ({@link TenantCounters#write}). */
    private void put(ContentJob job, boolean counted, String condition, Map<String, AttrValue> values, Map<String, Long> deltas) {
        Map<String, String> names = condition.contains("#v") ? Map.of("#v", "version") : Map.of();
        Map<String, AttrValue> item = item(job);
        if (counted) {
            item.put(COUNTED, AttrValue.fromN("1"));
        }
        if (!counters.write(new Write.Put(item, condition, names, values), job.tenantId, deltas)) {
            throw new Conflict();
        }
    }

    static Map<String, AttrValue> item(ContentJob j) {
        ObjectNode doc = Json.object();
        doc.set("request", j.request);
        doc.set("prompt", j.prompt);
        doc.set("result", j.result);
        doc.put("error", j.error);
        doc.set("usage", j.usage);
        doc.put("createdBy", j.createdBy);
        doc.put("keyId", j.keyId);
        doc.put("attempts", j.attempts);
        Item i = Item.create()
                .s(Table.PK, TenantRecords.pk(j.tenantId)).s(Table.SK, sk(j.id))
                .s("type", ROW).s("id", j.id).s("tenantId", j.tenantId).s("accountId", j.accountId)
                .s("jobType", j.type.wire()).s("status", j.status.wire()).n("version", j.version)
                .s("createdAt", j.createdAt.toString())
                .s("startedAt", j.startedAt == null ? null : j.startedAt.toString())
                .s("attemptStartedAt", j.attemptStartedAt == null ? null : j.attemptStartedAt.toString())
                .s("finishedAt", j.finishedAt == null ? null : j.finishedAt.toString())
                .s("deadline", j.deadline == null ? null : j.deadline.toString())
                .s("doc", Json.write(doc))
                .s(Table.GSI1PK, listKey(j.tenantId))
                .s(Table.GSI1SK, IsoInstant.millis(j.createdAt) + "#" + j.id);
        Map<String, AttrValue> out = new HashMap<>(i.build());
        if (j.status == JobStatus.IN_PROGRESS && j.deadline != null) {
            out.put(Table.GSI2PK, AttrValue.fromS(RunningJobs.bucket(RunningJobs.CONTENT, j.deadline)));
            out.put(Table.GSI2SK, AttrValue.fromS(RunningJobs.sortKey(j.deadline, j.tenantId, j.id)));
        }
        return out;
    }

    static ContentJob job(Map<String, AttrValue> i) {
        JsonNode doc = Json.tree(Item.s(i, "doc"));
        ContentJob j = new ContentJob(Item.s(i, "id"), Item.s(i, "tenantId"), Item.s(i, "accountId"),
                JobType.parse(Item.s(i, "jobType")).orElseThrow(), (ObjectNode) doc.path("request"),
                Instant.parse(Item.s(i, "createdAt")), doc.path("createdBy").asText(null), doc.path("keyId").asText(null),
                JobStatus.parse(Item.s(i, "status")).orElseThrow(), Item.n(i, "version"));
        j.prompt = doc.path("prompt") instanceof ObjectNode o ? o : null;
        j.result = doc.path("result") instanceof ObjectNode o ? o : null;
        j.usage = doc.path("usage") instanceof ObjectNode o ? o : null;
        j.error = doc.path("error").isTextual() ? doc.path("error").asText() : null;
        j.attempts = doc.path("attempts").asInt(0);
        j.startedAt = instant(i, "startedAt");
        j.attemptStartedAt = instant(i, "attemptStartedAt");
        j.finishedAt = instant(i, "finishedAt");
        j.deadline = instant(i, "deadline");
        return j;
    }

    private static Instant instant(Map<String, AttrValue> i, String name) {
        String s = Item.s(i, name);
        return s == null ? null : Instant.parse(s);
    }

    /** A tenant's jobs, newest first, optionally of one status and type (filters on the page, as the posts list). */
    public Page<ContentJob> list(String tenantId, JobStatus status, JobType type, int limit, String cursor) {
        Predicate<Map<String, AttrValue>> keep = i -> ROW.equals(Item.s(i, "type"))
                && (status == null || status.wire().equals(Item.s(i, "status")))
                && (type == null || type.wire().equals(Item.s(i, "jobType")));
        return table.query(Table.GSI1, Table.GSI1PK, listKey(tenantId), limit, cursor, false, keep).map(ContentJobStore::job);
    }

    /** One page of the jobs running whose deadline, in the bucket of {@code day}, is at or before {@code now}. */
    public Page<Map<String, AttrValue>> overdue(String day, Instant now, int limit, String cursor) {
        return table.query(Table.GSI2, Table.GSI2PK, RUNNING + day, Table.GSI2SK, null, IsoInstant.millis(now) + "#~", limit, cursor, true, null);
    }
}
