package com.socialwire.posts.store;

import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.store.Write;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostLimits;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.workflow.Workflow;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.TenantRecords;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.analytics.TenantCounters;
import com.socialwire.posts.model.DeliveryStatus;

import com.socialwire.shared.IsoInstant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Posts in the single table.
 *
 * <pre>
 * post          PK TENANT#{tenantId}  SK POST#{postId}
 *               GSI1 TENANT#{tenantId}#POSTS / {scheduledFor | "~"}#{createdAt}#{postId}   (lists, by schedule)
 *               GSI2 while scheduled:  POSTS#DUE#{yyyy-MM-dd of scheduledFor} / {scheduledFor}#{tenantId}#{postId}
 *               GSI2 while publishing: POSTS#PUBLISHING#{yyyy-MM-dd of claimedAt} / {claimedAt}#{tenantId}#{postId}
 *               GSI2 while regenerating: POSTS#REGENERATING#{yyyy-MM-dd of updatedAt} / {updatedAt}#{tenantId}#{postId}
 *               GSI2 while awaiting approval (qa_review, client_review, pending_approval):
 *                    POSTS#PENDING#{accountId} / {waitingSince}#{tenantId}#{postId}   (the approval queue, oldest first)
 * post comment  PK TENANT#{tenantId}  SK POST#{postId}#COMMENT#{createdAt}#{commentId}
 * </pre>
 * GSI2 is sparse for posts: only scheduled, publishing and regenerating posts are in it, bucketed by day, so
 * the publish run reads the due ones (and its sweeps the stuck ones) by key condition and never scans; and posts
 * waiting for an approval, one bucket per account, so {@code GET /v1/posts/pending} reads the queue by key condition.
 * Every status change is one put of the whole item, so a post's entry moves with its status in the same write.
 * Every change is conditional on {@code version}; the publish path's in-place updates bump it too.
 */
public final class PostStore {

    public static final String DUE = "POSTS#DUE#";
    public static final String PUBLISHING = "POSTS#PUBLISHING#";
    public static final String REGENERATING = "POSTS#REGENERATING#";
    public static final String PENDING = "POSTS#PENDING#";
    /** How many queue entries of other tenants one page of a tenant's (or a client key's) queue looks past at most. */
    static final int PENDING_LOOKED = 1000;
    /** Set on a post created since its tenant's counters exist: its status and platforms are counted there. */
    static final String COUNTED = "counted";
    /** The publish run's claim (scheduled → publishing), a row of the workflow table done in place. */
    private static final Workflow.Transition CLAIM = Workflow.rule("publish-run");
    private static final PostStatus CLAIM_FROM = CLAIM.from().get(0);
    /** The last-resort failure (scheduled | publishing → failed), a row of the workflow table done in place. */
    private static final Workflow.Transition MARK_FAILED = Workflow.rule("publish-run-failed");

    /** A concurrent change won: reload and try again. */
    public static final class Conflict extends RuntimeException {
        public Conflict() {
            super("post changed concurrently", null, false, false);
        }
    }

    private final Table table;
    private final TenantCounters counters;

    /** Counters by the system clock's day (tests, tools). */
    public PostStore(Table table) {
        this(table, new TenantCounters(table, java.time.Clock.systemUTC()));
    }

    public PostStore(Table table, TenantCounters counters) {
        this.table = table;
        this.counters = counters;
    }

    /** {@code tenant} was just read: its counters take its time zone from it instead of reading it again. */
    public void tenantRead(com.socialwire.shared.tenants.Tenant tenant) {
        counters.remember(tenant.id(), tenant.timezone());
    }

    public Table table() {
        return table;
    }

    public static String sk(String postId) {
        return "POST#" + postId;
    }

    public static String listKey(String tenantId) {
        return TenantRecords.pk(tenantId) + "#POSTS";
    }

    public static String day(Instant at) {
        return IsoInstant.date(at);
    }

    /** Fixed-width UTC time for sort keys (ISO-8601 text of varying precision does not sort). */
    public static String ts(Instant at) {
        return IsoInstant.millis(at);
    }

    public Optional<Post> get(String tenantId, String postId) {
        if (postId == null || !postId.startsWith("post_")) {
            return Optional.empty();
        }
        return table.get(TenantRecords.pk(tenantId), sk(postId)).map(PostStore::post);
    }

