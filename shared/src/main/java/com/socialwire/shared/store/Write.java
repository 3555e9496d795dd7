package com.socialwire.shared.store;


import java.util.Map;

/**
 * One write to the table, on its own ({@link Table#put}, {@link Table#update}, {@link Table#delete}) or as one item of a
 * transaction ({@link Table#transact}): our own records, so that no write builds the SDK's request model. A
 * {@code condition} (null: none) may use {@code names} ({@code #x}) and {@code values} ({@code :x}).
 */
public sealed interface Write {

    String condition();

    Map<String, String> names();

    Map<String, AttrValue> values();

    /** Puts the whole {@code item} (its {@code PK} and {@code SK} say where). */
    record Put(Map<String, AttrValue> item, String condition, Map<String, String> names,
               Map<String, AttrValue> values) implements Write {
        public Put(Map<String, AttrValue> item) {
            this(item, null, Map.of(), Map.of());
        }
    }

    /** Applies {@code update} (an update expression) to the item of {@code key}, creating it if absent. */
    record Update(Map<String, AttrValue> key, String update, String condition, Map<String, String> names,
                  Map<String, AttrValue> values) implements Write {
    }

    /** Deletes the item of {@code key}. */
    record Delete(Map<String, AttrValue> key, String condition, Map<String, String> names,
                  Map<String, AttrValue> values) implements Write {
        public Delete(Map<String, AttrValue> key) {
            this(key, null, Map.of(), Map.of());
        }
    }

    /** Writes nothing; the transaction happens only if {@code condition} holds on the item of {@code key}. */
    record Check(Map<String, AttrValue> key, String condition, Map<String, String> names,
                 Map<String, AttrValue> values) implements Write {
    }
}
