package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Json's record codec against the ObjectMapper it replaces, for every record type in the functions' and shared
 * main code (found on the classpath): seeded random values give the same bytes, and the same JSON reads back as the
 * same value (stored documents written by the mapper stay readable). A record the codec cannot read (it holds a
 * service, a byte[], an interface) must be refused loudly, never read as something else than the mapper read.
 */
class RecordCodecEquivalenceTest {

    private static final long SEED = Long.getLong("seed", 20261204L);
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final int ROUNDS = 150;

    @Test
    void everyRecordWritesTheMappersBytesAndReadsBackTheMappersValue() throws Exception {
        List<Class<?>> records = mainRecords();
        assertTrue(records.size() > 80, "found only " + records.size() + " records: " + records);
        Random random = new Random(SEED);
        Set<String> compared = new TreeSet<>();
        Set<String> writeOnly = new TreeSet<>();
        Set<String> notJson = new TreeSet<>();
        for (Class<?> type : records) {
            if (!generatable(type, type, new LinkedHashSet<>())) {
                notJson.add(type.getName());
                assertReadsAsTheMapperOrRefusesLoudly("{}", type);
                continue;
            }
            boolean readable = true;
            for (int i = 0; i < ROUNDS; i++) {
                Object value = record(type, random);
                String context = "seed " + SEED + ", round " + i + ", " + type.getName() + ": " + value;
                byte[] expected = MAPPER.writeValueAsBytes(value);
                assertArrayEquals(expected, Json.bytes(value), () -> context + "\n mapper: " + new String(expected)
                        + "\n codec:  " + new String(Json.bytes(value)));
                assertEquals(MAPPER.writeValueAsString(value), Json.write(value), context);
                // through a tree, as HttpApi keeps a response for Idempotency-Key replays (the mapper's valueToTree)
                assertEquals(MAPPER.writeValueAsString(MAPPER.valueToTree(value)), Json.write(Json.toTree(value)), context);
                readable &= assertReadsAsTheMapperOrRefusesLoudly(new String(expected), type);
            }
            (readable ? compared : writeOnly).add(type.getName());
        }
        System.out.println("records compared both ways: " + compared.size() + ", written only (the mapper cannot read them"
                + " either, or they hold an interface): " + writeOnly + ", not JSON: " + notJson.size());
        assertTrue(compared.size() > 40, "compared " + compared);
    }

    /** The mapper's value for {@code json}, or (when the codec cannot read the type) the codec's loud refusal; never two different values. */
    private static boolean assertReadsAsTheMapperOrRefusesLoudly(String json, Class<?> type) {
        Object expected;
        try {
            expected = MAPPER.readValue(json, type);
        } catch (IOException mapperRefused) {
            try {
                Object got = Json.read(json, type);
                fail(type.getName() + " " + json + ": the mapper refused it (" + mapperRefused.getMessage() + ") but the codec read " + got);
            } catch (RuntimeException codecRefused) {
                return false;
            }
            return false;
        }
        Object got;
        try {
            got = Json.read(json, type);
        } catch (IllegalArgumentException loud) {
            return false; // a type the codec does not read: loud, and no main code reads it (their tests would fail)
        }
        assertEquals(expected, got, type.getName() + " " + json);
        return true;
    }

