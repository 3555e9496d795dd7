package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.regen.RegenerationSweep;
import com.socialwire.posts.studio.jobs.ContentJobSweep;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Parallel;
import com.socialwire.shared.jobs.JobQueue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.socialwire.shared.store.AttrValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * One publish run (EventBridge, every minute): reads the posts due before the next run from the
 * day-bucketed due index by key condition (never a Scan), claims each with a conditional update —
 * a second run firing at the same time loses the claim and does nothing — and queues one publish
 * job per post and platform, held back by SQS until the post's time (DelaySeconds), so a post goes
 * out at its minute rather than up to a run period late. Then the stuck-post sweep: posts publishing for more than 5 minutes get their
 * unfinished platforms' jobs again (the worker checks an unknown outcome before publishing
 * again); after {@value #MAX_RECOVERIES} recoveries the remaining platforms are failed.
 */
public final class PublishRun {

    private static final Logger LOG = LoggerFactory.getLogger(PublishRun.class);

    public static final Duration STUCK_AFTER = Duration.ofMinutes(5);
    public static final int MAX_RECOVERIES = 3;
    static final int PAGE = 100;
    /** Claims in flight at once (one HTTP connection each). */
    static final int CLAIMERS = 8;

    /** The delivery code of a post the run could not handle. */
    public static final String FAILED_CODE = "PUBLISH_RUN_FAILED";

    /**
     * What one run did. {@code failed}: posts whose own step threw and that were failed alone;
     * {@code unrecorded}: of those, the ones whose failure could not even be written (logged).
     */
    public record Report(String runId, int itemsRead, int claimed, int lostClaims, int jobsQueued, int stuckRead, int recovered,
                         int jobsRequeued, int gaveUp, int queries, long durationMs, int failed, int unrecorded) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runId", runId);
            m.put("itemsRead", itemsRead);
            m.put("claimed", claimed);
            m.put("lostClaims", lostClaims);
            m.put("jobsQueued", jobsQueued);
            m.put("stuckRead", stuckRead);
            m.put("recovered", recovered);
            m.put("jobsRequeued", jobsRequeued);
            m.put("gaveUp", gaveUp);
            m.put("failed", failed);
            m.put("unrecorded", unrecorded);
            m.put("queries", queries);
            m.put("durationMs", durationMs);
            return m;
        }
    }

    /** The counts of one run as it goes. */
    private static final class Tally {
        final String runId;
        int read;
        int claimed;
        int lost;
        int queued;
        int queries;
        int stuckRead;
        int recovered;
        int gaveUp;
        int requeued;
        int failed;
        int unrecorded;

        Tally(String runId) {
            this.runId = runId;
        }
    }

    private final PostStore posts;
    private final PublishJobs jobs;
    /** Built on first use: a run calls it only for a post it must fail, give up on or finish (not at a cold start). */
    private final Supplier<Publisher> publisher;
    private final Clock clock;
    private final int lookbackDays;
    private final Duration lookahead;
    private final RegenerationSweep regenerations;
    private final ContentJobSweep contentJobs;

    /**
     * @param lookbackDays how many day buckets back a run looks for posts it missed (the system was down)
     * @param lookahead    how far ahead a run claims: the schedule's period, so the next run is not too late
     */
    public PublishRun(PostStore posts, PublishJobs jobs, Publisher publisher, Clock clock, int lookbackDays, Duration lookahead) {
        this(posts, jobs, () -> publisher, clock, lookbackDays, lookahead, null, null);
    }

    /**
     * As above, also ending the regenerations nobody will finish ({@code regenerations}, run beside the two passes) and the
     * content jobs stuck past their deadline ({@code contentJobs}, likewise; either may be null).
     */
    public PublishRun(PostStore posts, PublishJobs jobs, Supplier<Publisher> publisher, Clock clock, int lookbackDays, Duration lookahead,
                      RegenerationSweep regenerations, ContentJobSweep contentJobs) {
        this.regenerations = regenerations;
        this.contentJobs = contentJobs;
        this.posts = posts;
        this.jobs = jobs;
        this.publisher = publisher;
        this.clock = clock;
        this.lookbackDays = lookbackDays;
        this.lookahead = lookahead;
    }

    public Report run() {
        ExecutorService claimers = Executors.newFixedThreadPool(CLAIMERS, new Parallel.DaemonThreads("publish-claim"));
        try {
            return run(claimers);
        } finally {
            claimers.shutdownNow();
        }
    }

    private Report run(ExecutorService claimers) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Tally t = new Tally("run_" + Ids.base62(12));
        Map<Post, List<Object>> batch = new LinkedHashMap<>();
        Instant until = now.plus(lookahead);
        List<String> days = new ArrayList<>();
        for (int d = lookbackDays; d >= 0; d--) {
            days.add(PostStore.day(now.minus(Duration.ofDays(d))));
        }
        if (!days.contains(PostStore.day(until))) {
            days.add(PostStore.day(until)); // the lookahead crosses midnight
        }
        // the regeneration sweep reads and writes other posts (regenerating ones) than the passes below: it runs beside them
        Future<RegenerationSweep.Result> regenerated = regenerations == null ? null : claimers.submit(() -> regenerations.sweep(claimers));
        Future<ContentJobSweep.Result> jobsSwept = contentJobs == null ? null : claimers.submit(contentJobs::sweep);
        // the first page of each day's bucket asked at once (independent queries: one round trip, not one per day)
        List<Future<Page<Map<String, AttrValue>>>> firstPages = Parallel.start(claimers, days, day -> posts.due(day, until, PAGE, null));
        for (int d = 0; d < days.size(); d++) {
            String day = days.get(d);
            Future<Page<Map<String, AttrValue>>> first = firstPages.get(d);
            String cursor = null;
            do {
                String from = cursor;
                Page<Map<String, AttrValue>> page = page(t, from == null ? () -> Parallel.join(first) : () -> posts.due(day, until, PAGE, from));
                if (page == null) {
                    break; // this day's bucket is unreadable now; the other days and the sweep still run
                }
                t.read += page.items().size();
                List<Post> due = readable(t, page.items());
                // claims are independent conditional writes: a page of them in parallel
                List<Future<Boolean>> won = new ArrayList<>();
                for (Post p : due) {
                    won.add(claimers.submit(() -> posts.claim(p.tenantId, p.id, p.scheduledFor, now, t.runId)));
                }
                for (int i = 0; i < due.size(); i++) {
                    Post p = due.get(i);
                    boolean claimed;
                    try {
                        claimed = Parallel.join(won.get(i));
                    } catch (RuntimeException e) {
                        failAlone(t, p, "claim", e);
                        continue;
                    }
                    if (claimed) {
                        t.claimed++;
                        int delay = (int) Math.max(0, (Duration.between(now, p.scheduledFor).toMillis() + 999) / 1000);
                        List<Object> its = new ArrayList<>();
                        for (String platform : p.platforms()) {
                            its.add(new JobQueue.Delayed(PublishJobs.publishJob(p.tenantId, p.id, platform), delay));
                        }
                        batch.put(p, its);
                        if (batch.values().stream().mapToInt(List::size).sum() >= 50) {
                            t.queued += flush(t, batch);
                        }
                    } else {
                        t.lost++;
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        t.queued += flush(t, batch);
        sweep(t, now, claimers);
        sweepRegenerations(t, regenerated);
        sweepContentJobs(t, jobsSwept);
        Report r = new Report(t.runId, t.read, t.claimed, t.lost, t.queued, t.stuckRead, t.recovered, t.requeued, t.gaveUp, t.queries,
                (System.nanoTime() - started) / 1_000_000, t.failed, t.unrecorded);
        LOG.info("publish run {}: {}", t.runId, r.toMap());
        return r;
    }

    /** One page of an index query, or null (logged) when the query fails: a day bucket must not stop the run. */
    private Page<Map<String, AttrValue>> page(Tally t, Supplier<Page<Map<String, AttrValue>>> query) {
        t.queries++;
        try {
            return query.get();
        } catch (RuntimeException e) {
            LOG.error("publish run {}: an index query failed; going on with the next bucket", t.runId, e);
            return null;
        }
    }

    /** The posts of a page; an item that cannot be read is failed alone. */
    private List<Post> readable(Tally t, List<Map<String, AttrValue>> items) {
        List<Post> out = new ArrayList<>();
        for (Map<String, AttrValue> item : items) {
            try {
                out.add(PostStore.post(item));
            } catch (RuntimeException e) {
                t.failed++;
                LOG.error("publish run {}: post {} of tenant {} cannot be read; failing it alone", t.runId, Item.s(item, "id"),
                        Item.s(item, "tenantId"), e);
                record(t, Item.s(item, "tenantId"), Item.s(item, "id"), null, Map.of());
            }
        }
        return out;
    }

    /**
     * Sends the jobs of the posts in {@code batch} together; if the queue refuses the batch, each
     * post's jobs alone, so only a post whose own jobs are refused fails (a job sent twice is
     * harmless: the worker publishes exactly once).
     */
    private int flush(Tally t, Map<Post, List<Object>> batch) {
        List<Object> all = batch.values().stream().flatMap(List::stream).toList();
        int sent = 0;
        if (!all.isEmpty()) {
            try {
                jobs.send(all);
                sent = all.size();
            } catch (RuntimeException batchRefused) {
                if (JobQueue.unavailable(batchRefused)) {
                    // SQS is out (unreachable, failing or throttling): no post of the batch is at fault, and sending each
                    // alone would only wait out the same outage again per post, past the run's timeout. They stay claimed
                    // (publishing, in the publishing index), so the stuck-post sweep queues their jobs after STUCK_AFTER,
                    // and gives up with a reason and a refund after MAX_RECOVERIES: nothing is lost, and a job that did
                    // reach the queue before the failure is published once (each delivery advances by compare-and-set).
                    // Failing them instead would fail every post due during a minute's outage, for every tenant.
                    LOG.warn("publish run {}: the queue is unavailable; {} posts stay claimed for the stuck-post sweep to queue",
                            t.runId, batch.size(), batchRefused);
                    batch.clear();
                    return 0;
                }
                LOG.warn("publish run {}: the queue refused a batch of {} jobs; sending each post's jobs alone", t.runId, all.size(), batchRefused);
                for (Map.Entry<Post, List<Object>> e : batch.entrySet()) {
                    try {
                        jobs.send(e.getValue());
                        sent += e.getValue().size();
                    } catch (RuntimeException refused) {
                        failAlone(t, e.getKey(), "queue the publish jobs of", refused);
                    }
                }
            }
        }
        batch.clear();
        return sent;
    }

    /**
     * A post whose own step threw ends failed with a reason, and the run goes on with the others.
     * If even that write fails, a smaller one; if that fails too, it is logged and counted.
     */
    private void failAlone(Tally t, Post p, String step, RuntimeException e) {
        t.failed++;
        String reason = "the publish run could not " + step + " this post (" + cause(e) + "); edit it if needed, then publish or reschedule it";
        LOG.error("publish run {}: could not {} post {} of tenant {}; failing it alone", t.runId, step, p.id, p.tenantId, e);
        try {
            publisher.get().failAlone(p.tenantId, p.id, FAILED_CODE, reason);
            return;
        } catch (RuntimeException whole) {
            LOG.warn("publish run {}: post {} cannot be saved as failed; marking it in place", t.runId, p.id, whole);
        }
        Map<String, ObjectNode> failed = new LinkedHashMap<>();
        for (String platform : p.platforms()) {
            ObjectNode d = p.delivery(platform);
            if (!DeliveryStatus.of(d).terminal()) {
                failed.put(platform, Publisher.failed(d, FAILED_CODE, reason, clock.instant()));
            }
        }
        p.record(clock.instant(), "publish-run-failed", p.status, PostStatus.FAILED, "system", reason);
        record(t, p.tenantId, p.id, p, failed);
    }

    /** The last-resort failure write; counted as unrecorded (and logged) when it fails too. */
    private void record(Tally t, String tenantId, String postId, Post trail, Map<String, ObjectNode> failed) {
        try {
            posts.markFailed(tenantId, postId, trail, failed, clock.instant());
        } catch (RuntimeException e) {
            t.unrecorded++;
            LOG.error("publish run {}: the failure of post {} of tenant {} could not be recorded", t.runId, postId, tenantId, e);
        }
    }

    /** What went wrong, in a few words a user can act on (never a store's or queue's own text). */
    private static String cause(RuntimeException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("size") ? "the post is too large to change" : "a storage or queue error";
    }

    /** Regenerations nobody will finish go back to review; it fails post by post and never stops the run. */
    private void sweepContentJobs(Tally t, Future<ContentJobSweep.Result> sweep) {
        if (sweep == null) {
            return;
        }
        try {
            t.failed += Parallel.join(sweep).failed();
        } catch (RuntimeException e) {
            t.failed++;
            LOG.error("publish run {}: the content job sweep failed; it runs again next minute", t.runId, e);
        }
    }

    private void sweepRegenerations(Tally t, Future<RegenerationSweep.Result> sweep) {
        if (sweep == null) {
            return;
        }
        try {
            RegenerationSweep.Result r = Parallel.join(sweep);
            t.queries += r.queries();
            t.failed += r.failed();
        } catch (RuntimeException e) {
            t.failed++;
            LOG.error("publish run {}: the regeneration sweep failed; it runs again next minute", t.runId, e);
        }
    }

    /** The stuck-post sweep; each post's step fails alone. The first page of each day is read at once on {@code readers}. */
    void sweep(Tally t, Instant now, ExecutorService readers) {
        Instant before = now.minus(STUCK_AFTER);
        Map<Post, List<Object>> batch = new LinkedHashMap<>();
        List<String> days = new ArrayList<>();
        for (int d = lookbackDays; d >= 0; d--) {
            if (!now.minus(Duration.ofDays(d)).isBefore(before.minus(Duration.ofDays(lookbackDays + 1L)))) {
                days.add(PostStore.day(now.minus(Duration.ofDays(d))));
            }
        }
        List<Future<Page<Map<String, AttrValue>>>> firstPages = Parallel.start(readers, days,
                day -> posts.publishingSince(day, before, PAGE, null));
        for (int d = 0; d < days.size(); d++) {
            String day = days.get(d);
            Future<Page<Map<String, AttrValue>>> first = firstPages.get(d);
            String cursor = null;
            do {
                String from = cursor;
                Page<Map<String, AttrValue>> page = page(t, from == null ? () -> Parallel.join(first)
                        : () -> posts.publishingSince(day, before, PAGE, from));
                if (page == null) {
                    break;
                }
                t.stuckRead += page.items().size();
                List<Post> stuck = readable(t, page.items());
                for (Post p : stuck) {
                    String step = "re-drive";
                    try {
                        if (p.recoveries >= MAX_RECOVERIES) {
                            step = "give up on";
                            if (publisher.get().giveUp(p.tenantId, p.id, "still publishing after " + MAX_RECOVERIES + " recoveries")) {
                                t.gaveUp++;
                            }
                            continue;
                        }
                        if (p.claimedAt != null && posts.reclaim(p.tenantId, p.id, PostStore.ts(p.claimedAt), now)) {
                            t.recovered++;
                            List<Object> its = new ArrayList<>();
                            for (String platform : p.platforms()) {
                                if (!p.deliveryStatus(platform).terminal()) {
                                    its.add(PublishJobs.publishJob(p.tenantId, p.id, platform));
                                }
                            }
                            if (its.isEmpty()) {
                                // every platform ended but the post was never finished (a crash before finish())
                                step = "finish";
                                publisher.get().finish(p.tenantId, p.id);
                            } else {
                                batch.put(p, its);
                            }
                        }
                    } catch (RuntimeException e) {
                        failAlone(t, p, step, e);
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        t.requeued += flush(t, batch);
    }
}