    public Post require(String tenantId, String postId) {
        return get(tenantId, postId).orElseThrow(() -> ApiException.notFound("post " + postId));
    }

    /** Saves a new post; fails if the id exists. It is in its tenant's counters from now on. */
    public void create(Post p) {
        p.counted = true;
        p.stored = null;
        put(p, "attribute_not_exists(PK)", Map.of());
    }

    /** Saves {@code p} if nobody changed it since it was loaded (its version), bumping the version. */
    public void save(Post p) {
        long expected = p.version;
        p.version = expected + 1;
        try {
            put(p, "#v = :v", Map.of(":v", AttrValue.fromN(Long.toString(expected))));
        } catch (Conflict c) {
            p.version = expected;
            throw c;
        }
    }

    /** Loads, changes and saves a post, retrying on a concurrent change (the change must be repeatable). */
    public Post update(String tenantId, String postId, Consumer<Post> change) {
        return update(tenantId, postId, null, change);
    }

    /**
     * As {@link #update(String, String, Consumer)}, but only while the post is still at {@code expectedVersion} (the
     * version its caller showed or read; null: any): a post changed since is 409 {@code CONFLICT}, nothing changed.
     */
    public Post update(String tenantId, String postId, Long expectedVersion, Consumer<Post> change) {
        for (int attempt = 0; ; attempt++) {
            Post p = require(tenantId, postId);
            expect(p, expectedVersion);
            change.accept(p);
            try {
                save(p);
                return p;
            } catch (Conflict c) {
                if (attempt >= 4) {
                    throw new ApiException(ErrorCode.CONFLICT, "the post is being changed concurrently; retry");
                }
            }
        }
    }

    /** 409 {@code CONFLICT} when {@code p} is no longer at {@code expectedVersion} (null: any version will do). */
    public static void expect(Post p, Long expectedVersion) {
        if (expectedVersion != null && p.version != expectedVersion) {
            throw new ApiException(ErrorCode.CONFLICT, 409, "the post changed since version " + expectedVersion + " (it is at version "
                    + p.version + " now); reload it and try again", Map.of("expectedVersion", expectedVersion, "version", p.version), Map.of());
        }
    }

    private void put(Post p, String condition, Map<String, AttrValue> values) {
        PostLimits.requireDocWithin(p.doc, PostLimits.DOC_BYTES);
        p.boundHistory();
        p.waitingSince = p.status.mustAct() == null ? null
                : p.stored != null && p.stored.status() == p.status && p.waitingSince != null ? p.waitingSince : p.updatedAt;
        Map<String, String> names = condition.contains("#v") ? Map.of("#v", "version") : Map.of();
        // the counters move in the same write (one transaction with one small row) or not at all
        if (!counters.write(new Write.Put(item(p), condition, names, values), p.tenantId, PostCounts.of(p.stored, p))) {
            throw new Conflict();
        }
        p.stored = p.counterState();
        p.recorded.clear();
    }

