package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.jobs.JobQueue;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks for reports — the schedule's and the API's alike — once per tenant, type and period: the report's row is made by a
 * conditional put and only its maker queues it, so a rerun, two overlapping runs or a repeated POST make and charge one
 * report. A report whose queueing was lost (its maker died between the put and the send) is queued again by the next
 * request for it; a failed one is run again only when the API asks (the schedule never retries a refusal by itself).
 */
public final class ReportService {

    private static final Logger LOG = LoggerFactory.getLogger(ReportService.class);

    /** A pending report never queued after this long lost its maker: the next request for it queues it. */
    static final Duration QUEUE_GRACE = Duration.ofMinutes(2);
    /** Longer than every receive of a report job (5 x the queue's 540 s visibility): a job still unfinished then is lost. */
    static final Duration STALE = Duration.ofMinutes(50);

    /** What asking for a report came to: the report, and whether this request made (or remade) it. */
    public record Asked(Report report, boolean created) {
    }

    private final ReportStore store;
    private final TenantProfiles tenants;
    private final JobQueue queue;
    private final Clock clock;

    public ReportService(ReportStore store, TenantProfiles tenants, JobQueue queue, Clock clock) {
        this.store = store;
        this.tenants = tenants;
        this.queue = queue;
        this.clock = clock;
    }

    /** The report queue's message (SPEC §6 report job, with the report's id): the worker reads the report's row. */
    static ObjectNode message(Report r) {
        ObjectNode m = Json.object();
        m.put("tenantId", r.tenantId);
        m.put("type", r.type.wire());
        m.put("period", r.period.key());
        m.put("reportId", r.id);
        return m;
    }

