package com.socialwire.posts.publish;

import com.socialwire.shared.store.Write;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.regen.RegenerationSweep;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import com.socialwire.shared.store.AttrValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A post whose regeneration job died on its last receive (the message went to the DLQ, nothing ran
 * the end of the regeneration) is ended by the publish run's sweep once its deadline has passed: back to
 * review with the old text and a reason, the credits its dead invocation held given back.
 *
 * <p>Each test lives in a ten-day slot of its own far in the future (as in {@link PublishRunIT}).
 */
class StuckRegenerationIT {

    static final long FEE = 10_000;
    /** Just past the deadline. */
    static final Duration LONG_AFTER = RegenerationSweep.DEADLINE.plusSeconds(1);
    private static final AtomicLong SLOT = new AtomicLong(50_000 + ThreadLocalRandom.current().nextLong(50_000));

    PublishFixture f;
    PublishRun run;

    @BeforeEach
    void setUp() {
        Instant slot = Instant.parse("2100-01-01T12:00:00Z").plus(Duration.ofDays(10 * SLOT.getAndIncrement()));
        f = new PublishFixture("http://127.0.0.1:9/v21.0", slot);
        run = f.runner.publishRun();
    }

    /** A post a QA reviewer rejected at the clock's time, whose regenerate_post job's worker held credits and died. */
    Post rejectedAndAbandoned(String text) {
        Instant now = f.clock.instant();
        ObjectNode doc = Json.object();
        doc.putObject("content").put("text", text).putObject("platformOverrides");
        doc.putArray("platforms").add("linkedin");
        doc.put("regenerationCount", 0);
        doc.put("regenerationRequested", 1);
        Post p = new Post(Ids.next("post"), f.tenantId, f.admin.accountId(), now, PostStatus.QA_REVIEW, 0, null, now, doc, Json.object(), new java.util.ArrayList<>());
        p.record(now, "qa-reject", PostStatus.QA_REVIEW, PostStatus.REGENERATING, "admin:" + f.admin.keyId(), "Too loud");
        p.status = PostStatus.REGENERATING;
        f.store.create(p);
        assertTrue(f.worker.metering().hold(f.admin.accountId(), "regen:" + p.id + ":1", FEE, "regenerate post " + p.id).isPresent());
        return p;
    }

    @Test
    void aRegenerationWhoseInvocationDiedOnItsLastReceiveDoesNotStayRegeneratingForever() {
        long available = f.balance().availableMicroCredits();
        Post p = rejectedAndAbandoned("Soup!!! Now!!!");

        f.clock.now = f.clock.now.plus(RegenerationSweep.DEADLINE.minusSeconds(1));
        run.run();
        assertEquals("regenerating", f.reload(p.id).status.wire(), "within its deadline the job may still be retried");

        f.clock.now = f.clock.now.plusSeconds(2);
        run.run();

        Post after = f.reload(p.id);
        assertEquals("qa_review", after.status.wire(), "back to review, never stuck regenerating");
        assertEquals("Soup!!! Now!!!", after.text(), "the text is unchanged");
        ObjectNode last = after.history.get(after.history.size() - 1);
        assertEquals("regenerating", last.path("from").asText());
        assertEquals("qa_review", last.path("to").asText());
        assertTrue(last.path("reason").asText().contains("did not finish"), last.toString());
        assertTrue(after.doc.path("lastRegeneration").path("error").asText().contains("did not finish"), after.doc.toString());
        assertEquals(0, f.balance().reservedMicroCredits(), "the dead invocation's hold is given back");
        assertEquals(available, f.balance().availableMicroCredits(), "nothing was charged");
        // a late delivery of the job finds the post no longer regenerating and does nothing (ContentWorkerHandler)
        run.run();
        assertEquals(after.version, f.reload(p.id).version, "ended once");
    }

    @Test
    void aRegeneratingPostThatCannotBeReadFailsAloneAndTheOthersAreEnded() {
        Post good = rejectedAndAbandoned("Fresh bread!!!");
        Post bad = rejectedAndAbandoned("Unreadable");
        // the bad one's stored document is no longer JSON: reading it throws
        Map<String, AttrValue> item = new HashMap<>(PostStore.item(f.reload(bad.id)));
        item.put("doc", AttrValue.fromS("{not json"));
        f.worker.table.put(new Write.Put(item));
        Post other = rejectedAndAbandoned("Soup again!!!");

        f.clock.now = f.clock.now.plus(LONG_AFTER);
        PublishRun.Report r = run.run();

        assertEquals(1, r.failed(), r.toMap().toString());
        assertEquals("qa_review", f.reload(good.id).status.wire());
        assertEquals("qa_review", f.reload(other.id).status.wire());
        RegenerationSweep.Result again = new RegenerationSweep(f.store, f.worker.metering().ledger(), f.clock, 7).sweep();
        assertEquals(new RegenerationSweep.Result(1, 0, 1, 8), again, "only the unreadable one is left, and it fails alone again");
        assertEquals(FEE, f.balance().reservedMicroCredits(), "the unreadable post's hold waits for the ledger's expiry sweep");
    }
}
