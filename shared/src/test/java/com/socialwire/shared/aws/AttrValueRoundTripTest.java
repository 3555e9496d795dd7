package com.socialwire.shared.aws;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Write;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Our {@link AttrValue} against the SDK's {@code AttributeValue} over seeded random items of every kind (strings with
 * escapes and astral characters, numbers big, negative, decimal and with exponents as text, binaries, string, number
 * and binary sets, NULL, booleans, maps and lists nested three deep, empty ones too), each built twice from the same
 * random draws, once of each type: the conversions are exact both ways; {@link LeanDynamoDb}'s wire writer puts the
 * bytes on the wire that the SDK model's own marshalling ({@link AwsJson}, driven by the SDK's SdkField metadata) puts
 * there for the SDK's item, and its reader reads back our item from them; equality and hash codes agree with the SDK's.
 * The seed is in every failure message.
 */
class AttrValueRoundTripTest {

    private static final long SEED = 20261205L;
    private static final int ITEMS = 1_500;
    private static final List<String> NUMBERS = List.of("0", "-0.5", "1E+10", "-3e-7", "1.5E2", "12345678901234567890123456789012345678",
            "-99999999999999999999999999999999999999", "0.00000000000000000000000000000000000001", "7.000", "100", "-0");
    private static final int[] ALPHABET = "abcXYZ019 -_.~#:/é日本🙂\"\\\n\t\u0000\u001f".codePoints().toArray();

    /** One value of each type, from the same draws. */
    private record Pair(AttrValue ours, AttributeValue sdk) {
    }

    private record Items(Map<String, AttrValue> ours, Map<String, AttributeValue> sdk) {
    }

    @Test
    void everyKindConvertsToAndFromTheSdksTypeAndCrossesTheWireAsTheSdkWritesIt() throws IOException {
        Random random = new Random(SEED);
        Items previous = null;
        Set<Type> seen = new LinkedHashSet<>();
        for (int i = 0; i < ITEMS; i++) {
            Items item = randomItem(random, 3);
            String where = "seed " + SEED + ", item " + i + ": " + item.ours();
            item.ours().values().forEach(v -> kinds(v, seen));

            assertEquals(item.sdk(), AttrValue.toSdk(item.ours()), where);
            assertEquals(item.ours(), AttrValue.fromSdk(item.sdk()), where);
            assertEquals(item.ours().hashCode(), AttrValue.fromSdk(item.sdk()).hashCode(), where);

            byte[] ours = body(item.ours());
            byte[] sdk = AwsJson.write(PutItemRequest.builder().tableName("T").item(item.sdk()).build());
            assertEquals(new String(sdk, StandardCharsets.UTF_8), new String(ours, StandardCharsets.UTF_8), where);
            assertEquals(item.ours(), readItem(sdk), where);
            PutItemRequest back = AwsJson.read(ours, PutItemRequest.builder());
            assertEquals(item.sdk(), back.item(), where);

            if (previous != null) {
                assertEquals(previous.sdk().equals(item.sdk()), previous.ours().equals(item.ours()), where);
            }
            previous = item;
        }
        assertEquals(Set.of(Type.values()), seen, "every kind was drawn");
    }

    @Test
    void equalValuesAreEqualAndHashAlikeAndValuesOfAnotherKindOrContentAreNot() {
        assertEquals(AttrValue.fromB(new byte[] {1, 2}), AttrValue.fromB(new byte[] {1, 2}));
        assertEquals(AttrValue.fromB(new byte[] {1, 2}).hashCode(), AttrValue.fromB(new byte[] {1, 2}).hashCode());
        assertEquals(AttrValue.fromBs(List.of(new byte[] {1})), AttrValue.fromBs(List.of(new byte[] {1})));
        assertNotEquals(AttrValue.fromBs(List.of(new byte[] {1})), AttrValue.fromBs(List.of(new byte[] {2})));
        assertNotEquals(AttrValue.fromS("1"), AttrValue.fromN("1"));
        assertNotEquals(AttrValue.fromSs(List.of("1")), AttrValue.fromNs(List.of("1")));
        assertNotEquals(AttrValue.fromL(List.of()), AttrValue.fromM(Map.of()));
        assertEquals(Map.of("k", AttrValue.fromS("v")), Map.of("k", AttrValue.fromS("v")));
        Map<String, AttrValue> m = new LinkedHashMap<>();
        m.put("a", AttrValue.fromN("1"));
        m.put("b", AttrValue.fromB(new byte[] {0, (byte) 255}));
        assertEquals("AttrValue(M={a=AttrValue(N=1), b=AttrValue(B=0x00ff)})", AttrValue.fromM(m).toString());
        // as the SDK's accessors: another kind's scalar is null, its collection empty and not "had"
        AttrValue s = AttrValue.fromS("x");
        assertEquals(List.of(), s.l());
        assertEquals(Map.of(), s.m());
        assertEquals(false, s.hasL() || s.hasM() || s.hasSs() || s.hasNs() || s.hasBs());
        assertEquals(null, s.n());
        assertEquals(null, s.b());
        assertEquals(true, AttrValue.fromL(List.of()).hasL());
        // immutable: what a caller changes afterwards is not in the value
        byte[] bytes = {1};
        AttrValue b = AttrValue.fromB(bytes);
        bytes[0] = 9;
        b.b()[0] = 9;
        assertEquals(AttrValue.fromB(new byte[] {1}), b);
        List<AttrValue> list = new ArrayList<>(List.of(s));
        AttrValue l = AttrValue.fromL(list);
        list.clear();
        assertEquals(List.of(s), l.l());
    }

