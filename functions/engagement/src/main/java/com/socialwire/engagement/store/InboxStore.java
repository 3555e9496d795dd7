package com.socialwire.engagement.store;

import com.socialwire.shared.store.Write;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.engagement.model.InboxItem;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.TenantRecords;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.analytics.TenantCounters;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Inbox items in the single table: {@code TENANT#{id}} / {@code INBOX#{itemId}}, listed newest
 * first through GSI1 ({@code TENANT#{id}#INBOX}) and by status through GSI2
 * ({@code TENANT#{id}#INBOX#{status}}). An item's id is derived from what Meta calls the comment
 * or message, so a redelivered webhook or job finds the same item instead of making a second.
 * Writes are conditional on the item's version: a worker and a human never overwrite each other. The person an item
 * is from ({@link PeopleStore}: their counts, the leaderboard, their list of items, their violations) is written in the
 * same transaction as the item and its tenant's counters, so a write that does not apply moves no person either.
 *
 * <p>A worker's item may carry a lease ({@code leasedUntil}, epoch ms, outside the document): the
 * worker that created the item, or took it over with a version-conditional write, owns it until
 * then, and other deliveries of the same job back off. The item is thus its own claim: no separate
 * idempotency record is written per job. Any save without a lease ends it.
 */
public final class InboxStore {

    private static final String LEASE = "leasedUntil";
    private static final String DELETED = "deletedAt";
    /** How long a deleted item's tombstone answers redeliveries (Meta retries a webhook for about a day and a half). */
    static final java.time.Duration TOMBSTONE_KEPT = java.time.Duration.ofDays(7);

    /** Set on an item received since its tenant's counters exist: its status and sentiment are counted there. */
    private static final String COUNTED = "counted";

    private final Table table;
    private final TenantCounters counters;
    /** The history of the people items are from, kept in each item's own write. */
    private final PeopleStore people;

    /** Counters by the system clock's day (tests, tools). */
    public InboxStore(Table table) {
        this(table, new TenantCounters(table, java.time.Clock.systemUTC()));
    }

    public InboxStore(Table table, TenantCounters counters) {
        this.table = table;
        this.counters = counters;
        this.people = new PeopleStore(table);
    }

    /** The people items are from: their history, violations and the tenant's leaderboard. */
    public PeopleStore people() {
        return people;
    }

    /** {@code tenant} was just read: its counters take its time zone from it instead of reading it again. */
    public void tenantRead(com.socialwire.shared.tenants.Tenant tenant) {
        counters.remember(tenant.id(), tenant.timezone());
    }

    /** The stable item id for Meta's {@code externalId} of {@code type} in a tenant. */
    public static String idFor(String tenantId, String type, String externalId) {
        byte[] h = Hashing.sha256((tenantId + "|" + type + "|" + externalId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String digits = new BigInteger(1, java.util.Arrays.copyOf(h, 15)).toString(36);
        return "inb_" + "0".repeat(Math.max(0, 23 - digits.length())) + digits;
    }

    /**
     * The stable item id of {@code platform}'s {@code externalId}: Instagram's as {@link #idFor(String, String, String)} (by
     * type, as its webhooks always did); another platform's by the platform and its id alone, so that one post that
     * reaches the account twice (a Bluesky reply that also mentions it: two notifications) is one item.
     */
    public static String idFor(String tenantId, String platform, String type, String externalId) {
        return "instagram".equals(platform) ? idFor(tenantId, type, externalId) : idFor(tenantId, platform, externalId);
    }

    /** Which of {@code itemIds} the tenant's inbox has (a deleted one's tombstone too): one batched read. */
    public java.util.Set<String> existing(String tenantId, java.util.Collection<String> itemIds) {
        List<Map<String, AttrValue>> keys = new ArrayList<>();
        for (String id : itemIds) {
            keys.add(Table.key(TenantRecords.pk(tenantId), sk(id)));
        }
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Map<String, AttrValue> i : table.items(keys, true)) {
            out.add(Item.s(i, Table.SK).substring("INBOX#".length()));
        }
        return out;
    }

    static String sk(String itemId) {
        return "INBOX#" + itemId;
    }

    static String listKey(String tenantId) {
        return "TENANT#" + tenantId + "#INBOX";
    }

    /** An item as stored, with the lease a worker holds on it (null: none). */
    public record Stored(InboxItem item, Instant leasedUntil) {
        static final Stored TOMBSTONE = new Stored(null, null);

        /** A person deleted the item: its job was handled. */
        public boolean deleted() {
            return item == null;
        }

        /** Whether a worker holds the item at {@code now}. */
        public boolean leasedAt(Instant now) {
            return leasedUntil != null && leasedUntil.isAfter(now);
        }
    }

    /** Creates the item unless it exists (or was deleted); true if this call created it. */
    public boolean createIfAbsent(InboxItem item) {
        return create(item, null);
    }

    /** How often an item's creation reads its person again when another item of theirs was written in between. */
    private static final int PERSON_ATTEMPTS = 10;

    /**
     * Creates the item unless it exists: with its counters and, if it is from someone, their rows (one more item, the
     * leaderboard, the item in their list, a violation) in the one transaction, so a second delivery that finds the item
     * written changes no count. The person's count is set from a read; a concurrent item of theirs → read again.
     */
    private boolean create(InboxItem item, Instant leaseUntil) {
        Map<String, AttrValue> row = counted(toItem(item, leaseUntil));
        if (!PeopleStore.hasPerson(item)) {
            return counters.write(new Write.Put(row, "attribute_not_exists(PK)", Map.of(), Map.of()), item.tenantId(), InboxCounts.created(item));
        }
        row.put(PeopleStore.MARK, AttrValue.fromN("1"));
        if (PeopleStore.violation(item)) {
            row.put(PeopleStore.VIOLATED, AttrValue.fromN("1"));
        }
        Write put = new Write.Put(row, "attribute_not_exists(PK)", Map.of(), Map.of());
        for (int attempt = 0; attempt < PERSON_ATTEMPTS; attempt++) {
            TenantCounters.Outcome done = counters.write(put, item.tenantId(), InboxCounts.created(item),
                    people.created(item, people.seen(item, attempt > 0)));
            if (done != TenantCounters.Outcome.WITH_REFUSED) {
                return done == TenantCounters.Outcome.WRITTEN;
            }
            TenantCounters.pause(attempt + 1); // another item of theirs won: the writers spread out before reading them again
        }
        throw com.socialwire.shared.http.ApiException.conflict("the person of inbox item " + item.id() + " is being changed concurrently; retry");
    }

    private static Map<String, AttrValue> counted(Map<String, AttrValue> item) {
        Map<String, AttrValue> out = new java.util.HashMap<>(item);
        out.put(COUNTED, AttrValue.fromN("1"));
        return out;
    }

    public Optional<InboxItem> get(String tenantId, String itemId) {
        return find(tenantId, itemId).filter(st -> !st.deleted()).map(Stored::item);
    }

    /** What a worker reads first (one consistent read): the item with its lease, a deleted one's tombstone ({@link Stored#deleted()}), or nothing. */
    public Optional<Stored> find(String tenantId, String itemId) {
        return table.get(TenantRecords.pk(tenantId), sk(itemId)).map(i -> i.containsKey(DELETED) ? Stored.TOMBSTONE : new Stored(fromItem(i),
                Optional.ofNullable(Item.n(i, LEASE)).map(Instant::ofEpochMilli).orElse(null)));
    }

    /**
     * Replaces the item if it is still at its version: the saved item (next version), or empty if someone changed it meanwhile.
     * An item at version 0 was never stored: saving it creates it (version 1), unless it exists.
     */
    public Optional<InboxItem> save(InboxItem updated) {
        return save(updated, null);
    }

    /** {@link #save(InboxItem)}, leaving the item leased to the caller until {@code leaseUntil} (null: the lease ends). */
    public Optional<InboxItem> save(InboxItem updated, Instant leaseUntil) {
        InboxItem next = new InboxItem(updated.id(), updated.tenantId(), updated.platform(), updated.type(), updated.externalId(),
                updated.fromUser(), updated.content(), updated.postId(), updated.status(), updated.priority(), updated.sentiment(),
                updated.action(), updated.reason(), updated.error(), updated.flags(), updated.reply(), updated.receivedAt(), updated.createdAt(),
                updated.updatedAt(), updated.version() + 1, updated.origin());
        if (updated.version() == 0) {
            // never stored: this write creates it, if no other delivery did meanwhile
            return create(next, leaseUntil) ? Optional.of(next) : Optional.empty();
        }
        // what the counters move from: the item as stored at the version this write replaces (one consistent read)
        Optional<Map<String, AttrValue>> stored = table.get(TenantRecords.pk(updated.tenantId()), sk(updated.id()));
        if (stored.isEmpty() || stored.get().containsKey(DELETED)
                || !Long.valueOf(updated.version()).equals(Item.n(stored.get(), "version"))) {
            return Optional.empty();
        }
        boolean counted = stored.get().containsKey(COUNTED);
        Map<String, AttrValue> item = toItem(next, leaseUntil);
        InboxItem before = fromItem(stored.get());
        List<Write> with = List.of();
        if (stored.get().containsKey(PeopleStore.MARK) && PeopleStore.hasPerson(next)) {
            // its person's rows move with it: a reply sent to them, a violation recorded once
            boolean violated = stored.get().containsKey(PeopleStore.VIOLATED);
            with = people.changed(before, next, violated);
            item = new java.util.HashMap<>(item);
            item.put(PeopleStore.MARK, AttrValue.fromN("1"));
            if (violated || PeopleStore.violation(next)) {
                item.put(PeopleStore.VIOLATED, AttrValue.fromN("1"));
            }
        }
        Write put = new Write.Put(counted ? counted(item) : item, "version = :v", Map.of(),
                Map.of(":v", AttrValue.fromN(Long.toString(updated.version()))));
        return counters.write(put, next.tenantId(), InboxCounts.changed(before, next, counted), with) == TenantCounters.Outcome.WRITTEN
                ? Optional.of(next) : Optional.empty();
    }

    /**
     * Deletes the item for people: it leaves the lists and answers as absent, but a tombstone stays
     * {@link #TOMBSTONE_KEPT} so that a redelivered comment or message finds it handled, not new (the item is the
     * workers' record that a job was done).
     */
    public boolean delete(String tenantId, String itemId) {
        Instant now = Instant.now();
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Map<String, AttrValue>> stored = table.get(TenantRecords.pk(tenantId), sk(itemId));
            if (stored.isEmpty() || stored.get().containsKey(DELETED)) {
                return false;
            }
            Long version = Item.n(stored.get(), "version");
            // as read (its version), so the counters move the status it had: {status} → deleted; a change in between: read again
            if (counters.write(new Write.Put(Item.create()
                    .s(Table.PK, TenantRecords.pk(tenantId)).s(Table.SK, sk(itemId)).s("type", "inboxTombstone")
                    .s(DELETED, now.toString()).n(Table.TTL, now.plus(TOMBSTONE_KEPT).getEpochSecond()).build(),
                    "attribute_exists(PK) AND attribute_not_exists(" + DELETED + ") AND version = :v", Map.of(),
                    Map.of(":v", AttrValue.fromN(Long.toString(version == null ? 0 : version)))), tenantId,
                    stored.get().containsKey(COUNTED) ? InboxCounts.deleted(fromItem(stored.get())) : Map.of())) {
                return true;
            }
        }
        throw com.socialwire.shared.http.ApiException.conflict("the item is being changed concurrently; retry");
    }

    public Page<InboxItem> list(String tenantId, String status, String type, String platform, int limit, String cursor) {
        // on the whole items the keys-only index's page is read back as
        java.util.function.Predicate<Map<String, AttrValue>> keep = i -> (type == null || type.equals(Item.s(i, "itemType")))
                && (platform == null || platform.equals(Item.s(i, "platform")));
        Page<Map<String, AttrValue>> page = status == null
                ? table.query(Table.GSI1, Table.GSI1PK, listKey(tenantId), limit, cursor, false, keep)
                : table.query(Table.GSI2, Table.GSI2PK, listKey(tenantId) + "#" + status, limit, cursor, false, keep);
        return page.map(InboxStore::fromItem);
    }

    static Map<String, AttrValue> toItem(InboxItem i) {
        return toItem(i, null);
    }

    static Map<String, AttrValue> toItem(InboxItem i, Instant leaseUntil) {
        String order = i.createdAt() + "#" + i.id();
        return Item.create()
                .s(Table.PK, TenantRecords.pk(i.tenantId())).s(Table.SK, sk(i.id()))
                .s(Table.GSI1PK, listKey(i.tenantId())).s(Table.GSI1SK, order)
                .s(Table.GSI2PK, listKey(i.tenantId()) + "#" + i.status()).s(Table.GSI2SK, order)
                .s("type", "inboxItem").s("itemType", i.type()).s("platform", i.platform())
                .n("version", i.version())
                .n(LEASE, leaseUntil == null ? null : leaseUntil.toEpochMilli())
                .s("doc", doc(i))
                .build();
    }

    /**
     * The item's document without what its keys and attributes already say (id, tenant, type, platform, version)
     * and without nulls and empty lists: under 1 KB the item is one write unit instead of two (the indexes hold only
     * its keys).
     */
    static String doc(InboxItem i) {
        ObjectNode doc = (ObjectNode) Json.tree(Json.write(i));
        doc.remove(List.of("id", "tenantId", "type", "platform", "version"));
        stripEmpty(doc);
        return Json.write(doc); // the streaming codec: JsonNode.toString() would build a whole ObjectMapper (~360 classes) at the first job
    }

    private static void stripEmpty(ObjectNode node) {
        List<String> empty = new ArrayList<>();
        node.fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            if (v.isNull() || (v.isArray() && v.isEmpty())) {
                empty.add(f.getKey());
            } else if (v.isObject()) {
                stripEmpty((ObjectNode) v);
            }
        });
        node.remove(empty);
    }

    static InboxItem fromItem(Map<String, AttrValue> item) {
        InboxItem doc = Json.read(Item.s(item, "doc"), InboxItem.class);
        long version = Optional.ofNullable(Item.n(item, "version")).orElse(doc.version());
        String id = Item.s(item, Table.SK).substring("INBOX#".length());
        String tenantId = Item.s(item, Table.PK).substring("TENANT#".length());
        return new InboxItem(id, tenantId, Optional.ofNullable(Item.s(item, "platform")).orElse(doc.platform()),
                Optional.ofNullable(Item.s(item, "itemType")).orElse(doc.type()), doc.externalId(), doc.fromUser(), doc.content(),
                doc.postId(), doc.status(), doc.priority(), doc.sentiment(), doc.action(), doc.reason(), doc.error(),
                doc.flags() == null ? List.of() : doc.flags(), doc.reply(), doc.receivedAt(), doc.createdAt(), doc.updatedAt(), version,
                doc.origin());
    }
}
