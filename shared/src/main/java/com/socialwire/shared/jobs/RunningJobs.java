package com.socialwire.shared.jobs;

import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The sparse index of running jobs, one layout for every kind of job row that has one (content jobs, report jobs):
 * while a job runs its row carries GSI2 {@code {KIND}#RUNNING#{deadline day}} / {@code {deadline ms}#{tenantId}#{jobId}},
 * so its stuck-job sweep reads the overdue ones and the owner's metrics count the running and stale ones by key
 * condition, never a Scan. The owner context writes its rows; anyone may count them.
 */
public final class RunningJobs {

    /** Content jobs' kind (posts context, ContentJobStore). */
    public static final String CONTENT = "CONTENTJOBS";
    /** Report jobs' kind (reports context, ReportStore): pending or running, with the instant their job counts as lost. */
    public static final String REPORTS = "REPORTJOBS";

    private RunningJobs() {
    }

    /** The GSI2 partition prefix of {@code kind}'s running jobs: the deadline's day follows. */
    public static String prefix(String kind) {
        return kind + "#RUNNING#";
    }

    /** The GSI2 partition of a job of {@code kind} running with {@code deadline}. */
    public static String bucket(String kind, Instant deadline) {
        return prefix(kind) + IsoInstant.date(deadline);
    }

    /** The GSI2 sort key of a running job. */
    public static String sortKey(Instant deadline, String tenantId, String jobId) {
        return IsoInstant.millis(deadline) + "#" + tenantId + "#" + jobId;
    }

    /** Running jobs of a kind: within their deadline ({@code processing}) and past it, waiting for the sweep ({@code stale}). */
    public record Counts(long processing, long stale) {
    }

    /**
     * Counts {@code kind}'s running jobs whose deadline is from {@code daysBack} days before {@code now} to
     * {@code daysAhead} days after, reading index keys only (one Query per day bucket and page, no items).
     */
    public static Counts count(Table table, String kind, Instant now, int daysBack, int daysAhead) {
        long processing = 0;
        long stale = 0;
        String nowKey = IsoInstant.millis(now) + "#~";
        for (int d = -daysBack; d <= daysAhead; d++) {
            String day = prefix(kind) + IsoInstant.date(now.plus(Duration.ofDays(d)));
            stale += d > 0 ? 0 : keys(table, day, "#sk <= :now", nowKey);
            processing += d < 0 ? 0 : keys(table, day, "#sk > :now", nowKey);
        }
        return new Counts(processing, stale);
    }

    private static long keys(Table table, String bucket, String sortCondition, String nowKey) {
        long n = 0;
        Map<String, AttrValue> start = null;
        do {
            LeanDynamoDb.RawPage page = table.queryPage(Table.GSI2, "#pk = :pk AND " + sortCondition,
                    Map.of("#pk", Table.GSI2PK, "#sk", Table.GSI2SK),
                    Map.of(":pk", AttrValue.fromS(bucket), ":now", AttrValue.fromS(nowKey)), null, start, true);
            n += page.items().size();
            start = page.lastKey();
        } while (start != null);
        return n;
    }
}
