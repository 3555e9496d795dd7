package com.socialwire.engagement.worker;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.engagement.EngagementFixture;
import com.socialwire.engagement.ProfileReads;
import com.socialwire.engagement.model.InboxItem;
import com.socialwire.engagement.model.Jobs.CommentJob;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.shared.Json;
import com.socialwire.shared.jobs.RetryLater;
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
                null, List.of(), new InboxItem.Reply(REPLY, "gpt-4o-mini", false, null, "sending", null, 0, 0), now, now, now, 0);
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

    @Test
    void aBatchOfOneBrandsCommentsReadsTheBrandsProfileOnce() throws Exception {
        var b = fx.brand("Warm and brief.", List.of());
        List<String> ids = List.of(EngagementFixture.commentId(), EngagementFixture.commentId(), EngagementFixture.commentId());
        StringBuilder records = new StringBuilder();
        for (String id : ids) {
            records.append(records.isEmpty() ? "" : ",").append("{\"messageId\":\"m-").append(id).append("\",\"body\":")
                    .append(Json.write(Json.write(job(b, id)))).append(",\"attributes\":{\"ApproximateReceiveCount\":\"1\"}}");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        new CommentWorkerHandler(service).handleRequest(
                new java.io.ByteArrayInputStream(("{\"Records\":[" + records + "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8)), out, null);

        assertEquals("[]", Json.tree(out.toByteArray()).path("batchItemFailures").toString(), out.toString());
        for (String id : ids) {
            assertEquals(1, repliesPosted(id), id);
        }
        assertEquals(1, ProfileReads.of(b.tenantId()), "one read of the brand's profile for its batch of " + ids.size() + " comments");
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
