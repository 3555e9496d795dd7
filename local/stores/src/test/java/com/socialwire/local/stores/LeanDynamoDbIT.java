package com.socialwire.local.stores;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Write;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import com.socialwire.shared.store.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The functions' raw DynamoDB path against DynamoDB Local and the SDK's own client: attribute values of every kind
 * written raw (our {@link AttrValue}) are stored as the SDK stores its {@code AttributeValue}, read raw as the SDK reads
 * them, and every raw operation the stores use answers as the SDK's client does (seeded loops of random items, drawn as
 * the SDK's values and converted with {@link AttrValue#fromSdk}, which AttrValueRoundTripTest holds exact).
 */
class LeanDynamoDbIT {

    /** Numbers as DynamoDB takes them: big, negative, with exponents, trailing zeros (kept as text, never a double). */
    private static final List<String> NUMBERS = List.of("0", "-0.5", "1E+10", "-3e-7", "1.5E2", "12345678901234567890123456789012345678",
            "-99999999999999999999999999999999999999", "0.00000000000000000000000000000000000001", "7.000", "100");
    private static final String ALPHABET = "abcXYZ019 -_.~#:/é日本🙂\"\\\n\t";

    static String tableName;
    static DynamoDbClient sdk;
    static LeanDynamoDb lean;

    @BeforeAll
    static void start() {
        LocalEnvironment env = LocalEnvironment.shared();
        Config config = env.functionConfig("TenantsFunction");
        AwsClients aws = new AwsClients(config);
        tableName = env.resources().tables().get("Table");
        sdk = aws.dynamoDbSdk();
        lean = aws.dynamoDb();
    }

