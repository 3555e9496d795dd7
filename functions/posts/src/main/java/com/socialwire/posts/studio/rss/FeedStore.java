package com.socialwire.posts.studio.rss;

import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.TenantRecords;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Feeds and their seen items in the single table.
 *
 * <pre>
 * rss feed   PK TENANT#{tenantId}  SK RSSFEED#{feedId}
 *            GSI1 TENANT#{tenantId}#RSSFEEDS / {createdAt}#{feedId}                    (the tenant's list)
 *            GSI2 while active: RSSDUE#{shard 0-3} / {nextCheckAt, 13-digit epoch ms}#{tenantId}#{feedId}
 * rss item   PK TENANT#{tenantId}  SK RSSITEM#{feedId}#{itemKey}   (expiresAt: 400 days after it was first seen)
 * </pre>
 * The due index is sparse (a paused feed leaves it) and sharded, so the feed run reads the due feeds by key condition
 * and never scans. A check claims its feed first (a conditional update of the claim and, for the run, of the
 * {@code nextCheckAt} it read), so two runs — or a run and the {@code check} action — never check one feed at once;
 * its result is written only by the claim's holder. An item row is written (conditionally, once) before its post.
 */
public final class FeedStore {

    static final String FEED = "RSSFEED#";
    static final String ITEM = "RSSITEM#";
    static final String DUE = "RSSDUE#";
    static final int SHARDS = 4;
    static final Duration ITEM_LIFETIME = Duration.ofDays(400);

    /** An item row's states. */
    public static final String PENDING = "pending";
    public static final String POSTED = "posted";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    private final Table table;

    public FeedStore(Table table) {
        this.table = table;
    }

    static String sk(String feedId) {
        return FEED + feedId;
    }

    static String listKey(String tenantId) {
        return TenantRecords.pk(tenantId) + "#RSSFEEDS";
    }

    static int shard(String feedId) {
        return Math.floorMod(feedId.hashCode(), SHARDS);
    }

    static String dueKey(Feed f, Instant at) {
        return String.format("%013d", at.toEpochMilli()) + "#" + f.tenantId() + "#" + f.id();
    }

    private static String ts(Instant t) {
        return t == null ? null : IsoInstant.millis(t);
    }

    public void create(Feed f) {
        Map<String, AttrValue> item = new HashMap<>(item(f));
        table.put(new Write.Put(item, "attribute_not_exists(PK)", Map.of(), Map.of()));
    }

    static Map<String, AttrValue> item(Feed f) {
        Item i = Item.create().s(Table.PK, TenantRecords.pk(f.tenantId())).s(Table.SK, sk(f.id())).s("type", "rssFeed")
                .s("id", f.id()).s("tenantId", f.tenantId()).s("name", f.name()).s("feedUrl", f.feedUrl())
                .strings("targetPlatforms", f.targetPlatforms()).strings("targetAccountIds", f.targetAccountIds())
                .s("postTemplate", f.postTemplate()).bool("includeImage", f.includeImage()).bool("autoSchedule", f.autoSchedule())
                .s("schedulingStrategy", f.schedulingStrategy()).n("checkIntervalMinutes", f.checkIntervalMinutes())
                .s("status", f.status()).s("createdAt", ts(f.createdAt())).s("updatedAt", ts(f.updatedAt())).n("version", f.version())
                .s("lastCheckedAt", ts(f.lastCheckedAt())).s("lastSuccessAt", ts(f.lastSuccessAt())).s("lastError", f.lastError())
                .n("consecutiveFailures", f.consecutiveFailures()).s("nextCheckAt", ts(f.nextCheckAt())).n("itemsPosted", f.itemsPosted())
                .s("etag", f.etag()).s("lastModified", f.lastModified()).bool("primed", f.primed()).s("lastSlotAt", ts(f.lastSlotAt()))
                .s(Table.GSI1PK, listKey(f.tenantId())).s(Table.GSI1SK, ts(f.createdAt()) + "#" + f.id());
        if (f.active()) {
            i.s(Table.GSI2PK, DUE + shard(f.id())).s(Table.GSI2SK, dueKey(f, f.nextCheckAt()));
        }
        return i.build();
    }

