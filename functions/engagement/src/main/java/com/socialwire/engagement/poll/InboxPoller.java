package com.socialwire.engagement.poll;

import com.socialwire.engagement.model.Jobs.CommentJob;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Parallel;
import com.socialwire.shared.jobs.JobQueue;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.TokenCare;
import com.socialwire.shared.social.mentions.InboxCursors;
import com.socialwire.shared.social.mentions.MentionSource;
import com.socialwire.shared.social.mentions.MentionSource.Mention;
import com.socialwire.shared.store.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls the social accounts whose platforms do not push their engagement (X, Bluesky, Mastodon, LinkedIn, YouTube)
 * into the inbox, each through its platform's {@link MentionSource}:
 * <ol>
 *   <li>the account's inbox row ({@link InboxCursors}) is leased with a conditional write, so a scheduled run and a
 *       manual poll never read the same account at once;</li>
 *   <li>each page's items the inbox does not have yet become comment jobs on the comments queue (the worker records,
 *       moderates and answers them; retries and the DLQ apply); the account's own posts make none;</li>
 *   <li>only then the page's cursor is stored: a crash in between fetches the same items again, and the inbox item's id
 *       (the platform and its id) makes them nothing new — never skipped, never added twice.</li>
 * </ol>
 * One account's failure stops only that account: a refused token marks it {@code reconnect_required} (as a publish does)
 * and takes it out of the poll index; a rate limit or an outage backs off (the platform's hint, else the interval
 * doubled per failure in a row, at most {@link #MAX_BACKOFF}).
 */
public final class InboxPoller {

    private static final Logger LOG = LoggerFactory.getLogger(InboxPoller.class);
    /** Items asked for per page, and pages read per account and poll (the rest waits for the next poll). */
    static final int PAGE = 50;
    static final int MAX_PAGES = 4;
    /** How long one poll may hold an account (far beyond its calls' timeouts); a crashed poll's lease lapses after it. */
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Duration MAX_BACKOFF = Duration.ofHours(2);
    /** Accounts polled at once. */
    static final int PARALLEL = 4;
    /** A platform's minimum between two polls of one account where its source names none. */
    static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMinutes(5);

    private final InboxCursors cursors;
    private final SocialAccounts accounts;
    private final TokenCare tokens;
    private final Map<String, MentionSource> sources;
    private final InboxStore inbox;
    private final JobQueue comments;
    private final Clock clock;
    /** The scheduled interval (at least each platform's minimum). */
    private final Duration interval;
    /** A manual poll's minimum since an account's last poll; null: its platform's. */
    private final Duration manualMinimum;

    public InboxPoller(InboxCursors cursors, SocialAccounts accounts, TokenCare tokens, Map<String, MentionSource> sources, InboxStore inbox,
                       JobQueue comments, Clock clock, Duration interval, Duration manualMinimum) {
        this.cursors = cursors;
        this.accounts = accounts;
        this.tokens = tokens;
        this.sources = sources;
        this.inbox = inbox;
        this.comments = comments;
        this.clock = clock;
        this.interval = interval;
        this.manualMinimum = manualMinimum;
    }

    /** What a run did: accounts polled, items new to the inbox, accounts that failed, accounts not polled now. */
    public record Summary(int polled, int newItems, int failed, int skipped) {
        public Map<String, Object> body() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("polled", polled);
            out.put("newItems", newItems);
            out.put("failed", failed);
            out.put("skipped", skipped);
            return out;
        }

        /**
         * The record's own text, written out: the scheduled run logs it, and the generated {@code toString} bootstrapped
         * ObjectMethods and its string concatenation at every cold start (~40 classes).
         */
        @Override
        public String toString() {
            return "Summary[polled=" + polled + ", newItems=" + newItems + ", failed=" + failed + ", skipped=" + skipped + "]";
        }
    }

    /** The scheduled run: every account due by now, shard by shard, until {@code deadline} (the rest waits for the next run). */
    public Summary runDue(Instant deadline) {
        Tally tally = new Tally();
        for (int shard = 0; shard < InboxCursors.SHARDS; shard++) {
            String cursor = null;
            do {
                if (!clock.instant().isBefore(deadline)) {
                    return tally.summary();
                }
                Page<InboxCursors.Row> page = cursors.due(shard, clock.instant(), 100, cursor);
                Parallel.forEach(page.items(), PARALLEL, row -> tally.add(poll(row, true)));
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        return tally.summary();
    }

    /**
     * A manual poll of the tenant's polled accounts now ({@code POST .../inbox/poll}): each one not polled within its
     * platform's minimum interval (its read limits), not backing off from a rate limit, and not being polled right now.
     * A connected account without an inbox row (connected before the unified inbox) gets one first: a polled one is
     * polled from then on, a Facebook Page's or Threads profile's webhooks find it.
     */
    public Summary pollTenant(String tenantId) {
        List<InboxCursors.Row> rows = cursors.forTenant(tenantId);
        Set<String> known = new java.util.HashSet<>();
        for (InboxCursors.Row r : rows) {
            known.add(r.accountId());
        }
        boolean enrolled = false;
        for (SocialAccount a : accounts.all(tenantId)) {
            boolean inbox = InboxCursors.POLLED.contains(a.platform()) || InboxCursors.PUSHED.contains(a.platform());
            if (a.status() == AccountStatus.CONNECTED && inbox && !known.contains(a.accountId())) {
                cursors.enrol(a, clock.instant());
                enrolled = true;
            }
        }
        if (enrolled) {
            rows = cursors.forTenant(tenantId);
        }
        Tally tally = new Tally();
        List<InboxCursors.Row> polled = rows.stream().filter(r -> InboxCursors.POLLED.contains(r.platform()) && r.indexed()).toList();
        Parallel.forEach(polled, PARALLEL, row -> tally.add(poll(row, false)));
        return tally.summary();
    }

    /** What one account's poll came to: {@code newItems} queued before it ended. */
    record Outcome(Result result, int newItems) {
        enum Result { POLLED, FAILED, SKIPPED }
    }

    private static final class Tally {
        final AtomicInteger polled = new AtomicInteger();
        final AtomicInteger newItems = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();

        void add(Outcome o) {
            newItems.addAndGet(o.newItems());
            (switch (o.result()) {
                case POLLED -> polled;
                case FAILED -> failed;
                case SKIPPED -> skipped;
            }).incrementAndGet();
        }

        Summary summary() {
            return new Summary(polled.get(), newItems.get(), failed.get(), skipped.get());
        }
    }

    /** One account's poll; never throws (one account's failure is its own). */
    Outcome poll(InboxCursors.Row row, boolean scheduled) {
        MentionSource source = sources.get(row.platform());
        Duration every = source == null ? interval : max(interval, minInterval(source));
        Duration minimum = manualMinimum != null ? manualMinimum : source == null ? DEFAULT_MIN_INTERVAL : minInterval(source);
        String owner = Ids.next("poll");
        Instant now = clock.instant();
        if (!cursors.claim(row, owner, now, now.plus(LEASE), scheduled, minimum)) {
            return new Outcome(Outcome.Result.SKIPPED, 0);
        }
        int fresh = 0;
        try {
            Optional<SocialAccounts.Stored> stored = accounts.loadAccount(row.tenantId(), row.accountId());
            if (stored.isEmpty() || stored.get().account().status() != AccountStatus.CONNECTED || source == null || !source.polled()) {
                // not connected (a reconnect puts it back), or nothing here reads it: out of the poll index
                cursors.release(row, owner, now, null, null, 0);
                return new Outcome(Outcome.Result.SKIPPED, 0);
            }
            SocialAccount account = stored.get().account();
            Target target;
            switch (tokens.validToken(account)) {
                case PlatformResult.Ok<String>(String token) -> target = new Target(account, token);
                case PlatformResult.AuthFailed<String> refused -> {
                    // the token care marked it (a refused refresh) or it is not connected: a reconnect puts it back
                    accounts.markReconnectRequired(row.tenantId(), row.accountId(), refused.message());
                    cursors.release(row, owner, now, null, null, row.failures() + 1);
                    return new Outcome(Outcome.Result.FAILED, 0);
                }
                case PlatformResult<String> notNow -> {
                    backOff(row, owner, now, every, 0);
                    return new Outcome(Outcome.Result.FAILED, 0);
                }
            }
            String cursor = row.cursor();
            for (int page = 0; page < MAX_PAGES; page++) {
                PlatformResult<MentionSource.Page> read = source.poll(target, cursor, PAGE);
                if (read instanceof PlatformResult.Ok<MentionSource.Page>(MentionSource.Page p)) {
                    fresh += handOn(account, p.items());
                    if (p.cursor() != null && !p.cursor().equals(cursor)) {
                        if (!cursors.advance(row, owner, p.cursor())) {
                            LOG.warn("inbox poll of {} lost its lease; the poll that took over goes on", row.accountId());
                            return new Outcome(Outcome.Result.POLLED, fresh);
                        }
                        cursor = p.cursor();
                    }
                    if (!p.more()) {
                        break;
                    }
                } else if (read instanceof PlatformResult.AuthFailed<MentionSource.Page> refused) {
                    LOG.warn("inbox poll of {} {}: token refused ({} {})", row.platform(), row.accountId(), refused.httpStatus(), refused.code());
                    accounts.markReconnectRequired(row.tenantId(), row.accountId(), row.platform() + " refused the token while reading its inbox");
                    cursors.release(row, owner, now, null, null, row.failures() + 1);
                    return new Outcome(Outcome.Result.FAILED, fresh);
                } else if (read instanceof PlatformResult.Transient<MentionSource.Page> t) {
                    LOG.warn("inbox poll of {} {}: not now ({} {}), retry after {} s", row.platform(), row.accountId(), t.httpStatus(), t.code(),
                            t.retryAfterSeconds());
                    backOff(row, owner, now, every, t.retryAfterSeconds());
                    return new Outcome(Outcome.Result.FAILED, fresh);
                } else {
                    LOG.warn("inbox poll of {} {}: {}", row.platform(), row.accountId(), read.getClass().getSimpleName());
                    backOff(row, owner, now, every, 0);
                    return new Outcome(Outcome.Result.FAILED, fresh);
                }
            }
            cursors.release(row, owner, now, now.plus(every), null, 0);
            return new Outcome(Outcome.Result.POLLED, fresh);
        } catch (RuntimeException e) {
            // the queue refused the jobs, a store call failed...: the cursor stayed where it was, the next poll reads again
            LOG.warn("inbox poll of {} {} failed: {}", row.platform(), row.accountId(), e.toString());
            try {
                backOff(row, owner, now, every, 0);
            } catch (RuntimeException ignored) {
                // the lease lapses by itself
            }
            return new Outcome(Outcome.Result.FAILED, fresh);
        }
    }

    /** Next poll after the platform's hint, else the interval doubled per failure in a row (at most {@link #MAX_BACKOFF}). */
    private void backOff(InboxCursors.Row row, String owner, Instant now, Duration every, long retryAfterSeconds) {
        long failures = row.failures() + 1;
        Duration wait = every.multipliedBy(1L << Math.min(failures, 5));
        if (retryAfterSeconds > 0) {
            wait = Duration.ofSeconds(retryAfterSeconds);
        }
        if (wait.compareTo(MAX_BACKOFF) > 0) {
            wait = MAX_BACKOFF;
        }
        cursors.release(row, owner, now, now.plus(max(wait, every)), now.plus(wait), failures);
    }

    /**
     * Queues a comment job for each of {@code items} the inbox does not have yet (one batched read); the account's own
     * posts make none. Throws if the queue did not take them all, so the cursor is not stored.
     */
    private int handOn(SocialAccount account, List<Mention> items) {
        Map<String, Mention> byId = new LinkedHashMap<>();
        for (Mention m : items) {
            if (m.externalId() == null || account.externalId() != null && account.externalId().equals(m.authorId())) {
                continue;
            }
            byId.putIfAbsent(InboxStore.idFor(account.tenantId(), account.platform(), m.type(), m.externalId()), m);
        }
        if (byId.isEmpty()) {
            return 0;
        }
        Set<String> known = inbox.existing(account.tenantId(), byId.keySet());
        Instant now = clock.instant();
        List<CommentJob> jobs = new ArrayList<>();
        byId.forEach((id, m) -> {
            if (!known.contains(id)) {
                jobs.add(job(account, m, now));
            }
        });
        comments.send(jobs);
        return jobs.size();
    }

    static CommentJob job(SocialAccount account, Mention m, Instant receivedAt) {
        return new CommentJob(account.tenantId(), null, m.authorId(), m.authorName(), m.text(), m.postExternalId(), null, receivedAt,
                account.platform(), account.accountId(), m.type(), m.externalId(), m.authorHandle(), m.url(), m.createdAt(), m.replyRef());
    }

    static Duration minInterval(MentionSource source) {
        return source.minInterval();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
