package com.socialwire.engagement.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.engagement.EngagementFixture;
import com.socialwire.engagement.model.InboxItem;
import com.socialwire.engagement.model.Jobs.CommentJob;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.engagement.worker.EngagementService;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanSqs;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.mentions.InboxCursors;
import com.socialwire.shared.social.mentions.MentionSource;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.TenantRecords;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inbox poll over the embedded stores, as InboxPollFunction and the comment worker run it (each with its own role):
 * a polled platform's engagement becomes comment jobs on the real comments queue, the worker records, moderates and
 * answers each once through the platform's {@link MentionSource} (a test double of that boundary: {@link FakeSource}),
 * and the account's cursor is stored only after its page was queued.
 */
class InboxPollIT {

    @RegisterExtension
    static WireMockExtension model = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String REPLY = "Thanks, glad you liked it!";

    EngagementFixture worker;
    EngagementFixture poll;
    EngagementFixture.Brand brand;
    SocialAccounts socialAccounts;
    FakeSource bluesky;
    FakeSource mastodon;
    FakeSource x;
    Map<String, MentionSource> sources;
    InboxPoller poller;
    EngagementService service;
    InboxStore inbox;
    LeanSqs commentWorkerSqs;
    Table table;
    /** The table as the social function (whose role may delete) reaches it. */
    Table socialTable;

