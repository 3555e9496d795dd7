package com.socialwire.shared.store;

import com.socialwire.shared.aws.LeanDynamoDb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import com.socialwire.shared.Config;
import com.socialwire.shared.Lazy;

import java.time.Clock;

/**
 * The single DynamoDB table and its key conventions. Every item has {@code PK} and {@code SK};
 * lists go through {@link #GSI1} ({@code GSI1PK}/{@code GSI1SK}) or {@link #GSI2}
 * ({@code GSI2PK}/{@code GSI2SK}); {@code expiresAt} (epoch seconds) is the TTL attribute.
 * Both indexes project keys only: a write of an item pays one small index entry per index whose keys it
 * carries (and nothing when it changes no index key), not a copy of its whole document, and a
 * {@link #query} on an index reads its page's items back with one {@code BatchGetItem} (filters apply
 * to the whole items, after that). An item carries an index's keys only while a query must find it there.
 *
 * <pre>
 * entity               PK                          SK              GSI1PK / GSI1SK
 * tenant               TENANT#{tenantId}           PROFILE         ACCOUNT#{accountId}#TENANTS / {createdAt}#{tenantId}
 * instagram user lock  IGUSER#{igUserId}           TENANT          -
 * idempotency record   IDEMPOTENCY#{scope}#{key}   RECORD          -   (expiresAt set)
 * ledger balance shard ACCOUNT#{accountId}         BALANCE, BALANCE#{1-7}  -  (the balance is their sum)
 * ledger entry         ACCOUNT#{accountId}         LEDGER#{entryId}  ACCOUNT#{accountId}#LEDGER / {seq, 19 digits}
 * ledger reservation   ACCOUNT#{accountId}         RESERVATION#{operationId}
 *                        GSI2 while open: RESERVATIONS#OPEN#{shard 0-7} / {until, ms}#{accountId}#{operationId}
 *                        (expiresAt set only on a declined one; see billing.DynamoLedger)
 * social account       TENANT#{tenantId}           SOCIAL#{accountId}   -  (tokens sealed; see social.SocialAccounts)
 * its platform identity TENANT#{tenantId}           SOCIALEXT#{sha256(platform, instance, externalId)}  -  (reconnect = same account)
 * default per platform TENANT#{tenantId}           SOCIALDEFAULT#{platform}  -  (accountId of the default)
 * inbox cursor         TENANT#{tenantId}           INBOXCURSOR#{accountId}  GSI1 for a pushed platform's account: INBOXACCOUNT#{platform}#{externalId} / {tenantId}#{accountId}
 *                        GSI2 while a polled account is connected: INBOXPOLL#{shard 0-3} / {next poll, ms}#{tenantId}#{accountId}  (social.mentions.InboxCursors)
 * OAuth state          OAUTH#STATE#{sha256(state)} STATE           -   (expiresAt set; consumed by a conditional delete)
 * pending selection    OAUTH#PENDING#{nonce}       PENDING         -   (expiresAt set; grants sealed)
 * published delivery   TENANT#{tenantId}           PUBLISHED#{publishedAt ms}#{postId}#{platform}  -  (see analytics.PublishedDeliveries)
 *                        GSI2 while an insights refresh is due: INSIGHTS#DUE#{yyyy-MM-dd} / {nextRefreshAt ms}#{tenantId}#{postId}#{platform}
 * insights account     INSIGHTS#ACCOUNTS           {tenantId}#{platform}#{accountId | tenant}  -  (accounts whose daily insights are read)
 * insight snapshot     TENANT#{tenantId}           INSIGHT#{postId}#{platform}#{yyyy-MM-dd}  -  (analytics.InsightSnapshots)
 * account insight      TENANT#{tenantId}           ACCTINSIGHT#{yyyy-MM-dd}#{platform}#{accountId | tenant}  -  (analytics.AccountInsights)
 * tenant day counters  TENANT#{tenantId}           COUNTS#DAY#{yyyy-MM-dd, tenant's zone}  -  (numbers only, added in the same
 *                        transaction as the post / inbox item / content job change; see analytics.TenantCounters)
 * tenant month rollup  TENANT#{tenantId}           COUNTS#MONTH#{yyyy-MM}  -  (a closed month's sums, written once by the first
 *                        all-time read after it ended + 2 days; see analytics.TenantCounters.allTime)
 * active tenant by zone TENANTS#ACTIVE#TZ#{zone}  TENANT#{tenantId}  -  (only while active; see tenants.TenantZones)
 * report               TENANT#{tenantId}           REPORT#{reportId}  TENANT#{tenantId}#REPORTS / {createdAt, ms}#{reportId}
 *                        (reportId names its type and period: one report per tenant, type and period; see reports.jobs.ReportStore)
 *                        GSI2 while pending or running: REPORTJOBS#RUNNING#{day its job counts as lost} / {that, ms}#{tenantId}#{reportId}
 * report run watermark REPORTRUN                   STATE           -   (the last instant the report run covered)
 * running job (index)  GSI2 while a job runs: {KIND}#RUNNING#{deadline yyyy-MM-dd} / {deadline ms}#{tenantId}#{jobId}  (jobs.RunningJobs; CONTENTJOBS)
 * tenant activity      TENANT#{tenantId}           ACTIVITY        -   (last report; the last publish is the newest PUBLISHED# row; analytics.Activity)
 * competitor handles   TENANT#{tenantId}           COMPETITORS     -   (the handles the competitor pulse reads; see reports.competitors)
 * competitor snapshot  TENANT#{tenantId}           COMPETITOR#{handle}#{week start, local Monday}  -  (one reading a week; expiresAt 400 d)
 * person (inbox)      TENANT#{tenantId}#PERSON#{platform}#{personId}  PERSON  TENANT#{tenantId}#PEOPLE / {itemCount, 10 digits}#{lastSeenAt ms}#{platform}#{personId}
 *                        GSI2 TENANT#{tenantId}#PEOPLE#RECENT / {lastSeenAt ms}#{platform}#{personId}
 *                        (counts written in the inbox item's own transaction; see engagement.store.PeopleStore)
 * their inbox item     TENANT#{tenantId}#PERSON#{platform}#{personId}  ITEM#{createdAt ms}#{itemId}  -  (keys only: read back as the inbox item)
 * their violation      TENANT#{tenantId}#PERSON#{platform}#{personId}  VIOLATION#{at ms}#{itemId}  -  (flags, action, reason; once per item)
 * read cache entry     READCACHE#{kind}:{public | tenantId}:{shortcode}:{options}  ENTRY  -  (a gzipped answer, or the count of
 *                        its parts; expiresAt = end of its stale grace; see reads.cache.ReadCache; parse outputs: READCACHE#parse:{key})
 * read cache part      READCACHE#{same key}        PART#{generation}#{n, 4 digits}  -  (a slice of a gzip over 350 KB; expiresAt set)
 * approval queue (index) GSI2 of a post while it awaits QA or client approval: POSTS#PENDING#{accountId} / {waitingSince, ms}#{tenantId}#{postId}  (posts.store.PostStore)
 * review link token    REVIEWTOKEN#{sha256(token)}  TOKEN  -  (what a review page request reads: one GetItem by the hash;
 *                        expiresAt = the link's end + 90 d; see posts.review.ReviewLinkStore)
 * review link          TENANT#{tenantId}           REVIEWLINK#{linkId}  TENANT#{tenantId}#REVIEWLINKS / {createdAt, ms}#{linkId}
 *                        (both rows written and revoked in one transaction; never the token)
 * review activity      TENANT#{tenantId}#REVIEWACTIVITY  {at, ms}#{activityId}  by post: TENANT#{tenantId}#REVIEWACTIVITY#POST#{postId}
 *                        / {at, ms}#{linkId}#{activityId}; GSI2 by link: TENANT#{tenantId}#REVIEWACTIVITY#LINK#{linkId} / {at, ms}#{activityId}
 * review event marker  REVIEWEVENT#{tenantId}#{sha256(eventId)}  EVENT  -  (makes a repeated portal action's record a no-op; expiresAt 90 d)
 * </pre>
 * Later contexts add their rows here, in this table, so one place says what the keys mean.
 */
