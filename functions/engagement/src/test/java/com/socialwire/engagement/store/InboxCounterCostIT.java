package com.socialwire.engagement.store;

import com.socialwire.engagement.model.InboxItem;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.WriteCapacity;
import com.socialwire.shared.Ids;
import com.socialwire.shared.analytics.TenantCounters;
import com.socialwire.shared.store.Cursors;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the tenant's counters add to an inbox item's writes, as DynamoDB Local reports it: the item and ONE small
 * counter row in one transaction; an update of an item reads it first (one consistent read) to know what its counters
 * move from. A created item's person rides in the same transaction (their row and their list's entry: two small items,
 * after one eventually consistent read of their row); a change that sends them no reply and records no violation
 * writes nothing of theirs. Prints the units (a transaction's are a multiple of a plain write's: on AWS 2 per KB per item).
 */
class InboxCounterCostIT {

    private final LocalEnvironment env = LocalEnvironment.shared();
    private final WriteCapacity meter = new WriteCapacity(env.functionConfig("CommentWorkerFunction"));
    private final Table table = new Table(meter::client, env.resources().tables().get("Table"), new Cursors(new byte[32], Clock.systemUTC()));
    private final InboxStore inbox = new InboxStore(table, new TenantCounters(table, Clock.systemUTC()));

    static InboxItem item(String tenantId, String status) {
        Instant now = Instant.now();
        String external = "179" + Ids.base62(12);
        return new InboxItem(InboxStore.idFor(tenantId, "comment", external), tenantId, "instagram", "comment", external,
                new InboxItem.Person("178", "mallory"), "Are you open on Sunday?", null, status, "normal", "neutral", "none", null,
                List.of(), null, now, now, now, 1);
    }

    @Test
    void aCountedInboxChangeWritesOneSmallCounterRowMore() {
        String tenant = "tnt_" + Ids.base62(16);
        table.put(new Write.Put(InboxStore.toItem(item(tenant, "new"))));
        ConsumedCapacity alone = meter.last();
        InboxItem counted = item(tenant, "new");
        assertTrue(inbox.createIfAbsent(counted));
        ConsumedCapacity created = meter.last();
        int readsBefore = meter.reads.size();
        assertTrue(readsBefore >= 1, "the creation read its person once");
        InboxItem stored = inbox.get(tenant, counted.id()).orElseThrow();
        int readsAfterGet = meter.reads.size();
        assertTrue(inbox.save(stored.with("replied", "reply", "normal", null, null, Instant.now())).isPresent());
        ConsumedCapacity updated = meter.last();
        System.out.println("COST inbox item put alone: " + alone + "\nCOST inbox item created with counters: " + created
                + "\nCOST inbox item status change with counters: " + updated);
        assertEquals(List.of(4, 2), meter.transactionItems,
                "created: the item, one counter row, its person's row and list entry; changed: the item and one counter row");
        assertEquals(1, meter.reads.size() - readsAfterGet, "an update reads the item once to know what its counters move from");
        assertEquals(1, readsAfterGet - readsBefore);
        double factor = created.table().capacityUnits() / (alone.table().capacityUnits() + 1.0);
        assertEquals(Math.rint(factor), factor, 1e-9, "the transaction costs a whole multiple of the two plain writes: " + factor);
    }
}