    @AfterAll
    static void stop() {
        sdk.close();
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
            lean.writeRaw(tableName, new Write.Put(AttrValue.fromSdk(byRaw)), false, true);
            sdk.putItem(b -> b.tableName(tableName).item(bySdk));

            Map<String, AttributeValue> storedRaw = sdkGet(pk, "raw#" + i);
            Map<String, AttributeValue> storedSdk = sdkGet(pk, "sdk#" + i);
            String where = "seed " + seed + ", item " + i + ": " + item;
            assertEquals(withoutKey(storedSdk), withoutKey(storedRaw), where);
            assertEquals(AttrValue.fromSdk(storedSdk), lean.getItemRaw(tableName, Table.key(pk, "sdk#" + i), true, null).orElseThrow(), where);
            for (String sk : List.of("raw#" + i, "sdk#" + i)) {
                sdk.deleteItem(b -> b.tableName(tableName).key(skey(pk, sk)));
            }
        }
    }

    /**
     * Each raw operation the stores use answers what the SDK's client answers on DynamoDB Local (a seeded loop of rounds
     * over random items, run once through the SDK's client and, after the round's items are deleted, once raw): the
     * item after an update, a read, a failed condition (the SDK's exception with the old item), a batch read with a
     * missing key, a query page by page, a cancelled transaction with its reasons, a committed one and a transactional
     * read, a delete.
     */
    @Test
    void theRawOperationsAnswerAsTheSdksClientDoesOverSeededRandomItems() {
        long seed = 20261205L;
        Random random = new Random(seed);
        for (int round = 0; round < 15; round++) {
            String pk = "rawops#" + System.nanoTime() + "#" + round;
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Map<String, AttributeValue> item = randomItem(random, 3);
                item.putAll(skey(pk, "item#" + i));
                items.add(item);
            }
            List<Object> bySdk = sdkRound(pk, items);
            deleteAll(pk);
            List<Object> byRaw = rawRound(pk, items.stream().map(AttrValue::fromSdk).toList());
            deleteAll(pk);
            assertEquals(bySdk.size(), byRaw.size());
            for (int i = 0; i < bySdk.size(); i++) {
                assertEquals(bySdk.get(i), byRaw.get(i), "seed " + seed + ", round " + round + ", step " + i);
            }
        }
    }

    private static final String UPDATE = "SET #t = :t, #e = :e ADD #c :one REMOVE #gone";
    private static final Map<String, String> UPDATE_NAMES = Map.of("#t", "touched", "#e", "emptyString", "#c", "count", "#gone", "nested0");
    private static final Map<String, AttributeValue> UPDATE_VALUES = Map.of(":t", AttributeValue.fromBool(true), ":e", AttributeValue.fromS(""),
            ":one", AttributeValue.fromN("1"));

    private static List<Object> sdkRound(String pk, List<Map<String, AttributeValue>> items) {
        List<Object> out = new ArrayList<>();
        items.forEach(i -> sdk.putItem(b -> b.tableName(tableName).item(i)));
        out.add(AttrValue.fromSdk(sdk.updateItem(b -> b.tableName(tableName).key(skey(pk, "item#0")).updateExpression(UPDATE)
                .expressionAttributeNames(UPDATE_NAMES).expressionAttributeValues(UPDATE_VALUES).returnValues(ReturnValue.ALL_NEW)).attributes()));
        out.add(AttrValue.fromSdk(sdk.getItem(b -> b.tableName(tableName).key(skey(pk, "item#1")).consistentRead(true)).item()));
        out.add(failure(() -> sdk.putItem(b -> b.tableName(tableName).item(items.get(2)).conditionExpression("attribute_not_exists(PK)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))));
        out.add(new java.util.HashSet<>(ours(sdk.batchGetItem(b -> b.requestItems(Map.of(tableName, KeysAndAttributes.builder()
                .keys(skey(pk, "item#1"), skey(pk, "item#3"), skey(pk, "item#9")).build()))).responses().get(tableName))));
        var first = sdk.query(b -> b.tableName(tableName).keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))).limit(2));
        out.add(ours(first.items()));
        out.add(AttrValue.fromSdk(first.lastEvaluatedKey()));
        out.add(ours(sdk.query(b -> b.tableName(tableName).keyConditionExpression("PK = :pk").exclusiveStartKey(first.lastEvaluatedKey())
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))).scanIndexForward(false)).items()));
        out.add(failure(() -> sdk.transactWriteItems(b -> b.transactItems(
                t -> t.update(u -> u.tableName(tableName).key(skey(pk, "item#2")).updateExpression("SET v = :v")
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1")))),
                t -> t.conditionCheck(c -> c.tableName(tableName).key(skey(pk, "item#0")).conditionExpression("attribute_not_exists(PK)"))))));
        sdk.transactWriteItems(b -> b.transactItems(
                t -> t.update(u -> u.tableName(tableName).key(skey(pk, "item#2")).updateExpression("SET v = :v")
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1")))),
                t -> t.delete(d -> d.tableName(tableName).key(skey(pk, "item#3"))),
                t -> t.put(p -> p.tableName(tableName).item(items.get(4)).conditionExpression("attribute_exists(PK)")),
                t -> t.conditionCheck(c -> c.tableName(tableName).key(skey(pk, "item#0")).conditionExpression("attribute_exists(PK)"))));
        out.add(ours(sdk.transactGetItems(b -> b.transactItems(t -> t.get(g -> g.tableName(tableName).key(skey(pk, "item#2"))),
                t -> t.get(g -> g.tableName(tableName).key(skey(pk, "item#3"))))).responses().stream()
                .map(r -> r.hasItem() ? r.item() : Map.<String, AttributeValue>of()).toList()));
        sdk.deleteItem(b -> b.tableName(tableName).key(skey(pk, "item#1")));
        out.add(sdkGet(pk, "item#1"));
        return out;
    }

    /** Items the SDK's client answered, as the raw path answers them: ours (an exception's details stay the SDK's). */
    private static List<Map<String, AttrValue>> ours(List<Map<String, AttributeValue>> items) {
        return items.stream().map(AttrValue::fromSdk).toList();
    }

    private static List<Object> rawRound(String pk, List<Map<String, AttrValue>> items) {
        Table table = new Table(lean, tableName);
        List<Object> out = new ArrayList<>();
        items.forEach(i -> table.put(new Write.Put(i)));
        out.add(table.tryUpdate(new Write.Update(Table.key(pk, "item#0"), UPDATE, null, UPDATE_NAMES,
                AttrValue.fromSdk(UPDATE_VALUES))).item());
        out.add(table.get(pk, "item#1").orElseThrow());
        out.add(failure(() -> table.put(new Write.Put(items.get(2), "attribute_not_exists(PK)", Map.of(), Map.of()))));
        out.add(new java.util.HashSet<>(table.items(List.of(Table.key(pk, "item#1"), Table.key(pk, "item#3"), Table.key(pk, "item#9")))));
        LeanDynamoDb.RawPage first = table.queryPage(null, "PK = :pk", Map.of(), Map.of(":pk", AttrValue.fromS(pk)), 2, null, true);
        out.add(first.items());
        out.add(first.lastKey());
        out.add(table.queryPage(null, "PK = :pk", Map.of(), Map.of(":pk", AttrValue.fromS(pk)), null, first.lastKey(), false).items());
        out.add(failure(() -> table.transact(List.of(
                new Write.Update(Table.key(pk, "item#2"), "SET v = :v", null, Map.of(), Map.of(":v", AttrValue.fromN("1"))),
                new Write.Check(Table.key(pk, "item#0"), "attribute_not_exists(PK)", Map.of(), Map.of())))));
        table.transact(List.of(
                new Write.Update(Table.key(pk, "item#2"), "SET v = :v", null, Map.of(), Map.of(":v", AttrValue.fromN("1"))),
                new Write.Delete(Table.key(pk, "item#3")),
                new Write.Put(items.get(4), "attribute_exists(PK)", Map.of(), Map.of()),
                new Write.Check(Table.key(pk, "item#0"), "attribute_exists(PK)", Map.of(), Map.of())));
        out.add(table.transactGet(List.of(Table.key(pk, "item#2"), Table.key(pk, "item#3"))));
        table.delete(new Write.Delete(Table.key(pk, "item#1")));
        out.add(sdkGet(pk, "item#1"));
        return out;
    }

    /** An exception, made comparable (its details, the old item of a failed condition, a cancellation's reasons). */
    private static List<Object> failure(Runnable call) {
        return SdkAnswers.failure(call, e -> e instanceof ConditionalCheckFailedException c ? java.util.Collections.singletonList(c.item())
                : e instanceof TransactionCanceledException t ? List.of(t.cancellationReasons()) : List.of());
    }

    private static void deleteAll(String pk) {
        for (int i = 0; i < 5; i++) {
            Map<String, AttributeValue> k = skey(pk, "item#" + i);
            sdk.deleteItem(b -> b.tableName(tableName).key(k));
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
