package com.socialwire.engagement.store;

import com.socialwire.engagement.model.Commenter;
import com.socialwire.engagement.model.InboxItem;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.SortableNumbers;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The people who write to a tenant, per platform: their history across inbox items, kept by {@link InboxStore} IN THE
 * SAME TRANSACTION as the item's own write (the one its counters already make), so a redelivered job that writes no item
 * changes no person either.
 *
 * <pre>
 * person            PK TENANT#{tenantId}#PERSON#{platform}#{personId}  SK PERSON
 *                   GSI1 TENANT#{tenantId}#PEOPLE / {items, 10 digits}#{lastSeenAt, ms}#{platform}#{personId}  (the leaderboard)
 *                   GSI2 TENANT#{tenantId}#PEOPLE#RECENT / {lastSeenAt, ms}#{platform}#{personId}  (most recently seen first)
 * their item        same PK  SK ITEM#{createdAt, ms}#{itemId}        (the inbox item's id only: listed newest first, read back)
 * their violation   same PK  SK VIOLATION#{at, ms}#{itemId}          (flags, action, reason: written once per item)
 * </pre>
 * The leaderboard's sort key holds the count, so it is set from the person as read (one eventually consistent read before
 * an item's creation) under the condition that the count is still that: two items of one person at once, the second
 * reads again. Replies and violations only add, with no read and no condition.
 */
public final class PeopleStore {

    /** On an inbox item whose person rows were written with it: only its later changes move the person's counts. */
    static final String MARK = "person";
    /** On an inbox item whose violation is recorded: a later decision of the same item records none again. */
    static final String VIOLATED = "violated";
    /** What a moderation flag must be for the item to be a violation (complaint and safe_reply_only are not). */
    static final Set<String> VIOLATION_FLAGS = Set.of("threat", "toxicity", "nsfw", "spam", "no_go_topic");
    static final Set<String> VIOLATION_ACTIONS = Set.of("hide", "escalate", "ignore");
    static final String SK = "PERSON";
    private static final String ITEMS = "itemCount";

    private final Table table;

    PeopleStore(Table table) {
        this.table = table;
    }

    static String pk(String tenantId, String platform, String personId) {
        return "TENANT#" + tenantId + "#PERSON#" + platform + "#" + personId;
    }

    static String boardKey(String tenantId) {
        return "TENANT#" + tenantId + "#PEOPLE";
    }

    static String recentKey(String tenantId) {
        return boardKey(tenantId) + "#RECENT";
    }

    /** Whether the item has a person to keep a history of. */
    static boolean hasPerson(InboxItem i) {
        return i.fromUser() != null && i.fromUser().id() != null && !i.fromUser().id().isBlank() && i.platform() != null;
    }

    /** Moderation found a violation in it and acted on it (not a safe reply to a no-go topic). */
    static boolean violation(InboxItem i) {
        if (i.flags() == null || i.flags().contains("safe_reply_only") || !VIOLATION_ACTIONS.contains(i.action())) {
            return false;
        }
        for (String f : i.flags()) {
            if (VIOLATION_FLAGS.contains(f)) {
                return true;
            }
        }
        return false;
    }

    static boolean sent(InboxItem i) {
        return i.reply() != null && "sent".equals(i.reply().state());
    }

    /** The person's count and last-seen as stored (what an item's creation moves on from), or empty. */
    record Seen(long items, Instant lastSeenAt, String username) {
    }

    Optional<Seen> seen(InboxItem item, boolean consistent) {
        // plain code, no lambdas: this runs on a worker's first job
        Map<String, AttrValue> i = table.get(pk(item.tenantId(), item.platform(), item.fromUser().id()), SK, consistent, null).orElse(null);
        if (i == null || !i.containsKey(ITEMS)) {
            return Optional.empty();
        }
        return Optional.of(new Seen(Item.n(i, ITEMS), Item.instant(i, "lastSeenAt"), Item.s(i, "username")));
    }