    /** {@code POST .../reports} {type, period?}: the period defaults to the last one that ended in the tenant's zone. */
    public Asked request(String tenantId, ObjectNode body) {
        JsonNode typeNode = body.path("type");
        ReportType type = ReportType.parse(typeNode.isTextual() ? typeNode.asText() : null).orElseThrow(() ->
                unprocessable("type must be one of " + ReportType.WIRE_NAMES, "type", "invalid"));
        Tenant tenant = tenants.get(tenantId).orElseThrow(() -> ApiException.notFound("tenant " + tenantId));
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone(tenant));
        JsonNode periodNode = body.path("period");
        ReportPeriod period;
        if (periodNode.isMissingNode() || periodNode.isNull()) {
            period = ReportPeriod.lastComplete(type.span, today);
        } else {
            String example = ReportPeriod.lastComplete(type.span, today).key();
            period = ReportPeriod.parse(type.span, periodNode.isTextual() ? periodNode.asText() : null).orElseThrow(() ->
                    unprocessable("period of a " + type.wire() + " must be a " + type.span.name().toLowerCase() + " such as " + example,
                            "period", "invalid"));
            if (!period.to().isBefore(today)) {
                throw unprocessable("period " + period.key() + " has not ended yet in the tenant's time zone (" + zone(tenant).getId()
                        + "); the last complete one is " + example, "period", "not ended");
            }
        }
        return ask(tenant, type, period, "api");
    }

    /** The schedule's report of {@code type} for {@code period}; true if this call made and queued it. */
    public boolean schedule(Tenant tenant, ReportType type, ReportPeriod period) {
        return ask(tenant, type, period, "schedule").created();
    }

    private Asked ask(Tenant tenant, ReportType type, ReportPeriod period, String trigger) {
        Instant now = clock.instant();
        Report report = new Report(type.reportId(period), tenant.id(), tenant.accountId(), type, period, zone(tenant).getId(), trigger,
                now, ReportStatus.PENDING, 1);
        if (store.create(report)) {
            return new Asked(send(report), true);
        }
        boolean api = "api".equals(trigger);
        boolean[] again = {false};
        Report existing = store.update(tenant.id(), report.id, r -> {
            again[0] = api && r.status == ReportStatus.FAILED;
            if (!again[0]) {
                return false;
            }
            r.status = ReportStatus.PENDING; // asked again after a failure (credits topped up): built and charged anew
            r.generation++; // a new operation: the ledger remembers the refused one's answer
            r.error = null;
            r.queuedAt = null;
            r.finishedAt = null;
            return true;
        }).orElseThrow(() -> new IllegalStateException("report " + report.id + " vanished"));
        if (again[0] || lost(existing, api, now)) {
            return new Asked(send(existing), again[0]);
        }
        return new Asked(existing, false);
    }

    /**
     * Whether the report's job is lost: never queued (its maker died between the put and the send; the schedule waits
     * {@link #QUEUE_GRACE} for a maker still at work), or — asked through the API — queued or running longer ago than
     * {@link #STALE} without an end (its message went to the DLQ before a worker claimed it, or its last worker died).
     * Queueing it again is safe: a worker builds only a report it claims.
     */
    private static boolean lost(Report r, boolean api, Instant now) {
        if (r.status == ReportStatus.PENDING && r.queuedAt == null) {
            return api || !r.createdAt.plus(QUEUE_GRACE).isAfter(now);
        }
        Instant since = r.status == ReportStatus.PENDING ? r.queuedAt : r.status == ReportStatus.RUNNING ? r.attemptStartedAt : null;
        return api && since != null && since.plus(STALE).isBefore(now);
    }

    /** A report still without an end this long after it was made is given up by the sweep (failed, to be asked again). */
    static final Duration GIVE_UP = Duration.ofHours(24);
    /** How many days of the running-jobs index the sweep reads (a report is given up after one). */
    static final int SWEEP_DAYS = 2;

    /** What one sweep did. */
    public record Swept(int requeued, int failed) {
    }

    /**
     * The stuck-report sweep (the report run calls it every 15 minutes): a pending or running report whose job counts as
     * lost (never queued, or queued or started longer ago than {@link #STALE}; its message went to the DLQ before a worker
     * claimed it, or its last worker died) is queued again; one still without an end {@link #GIVE_UP} after it was made
     * fails with that reason, so it stops being retried and asking for it again builds it anew. A worker builds only a
     * report it claims, so a requeue never builds one twice.
     */
    public Swept sweep() {
        Instant now = clock.instant();
        int requeued = 0;
        int failed = 0;
        for (Report stuck : store.lost(now, SWEEP_DAYS)) {
            try {
                if (!stuck.createdAt.plus(GIVE_UP).isAfter(now)) {
                    Optional<Report> ended = store.update(stuck.tenantId, stuck.id, new GiveUp(now));
                    failed += ended.isPresent() && ended.get().status == ReportStatus.FAILED ? 1 : 0;
                } else if (lost(stuck, true, now)) {
                    send(stuck);
                    requeued++;
                }
            } catch (RuntimeException e) {
                LOG.warn("report sweep: report {} of tenant {}: {}", stuck.id, stuck.tenantId, e.toString());
            }
        }
        if (requeued + failed > 0) {
            LOG.info("report sweep: {} queued again, {} given up", requeued, failed);
        }
        return new Swept(requeued, failed);
    }

    /** Fails a report still pending or running (a class, not a lambda: the run's first event spins none). */
    private record GiveUp(Instant now) implements ReportStore.Change {
        @Override
        public boolean apply(Report r) {
            if (r.status != ReportStatus.PENDING && r.status != ReportStatus.RUNNING) {
                return false;
            }
            r.status = ReportStatus.FAILED;
            r.error = "the report's job was lost and not finished within " + GIVE_UP.toHours() + " hours; ask for it again";
            r.finishedAt = now;
            return true;
        }
    }

    private static ApiException unprocessable(String message, String field, String problem) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, 422, message, Map.of(field, problem), null);
    }

    /** Queues the report and notes it; a queue that refuses leaves it pending and unqueued for the next request. */
    private Report send(Report report) {
        try {
            queue.send(List.of(message(report)));
        } catch (RuntimeException e) {
            LOG.error("report {} of tenant {} could not be queued", report.id, report.tenantId, e);
            throw new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 503, "the report queue is unavailable; retry shortly",
                    Map.of("reportId", report.id), Map.of("retry-after", "1"));
        }
        Instant now = clock.instant();
        return store.update(report.tenantId, report.id, r -> {
            if (r.status != ReportStatus.PENDING && r.status != ReportStatus.RUNNING) {
                return false;
            }
            r.queuedAt = now;
            return true;
        }).orElse(report);
    }

    public Report get(String tenantId, String reportId) {
        return store.get(tenantId, reportId).orElseThrow(() -> ApiException.notFound("report " + reportId));
    }

    public Page<Report> list(String tenantId, String type, int limit, String cursor) {
        ReportType t = type == null ? null : ReportType.parse(type).orElse(null);
        if (type != null && t == null) {
            throw ApiException.validation("type must be one of " + ReportType.WIRE_NAMES, Map.of("type", type));
        }
        return store.list(tenantId, t, limit, cursor);
    }

    /** The tenant's zone; an unreadable one (never stored by the tenants API) is UTC. */
    static ZoneId zone(Tenant tenant) {
        try {
            return ZoneId.of(tenant.timezone());
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    public Optional<Tenant> tenant(String tenantId) {
        return tenants.get(tenantId);
    }
}
