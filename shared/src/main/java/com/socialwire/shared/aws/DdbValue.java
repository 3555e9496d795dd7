package com.socialwire.shared.aws;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PROTOTYPE (branch lean-ddb): a DynamoDB attribute value of our own, written and read with Jackson's streaming API,
 * so a call made with {@link LeanDynamoDb#getItemRaw} loads none of the SDK's model classes (the SDK's
 * {@code AttributeValue} alone is ~52 classes with its SdkField table). Kinds: S, N (kept as its decimal text, as
 * DynamoDB sends it), BOOL, NULL, L, M, SS; binary kinds are not modelled yet (read as {@link Other}).
 */
public sealed interface DdbValue {

    record S(String s) implements DdbValue {
    }

    record N(String n) implements DdbValue {
    }

    record Bool(boolean b) implements DdbValue {
    }

    record Null() implements DdbValue {
    }

    record L(List<DdbValue> l) implements DdbValue {
    }

    record M(Map<String, DdbValue> m) implements DdbValue {
    }

    record Ss(List<String> ss) implements DdbValue {
    }

    /** A kind this prototype does not model (B, BS, NS): its type tag only. */
    record Other(String type) implements DdbValue {
    }

    /** Writes {@code v} as DynamoDB's JSON ({@code {"S":"x"}}). */
    static void write(JsonGenerator g, DdbValue v) throws IOException {
        g.writeStartObject();
        switch (v) {
            case S s -> g.writeStringField("S", s.s());
            case N n -> g.writeStringField("N", n.n());
            case Bool b -> g.writeBooleanField("BOOL", b.b());
            case Null x -> g.writeBooleanField("NULL", true);
            case L l -> {
                g.writeArrayFieldStart("L");
                for (DdbValue e : l.l()) {
                    write(g, e);
                }
                g.writeEndArray();
            }
            case M m -> {
                g.writeFieldName("M");
                writeMap(g, m.m());
            }
            case Ss ss -> {
                g.writeArrayFieldStart("SS");
                for (String e : ss.ss()) {
                    g.writeString(e);
                }
                g.writeEndArray();
            }
            case Other o -> throw new IllegalArgumentException("cannot write a " + o.type() + " value");
        }
        g.writeEndObject();
    }

    /** Writes a map of values (an item, a key, expression attribute values). */
    static void writeMap(JsonGenerator g, Map<String, DdbValue> m) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, DdbValue> e : m.entrySet()) {
            g.writeFieldName(e.getKey());
            write(g, e.getValue());
        }
        g.writeEndObject();
    }

    /** Reads a map of values; the parser is on its START_OBJECT. */
    static Map<String, DdbValue> readMap(JsonParser p) throws IOException {
        Map<String, DdbValue> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            m.put(name, read(p));
        }
        return m;
    }

    /** Reads one value; the parser is on its START_OBJECT. */
    static DdbValue read(JsonParser p) throws IOException {
        DdbValue v = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String type = p.currentName();
            p.nextToken();
            v = switch (type) {
                case "S" -> new S(p.getText());
                case "N" -> new N(p.getText());
                case "BOOL" -> new Bool(p.getBooleanValue());
                case "NULL" -> new Null();
                case "M" -> new M(readMap(p));
                case "L" -> {
                    List<DdbValue> l = new ArrayList<>();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        l.add(read(p));
                    }
                    yield new L(l);
                }
                case "SS" -> {
                    List<String> l = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        l.add(p.getText());
                    }
                    yield new Ss(l);
                }
                default -> {
                    p.skipChildren();
                    yield new Other(type);
                }
            };
        }
        if (v == null) {
            throw new IOException("an attribute value with no type");
        }
        return v;
    }

    /** The string {@code name} of {@code item} (null when absent or not a string). */
    static String s(Map<String, DdbValue> item, String name) {
        return item.get(name) instanceof S s ? s.s() : null;
    }

    /** The whole number {@code name} of {@code item} (null when absent or not a number). */
    static Long n(Map<String, DdbValue> item, String name) {
        return item.get(name) instanceof N n ? Long.valueOf(Long.parseLong(n.n())) : null;
    }

    /** The list of strings {@code name} of {@code item} (as {@code Item.strings} writes it: an L of S; empty when absent). */
    static List<String> strings(Map<String, DdbValue> item, String name) {
        if (!(item.get(name) instanceof L l)) {
            return List.of();
        }
        List<String> strings = new ArrayList<>(l.l().size());
        for (DdbValue e : l.l()) {
            strings.add(e instanceof S s ? s.s() : null);
        }
        return java.util.Collections.unmodifiableList(strings);
    }

    static DdbValue n(long v) {
        return new N(Long.toString(v));
    }
}