    public static Map<String, AttrValue> item(Post p) {
        Item i = Item.create()
                .s(Table.PK, TenantRecords.pk(p.tenantId)).s(Table.SK, sk(p.id))
                .s("type", "post").s("id", p.id).s("tenantId", p.tenantId).s("accountId", p.accountId)
                .s("status", p.status.wire()).n("version", p.version)
                .s("scheduledFor", p.scheduledFor == null ? null : p.scheduledFor.toString())
                .s("campaignId", p.campaignId())
                .strings("platforms", p.platforms())
                .s("doc", Json.write(p.doc))
                .s("createdAt", p.createdAt.toString()).s("updatedAt", p.updatedAt.toString())
                .s(Table.GSI1PK, listKey(p.tenantId))
                .s(Table.GSI1SK, (p.scheduledFor == null ? "~" : ts(p.scheduledFor)) + "#" + ts(p.createdAt) + "#" + p.id);
        List<AttrValue> history = new ArrayList<>();
        p.history.forEach(h -> history.add(AttrValue.fromS(Json.write(h))));
        Map<String, AttrValue> deliveries = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = p.deliveries.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            deliveries.put(e.getKey(), AttrValue.fromS(Json.write(e.getValue() instanceof ObjectNode o ? PostLimits.boundDelivery(o) : e.getValue())));
        }
        Map<String, AttrValue> out = new HashMap<>(i.build());
        out.put("history", AttrValue.fromL(history));
        out.put("deliveries", AttrValue.fromM(deliveries));
        if (p.status == PostStatus.SCHEDULED && p.scheduledFor != null) {
            out.put(Table.GSI2PK, AttrValue.fromS(DUE + day(p.scheduledFor)));
            out.put(Table.GSI2SK, AttrValue.fromS(ts(p.scheduledFor) + "#" + p.tenantId + "#" + p.id));
        } else if (p.status == PostStatus.PUBLISHING) {
            Instant claimed = p.claimedAt == null ? p.updatedAt : p.claimedAt;
            out.put("claimedAt", AttrValue.fromS(ts(claimed)));
            out.put(Table.GSI2PK, AttrValue.fromS(PUBLISHING + day(claimed)));
            out.put(Table.GSI2SK, AttrValue.fromS(ts(claimed) + "#" + p.tenantId + "#" + p.id));
        } else if (p.status.mustAct() != null && p.waitingSince != null) {
            // the approval queue: the account's bucket, oldest wait first (the tenant in the key lets a tenant's view skip others)
            out.put("waitingSince", AttrValue.fromS(p.waitingSince.toString()));
            out.put(Table.GSI2PK, AttrValue.fromS(PENDING + p.accountId));
            out.put(Table.GSI2SK, AttrValue.fromS(ts(p.waitingSince) + "#" + p.tenantId + "#" + p.id));
        } else if (p.status == PostStatus.REGENERATING) {
            // since it entered regenerating (nothing else changes a regenerating post): the regeneration sweep's query
            out.put(Table.GSI2PK, AttrValue.fromS(REGENERATING + day(p.updatedAt)));
            out.put(Table.GSI2SK, AttrValue.fromS(ts(p.updatedAt) + "#" + p.tenantId + "#" + p.id));
        }
        if (p.recoveries > 0) {
            out.put("recoveries", AttrValue.fromN(Integer.toString(p.recoveries)));
        }
        if (p.historyDropped > 0) {
            out.put("historyDropped", AttrValue.fromN(Long.toString(p.historyDropped)));
        }
        if (p.counted) {
            out.put(COUNTED, AttrValue.fromN("1"));
        }
        return out;
    }

    public static Post post(Map<String, AttrValue> i) {
        List<ObjectNode> history = new ArrayList<>();
        AttrValue h = i.get("history");
        if (h != null && h.hasL()) {
            h.l().forEach(v -> history.add((ObjectNode) Json.tree(v.s())));
        }
        ObjectNode deliveries = Json.object();
        AttrValue d = i.get("deliveries");
        if (d != null && d.hasM()) {
            d.m().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> deliveries.set(e.getKey(), Json.tree(e.getValue().s())));
        }
        String sf = Item.s(i, "scheduledFor");
        Post p = new Post(Item.s(i, "id"), Item.s(i, "tenantId"), Item.s(i, "accountId"), Instant.parse(Item.s(i, "createdAt")),
                PostStatus.of(Item.s(i, "status")), Item.n(i, "version"), sf == null ? null : Instant.parse(sf), Instant.parse(Item.s(i, "updatedAt")),
                (ObjectNode) Json.tree(Item.s(i, "doc")), deliveries, history);
        String waiting = Item.s(i, "waitingSince");
        p.waitingSince = waiting == null ? null : Instant.parse(waiting);
        String claimed = Item.s(i, "claimedAt");
        p.claimedAt = claimed == null ? null : Instant.parse(claimed);
        Long rec = Item.n(i, "recoveries");
        p.recoveries = rec == null ? 0 : rec.intValue();
        Long dropped = Item.n(i, "historyDropped");
        p.historyDropped = dropped == null ? 0 : dropped;
        p.boundHistory(); // an item from before the trail was bounded: the next save stores it bounded
        p.counted = i.containsKey(COUNTED);
        p.stored = p.counterState();
        p.recorded.clear();
        return p;
    }

    /**
     * A tenant's posts in schedule order (unscheduled last), optionally narrowed to a scheduledFor
     * range by key condition and filtered by status, platform and campaign.
     */
    public Page<Post> list(String tenantId, PostStatus status, String platform, Instant from, Instant to, String campaignId,
                           int limit, String cursor) {
        // on the whole items the keys-only index's page is read back as (the index holds none of these attributes)
        java.util.function.Predicate<Map<String, AttrValue>> keep = i -> "post".equals(Item.s(i, "type"))
                && (status == null || status.wire().equals(Item.s(i, "status")))
                && (platform == null || Item.strings(i, "platforms").contains(platform))
                && (campaignId == null || campaignId.equals(Item.s(i, "campaignId")));
        String skFrom = from == null ? null : ts(from);
        String skTo = to == null ? null : ts(to) + "#~";
        if (from != null && to == null) {
            skTo = "9999"; // a range on dates leaves the unscheduled ("~…") out
        }
        return table.query(Table.GSI1, Table.GSI1PK, listKey(tenantId), Table.GSI1SK, skFrom, skTo, limit, cursor, true, keep)
                .map(PostStore::post);
    }

    /**
     * A tenant's unscheduled posts (published now, or never scheduled) created since {@code createdFrom}, oldest first,
     * by key condition: on the list index they sort after every scheduled post, as {@code ~#{createdAt}#{postId}}.
     */
    public Page<Post> unscheduledSince(String tenantId, Instant createdFrom, int limit, String cursor) {
        java.util.function.Predicate<Map<String, AttrValue>> keep = i -> "post".equals(Item.s(i, "type"));
        return table.query(Table.GSI1, Table.GSI1PK, listKey(tenantId), Table.GSI1SK, "~#" + ts(createdFrom), "~#~", limit, cursor, true, keep)
                .map(PostStore::post);
    }

    /**
     * The account's posts waiting for an approval, oldest wait first, by key condition on its queue bucket; with
     * {@code tenantIds} (null: all of the account's) only those tenants' entries, refused on their keys before any
     * post is read. A post that left the queue since the index was read is left out.
     */
    public Page<Post> pending(String accountId, java.util.Set<String> tenantIds, int limit, String cursor) {
        java.util.function.Predicate<Map<String, AttrValue>> ofTenants = tenantIds == null ? null
                : k -> tenantIds.contains(pendingTenant(Item.s(k, Table.GSI2SK)));
        java.util.function.Predicate<Map<String, AttrValue>> stillWaiting = i -> "post".equals(Item.s(i, "type"))
                && accountId.equals(Item.s(i, "accountId")) && PostStatus.parse(Item.s(i, "status")).map(PostStatus::mustAct).isPresent()
                && (tenantIds == null || tenantIds.contains(Item.s(i, "tenantId")));
        return table.queryKeptKeys(Table.GSI2, Table.GSI2PK, PENDING + accountId, limit, cursor, true, ofTenants, PENDING_LOOKED, stillWaiting)
                .map(PostStore::post);
    }

    /** The tenant id inside a queue entry's sort key ({@code {waitingSince}#{tenantId}#{postId}}). */
    static String pendingTenant(String sortKey) {
        int a = sortKey == null ? -1 : sortKey.indexOf('#');
        int b = a < 0 ? -1 : sortKey.indexOf('#', a + 1);
        return b < 0 ? "" : sortKey.substring(a + 1, b);
    }

    // ------------------------------------------------------------------ the publish path's in-place updates

    /**
     * Claims a due post for publishing: scheduled → publishing, only if it is still scheduled for
     * the same time (a reschedule or cancel in between wins). Moves it from the due bucket to the
     * publishing bucket; a new claim starts with no recoveries. True if this caller won the claim.
     */
    public boolean claim(String tenantId, String postId, Instant scheduledFor, Instant now, String runId) {
        Map<String, String> names = Map.of("#status", "status", "#sf", "scheduledFor", "#v", "version", "#h", "history",
                "#pk2", Table.GSI2PK, "#sk2", Table.GSI2SK, "#claimed", "claimedAt", "#u", "updatedAt", "#rec", "recoveries");
        ObjectNode h = Json.object();
        h.put("at", now.toString());
        h.put("action", "publish-run");
        h.put("from", CLAIM_FROM.wire());
        h.put("to", PostStatus.PUBLISHING.wire());
        h.put("actor", "schedule:" + runId);
        Map<String, AttrValue> values = new HashMap<>();
        values.put(":scheduled", AttrValue.fromS(CLAIM_FROM.wire()));
        values.put(":publishing", AttrValue.fromS(PostStatus.PUBLISHING.wire()));
        values.put(":sf", AttrValue.fromS(scheduledFor.toString()));
        values.put(":one", AttrValue.fromN("1"));
        values.put(":h", AttrValue.fromL(List.of(AttrValue.fromS(Json.write(h)))));
        values.put(":pk2", AttrValue.fromS(PUBLISHING + day(now)));
        values.put(":sk2", AttrValue.fromS(ts(now) + "#" + tenantId + "#" + postId));
        values.put(":now", AttrValue.fromS(ts(now)));
        return countedMove(tenantId, postId, "SET #status = :publishing, #v = #v + :one, #h = list_append(#h, :h), #pk2 = :pk2, #sk2 = :sk2, "
                + "#claimed = :now, #u = :now REMOVE #rec", "#status = :scheduled AND #sf = :sf", names, values, CLAIM_FROM, PostStatus.PUBLISHING,
                Map.of());
    }

    /**
     * An in-place move of a post from {@code from} to {@code to} under {@code condition}, its counters moved in the same
     * write: a counted post's state counts (the usual case, one write), else, that condition failing, an older post's
     * events alone. True if this caller did it.
     */
    private boolean countedMove(String tenantId, String postId, String update, String condition, Map<String, String> names,
                                Map<String, AttrValue> values, PostStatus from, PostStatus to, Map<String, Long> events) {
        Map<String, String> n = new HashMap<>(names);
        n.put("#counted", COUNTED);
        for (boolean counted : new boolean[]{true, false}) {
            Write.Update w = new Write.Update(Table.key(TenantRecords.pk(tenantId), sk(postId)), update,
                    condition + (counted ? " AND attribute_exists(#counted)" : " AND attribute_not_exists(#counted)"), n, values);
            Map<String, Long> deltas = new HashMap<>(PostCounts.move(from, to, counted));
            events.forEach((k, v) -> TenantCounters.add(deltas, k, v));
            if (counters.write(w, tenantId, deltas)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves a publishing post's claim time forward (the stuck-post sweep re-drove it), only if the
     * claim is still the one the sweep saw. True if this caller did it.
     */
    public boolean reclaim(String tenantId, String postId, String seenClaimedAt, Instant now) {
        Map<String, String> names = Map.of("#status", "status", "#v", "version", "#pk2", Table.GSI2PK, "#sk2", Table.GSI2SK,
                "#claimed", "claimedAt", "#u", "updatedAt", "#rec", "recoveries");
        Map<String, AttrValue> values = new HashMap<>();
        values.put(":publishing", AttrValue.fromS(PostStatus.PUBLISHING.wire()));
        values.put(":seen", AttrValue.fromS(seenClaimedAt));
        values.put(":one", AttrValue.fromN("1"));
        values.put(":zero", AttrValue.fromN("0"));
        values.put(":pk2", AttrValue.fromS(PUBLISHING + day(now)));
        values.put(":sk2", AttrValue.fromS(ts(now) + "#" + tenantId + "#" + postId));
        values.put(":now", AttrValue.fromS(ts(now)));
        return table.updateIf(new Write.Update(Table.key(TenantRecords.pk(tenantId), sk(postId)),
                "SET #v = #v + :one, #pk2 = :pk2, #sk2 = :sk2, #claimed = :now, #u = :now, "
                        + "#rec = if_not_exists(#rec, :zero) + :one",
                "#status = :publishing AND #claimed = :seen", names, values));
    }

    /**
     * Sets one platform's delivery of a publishing post, only if that delivery is still
     * {@code expected} (null: absent). Answers the post as saved, or empty if the compare failed.
     */
    public Optional<Post> setDelivery(String tenantId, String postId, String platform, ObjectNode expected, ObjectNode delivery, Instant now) {
        Map<String, String> names = Map.of("#status", "status", "#v", "version", "#d", "deliveries", "#p", platform, "#u", "updatedAt");
        Map<String, AttrValue> values = new HashMap<>();
        values.put(":publishing", AttrValue.fromS(PostStatus.PUBLISHING.wire()));
        values.put(":one", AttrValue.fromN("1"));
        values.put(":new", AttrValue.fromS(Json.write(PostLimits.boundDelivery(delivery))));
        values.put(":now", AttrValue.fromS(now.toString()));
        String condition = "#status = :publishing AND ";
        if (expected == null) {
            condition += "attribute_not_exists(#d.#p)";
        } else {
            values.put(":old", AttrValue.fromS(Json.write(expected)));
            condition += "#d.#p = :old";
        }
        Write.Update w = new Write.Update(Table.key(TenantRecords.pk(tenantId), sk(postId)),
                "SET #d.#p = :new, #v = #v + :one, #u = :now", condition, names, values);
        Map<String, Long> counted = PostCounts.delivery(platform, DeliveryStatus.of(expected), DeliveryStatus.of(delivery));
        if (!counted.isEmpty()) {
            // a delivery that went out is counted in the same write; a transaction answers no item: read it back
            return counters.write(w, tenantId, counted) ? Optional.of(require(tenantId, postId)) : Optional.empty();
        }
        LeanDynamoDb.RawUpdate r = table.tryUpdate(w);
        return r.conditionFailed() ? Optional.empty() : Optional.of(post(r.item()));
    }

    /**
     * The last resort when a post cannot be changed as a whole (too large to save, unreadable): a
     * small in-place update that ends it {@code failed} with {@code failedDeliveries} (platform →
     * delivery) and takes it out of the due and publishing indexes, only if it is still scheduled or
     * publishing. With {@code trail} (a post as read, its failure recorded) the audit trail is
     * replaced by its bounded one, so the item shrinks and the write fits where a save does not.
     * True if this caller did it.
     */
    public boolean markFailed(String tenantId, String postId, Post trail, Map<String, ObjectNode> failedDeliveries, Instant now) {
        Map<String, String> names = new HashMap<>(Map.of("#status", "status", "#v", "version", "#u", "updatedAt",
                "#pk2", Table.GSI2PK, "#sk2", Table.GSI2SK));
        Map<String, AttrValue> values = new HashMap<>();
        values.put(":failed", AttrValue.fromS(PostStatus.FAILED.wire()));
        values.put(":one", AttrValue.fromN("1"));
        values.put(":now", AttrValue.fromS(now.toString()));
        StringBuilder set = new StringBuilder("SET #status = :failed, #v = #v + :one, #u = :now");
        if (trail != null) {
            trail.boundHistory();
            List<AttrValue> history = new ArrayList<>();
            trail.history.forEach(h -> history.add(AttrValue.fromS(Json.write(h))));
            names.put("#h", "history");
            names.put("#hd", "historyDropped");
            values.put(":h", AttrValue.fromL(history));
            values.put(":hd", AttrValue.fromN(Long.toString(trail.historyDropped)));
            set.append(", #h = :h, #hd = :hd");
        }
        int i = 0;
        for (Map.Entry<String, ObjectNode> e : failedDeliveries.entrySet()) {
            names.put("#d", "deliveries");
            names.put("#p" + i, e.getKey());
            values.put(":d" + i, AttrValue.fromS(Json.write(PostLimits.boundDelivery(e.getValue()))));
            set.append(", #d.#p").append(i).append(" = :d").append(i);
            i++;
        }
        Map<String, Long> failedOn = new HashMap<>();
        failedDeliveries.keySet().forEach(platform -> TenantCounters.add(failedOn, TenantCounters.POSTS_DELIVERY_FAILED + platform, 1));
        for (PostStatus from : MARK_FAILED.from()) { // scheduled or publishing: which one decides what the counters move
            Map<String, AttrValue> v = new HashMap<>(values);
            v.put(":from", AttrValue.fromS(from.wire()));
            if (countedMove(tenantId, postId, set + " REMOVE #pk2, #sk2", "#status = :from", names, v, from, PostStatus.FAILED, failedOn)) {
                return true;
            }
        }
        return false;
    }

    /** Due posts of one day bucket up to {@code now}, by key condition. */
    public Page<Map<String, AttrValue>> due(String day, Instant now, int limit, String cursor) {
        return table.query(Table.GSI2, Table.GSI2PK, DUE + day, Table.GSI2SK, null, ts(now) + "#~", limit, cursor, true, null);
    }

    /** Posts of one day bucket claimed for publishing before {@code before}, by key condition. */
    public Page<Map<String, AttrValue>> publishingSince(String day, Instant before, int limit, String cursor) {
        return table.query(Table.GSI2, Table.GSI2PK, PUBLISHING + day, Table.GSI2SK, null, ts(before) + "#~", limit, cursor, true, null);
    }

    /** Posts of one day bucket regenerating since before {@code before}, by key condition. */
    public Page<Map<String, AttrValue>> regeneratingSince(String day, Instant before, int limit, String cursor) {
        return table.query(Table.GSI2, Table.GSI2PK, REGENERATING + day, Table.GSI2SK, null, ts(before) + "#~", limit, cursor, true, null);
    }
}