    static Feed feed(Map<String, AttrValue> i) {
        Long failures = Item.n(i, "consecutiveFailures");
        Long posted = Item.n(i, "itemsPosted");
        return new Feed(Item.s(i, "id"), Item.s(i, "tenantId"), Item.s(i, "name"), Item.s(i, "feedUrl"),
                Item.strings(i, "targetPlatforms"), Item.strings(i, "targetAccountIds"), Item.s(i, "postTemplate"),
                Boolean.TRUE.equals(Item.bool(i, "includeImage")), Boolean.TRUE.equals(Item.bool(i, "autoSchedule")),
                Item.s(i, "schedulingStrategy"), Item.n(i, "checkIntervalMinutes").intValue(), Item.s(i, "status"),
                Item.instant(i, "createdAt"), Item.instant(i, "updatedAt"), Item.n(i, "version"),
                Item.instant(i, "lastCheckedAt"), Item.instant(i, "lastSuccessAt"), Item.s(i, "lastError"),
                failures == null ? 0 : failures.intValue(), Item.instant(i, "nextCheckAt"), posted == null ? 0 : posted,
                Item.s(i, "etag"), Item.s(i, "lastModified"), Boolean.TRUE.equals(Item.bool(i, "primed")), Item.instant(i, "lastSlotAt"));
    }

    public Optional<Feed> get(String tenantId, String feedId) {
        if (feedId == null || !feedId.startsWith("feed_")) {
            return Optional.empty();
        }
        return table.get(TenantRecords.pk(tenantId), sk(feedId)).map(FeedStore::feed);
    }

    public Page<Feed> list(String tenantId, int limit, String cursor) {
        return table.query(Table.GSI1, Table.GSI1PK, listKey(tenantId), limit, cursor, true).map(FeedStore::feed);
    }

    /**
     * Saves the settings of {@code f} (not its check results) if its version is still {@code expected}; false if it
     * changed. {@code newUrl}: the feed now reads another document, so it starts over as a new subscription — the old
     * document's validators are dropped and its next good check is a first one (only the newest items).
     */
    public boolean saveSettings(Feed f, long expected, boolean newUrl) {
        Map<String, String> names = new HashMap<>(Map.of("#name", "name", "#url", "feedUrl", "#tp", "targetPlatforms", "#ta", "targetAccountIds",
                "#tpl", "postTemplate", "#img", "includeImage", "#auto", "autoSchedule", "#strategy", "schedulingStrategy",
                "#interval", "checkIntervalMinutes", "#u", "updatedAt"));
        names.put("#v", "version");
        Map<String, AttrValue> i = item(f);
        Map<String, AttrValue> values = new HashMap<>(Map.of(":name", i.get("name"), ":url", i.get("feedUrl"), ":tp", i.get("targetPlatforms"),
                ":ta", i.get("targetAccountIds"), ":tpl", i.get("postTemplate"), ":img", i.get("includeImage"), ":auto", i.get("autoSchedule"),
                ":strategy", i.get("schedulingStrategy"), ":interval", i.get("checkIntervalMinutes"), ":u", i.get("updatedAt")));
        values.put(":v", AttrValue.fromN(Long.toString(expected)));
        values.put(":next", AttrValue.fromN(Long.toString(expected + 1)));
        String update = "SET #name = :name, #url = :url, #tp = :tp, #ta = :ta, #tpl = :tpl, #img = :img,"
                + " #auto = :auto, #strategy = :strategy, #interval = :interval, #u = :u, #v = :next";
        if (newUrl) {
            names.put("#primed", "primed");
            names.put("#etag", "etag");
            names.put("#lm", "lastModified");
            values.put(":unprimed", AttrValue.fromBool(false));
            update += ", #primed = :unprimed REMOVE #etag, #lm";
        }
        return table.updateIf(new Write.Update(key(f), update, "#v = :v", names, values));
    }

    private static Map<String, AttrValue> key(Feed f) {
        return Table.key(TenantRecords.pk(f.tenantId()), sk(f.id()));
    }

    /** Paused: out of the due index. False if there is no such feed. */
    public boolean pause(Feed f, Instant now) {
        return table.updateIf(new Write.Update(key(f), "SET #s = :paused, #u = :u REMOVE #pk2, #sk2", "attribute_exists(PK)",
                Map.of("#s", "status", "#u", "updatedAt", "#pk2", Table.GSI2PK, "#sk2", Table.GSI2SK),
                Map.of(":paused", AttrValue.fromS(Feed.PAUSED), ":u", AttrValue.fromS(ts(now)))));
    }

    /** Active again, due now, its failure count and error cleared (the seed's "resume resets the error counter"). */
    public boolean resume(Feed f, Instant now) {
        return table.updateIf(new Write.Update(key(f), "SET #s = :active, #u = :u, #next = :next, #cf = :zero, #pk2 = :pk2, #sk2 = :sk2"
                + " REMOVE #err", "attribute_exists(PK)",
                Map.of("#s", "status", "#u", "updatedAt", "#next", "nextCheckAt", "#cf", "consecutiveFailures", "#err", "lastError",
                        "#pk2", Table.GSI2PK, "#sk2", Table.GSI2SK),
                Map.of(":active", AttrValue.fromS(Feed.ACTIVE), ":u", AttrValue.fromS(ts(now)), ":next", AttrValue.fromS(ts(now)),
                        ":zero", AttrValue.fromN("0"), ":pk2", AttrValue.fromS(DUE + shard(f.id())), ":sk2", AttrValue.fromS(dueKey(f, now)))));
    }