    @Test
    void documentsWithUnknownFieldsNullsAndMissingComponentsReadAsTheMapperReadThem() throws Exception {
        Random random = new Random(SEED + 1);
        for (Class<?> type : mainRecords()) {
            if (!generatable(type, type, new LinkedHashSet<>())) {
                continue;
            }
            for (int i = 0; i < 30; i++) {
                ObjectNode doc = (ObjectNode) MAPPER.valueToTree(record(type, random));
                List<String> names = new ArrayList<>();
                doc.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    switch (random.nextInt(4)) {
                        case 0 -> doc.remove(name); // an old item without a newer field
                        case 1 -> doc.putNull(name);
                        default -> { }
                    }
                }
                doc.put("someFieldFromTheFuture", "x");
                doc.putObject("nestedUnknown").putArray("a").add(1).addObject().put("b", true);
                assertReadsAsTheMapperOrRefusesLoudly(MAPPER.writeValueAsString(doc), type);
            }
        }
    }

    /** Every record class of the functions and shared (not local tools, benches or tests). */
    static List<Class<?>> mainRecords() throws IOException {
        List<Class<?>> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            List<String> names = new ArrayList<>();
            if (Files.isDirectory(path) && path.endsWith(Path.of("target", "classes")) && !entry.contains("/local/")
                    && !entry.contains("/bench/")) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.filter(f -> f.toString().endsWith(".class"))
                            .forEach(f -> names.add(path.relativize(f).toString()));
                }
            } else if (path.getFileName().toString().matches("socialwire-(shared|system|accounts|tenants|engagement|billing|posts|media)-.*\\.jar")) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        String n = e.nextElement().getName();
                        if (n.endsWith(".class")) {
                            names.add(n);
                        }
                    }
                }
            }
            for (String n : names) {
                String className = n.substring(0, n.length() - ".class".length()).replace('/', '.').replace('\\', '.');
                if (!className.startsWith("com.socialwire.")) {
                    continue;
                }
                try {
                    Class<?> c = Class.forName(className, false, RecordCodecEquivalenceTest.class.getClassLoader());
                    if (c.isRecord()) {
                        out.add(c);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // a class of an optional library's feature: not ours to test
                }
            }
        }
        return out;
    }

    /** Whether {@link #generate} can make every component of {@code type}. */
    private static boolean generatable(Type type, Class<?> raw, Set<Class<?>> seen) {
        if (raw == String.class || raw == Instant.class || raw == BigDecimal.class || raw == BigInteger.class
                || raw == Object.class || raw == JsonNode.class || raw.isEnum()
                || raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
                || raw == double.class || raw == Double.class || raw == boolean.class || raw == Boolean.class
                || raw == float.class || raw == Float.class || raw == short.class || raw == Short.class) {
            return true;
        }
        if (raw == List.class || raw == Set.class || raw == Collection.class) {
            return type instanceof ParameterizedType p && generatable(p.getActualTypeArguments()[0], rawOf(p.getActualTypeArguments()[0]), seen);
        }
        if (raw == Map.class) {
            return type instanceof ParameterizedType p && rawOf(p.getActualTypeArguments()[0]) == String.class
                    && generatable(p.getActualTypeArguments()[1], rawOf(p.getActualTypeArguments()[1]), seen);
        }
        if (raw.isRecord()) {
            if (!seen.add(raw)) {
                return true;
            }
            for (RecordComponent c : raw.getRecordComponents()) {
                if (!generatable(c.getGenericType(), c.getType(), seen)) {
                    return false;
                }
            }
            return true;
        }
        if (raw.isSealed()) {
            for (Class<?> sub : raw.getPermittedSubclasses()) {
                if (!generatable(sub, sub, seen)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** A random value of a record type (never null). */
    private static Object record(Class<?> type, Random random) throws Exception {
        Object value = null;
        while (value == null) {
            value = generate(type, type, random, 0);
        }
        return value;
    }

    private static Object generate(Type type, Class<?> raw, Random random, int depth) throws Exception {
        boolean nullable = !raw.isPrimitive() && random.nextInt(10) == 0;
        if (nullable) {
            return null;
        }
        if (raw == String.class) {
            return string(random);
        }
        if (raw == int.class || raw == Integer.class) {
            return random.nextBoolean() ? random.nextInt(100) : random.nextInt();
        }
        if (raw == long.class || raw == Long.class) {
            return random.nextBoolean() ? random.nextLong(1000) : random.nextLong();
        }
        if (raw == short.class || raw == Short.class) {
            return (short) random.nextInt();
        }
        if (raw == double.class || raw == Double.class) {
            return switch (random.nextInt(4)) {
                case 0 -> (double) random.nextInt(10);
                case 1 -> random.nextDouble();
                case 2 -> random.nextGaussian() * 1e12;
                default -> random.nextDouble() * 1e-9;
            };
        }
        if (raw == float.class || raw == Float.class) {
            return random.nextFloat();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return random.nextBoolean();
        }
        if (raw == BigDecimal.class) {
            return switch (random.nextInt(4)) {
                case 0 -> BigDecimal.valueOf(random.nextLong(1_000_000), random.nextInt(8));
                case 1 -> new BigDecimal(new BigInteger(90, random), random.nextInt(-5, 30));
                case 2 -> BigDecimal.valueOf(random.nextInt(100)).negate();
                default -> new BigDecimal("1.0");
            };
        }
        if (raw == BigInteger.class) {
            return new BigInteger(random.nextInt(1, 100), random);
        }
        if (raw == Instant.class) {
            return Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
        }
        if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants[random.nextInt(constants.length)];
        }
        if (raw == Object.class) {
            return untyped(random, depth);
        }
        if (raw == JsonNode.class) {
            return Json.tree(Json.write(untyped(random, depth)));
        }
        if (raw == List.class || raw == Set.class || raw == Collection.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            Collection<Object> out = raw == Set.class ? new LinkedHashSet<>() : new ArrayList<>();
            int n = depth > 3 ? 0 : random.nextInt(4);
            for (int i = 0; i < n; i++) {
                out.add(generate(element, rawOf(element), random, depth + 1));
            }
            return out;
        }
        if (raw == Map.class) {
            Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
            Map<Object, Object> out = new LinkedHashMap<>();
            int n = depth > 3 ? 0 : random.nextInt(4);
            for (int i = 0; i < n; i++) {
                out.put(string(random), generate(value, rawOf(value), random, depth + 1));
            }
            return out;
        }
        if (raw.isSealed()) {
            Class<?>[] subs = raw.getPermittedSubclasses();
            Class<?> sub = subs[random.nextInt(subs.length)];
            return generate(sub, sub, random, depth);
        }
        if (raw.isRecord()) {
            RecordComponent[] components = raw.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                boolean recursive = depth > 3 && (types[i].isRecord() || types[i] == List.class || types[i] == Map.class);
                values[i] = recursive && !types[i].isPrimitive() ? null : generate(components[i].getGenericType(), types[i], random, depth + 1);
            }
            Constructor<?> c = raw.getDeclaredConstructor(types);
            c.setAccessible(true);
            for (int attempt = 0; ; attempt++) {
                try {
                    return c.newInstance(values);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    // a compact constructor refused a random value: fill again (records validating their input)
                    if (attempt > 2_000) { // records that validate several components at once (BlueskyPost) need more draws
                        throw new IllegalStateException(raw.getName() + " refuses every random value: " + e.getCause(), e);
                    }
                    for (int i = 0; i < components.length; i++) {
                        values[i] = generate(components[i].getGenericType(), types[i], random, depth + 1);
                    }
                }
            }
        }
        throw new IllegalArgumentException("no generator for " + type);
    }

    /** Strings with what JSON escapes: quotes, backslashes, controls, non-ASCII and astral characters. */
    private static String string(Random random) {
        String[] parts = {"a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "é", "日本", "\uD83D\uDE00", "</script>", "\u2028"};
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            s.append(random.nextInt(3) == 0 ? parts[random.nextInt(parts.length)] : Long.toString(random.nextLong(), 36));
        }
        return s.toString();
    }

    /** A value as untyped JSON reads: maps, lists, strings, ints, longs, decimals, booleans, nulls. */
    private static Object untyped(Random random, int depth) {
        switch (depth > 3 ? random.nextInt(6) : random.nextInt(8)) {
            case 0:
                return string(random);
            case 1:
                return random.nextInt();
            case 2:
                return random.nextLong();
            case 3:
                return BigDecimal.valueOf(random.nextLong(), random.nextInt(10));
            case 4:
                return random.nextBoolean();
            case 5:
                return null;
            case 6: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    m.put(string(random), untyped(random, depth + 1));
                }
                return m;
            }
            default: {
                List<Object> l = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    l.add(untyped(random, depth + 1));
                }
                return l;
            }
        }
    }

    private static Class<?> rawOf(Type type) {
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof WildcardType w) {
            return rawOf(w.getUpperBounds()[0]);
        }
        return type instanceof Class<?> c ? c : Object.class;
    }

}
