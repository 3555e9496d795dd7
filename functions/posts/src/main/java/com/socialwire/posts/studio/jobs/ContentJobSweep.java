package com.socialwire.posts.studio.jobs;

import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Ends content jobs nobody will finish: a job still in_progress past its deadline (its worker died on the message's last
 * receive) is failed "timed out" and its hold given back (the ledger's refund is idempotent; a hold drawn from a batch
 * hold expires by itself). Run by the publish run every minute; reads the overdue jobs from their deadline-day buckets
 * (GSI2 {@code CONTENTJOBS#RUNNING#{day}}) by key condition, never a Scan. One job's failure is logged and the sweep goes on.
 */
public final class ContentJobSweep {

    private static final Logger LOG = LoggerFactory.getLogger(ContentJobSweep.class);

    public static final String REASON = "timed out: the job did not finish by its deadline; its credits were refunded";
    static final int PAGE = 100;

    /** What one sweep did: jobs read from the index, ended, and failed alone (logged). */
    public record Result(int read, int ended, int failed) {
    }

    private final ContentJobStore jobs;
    private final Supplier<? extends Ledger> ledger;
    private final Clock clock;
    private final int lookbackDays;

    public ContentJobSweep(ContentJobStore jobs, Supplier<? extends Ledger> ledger, Clock clock, int lookbackDays) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.clock = clock;
        this.lookbackDays = lookbackDays;
    }

    public Result sweep() {
        Instant now = clock.instant();
        int read = 0;
        int ended = 0;
        int failed = 0;
        for (int d = lookbackDays; d >= 0; d--) {
            String day = IsoInstant.date(now.minus(Duration.ofDays(d)));
            String cursor = null;
            do {
                Page<Map<String, AttrValue>> page;
                try {
                    page = jobs.overdue(day, now, PAGE, cursor);
                } catch (RuntimeException e) {
                    LOG.error("content job sweep: the {} bucket cannot be read now; going on with the next", day, e);
                    failed++;
                    break;
                }
                read += page.items().size();
                for (Map<String, AttrValue> item : page.items()) {
                    try {
                        if (end(Item.s(item, "tenantId"), Item.s(item, "id"), now)) {
                            ended++;
                        }
                    } catch (RuntimeException e) {
                        failed++;
                        LOG.error("content job sweep: job {} could not be ended; going on with the others", Item.s(item, "id"), e);
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        Result r = new Result(read, ended, failed);
        if (read > 0 || failed > 0) {
            LOG.info("content job sweep: {}", r);
        }
        return r;
    }

    /** Fails the job if it is still running past its deadline, then refunds its hold; whether this sweep ended it. */
    boolean end(String tenantId, String jobId, Instant now) {
        boolean[] ended = {false};
        var job = jobs.update(tenantId, jobId, j -> {
            ended[0] = j.status == JobStatus.IN_PROGRESS && j.deadline != null && !j.deadline.isAfter(now);
            if (!ended[0]) {
                return false;
            }
            j.status = JobStatus.FAILED;
            j.error = REASON;
            j.finishedAt = now;
            j.deadline = null;
            j.attemptStartedAt = null;
            return true;
        });
        if (ended[0] && job.isPresent()) {
            ledger.get().refund(job.get().accountId, job.get().operationId(), "content job " + jobId + " " + REASON);
        }
        return ended[0];
    }
}