public final class Table {

    public static final String PK = "PK";
    public static final String SK = "SK";
    /** The lists' index on {@code GSI1PK}/{@code GSI1SK}, keys only (it replaced {@code GSI1}, projected {@code ALL}). */
    public static final String GSI1 = "GSI1Keys";
    public static final String GSI1PK = "GSI1PK";
    public static final String GSI1SK = "GSI1SK";
    /** The states' index on {@code GSI2PK}/{@code GSI2SK}, keys only (it replaced {@code GSI2}, projected {@code ALL}). */
    public static final String GSI2 = "GSI2Keys";
    public static final String GSI2PK = "GSI2PK";
    public static final String GSI2SK = "GSI2SK";
    public static final String TTL = "expiresAt";
    /** The most keys one {@code BatchGetItem} may ask for. */
    static final int BATCH_GET = 100;

    private final Supplier<LeanDynamoDb> db;
    private final String name;
    private final Cursors cursors;

    /** Cursors are sealed with {@code CURSOR_SIGNING_KEY} of the function's configuration, read here, at construction. */
    public Table(LeanDynamoDb db, String name) {
        this(() -> db, name, Cursors.fromConfig(Config.fromEnvironment(), Clock.systemUTC()));
    }

    /**
     * A table whose client is built on first use: a cold start that never touches DynamoDB
     * (a health check) does not pay for the client (measured: ~200 ms of a cold start).
     */
    public Table(Supplier<LeanDynamoDb> client, String name) {
        this(Lazy.of(client), name, Cursors.fromConfig(Config.fromEnvironment(), Clock.systemUTC()));
    }

