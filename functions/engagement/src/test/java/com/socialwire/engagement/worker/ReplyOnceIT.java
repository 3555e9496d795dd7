package com.socialwire.engagement.worker;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.engagement.EngagementFixture;
import com.socialwire.local.stores.LedgerWrites;
import com.socialwire.engagement.ProfileReads;
import com.socialwire.engagement.model.InboxItem;
import com.socialwire.engagement.model.Jobs.CommentJob;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.jobs.SqsBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A comment is answered once with the inbox item as its only record: two writes per reply (created as
 * {@code sending} under a lease, then {@code replied}), no idempotency record; a delivery that finds another
 * worker's live lease backs off without calling Meta, one that finds a lapsed lease checks Instagram first, a
 * transient failure frees the item at once, and a deleted item's comment is not answered again.
 */
class ReplyOnceIT {

    @RegisterExtension
    static WireMockExtension model = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @RegisterExtension
    static WireMockExtension graph = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String REPLY = "Thanks for asking, see you Sunday!";
    static final long GRANT = 5_000_000; // what EngagementFixture.brand grants

    EngagementFixture fx;
    EngagementService service;
    InboxStore inbox;

    @BeforeEach
    void setUp() {
        fx = EngagementFixture.commentWorker(model.baseUrl(), graph.baseUrl());
        service = fx.engagement.worker();
        inbox = fx.engagement.inbox();
        graph.stubFor(post(urlPathMatching("/v21.0/[0-9]+/replies")).willReturn(okJson("{\"id\":\"17999000000000001\"}")));
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(EngagementFixture.chatCompletion(REPLY))));
    }

    CommentJob job(EngagementFixture.Brand b, String id) {
        return new CommentJob(b.tenantId(), id, "17841499999999999", "mallory", "Are you open on Sunday?", "17990000000000000", null, Instant.now());
    }

    InboxItem item(EngagementFixture.Brand b, String id) {
        return inbox.get(b.tenantId(), InboxStore.idFor(b.tenantId(), "comment", id)).orElseThrow();
    }

    int repliesPosted(String commentId) {
        return graph.findAll(postRequestedFor(urlPathEqualTo("/v21.0/" + commentId + "/replies"))).size();
    }

    /** An item already {@code sending} our reply, as a worker leaves it just before calling Meta, leased until {@code lease}. */
    void sendingItem(EngagementFixture.Brand b, String id, Instant lease) {
        Instant now = Instant.now();
        InboxItem fresh = new InboxItem(InboxStore.idFor(b.tenantId(), "comment", id), b.tenantId(), "instagram", "comment", id,
                new InboxItem.Person("17841499999999999", "mallory"), "Are you open on Sunday?", null, "new", "normal", "neutral", "reply",
                null, List.of(), new InboxItem.Reply(REPLY, "gpt-4o-mini", false, null, "sending", null, 0, 0, null), now, now, now, 0);
        inbox.save(fresh, lease).orElseThrow();
    }

    @Test
    void aRepliedCommentsItemIsWrittenTwiceAndNoIdempotencyRecordIsKept() {
        var b = fx.brand("Warm and brief.", List.of());
        String id = EngagementFixture.commentId();

        service.handleComment(job(b, id));

        InboxItem item = item(b, id);
        assertEquals("replied", item.status(), item.toString());
        assertEquals(2, item.version(), "created as sending, then replied: two writes (four before)");
        assertTrue(fx.engagement.table.get("IDEMPOTENCY#comment#" + b.tenantId() + ":" + id, "RECORD").isEmpty(),
                "the inbox item is the job's record");
        assertEquals(1, repliesPosted(id));
    }

    /** An SQS event of {@code jobs}, each received {@code receive} times, as Lambda hands one to the comment worker. */
    static String event(List<CommentJob> jobs, int receive) {
        StringBuilder records = new StringBuilder();
        for (CommentJob job : jobs) {
            records.append(records.isEmpty() ? "" : ",").append("{\"messageId\":\"m-").append(job.igCommentId()).append("\",\"body\":")
                    .append(Json.write(Json.write(job))).append(",\"attributes\":{\"ApproximateReceiveCount\":\"").append(receive)
                    .append("\"}}");
        }
        return "{\"Records\":[" + records + "]}";
    }

    /** The comment worker's answer to {@code event}: its batchItemFailures. */
    String handleBatch(String event) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new CommentWorkerHandler(service).handleRequest(
                new java.io.ByteArrayInputStream(event.getBytes(java.nio.charset.StandardCharsets.UTF_8)), out, null);
        return Json.tree(out.toByteArray()).path("batchItemFailures").toString();
    }

    @Test
    void aBatchOfOneBrandsCommentsReadsTheBrandsProfileOnce() throws Exception {
        var b = fx.brand("Warm and brief.", List.of());
        List<String> ids = List.of(EngagementFixture.commentId(), EngagementFixture.commentId(), EngagementFixture.commentId());

        assertEquals("[]", handleBatch(event(ids.stream().map(id -> job(b, id)).toList(), 1)));

        for (String id : ids) {
            assertEquals(1, repliesPosted(id), id);
        }
        assertEquals(1, ProfileReads.of(b.tenantId()), "one read of the brand's profile for its batch of " + ids.size() + " comments");
    }

    @Test
    void aBatchOfTenRepliesWritesTheLedgerTwiceNotTwenty() throws Exception {
        var b = fx.brand("Warm and brief.", List.of());
        List<String> ids = java.util.stream.IntStream.range(0, 10).mapToObj(i -> EngagementFixture.commentId()).toList();
        int before = LedgerWrites.transactionsOf(b.accountId());

        assertEquals("[]", handleBatch(event(ids.stream().map(id -> job(b, id)).toList(), 1)));

        for (String id : ids) {
            assertEquals(1, repliesPosted(id), id);
        }
        assertEquals(2, LedgerWrites.transactionsOf(b.accountId()) - before,
                "one hold for the batch's ten replies and one settlement, not a hold and a settlement per reply");
        assertEquals(2, LedgerWrites.budgetWritesOf(b.tenantId()), "one LLM budget hold for the batch and one settlement, not two per reply");
        List<Ledger.Entry> entries = entriesSummingToBalance(b.accountId());
        Ledger.Entry settle = entries.stream().filter(e -> e.type() == Ledger.EntryType.SETTLE).findFirst().orElseThrow();
        assertEquals(ids.stream().map(id -> "reply:" + InboxStore.idFor(b.tenantId(), "comment", id)).sorted().toList(),
                settle.charges().stream().map(Ledger.Charge::operationId).sorted().toList(), "the settle entry lists each reply's charge");
        long each = fx.metering().card().fee("reply") + item(b, ids.get(0)).reply().llmMicroCredits();
        assertTrue(settle.charges().stream().allMatch(c -> c.microCredits() == each), settle.charges() + ", each " + each);
        assertEquals(new Ledger.Balance(b.accountId(), GRANT - 10 * each, 0), fx.metering().ledger().balance(b.accountId()));
    }

    @Test
    void aBatchDeliveredAgainAfterItSettledChargesNothingTwice() throws Exception {
        var b = fx.brand("Warm and brief.", List.of());
        List<CommentJob> jobs = java.util.stream.IntStream.range(0, 3).mapToObj(i -> job(b, EngagementFixture.commentId())).toList();
        assertEquals("[]", handleBatch(event(jobs, 1)));
        Ledger.Balance settled = fx.metering().ledger().balance(b.accountId());
        int writes = LedgerWrites.transactionsOf(b.accountId());

        assertEquals("[]", handleBatch(event(jobs, 2)));

        for (CommentJob j : jobs) {
            assertEquals(1, repliesPosted(j.igCommentId()), j.igCommentId());
        }
        assertEquals(settled, fx.metering().ledger().balance(b.accountId()), "nothing charged twice");
        assertEquals(writes, LedgerWrites.transactionsOf(b.accountId()), "a redelivered batch of done replies holds nothing");
        entriesSummingToBalance(b.accountId());
    }

    @Test
    void aWorkerThatDiesBeforeItsBatchSettlesChargesNothingTwiceAndTheSweepGivesItsHoldBack() throws Exception {
        var b = fx.brand("Warm and brief.", List.of());
        List<CommentJob> jobs = java.util.stream.IntStream.range(0, 3).mapToObj(i -> job(b, EngagementFixture.commentId())).toList();
        // the replies go out, then the invocation dies before its batch's end: its scope is never closed
        Thread dying = Thread.ofVirtual().start(() -> {
            SqsBatch.Scope.open(jobs.size());
            jobs.forEach(service::handleComment);
        });
        dying.join();
        Ledger ledger = fx.metering().ledger();
        assertTrue(ledger.balance(b.accountId()).reservedMicroCredits() > 0, "the batch's hold is still open");

        assertEquals("[]", handleBatch(event(jobs, 2))); // SQS hands the whole batch out again

        for (CommentJob j : jobs) {
            assertEquals(1, repliesPosted(j.igCommentId()), "not sent twice: " + j.igCommentId());
        }
        ledger.expireReservations(Instant.now().plus(Metering.HOLD_FOR).plusSeconds(60), 10_000);
        // the leak written down: the dead batch's replies are not charged (at most one batch's worth), never twice
        assertEquals(new Ledger.Balance(b.accountId(), GRANT, 0), ledger.balance(b.accountId()));
        entriesSummingToBalance(b.accountId());
    }

    @Test
    void aReplyStillInFlightWhenItsBatchEndsIsCarriedAsItsOwnHoldAndChargedOnceByItsRetry() throws Exception {
        var b = fx.brand("Warm and brief.", List.of());
        CommentJob done = job(b, EngagementFixture.commentId());
        CommentJob busy = job(b, EngagementFixture.commentId());
        graph.stubFor(post(urlPathEqualTo("/v21.0/" + busy.igCommentId() + "/replies")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"busy\",\"code\":2,\"is_transient\":true}}")));
        graph.stubFor(get(urlPathEqualTo("/v21.0/" + busy.igCommentId())).willReturn(okJson("{\"id\":\"" + busy.igCommentId()
                + "\",\"replies\":{\"data\":[]}}")));

        assertEquals("[{\"itemIdentifier\":\"m-" + busy.igCommentId() + "\"}]", handleBatch(event(List.of(done, busy), 1)));

        Ledger ledger = fx.metering().ledger();
        InboxItem.Reply waiting = item(b, busy.igCommentId()).reply();
        assertEquals(waiting.heldMicroCredits(), ledger.balance(b.accountId()).reservedMicroCredits(), "only the reply in flight is still held");
        graph.removeStub(graph.getStubMappings().stream().filter(m -> m.getPriority() != null && m.getPriority() == 1).findFirst().orElseThrow());

        assertEquals("[]", handleBatch(event(List.of(busy), 2)));

        long each = fx.metering().card().fee("reply") + waiting.llmMicroCredits();
        assertEquals(new Ledger.Balance(b.accountId(), GRANT - 2 * each, 0), ledger.balance(b.accountId()), "each reply charged once");
        List<Ledger.Entry> entries = entriesSummingToBalance(b.accountId());
        String carried = "reply:" + InboxStore.idFor(b.tenantId(), "comment", busy.igCommentId()) + "@" + waiting.hold();
        assertTrue(entries.stream().anyMatch(e -> e.type() == Ledger.EntryType.SETTLE && carried.equals(e.operationId())
                && e.reservedDelta() == -each), "the retry settled the carried hold " + carried + ": " + entries);
    }

    @Test
    void aBatchLargerThanTheCreditsRepliesToWhatTheyCoverAndEscalatesTheRest() throws Exception {
        var probe = fx.brand("Warm and brief.", List.of());
        assertEquals("[]", handleBatch(event(List.of(job(probe, EngagementFixture.commentId())), 1)));
        long hold = entriesSummingToBalance(probe.accountId()).stream().filter(e -> e.type() == Ledger.EntryType.RESERVE)
                .mapToLong(e -> e.reservedDelta()).sum(); // a batch of one holds one reply's worst case
        var b = fx.brand("Warm and brief.", List.of());
        Ledger ledger = fx.metering().ledger();
        ledger.adjust(b.accountId(), -(GRANT - (2 * hold + hold / 2)), "take-" + b.accountId(), "leave two and a half replies");
        List<CommentJob> jobs = java.util.stream.IntStream.range(0, 4).mapToObj(i -> job(b, EngagementFixture.commentId())).toList();

        assertEquals("[]", handleBatch(event(jobs, 1)));

        List<String> statuses = jobs.stream().map(j -> item(b, j.igCommentId())).map(i -> i.status()
                + (i.reason() != null && i.reason().startsWith("INSUFFICIENT_CREDITS") ? ":INSUFFICIENT_CREDITS" : "")).sorted().toList();
        assertEquals(List.of("escalated:INSUFFICIENT_CREDITS", "escalated:INSUFFICIENT_CREDITS", "replied", "replied"), statuses);
        Ledger.Balance after = ledger.balance(b.accountId());
        assertEquals(0, after.reservedMicroCredits());
        assertTrue(after.availableMicroCredits() >= 0);
        entriesSummingToBalance(b.accountId());
    }

    /** The account's entries, checked to sum to its balance (never negative). */
    List<Ledger.Entry> entriesSummingToBalance(String accountId) {
        Ledger ledger = fx.metering().ledger();
        List<Ledger.Entry> entries = ledger.entries(accountId, 1000, null).items();
        Ledger.Balance balance = ledger.balance(accountId);
        assertTrue(balance.availableMicroCredits() >= 0 && balance.reservedMicroCredits() >= 0, balance.toString());
        assertEquals(balance.availableMicroCredits(), entries.stream().mapToLong(Ledger.Entry::amountMicroCredits).sum(), "entries sum to available");
        assertEquals(balance.reservedMicroCredits(), entries.stream().mapToLong(Ledger.Entry::reservedDelta).sum(), "entries sum to reserved");
        return entries;
    }

    @Test
    void anInboxItemIsStoredWithoutWhatItsKeysSayOrNullsAndReadsBackWhole() {
        var b = fx.brand("Warm and brief.", List.of());
        String id = EngagementFixture.commentId();
        service.handleComment(job(b, id));

        String doc = fx.engagement.table.get("TENANT#" + b.tenantId(), "INBOX#" + InboxStore.idFor(b.tenantId(), "comment", id))
                .orElseThrow().get("doc").s();
        assertFalse(doc.contains(b.tenantId()) || doc.contains("\"version\"") || doc.contains(":null") || doc.contains("[]"), doc);
        InboxItem item = item(b, id);
        assertEquals(InboxStore.idFor(b.tenantId(), "comment", id), item.id());
        assertEquals(b.tenantId(), item.tenantId());
        assertEquals("comment", item.type());
        assertEquals("instagram", item.platform());
        assertEquals(List.of(), item.flags());
        assertEquals(REPLY, item.reply().text());
    }

    @Test
    void aDeliveryWhileAnotherWorkerIsSendingTheReplyBacksOffWithoutCallingMeta() {
        var b = fx.brand("Warm and brief.", List.of());
        String id = EngagementFixture.commentId();
        sendingItem(b, id, Instant.now().plusSeconds(60));

        assertThrows(RetryLater.class, () -> service.handleComment(job(b, id)));

        assertEquals(0, repliesPosted(id));
        assertEquals(0, graph.findAll(getRequestedFor(urlPathEqualTo("/v21.0/" + id))).size(), "not even a read-back");
        assertEquals("sending", item(b, id).reply().state());
    }

    @Test
    void aSendingItemWhoseLeaseLapsedIsCheckedOnInstagramAndNotSentTwice() {
        var b = fx.brand("Warm and brief.", List.of());
        String id = EngagementFixture.commentId();
        sendingItem(b, id, Instant.now().minusSeconds(1));
        graph.stubFor(get(urlPathEqualTo("/v21.0/" + id)).willReturn(okJson("{\"id\":\"" + id + "\",\"text\":\"Are you open on Sunday?\","
                + "\"replies\":{\"data\":[{\"id\":\"17999000000000777\",\"text\":" + Json.write(REPLY) + ",\"username\":\"bloombakery\","
                + "\"from\":{\"id\":\"" + b.igUserId() + "\"}}]}}")));

        service.handleComment(job(b, id));

        InboxItem item = item(b, id);
        assertEquals("replied", item.status(), item.toString());
        assertEquals("17999000000000777", item.reply().externalId());
        assertEquals(0, repliesPosted(id), "the reply was already there");
    }

    @Test
    void aTransientGraphFailureFreesTheItemForTheNextDelivery() {
        var b = fx.brand("Warm and brief.", List.of());
        String id = EngagementFixture.commentId();
        graph.stubFor(post(urlPathEqualTo("/v21.0/" + id + "/replies")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"busy\",\"code\":2,\"is_transient\":true}}")));
        graph.stubFor(get(urlPathEqualTo("/v21.0/" + id)).willReturn(okJson("{\"id\":\"" + id + "\",\"replies\":{\"data\":[]}}")));

        assertThrows(RetryLater.class, () -> service.handleComment(job(b, id)));
        graph.removeStub(graph.getStubMappings().stream().filter(m -> m.getPriority() != null && m.getPriority() == 1).findFirst().orElseThrow());
        service.handleComment(job(b, id));

        assertEquals("replied", item(b, id).status());
        assertEquals(2, repliesPosted(id), "one failed attempt, then the reply: the retry did not wait for a lease");
    }

    @Test
    void aDeletedItemsCommentDeliveredAgainIsNotAnsweredAgain() {
        var b = fx.brand("Warm and brief.", List.of());
        String id = EngagementFixture.commentId();
        service.handleComment(job(b, id));
        assertTrue(inbox.delete(b.tenantId(), InboxStore.idFor(b.tenantId(), "comment", id)));
        assertTrue(inbox.get(b.tenantId(), InboxStore.idFor(b.tenantId(), "comment", id)).isEmpty(), "deleted for people");

        service.handleComment(job(b, id));

        assertEquals(1, repliesPosted(id));
        assertTrue(inbox.get(b.tenantId(), InboxStore.idFor(b.tenantId(), "comment", id)).isEmpty());
    }
}
