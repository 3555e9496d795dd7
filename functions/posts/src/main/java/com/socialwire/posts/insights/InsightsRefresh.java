package com.socialwire.posts.insights;

import com.socialwire.posts.publish.PlatformAccounts.Lookup;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.Parallel;
import com.socialwire.shared.analytics.AccountInsights;
import com.socialwire.shared.analytics.InsightSnapshots;
import com.socialwire.shared.analytics.PublishedDeliveries;
import com.socialwire.shared.analytics.PublishedDeliveries.EnrolledAccount;
import com.socialwire.shared.analytics.PublishedDelivery;
import com.socialwire.shared.analytics.RefreshSchedule;
import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.providers.ProviderError;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.insights.InsightsProvider;
import com.socialwire.shared.social.insights.InsightsProvider.AccountDay;
import com.socialwire.shared.social.insights.InsightsProvider.PostInsights;
import com.socialwire.shared.store.AttrValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The insights refresh (InsightsRunFunction, hourly): claims the published deliveries due for a refresh (D+1, D+2, D+7,
 * D+28; {@link RefreshSchedule}) from the due index's day buckets — key conditions, never a Scan — reads each through
 * its platform's {@link InsightsProvider} with the very account it went out through, stores the day's snapshot and
 * the latest metrics, and moves the row to its next step (out of the index after D+28). One row's failure never stops
 * the others: a refused token is said on the account and the step passes; a passing failure (5xx, 429, a token that
 * cannot be refreshed now) is tried again next run. Then each enrolled account's day (followers, reach, views) once a
 * day. A run takes no new row after its budget.
 */
public final class InsightsRefresh {

    private static final Logger LOG = LoggerFactory.getLogger(InsightsRefresh.class);
    /** How long one run holds a claimed row (a crashed run's rows come back after it). */
    static final Duration LEASE = Duration.ofMinutes(10);
    /** How soon a passing failure is tried again: the next hourly run. */
    static final Duration RETRY = Duration.ofHours(1);
    /** After this, a post whose reads keep failing for passing reasons is given up (its last step was D+28). */
    static final Duration GIVE_UP = Duration.ofDays(31);

    private final PublishedDeliveries rows;
    private final InsightSnapshots snapshots;
    private final AccountInsights accountDays;
    private final InsightsTargets targets;
    private final Map<String, InsightsProvider> providers;
    private final Clock clock;
    private final Duration budget;
    private final int lookbackDays;

    public InsightsRefresh(PublishedDeliveries rows, InsightSnapshots snapshots, AccountInsights accountDays, InsightsTargets targets,
                           Map<String, InsightsProvider> providers, Clock clock, Duration budget, int lookbackDays) {
        this.rows = rows;
        this.snapshots = snapshots;
        this.accountDays = accountDays;
        this.targets = targets;
        this.providers = providers;
        this.clock = clock;
        this.budget = budget;
        this.lookbackDays = lookbackDays;
    }

    /** What a run did. */
    public record RunResult(int due, int refreshed, int retried, int failed, int accounts, boolean stoppedByBudget) {
    }

    /** What one read of a row did: {@code refreshed} (a snapshot written), {@code unavailable}, {@code retry} or {@code failed}. */
    public record Outcome(String status, PublishedDelivery row, String note) {
    }

