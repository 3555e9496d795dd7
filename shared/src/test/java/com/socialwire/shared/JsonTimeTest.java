package com.socialwire.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.socialwire.shared.accounts.AccountRecords;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.security.ApiKeyStore;
import com.socialwire.shared.tenants.Tenant;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link JsonTime} against what it replaces: the same mapper with jsr310's JavaTimeModule registered
 * over it (registered last, so its Instant (de)serialisers win). Records with Instants, seeded random
 * Instants, and the inputs jsr310 accepted or refused give the same bytes and the same values.
 */
class JsonTimeTest {

    private static final long SEED = Long.getLong("seed", 20261204L);

    /** The mapper as it was: Json's configuration with jsr310's Instant handling. */
    private static final ObjectMapper JSR310 = Json.mapper().copy().registerModule(new JavaTimeModule());
    private static final ObjectMapper OURS = Json.mapper();

    /** Records our stores write and the API answers, with Instant fields; function modules' records are built the same way. */
    private static final List<Class<? extends Record>> RECORDS = List.of(Tenant.class, Ledger.Entry.class,
            AccountRecords.AccountProfile.class, ApiKeyStore.ApiKey.class, Stamps.class);

    /** Instants where a record can hold them: a field, a list, map values and map keys. */
    record Stamps(Instant at, List<Instant> history, Map<String, Instant> byName, Map<Instant, String> byTime) {
    }

    @Test
    void theReferenceMapperReallyUsesJsr310() throws Exception {
        assertTrue(JSR310.getSerializerProviderInstance().findValueSerializer(Instant.class).getClass().getName().contains("jsr310"));
        assertTrue(!OURS.getSerializerProviderInstance().findValueSerializer(Instant.class).getClass().getName().contains("jsr310"));
    }

    @Test
    void everyRecordWithInstantsWritesTheSameBytesAndReadsBackTheSameValue() throws Exception {
        Random random = new Random(SEED);
        for (int i = 0; i < 300; i++) {
            for (Class<? extends Record> type : RECORDS) {
                Object value = generate(type, type, random);
                String context = "seed " + SEED + ", round " + i + ", " + type.getSimpleName() + ": " + value;
                byte[] ours = OURS.writeValueAsBytes(value);
                assertArrayEquals(JSR310.writeValueAsBytes(value), ours, context);
                assertEquals(value, OURS.readValue(ours, type), context);
                assertEquals(JSR310.readValue(ours, type), OURS.readValue(ours, type), context);
                // through a tree and back, as stores and HttpApi do (valueToTree / convertValue)
                JsonNode tree = OURS.valueToTree(value);
                assertEquals(JSR310.valueToTree(value), tree, context);
                assertEquals(value, OURS.convertValue(tree, type), context);
            }
        }
    }

    @Test
    void readsWhatJsr310ReadAndRefusesWhatItRefused() throws Exception {
        List<String> inputs = new ArrayList<>(List.of(
                "\"2026-12-04T15:20:13Z\"", "\"2026-12-04T15:20:13.123456789Z\"", "\"2026-12-04T15:20:13.1Z\"",
                "\"2026-12-04T15:20:13+00:00\"", "\"2026-12-04T15:20:13+0000\"", "\"2026-12-04T15:20:13+00\"",
                "\"2026-12-04T15:20:13+00:\"", "\"2026-12-04T15:20:13+01:00\"", "\"2026-12-04T15:20:13-05:30\"",
                "\"2026-12-04T15:20:13.5+02:00\"", "\"  2026-12-04T15:20:13Z  \"", "\"2026-12-04T15:20:13z\"",
                "\"2026-12-04T15:20Z\"", "\"2026-12-04\"", "\"2026-12-04T15:20:13\"", "\"+2026-12-04T15:20:13Z\"",
                "\"-0001-01-01T00:00:00Z\"", "\"+1000000000-12-31T23:59:59.999999999Z\"",
                "\"\"", "\"   \"", "null", "\"null\"", "\"yesterday\"", "\"1764861613\"", "\"-1764861613\"",
                "\"1764861613.5\"", "\"1764861613.123456789123\"", "\"1.2.3\"", "\"-\"", "\".\"", "\"+5\"", "\"1e9\"",
                "\"99999999999999999999\"", "1764861613", "-1", "0", "1764861613.25", "-1.5", "0.0000000001",
                "1e3", "1.5e-3", "9223372036854775807", "99999999999999999999", "1e400", "true", "{}", "[]",
                "[\"2026-12-04T15:20:13Z\"]", "{\"at\":\"2026-12-04T15:20:13Z\"}"));
        inputs.add("\"" + "1".repeat(2000) + "\"");
        for (String input : inputs) {
            String json = "{\"at\":" + input + "}";
            assertSameOutcome(json, Stamps.class);
            assertSameOutcome("{\"byTime\":{" + (input.startsWith("\"") ? input : "\"" + input + "\"") + ":\"x\"}}", Stamps.class);
        }
    }