    /**
     * The writes that go with creating {@code item} from a person last read as {@code before} (empty: new): their row
     * (one more item, latest username, the leaderboard entry moved), the item's row in their list, and its violation.
     */
    List<Write> created(InboxItem item, Optional<Seen> before) {
        String pk = pk(item.tenantId(), item.platform(), item.fromUser().id());
        Seen seen = before.orElse(null);
        long items = (seen == null ? 0 : seen.items()) + 1;
        Instant last = seen != null && seen.lastSeenAt() != null && seen.lastSeenAt().isAfter(item.createdAt()) ? seen.lastSeenAt() : item.createdAt();
        // an item older than their newest (a late delivery) does not rename them
        String username = seen == null || last.equals(item.createdAt()) ? item.fromUser().username() : seen.username();
        Map<String, String> names = new HashMap<>();
        Map<String, AttrValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder("SET ");
        setAttr(set, names, values, "type", AttrValue.fromS("person"));
        setAttr(set, names, values, "tenantId", AttrValue.fromS(item.tenantId()));
        setAttr(set, names, values, "platform", AttrValue.fromS(item.platform()));
        setAttr(set, names, values, "personId", AttrValue.fromS(item.fromUser().id()));
        if (username != null) {
            setAttr(set, names, values, "username", AttrValue.fromS(username));
        }
        setAttr(set, names, values, ITEMS, AttrValue.fromN(Long.toString(items)));
        setAttr(set, names, values, "lastSeenAt", AttrValue.fromS(IsoInstant.format(last)));
        setAttr(set, names, values, Table.GSI1PK, AttrValue.fromS(boardKey(item.tenantId())));
        // ROOT-locale digits, zero-padded, without java.util.Formatter (its locale data at a cold start's first item)
        setAttr(set, names, values, Table.GSI1SK, AttrValue.fromS(SortableNumbers.zeroPadded(items, 10) + "#"
                + IsoInstant.millis(last) + "#" + item.platform() + "#" + item.fromUser().id()));
        setAttr(set, names, values, Table.GSI2PK, AttrValue.fromS(recentKey(item.tenantId())));
        setAttr(set, names, values, Table.GSI2SK, AttrValue.fromS(IsoInstant.millis(last) + "#" + item.platform() + "#" + item.fromUser().id()));
        names.put("#first", "firstSeenAt");
        values.put(":first", AttrValue.fromS(IsoInstant.format(item.createdAt())));
        set.append(", #first = if_not_exists(#first, :first)");
        long replies = sent(item) ? 1 : 0;
        long violations = violation(item) ? 1 : 0;
        adding(set, names, values, replies, violations);
        names.put("#items", ITEMS);
        String condition;
        if (before.isPresent()) {
            values.put(":seen", AttrValue.fromN(Long.toString(before.get().items())));
            condition = "#items = :seen";
        } else {
            condition = "attribute_not_exists(#items)";
        }
        List<Write> out = new ArrayList<>(3);
        out.add(new Write.Update(Table.key(pk, SK), set.toString(), condition, names, values));
        out.add(new Write.Put(Item.create().s(Table.PK, pk).s(Table.SK, "ITEM#" + IsoInstant.millis(item.createdAt()) + "#" + item.id())
                .s("type", "personItem").build()));
        if (violations > 0) {
            out.add(violationRow(item, item.updatedAt()));
        }
        return out;
    }

