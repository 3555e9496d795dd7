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
 * condition (never a Scan), a page at a time: claims each (a conditional update: a second run at the same time loses
 * the claim and skips the feed), then checks the claimed ones {@value #CHECKERS} at a time. Each check is isolated: a
 * feed that is malformed, too large, slow or unreachable fails alone (recorded and backed off), and every other feed
 * of the run — of the same tenant or another — is still checked. A run takes no new page once its time budget is
 * spent (a page's checks end within two fetch budgets after it); what is left stays due for the next run.
 */
public final class FeedRun {

    private static final Logger LOG = LoggerFactory.getLogger(FeedRun.class);
    /** Feeds claimed and checked per step: two rounds of checkers, so a run ends soon after its budget. */
    static final int PAGE = 2 * 8;
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
        Tally t = new Tally("feedrun_" + Ids.base62(12));
        for (int shard = 0; shard < FeedStore.SHARDS && !t.spent; shard++) {
            String cursor = null;
            do {
                Page<Feed> page;
                try {
                    page = feeds.due(shard, start, PAGE, cursor);
                } catch (RuntimeException e) {
                    LOG.error("feed run {}: shard {} could not be read; the other shards go on", t.runId, shard, e);
                    break;
                }
                checkPage(t, page.items(), start);
                t.spent = clock.instant().isAfter(start.plus(budget));
                cursor = t.spent ? null : page.nextCursor();
            } while (cursor != null);
        }
        Report r = new Report(t.runId, t.due, t.claimed, t.lost, t.ok, t.notModified, t.failed, t.posts, t.spent);
        LOG.info("feed run {}: {}", t.runId, r.toMap());
        return r;
    }

    /** The counts of one run as it goes. */
    private static final class Tally {
        final String runId;
        int due;
        int claimed;
        int lost;
        int ok;
        int notModified;
        int failed;
        int posts;
        boolean spent;

        Tally(String runId) {
            this.runId = runId;
        }
    }

    /** Claims the feeds of one page and checks those it won, {@value #CHECKERS} at a time; each feed alone. */
    private void checkPage(Tally t, List<Feed> due, Instant now) {
        List<Feed> claimed = new ArrayList<>();
        for (Feed f : due) {
            t.due++;
            try {
                if (feeds.claim(f, now, FeedCheck.LEASE, t.runId, true)) {
                    claimed.add(f);
                } else {
                    t.lost++;
                }
            } catch (RuntimeException e) {
                t.lost++;
                LOG.error("feed run {}: feed {} of tenant {} could not be claimed", t.runId, f.id(), f.tenantId(), e);
            }
        }
        List<FeedCheck.Outcome> outcomes = new ArrayList<>();
        Parallel.forEach(claimed, CHECKERS, new Checker(t.runId, outcomes));
        t.claimed += claimed.size();
        for (FeedCheck.Outcome o : outcomes) {
            switch (o.status()) {
                case "ok" -> t.ok++;
                case "not_modified" -> t.notModified++;
                default -> t.failed++;
            }
            t.posts += o.postsCreated();
        }
        t.failed += claimed.size() - outcomes.size(); // a check that threw: its claim runs out and the feed is due again then
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