    public Table(Supplier<LeanDynamoDb> client, String name, Cursors cursors) {
        this.db = client;
        this.name = name;
        this.cursors = cursors;
    }

    public String name() {
        return name;
    }

    public static Map<String, AttrValue> key(String pk, String sk) {
        return Map.of(PK, AttrValue.fromS(pk), SK, AttrValue.fromS(sk));
    }

    /** A strongly consistent read of one item. */
    public Optional<Map<String, AttrValue>> get(String pk, String sk) {
        return get(pk, sk, true, null);
    }

    /**
     * A read of one item, strongly consistent or not, of the attributes in {@code projection} (null: all). With
     * {@link LeanDynamoDb} (every function) a raw call that loads none of the SDK's request/response model classes.
     */
    public Optional<Map<String, AttrValue>> get(String pk, String sk, boolean consistentRead, String projection) {
        return db.get().getItemRaw(name, key(pk, sk), consistentRead, projection);
    }

    /**
     * Puts {@code put.item()} under its condition; a failed condition throws the SDK's
     * {@code ConditionalCheckFailedException} carrying the old item (built only then).
     */
    public void put(Write.Put put) {
        write(put, false, true);
    }

    /** Updates under its condition; a failed condition throws the SDK's {@code ConditionalCheckFailedException}. */
    public void update(Write.Update update) {
        write(update, false, false);
    }

    /** Updates under its condition: false, not an exception, when the condition failed. */
    public boolean updateIf(Write.Update update) {
        return !write(update, true, false).conditionFailed();
    }

    /**
     * Updates under its condition, answering the item after the update, or the one before it (empty if none) when the
     * condition failed — a result, not an exception (for a path where that is routine, such as a new rate-limit window).
     */
    public LeanDynamoDb.RawUpdate tryUpdate(Write.Update update) {
        return write(update, true, true);
    }

    /** Deletes under its condition; a failed condition throws as {@link #put}. */
    public void delete(Write.Delete delete) {
        write(delete, false, true);
    }

    /**
     * All of {@code writes} or none (TransactWriteItems); a cancelled transaction throws the SDK's
     * {@code TransactionCanceledException} with its cancellation reasons, in the order of {@code writes}.
     */
    public void transact(List<? extends Write> writes) {
        db.get().transactWriteRaw(name, List.copyOf(writes));
    }

    /**
     * The items of {@code keys} as of one instant (TransactGetItems), an empty map where there is none; a write in
     * flight on one of them throws the SDK's {@code TransactionCanceledException}.
     */
    public List<Map<String, AttrValue>> transactGet(List<Map<String, AttrValue>> keys) {
        return db.get().transactGetRaw(name, keys);
    }

    private LeanDynamoDb.RawUpdate write(Write w, boolean failedAsResult, boolean returnItems) {
        return db.get().writeRaw(name, w, failedAsResult, returnItems);
    }

