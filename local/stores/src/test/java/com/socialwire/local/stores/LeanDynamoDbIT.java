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
 * written raw are stored as the SDK stores them, and read raw as the SDK reads them (a seeded loop of random items).
 * The raw operations themselves run against DynamoDB Local in every store's IT (ledger, idempotency, indexes, ...).
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
            lean.writeRaw(tableName, new Write.Put(byRaw), false, true);
            sdk.putItem(b -> b.tableName(tableName).item(bySdk));

            Map<String, AttributeValue> storedRaw = sdkGet(pk, "raw#" + i);
            Map<String, AttributeValue> storedSdk = sdkGet(pk, "sdk#" + i);
            String where = "seed " + seed + ", item " + i + ": " + item;
            assertEquals(withoutKey(storedSdk), withoutKey(storedRaw), where);
            assertEquals(storedSdk, lean.getItemRaw(tableName, skey(pk, "sdk#" + i), true, null).orElseThrow(), where);
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
