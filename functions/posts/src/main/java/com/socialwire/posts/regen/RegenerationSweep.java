package com.socialwire.posts.regen;

import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.store.PostStore;
import com.socialwire.posts.workflow.Workflow;
import com.socialwire.shared.Parallel;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.socialwire.shared.store.AttrValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Ends regenerations nobody will finish. A {@code regenerate_post} job's worker ends the regeneration
 * even when the model stays down (on the job's last receive), but an invocation that dies on that
 * last receive (timeout, crash) leaves the message to go to the DLQ and the post {@code regenerating}
 * for ever; a synchronous regenerate whose PostsFunction invocation died does the same. Run by the
 * publish run every minute, this sweep reads the posts regenerating since before {@link #DEADLINE}
 * from their day-bucketed index (GSI2 {@code POSTS#REGENERATING#{day}}, by key condition — never a
 * Scan), and moves each back to {@code qa_review} with its old text and the reason — the end the
 * workflow gives every regeneration, so a person reviews the unchanged text — and gives back the
 * credits the job's dead invocation held (the ledger's refund is idempotent: nothing if there was
 * no hold or it already ended; a synchronous regenerate's hold, under a random id, expires by itself).
 * One post's failure is logged and counted, and the sweep goes on with the others.
 */
public final class RegenerationSweep {

    private static final Logger LOG = LoggerFactory.getLogger(RegenerationSweep.class);

    /**
     * ContentQueue's VisibilityTimeout (720 s) × (maxReceiveCount 5 + 1), from template.yaml (TemplateTest
     * checks it). A regeneration job is received at most 5 times, each receive at least 720 s after the one
     * before, and its last may run until 720 s after it started (the worker's 120 s Lambda timeout is far
     * less): 5 × 720 s after the rejection its job has ended or gone to the DLQ. The sixth period covers
     * a first receive that came late (the queue's backlog, the pollers' scaling), so a job still being
     * worked on is never overtaken; a job that comes later still finds the post no longer regenerating
     * and skips it unpaid.
     */
    public static final Duration DEADLINE = Duration.ofSeconds(720L * (5 + 1));

    /** The reason a swept post shows, in its trail and in {@code lastRegeneration.error}. */
    public static final String REASON = "the regeneration did not finish (its worker stopped); the text is unchanged";

    static final int PAGE = 100;

    /** What one sweep did: posts read from the index, ended, and failed alone (logged). */
    public record Result(int read, int ended, int failed, int queries) {
    }

    private final PostStore posts;
    /** Built on first use: only a post the sweep ends is refunded (most runs end none). */
    private final Supplier<? extends Ledger> ledger;
    private final Clock clock;
    private final int lookbackDays;

    /** @param lookbackDays how many day buckets before the deadline's day are read (the publish run's lookback) */
    public RegenerationSweep(PostStore posts, Ledger ledger, Clock clock, int lookbackDays) {
        this(posts, () -> ledger, clock, lookbackDays);
    }

    /** As above, with the ledger built when the first post is ended. */
    public RegenerationSweep(PostStore posts, Supplier<? extends Ledger> ledger, Clock clock, int lookbackDays) {
        this.posts = posts;
        this.ledger = ledger;
        this.clock = clock;
        this.lookbackDays = lookbackDays;
    }

    public Result sweep() {
        return sweep(null);
    }

    /** The same, the first page of each day's bucket asked at once on {@code readers} (null: one after the other). */
    public Result sweep(ExecutorService readers) {
        Instant before = clock.instant().minus(DEADLINE);
        int read = 0;
        int ended = 0;
        int failed = 0;
        int queries = 0;
        List<String> days = new ArrayList<>();
        for (int d = lookbackDays; d >= 0; d--) {
            days.add(PostStore.day(before.minus(Duration.ofDays(d))));
        }
        List<Future<Page<Map<String, AttrValue>>>> firstPages = readers == null ? null
                : Parallel.start(readers, days, day -> posts.regeneratingSince(day, before, PAGE, null));
        for (int d = 0; d < days.size(); d++) {
            String day = days.get(d);
            String cursor = null;
            do {
                Page<Map<String, AttrValue>> page;
                queries++;
                try {
                    page = cursor == null && firstPages != null ? Parallel.join(firstPages.get(d))
                            : posts.regeneratingSince(day, before, PAGE, cursor);
                } catch (RuntimeException e) {
                    LOG.error("regeneration sweep: the {} bucket cannot be read now; going on with the next", day, e);
                    failed++;
                    break;
                }
                read += page.items().size();
                for (Map<String, AttrValue> item : page.items()) {
                    try {
                        if (end(PostStore.post(item))) {
                            ended++;
                        }
                    } catch (RuntimeException e) {
                        failed++;
                        LOG.error("regeneration sweep: post {} of tenant {} could not be ended; going on with the others",
                                Item.s(item, "id"), Item.s(item, "tenantId"), e);
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        Result r = new Result(read, ended, failed, queries);
        if (read > 0 || failed > 0) {
            LOG.info("regeneration sweep: {}", r);
        }
        return r;
    }

    /**
     * Moves {@code seen} back to review if it is still in the same regeneration (nobody changed it since it
     * was read), then gives back its job's hold. Returns whether this sweep ended it.
     */
    boolean end(Post seen) {
        Instant now = clock.instant();
        boolean[] ended = {false};
        posts.update(seen.tenantId, seen.id, x -> {
            ended[0] = false;
            if (x.status != PostStatus.REGENERATING || !x.updatedAt.equals(seen.updatedAt)) {
                return; // it ended or started again meanwhile
            }
            x.doc.putObject("lastRegeneration").put("at", now.toString()).put("error", REASON);
            Workflow.move(x, "regeneration-abandoned", PostStatus.QA_REVIEW, "system", REASON, now);
            ended[0] = true;
        });
        if (ended[0]) {
            // the job's operation (ContentWorkerHandler: regen:{postId}:{regenerationRequested})
            String operation = "regen:" + seen.id + ":" + seen.doc.path("regenerationRequested").asInt(1);
            ledger.get().refund(seen.accountId, operation, "regeneration abandoned: " + REASON);
        }
        return ended[0];
    }
}
