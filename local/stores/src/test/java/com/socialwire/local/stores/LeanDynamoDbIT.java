package com.socialwire.local.stores;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.store.Write;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lean DynamoDB client answers exactly what the SDK's client answers, against DynamoDB Local: a seeded loop of
 * rounds, each a sequence of every operation the functions use (put, get, update, a failed condition, batch write and
 * get, query page by page and through the paginator, a cancelled and a committed transaction, transactional get,
 * delete) over random items of every attribute kind, run once through the SDK's client and — after the round's items
 * are deleted — once through {@link LeanDynamoDb}; each answer (or exception) is compared field by field.
 */
class LeanDynamoDbIT {

    private static final int ROUNDS = 25;
    /** Numbers as DynamoDB takes them: big, negative, with exponents, trailing zeros (kept as text, never a double). */
    private static final List<String> NUMBERS = List.of("0", "-0.5", "1E+10", "-3e-7", "1.5E2", "12345678901234567890123456789012345678",
            "-99999999999999999999999999999999999999", "0.00000000000000000000000000000000000001", "7.000", "100");
    private static final String ALPHABET = "abcXYZ019 -_.~#:/é日本🙂\"\\\n\t";

    static String tableName;
    static DynamoDbClient sdk;
    static DynamoDbClient lean;

    @BeforeAll
    static void start() {
        LocalEnvironment env = LocalEnvironment.shared();
        Config config = env.functionConfig("TenantsFunction");
        AwsClients aws = new AwsClients(config);
        tableName = env.resources().tables().get("Table");
        sdk = aws.configure(DynamoDbClient.builder(), "DYNAMODB_ENDPOINT").build();
        lean = aws.dynamoDb();
        assertInstanceOf(LeanDynamoDb.class, lean);
    }

    @AfterAll
    static void stop() {
        sdk.close();
    }