    public RunResult run() {
        Instant start = clock.instant();
        Instant deadline = start.plus(budget);
        int due = 0;
        int refreshed = 0;
        int retried = 0;
        int failed = 0;
        boolean stopped = false;
        List<String> days = new java.util.ArrayList<>(lookbackDays + 1);
        for (int back = lookbackDays; back >= 0; back--) {
            days.add(IsoInstant.date(start.minus(Duration.ofDays(back))));
        }
        // every day's first page at once (8 at a time): one round trip per 8 buckets instead of one per bucket, most of
        // which are empty (the run's cold start was 4x hello-world's with 31 sequential queries)
        FirstPages first = new FirstPages(rows, days, start);
        Parallel.forEach(first.indexes(), FIRST_PAGES_AT_ONCE, first);
        days:
        for (int d = 0; d < days.size(); d++) {
            String day = days.get(d);
            Map<String, AttrValue> startKey = null;
            boolean firstPage = true;
            do {
                LeanDynamoDb.RawPage page = firstPage ? first.pages[d] : rows.duePage(day, start, 100, startKey);
                firstPage = false;
                for (PublishedDelivery row : rows.rows(page.items())) {
                    if (clock.instant().isAfter(deadline)) {
                        stopped = true;
                        break days;
                    }
                    due++;
                    try {
                        if (!rows.claim(row, clock.instant(), LEASE)) {
                            continue; // another run has it, or it moved on
                        }
                        switch (refresh(row, true).status()) {
                            case "refreshed", "unavailable" -> refreshed++;
                            case "retry" -> retried++;
                            default -> failed++;
                        }
                    } catch (RuntimeException e) {
                        failed++; // this tenant's row only; the lease lets the next run take it again
                        LOG.warn("insights of post {} {} (tenant {}): {}", row.postId(), row.platform(), row.tenantId(), e.toString());
                    }
                }
                startKey = page.lastKey();
            } while (startKey != null);
        }
        int accounts = stopped ? 0 : accounts(deadline);
        LOG.info("insights run: {} due, {} refreshed, {} to retry, {} failed, {} account days{}", due, refreshed, retried, failed, accounts,
                stopped ? " (budget spent)" : "");
        return new RunResult(due, refreshed, retried, failed, accounts, stopped);
    }

    /** How many due buckets' first pages are read at once. */
    static final int FIRST_PAGES_AT_ONCE = 8;

    /** Reads the first page of each day's due bucket, into its slot (a class, not a lambda: nothing spun at a cold start). */
    private static final class FirstPages implements java.util.function.Consumer<Integer> {
        private final PublishedDeliveries rows;
        private final List<String> days;
        private final Instant now;
        final LeanDynamoDb.RawPage[] pages;

        FirstPages(PublishedDeliveries rows, List<String> days, Instant now) {
            this.rows = rows;
            this.days = days;
            this.now = now;
            this.pages = new LeanDynamoDb.RawPage[days.size()];
        }

        List<Integer> indexes() {
            List<Integer> out = new java.util.ArrayList<>(days.size());
            for (int i = 0; i < days.size(); i++) {
                out.add(i);
            }
            return out;
        }

        @Override
        public void accept(Integer i) {
            pages[i] = rows.duePage(days.get(i), now, 100, null);
        }
    }

    /**
     * Reads one row's insights and records them. {@code scheduled}: a step of the schedule (the row moves to its next
     * step); else a refresh asked for now (the schedule stays as it is).
     */
    public Outcome refresh(PublishedDelivery row, boolean scheduled) {
        Instant now = clock.instant();
        Instant next = scheduled ? RefreshSchedule.next(row.publishedAt(), now) : row.nextRefreshAt();
        int steps = scheduled ? RefreshSchedule.stepsDue(row.publishedAt(), now) : row.refreshStep();
        InsightsProvider provider = providers.get(row.platform());
        if (provider == null || row.externalId() == null) {
            String why = provider == null ? row.platform() + " gives no post insights to apps: not available"
                    : "the platform's id of the post is unknown: not available";
            rows.refreshed(row, null, null, now, RefreshSchedule.STEPS.size(), null, why);
            return new Outcome("unavailable", row, why);
        }
        Lookup lookup = targets.target(row.tenantId(), row.platform(), row.accountId());
        if (lookup instanceof Lookup.Missing missing) {
            rows.refreshed(row, null, null, now, steps, next, missing.reason());
            return new Outcome("failed", row, missing.reason());
        }
        if (lookup instanceof Lookup.Later later) {
            return retry(row, now, scheduled, later.why());
        }
        Lookup.Ready ready = (Lookup.Ready) lookup;
        PlatformResult<PostInsights> r = provider.post(ready.target(), row.externalId(), row.mediaProductType());
        switch (r) {
            case PlatformResult.Ok<PostInsights>(PostInsights found) -> {
                snapshots.put(new InsightSnapshots.Snapshot(row.tenantId(), row.postId(), row.platform(), InsightSnapshots.date(now), now,
                        found.metrics(), found.note()));
                rows.refreshed(row, found.metrics(), found.mediaProductType(), now, steps, next, null);
                return new Outcome("refreshed", row, found.note());
            }
            case PlatformResult.AuthFailed<PostInsights> refused -> {
                String why = row.platform() + " refused the account's token (" + ProviderError.of(row.platform(), refused).code()
                        + "); reconnect the account";
                targets.refused(ready.target(), why);
                rows.refreshed(row, null, null, now, steps, next, why);
                return new Outcome("failed", row, why);
            }
            case PlatformResult.Rejected<PostInsights> rejected -> {
                String why = row.platform() + " refused the insights request (" + ProviderError.of(row.platform(), rejected).code() + ")";
                LOG.warn("insights of post {} {}: {}", row.postId(), row.platform(), rejected);
                rows.refreshed(row, null, null, now, steps, next, why);
                return new Outcome("failed", row, why);
            }
            default -> {
                return retry(row, now, scheduled, row.platform() + " insights unavailable for now (" + ProviderError.of(row.platform(), r).code() + ")");
            }
        }
    }

