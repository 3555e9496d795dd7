package com.socialwire.engagement.poll;

import com.socialwire.engagement.EngagementFixture;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.local.stores.ObservedDynamoDb;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsCallObserver;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.jobs.JobQueue;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Connectors;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.TokenCare;
import com.socialwire.shared.social.mentions.InboxCursors;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What one account's scheduled poll costs in DynamoDB calls, as InboxPollFunction makes them (counted by operation): an
 * idle account (nothing new) is its lease taken and given back (two small updates) and its account read twice (the poll's
 * read, then the token care's; neither reads the default pointer: it read four items before); a page with something new
 * adds one batched read of the inbox items it names and the cursor's update.
 */
class InboxPollCostIT {

    /** DynamoDB operations by name, counted as they succeed. */
    static final class Calls implements AwsCallObserver {
        final Map<String, Integer> byOperation = new TreeMap<>();

        @Override
        public synchronized SdkRequest beforeCall(String service, String operation, SdkRequest request) {
            byOperation.merge(operation, 1, Integer::sum);
            return request;
        }
    }

    @Test
    void anIdleAccountsPollIsTwoSmallUpdatesAndTwoReadsAndANewItemAddsABatchReadAndTheCursor() {
        EngagementFixture poll = new EngagementFixture("InboxPollFunction", Map.of());
        EngagementFixture worker = EngagementFixture.commentWorker("http://127.0.0.1:9", "http://127.0.0.1:9");
        EngagementFixture.Brand brand = worker.brand("Warm.", List.of());
        Config config = poll.env.functionConfig("InboxPollFunction");
        Calls calls = new Calls();
        Table table = new Table(ObservedDynamoDb.of(config, calls), config.require("TABLE_NAME"));
        AwsClients aws = new AwsClients(config);
        SocialAccounts accounts = new SocialAccounts(table, SecretCipher.fromConfig(config, aws), Clock.systemUTC());
        FakeSource mastodon = new FakeSource("mastodon");
        InboxPoller poller = new InboxPoller(new InboxCursors(table), accounts, new TokenCare(accounts, Connectors.fromConfig(config), Clock.systemUTC()),
                Map.of("mastodon", mastodon), new InboxStore(table), new JobQueue(aws.sqsOnFirstUse(), config.require("COMMENTS_QUEUE_URL")),
                Clock.systemUTC(), Duration.ofMinutes(5), Duration.ZERO);
        Grant grant = new Grant("token-cost", null, null, null, List.of(), false);
        SocialAccount account = new EngagementFixture("SocialFunction", Map.of()).engagement.socialAccounts().connect(brand.tenantId(),
                new SocialAccounts.Connection("mastodon", null, new Connector.Offered("5090" + System.nanoTime(), "bakery", "Bakery", null,
                        "profile", grant, Map.of()), grant), false);
        InboxCursors cursors = new InboxCursors(poll.engagement.table);

        assertEquals(InboxPoller.Outcome.Result.POLLED, poller.poll(cursors.forTenant(brand.tenantId()).getFirst(), true).result());
        InboxCursors.Row idle = cursors.forTenant(brand.tenantId()).getFirst(); // its first poll stored where it stands
        calls.byOperation.clear();
        assertEquals(InboxPoller.Outcome.Result.POLLED, poller.poll(idle, false).result());
        System.out.println("COST idle account's poll: " + calls.byOperation);
        assertEquals(Map.of("UpdateItem", 2, "GetItem", 2), calls.byOperation);

        mastodon.add("m-cost-1", "mention", "601", "pat@mastodon.test", "@bakery hello");
        InboxCursors.Row due = cursors.forTenant(brand.tenantId()).getFirst();
        calls.byOperation.clear();
        InboxPoller.Outcome o = poller.poll(due, false);
        System.out.println("COST a poll with one new item: " + calls.byOperation + " (and one SQS SendMessageBatch)");
        assertEquals(1, o.newItems());
        assertEquals(Map.of("UpdateItem", 3, "GetItem", 2, "BatchGetItem", 1), calls.byOperation);
        assertEquals(account.accountId(), due.accountId());
    }
}