    @BeforeEach
    void setUp() {
        worker = EngagementFixture.commentWorker(model.baseUrl(), "http://127.0.0.1:9");
        poll = new EngagementFixture("InboxPollFunction", Map.of("INBOX_POLL_MIN_INTERVAL_SECONDS", "0"));
        brand = worker.brand("Warm and brief.", List.of("politics"));
        EngagementFixture social = new EngagementFixture("SocialFunction", Map.of());
        socialAccounts = social.engagement.socialAccounts();
        socialTable = social.engagement.table;
        bluesky = new FakeSource("bluesky");
        mastodon = new FakeSource("mastodon");
        x = new FakeSource("twitter");
        sources = Map.of("bluesky", bluesky, "mastodon", mastodon, "twitter", x);
        poller = poll.engagement.poller(sources, Clock.systemUTC());
        service = worker.engagement.worker(sources);
        inbox = worker.engagement.inbox();
        commentWorkerSqs = new AwsClients(worker.env.functionConfig("CommentWorkerFunction")).sqs();
        table = poll.engagement.table;
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(EngagementFixture.chatCompletion(REPLY))));
    }

    SocialAccount connect(String platform, String externalId, String handle) {
        Grant grant = new Grant("token-" + externalId, null, null, null, List.of(), false);
        return socialAccounts.connect(brand.tenantId(), new SocialAccounts.Connection(platform, null,
                new Connector.Offered(externalId, handle, handle, null, "profile", grant, Map.of()), grant), false);
    }

    /** Every comment job of this brand on the queue, taken off it as the worker's poller does. */
    List<CommentJob> drain() {
        Config config = poll.env.functionConfig("InboxPollFunction");
        String url = config.require("COMMENTS_QUEUE_URL");
        List<CommentJob> mine = new ArrayList<>();
        int empty = 0;
        while (empty < 2) {
            List<LeanSqs.Message> got = commentWorkerSqs.receive(url, 10, 0, 1, List.of());
            if (got.isEmpty()) {
                empty++;
                continue;
            }
            empty = 0;
            List<LeanSqs.Receipt> done = new ArrayList<>();
            for (LeanSqs.Message m : got) {
                JsonNode job = Json.tree(m.body());
                if (brand.tenantId().equals(job.path("tenantId").asText())) {
                    mine.add(Json.read(m.body(), CommentJob.class));
                    done.add(new LeanSqs.Receipt(Integer.toString(done.size()), m.receiptHandle()));
                }
            }
            if (!done.isEmpty()) {
                commentWorkerSqs.deleteBatch(url, done);
            }
        }
        return mine;
    }

    InboxItem item(String platform, String externalId) {
        return inbox.get(brand.tenantId(), InboxStore.idFor(brand.tenantId(), platform, null, externalId)).orElseThrow();
    }

    InboxCursors.Row row(SocialAccount a) {
        return new InboxCursors(table).forTenant(brand.tenantId()).stream().filter(r -> r.accountId().equals(a.accountId())).findFirst().orElseThrow();
    }

    int modelCalls() {
        return model.findAll(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))).size();
    }

    @Test
    void aPollQueuesWhatIsNewOnceTheWorkerAnswersEachOnceAndTheCursorAdvances() {
        SocialAccount account = connect("bluesky", "did:plc:bakery" + brand.tenantId().substring(4, 12).toLowerCase(), "bakery.test");
        bluesky.add("at://did:plc:alice/app.bsky.feed.post/1", "reply", "did:plc:alice", "alice.test", "Lovely loaves today!");
        bluesky.add("at://did:plc:bob/app.bsky.feed.post/2", "mention", "did:plc:bob", "bob.test", "@bakery.test are you open Sunday?");
        bluesky.add("at://" + account.externalId() + "/app.bsky.feed.post/3", "reply", account.externalId(), "bakery.test", "our own reply");

        InboxPoller.Summary first = poller.pollTenant(brand.tenantId());
        assertEquals(1, first.polled(), first.toString());
        assertEquals(2, first.newItems(), "the account's own post makes no item: " + first);
        assertEquals("3", row(account).cursor(), "the cursor stands after the page it queued");
        List<CommentJob> jobs = drain();
        assertEquals(2, jobs.size());
        for (CommentJob job : jobs) {
            assertEquals("bluesky", job.platform());
            assertEquals(account.accountId(), job.socialAccountId());
            service.handleComment(job);
        }
        InboxItem reply = item("bluesky", "at://did:plc:alice/app.bsky.feed.post/1");
        assertEquals("replied", reply.status(), reply.toString());
        assertEquals("reply", reply.type());
        assertEquals("alice.test", reply.fromUser().username());
        assertEquals(account.accountId(), reply.origin().socialAccountId());
        assertEquals("post-1", reply.origin().replyRef().get("root"), "the reply reference is stored with the item");
        assertEquals(1, bluesky.repliesTo("at://did:plc:alice/app.bsky.feed.post/1"));
        assertEquals(1, bluesky.repliesTo("at://did:plc:bob/app.bsky.feed.post/2"));

        InboxPoller.Summary second = poller.pollTenant(brand.tenantId());
        assertEquals(0, second.newItems(), second.toString());
        assertEquals("3", bluesky.polledFrom.getLast(), "the second poll reads from the stored cursor");
        assertTrue(drain().isEmpty(), "nothing queued again");
    }

    @Test
    void aCrashBetweenQueueingAPageAndStoringItsCursorAddsNothingTwice() {
        SocialAccount account = connect("mastodon", "1090" + System.nanoTime(), "bakery");
        mastodon.add("m-1", "mention", "201", "carol@mastodon.test", "@bakery do you deliver?");
        mastodon.add("m-2", "mention", "202", "dave@mastodon.test", "@bakery what time do you open?");
        assertEquals(2, poller.pollTenant(brand.tenantId()).newItems());
        // the state a poll that died after queueing the page and before storing its cursor leaves: the cursor as before
        table.update(new Write.Update(Table.key(TenantRecords.pk(brand.tenantId()), "INBOXCURSOR#" + account.accountId()),
                "REMOVE #c, #last", null, Map.of("#c", "cursor", "#last", "lastPolledAt"), Map.of()));
        assertNull(row(account).cursor());

        InboxPoller.Summary again = poller.pollTenant(brand.tenantId());
        assertEquals(2, again.newItems(), "read again from the old cursor, the items not in the inbox yet are queued again: " + again);
        List<CommentJob> jobs = drain();
        assertEquals(4, jobs.size(), "two copies of each job");
        for (CommentJob job : jobs) {
            service.handleComment(job);
        }
        assertEquals(1, mastodon.repliesTo("m-1"), "one reply however often its job came");
        assertEquals(1, mastodon.repliesTo("m-2"));
        assertEquals("replied", item("mastodon", "m-1").status());
        assertEquals(2, inbox.list(brand.tenantId(), null, null, "mastodon", 100, null).items().size(), "one item each");

        // and once they are in the inbox, the same page read again queues nothing
        table.update(new Write.Update(Table.key(TenantRecords.pk(brand.tenantId()), "INBOXCURSOR#" + account.accountId()),
                "REMOVE #c", null, Map.of("#c", "cursor"), Map.of()));
        assertEquals(0, poller.pollTenant(brand.tenantId()).newItems());
        assertTrue(drain().isEmpty());
    }

    @Test
    void aRedeliveredJobRepliesOnce() {
        SocialAccount account = connect("bluesky", "did:plc:redeliver" + System.nanoTime(), "bakery.test");
        MentionSource.Mention m = bluesky.add("at://did:plc:erin/app.bsky.feed.post/9", "reply", "did:plc:erin", "erin.test", "Great croissants");
        CommentJob job = InboxPoller.job(account, m, Instant.now());
        service.handleComment(job);
        service.handleComment(job);
        service.handleComment(Json.read(Json.write(job), CommentJob.class));
        assertEquals(1, bluesky.repliesTo(m.externalId()));
        assertEquals(1, modelCalls(), "one generation");
        assertEquals("replied", item("bluesky", m.externalId()).status());
    }

    @Test
    void anUnknownReplyOutcomeIsReconciledThroughFindReplyAndNotSentTwice() {
        SocialAccount account = connect("bluesky", "did:plc:unknown" + System.nanoTime(), "bakery.test");
        MentionSource.Mention m = bluesky.add("at://did:plc:frank/app.bsky.feed.post/7", "mention", "did:plc:frank", "frank.test", "@bakery.test hi!");
        CommentJob job = InboxPoller.job(account, m, Instant.now());
        bluesky.loseNextReplyAnswer = true;
        assertThrows(RetryLater.class, () -> service.handleComment(job), "an unknown answer: the job comes back");
        InboxItem sending = item("bluesky", m.externalId());
        assertEquals("sending", sending.reply().state(), sending.toString());

        service.handleComment(job); // the redelivery: the lease ended with the unknown answer
        assertEquals(1, bluesky.findReplies.get(), "the platform was asked first");
        assertEquals(1, bluesky.repliesTo(m.externalId()), "and the reply it found was not sent again");
        InboxItem replied = item("bluesky", m.externalId());
        assertEquals("replied", replied.status(), replied.toString());
        assertEquals("sent", replied.reply().state());
        assertEquals("bluesky-reply-1", replied.reply().externalId());
    }

    @Test
    void anXReplyFromAnAccountThatDidNotMentionUsIsDraftedForAPersonNeverSent() {
        SocialAccount account = connect("twitter", "44196397" + (System.nanoTime() % 1000), "bloombakery");
        MentionSource.Mention m = x.add("1790000000000000001", "reply", "9001", "grace", "nice photo");
        CommentJob job = InboxPoller.job(account, m, Instant.now());
        service.handleComment(job);
        InboxItem drafted = item("twitter", m.externalId());
        assertEquals("new", drafted.status(), drafted.toString());
        assertEquals("draft", drafted.reply().state(), drafted.toString());
        assertEquals(REPLY, drafted.reply().text());
        assertTrue(drafted.reason().startsWith("DRAFT_ONLY: X allows automated replies only"), drafted.reason());
        assertEquals(0, x.replies.size(), "nothing sent");

        service.handleComment(job); // redelivered: no second generation, still nothing sent
        assertEquals(1, modelCalls());
        assertEquals(0, x.replies.size());

        MentionSource.Mention mentioned = x.add("1790000000000000002", "mention", "9002", "heidi", "@bloombakery open late?");
        service.handleComment(InboxPoller.job(account, mentioned, Instant.now()));
        assertEquals(1, x.repliesTo(mentioned.externalId()), "a mention of the account is answered");
    }

    @Test
    void oneAccountsRefusedTokenDoesNotStopAnothersPoll() {
        SocialAccount refused = connect("bluesky", "did:plc:refused" + System.nanoTime(), "bakery.test");
        SocialAccount fine = connect("mastodon", "2090" + System.nanoTime(), "bakery");
        bluesky.failPoll = new PlatformResult.AuthFailed<>(401, "ExpiredToken", "Token has expired");
        mastodon.add("m-ok-1", "mention", "301", "ivan@mastodon.test", "@bakery hello");

        InboxPoller.Summary s = poller.runDue(Instant.now().plusSeconds(60));
        assertTrue(s.failed() >= 1, s.toString());
        assertEquals(1, drain().stream().filter(j -> j.externalId().equals("m-ok-1")).count(), "the other account's item was queued");
        SocialAccount after = socialAccounts.load(brand.tenantId(), refused.accountId()).orElseThrow().account();
        assertEquals(AccountStatus.RECONNECT_REQUIRED, after.status(), "marked as a publish marks it");
        assertFalse(row(refused).indexed(), "out of the poll index until it is connected again");
        assertTrue(row(fine).indexed());

        connect("bluesky", refused.externalId(), "bakery.test"); // reconnected: polled again
        assertTrue(row(refused).indexed());
    }

    @Test
    void aRateLimitedAccountBacksOffAndTheScheduledRunSkipsAnAccountNotDue() {
        SocialAccount limited = connect("bluesky", "did:plc:limited" + System.nanoTime(), "bakery.test");
        bluesky.failPoll = new PlatformResult.Transient<>(429, "RateLimitExceeded", "slow down", 900);
        InboxPoller.Summary first = poller.pollTenant(brand.tenantId());
        assertEquals(1, first.failed(), first.toString());
        InboxCursors.Row row = row(limited);
        assertTrue(row.backoffUntil().isAfter(Instant.now().plusSeconds(800)), row.toString());
        assertTrue(row.nextPollAt().isAfter(Instant.now().plusSeconds(800)), row.toString());

        bluesky.failPoll = null;
        bluesky.polledAccounts.clear();
        InboxPoller.Summary manual = poller.pollTenant(brand.tenantId());
        assertEquals(1, manual.skipped(), "no manual poll during the back-off: " + manual);
        poller.runDue(Instant.now().plusSeconds(60));
        assertFalse(bluesky.polledAccounts.contains(limited.accountId()), "nor a scheduled one");
    }

    @Test
    void theInboxListsAPolledItemUnderItsPlatformAndType() {
        SocialAccount account = connect("bluesky", "did:plc:listed" + System.nanoTime(), "bakery.test");
        MentionSource.Mention m = bluesky.add("at://did:plc:judy/app.bsky.feed.post/5", "reply", "did:plc:judy", "judy.test", "So good");
        service.handleComment(InboxPoller.job(account, m, Instant.now()));
        var listed = worker.engagement.inboxService().list(brand.tenantId(), null, "reply", "bluesky", 20, null).items();
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(m.externalId(), listed.getFirst().externalId());
    }

    @Test
    void aPersonsReplyToADraftedXItemGoesToXOnceNotToInstagram() {
        SocialAccount account = connect("twitter", "55196397" + (System.nanoTime() % 1000), "bloombakery");
        MentionSource.Mention m = x.add("1790000000000000101", "reply", "9101", "karl", "what flour do you use");
        service.handleComment(InboxPoller.job(account, m, Instant.now()));
        InboxItem drafted = item("twitter", m.externalId());
        assertEquals("draft", drafted.reply().state());

        var people = worker.engagement.inboxService(sources);
        InboxItem answered = people.reply(brand.tenantId(), drafted.id(), (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.tree("{\"text\":\"Stone-ground rye from a mill nearby!\"}"));
        assertEquals("replied", answered.status(), answered.toString());
        assertEquals("sent", answered.reply().state());
        assertEquals(1, x.repliesTo(m.externalId()), "sent through X");
        assertThrows(com.socialwire.shared.http.ApiException.class, () -> people.reply(brand.tenantId(), drafted.id(),
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree("{\"text\":\"again\"}")), "a second reply is refused");
        assertEquals(1, x.repliesTo(m.externalId()));
    }

    @Test
    void accountsConnectedBeforeTheUnifiedInboxGetTheirRowsFromAManualPoll() {
        SocialAccount masto = connect("mastodon", "4090" + System.nanoTime(), "bakery");
        SocialAccount page = connect("facebook", "1049" + System.nanoTime(), "Bloom Bakery");
        for (SocialAccount a : List.of(masto, page)) { // as an account connected before inbox rows existed has none
            socialTable.delete(new Write.Delete(Table.key(TenantRecords.pk(brand.tenantId()), "INBOXCURSOR#" + a.accountId())));
        }
        InboxCursors cursors = new InboxCursors(table);
        assertTrue(cursors.byExternal("facebook", page.externalId()).isEmpty());
        mastodon.add("m-old-1", "mention", "401", "olga@mastodon.test", "@bakery still open?");

        InboxPoller.Summary s = poller.pollTenant(brand.tenantId());
        assertEquals(1, s.polled(), s.toString());
        assertEquals(1, s.newItems(), s.toString());
        assertEquals(page.accountId(), cursors.byExternal("facebook", page.externalId()).orElseThrow().accountId(),
                "the Page's webhooks find its account now");
        drain();
    }

    @Test
    void aRevokedAccountLeavesThePollIndex() {
        SocialAccount a = connect("mastodon", "3090" + System.nanoTime(), "bakery");
        assertTrue(row(a).indexed());
        socialAccounts.revoke(socialAccounts.load(brand.tenantId(), a.accountId()).orElseThrow());
        assertFalse(row(a).indexed());
        assertEquals(0, poller.pollTenant(brand.tenantId()).polled());
    }

}
