package com.socialwire.posts.store;

import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.ObservedDynamoDb;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.shared.Ids;
import com.socialwire.shared.analytics.TenantCounters;
import com.socialwire.shared.aws.AwsCallObserver;
import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.store.Cursors;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two changes of one tenant meet on its day row: DynamoDB cancels one of the transactions (TransactionConflict). The
 * loser is tried again, its conditions still deciding, so it counts once; one that keeps losing fails whole, nothing
 * written. (DynamoDB Local serialises transactions: the conflict is injected as DynamoDB answers it.)
 */
class CounterConflictIT {

    private final LocalEnvironment env = LocalEnvironment.shared();
    /** How many of the next transactions DynamoDB cancels as conflicting. */
    private final AtomicInteger conflicts = new AtomicInteger();
    private final LeanDynamoDb db = ObservedDynamoDb.of(env.functionConfig("PostsFunction"), new AwsCallObserver() {
        @Override
        public SdkRequest beforeCall(String service, String operation, SdkRequest request) {
            if (request instanceof TransactWriteItemsRequest && conflicts.getAndDecrement() > 0) {
                throw (TransactionCanceledException) TransactionCanceledException.builder().message("Transaction cancelled")
                        .cancellationReasons(CancellationReason.builder().code("None").build(),
                                CancellationReason.builder().code("TransactionConflict").build()).build();
            }
            return request;
        }
    });
    private final Table table = new Table(() -> db, env.resources().tables().get("Table"), new Cursors(new byte[32], Clock.systemUTC()));
    private final TenantCounters counters = new TenantCounters(table, Clock.systemUTC());
    private final PostStore posts = new PostStore(table, counters);

    @Test
    void aChangeThatLostItsTransactionToAnotherIsTriedAgainAndCountsOnce() {
        String tenant = "tnt_" + Ids.base62(16);
        conflicts.set(3);
        Post p = PostIndexesIT.post(tenant, PostStatus.DRAFT, null, "instagram", null, 100);
        posts.create(p);
        assertTrue(posts.get(tenant, p.id).isPresent());
        assertEquals(1L, counters.totals(tenant).counts().get(TenantCounters.POSTS_CREATED));

        conflicts.set(100);
        Post lost = PostIndexesIT.post(tenant, PostStatus.DRAFT, null, "instagram", null, 100);
        assertThrows(TransactionCanceledException.class, () -> posts.create(lost), "one that keeps losing fails");
        conflicts.set(0);
        assertTrue(posts.get(tenant, lost.id).isEmpty(), "nothing written");
        assertEquals(Map.of("draft", 1L), TenantCounters.named(counters.totals(tenant).counts(), TenantCounters.POST_STATUS));
    }
}
