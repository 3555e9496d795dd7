package com.socialwire.shared.store;

import com.socialwire.shared.IsoInstant;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds and reads DynamoDB items without a mapper framework (lean jars, fast cold start). */
public final class Item {

    private final Map<String, AttrValue> values = new HashMap<>();

    public static Item create() {
        return new Item();
    }

    public Item s(String name, String value) {
        if (value != null) {
            values.put(name, AttrValue.fromS(value));
        }
        return this;
    }

    public Item n(String name, Number value) {
        if (value != null) {
            values.put(name, AttrValue.fromN(value instanceof BigDecimal d ? d.toPlainString() : value.toString()));
        }
        return this;
    }

    public Item bool(String name, Boolean value) {
        if (value != null) {
            values.put(name, AttrValue.fromBool(value));
        }
        return this;
    }

    public Item instant(String name, Instant value) {
        return value == null ? this : s(name, IsoInstant.format(value));
    }

    public Item strings(String name, List<String> value) {
        if (value != null) {
            List<AttrValue> list = new ArrayList<>(value.size());
            for (String s : value) {
                list.add(AttrValue.fromS(s));
            }
            values.put(name, AttrValue.fromL(list));
        }
        return this;
    }

    public Item map(String name, Map<String, AttrValue> value) {
        if (value != null) {
            values.put(name, AttrValue.fromM(value));
        }
        return this;
    }

    public Map<String, AttrValue> build() {
        return Map.copyOf(values);
    }

    // ---- readers ----

    public static String s(Map<String, AttrValue> item, String name) {
        AttrValue v = item.get(name);
        return v == null ? null : v.s();
    }

    public static Instant instant(Map<String, AttrValue> item, String name) {
        String s = s(item, name);
        return s == null ? null : IsoInstant.parse(s);
    }

    public static Long n(Map<String, AttrValue> item, String name) {
        AttrValue v = item.get(name);
        return v == null || v.n() == null ? null : Long.parseLong(v.n());
    }

    public static BigDecimal decimal(Map<String, AttrValue> item, String name) {
        AttrValue v = item.get(name);
        return v == null || v.n() == null ? null : new BigDecimal(v.n());
    }

    public static Boolean bool(Map<String, AttrValue> item, String name) {
        AttrValue v = item.get(name);
        return v == null ? null : v.bool();
    }

    public static List<String> strings(Map<String, AttrValue> item, String name) {
        AttrValue v = item.get(name);
        if (v == null || !v.hasL()) {
            return List.of();
        }
        List<String> strings = new ArrayList<>(v.l().size()); // a loop, not a stream: no stream pipeline at the first request
        for (AttrValue e : v.l()) {
            strings.add(e.s());
        }
        return Collections.unmodifiableList(strings);
    }

    public static Map<String, AttrValue> map(Map<String, AttrValue> item, String name) {
        AttrValue v = item.get(name);
        return v == null || !v.hasM() ? Map.of() : v.m();
    }
}