    private static byte[] body(Map<String, AttrValue> item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var g = AwsJson.generator(out)) {
            g.writeStartObject();
            g.writeStringField("TableName", "T");
            g.writeFieldName("Item");
            LeanDynamoDb.writeItem(g, item);
            g.writeEndObject();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    /** The item of a PutItem body, read with LeanDynamoDb's reader. */
    private static Map<String, AttrValue> readItem(byte[] body) throws IOException {
        try (JsonParser p = AwsJson.parser(body)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("Item")) {
                    return LeanDynamoDb.readItem(p);
                }
                p.skipChildren();
            }
        }
        throw new AssertionError("no Item in " + new String(body, StandardCharsets.UTF_8));
    }

    private enum Type { S, N, B, SS, NS, BS, NUL, BOOL, M, L, EMPTY_M, EMPTY_L }

    private static void kinds(AttrValue v, Set<Type> seen) {
        seen.add(v.hasM() && v.m().isEmpty() ? Type.EMPTY_M : v.hasL() && v.l().isEmpty() ? Type.EMPTY_L : Type.valueOf(v.type().name()));
        v.m().values().forEach(x -> kinds(x, seen));
        v.l().forEach(x -> kinds(x, seen));
    }

    private static Items randomItem(Random random, int depth) {
        Map<String, AttrValue> ours = new LinkedHashMap<>();
        Map<String, AttributeValue> sdk = new LinkedHashMap<>();
        int n = random.nextInt(depth == 3 ? 9 : 4) + (depth == 3 ? 1 : 0);
        for (int i = 0; i < n; i++) {
            String name = randomString(random) + i;
            Pair v = randomValue(random, depth);
            ours.put(name, v.ours());
            sdk.put(name, v.sdk());
        }
        return new Items(ours, sdk);
    }

    private static Pair randomValue(Random random, int depth) {
        switch (random.nextInt(depth > 0 ? 10 : 8)) {
            case 0 -> {
                String s = randomString(random);
                return new Pair(AttrValue.fromS(s), AttributeValue.fromS(s));
            }
            case 1 -> {
                String n = randomNumber(random);
                return new Pair(AttrValue.fromN(n), AttributeValue.fromN(n));
            }
            case 2 -> {
                byte[] b = randomBytes(random);
                return new Pair(AttrValue.fromB(b), AttributeValue.fromB(SdkBytes.fromByteArray(b)));
            }
            case 3 -> {
                List<String> ss = new ArrayList<>();
                int size = 1 + random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    ss.add(randomString(random) + i);
                }
                return new Pair(AttrValue.fromSs(ss), AttributeValue.fromSs(ss));
            }
            case 4 -> {
                List<String> ns = new ArrayList<>();
                int size = 1 + random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    ns.add(i + randomNumber(random).replace("-", ""));
                }
                return new Pair(AttrValue.fromNs(ns), AttributeValue.fromNs(ns));
            }
            case 5 -> {
                List<byte[]> ours = new ArrayList<>();
                List<SdkBytes> sdk = new ArrayList<>();
                int size = 1 + random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    byte[] b = randomBytes(random);
                    ours.add(b);
                    sdk.add(SdkBytes.fromByteArray(b));
                }
                return new Pair(AttrValue.fromBs(ours), AttributeValue.fromBs(sdk));
            }
            case 6 -> {
                return new Pair(AttrValue.fromNul(true), AttributeValue.fromNul(true));
            }
            case 7 -> {
                boolean b = random.nextBoolean();
                return new Pair(AttrValue.fromBool(b), AttributeValue.fromBool(b));
            }
            case 8 -> {
                Items m = randomItem(random, depth - 1);
                return new Pair(AttrValue.fromM(m.ours()), AttributeValue.fromM(m.sdk()));
            }
            default -> {
                List<AttrValue> ours = new ArrayList<>();
                List<AttributeValue> sdk = new ArrayList<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    Pair v = randomValue(random, depth - 1);
                    ours.add(v.ours());
                    sdk.add(v.sdk());
                }
                return new Pair(AttrValue.fromL(ours), AttributeValue.fromL(sdk));
            }
        }
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return s.toString();
    }

    /** Numbers as DynamoDB takes them, as text: big, negative, decimal, with exponents and trailing zeros. */
    private static String randomNumber(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> "-" + random.nextInt(1000) + "." + random.nextInt(1000);
            case 2 -> "0.000" + (1 + random.nextInt(99));
            case 3 -> "1" + "0".repeat(random.nextInt(37));
            default -> NUMBERS.get(random.nextInt(NUMBERS.size()));
        };
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(40)];
        random.nextBytes(b);
        return b;
    }
}