    @Test
    void seededRandomInstantsAndTheirNumericAndOffsetFormsReadTheSame() throws Exception {
        Random random = new Random(SEED);
        for (int i = 0; i < 2000; i++) {
            Instant at = randomInstant(random);
            String offset = String.format("%+03d:%02d", random.nextInt(-12, 15), random.nextInt(4) * 15);
            for (String input : List.of(
                    "\"" + at + "\"",
                    "\"" + at.toString().replace("Z", "+00:00") + "\"",
                    Long.toString(at.getEpochSecond()),
                    "\"" + at.getEpochSecond() + "\"",
                    at.getEpochSecond() + "." + String.format("%09d", at.getNano()),
                    "\"" + at.getEpochSecond() + "." + String.format("%09d", at.getNano()) + "\"")) {
                String json = "{\"at\":" + input + "}";
                String context = "seed " + SEED + ", round " + i + ": " + json;
                assertEquals(JSR310.readValue(json, Stamps.class), OURS.readValue(json, Stamps.class), context);
            }
            // another offset: OffsetDateTime drops zero seconds ("08:35-02:30"), which both refuse
            assertSameOutcome("{\"at\":\"" + at.atOffset(java.time.ZoneOffset.of(offset)) + "\"}", Stamps.class);
            assertEquals(JSR310.writeValueAsString(at), OURS.writeValueAsString(at), "seed " + SEED + ", round " + i);
        }
    }

    private static void assertSameOutcome(String json, Class<?> type) {
        Object expected;
        try {
            expected = JSR310.readValue(json, type);
        } catch (Exception e) {
            try {
                Object got = OURS.readValue(json, type);
                fail(json + ": jsr310 refused it (" + e.getClass().getSimpleName() + ") but JsonTime read " + got);
            } catch (Exception refused) {
                return; // both refuse
            }
            return;
        }
        try {
            assertEquals(expected, OURS.readValue(json, type), json);
        } catch (Exception e) {
            fail(json + ": jsr310 read " + expected + " but JsonTime refused it: " + e);
        }
    }

    private static Instant randomInstant(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L)); // 1970..2100, whole seconds
            case 1 -> Instant.ofEpochMilli(random.nextLong(0, 4_102_444_800_000L));
            case 2 -> Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(1_000_000_000));
            default -> Instant.ofEpochSecond(random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                    random.nextInt(1_000_000_000));
        };
    }

    /** A value of {@code type} with every component filled (Instants sometimes null), recursively. */
    private static Object generate(Type type, Class<?> raw, Random random) throws Exception {
        if (raw == Instant.class) {
            return random.nextInt(8) == 0 ? null : randomInstant(random);
        }
        if (raw == String.class) {
            return random.nextInt(10) == 0 ? null : "s" + Long.toString(random.nextLong(), 36);
        }
        if (raw == long.class || raw == Long.class) {
            return random.nextLong();
        }
        if (raw == int.class || raw == Integer.class) {
            return random.nextInt();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return random.nextBoolean();
        }
        if (raw == BigDecimal.class) {
            return BigDecimal.valueOf(random.nextLong(1_000_000), random.nextInt(5));
        }
        if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants[random.nextInt(constants.length)];
        }
        if (List.class.isAssignableFrom(raw) || java.util.Set.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            java.util.Collection<Object> out = List.class.isAssignableFrom(raw) ? new ArrayList<>() : new LinkedHashSet<>();
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                Object v = generate(element, rawOf(element), random);
                if (v != null) {
                    out.add(v);
                }
            }
            return out;
        }
        if (Map.class.isAssignableFrom(raw)) {
            Type[] args = ((ParameterizedType) type).getActualTypeArguments();
            Map<Object, Object> out = new LinkedHashMap<>();
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                Object k = generate(args[0], rawOf(args[0]), random);
                Object v = generate(args[1], rawOf(args[1]), random);
                if (k != null && v != null) {
                    out.put(k, v);
                }
            }
            return out;
        }
        if (raw.isRecord()) {
            RecordComponent[] components = raw.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = generate(components[i].getGenericType(), types[i], random);
            }
            Constructor<?> c = raw.getDeclaredConstructor(types);
            c.setAccessible(true);
            return c.newInstance(values);
        }
        throw new IllegalArgumentException("no generator for " + type);
    }

    private static Class<?> rawOf(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }
}