    @Test
    void everyOperationAnswersExactlyAsTheSdksClientDoesOverSeededRandomItems() {
        Random random = new Random(20261204);
        int compared = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String pk = "leanit#" + System.nanoTime() + "#" + round;
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Map<String, AttributeValue> item = randomItem(random, 3);
                item.put("PK", AttributeValue.fromS(pk));
                item.put("SK", AttributeValue.fromS("item#" + i));
                items.add(item);
            }
            ReturnConsumedCapacity capacity = random.nextBoolean() ? ReturnConsumedCapacity.TOTAL : ReturnConsumedCapacity.NONE;
            List<Object> bySdk = round(sdk, pk, items, capacity);
            deleteAll(pk);
            List<Object> byLean = round(lean, pk, items, capacity);
            deleteAll(pk);
            assertEquals(bySdk.size(), byLean.size());
            for (int i = 0; i < bySdk.size(); i++) {
                assertEquals(fields(bySdk.get(i)), fields(byLean.get(i)), "round " + round + ", step " + i);
                compared++;
            }
        }
        assertTrue(compared >= ROUNDS * 12, "compared " + compared);
    }

    /**
     * The raw path's own JSON of attribute values ({@link LeanDynamoDb#writeItem}/{@link LeanDynamoDb#readItem}) over
     * seeded random items of every kind: an item written raw is stored exactly as the SDK's client stores it, and an item
     * read raw equals the SDK client's read of it. The seed is in every failure message.
     */
    @Test
    void anItemWrittenRawIsStoredAsTheSdkStoresItAndReadsBackAsTheSdkReadsIt() {
        long seed = 20261204L;
        Random random = new Random(seed);
        String pk = "rawtrip#" + System.nanoTime();
        for (int i = 0; i < 200; i++) {
            Map<String, AttributeValue> item = LeanDynamoDbIT.randomItem(random, 3);
            item.put("number", AttributeValue.fromN(NUMBERS.get(random.nextInt(NUMBERS.size()))));
            item.put("numberSet", AttributeValue.fromNs(List.of(NUMBERS.get(i % NUMBERS.size()), "42")));
            Map<String, AttributeValue> byRaw = new java.util.HashMap<>(item);
            byRaw.putAll(skey(pk, "raw#" + i));
            Map<String, AttributeValue> bySdk = new java.util.HashMap<>(item);
            bySdk.putAll(skey(pk, "sdk#" + i));
            ((LeanDynamoDb) lean).writeRaw(tableName, new Write.Put(byRaw), false, true);
            sdk.putItem(b -> b.tableName(tableName).item(bySdk));

            Map<String, AttributeValue> storedRaw = sdkGet(pk, "raw#" + i);
            Map<String, AttributeValue> storedSdk = sdkGet(pk, "sdk#" + i);
            String where = "seed " + seed + ", item " + i + ": " + item;
            assertEquals(withoutKey(storedSdk), withoutKey(storedRaw), where);
            assertEquals(storedSdk, ((LeanDynamoDb) lean).getItemRaw(tableName, skey(pk, "sdk#" + i), true, null).orElseThrow(), where);
            for (String sk : List.of("raw#" + i, "sdk#" + i)) {
                sdk.deleteItem(b -> b.tableName(tableName).key(skey(pk, sk)));
            }
        }
    }

    private static Map<String, AttributeValue> sdkGet(String pk, String sk) {
        return sdk.getItem(b -> b.tableName(tableName).key(skey(pk, sk)).consistentRead(true)).item();
    }

    private static Map<String, AttributeValue> withoutKey(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> m = new java.util.HashMap<>(item);
        m.remove("SK");
        return m;
    }

    private static Map<String, AttributeValue> skey(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk));
    }

    /** One round of calls through {@code db}: each step's answer, made comparable (exceptions by their details). */
    private static List<Object> round(DynamoDbClient db, String pk, List<Map<String, AttributeValue>> items, ReturnConsumedCapacity capacity) {
        List<Object> out = new ArrayList<>();
        Map<String, AttributeValue> a = items.get(0);
        Map<String, AttributeValue> keyA = key(pk, 0);
        out.add(db.putItem(b -> b.tableName(tableName).item(a).returnValues(ReturnValue.ALL_OLD).returnConsumedCapacity(capacity)));
        Map<String, AttributeValue> a2 = new LinkedHashMap<>(items.get(1));
        a2.putAll(keyA);
        out.add(db.putItem(b -> b.tableName(tableName).item(a2).returnValues(ReturnValue.ALL_OLD).returnConsumedCapacity(capacity)));
        out.add(db.getItem(b -> b.tableName(tableName).key(keyA).consistentRead(true).returnConsumedCapacity(capacity)));
        out.add(db.getItem(b -> b.tableName(tableName).key(key(pk, 99)).consistentRead(true)));
        out.add(db.updateItem(b -> b.tableName(tableName).key(keyA)
                .updateExpression("SET #t = :t, #e = :e ADD #c :one REMOVE #gone")
                .expressionAttributeNames(Map.of("#t", "touched", "#e", "emptyString", "#c", "count", "#gone", "nested0"))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true), ":e", AttributeValue.fromS(""), ":one", AttributeValue.fromN("1")))
                .returnValues(ReturnValue.ALL_NEW).returnConsumedCapacity(capacity)));
        out.add(failure(() -> db.putItem(b -> b.tableName(tableName).item(a).conditionExpression("attribute_not_exists(PK)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))));
        out.add(failure(() -> db.getItem(b -> b.tableName(tableName).key(Map.of("PK", AttributeValue.fromS(pk))))));
        List<WriteRequest> writes = items.subList(1, items.size()).stream()
                .map(i -> WriteRequest.builder().putRequest(PutRequest.builder().item(i).build()).build()).toList();
        out.add(db.batchWriteItem(b -> b.requestItems(Map.of(tableName, writes)).returnConsumedCapacity(capacity)));
        List<Map<String, AttributeValue>> keys = List.of(key(pk, 0), key(pk, 2), key(pk, 3), key(pk, 42));
        var got = db.batchGetItem(b -> b.requestItems(Map.of(tableName, KeysAndAttributes.builder().keys(keys).consistentRead(true).build())));
        out.add(new HashSet<>(got.responses().get(tableName))); // the order of a batch's items is not DynamoDB's promise
        out.add(got.unprocessedKeys());
        QueryResponse page = db.query(b -> b.tableName(tableName).keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))).limit(2).returnConsumedCapacity(capacity));
        out.add(page);
        out.add(db.query(b -> b.tableName(tableName).keyConditionExpression("PK = :pk").exclusiveStartKey(page.lastEvaluatedKey())
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))).limit(2).scanIndexForward(false)));
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        db.queryPaginator(b -> b.tableName(tableName).keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))).limit(4)).items().forEach(all::add);
        out.add(all);
        out.add(failure(() -> db.transactWriteItems(b -> b.transactItems(
                t -> t.update(u -> u.tableName(tableName).key(key(pk, 2)).updateExpression("SET v = :v")
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1")))),
                t -> t.conditionCheck(c -> c.tableName(tableName).key(keyA).conditionExpression("attribute_not_exists(PK)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))))));
        out.add(db.transactWriteItems(b -> b.returnConsumedCapacity(capacity).transactItems(
                t -> t.update(u -> u.tableName(tableName).key(key(pk, 2)).updateExpression("SET v = :v")
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1")))),
                t -> t.delete(d -> d.tableName(tableName).key(key(pk, 3))),
                t -> t.conditionCheck(c -> c.tableName(tableName).key(keyA).conditionExpression("attribute_exists(PK)")))));
        out.add(db.transactGetItems(b -> b.transactItems(t -> t.get(g -> g.tableName(tableName).key(keyA)),
                t -> t.get(g -> g.tableName(tableName).key(key(pk, 2))), t -> t.get(g -> g.tableName(tableName).key(key(pk, 3))))));
        out.add(db.deleteItem(b -> b.tableName(tableName).key(keyA).returnValues(ReturnValue.ALL_OLD).returnConsumedCapacity(capacity)));
        return out;
    }

    private static Object fields(Object answer) {
        return SdkAnswers.fields(answer);
    }

    /** An exception, made comparable: its type, status, code, message and members. */
    private static List<Object> failure(Runnable call) {
        return SdkAnswers.failure(call, e -> e instanceof ConditionalCheckFailedException c ? java.util.Collections.singletonList(c.item())
                : e instanceof TransactionCanceledException t ? List.of(t.cancellationReasons()) : List.of());
    }

    private static void deleteAll(String pk) {
        for (int i = 0; i < 6; i++) {
            Map<String, AttributeValue> k = key(pk, i);
            sdk.deleteItem(b -> b.tableName(tableName).key(k));
        }
    }

    private static Map<String, AttributeValue> key(String pk, int i) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS("item#" + i));
    }

    /** An item with attributes of every kind, nested maps and lists {@code depth} deep. */
    static Map<String, AttributeValue> randomItem(Random random, int depth) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        int n = 1 + random.nextInt(9);
        for (int i = 0; i < n; i++) {
            item.put((i == 0 ? "nested" : "a") + i, randomValue(random, depth));
        }
        return item;
    }

    private static AttributeValue randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 11 : 9);
        return switch (kind) {
            case 0 -> AttributeValue.fromS(randomString(random));
            case 1 -> AttributeValue.fromN(randomNumber(random));
            case 2 -> AttributeValue.fromB(randomBytes(random));
            case 3 -> AttributeValue.fromSs(distinct(random, r -> randomString(r) + "!"));
            case 4 -> AttributeValue.fromNs(distinct(random, r -> Integer.toString(r.nextInt(1_000_000) - 500_000)));
            case 5 -> AttributeValue.fromBs(distinct(random, r -> SdkBytes.fromByteArray(new byte[] {(byte) r.nextInt(256), (byte) r.nextInt(256)}))
                    .stream().distinct().toList());
            case 6 -> AttributeValue.fromNul(true);
            case 7 -> AttributeValue.fromBool(random.nextBoolean());
            case 8 -> AttributeValue.fromS("");
            case 9 -> AttributeValue.fromM(randomItem(random, depth - 1));
            default -> {
                List<AttributeValue> l = new ArrayList<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    l.add(randomValue(random, depth - 1));
                }
                yield AttributeValue.fromL(l);
            }
        };
    }

    private static <T> List<T> distinct(Random random, Function<Random, T> one) {
        LinkedHashSet<T> out = new LinkedHashSet<>();
        int size = 1 + random.nextInt(4);
        while (out.size() < size) {
            out.add(one.apply(random));
        }
        return new ArrayList<>(out);
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(20);
        int[] cps = ALPHABET.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        return s.toString();
    }

    private static String randomNumber(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> "-" + random.nextInt(1000) + "." + random.nextInt(1000);
            case 2 -> "0.000" + (1 + random.nextInt(99));
            default -> "1" + "0".repeat(random.nextInt(30));
        };
    }

    private static SdkBytes randomBytes(Random random) {
        byte[] b = new byte[1 + random.nextInt(40)];
        random.nextBytes(b);
        return SdkBytes.fromByteArray(b);
    }
}
