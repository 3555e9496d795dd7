package com.socialwire.shared.store;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One DynamoDB attribute value, immutable, with the SDK's {@code AttributeValue} factories and accessors
 * ({@code fromS}, {@code s()}, {@code hasL()}, ...): the functions' items are maps of these. The SDK's own class builds
 * its SdkField table (24 lambdas, traits, marshalling types, copiers: ~60-90 classes) on its first use; this one is
 * one class and its {@link Type}. A final class, not records: a record's equals/hashCode/toString bootstrap method
 * handles on their first call. As with the SDK, an accessor of another kind answers null (scalars) or an empty
 * list or map (collections), {@code hasL()} and friends say which collection is set, and collections are copied in
 * their order; binary values are copied in and out. {@link #toSdk}/{@link #fromSdk} convert at the boundaries that keep
 * the SDK's type (its own client, its exceptions' items); they are the only code here that touches the SDK.
 */
public final class AttrValue {

    /** The kind of a value: DynamoDB's type descriptors ({@code NUL} is {@code NULL}, as in the SDK). */
    public enum Type { S, N, B, SS, NS, BS, M, L, BOOL, NUL }

    private final Type type;
    /** String (S, N), byte[] (B), List of String (SS, NS), List of byte[] (BS), Map (M), List of AttrValue (L), Boolean (BOOL, NUL). */
    private final Object value;

    private AttrValue(Type type, Object value) {
        this.type = type;
        this.value = Objects.requireNonNull(value, "an attribute value of type " + type + " cannot hold null");
    }

    public static AttrValue fromS(String s) {
        return new AttrValue(Type.S, s);
    }

    /** A number as its text (DynamoDB's decimal of up to 38 digits; never through a double). */
    public static AttrValue fromN(String n) {
        return new AttrValue(Type.N, n);
    }

    public static AttrValue fromB(byte[] b) {
        return new AttrValue(Type.B, b.clone());
    }

    public static AttrValue fromSs(List<String> ss) {
        return new AttrValue(Type.SS, copy(ss));
    }

    public static AttrValue fromNs(List<String> ns) {
        return new AttrValue(Type.NS, copy(ns));
    }

    public static AttrValue fromBs(List<byte[]> bs) {
        List<byte[]> l = new ArrayList<>(bs.size());
        for (byte[] b : bs) {
            l.add(b.clone());
        }
        return new AttrValue(Type.BS, Collections.unmodifiableList(l));
    }

    public static AttrValue fromM(Map<String, AttrValue> m) {
        return new AttrValue(Type.M, Collections.unmodifiableMap(new LinkedHashMap<>(m)));
    }

    public static AttrValue fromL(List<AttrValue> l) {
        return new AttrValue(Type.L, copy(l));
    }

    public static AttrValue fromBool(Boolean bool) {
        return new AttrValue(Type.BOOL, bool);
    }

    /** DynamoDB's NULL; always {@code true} on the wire. */
    public static AttrValue fromNul(Boolean nul) {
        return new AttrValue(Type.NUL, nul);
    }

    private static <T> List<T> copy(List<T> l) {
        return Collections.unmodifiableList(new ArrayList<>(l));
    }

    public Type type() {
        return type;
    }

    public String s() {
        return type == Type.S ? (String) value : null;
    }

    public String n() {
        return type == Type.N ? (String) value : null;
    }

    /** A copy of the bytes of a binary value, null for another kind. */
    public byte[] b() {
        return type == Type.B ? ((byte[]) value).clone() : null;
    }

    public Boolean bool() {
        return type == Type.BOOL ? (Boolean) value : null;
    }

    public Boolean nul() {
        return type == Type.NUL ? (Boolean) value : null;
    }

    @SuppressWarnings("unchecked")
    public List<String> ss() {
        return type == Type.SS ? (List<String>) value : List.of();
    }

    @SuppressWarnings("unchecked")
    public List<String> ns() {
        return type == Type.NS ? (List<String>) value : List.of();
    }

