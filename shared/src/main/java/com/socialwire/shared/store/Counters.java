package com.socialwire.shared.store;


import java.util.HashMap;
import java.util.Map;

/**
 * Platform-wide counts (accounts, tenants, active keys; webhook events ignored, by field) for the
 * owner's metrics, kept in one item and changed in the same transaction as the thing counted, so
 * they never drift and the metrics never scan the table.
 */
public final class Counters {

    public static final String PK = "STATS";
    public static final String SK = "COUNTS";
    /** Prefix of the counters of webhook events received and not acted on, one per webhook field. */
    public static final String WEBHOOK_IGNORED = "webhookIgnored.";

    private final Table table;

    public Counters(Table table) {
        this.table = table;
    }

    /** The transaction item that adds {@code delta} to counter {@code name}. */
    public Write.Update add(String name, long delta) {
        return add(Map.of(name, delta));
    }

    /** One transaction item for several counters (a transaction may touch the item only once). */
    public Write.Update add(Map<String, Long> deltas) {
        return adding(Table.key(PK, SK), deltas);
    }

    /** The update that adds {@code deltas} to the counters of the item of {@code key} (created if absent). */
    public static Write.Update adding(Map<String, AttrValue> key, Map<String, Long> deltas) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttrValue> values = new HashMap<>();
        StringBuilder expr = new StringBuilder("ADD ");
        int i = 0;
        for (Map.Entry<String, Long> d : deltas.entrySet()) {
            expr.append(i == 0 ? "" : ", ").append("#n").append(i).append(" :d").append(i);
            names.put("#n" + i, d.getKey());
            values.put(":d" + i, AttrValue.fromN(Long.toString(d.getValue())));
            i++;
        }
        return new Write.Update(key, expr.toString(), null, names, values);
    }

    /** Adds the deltas now, on their own: for counts that go with no other write. */
    public void addNow(Map<String, Long> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        table.update(add(deltas));
    }

    /** The counters whose names start with {@code prefix}, by the rest of their names, sorted. */
    public static Map<String, Long> withPrefix(Map<String, Long> counts, String prefix) {
        Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    public Map<String, Long> read() {
        Map<String, Long> out = new HashMap<>();
        table.get(PK, SK).ifPresent(item -> item.forEach((k, v) -> {
            if (v.n() != null) {
                out.put(k, Long.parseLong(v.n()));
            }
        }));
        return out;
    }
}