    /**
     * One page of the items whose {@code partitionAttr} (on {@code index}, or the table if null)
     * equals {@code partitionValue}, in sort-key order. The cursor is sealed and bound to that
     * list ({@link Cursors}): a forged, altered, stale or foreign one is 400 INVALID_CURSOR.
     * An index holds only keys ({@code KEYS_ONLY}, see the class comment): its page is read back
     * whole with {@link #items}, in the index's order; an item deleted in between is left out.
     */
    public Page<Map<String, AttrValue>> query(String index, String partitionAttr, String partitionValue,
                                                    int limit, String cursor, boolean ascending) {
        return query(index, partitionAttr, partitionValue, null, null, null, limit, cursor, ascending, null);
    }

    /**
     * The same, keeping only the items {@code keep} accepts (null: all). As with a DynamoDB filter, the
     * {@code limit} counts the items looked at, so a filtered page may hold fewer than {@code limit} items.
     */
    public Page<Map<String, AttrValue>> query(String index, String partitionAttr, String partitionValue,
                                                    int limit, String cursor, boolean ascending,
                                                    Predicate<Map<String, AttrValue>> keep) {
        return query(index, partitionAttr, partitionValue, null, null, null, limit, cursor, ascending, keep);
    }

    /**
     * The same, narrowed to sort keys ({@code sortAttr}) from {@code sortFrom} to {@code sortTo}
     * inclusive (either may be null for an open end): a key condition, so items outside the range
     * are never read.
     */
    public Page<Map<String, AttrValue>> query(String index, String partitionAttr, String partitionValue,
                                                    String sortAttr, String sortFrom, String sortTo,
                                                    int limit, String cursor, boolean ascending,
                                                    Predicate<Map<String, AttrValue>> keep) {
        Map<String, String> names = new java.util.HashMap<>();
        names.put("#pk", partitionAttr);
        Map<String, AttrValue> values = new java.util.HashMap<>();
        values.put(":pk", AttrValue.fromS(partitionValue));
        String keyCondition = "#pk = :pk";
        if (sortAttr != null && (sortFrom != null || sortTo != null)) {
            names.put("#sk", sortAttr);
            if (sortFrom != null) {
                values.put(":skFrom", AttrValue.fromS(sortFrom));
            }
            if (sortTo != null) {
                values.put(":skTo", AttrValue.fromS(sortTo));
            }
            keyCondition += sortFrom != null && sortTo != null ? " AND #sk BETWEEN :skFrom AND :skTo"
                    : sortFrom != null ? " AND #sk >= :skFrom" : " AND #sk <= :skTo";
        }
        String list = (index == null ? "table" : index) + "|" + partitionValue;
        LeanDynamoDb.RawPage r = queryPage(index, keyCondition, names, values, limit,
                cursor == null ? null : cursors.open(cursor, list), ascending);
        String next = r.lastKey() == null ? null : cursors.seal(r.lastKey(), list);
        List<Map<String, AttrValue>> found = index == null ? r.items() : items(r.items());
        return new Page<>(keep == null ? found : found.stream().filter(keep).toList(), next);
    }

