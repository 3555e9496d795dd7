package com.socialwire.shared.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import com.socialwire.shared.Config;
import com.socialwire.shared.Lazy;

import java.time.Clock;

/**
 * The single DynamoDB table and its key conventions. Every item has {@code PK} and {@code SK};
 * lists go through {@code GSI1} ({@code GSI1PK}/{@code GSI1SK}) or {@code GSI2}
 * ({@code GSI2PK}/{@code GSI2SK}); {@code expiresAt} (epoch seconds) is the TTL attribute.
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
    public static final String GSI1 = "GSI1";
    public static final String GSI1PK = "GSI1PK";
    public static final String GSI1SK = "GSI1SK";
    public static final String GSI2 = "GSI2";
    public static final String GSI2PK = "GSI2PK";
    public static final String GSI2SK = "GSI2SK";
    public static final String TTL = "expiresAt";

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
        Map<String, AttributeValue> item = client().getItem(GetItemRequest.builder()
                .tableName(name).key(key(pk, sk)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /**
     * One page of the items whose {@code partitionAttr} (on {@code index}, or the table if null)
     * equals {@code partitionValue}, in sort-key order. The cursor is sealed and bound to that
     * list ({@link Cursors}): a forged, altered, stale or foreign one is 400 INVALID_CURSOR.
     */
    public Page<Map<String, AttributeValue>> query(String index, String partitionAttr, String partitionValue,
                                                    int limit, String cursor, boolean ascending) {
        return query(index, partitionAttr, partitionValue, limit, cursor, ascending, null, Map.of(), Map.of());
    }

    /**
     * The same with a filter on non-key attributes ({@code filter} uses {@code names} and
     * {@code values}); a filtered page may hold fewer than {@code limit} items.
     */
    public Page<Map<String, AttributeValue>> query(String index, String partitionAttr, String partitionValue,
                                                    int limit, String cursor, boolean ascending, String filter,
                                                    Map<String, String> names, Map<String, AttributeValue> values) {
        return query(index, partitionAttr, partitionValue, null, null, null, limit, cursor, ascending, filter, names, values);
    }

    /**
     * The same, narrowed to sort keys ({@code sortAttr}) from {@code sortFrom} to {@code sortTo}
     * inclusive (either may be null for an open end): a key condition, so items outside the range
     * are never read.
     */
    public Page<Map<String, AttributeValue>> query(String index, String partitionAttr, String partitionValue,
                                                    String sortAttr, String sortFrom, String sortTo,
                                                    int limit, String cursor, boolean ascending, String filter,
                                                    Map<String, String> names, Map<String, AttributeValue> values) {
        Map<String, String> allNames = new java.util.HashMap<>(names);
        allNames.put("#pk", partitionAttr);
        Map<String, AttributeValue> allValues = new java.util.HashMap<>(values);
        allValues.put(":pk", AttributeValue.fromS(partitionValue));
        String keyCondition = "#pk = :pk";
        if (sortAttr != null && (sortFrom != null || sortTo != null)) {
            allNames.put("#sk", sortAttr);
            if (sortFrom != null) {
                allValues.put(":skFrom", AttributeValue.fromS(sortFrom));
            }
            if (sortTo != null) {
                allValues.put(":skTo", AttributeValue.fromS(sortTo));
            }
            keyCondition += sortFrom != null && sortTo != null ? " AND #sk BETWEEN :skFrom AND :skTo"
                    : sortFrom != null ? " AND #sk >= :skFrom" : " AND #sk <= :skTo";
        }
        QueryRequest.Builder q = QueryRequest.builder()
                .tableName(name)
                .keyConditionExpression(keyCondition)
                .expressionAttributeNames(allNames)
                .expressionAttributeValues(allValues)
                .scanIndexForward(ascending)
                .limit(limit);
        if (filter != null) {
            q.filterExpression(filter);
        }
        if (index != null) {
            q.indexName(index);
        }
        String list = (index == null ? "table" : index) + "|" + partitionValue;
        if (cursor != null) {
            q.exclusiveStartKey(cursors.open(cursor, list));
        }
        QueryResponse r = client().query(q.build());
        String next = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? cursors.seal(r.lastEvaluatedKey(), list) : null;
        return new Page<>(r.items(), next);
    }

}
