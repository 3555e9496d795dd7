package com.socialwire.posts.store;

import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.local.stores.WriteCapacity;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.store.Cursors;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Posts and the keys-only indexes: what a post's writes pay in them, and the list read back whole across cursors
 * with its filters.
 */
class PostIndexesIT {

    static final Instant T0 = Instant.parse("2031-05-01T10:00:00Z");

    private final LocalEnvironment env = LocalEnvironment.shared();
    private final String name = env.resources().tables().get("Table");
    /** The functions' lean client, its writes asking for and handing over their consumed capacity. */
    private final WriteCapacity meter = new WriteCapacity(env.functionConfig("PostsFunction"));
    private final List<ConsumedCapacity> writes = meter.writes;
    private final List<Integer> transactionItems = meter.transactionItems;
    private final LeanDynamoDb metered = meter.client();
    private final PostStore posts = new PostStore(new Table(() -> metered, name, new Cursors(new byte[32], Clock.systemUTC())));

    static Post post(String tenantId, PostStatus status, Instant scheduledFor, String platform, String campaignId, int textChars) {
        ObjectNode doc = (ObjectNode) Json.tree("{\"content\":{\"text\":\"\"},\"platforms\":[\"" + platform + "\"]}");
        ((ObjectNode) doc.get("content")).put("text", "a".repeat(textChars));
        if (campaignId != null) {
            doc.put("campaignId", campaignId);
        }
        Post p = new Post("post_" + Ids.base62(20), tenantId, "acct_x", T0, status, 1, scheduledFor, T0, doc, Json.object(), List.of());
        p.record(T0, "create", null, status, "test", null);
        return p;
    }

    /** The index units of one write: DynamoDB's breakdown per index (whatever their names), none when it touched none. */
    private static double indexes(ConsumedCapacity c) {
        return c.globalSecondaryIndexes() == null ? 0
                : c.globalSecondaryIndexes().values().stream().mapToDouble(i -> i.capacityUnits() == null ? 0 : i.capacityUnits()).sum();
    }

    private static double index(ConsumedCapacity c, String index) {
        Capacity i = c.globalSecondaryIndexes() == null ? null : c.globalSecondaryIndexes().get(index);
        return i == null || i.capacityUnits() == null ? 0 : i.capacityUnits();
    }

    private ConsumedCapacity last() {
        return writes.get(writes.size() - 1);
    }

    @Test
    void aPostWriteCopiesOnlyKeysIntoTheIndexes() {
        String tenant = "tnt_" + Ids.base62(16);
        // a 3 KB post, scheduled: it carries both indexes' keys
        Post p = post(tenant, PostStatus.SCHEDULED, T0.plusSeconds(3600), "instagram", null, 3000);
        posts.create(p);
        ConsumedCapacity put = last();
        assertTrue(put.table().capacityUnits() >= 3, "the post itself is ~3 KB: " + put);
        // one transaction with its tenant's counter row (a transaction's units are a multiple of a plain write's): an
        // index entry costs a fraction of the post's own write, as a copy of the post would not
        assertTrue(index(put, Table.GSI1) > 0 && index(put, Table.GSI1) == index(put, Table.GSI2)
                        && 3 * index(put, Table.GSI1) <= put.table().capacityUnits(),
                "a put of a post writes one small entry per index, not a copy of the post: " + put);

        // the publish run's claim moves it from the due bucket to the publishing one (GSI2's keys change: delete + put)
        assertTrue(posts.claim(tenant, p.id, p.scheduledFor, T0.plusSeconds(3600), "run_test"));
        ConsumedCapacity claim = last();
        assertTrue(index(claim, Table.GSI1) == 0 && index(claim, Table.GSI2) <= 2 * index(put, Table.GSI2),
                "the claim changes no list key and moves one small due entry: " + claim);

        // a delivery changes the document only: no index is written
        ObjectNode delivery = Json.object();
        delivery.put("status", "publishing");
        assertTrue(posts.setDelivery(tenant, p.id, "instagram", null, delivery, T0.plusSeconds(3601)).isPresent());
        ConsumedCapacity doc = last();
        assertEquals(0.0, indexes(doc), "a document-only update writes no index: " + doc);
        assertEquals(doc.table().capacityUnits(), doc.capacityUnits(), "all of it is the post's own write: " + doc);
    }

