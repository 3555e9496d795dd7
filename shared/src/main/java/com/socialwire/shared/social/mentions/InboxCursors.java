package com.socialwire.shared.social.mentions;

import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.SortableNumbers;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.TenantRecords;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Each social account's inbox row, {@code TENANT#{tenantId}} / {@code INBOXCURSOR#{accountId}}: where its engagement
 * stands (the {@link MentionSource#poll} cursor, stored only after the page's items were handed on), when it is next
 * polled, the poll's lease, and two sparse index entries:
 * <ul>
 *   <li>a polled platform's connected account: GSI2 {@code INBOXPOLL#{shard 0-3}} / {@code {next poll, epoch ms 13}#{tenantId}#{accountId}},
 *       so the poll run finds the accounts due without a scan;</li>
 *   <li>a platform that pushes by webhook (Facebook Pages, Threads): GSI1 {@code INBOXACCOUNT#{platform}#{externalId}} /
 *       {@code {tenantId}#{accountId}}, so a delivery finds the tenant and account its page or profile belongs to.</li>
 * </ul>
 * The social context writes it when an account connects ({@link #connected}) and takes it out of both indexes when the
 * account is revoked ({@link #disconnected}); the poller takes it out when it finds the account not connected.
 */
public final class InboxCursors {

    static final String SK = "INBOXCURSOR#";
    static final String DUE = "INBOXPOLL#";
    static final String BY_EXTERNAL = "INBOXACCOUNT#";
    public static final int SHARDS = 4;
    /** The platforms whose engagement is polled ({@link MentionSource#poll}). */
    public static final Set<String> POLLED = Set.of("twitter", "bluesky", "mastodon", "linkedin", "youtube");
    /** The platforms that push engagement by Meta's webhooks, besides Instagram (bound to its tenant on its own). */
    public static final Set<String> PUSHED = Set.of("facebook", "threads");

    static final String CURSOR = "cursor";
    static final String NEXT = "nextPollAt";
    static final String LAST = "lastPolledAt";
    static final String BACKOFF = "backoffUntil";
    static final String LEASE_OWNER = "pollLeaseOwner";
    static final String LEASE_UNTIL = "pollLeaseUntil";
    static final String FAILURES = "failures";

    private final Table table;

    public InboxCursors(Table table) {
        this.table = table;
    }

    /** One account's row as read. {@code backoffUntil}: polls wait until then (a rate limit); {@code indexed}: due polls find it. */
    public record Row(String tenantId, String accountId, String platform, String externalId, String cursor, Instant nextPollAt,
                      Instant lastPolledAt, Instant backoffUntil, long failures, boolean indexed) {
    }

    /**
     * What a just-connected account's row becomes (empty: its platform has no inbox source): a polled one due
     * {@code due} (its cursor kept across reconnects), a pushed one findable by its external id.
     */
    public static Optional<Write.Update> connected(SocialAccount a, Instant due) {
        Map<String, String> names = new HashMap<>(Map.of("#t", "tenantId", "#a", "accountId", "#p", "platform", "#x", "externalId",
                "#type", "type"));
        Map<String, AttrValue> values = new HashMap<>(Map.of(":t", AttrValue.fromS(a.tenantId()), ":a", AttrValue.fromS(a.accountId()),
                ":p", AttrValue.fromS(a.platform()), ":x", AttrValue.fromS(a.externalId()), ":type", AttrValue.fromS("inboxCursor")));
        String set = "SET #t = :t, #a = :a, #p = :p, #x = :x, #type = :type";
        if (POLLED.contains(a.platform())) {
            names.putAll(Map.of("#pk2", Table.GSI2PK, "#sk2", Table.GSI2SK, "#next", NEXT));
            values.putAll(Map.of(":pk2", AttrValue.fromS(DUE + shard(a.accountId())),
                    ":sk2", AttrValue.fromS(dueKey(due, a.tenantId(), a.accountId())), ":next", AttrValue.fromN(Long.toString(due.toEpochMilli()))));
            set += ", #pk2 = :pk2, #sk2 = :sk2, #next = :next";
        } else if (PUSHED.contains(a.platform())) {
            names.putAll(Map.of("#pk1", Table.GSI1PK, "#sk1", Table.GSI1SK));
            values.putAll(Map.of(":pk1", AttrValue.fromS(external(a.platform(), a.externalId())),
                    ":sk1", AttrValue.fromS(a.tenantId() + "#" + a.accountId())));
            set += ", #pk1 = :pk1, #sk1 = :sk1";
        } else {
            return Optional.empty();
        }
        return Optional.of(new Write.Update(key(a.tenantId(), a.accountId()), set, null, names, values));
    }

    /** The account left: its row stays (its cursor, for a reconnect) but out of both indexes. */
    public static Write.Update disconnected(String tenantId, String accountId) {
        return new Write.Update(key(tenantId, accountId), "REMOVE #pk1, #sk1, #pk2, #sk2", "attribute_exists(PK)",
                Map.of("#pk1", Table.GSI1PK, "#sk1", Table.GSI1SK, "#pk2", Table.GSI2PK, "#sk2", Table.GSI2SK), Map.of());
    }

    // ---------------------------------------------------------------- reads

    /** One page of the rows due by {@code now} in {@code shard}, soonest first. */
    public Page<Row> due(int shard, Instant now, int limit, String cursor) {
        return table.query(Table.GSI2, Table.GSI2PK, DUE + shard, Table.GSI2SK, null,
                SortableNumbers.zeroPadded(now.toEpochMilli(), 13) + "#\uffff", limit, cursor, true, null).map(InboxCursors::row);
    }

    /** All the tenant's inbox rows (a tenant has a handful of accounts). */
    public List<Row> forTenant(String tenantId) {
        List<Row> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<Map<String, AttrValue>> page = table.query(null, Table.PK, TenantRecords.pk(tenantId), Table.SK, SK, SK + "\uffff",
                    100, cursor, true, null);
            page.items().forEach(i -> out.add(row(i)));
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    /** The tenant and account of a pushed platform's account ({@code tenantId}, {@code accountId}), if one is connected. */
    public Optional<Row> byExternal(String platform, String externalId) {
        return table.query(Table.GSI1, Table.GSI1PK, external(platform, externalId), 1, null, true, null)
                .items().stream().findFirst().map(InboxCursors::row);
    }

    // ---------------------------------------------------------------- the poll's writes

    /** Puts the account in the poll index (due now) if it has no row yet: an account connected before inbox polling. */
    public void enrol(SocialAccount a, Instant due) {
        connected(a, due).ifPresent(u -> table.updateIf(new Write.Update(u.key(), u.update(), "attribute_not_exists(PK)", u.names(), u.values())));
    }

    /**
     * Takes the row's poll lease until {@code until}, if nobody holds it and {@code due} allows: {@code scheduled} polls
     * need its next poll time reached; a manual poll needs its last poll at least {@code minInterval} ago. Neither
     * polls during a rate-limit back-off. False: not now.
     */
    public boolean claim(Row row, String owner, Instant now, Instant until, boolean scheduled, java.time.Duration minInterval) {
        Map<String, String> names = new HashMap<>(Map.of("#o", LEASE_OWNER, "#u", LEASE_UNTIL, "#b", BACKOFF));
        Map<String, AttrValue> values = new HashMap<>(Map.of(":me", AttrValue.fromS(owner), ":until", ms(until), ":now", ms(now)));
        String condition = "attribute_exists(PK) AND (attribute_not_exists(#u) OR #u < :now) AND (attribute_not_exists(#b) OR #b <= :now)";
        if (scheduled) {
            names.put("#next", NEXT);
            condition += " AND #next <= :now";
        } else {
            names.put("#last", LAST);
            values.put(":since", ms(now.minus(minInterval)));
            condition += " AND (attribute_not_exists(#last) OR #last <= :since)";
        }
        return table.updateIf(new Write.Update(key(row.tenantId(), row.accountId()), "SET #o = :me, #u = :until", condition, names, values));
    }

    /**
     * Stores the cursor of a page whose items were handed on, while {@code owner} holds the lease: false if it lost it
     * (it ran past its lease and another poll took over; that poll fetches from the cursor stored before).
     */
    public boolean advance(Row row, String owner, String cursor) {
        return table.updateIf(new Write.Update(key(row.tenantId(), row.accountId()), cursor == null ? "REMOVE #c" : "SET #c = :c",
                "#o = :me", Map.of("#c", CURSOR, "#o", LEASE_OWNER),
                cursor == null ? Map.of(":me", AttrValue.fromS(owner)) : Map.of(":me", AttrValue.fromS(owner), ":c", AttrValue.fromS(cursor))));
    }

    /**
     * Ends {@code owner}'s poll: next due at {@code next} (null: out of the poll index — the account is not connected or
     * has no source), polls held back until {@code backoffUntil} (null: none), {@code failures} in a row.
     */
    public void release(Row row, String owner, Instant now, Instant next, Instant backoffUntil, long failures) {
        Map<String, String> names = new HashMap<>(Map.of("#o", LEASE_OWNER, "#u", LEASE_UNTIL, "#last", LAST, "#f", FAILURES,
                "#b", BACKOFF, "#sk2", Table.GSI2SK));
        Map<String, AttrValue> values = new HashMap<>(Map.of(":me", AttrValue.fromS(owner), ":now", ms(now),
                ":f", AttrValue.fromN(Long.toString(failures))));
        List<String> set = new ArrayList<>(List.of("#last = :now", "#f = :f"));
        List<String> remove = new ArrayList<>(List.of("#o", "#u"));
        if (next == null) {
            names.put("#pk2", Table.GSI2PK);
            remove.addAll(List.of("#pk2", "#sk2"));
        } else {
            names.putAll(Map.of("#next", NEXT, "#pk2", Table.GSI2PK));
            values.putAll(Map.of(":next", ms(next), ":sk2", AttrValue.fromS(dueKey(next, row.tenantId(), row.accountId())),
                    ":pk2", AttrValue.fromS(DUE + shard(row.accountId()))));
            set.addAll(List.of("#next = :next", "#pk2 = :pk2", "#sk2 = :sk2"));
        }
        if (backoffUntil == null) {
            remove.add("#b");
        } else {
            values.put(":b", ms(backoffUntil));
            set.add("#b = :b");
        }
        // false when the lease was lost meanwhile: the poll that took over releases it
        table.updateIf(new Write.Update(key(row.tenantId(), row.accountId()),
                "SET " + String.join(", ", set) + " REMOVE " + String.join(", ", remove), "#o = :me", names, values));
    }

    // ---------------------------------------------------------------- layout

    static Map<String, AttrValue> key(String tenantId, String accountId) {
        return Table.key(TenantRecords.pk(tenantId), SK + accountId);
    }

    static int shard(String accountId) {
        return Math.floorMod(accountId.hashCode(), SHARDS);
    }

    static String dueKey(Instant due, String tenantId, String accountId) {
        return SortableNumbers.zeroPadded(Math.max(0, due.toEpochMilli()), 13) + "#" + tenantId + "#" + accountId;
    }

    static String external(String platform, String externalId) {
        return BY_EXTERNAL + platform + "#" + externalId;
    }

    private static AttrValue ms(Instant t) {
        return AttrValue.fromN(Long.toString(t.toEpochMilli()));
    }

    private static Instant instantMs(Map<String, AttrValue> i, String name) {
        Long v = Item.n(i, name);
        return v == null ? null : Instant.ofEpochMilli(v);
    }

    static Row row(Map<String, AttrValue> i) {
        Long failures = Item.n(i, FAILURES);
        return new Row(Item.s(i, "tenantId"), Item.s(i, "accountId"), Item.s(i, "platform"), Item.s(i, "externalId"), Item.s(i, CURSOR),
                instantMs(i, NEXT), instantMs(i, LAST), instantMs(i, BACKOFF), failures == null ? 0 : failures,
                Item.s(i, Table.GSI2PK) != null);
    }
}