    /**
     * One page of an index's partition in sort-key order, narrowed by what its KEYS say ({@code keepKey} sees each
     * entry's table and index keys, e.g. a tenant id inside the sort key) before any item is read: index pages are read
     * on until {@code limit} entries are kept or {@code maxLooked} looked at, and only the kept ones' items are read back
     * (then {@code keep}, null: all, as in {@link #query}). For a list whose callers see only part of a shared partition
     * (a client key's tenants in its account's bucket): a page is full unless the partition ends or {@code maxLooked}
     * entries were refused, and the items of refused entries are never read.
     */
    public Page<Map<String, AttrValue>> queryKeptKeys(String index, String partitionAttr, String partitionValue, int limit, String cursor,
                                                      boolean ascending, Predicate<Map<String, AttrValue>> keepKey, int maxLooked,
                                                      Predicate<Map<String, AttrValue>> keep) {
        Map<String, String> names = Map.of("#pk", partitionAttr);
        Map<String, AttrValue> values = Map.of(":pk", AttrValue.fromS(partitionValue));
        String list = index + "|" + partitionValue;
        Map<String, AttrValue> start = cursor == null ? null : cursors.open(cursor, list);
        List<Map<String, AttrValue>> kept = new ArrayList<>();
        Map<String, AttrValue> last = null;
        int looked = 0;
        while (true) {
            int ask = Math.max(1, Math.min(maxLooked - looked, Math.max(limit - kept.size(), 25)));
            LeanDynamoDb.RawPage r = queryPage(index, "#pk = :pk", names, values, ask, start, ascending);
            for (Map<String, AttrValue> k : r.items()) {
                looked++;
                last = k;
                if (keepKey == null || keepKey.test(k)) {
                    kept.add(k);
                    if (kept.size() == limit) {
                        break;
                    }
                }
            }
            boolean pageDone = last == null || r.items().isEmpty() || last == r.items().get(r.items().size() - 1);
            if (kept.size() == limit || looked >= maxLooked) {
                // stopped inside the partition: the next page starts after the last entry looked at
                String next = pageDone && r.lastKey() == null ? null : cursors.seal(last, list);
                return page(kept, next, keep);
            }
            if (r.lastKey() == null) {
                return page(kept, null, keep);
            }
            start = r.lastKey();
        }
    }

    private Page<Map<String, AttrValue>> page(List<Map<String, AttrValue>> keys, String next, Predicate<Map<String, AttrValue>> keep) {
        List<Map<String, AttrValue>> found = items(keys);
        return new Page<>(keep == null ? found : found.stream().filter(keep).toList(), next);
    }

    /**
     * One page of a Query on {@code index} (null: the table) for {@code keyCondition}, at most {@code limit} items (null:
     * DynamoDB's 1 MB), from {@code startKey} (null: the first page); its {@code lastKey} is null after the last page.
     * For walks that never hand a cursor out (sweeps); an index's page holds keys only.
     */
    public LeanDynamoDb.RawPage queryPage(String index, String keyCondition, Map<String, String> names,
                                          Map<String, AttrValue> values, Integer limit,
                                          Map<String, AttrValue> startKey, boolean ascending) {
        return db.get().queryRaw(name, index, keyCondition, names, values, limit, startKey, ascending);
    }

    /**
     * The whole items of {@code keys} (any maps holding {@code PK} and {@code SK}, such as an index's
     * page), in their order, leaving out those that no longer exist: one eventually consistent
     * {@code BatchGetItem} per {@value #BATCH_GET} keys (an index is eventually consistent too; writes
     * are conditional on what they change), its unprocessed keys asked again.
     */
    public List<Map<String, AttrValue>> items(List<Map<String, AttrValue>> keys) {
        return items(keys, false);
    }

    /** The same, read strongly consistent or not. */
    public List<Map<String, AttrValue>> items(List<Map<String, AttrValue>> keys, boolean consistentRead) {
        if (keys.isEmpty()) {
            return List.of();
        }
        Map<List<String>, Map<String, AttrValue>> byKey = new java.util.HashMap<>();
        List<Map<String, AttrValue>> wanted = new ArrayList<>();
        java.util.Set<List<String>> asked = new java.util.HashSet<>();
        for (Map<String, AttrValue> k : keys) {
            if (asked.add(keyOf(k))) {
                wanted.add(key(k.get(PK).s(), k.get(SK).s()));
            }
        }
        for (int from = 0; from < wanted.size(); from += BATCH_GET) {
            List<Map<String, AttrValue>> ask = wanted.subList(from, Math.min(wanted.size(), from + BATCH_GET));
            while (!ask.isEmpty()) {
                LeanDynamoDb.RawBatch r = db.get().batchGetRaw(name, ask, consistentRead);
                r.items().forEach(i -> byKey.put(keyOf(i), i));
                ask = r.unprocessed();
            }
        }
        List<Map<String, AttrValue>> out = new ArrayList<>(keys.size());
        for (Map<String, AttrValue> k : keys) {
            Map<String, AttrValue> item = byKey.get(keyOf(k));
            if (item != null) {
                out.add(item);
            }
        }
        return out;
    }

    private static List<String> keyOf(Map<String, AttrValue> item) {
        return List.of(item.get(PK).s(), item.get(SK).s());
    }

}
