package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Ids;
import com.socialwire.shared.jobs.JobQueue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    /** What one run did. */
    public record Report(String runId, int itemsRead, int claimed, int lostClaims, int jobsQueued, int stuckRead, int recovered,
                         int jobsRequeued, int gaveUp, int queries, long durationMs) {
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
            m.put("queries", queries);
            m.put("durationMs", durationMs);
            return m;
        }
    }

    private final PostStore posts;
    private final PublishJobs jobs;
    private final Publisher publisher;
    private final Clock clock;
    private final int lookbackDays;
    private final Duration lookahead;

    /**
     * @param lookbackDays how many day buckets back a run looks for posts it missed (the system was down)
     * @param lookahead    how far ahead a run claims: the schedule's period, so the next run is not too late
     */
    public PublishRun(PostStore posts, PublishJobs jobs, Publisher publisher, Clock clock, int lookbackDays, Duration lookahead) {
        this.posts = posts;
        this.jobs = jobs;
        this.publisher = publisher;
        this.clock = clock;
        this.lookbackDays = lookbackDays;
        this.lookahead = lookahead;
    }

    public Report run() {
        ExecutorService claimers = Executors.newFixedThreadPool(CLAIMERS, r -> {
            Thread t = new Thread(r, "publish-claim");
            t.setDaemon(true);
            return t;
        });
        try {
            return run(claimers);
        } finally {
            claimers.shutdownNow();
        }
    }

    private Report run(ExecutorService claimers) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        String runId = "run_" + Ids.base62(12);
        int read = 0;
        int claimed = 0;
        int lost = 0;
        int queries = 0;
        List<Object> batch = new ArrayList<>();
        int queued = 0;
        Instant until = now.plus(lookahead);
        List<String> days = new ArrayList<>();
        for (int d = lookbackDays; d >= 0; d--) {
            days.add(PostStore.day(now.minus(Duration.ofDays(d))));
        }
        if (!days.contains(PostStore.day(until))) {
            days.add(PostStore.day(until)); // the lookahead crosses midnight
        }
        for (String day : days) {
            String cursor = null;
            do {
                Page<Map<String, AttributeValue>> page = posts.due(day, until, PAGE, cursor);
                queries++;
                // claims are independent conditional writes: a page of them in parallel
                List<Post> due = page.items().stream().map(PostStore::post).toList();
                read += due.size();
                List<Future<Boolean>> won = new ArrayList<>();
                for (Post p : due) {
                    won.add(claimers.submit(() -> posts.claim(p.tenantId, p.id, p.scheduledFor, now, runId)));
                }
                for (int i = 0; i < due.size(); i++) {
                    Post p = due.get(i);
                    if (join(won.get(i))) {
                        claimed++;
                        int delay = (int) Math.max(0, (Duration.between(now, p.scheduledFor).toMillis() + 999) / 1000);
                        for (String platform : p.platforms()) {
                            batch.add(new JobQueue.Delayed(PublishJobs.publishJob(p.tenantId, p.id, platform), delay));
                        }
                        if (batch.size() >= 50) {
                            queued += flush(batch);
                        }
                    } else {
                        lost++;
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        queued += flush(batch);
        int[] sweep = sweep(now);
        Report r = new Report(runId, read, claimed, lost, queued, sweep[0], sweep[1], sweep[4], sweep[2], queries + sweep[3],
                (System.nanoTime() - started) / 1_000_000);
        LOG.info("publish run {}: {}", runId, r.toMap());
        return r;
    }

    private static boolean join(Future<Boolean> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("publish run interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private int flush(List<?> batch) {
        int n = batch.size();
        // a failure here leaves claimed posts in publishing with no job: the sweep re-queues them after STUCK_AFTER
        jobs.send(List.copyOf(batch));
        batch.clear();
        return n;
    }

    /** {stuck read, recovered, gave up, queries, jobs re-queued}. */
    int[] sweep(Instant now) {
        Instant before = now.minus(STUCK_AFTER);
        int read = 0;
        int recovered = 0;
        int gaveUp = 0;
        int queries = 0;
        List<ObjectNode> batch = new ArrayList<>();
        for (int d = lookbackDays; d >= 0; d--) {
            String day = PostStore.day(now.minus(Duration.ofDays(d)));
            if (now.minus(Duration.ofDays(d)).isBefore(before.minus(Duration.ofDays(lookbackDays + 1L)))) {
                continue;
            }
            String cursor = null;
            do {
                Page<Map<String, AttributeValue>> page = posts.publishingSince(day, before, PAGE, cursor);
                queries++;
                for (Map<String, AttributeValue> item : page.items()) {
                    read++;
                    Post p = PostStore.post(item);
                    String seen = Item.s(item, "claimedAt");
                    if (p.recoveries >= MAX_RECOVERIES) {
                        if (publisher.giveUp(p.tenantId, p.id, "still publishing after " + MAX_RECOVERIES + " recoveries")) {
                            gaveUp++;
                        }
                        continue;
                    }
                    if (seen != null && posts.reclaim(p.tenantId, p.id, seen, now)) {
                        recovered++;
                        int unfinished = 0;
                        for (String platform : p.platforms()) {
                            ObjectNode dl = p.delivery(platform);
                            if (dl == null || !Publisher.TERMINAL.contains(dl.path("status").asText())) {
                                batch.add(PublishJobs.publishJob(p.tenantId, p.id, platform));
                                unfinished++;
                            }
                        }
                        if (unfinished == 0) {
                            // every platform ended but the post was never finished (a crash before finish())
                            publisher.finish(p.tenantId, p.id);
                        }
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        int requeued = flush(batch);
        return new int[]{read, recovered, gaveUp, queries, requeued};
    }
}
