package com.socialwire.shared.store;

import com.socialwire.shared.aws.LeanDynamoDb;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

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

    private final Supplier<DynamoDbClient> db;
    private final String name;
    private final Cursors cursors;

    /** Cursors are sealed with {@code CURSOR_SIGNING_KEY} of the function's configuration, read here, at construction. */
    public Table(DynamoDbClient db, String name) {
        this(() -> db, name, Cursors.fromConfig(Config.fromEnvironment(), Clock.systemUTC()));
    }

    /**
     * A table whose client is built on first use: a cold start that never touches DynamoDB
     * (a health check) does not pay for the client (measured: ~200 ms of a cold start).
     */
    public Table(Supplier<DynamoDbClient> client, String name) {
        this(Lazy.of(client), name, Cursors.fromConfig(Config.fromEnvironment(), Clock.systemUTC()));
    }

    public Table(Supplier<DynamoDbClient> client, String name, Cursors cursors) {
        this.db = client;
        this.name = name;
        this.cursors = cursors;
    }

    public DynamoDbClient client() {
        return db.get();
    }

    public String name() {
        return name;
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
    }

    /** A strongly consistent read of one item. */
    public Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        return get(pk, sk, true, null);
    }

    /**
     * A read of one item, strongly consistent or not, of the attributes in {@code projection} (null: all). With
     * {@link LeanDynamoDb} (every function) a raw call that loads none of the SDK's request/response model classes.
     */
    public Optional<Map<String, AttributeValue>> get(String pk, String sk, boolean consistentRead, String projection) {
        if (client() instanceof LeanDynamoDb lean) {
            return lean.getItemRaw(name, key(pk, sk), consistentRead, projection);
        }
        Map<String, AttributeValue> item = client().getItem(b -> b.tableName(name).key(key(pk, sk))
                .consistentRead(consistentRead ? Boolean.TRUE : null).projectionExpression(projection)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /**
     * An UpdateItem of one item under {@code condition}: the new item, or the old one (empty if none) when the
     * condition failed — a result, not the SDK's {@code ConditionalCheckFailedException}.
     */
    public LeanDynamoDb.RawUpdate update(String pk, String sk, String update, String condition, Map<String, String> names,
                                         Map<String, AttributeValue> values) {
        if (client() instanceof LeanDynamoDb lean) {
            return lean.updateItemRaw(name, key(pk, sk), update, condition, names, values);
        }
        try {
            Map<String, AttributeValue> item = client().updateItem(b -> b.tableName(name).key(key(pk, sk))
                    .updateExpression(update).conditionExpression(condition)
                    .expressionAttributeNames(names.isEmpty() ? null : names)
                    .expressionAttributeValues(values.isEmpty() ? null : values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
            return new LeanDynamoDb.RawUpdate(false, item);
        } catch (ConditionalCheckFailedException e) {
            return new LeanDynamoDb.RawUpdate(true, e.hasItem() ? e.item() : Map.of());
        }
    }

    /**
     * One page of the items whose {@code partitionAttr} (on {@code index}, or the table if null)
     * equals {@code partitionValue}, in sort-key order. The cursor is sealed and bound to that
     * list ({@link Cursors}): a forged, altered, stale or foreign one is 400 INVALID_CURSOR.
     * An index holds only keys ({@code KEYS_ONLY}, see the class comment): its page is read back
     * whole with {@link #items}, in the index's order; an item deleted in between is left out.
     */
    public Page<Map<String, AttributeValue>> query(String index, String partitionAttr, String partitionValue,
                                                    int limit, String cursor, boolean ascending) {
        return query(index, partitionAttr, partitionValue, null, null, null, limit, cursor, ascending, null);
    }

    /**
     * The same, keeping only the items {@code keep} accepts (null: all). As with a DynamoDB filter, the
     * {@code limit} counts the items looked at, so a filtered page may hold fewer than {@code limit} items.
     */
    public Page<Map<String, AttributeValue>> query(String index, String partitionAttr, String partitionValue,
                                                    int limit, String cursor, boolean ascending,
                                                    Predicate<Map<String, AttributeValue>> keep) {
        return query(index, partitionAttr, partitionValue, null, null, null, limit, cursor, ascending, keep);
    }

    /**
     * The same, narrowed to sort keys ({@code sortAttr}) from {@code sortFrom} to {@code sortTo}
     * inclusive (either may be null for an open end): a key condition, so items outside the range
     * are never read.
     */
    public Page<Map<String, AttributeValue>> query(String index, String partitionAttr, String partitionValue,
                                                    String sortAttr, String sortFrom, String sortTo,
                                                    int limit, String cursor, boolean ascending,
                                                    Predicate<Map<String, AttributeValue>> keep) {
        Map<String, String> names = new java.util.HashMap<>();
        names.put("#pk", partitionAttr);
        Map<String, AttributeValue> values = new java.util.HashMap<>();
        values.put(":pk", AttributeValue.fromS(partitionValue));
        String keyCondition = "#pk = :pk";
        if (sortAttr != null && (sortFrom != null || sortTo != null)) {
            names.put("#sk", sortAttr);
            if (sortFrom != null) {
                values.put(":skFrom", AttributeValue.fromS(sortFrom));
            }
            if (sortTo != null) {
                values.put(":skTo", AttributeValue.fromS(sortTo));
            }
            keyCondition += sortFrom != null && sortTo != null ? " AND #sk BETWEEN :skFrom AND :skTo"
                    : sortFrom != null ? " AND #sk >= :skFrom" : " AND #sk <= :skTo";
        }
        String list = (index == null ? "table" : index) + "|" + partitionValue;
        LeanDynamoDb.RawPage r = queryPage(index, keyCondition, names, values, limit,
                cursor == null ? null : cursors.open(cursor, list), ascending);
        String next = r.lastKey() == null ? null : cursors.seal(r.lastKey(), list);
        List<Map<String, AttributeValue>> found = index == null ? r.items() : items(r.items());
        return new Page<>(keep == null ? found : found.stream().filter(keep).toList(), next);
    }

    /**
     * One page of a Query on {@code index} (null: the table) for {@code keyCondition}, at most {@code limit} items (null:
     * DynamoDB's 1 MB), from {@code startKey} (null: the first page); its {@code lastKey} is null after the last page.
     * For walks that never hand a cursor out (sweeps); an index's page holds keys only.
     */
    public LeanDynamoDb.RawPage queryPage(String index, String keyCondition, Map<String, String> names,
                                          Map<String, AttributeValue> values, Integer limit,
                                          Map<String, AttributeValue> startKey, boolean ascending) {
        if (client() instanceof LeanDynamoDb lean) {
            return lean.queryRaw(name, index, keyCondition, names, values, limit, startKey, ascending);
        }
        QueryResponse r = client().query(QueryRequest.builder().tableName(name).indexName(index).keyConditionExpression(keyCondition)
                .expressionAttributeNames(names.isEmpty() ? null : names).expressionAttributeValues(values)
                .scanIndexForward(ascending).limit(limit).exclusiveStartKey(startKey).build());
        return new LeanDynamoDb.RawPage(r.items(),
                r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null);
    }

    /**
     * The whole items of {@code keys} (any maps holding {@code PK} and {@code SK}, such as an index's
     * page), in their order, leaving out those that no longer exist: one eventually consistent
     * {@code BatchGetItem} per {@value #BATCH_GET} keys (an index is eventually consistent too; writes
     * are conditional on what they change), its unprocessed keys asked again.
     */
    public List<Map<String, AttributeValue>> items(List<Map<String, AttributeValue>> keys) {
        return items(keys, false);
    }

    /** The same, read strongly consistent or not. */
    public List<Map<String, AttributeValue>> items(List<Map<String, AttributeValue>> keys, boolean consistentRead) {
        if (keys.isEmpty()) {
            return List.of();
        }
        Map<List<String>, Map<String, AttributeValue>> byKey = new java.util.HashMap<>();
        List<Map<String, AttributeValue>> wanted = new ArrayList<>();
        java.util.Set<List<String>> asked = new java.util.HashSet<>();
        for (Map<String, AttributeValue> k : keys) {
            if (asked.add(keyOf(k))) {
                wanted.add(key(k.get(PK).s(), k.get(SK).s()));
            }
        }
        for (int from = 0; from < wanted.size(); from += BATCH_GET) {
            List<Map<String, AttributeValue>> ask = wanted.subList(from, Math.min(wanted.size(), from + BATCH_GET));
            while (!ask.isEmpty()) {
                LeanDynamoDb.RawBatch r = batchGet(ask, consistentRead);
                r.items().forEach(i -> byKey.put(keyOf(i), i));
                ask = r.unprocessed();
            }
        }
        List<Map<String, AttributeValue>> out = new ArrayList<>(keys.size());
        for (Map<String, AttributeValue> k : keys) {
            Map<String, AttributeValue> item = byKey.get(keyOf(k));
            if (item != null) {
                out.add(item);
            }
        }
        return out;
    }

    private LeanDynamoDb.RawBatch batchGet(List<Map<String, AttributeValue>> keys, boolean consistentRead) {
        if (client() instanceof LeanDynamoDb lean) {
            return lean.batchGetRaw(name, keys, consistentRead);
        }
        BatchGetItemResponse r = client().batchGetItem(b -> b.requestItems(
                Map.of(name, KeysAndAttributes.builder().keys(keys).consistentRead(consistentRead ? Boolean.TRUE : null).build())));
        KeysAndAttributes left = r.unprocessedKeys().get(name);
        return new LeanDynamoDb.RawBatch(r.responses().getOrDefault(name, List.of()),
                left == null || !left.hasKeys() ? List.of() : left.keys());
    }

    private static List<String> keyOf(Map<String, AttributeValue> item) {
        return List.of(item.get(PK).s(), item.get(SK).s());
    }

}