    /** A passing failure: the row stays due and is tried again next run (given up a month after its last step). */
    private Outcome retry(PublishedDelivery row, Instant now, boolean scheduled, String why) {
        if (!scheduled) {
            return new Outcome("retry", row, why);
        }
        boolean giveUp = now.isAfter(row.publishedAt().plus(GIVE_UP));
        rows.refreshed(row, null, null, now, row.refreshStep(), giveUp ? null : now.plus(RETRY), why);
        return new Outcome(giveUp ? "failed" : "retry", row, why);
    }

    /** Each enrolled account's day, once per account per day (its {@code lastDay}); one account's failure is its own. */
    int accounts(Instant deadline) {
        Instant now = clock.instant();
        String today = IsoInstant.date(now);
        String measured = IsoInstant.date(now.minus(Duration.ofDays(1)));
        int read = 0;
        Map<String, AttrValue> startKey = null;
        do {
            LeanDynamoDb.RawPage page = rows.accountsPage(100, startKey);
            for (Map<String, AttrValue> item : page.items()) {
                if (clock.instant().isAfter(deadline)) {
                    return read;
                }
                EnrolledAccount a = PublishedDeliveries.enrolled(item);
                if (today.equals(a.lastDay())) {
                    continue;
                }
                try {
                    if (accountDay(a, now, measured)) {
                        read++;
                    }
                    rows.accountRead(a, today);
                } catch (RuntimeException e) {
                    LOG.warn("account insights of {} {} (tenant {}): {}", a.platform(), a.accountId(), a.tenantId(), e.toString());
                }
            }
            startKey = page.lastKey();
        } while (startKey != null);
        return read;
    }

    private boolean accountDay(EnrolledAccount a, Instant now, String measured) {
        InsightsProvider provider = providers.get(a.platform());
        if (provider == null) {
            return false;
        }
        Lookup lookup = targets.target(a.tenantId(), a.platform(), a.accountId());
        if (!(lookup instanceof Lookup.Ready ready)) {
            if (lookup instanceof Lookup.Later later) {
                throw new IllegalStateException(later.why()); // not marked read: the next run tries again
            }
            return false;
        }
        PlatformResult<AccountDay> r = provider.account(ready.target(), now);
        if (r instanceof PlatformResult.Ok<AccountDay>(AccountDay day)) {
            if (day.followers() == null && day.reach() == null && day.views() == null) {
                return false; // the platform gives none of them: nothing to store
            }
            accountDays.put(new AccountInsights.Day(a.tenantId(), a.platform(), a.accountId(), measured, day.followers(), day.reach(),
                    day.views(), now));
            return true;
        }
        if (r instanceof PlatformResult.AuthFailed<AccountDay>) {
            targets.refused(ready.target(), a.platform() + " refused the account's token while reading its insights");
            return false;
        }
        if (r instanceof PlatformResult.Rejected<AccountDay>) {
            return false;
        }
        throw new IllegalStateException(a.platform() + " account insights unavailable for now");
    }
}
