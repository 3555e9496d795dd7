package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.ItemLimit;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.model.PostLimits;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.LeanSqs;
import com.socialwire.shared.billing.Metering;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import com.socialwire.shared.store.AttrValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.socialwire.posts.publish.PublishFixture.CREDITS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The publish run on the local stores with a clock the test moves, its jobs observed on the real
 * ElasticMQ content queue: due posts are claimed once, however many runs race for them, and their
 * jobs held back until their time; a reschedule between the read and the claim wins; the
 * stuck-post sweep re-queues what a lost worker left, gives up after
 * {@value PublishRun#MAX_RECOVERIES} recoveries (refunding the held credits) and finishes posts
 * whose platforms all ended.
 *
 * <p>The run reads every tenant's due and publishing posts, so each test lives in a ten-day slot of
 * its own far in the future: no other test's posts are in its window, and its posts in no other's.
 */
class PublishRunIT {

    static final Duration LOOKAHEAD = Duration.ofSeconds(60);
    static final int LOOKBACK_DAYS = 7;
    static final long FEE = 10_000;
    private static final AtomicLong SLOT = new AtomicLong(ThreadLocalRandom.current().nextLong(100_000));

    PublishFixture f;
    PublishRun run;
    LeanSqs sqs;
    String queue;

    @BeforeEach
    void setUp() {
        Instant slot = Instant.parse("2100-01-01T12:00:00Z").plus(Duration.ofDays(10 * SLOT.getAndIncrement()));
        f = new PublishFixture("http://127.0.0.1:9/v21.0", slot); // the run itself never calls the Graph API
        run = newRun();
        sqs = f.worker.aws.sqs(); // the jobs are taken as Lambda polls for ContentWorkerFunction
        queue = f.worker.config.require("CONTENT_QUEUE_URL");
    }

    @AfterEach
    void tearDown() {
        sqs.close();
    }

    PublishRun newRun() {
        return new PublishRun(f.runner.posts(), f.runner.jobs(), f.runner.publisher(), f.clock, LOOKBACK_DAYS, LOOKAHEAD);
    }

    /** A scheduled post written straight to the store, as an approved and scheduled post is. */
    Post scheduled(Instant at, String... platforms) {
        return scheduled(f.tenantId, at, platforms);
    }

    Post scheduled(String tenantId, Instant at, String... platforms) {
        ObjectNode doc = Json.object();
        doc.putObject("content").put("text", "Fresh loaves at 7").putObject("platformOverrides");
        var targets = doc.putArray("platforms");
        for (String platform : platforms) {
            targets.add(platform);
        }
        doc.putArray("media").addObject().put("id", f.media(tenantId, "image", "image/jpeg")).put("kind", "image").put("mimeType", "image/jpeg");
        Instant now = f.clock.instant();
        Post p = new Post(Ids.next("post"), tenantId, f.admin.accountId(), now, PostStatus.SCHEDULED, 0, at, now, doc, Json.object(), List.of());
        f.store.create(p);
        return p;
    }

    /** A post the run claimed at the clock's time, whose jobs were taken off the queue (the worker got them and was lost). */
    Post claimed(String... platforms) {
        Post p = scheduled(f.clock.instant().minusSeconds(1), platforms);
        assertEquals(1, run.run().claimed());
        assertEquals(platforms.length, takeJobs(Set.of(p.id), platforms.length).size());
        return p;
    }

    void later(Duration d) {
        f.clock.now = f.clock.now.plus(d);
    }

    /**
     * Takes the publish jobs of {@code postIds} off the content queue as "postId platform", sorted: waits until
     * {@code expected} have come (10 s at most), then half a second more for any extra (a run sends its jobs before it
     * returns, so an extra one would be there). Other tests' messages stay on the queue, hidden for a few seconds.
     */
    List<String> takeJobs(Collection<String> postIds, int expected) {
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long settled = 0;
        while (true) {
            long now = System.nanoTime();
            boolean enough = got.size() >= expected;
            settled = enough && settled == 0 ? now + Duration.ofMillis(500).toNanos() : settled;
            if (now >= (enough ? settled : deadline)) {
                break;
            }
            List<LeanSqs.Message> messages = sqs.receive(queue, 10, enough ? 0 : 1, 5, List.of());
            for (LeanSqs.Message m : messages) {
                JsonNode job = Json.tree(m.body());
                if (PublishJobs.PUBLISH.equals(job.path("type").asText()) && postIds.contains(job.path("postId").asText())) {
                    got.add(job.path("postId").asText() + " " + job.path("platform").asText());
                    sqs.delete(queue, m.receiptHandle());
                }
            }
            if (enough && messages.isEmpty()) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
        return got.stream().sorted().toList();
    }

    static List<String> jobs(Post p, String... platforms) {
        return java.util.Arrays.stream(platforms).map(x -> p.id + " " + x).sorted().toList();
    }

    // ------------------------------------------------------------------ claims

    @Test
    void duePostsAreClaimedOnceAndEachPlatformsJobIsHeldBackUntilThePostsTime() {
        Instant now = f.clock.instant();
        Post due = scheduled(now.minusSeconds(10), "instagram", "facebook");
        Post soon = scheduled(now.plusSeconds(3), "instagram"); // inside the lookahead: the next run would be late
        Post later = scheduled(now.plus(Duration.ofHours(2)), "instagram");

        long sent = System.nanoTime();
        PublishRun.Report r = run.run();
        assertEquals(2, r.itemsRead(), r.toMap().toString());
        assertEquals(2, r.claimed());
        assertEquals(0, r.lostClaims());
        assertEquals(3, r.jobsQueued());
        Post claimed = f.reload(due.id);
        assertEquals("publishing", claimed.status.wire());
        assertEquals(now.truncatedTo(ChronoUnit.MILLIS), claimed.claimedAt);
        JsonNode h = claimed.history.get(claimed.history.size() - 1);
        assertEquals("publish-run", h.path("action").asText());
        assertEquals("schedule:" + r.runId(), h.path("actor").asText());
        assertEquals("publishing", f.reload(soon.id).status.wire());
        assertEquals("scheduled", f.reload(later.id).status.wire());

        assertEquals(jobs(due, "instagram", "facebook"), takeJobs(Set.of(due.id), 2));
        assertEquals(jobs(soon, "instagram"), takeJobs(Set.of(soon.id, later.id), 1));
        long heldMs = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(heldMs >= 2_500, "SQS held the job until the post's time (3 s): " + heldMs + " ms");

        PublishRun.Report again = run.run();
        assertEquals(0, again.itemsRead(), again.toMap().toString());
        assertEquals(0, again.claimed());
        assertEquals(0, again.lostClaims());
        assertEquals(0, again.jobsQueued());
        assertEquals(List.of(), takeJobs(Set.of(due.id, soon.id, later.id), 0));
        assertEquals("scheduled", f.reload(later.id).status.wire());
    }

    @Test
    void twoRunsAtOnceClaimEveryDuePostExactlyOnce() throws Exception {
        Instant now = f.clock.instant();
        List<Post> due = IntStream.range(0, 24).mapToObj(i -> scheduled(now.minusSeconds(i), "instagram")).toList();
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<PublishRun.Report>> runs = IntStream.range(0, 2).mapToObj(i -> {
            PublishRun each = newRun();
            return CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return each.run();
            });
        }).toList();
        PublishRun.Report a = runs.get(0).get();
        PublishRun.Report b = runs.get(1).get();

        assertEquals(due.size(), a.claimed() + b.claimed(), a.toMap() + " / " + b.toMap());
        assertEquals(a.itemsRead() + b.itemsRead() - due.size(), a.lostClaims() + b.lostClaims());
        assertEquals(due.size(), a.jobsQueued() + b.jobsQueued());
        for (Post p : due) {
            Post now2 = f.reload(p.id);
            assertEquals("publishing", now2.status.wire());
            assertEquals(1, now2.history.stream().filter(x -> "publish-run".equals(x.path("action").asText())).count(), p.id);
        }
        Set<String> ids = due.stream().map(p -> p.id).collect(Collectors.toSet());
        assertEquals(due.stream().map(p -> p.id + " instagram").sorted().toList(), takeJobs(ids, due.size()), "one job per post");
    }

    @Test
    void aPostRescheduledBetweenTheRunsReadAndItsClaimIsNotClaimed() {
        Instant now = f.clock.instant();
        Post p = scheduled(now.minusSeconds(10), "instagram");
        Post read = f.store.due(PostStore.day(now), now.plus(LOOKAHEAD), 100, null).items().stream().map(PostStore::post)
                .filter(x -> x.id.equals(p.id)).findFirst().orElseThrow();

        Instant moved = now.plus(Duration.ofHours(1));
        f.store.update(f.tenantId, p.id, x -> x.scheduledFor = moved);
        assertFalse(f.store.claim(f.tenantId, p.id, read.scheduledFor, now, "run_stale"), "the reschedule wins");
        Post after = f.reload(p.id);
        assertEquals("scheduled", after.status.wire());
        assertEquals(moved, after.scheduledFor);
        assertNull(after.claimedAt);
        assertEquals(0, run.run().itemsRead(), "no longer due");

        // so does a cancel back to draft, even for the current schedule
        f.store.update(f.tenantId, p.id, x -> x.status = PostStatus.DRAFT);
        assertFalse(f.store.claim(f.tenantId, p.id, moved, moved, "run_stale"));
        assertEquals("draft", f.reload(p.id).status.wire());

        f.store.update(f.tenantId, p.id, x -> x.status = PostStatus.SCHEDULED);
        assertTrue(f.store.claim(f.tenantId, p.id, moved, moved, "run_current"));
        assertFalse(f.store.claim(f.tenantId, p.id, moved, moved, "run_twice"), "claimed once");
        assertEquals("publishing", f.reload(p.id).status.wire());
    }

    @Test
    void aRunClaimsPastMidnightWithinTheLookaheadAndWhatWasMissedWhileDown() {
        Instant midnight = f.clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        f.clock.now = midnight.minusSeconds(20);
        Post tomorrow = scheduled(midnight.plusSeconds(20), "instagram");
        Post missed = scheduled(midnight.minus(Duration.ofDays(3)), "instagram");

        PublishRun.Report r = run.run();
        assertEquals(2, r.claimed(), r.toMap().toString());
        assertEquals("publishing", f.reload(tomorrow.id).status.wire());
        assertEquals("publishing", f.reload(missed.id).status.wire());
        assertEquals(jobs(missed, "instagram"), takeJobs(Set.of(missed.id), 1));
    }

    // ------------------------------------------------------------------ one post's fault stays its own

    /**
     * A post as the old API let it grow, written straight to the table (the API now refuses it): large overrides, a long
     * history, padded to within a few bytes of DynamoDB's 400 KB item limit, so any change that adds to it fails.
     */
    Post nearItemLimit(String tenantId, PostStatus status, Instant scheduledFor, Instant claimedAt) {
        return nearItemLimit(tenantId, status, scheduledFor, claimedAt, 3_000);
    }

    Post nearItemLimit(String tenantId, PostStatus status, Instant scheduledFor, Instant claimedAt, int linkedinOverride) {
        ObjectNode doc = Json.object();
        ObjectNode content = doc.putObject("content");
        content.put("text", "Fresh loaves at 7");
        ObjectNode overrides = content.putObject("platformOverrides");
        overrides.put("facebook", "f".repeat(63_206));
        overrides.put("reddit", "r".repeat(40_000));
        overrides.put("linkedin", "l".repeat(linkedinOverride));
        doc.putArray("platforms").add("instagram");
        doc.putArray("media").addObject().put("id", f.media(tenantId, "image", "image/jpeg")).put("kind", "image").put("mimeType", "image/jpeg");
        Instant now = f.clock.instant();
        Post p = new Post(Ids.next("post"), tenantId, f.admin.accountId(), now, status, 0, scheduledFor, now, doc, Json.object(), List.of());
        p.claimedAt = claimedAt;
        var item = new HashMap<>(PostStore.item(p));
        List<AttrValue> history = new ArrayList<>();
        int entries = (300_000 - 103_206 - linkedinOverride) / 130; // about 300 KB before the pad
        for (int i = 0; i < entries; i++) {
            history.add(AttrValue.fromS("{\"at\":\"" + now + "\",\"action\":\"update\","
                    + "\"from\":\"scheduled\",\"to\":\"scheduled\",\"actor\":\"write:key_0123456789abcdef\"}"));
        }
        item.put("history", AttrValue.fromL(history));
        ItemLimit.fill(f.worker.table, n -> {
            item.put("pad", AttrValue.fromS("p".repeat(n)));
            return item;
        }, PostLimits.ITEM_LIMIT_BYTES);
        return p;
    }

    @Test
    void oversizedPostFailsAloneAndOthersPublish() {
        Instant now = f.clock.instant();
        String other = f.tenant(f.admin, "Crust", "1785" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L)));
        Post before = scheduled(f.tenantId, now.minusSeconds(30), "instagram");
        Post big = nearItemLimit(f.tenantId, PostStatus.SCHEDULED, now.minusSeconds(20), null);
        Post after = scheduled(other, now.minusSeconds(10), "instagram", "facebook");
        Post soon = scheduled(other, now.plusSeconds(1), "instagram");
        Post stuck = scheduled(other, now.minus(Duration.ofMinutes(20)), "instagram");
        assertTrue(f.store.claim(other, stuck.id, stuck.scheduledFor, now.minus(Duration.ofMinutes(10)), "run_lost"));

        PublishRun.Report r = run.run();

        assertEquals(3, r.claimed(), r.toMap().toString());
        assertEquals(jobs(before, "instagram"), takeJobs(Set.of(before.id), 1));
        assertEquals(java.util.stream.Stream.of(jobs(after, "instagram", "facebook"), jobs(soon, "instagram"), jobs(stuck, "instagram"))
                .flatMap(List::stream).sorted().toList(), takeJobs(Set.of(after.id, soon.id, stuck.id), 4), "the sweep ran too");
        assertEquals(1, r.recovered(), r.toMap().toString());
        Post failed = f.reload(big.id);
        assertEquals("failed", failed.status.wire(), "the oversized post ends failed, not stuck in scheduled");
        JsonNode d = failed.deliveries.path("instagram");
        assertEquals("failed", d.path("status").asText(), failed.deliveries.toString());
        assertEquals("PUBLISH_RUN_FAILED", d.path("code").asText());
        assertTrue(d.path("reason").asText().contains("claim"), d.path("reason").asText());
        assertEquals(1, r.failed(), r.toMap().toString());
        assertEquals(0, run.run().itemsRead(), "a failed post is out of the due index: the next run does not trip on it again");
    }

    @Test
    void anOversizedPostTooLargeToSaveAtAllIsMarkedFailedInPlace() {
        Instant now = f.clock.instant();
        // its document alone is over today's cap, so even saving it as failed is refused: the small in-place write does it
        Post big = nearItemLimit(f.tenantId, PostStatus.SCHEDULED, now.minusSeconds(20), null, 100_000);
        Post other = scheduled(now.minusSeconds(10), "instagram");

        PublishRun.Report r = run.run();

        assertEquals(1, r.claimed(), r.toMap().toString());
        assertEquals(1, r.failed(), r.toMap().toString());
        assertEquals(0, r.unrecorded(), r.toMap().toString());
        assertEquals(jobs(other, "instagram"), takeJobs(Set.of(other.id, big.id), 1));
        Post failed = f.reload(big.id);
        assertEquals("failed", failed.status.wire());
        assertTrue(failed.deliveries.path("instagram").path("reason").asText().contains("too large"), failed.deliveries.toString());
        assertEquals(0, run.run().itemsRead(), "out of the due index");
    }

    @Test
    void aQueueOutageDuringARunFailsNoPostAndTheSweepQueuesTheirJobsOnceItIsBack() {
        Instant now = f.clock.instant();
        Post a = scheduled(now.minusSeconds(10), "instagram");
        Post b = scheduled(now.minusSeconds(5), "instagram", "facebook");
        // PublishRunFunction with SQS unreachable (nothing listens on port 9): every send fails without an answer
        var vars = new HashMap<>(f.env.functionEnvironment("PublishRunFunction"));
        vars.put("SQS_ENDPOINT", "http://127.0.0.1:9");
        com.socialwire.posts.Posts down = new com.socialwire.posts.Posts(com.socialwire.shared.Config.of(vars), f.clock);
        PublishRun outage = new PublishRun(f.runner.posts(), down.jobs(), f.runner.publisher(), f.clock, LOOKBACK_DAYS, LOOKAHEAD);

        PublishRun.Report r = outage.run();

        assertEquals(2, r.claimed(), r.toMap().toString());
        assertEquals(0, r.jobsQueued(), r.toMap().toString());
        assertEquals(0, r.failed(), "no post is at fault for the queue's outage: " + r.toMap());
        assertEquals("publishing", f.reload(a.id).status.wire(), "still claimed, in the publishing index for the sweep");
        assertEquals("publishing", f.reload(b.id).status.wire());

        later(PublishRun.STUCK_AFTER.plusSeconds(1));
        PublishRun.Report back = run.run();
        assertEquals(2, back.recovered(), back.toMap().toString());
        List<String> expected = new ArrayList<>(jobs(a, "instagram"));
        expected.addAll(jobs(b, "instagram", "facebook"));
        assertEquals(expected.stream().sorted().toList(), takeJobs(Set.of(a.id, b.id), 3), "each platform's job once");
    }

    @Test
    void jobsTheQueueRefusesFailTheirPostsAloneAndTheRunAnswers() {
        Instant now = f.clock.instant();
        Post a = scheduled(now.minusSeconds(10), "instagram");
        Post b = scheduled(now.minusSeconds(5), "instagram", "facebook");
        PublishRun refused = new PublishRun(f.runner.posts(), new PublishJobs(new com.socialwire.shared.jobs.JobQueue(com.socialwire.shared.Lazy.of(f.runner.aws::sqs), queue + "-gone")),
                f.runner.publisher(), f.clock, LOOKBACK_DAYS, LOOKAHEAD);

        PublishRun.Report r = refused.run();

        assertEquals(2, r.claimed(), r.toMap().toString());
        assertEquals(0, r.jobsQueued(), r.toMap().toString());
        assertEquals(2, r.failed(), r.toMap().toString());
        for (Post p : List.of(a, b)) {
            Post failed = f.reload(p.id);
            assertEquals("failed", failed.status.wire(), p.id);
            assertTrue(failed.deliveries.path("instagram").path("reason").asText().contains("queue"), failed.deliveries.toString());
            assertEquals("publish-run-failed", failed.history.get(failed.history.size() - 1).path("action").asText());
        }
    }

    @Test
    void oversizedStuckPostFailsAloneAndTheSweepGoesOn() {
        Instant now = f.clock.instant();
        Instant claimedAt = now.minus(Duration.ofMinutes(10));
        Post big = nearItemLimit(f.tenantId, PostStatus.PUBLISHING, now.minus(Duration.ofMinutes(11)), claimedAt);
        String other = f.tenant(f.admin, "Crust", "1785" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L)));
        Post stuck = scheduled(other, now.minus(Duration.ofMinutes(20)), "instagram");
        assertTrue(f.store.claim(other, stuck.id, stuck.scheduledFor, claimedAt.plusSeconds(1), "run_lost"));
        Post due = scheduled(other, now.minusSeconds(5), "instagram");

        PublishRun.Report r = run.run();

        assertEquals(1, r.claimed(), r.toMap().toString());
        assertEquals(1, r.recovered(), r.toMap().toString());
        assertEquals(java.util.stream.Stream.of(jobs(stuck, "instagram"), jobs(due, "instagram")).flatMap(List::stream).sorted().toList(),
                takeJobs(Set.of(stuck.id, due.id, big.id), 2));
        Post failed = f.reload(big.id);
        assertEquals("failed", failed.status.wire());
        assertEquals("PUBLISH_RUN_FAILED", failed.deliveries.path("instagram").path("code").asText(), failed.deliveries.toString());
        assertEquals(1, r.failed(), r.toMap().toString());
    }

    // ------------------------------------------------------------------ the stuck-post sweep

    @Test
    void aClaimedPostWhoseWorkerWasLostIsRequeuedAfterFiveMinutesAndClaimedAgain() {
        Post p = claimed("instagram");
        Instant first = f.clock.instant();

        later(Duration.ofMinutes(4));
        PublishRun.Report early = run.run();
        assertEquals(0, early.stuckRead(), "not stuck yet: " + early.toMap());

        later(Duration.ofMinutes(2)); // +6 min
        PublishRun.Report r = run.run();
        assertEquals(1, r.stuckRead(), r.toMap().toString());
        assertEquals(1, r.recovered());
        assertEquals(0, r.gaveUp());
        assertEquals(jobs(p, "instagram"), takeJobs(Set.of(p.id), 1));
        Post recovered = f.reload(p.id);
        assertEquals("publishing", recovered.status.wire());
        assertEquals(f.clock.instant(), recovered.claimedAt);
        assertTrue(recovered.claimedAt.isAfter(first));
        assertEquals(1, recovered.recoveries);

        later(Duration.ofMinutes(1)); // +7 min: the recovery's claim is one minute old
        PublishRun.Report next = run.run();
        assertEquals(0, next.recovered(), next.toMap().toString());
        assertEquals(List.of(), takeJobs(Set.of(p.id), 0));

        later(Duration.ofMinutes(5)); // +12 min: five minutes after the recovery
        PublishRun.Report again = run.run();
        assertEquals(1, again.recovered(), again.toMap().toString());
        assertEquals(jobs(p, "instagram"), takeJobs(Set.of(p.id), 1));
        assertEquals(2, f.reload(p.id).recoveries);
    }

    @Test
    void afterMaxRecoveriesTheSweepFailsTheUnfinishedPlatformAndRefundsItsHold() {
        Post p = claimed("instagram", "facebook");
        // the worker held credits and created a container for instagram, then was lost; facebook ended
        ObjectNode ig = heldDelivery(p, "container_created");
        ObjectNode fb = Json.object().put("status", "not_connected").put("code", "NOT_CONNECTED").put("reason", "not connected yet");
        assertTrue(f.store.setDelivery(f.tenantId, p.id, "facebook", null, fb, f.clock.instant()).isPresent());
        assertEquals(FEE, f.balance().reservedMicroCredits());

        for (int i = 1; i <= PublishRun.MAX_RECOVERIES; i++) {
            later(PublishRun.STUCK_AFTER.plusMinutes(1));
            PublishRun.Report r = run.run();
            assertEquals(1, r.recovered(), "recovery " + i + ": " + r.toMap());
            assertEquals(jobs(p, "instagram"), takeJobs(Set.of(p.id), 1), "only the unfinished platform");
        }
        assertEquals(FEE, f.balance().reservedMicroCredits(), "held while recoveries may still publish");

        later(PublishRun.STUCK_AFTER.plusMinutes(1));
        PublishRun.Report r = run.run();
        assertEquals(1, r.gaveUp(), r.toMap().toString());
        assertEquals(0, r.recovered());
        assertEquals(List.of(), takeJobs(Set.of(p.id), 0));
        Post done = f.reload(p.id);
        assertEquals("failed", done.status.wire());
        JsonNode d = done.deliveries.path("instagram");
        assertEquals("failed", d.path("status").asText());
        assertEquals("GAVE_UP", d.path("code").asText());
        assertTrue(d.path("reason").asText().contains(PublishRun.MAX_RECOVERIES + " recoveries"), d.path("reason").asText());
        assertEquals(ig.path("holdId").asText(), d.path("holdId").asText());
        assertEquals("not_connected", done.deliveries.path("facebook").path("status").asText());
        assertEquals(CREDITS, f.balance().availableMicroCredits());
        assertEquals(0, f.balance().reservedMicroCredits());

        later(PublishRun.STUCK_AFTER.plusMinutes(1));
        PublishRun.Report after = run.run();
        assertEquals(0, after.stuckRead() + after.gaveUp(), "a failed post is out of the publishing index: " + after.toMap());
        assertEquals(fb, f.reload(p.id).deliveries.path("facebook"));
    }

    @Test
    void givingUpOnAPublishAttemptWhoseOutcomeIsUnknownSaysSoAndNamesTheContainer() {
        Post p = claimed("instagram");
        heldDelivery(p, "publishing");
        for (int i = 0; i <= PublishRun.MAX_RECOVERIES; i++) {
            later(PublishRun.STUCK_AFTER.plusMinutes(1));
            run.run();
        }
        assertEquals(PublishRun.MAX_RECOVERIES, takeJobs(Set.of(p.id), PublishRun.MAX_RECOVERIES).size());
        Post done = f.reload(p.id);
        assertEquals("failed", done.status.wire());
        JsonNode d = done.deliveries.path("instagram");
        assertEquals("OUTCOME_UNKNOWN", d.path("code").asText());
        assertTrue(d.path("reason").asText().contains("17889455560051444"), d.path("reason").asText());
        assertEquals(CREDITS, f.balance().availableMicroCredits());
        assertEquals(0, f.balance().reservedMicroCredits());
    }

    /** Instagram's delivery as the worker leaves it in {@code status}: credits reserved in the ledger, a container made. */
    ObjectNode heldDelivery(Post p, String status) {
        String holdId = "publish:" + p.id + ":instagram:" + Ids.base62(10);
        Metering metering = f.worker.metering();
        assertTrue(metering.hold(f.admin.accountId(), holdId, FEE, "publish " + p.id + " to instagram").isPresent());
        ObjectNode d = Json.object();
        d.put("status", status);
        d.put("queuedAt", f.clock.instant().toString());
        d.put("holdId", holdId);
        d.put("heldMicroCredits", FEE);
        d.put("containerId", PublishFixture.CONTAINER);
        d.put("video", false);
        if ("publishing".equals(status)) {
            d.put("publishAttemptAt", f.clock.instant().toString());
            d.put("publishAttempts", 1);
        }
        assertTrue(f.store.setDelivery(f.tenantId, p.id, "instagram", null, d, f.clock.instant()).isPresent());
        return d;
    }

    @Test
    void theSweepFinishesAPostWhosePlatformsAllEndedButWhichStayedPublishing() {
        Post p = claimed("instagram", "facebook");
        // the worker recorded both deliveries, then died before finish()
        Instant at = f.clock.instant();
        f.store.setDelivery(f.tenantId, p.id, "instagram", null, Json.object().put("status", "published")
                .put("publishedAt", at.toString()).put("externalId", PublishFixture.MEDIA), at);
        f.store.setDelivery(f.tenantId, p.id, "facebook", null, Json.object().put("status", "not_connected")
                .put("reason", "not connected yet"), at);
        assertEquals("publishing", f.reload(p.id).status.wire());

        later(PublishRun.STUCK_AFTER.plusMinutes(1));
        PublishRun.Report r = run.run();
        assertEquals(1, r.stuckRead(), r.toMap().toString());
        assertEquals(List.of(), takeJobs(Set.of(p.id), 0), "nothing left to publish");
        Post done = f.reload(p.id);
        assertEquals("partially_published", done.status.wire());
        assertEquals(at.toString(), done.doc.path("publishedAt").asText());
        assertEquals("publish-complete", done.history.get(done.history.size() - 1).path("action").asText());
    }

    /** Stale runs, five minutes and a bit apart, until the sweep gives up on {@code p}: its only platform ends GAVE_UP. */
    void sweepUntilGivenUp(Post p) {
        for (int i = 0; i < PublishRun.MAX_RECOVERIES; i++) {
            later(PublishRun.STUCK_AFTER.plusMinutes(1));
            assertEquals(1, run.run().recovered());
        }
        later(PublishRun.STUCK_AFTER.plusMinutes(1));
        assertEquals(1, run.run().gaveUp());
        assertEquals(PublishRun.MAX_RECOVERIES, takeJobs(Set.of(p.id), PublishRun.MAX_RECOVERIES).size());
        Post failed = f.reload(p.id);
        assertEquals("failed", failed.status.wire());
        assertEquals("GAVE_UP", failed.deliveries.path("instagram").path("code").asText(), "the worker never ran");
    }

    /** The worker of {@code p}'s new claim is lost: the next stale run re-queues its job (a new claim has all its recoveries). */
    void assertRecoveredWhenItsWorkerIsLost(Post p) {
        later(PublishRun.STUCK_AFTER.plusMinutes(1));
        PublishRun.Report r = run.run();
        assertEquals(1, r.recovered(), "a new claim starts with no recoveries: " + r.toMap());
        assertEquals(0, r.gaveUp());
        assertEquals(jobs(p, "instagram"), takeJobs(Set.of(p.id), 1));
        assertEquals("publishing", f.reload(p.id).status.wire());
    }

    @Test
    void aPostRescheduledAfterTheSweepGaveUpIsRecoveredAgainWhenItsNextWorkerIsLost() {
        Post p = claimed("instagram");
        sweepUntilGivenUp(p);

        Instant when = f.clock.instant().plus(Duration.ofMinutes(30));
        f.api.publishing().reschedule(f.who, f.tenantId, p.id, (ObjectNode) Json.tree("{\"scheduledFor\":\"" + when + "\"}"));
        f.clock.now = when;
        assertEquals(1, run.run().claimed());
        assertEquals(jobs(p, "instagram"), takeJobs(Set.of(p.id), 1));

        assertRecoveredWhenItsWorkerIsLost(p);
    }

    @Test
    void aPostPublishedAgainAfterTheSweepGaveUpIsRecoveredAgainWhenItsNextWorkerIsLost() {
        Post p = claimed("instagram");
        sweepUntilGivenUp(p);

        f.api.publishing().publishNow(f.who, f.tenantId, p.id);
        assertEquals(jobs(p, "instagram"), takeJobs(Set.of(p.id), 1));

        assertRecoveredWhenItsWorkerIsLost(p);
        assertEquals(FEE, f.balance().reservedMicroCredits(), "publish-now's hold stays while the job is re-driven");
    }

    @Test
    void aPostClaimedBeforeMidnightIsSweptAfterIt() {
        Instant midnight = f.clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        f.clock.now = midnight.minus(Duration.ofMinutes(2));
        Post p = claimed("instagram");
        f.clock.now = midnight.plus(Duration.ofMinutes(4));
        assertEquals(1, run.run().recovered());
        assertEquals(jobs(p, "instagram"), takeJobs(Set.of(p.id), 1));
    }
}
