package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.analytics.Activity;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.Usage;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The report worker's one job: claims a pending report (a redelivered message of a finished one does nothing but finish
 * its charge), gathers its period from the {@link ReportSource}s, has the {@link Narrator} write its narrative (the one
 * paid operation, held under the report's operation id), stores the document and its page in S3, marks the report
 * completed with its open hold recorded, and only then settles the hold: a lost answer anywhere is finished by the next
 * delivery from what the row says, so a report is charged once however often its message arrives. Too few credits fails
 * the report with that reason and spends nothing; a failure after the hold gives it back.
 */
public final class ReportWorker {

    private static final Logger LOG = LoggerFactory.getLogger(ReportWorker.class);

    /**
     * A redelivered message takes over a running attempt older than this: the worker's Lambda timeout (90 s) is far less,
     * and the report queue redelivers only after its visibility timeout (540 s), so the attempt it takes over is dead.
     */
    static final Duration ATTEMPT = Duration.ofMinutes(5);

    private final ReportStore store;
    private final TenantProfiles tenants;
    private final List<ReportSource> sources;
    private final Narrator narrator;
    private final ReportFiles files;
    private final ReportPages pages;
    private final Activity activity;
    private final Clock clock;

    /** @param activity where tenant health reads the last report from */
    public ReportWorker(ReportStore store, TenantProfiles tenants, List<ReportSource> sources, Narrator narrator, ReportFiles files,
                        ReportPages pages, Activity activity, Clock clock) {
        this.activity = activity;
        this.store = store;
        this.tenants = tenants;
        this.sources = List.copyOf(sources);
        this.narrator = narrator;
        this.files = files;
        this.pages = pages;
        this.clock = clock;
    }

    /** Runs the report of one queue message; {@code lastReceive}: its last delivery before the DLQ (a failure then ends it). */
    public void run(String tenantId, String reportId, boolean lastReceive) {
        Optional<Report> found = store.get(tenantId, reportId);
        if (found.isPresent() && found.get().status == ReportStatus.COMPLETED) {
            settle(found.get()); // a charge an earlier delivery left open (its answer was lost)
            return;
        }
        Optional<Report> claimed = claim(tenantId, reportId);
        if (claimed.isEmpty()) {
            LOG.info("report {} skipped: not pending (finished, or running elsewhere)", reportId);
            return;
        }
        Report report = claimed.get();
        try {
            build(report, lastReceive);
        } catch (RetryLater r) {
            release(report);
            throw r;
        } catch (RuntimeException e) {
            if (lastReceive) {
                LOG.error("report {} failed on its last receive", reportId, e);
                end(report, ReportStatus.FAILED, "the report could not be built (" + e.getClass().getSimpleName() + ")", null, null);
                return;
            }
            release(report);
            throw e;
        }
    }

    private void build(Report report, boolean lastReceive) {
        Optional<Tenant> found = tenants.get(report.tenantId);
        if (found.isEmpty()) {
            end(report, ReportStatus.FAILED, "the tenant no longer exists", null, null);
            return;
        }
        Tenant tenant = found.get();
        ObjectNode doc = ReportDocument.skeleton(report, tenant, clock.instant());
        for (ReportSource s : sources) {
            s.fill(tenant, report, doc);
        }
        switch (narrator.write(tenant, report, doc, lastReceive)) {
            case Narrator.Outcome.NoCredits n -> end(report, ReportStatus.FAILED, "not enough credits: " + n.requiredMicroCredits()
                    + " micro-credits needed, " + n.availableMicroCredits() + " available; nothing was charged", null, null);
            case Narrator.Outcome.Unavailable u -> throw new RetryLater("model unavailable: " + u.message());
            case Narrator.Outcome.Written w -> store(report, doc, w);
        }
    }

    private void store(Report report, ObjectNode doc, Narrator.Outcome.Written w) {
        Metering.Hold hold = w.hold();
        long amount = Math.min(w.amountMicroCredits(), hold.reservedMicroCredits());
        Usage expected = new Usage(narrator.metering().card().version(), hold.reservedMicroCredits(), amount,
                hold.reservedMicroCredits() - amount);
        doc.set("narrative", w.narrative());
        doc.set("usage", Json.toTree(expected));
        String documentKey;
        String pageKey;
        try {
            documentKey = files.putDocument(report, doc);
            String html = pages.render(doc);
            pageKey = html == null ? null : files.putPage(report, html);
        } catch (RuntimeException e) {
            narrator.metering().refund(hold, "report " + report.id + " could not be stored");
            throw e;
        }
        ObjectNode charge = Json.object();
        charge.put("holdId", hold.operationId());
        charge.put("reservedMicroCredits", hold.reservedMicroCredits());
        charge.put("amountMicroCredits", amount);
        Optional<Report> done = end(report, ReportStatus.COMPLETED, null, w.narrative().path("source").asText(), r -> {
            r.documentKey = documentKey;
            r.pageKey = pageKey;
            r.charge = charge;
            r.usage = (ObjectNode) Json.toTree(expected);
            return true;
        });
        if (done.isPresent()) {
            try {
                activity.recordReport(report.tenantId, report.type.wire(), report.id, done.get().finishedAt);
            } catch (RuntimeException e) {
                LOG.warn("report {}: tenant health's last report could not be recorded", report.id, e); // the report stands
            }
            settle(done.get());
        }
    }

    /** Settles the open charge of a completed report and records what it came to; nothing if it has none. */
    private void settle(Report report) {
        if (report.charge == null) {
            return;
        }
        ObjectNode c = report.charge;
        Usage usage = narrator.metering().settle(new Metering.Hold(report.accountId, c.path("holdId").asText(),
                c.path("reservedMicroCredits").asLong()), c.path("amountMicroCredits").asLong());
        store.update(report.tenantId, report.id, r -> {
            if (r.charge == null) {
                return false;
            }
            r.charge = null;
            r.usage = (ObjectNode) Json.toTree(usage);
            return true;
        });
        LOG.info("report {} charged {} micro-credits", report.id, usage.settledMicroCredits());
    }

    /** pending → running, or a dead attempt taken over; empty if the report is not this worker's to build. */
    Optional<Report> claim(String tenantId, String reportId) {
        Instant now = clock.instant();
        boolean[] won = {false};
        Optional<Report> report = store.update(tenantId, reportId, r -> {
            won[0] = r.status == ReportStatus.PENDING
                    || r.status == ReportStatus.RUNNING && (r.attemptStartedAt == null || !r.attemptStartedAt.plus(ATTEMPT).isAfter(now));
            if (!won[0]) {
                return false;
            }
            if (r.startedAt == null) {
                r.startedAt = now;
            }
            r.status = ReportStatus.RUNNING;
            r.attemptStartedAt = now;
            r.attempts++;
            return true;
        });
        return won[0] ? report : Optional.empty();
    }

    /** Gives the report back to the queue's next delivery (pending again), unless it ended meanwhile. */
    private void release(Report report) {
        store.update(report.tenantId, report.id, r -> {
            if (r.status != ReportStatus.RUNNING || !java.util.Objects.equals(r.attemptStartedAt, report.attemptStartedAt)) {
                return false;
            }
            r.status = ReportStatus.PENDING;
            r.attemptStartedAt = null;
            return true;
        });
    }

    /** Ends this attempt's report with {@code status}; empty if another attempt took it over or it ended meanwhile. */
    private Optional<Report> end(Report report, ReportStatus status, String error, String narrativeSource, ReportStore.Change more) {
        Instant now = clock.instant();
        boolean[] ended = {false};
        Optional<Report> saved = store.update(report.tenantId, report.id, r -> {
            ended[0] = r.status == ReportStatus.RUNNING && report.attemptStartedAt.equals(r.attemptStartedAt);
            if (!ended[0]) {
                return false;
            }
            r.status = status;
            r.error = error;
            r.narrativeSource = narrativeSource;
            r.finishedAt = now;
            r.attemptStartedAt = null;
            if (more != null) {
                more.apply(r);
            }
            return true;
        });
        if (!ended[0]) {
            LOG.warn("report {} was taken over or ended while this attempt made it {}: its end is not recorded", report.id, status.wire());
            return Optional.empty();
        }
        LOG.info("report {} {}{}", report.id, status.wire(), error == null ? "" : ": " + error);
        return saved;
    }
}