    /** Deletes the feed (its item rows expire on their own); false if there was none. */
    public boolean delete(String tenantId, String feedId) {
        if (get(tenantId, feedId).isEmpty()) {
            return false;
        }
        table.delete(new Write.Delete(Table.key(TenantRecords.pk(tenantId), sk(feedId))));
        return true;
    }

    /** One page of the feeds of {@code shard} due by {@code now}, soonest first, read by key condition. */
    public Page<Feed> due(int shard, Instant now, int limit, String cursor) {
        return table.query(Table.GSI2, Table.GSI2PK, DUE + shard, Table.GSI2SK, null, String.format("%013d", now.toEpochMilli()) + "#\uffff",
                limit, cursor, true, null).map(FeedStore::feed);
    }

    /**
     * Claims {@code f} for one check by {@code runId} until {@code now + lease}. {@code scheduled}: only if it is still
     * active and due as read ({@code nextCheckAt} unchanged), and its due entry moves to the lease's end, so a check
     * that dies is retried then; otherwise (the {@code check} action) whatever its state. Either way only if nobody
     * holds a live claim. True if this caller won it.
     */
    public boolean claim(Feed f, Instant now, Duration lease, String runId, boolean scheduled) {
        Instant until = now.plus(lease);
        Map<String, String> names = new HashMap<>(Map.of("#by", "claimedBy", "#until", "claimedUntil"));
        Map<String, AttrValue> values = new HashMap<>(Map.of(":run", AttrValue.fromS(runId), ":until", AttrValue.fromS(ts(until)),
                ":now", AttrValue.fromS(ts(now))));
        String update = "SET #by = :run, #until = :until";
        String condition = "attribute_exists(PK) AND (attribute_not_exists(#until) OR #until < :now)";
        if (scheduled) {
            names.put("#s", "status");
            names.put("#next", "nextCheckAt");
            names.put("#sk2", Table.GSI2SK);
            values.put(":active", AttrValue.fromS(Feed.ACTIVE));
            values.put(":seen", AttrValue.fromS(ts(f.nextCheckAt())));
            values.put(":sk2", AttrValue.fromS(dueKey(f, until)));
            update += ", #next = :until, #sk2 = :sk2";
            condition += " AND #s = :active AND #next = :seen";
        }
        return table.updateIf(new Write.Update(key(f), update, condition, names, values));
    }

    /** What one check found, written by the claim's holder. */
    public record CheckResult(Instant checkedAt, boolean ok, String error, int consecutiveFailures, Instant nextCheckAt, int posted,
                              String etag, String lastModified, boolean primed, Instant lastSlotAt) {
    }