    /**
     * What the tenant's counters add to a post's write: the change and ONE small counter row in one transaction. Prints
     * the units DynamoDB Local reports (a transaction's units are a multiple of a plain write's: on AWS 2 per KB per item).
     */
    @Test
    void aCountedChangeWritesOneSmallCounterRowMore() {
        String tenant = "tnt_" + Ids.base62(16);
        Post plain = post(tenant, PostStatus.DRAFT, null, "instagram", null, 600);
        posts.table().put(new com.socialwire.shared.store.Write.Put(PostStore.item(plain)));
        ConsumedCapacity alone = last();
        Post counted = post(tenant, PostStatus.DRAFT, null, "instagram", null, 600);
        posts.create(counted);
        ConsumedCapacity withCounters = last();
        com.socialwire.shared.analytics.TenantCounters c = new com.socialwire.shared.analytics.TenantCounters(posts.table(), Clock.systemUTC());
        posts.table().update(c.update(tenant, Map.of(com.socialwire.shared.analytics.TenantCounters.POSTS_CREATED, 1L)));
        ConsumedCapacity row = last();
        System.out.println("COST post put alone: " + alone + "\nCOST post create with counters: " + withCounters
                + "\nCOST counter row alone: " + row);
        assertEquals(List.of(2), transactionItems, "one transaction of two items: the post and one counter row");
        assertEquals(1.0, row.table().capacityUnits(), "the counter row is one write unit (under 1 KB)");
        double factor = withCounters.table().capacityUnits() / (alone.table().capacityUnits() + row.table().capacityUnits());
        assertEquals(Math.rint(factor), factor, 1e-9, "the transaction costs a whole multiple of the two plain writes: " + factor);
    }

    @Test
    void aListAcrossCursorsIsCompleteOrderedAndFilteredOnTheWholePosts() {
        String tenant = "tnt_" + Ids.base62(16);
        Random random = new Random(7);
        List<Post> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            PostStatus status = random.nextBoolean() ? PostStatus.SCHEDULED : PostStatus.DRAFT;
            Post p = post(tenant, status, status == PostStatus.SCHEDULED ? T0.plusSeconds(60L * i) : null,
                    random.nextBoolean() ? "instagram" : "facebook", random.nextInt(3) == 0 ? "cmp_a" : null, 200);
            posts.create(p);
            all.add(p);
        }
        // schedule order, the unscheduled last (by creation, then id)
        List<String> order = all.stream().sorted(java.util.Comparator
                .comparing((Post p) -> p.scheduledFor == null ? "~" : PostStore.ts(p.scheduledFor)).thenComparing(p -> p.id))
                .map(p -> p.id).toList();
        record Filter(PostStatus status, String platform, String campaign, Predicate<Post> expected) { }
        List<Filter> filters = List.of(new Filter(null, null, null, p -> true),
                new Filter(PostStatus.SCHEDULED, null, null, p -> p.status == PostStatus.SCHEDULED),
                new Filter(null, "facebook", null, p -> p.platforms().contains("facebook")),
                new Filter(PostStatus.DRAFT, "instagram", "cmp_a", p -> p.status == PostStatus.DRAFT
                        && p.platforms().contains("instagram") && "cmp_a".equals(p.campaignId())));
        for (Filter f : filters) {
            for (int limit : new int[] {3, 40}) {
                List<String> seen = new ArrayList<>();
                String cursor = null;
                do {
                    Page<Post> page = posts.list(tenant, f.status(), f.platform(), null, null, f.campaign(), limit, cursor);
                    assertTrue(page.items().size() <= limit);
                    page.items().forEach(p -> {
                        assertEquals(200, p.content().path("text").asText().length(), "the whole post");
                        seen.add(p.id);
                    });
                    cursor = page.nextCursor();
                } while (cursor != null);
                List<String> expected = order.stream().filter(id -> f.expected().test(all.stream().filter(p -> p.id.equals(id)).findFirst().orElseThrow())).toList();
                assertEquals(expected, seen, f + " limit " + limit);
            }
        }
    }
}
