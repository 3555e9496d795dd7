package com.socialwire.posts.studio.rss;

import com.socialwire.shared.Ids;
import com.socialwire.shared.Parallel;
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
import java.util.function.Consumer;

/**
 * One feed run (FeedRunFunction, every 5 minutes): reads the due feeds of every shard of the due index by key
 * condition (never a Scan), claims each (a conditional update: a second run at the same time loses the claim and
 * skips the feed), and checks the claimed ones {@value #CHECKERS} at a time. Each check is isolated: a feed that is
 * malformed, too large, slow or unreachable fails alone (recorded and backed off), and every other feed of the run —
 * of the same tenant or another — is still checked. A run stops claiming when its time budget is spent; what is
 * left stays due for the next run.
 */
public final class FeedRun {

    private static final Logger LOG = LoggerFactory.getLogger(FeedRun.class);
    static final int PAGE = 50;
    static final int CHECKERS = 8;

    /** What one run did. */
    public record Report(String runId, int due, int claimed, int lostClaims, int ok, int notModified, int failed, int postsCreated,
                         boolean budgetSpent) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runId", runId);
            m.put("due", due);
            m.put("claimed", claimed);
            m.put("lostClaims", lostClaims);
            m.put("ok", ok);
            m.put("notModified", notModified);
            m.put("failed", failed);
            m.put("postsCreated", postsCreated);
            m.put("budgetSpent", budgetSpent);
            return m;
        }
    }

    private final FeedStore feeds;
    private final FeedCheck check;
    private final Clock clock;
    private final Duration budget;

    public FeedRun(FeedStore feeds, FeedCheck check, Clock clock, Duration budget) {
        this.feeds = feeds;
        this.check = check;
        this.clock = clock;
        this.budget = budget;
    }

    public Report run() {
        Instant start = clock.instant();
        String runId = "feedrun_" + Ids.base62(12);
        List<Feed> claimed = new ArrayList<>();
        int due = 0;
        int lost = 0;
        boolean spent = false;
        for (int shard = 0; shard < FeedStore.SHARDS && !spent; shard++) {
            String cursor = null;
            do {
                Page<Feed> page;
                try {
                    page = feeds.due(shard, start, PAGE, cursor);
                } catch (RuntimeException e) {
                    LOG.error("feed run {}: shard {} could not be read; the other shards go on", runId, shard, e);
                    break;
                }
                for (Feed f : page.items()) {
                    due++;
                    if (clock.instant().isAfter(start.plus(budget))) {
                        spent = true;
                        break;
                    }
                    try {
                        if (feeds.claim(f, start, FeedCheck.LEASE, runId, true)) {
                            claimed.add(f);
                        } else {
                            lost++;
                        }
                    } catch (RuntimeException e) {
                        lost++;
                        LOG.error("feed run {}: feed {} of tenant {} could not be claimed", runId, f.id(), f.tenantId(), e);
                    }
                }
                cursor = spent ? null : page.nextCursor();
            } while (cursor != null);
        }
        List<FeedCheck.Outcome> outcomes = new ArrayList<>();
        Parallel.forEach(claimed, CHECKERS, new Checker(runId, outcomes));
        int ok = 0;
        int notModified = 0;
        int failed = 0;
        int posts = 0;
        for (FeedCheck.Outcome o : outcomes) {
            switch (o.status()) {
                case "ok" -> ok++;
                case "not_modified" -> notModified++;
                default -> failed++;
            }
            posts += o.postsCreated();
        }
        failed += claimed.size() - outcomes.size(); // a check that threw (its claim runs out; the feed is due again then)
        Report r = new Report(runId, due, claimed.size(), lost, ok, notModified, failed, posts, spent);
        LOG.info("feed run {}: {}", runId, r.toMap());
        return r;
    }

    /** Checks one claimed feed; its own failure is counted, never the run's. */
    private final class Checker implements Consumer<Feed> {
        private final String runId;
        private final List<FeedCheck.Outcome> outcomes;

        Checker(String runId, List<FeedCheck.Outcome> outcomes) {
            this.runId = runId;
            this.outcomes = outcomes;
        }

        @Override
        public void accept(Feed f) {
            try {
                FeedCheck.Outcome o = check.check(f, runId);
                synchronized (outcomes) {
                    outcomes.add(o);
                }
            } catch (RuntimeException e) {
                LOG.error("feed run {}: feed {} of tenant {} failed outside its check", runId, f.id(), f.tenantId(), e);
            }
        }
    }
}