    /** The writes that go with {@code after} replacing {@code before} (an item with its person rows): a reply sent, a violation. */
    List<Write> changed(InboxItem before, InboxItem after, boolean violated) {
        long replies = sent(after) && !sent(before) ? 1 : 0;
        long violations = !violated && violation(after) ? 1 : 0;
        if (replies == 0 && violations == 0) {
            return List.of();
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttrValue> values = new HashMap<>();
        StringBuilder expr = new StringBuilder();
        adding(expr, names, values, replies, violations);
        String pk = pk(after.tenantId(), after.platform(), after.fromUser().id());
        List<Write> out = new ArrayList<>(2);
        out.add(new Write.Update(Table.key(pk, SK), expr.toString().strip(), null, names, values));
        if (violations > 0) {
            out.add(violationRow(after, after.updatedAt()));
        }
        return out;
    }

    private static void setAttr(StringBuilder set, Map<String, String> names, Map<String, AttrValue> values, String attr, AttrValue v) {
        String n = "#a" + names.size();
        String val = ":a" + names.size();
        names.put(n, attr);
        values.put(val, v);
        set.append(set.length() > 4 ? ", " : "").append(n).append(" = ").append(val);
    }

    private static void adding(StringBuilder expr, Map<String, String> names, Map<String, AttrValue> values, long replies, long violations) {
        List<String> parts = new ArrayList<>(2);
        if (replies > 0) {
            names.put("#replies", "repliesSent");
            values.put(":replies", AttrValue.fromN(Long.toString(replies)));
            parts.add("#replies :replies");
        }
        if (violations > 0) {
            names.put("#violations", "violations");
            values.put(":violations", AttrValue.fromN(Long.toString(violations)));
            parts.add("#violations :violations");
        }
        if (!parts.isEmpty()) {
            expr.append(" ADD ").append(String.join(", ", parts));
        }
    }

    private static Write violationRow(InboxItem item, Instant at) {
        Instant when = at == null ? Instant.now() : at;
        List<String> flags = new ArrayList<>();
        for (String f : item.flags()) {
            if (VIOLATION_FLAGS.contains(f)) {
                flags.add(f);
            }
        }
        return new Write.Put(Item.create().s(Table.PK, pk(item.tenantId(), item.platform(), item.fromUser().id()))
                .s(Table.SK, "VIOLATION#" + IsoInstant.millis(when) + "#" + item.id()).s("type", "personViolation")
                .s("itemId", item.id()).s("itemType", item.type()).strings("flags", flags).s("action", item.action())
                .s("reason", item.reason()).s("at", when.toString()).build());
    }

    // ---------------------------------------------------------------- reads

    public Optional<Commenter> get(String tenantId, String platform, String personId) {
        return table.get(pk(tenantId, platform, personId), SK, false, null).filter(i -> i.containsKey(ITEMS)).map(PeopleStore::commenter);
    }

    /** Their inbox items, newest first (a deleted one left out: a page may be short while it has a next cursor). */
    public Page<InboxItem> items(String tenantId, String platform, String personId, int limit, String cursor) {
        Page<Map<String, AttrValue>> links = table.query(null, Table.PK, pk(tenantId, platform, personId), Table.SK, "ITEM#", "ITEM#~",
                limit, cursor, false, null);
        List<Map<String, AttrValue>> keys = new ArrayList<>(links.items().size());
        for (Map<String, AttrValue> l : links.items()) {
            String sk = Item.s(l, Table.SK);
            keys.add(Table.key("TENANT#" + tenantId, InboxStore.sk(sk.substring(sk.lastIndexOf('#') + 1))));
        }
        List<InboxItem> out = new ArrayList<>(keys.size());
        for (Map<String, AttrValue> i : table.items(keys)) {
            if (!i.containsKey("deletedAt")) {
                out.add(InboxStore.fromItem(i));
            }
        }
        return new Page<>(out, links.nextCursor());
    }

    /** Their newest {@code limit} violations, newest first. */
    public List<Commenter.Violation> violations(String tenantId, String platform, String personId, int limit) {
        List<Commenter.Violation> out = new ArrayList<>();
        for (Map<String, AttrValue> v : table.query(null, Table.PK, pk(tenantId, platform, personId), Table.SK, "VIOLATION#", "VIOLATION#~",
                limit, null, false, null).items()) {
            out.add(new Commenter.Violation(Item.s(v, "itemId"), Item.s(v, "itemType"), Item.strings(v, "flags"), Item.s(v, "action"),
                    Item.s(v, "reason"), Item.instant(v, "at")));
        }
        return out;
    }

    /** The tenant's people, most items first (the most recently seen first among equals), by key condition on the leaderboard. */
    public Page<Commenter> top(String tenantId, int limit, String cursor) {
        return table.query(Table.GSI1, Table.GSI1PK, boardKey(tenantId), limit, cursor, false).map(PeopleStore::commenter);
    }

    /** The tenant's people, most recently seen first, by key condition on their recency index. */
    public Page<Commenter> recent(String tenantId, int limit, String cursor) {
        return table.query(Table.GSI2, Table.GSI2PK, recentKey(tenantId), limit, cursor, false).map(PeopleStore::commenter);
    }

    private static Commenter commenter(Map<String, AttrValue> i) {
        return new Commenter(Item.s(i, "platform"), Item.s(i, "personId"), Item.s(i, "username"), orZero(Item.n(i, ITEMS)),
                orZero(Item.n(i, "repliesSent")), orZero(Item.n(i, "violations")), Item.instant(i, "firstSeenAt"), Item.instant(i, "lastSeenAt"));
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }
}
