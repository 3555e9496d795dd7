package com.socialwire.shared;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Json}'s codec on Jackson's streaming parser and generator, without databind's ObjectMapper: our records
 * (by their components and canonical constructor, cached per class), enums (by name, or their {@code @JsonValue}
 * method), Instants (as {@link JsonTime}), strings, numbers, booleans, lists, sets, maps with string keys, untyped
 * values and JsonNode trees, in and out byte for byte as the mapper Json configured (nulls written, unknown
 * properties ignored, floats read as exact decimals, decimals written plain). Building the mapper and introspecting
 * records loaded ~650 classes at every cold start. A type it does not know fails loudly (IllegalArgumentException),
 * never a guess; a token of another type than the field's (which the mapper would sometimes coerce) is an error.
 */
final class JsonCodec {

    private JsonCodec() {
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code value}. An if-chain, not a pattern switch: a type switch is bootstrapped at its first run by
     * generating a class (SwitchBootstraps and the ClassFile API, ~30 classes at every cold start).
     */
    static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Record r) {
            Shape shape = Shape.of(r.getClass());
            g.writeStartObject();
            for (int i = 0; i < shape.names.length; i++) {
                g.writeFieldName(shape.names[i]);
                write(g, shape.get(r, i));
            }
            g.writeEndObject();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("Json writes maps with String keys only, not "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
                }
                g.writeFieldName(key);
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            g.writeStartArray();
            for (Object v : list) {
                write(g, v);
            }
            g.writeEndArray();
        } else if (value instanceof Enum<?> e) {
            write(g, Shape.of(e.getDeclaringClass()).wire(e));
        } else if (value instanceof Instant t) {
            g.writeString(IsoInstant.format(t)); // ISO_INSTANT, as JsonTime's serializer
        } else if (value instanceof JsonNode n) {
            writeTree(g, n);
        } else if (value instanceof BigDecimal d) { // after the common kinds: an instanceof loads BigDecimal
            g.writeNumber(d);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Float f) {
            g.writeNumber(f);
        } else if (value instanceof Short s) {
            g.writeNumber(s);
        } else if (value instanceof Byte b) {
            g.writeNumber(b.intValue());
        } else if (value instanceof BigInteger b) {
            g.writeNumber(b);
        } else {
            throw new IllegalArgumentException("Json cannot write a " + value.getClass().getName()
                    + " (records, enums, Instants, strings, numbers, booleans, collections, maps and JsonNodes only)");
        }
    }

    /** A tree as the mapper writes it (JsonNode's own serialize with the same generator). */
    static void writeTree(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    writeTree(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode v : node) {
                    writeTree(g, v);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL, MISSING -> g.writeNull();
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case DOUBLE -> g.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
                }
            }
            case BINARY -> g.writeBinary(node.binaryValue());
            case POJO -> write(g, ((com.fasterxml.jackson.databind.node.POJONode) node).getPojo()); // a value in a tree (addPOJO): as itself
            default -> throw new IllegalArgumentException("Json cannot write a " + node.getClass().getName());
        }
    }

    // ---------------------------------------------------------------- reading

    /** One whole document: a value of {@code type}, and nothing after it. An empty document is an error. */
    static <T> T read(JsonParser p, Class<T> type) throws IOException {
        Shape shape = Shape.of(type);
        if (p.nextToken() == null) {
            throw new JsonParseException(p, "No content to map due to end-of-input");
        }
        Object value = shape.read(p);
        noTrailingTokens(p, type);
        return type.cast(value);
    }

    /**
     * One whole document as a tree, as the mapper's readTree: empty → MissingNode, floats as exact
     * decimals, a repeated field's last value in its first place, nothing after the value.
     */
    static JsonNode readTree(JsonParser p, JsonNodeFactory nodes) throws IOException {
        if (p.nextToken() == null) {
            return nodes.missingNode();
        }
        JsonNode node = tree(p, nodes);
        noTrailingTokens(p, JsonNode.class);
        return node;
    }

    private static void noTrailingTokens(JsonParser p, Class<?> type) throws IOException {
        JsonToken t = p.nextToken();
        if (t != null) {
            throw new JsonParseException(p, "Trailing token (of type " + t + ") found after value (bound as `"
                    + type.getName() + "`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`",
                    p.currentTokenLocation());
        }
    }

    /** The tree of the value at the parser's current token. */
    static JsonNode tree(JsonParser p, JsonNodeFactory nodes) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = nodes.objectNode();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    p.nextToken();
                    o.replace(name, tree(p, nodes));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = nodes.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(tree(p, nodes));
                }
                return a;
            }
            case VALUE_STRING -> {
                return nodes.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> nodes.numberNode(p.getIntValue());
                    case LONG -> nodes.numberNode(p.getLongValue());
                    default -> nodes.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.isNaN() ? nodes.numberNode(p.getDoubleValue()) : nodes.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return nodes.booleanNode(p.currentToken() == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            default -> throw new JsonParseException(p, "Unexpected token " + p.currentToken());
        }
    }

    /**
     * How one Java type is read (and, for records and enums, written): a kind, with the element/value shape of a
     * collection or map, or a record's components and canonical constructor, or an enum's wire names.
     */
    private static final class Shape {
        static final int STRING = 0, INT = 1, LONG = 2, DOUBLE = 3, FLOAT = 4, BOOLEAN = 5, DECIMAL = 6, BIG_INTEGER = 7,
                INSTANT = 8, ENUM = 9, LIST = 10, SET = 11, MAP = 12, RECORD = 13, UNTYPED = 14, TREE = 15, SHORT = 16;

        /** Finished shapes of records and enums; built under the lock, published whole. */
        private static final Map<Class<?>, Shape> CLASSES = new ConcurrentHashMap<>();

        final int kind;
        final Class<?> raw;
        /** A primitive's default (what a missing or null value becomes), else null. */
        final Object absent;
        Shape element;
        String[] names;
        Method[] accessors;
        /** What each component reads as, resolved on the first read (volatile: published once, read without the lock). */
        volatile Shape[] components;
        Constructor<?> canonical;
        Map<String, Integer> index;
        Map<String, Object> constants;
        Object[] wires;

        private Shape(int kind, Class<?> raw, Object absent) {
            this.kind = kind;
            this.raw = raw;
            this.absent = absent;
        }

        static Shape of(Class<?> type) {
            Shape s = CLASSES.get(type);
            if (s != null) {
                return s;
            }
            synchronized (CLASSES) {
                Map<Class<?>, Shape> building = new HashMap<>();
                s = of(type, type, building);
                CLASSES.putAll(building);
                return s;
            }
        }

        private static Shape of(Type type, Class<?> raw, Map<Class<?>, Shape> building) {
            Shape done = CLASSES.get(raw);
            if (done == null) {
                done = building.get(raw);
            }
            if (done != null) {
                return done;
            }
            if (raw == String.class) {
                return new Shape(STRING, raw, null);
            }
            if (raw == int.class || raw == Integer.class) {
                return new Shape(INT, raw, raw.isPrimitive() ? 0 : null);
            }
            if (raw == long.class || raw == Long.class) {
                return new Shape(LONG, raw, raw.isPrimitive() ? 0L : null);
            }
            if (raw == short.class || raw == Short.class) {
                return new Shape(SHORT, raw, raw.isPrimitive() ? (short) 0 : null);
            }
            if (raw == double.class || raw == Double.class) {
                return new Shape(DOUBLE, raw, raw.isPrimitive() ? 0d : null);
            }
            if (raw == float.class || raw == Float.class) {
                return new Shape(FLOAT, raw, raw.isPrimitive() ? 0f : null);
            }
            if (raw == boolean.class || raw == Boolean.class) {
                return new Shape(BOOLEAN, raw, raw.isPrimitive() ? false : null);
            }
            if (raw == Instant.class) {
                return new Shape(INSTANT, raw, null);
            }
            if (raw == Object.class) {
                return new Shape(UNTYPED, raw, null);
            }
            if (raw == JsonNode.class) {
                return new Shape(TREE, raw, null);
            }
            if (raw == List.class || raw == Collection.class || raw == Set.class) {
                Shape s = new Shape(raw == Set.class ? SET : LIST, raw, null);
                s.element = of(typeArgument(type, 0), rawOf(typeArgument(type, 0)), building);
                return s;
            }
            if (raw == Map.class && rawOf(typeArgument(type, 0)) == String.class) {
                Shape s = new Shape(MAP, raw, null);
                s.element = of(typeArgument(type, 1), rawOf(typeArgument(type, 1)), building);
                return s;
            }
            if (raw.isEnum()) {
                Shape s = new Shape(ENUM, raw, null);
                building.put(raw, s);
                s.enumWires();
                return s;
            }
            if (raw.isRecord()) {
                Shape s = new Shape(RECORD, raw, null);
                building.put(raw, s);
                s.recordComponents(building);
                return s;
            }
            // last: naming BigDecimal.class loads it, and its class init costs ~12 ms
            if (raw == BigDecimal.class) {
                return new Shape(DECIMAL, raw, null);
            }
            if (raw == BigInteger.class) {
                return new Shape(BIG_INTEGER, raw, null);
            }
            throw new IllegalArgumentException("Json cannot read a " + type.getTypeName()
                    + " (records, enums, Instants, strings, numbers, booleans, List/Set/Map<String,…>, Object and JsonNode only)");
        }

        private static Type typeArgument(Type type, int i) {
            if (!(type instanceof ParameterizedType p)) {
                throw new IllegalArgumentException("Json cannot read a raw " + type.getTypeName() + ": its element type is unknown");
            }
            return p.getActualTypeArguments()[i];
        }

        private static Class<?> rawOf(Type type) {
            if (type instanceof Class<?> c) {
                return c;
            }
            if (type instanceof ParameterizedType p) {
                return (Class<?>) p.getRawType();
            }
            throw new IllegalArgumentException("Json cannot read a " + type.getTypeName());
        }

        private void recordComponents(Map<Class<?>, Shape> building) {
            RecordComponent[] rc = raw.getRecordComponents();
            names = new String[rc.length];
            accessors = new Method[rc.length];
            Class<?>[] types = new Class<?>[rc.length];
            index = new HashMap<>();
            for (int i = 0; i < rc.length; i++) {
                names[i] = rc[i].getName();
                accessors[i] = rc[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = rc[i].getType();
                index.put(names[i], i);
            }
            writeGetters(rc.length);
            try {
                canonical = raw.getDeclaredConstructor(types);
                canonical.setAccessible(true);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(raw.getName() + " has no canonical constructor", e);
            }
            // what each component reads as is resolved on the first read: a record that is only written (it holds a
            // service, an interface or a byte[]) still writes, and fails loudly only if something reads it
            components = null;
        }

        /**
         * The mapper also writes a record's bean getters after its components ({@code isOwner()} as {@code owner},
         * {@code getURL()} as {@code url}), in the order the class declares them, then its interfaces' default
         * getters; reading ignores them (no setter). {@code names}/{@code accessors} carry them after the components.
         */
        private void writeGetters(int componentCount) {
            List<Method> getters = new ArrayList<>();
            addGetters(raw, getters);
            for (Class<?> c = raw; c != null && c != Record.class; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    addInterfaceGetters(i, getters);
                }
            }
            List<String> extra = new ArrayList<>();
            List<Method> extraAccessors = new ArrayList<>();
            for (Method m : getters) {
                if (index.containsKey(m.getName())) {
                    continue; // a component's own accessor (isPublic()) is the component
                }
                String name = propertyName(m);
                if (index.containsKey(name) || extra.contains(name)) {
                    throw new IllegalArgumentException("Json cannot write " + raw.getName() + ": its getter " + m.getName()
                            + "() names the property " + name + " twice");
                }
                m.setAccessible(true);
                extra.add(name);
                extraAccessors.add(m);
            }
            if (extra.isEmpty()) {
                return;
            }
            names = java.util.Arrays.copyOf(names, componentCount + extra.size());
            accessors = java.util.Arrays.copyOf(accessors, componentCount + extra.size());
            for (int i = 0; i < extra.size(); i++) {
                names[componentCount + i] = extra.get(i);
                accessors[componentCount + i] = extraAccessors.get(i);
            }
        }

        private static void addInterfaceGetters(Class<?> type, List<Method> getters) {
            addGetters(type, getters);
            for (Class<?> i : type.getInterfaces()) {
                addInterfaceGetters(i, getters);
            }
        }

        private static void addGetters(Class<?> type, List<Method> getters) {
            for (Method m : type.getDeclaredMethods()) {
                if (propertyName(m) != null && java.lang.reflect.Modifier.isPublic(m.getModifiers()) && !named(getters, m.getName())) {
                    getters.add(m);
                }
            }
        }

        private static boolean named(List<Method> methods, String name) {
            for (Method m : methods) {
                if (m.getName().equals(name)) {
                    return true;
                }
            }
            return false;
        }

        /** The property a bean getter names as the mapper's default naming does, or null for a method that is none. */
        private static String propertyName(Method m) {
            int mods = m.getModifiers();
            if (java.lang.reflect.Modifier.isStatic(mods) || m.getParameterCount() != 0 || m.isSynthetic() || m.isBridge()
                    || (m.getDeclaringClass().isInterface() && !m.isDefault())) {
                return null;
            }
            String n = m.getName();
            String rest;
            if (n.startsWith("get") && n.length() > 3 && m.getReturnType() != void.class) {
                rest = n.substring(3);
            } else if (n.startsWith("is") && n.length() > 2 && m.getReturnType() == boolean.class) {
                rest = n.substring(2);
            } else {
                return null;
            }
            // lower-case the leading upper-case run: getURL → url, getFooBar → fooBar
            StringBuilder out = new StringBuilder(rest);
            for (int i = 0; i < out.length() && Character.isUpperCase(out.charAt(i)); i++) {
                out.setCharAt(i, Character.toLowerCase(out.charAt(i)));
            }
            return out.toString();
        }

        private Shape[] components() {
            Shape[] c = components;
            if (c == null) {
                synchronized (CLASSES) {
                    if (components == null) {
                        Map<Class<?>, Shape> building = new HashMap<>();
                        RecordComponent[] rc = raw.getRecordComponents();
                        Shape[] built = new Shape[rc.length];
                        for (int i = 0; i < rc.length; i++) {
                            built[i] = of(rc[i].getGenericType(), rc[i].getType(), building);
                        }
                        CLASSES.putAll(building);
                        components = built;
                    }
                    c = components;
                }
            }
            return c;
        }

        Object get(Record r, int i) {
            try {
                return accessors[i].invoke(r);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }

        private void enumWires() {
            Method wire = null;
            for (Method m : raw.getDeclaredMethods()) {
                if (m.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonValue.class)) {
                    wire = m;
                }
            }
            Object[] all = raw.getEnumConstants();
            wires = new Object[all.length];
            constants = new HashMap<>();
            for (int i = 0; i < all.length; i++) {
                try {
                    wires[i] = wire == null ? ((Enum<?>) all[i]).name() : wire.invoke(all[i]);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                if (!(wires[i] instanceof String)) {
                    throw new IllegalArgumentException("Json reads enums by a String @JsonValue only: " + raw.getName());
                }
                constants.put((String) wires[i], all[i]);
            }
        }

        Object wire(Enum<?> e) {
            return wires[e.ordinal()];
        }

        Object read(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) {
                return kind == TREE ? Json.NODES.nullNode() : absent; // a JsonNode field reads null as the mapper did: NullNode
            }
            switch (kind) {
                case STRING -> {
                    if (t.isScalarValue()) {
                        return p.getText();
                    }
                }
                case INT -> {
                    if (t == JsonToken.VALUE_NUMBER_INT) {
                        return p.getIntValue();
                    }
                }
                case LONG -> {
                    if (t == JsonToken.VALUE_NUMBER_INT) {
                        return p.getLongValue();
                    }
                }
                case SHORT -> {
                    if (t == JsonToken.VALUE_NUMBER_INT) {
                        return p.getShortValue();
                    }
                }
                case DOUBLE -> {
                    if (t.isNumeric()) {
                        return p.getDoubleValue();
                    }
                }
                case FLOAT -> {
                    if (t.isNumeric()) {
                        return p.getFloatValue();
                    }
                }
                case BOOLEAN -> {
                    if (t.isBoolean()) {
                        return t == JsonToken.VALUE_TRUE;
                    }
                }
                case DECIMAL -> {
                    if (t.isNumeric()) {
                        return p.getDecimalValue();
                    }
                }
                case BIG_INTEGER -> {
                    if (t == JsonToken.VALUE_NUMBER_INT) {
                        return p.getBigIntegerValue();
                    }
                }
                case INSTANT -> {
                    try {
                        Instant read = JsonTime.read(p);
                        if (read != null || t == JsonToken.VALUE_STRING) {
                            return read;
                        }
                    } catch (DateTimeException e) {
                        throw new JsonParseException(p, "Failed to deserialize java.time.Instant: (" + e.getClass().getName() + ") "
                                + e.getMessage(), p.currentTokenLocation(), e);
                    }
                }
                case ENUM -> {
                    if (t == JsonToken.VALUE_STRING) {
                        Object c = constants.get(p.getText());
                        if (c != null) {
                            return c;
                        }
                        throw new JsonParseException(p, "Cannot deserialize value of type `" + raw.getName() + "` from String \""
                                + p.getText() + "\": not one of the values accepted for Enum class: " + constants.keySet(),
                                p.currentTokenLocation());
                    }
                }
                case LIST, SET -> {
                    if (t == JsonToken.START_ARRAY) {
                        Collection<Object> out = kind == SET ? new HashSet<>() : new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            out.add(element.read(p));
                        }
                        return out;
                    }
                }
                case MAP -> {
                    if (t == JsonToken.START_OBJECT) {
                        Map<String, Object> out = new LinkedHashMap<>();
                        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                            p.nextToken();
                            out.put(name, element.read(p));
                        }
                        return out;
                    }
                }
                case UNTYPED -> {
                    return untyped(p);
                }
                case TREE -> {
                    return tree(p, Json.NODES);
                }
                case RECORD -> {
                    if (t == JsonToken.START_OBJECT) {
                        return readRecord(p);
                    }
                }
                default -> throw new IllegalStateException("shape " + kind);
            }
            throw new JsonParseException(p, "Cannot deserialize value of type `" + raw.getName() + "` from " + t,
                    p.currentTokenLocation());
        }

        private Object readRecord(JsonParser p) throws IOException {
            Shape[] shapes = components();
            Object[] values = new Object[shapes.length];
            for (int i = 0; i < shapes.length; i++) {
                values[i] = shapes[i].absent;
            }
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                p.nextToken();
                Integer i = index.get(name);
                if (i == null) {
                    p.skipChildren(); // unknown properties are ignored
                } else {
                    values[i] = shapes[i].read(p);
                }
            }
            try {
                return canonical.newInstance(values);
            } catch (InvocationTargetException e) {
                throw new JsonParseException(p, "Cannot construct instance of `" + raw.getName() + "`, problem: "
                        + e.getCause().getMessage(), p.currentTokenLocation(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        /** As the mapper's untyped values: objects as LinkedHashMaps, ints as Integer/Long/BigInteger, floats as BigDecimal. */
        private static Object untyped(JsonParser p) throws IOException {
            switch (p.currentToken()) {
                case START_OBJECT -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                        p.nextToken();
                        out.put(name, untyped(p));
                    }
                    return out;
                }
                case START_ARRAY -> {
                    List<Object> out = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        out.add(untyped(p));
                    }
                    return out;
                }
                case VALUE_STRING -> {
                    return p.getText();
                }
                case VALUE_NUMBER_INT -> {
                    return p.getNumberValue();
                }
                case VALUE_NUMBER_FLOAT -> {
                    return p.isNaN() ? (Object) p.getDoubleValue() : p.getDecimalValue();
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return p.currentToken() == JsonToken.VALUE_TRUE;
                }
                case VALUE_NULL -> {
                    return null;
                }
                default -> throw new JsonParseException(p, "Unexpected token " + p.currentToken());
            }
        }
    }
}