    /** Copies of the bytes of a binary set, empty for another kind. */
    @SuppressWarnings("unchecked")
    public List<byte[]> bs() {
        if (type != Type.BS) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>();
        for (byte[] b : (List<byte[]>) value) {
            out.add(b.clone());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public Map<String, AttrValue> m() {
        return type == Type.M ? (Map<String, AttrValue>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    public List<AttrValue> l() {
        return type == Type.L ? (List<AttrValue>) value : List.of();
    }

    public boolean hasSs() {
        return type == Type.SS;
    }

    public boolean hasNs() {
        return type == Type.NS;
    }

    public boolean hasBs() {
        return type == Type.BS;
    }

    public boolean hasM() {
        return type == Type.M;
    }

    public boolean hasL() {
        return type == Type.L;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AttrValue other) || other.type != type) {
            return false;
        }
        if (type == Type.B) {
            return Arrays.equals((byte[]) value, (byte[]) other.value);
        }
        return type == Type.BS ? sameBytes(bytesList(), other.bytesList()) : value.equals(other.value);
    }

    @Override
    public int hashCode() {
        int h;
        if (type == Type.B) {
            h = Arrays.hashCode((byte[]) value);
        } else if (type == Type.BS) {
            h = 1;
            for (byte[] b : bytesList()) {
                h = 31 * h + Arrays.hashCode(b);
            }
        } else {
            h = value.hashCode();
        }
        return 31 * type.ordinal() + h;
    }

    /** As the SDK writes it: {@code AttrValue(S=text)}, {@code AttrValue(M={a=AttrValue(N=1)})}, bytes in hex. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("AttrValue(").append(type).append('=');
        if (type == Type.B) {
            hex(s, (byte[]) value);
        } else if (type == Type.BS) {
            s.append('[');
            List<byte[]> l = bytesList();
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    s.append(", ");
                }
                hex(s, l.get(i));
            }
            s.append(']');
        } else {
            s.append(value);
        }
        return s.append(')').toString();
    }

    @SuppressWarnings("unchecked")
    private List<byte[]> bytesList() {
        return (List<byte[]>) value;
    }

    private static boolean sameBytes(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static void hex(StringBuilder s, byte[] b) {
        s.append("0x");
        for (byte x : b) {
            s.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
    }

    // --- the SDK's AttributeValue, at the boundaries that keep it (its own client, its exceptions' items) ---

    /** The SDK's value holding the same. */
    public AttributeValue toSdk() {
        return switch (type) {
            case S -> AttributeValue.fromS((String) value);
            case N -> AttributeValue.fromN((String) value);
            case B -> AttributeValue.fromB(SdkBytes.fromByteArray((byte[]) value));
            case SS -> AttributeValue.fromSs(ss());
            case NS -> AttributeValue.fromNs(ns());
            case BS -> {
                List<SdkBytes> l = new ArrayList<>();
                for (byte[] b : bytesList()) {
                    l.add(SdkBytes.fromByteArray(b));
                }
                yield AttributeValue.fromBs(l);
            }
            case M -> AttributeValue.fromM(toSdk(m()));
            case L -> {
                List<AttributeValue> l = new ArrayList<>();
                for (AttrValue v : l()) {
                    l.add(v.toSdk());
                }
                yield AttributeValue.fromL(l);
            }
            case BOOL -> AttributeValue.fromBool((Boolean) value);
            case NUL -> AttributeValue.fromNul((Boolean) value);
        };
    }

    /** The SDK's item (or key, or map value) holding the same, in the same order. */
    public static Map<String, AttributeValue> toSdk(Map<String, AttrValue> item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, AttrValue> e : item.entrySet()) {
            out.put(e.getKey(), e.getValue().toSdk());
        }
        return out;
    }

    /** Ours of the SDK's value; one of no type the SDK knows is refused. */
    public static AttrValue fromSdk(AttributeValue v) {
        if (v.s() != null) {
            return fromS(v.s());
        }
        if (v.n() != null) {
            return fromN(v.n());
        }
        if (v.b() != null) {
            return fromB(v.b().asByteArray());
        }
        if (v.bool() != null) {
            return fromBool(v.bool());
        }
        if (v.nul() != null) {
            return fromNul(v.nul());
        }
        if (v.hasSs()) {
            return fromSs(v.ss());
        }
        if (v.hasNs()) {
            return fromNs(v.ns());
        }
        if (v.hasBs()) {
            List<byte[]> l = new ArrayList<>();
            for (SdkBytes b : v.bs()) {
                l.add(b.asByteArray());
            }
            return fromBs(l);
        }
        if (v.hasM()) {
            return fromM(fromSdk(v.m()));
        }
        if (v.hasL()) {
            List<AttrValue> l = new ArrayList<>();
            for (AttributeValue e : v.l()) {
                l.add(fromSdk(e));
            }
            return fromL(l);
        }
        throw new IllegalArgumentException("an attribute value with no type: " + v);
    }

    /** Ours of the SDK's item (null stays null: an exception without an item), in the same order. */
    public static Map<String, AttrValue> fromSdk(Map<String, AttributeValue> item) {
        if (item == null) {
            return null;
        }
        Map<String, AttrValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            out.put(e.getKey(), fromSdk(e.getValue()));
        }
        return out;
    }
}