    /** Records {@code r} and ends {@code runId}'s claim; false if the claim was lost (its lease ran out and another took it). */
    public boolean finish(Feed f, String runId, CheckResult r) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttrValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder("SET #checked = :checked, #next = :next, #sk2 = :sk2, #cf = :cf,"
                + " #posted = if_not_exists(#posted, :zero) + :posted, #primed = :primed");
        StringBuilder remove = new StringBuilder(" REMOVE #by, #until");
        names.putAll(Map.of("#checked", "lastCheckedAt", "#next", "nextCheckAt", "#sk2", Table.GSI2SK, "#cf", "consecutiveFailures",
                "#posted", "itemsPosted", "#primed", "primed", "#by", "claimedBy", "#until", "claimedUntil", "#err", "lastError"));
        values.putAll(Map.of(":checked", AttrValue.fromS(ts(r.checkedAt())), ":next", AttrValue.fromS(ts(r.nextCheckAt())),
                ":sk2", AttrValue.fromS(dueKey(f, r.nextCheckAt())), ":cf", AttrValue.fromN(Integer.toString(r.consecutiveFailures())),
                ":zero", AttrValue.fromN("0"), ":posted", AttrValue.fromN(Integer.toString(r.posted())), ":primed", AttrValue.fromBool(r.primed()),
                ":run", AttrValue.fromS(runId)));
        if (r.ok()) {
            names.put("#success", "lastSuccessAt");
            set.append(", #success = :checked");
            remove.append(", #err");
            optional(set, remove, names, values, "#etag", "etag", r.etag());
            optional(set, remove, names, values, "#lm", "lastModified", r.lastModified());
        } else {
            set.append(", #err = :err");
            values.put(":err", AttrValue.fromS(r.error()));
        }
        if (r.lastSlotAt() != null) {
            names.put("#slot", "lastSlotAt");
            values.put(":slot", AttrValue.fromS(ts(r.lastSlotAt())));
            set.append(", #slot = :slot");
        }
        return table.updateIf(new Write.Update(key(f), set.toString() + remove, "#by = :run", names, values));
    }

    private static void optional(StringBuilder set, StringBuilder remove, Map<String, String> names, Map<String, AttrValue> values,
                                 String name, String attribute, String value) {
        names.put(name, attribute);
        if (value == null) {
            remove.append(", ").append(name);
        } else {
            set.append(", ").append(name).append(" = ").append(name.replace('#', ':'));
            values.put(name.replace('#', ':'), AttrValue.fromS(value));
        }
    }

    // ---------------------------------------------------------------- items

    static String itemSk(String feedId, String itemKey) {
        return ITEM + feedId + "#" + itemKey;
    }

    /**
     * Records that {@code f} has seen the item {@code itemKey} ({@code state} pending or skipped), unless it had: the
     * row as it was when it existed already (a retried or concurrent check then knows whether its post was made),
     * empty when this call wrote it.
     */
    public Optional<Map<String, AttrValue>> markSeen(Feed f, String itemKey, String state, FeedItem it, Instant now) {
        Map<String, String> names = Map.of("#state", "state", "#title", "title", "#link", "link", "#first", "firstSeenAt",
                "#exp", Table.TTL, "#img", "imageUrl", "#type", "type");
        Map<String, AttrValue> values = new HashMap<>(Map.of(":state", AttrValue.fromS(state), ":title", AttrValue.fromS(clip(it.title(), 300)),
                ":link", AttrValue.fromS(it.link() == null ? "" : clip(it.link(), 2000)), ":first", AttrValue.fromS(ts(now)),
                ":exp", AttrValue.fromN(Long.toString(now.plus(ITEM_LIFETIME).getEpochSecond())),
                ":img", AttrValue.fromS(it.imageUrl() == null ? "" : clip(it.imageUrl(), 2000)), ":type", AttrValue.fromS("rssItem")));
        LeanDynamoDb.RawUpdate r = table.tryUpdate(new Write.Update(Table.key(TenantRecords.pk(f.tenantId()), itemSk(f.id(), itemKey)),
                "SET #state = :state, #title = :title, #link = :link, #first = :first, #exp = :exp, #img = :img, #type = :type",
                "attribute_not_exists(PK)", names, values));
        return r.conditionFailed() ? Optional.of(r.item()) : Optional.empty();
    }

    /** The item's outcome: {@code posted} with its post, or {@code failed} with why. */
    public void settleItem(Feed f, String itemKey, String state, String postId, String reason) {
        Map<String, String> names = new HashMap<>(Map.of("#state", "state"));
        Map<String, AttrValue> values = new HashMap<>(Map.of(":state", AttrValue.fromS(state)));
        String update = "SET #state = :state";
        if (postId != null) {
            names.put("#post", "postId");
            values.put(":post", AttrValue.fromS(postId));
            update += ", #post = :post";
        }
        if (reason != null) {
            names.put("#why", "reason");
            values.put(":why", AttrValue.fromS(clip(reason, 500)));
            update += ", #why = :why";
        }
        table.update(new Write.Update(Table.key(TenantRecords.pk(f.tenantId()), itemSk(f.id(), itemKey)), update, null, names, values));
    }

    /**
     * The states of the item rows of {@code itemKeys} that exist, by key: one eventually consistent BatchGetItem per 100
     * (half a read unit each), so a check of a feed it has seen before reads its items instead of writing to find out
     * (a failed conditional write costs a whole write unit). A row written a moment ago may be missed: its
     * conditional write ({@link #markSeen}) still finds it.
     */
    public Map<String, String> itemStates(Feed f, List<String> itemKeys) {
        List<Map<String, AttrValue>> keys = new java.util.ArrayList<>(itemKeys.size());
        for (String k : itemKeys) {
            keys.add(Table.key(TenantRecords.pk(f.tenantId()), itemSk(f.id(), k)));
        }
        Map<String, String> states = new HashMap<>();
        String prefix = itemSk(f.id(), "");
        for (Map<String, AttrValue> row : table.items(keys)) {
            states.put(Item.s(row, Table.SK).substring(prefix.length()), Item.s(row, "state"));
        }
        return states;
    }

    public Optional<Map<String, AttrValue>> item(String tenantId, String feedId, String itemKey) {
        return table.get(TenantRecords.pk(tenantId), itemSk(feedId, itemKey));
    }

    /** The item rows of a feed (tests, support): a key-condition query on the tenant's partition. */
    public List<Map<String, AttrValue>> items(String tenantId, String feedId) {
        return table.queryPage(null, "PK = :pk AND begins_with(SK, :sk)", Map.of(),
                Map.of(":pk", AttrValue.fromS(TenantRecords.pk(tenantId)), ":sk", AttrValue.fromS(itemSk(feedId, ""))), 1000, null, true).items();
    }

    private static String clip(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }
}
