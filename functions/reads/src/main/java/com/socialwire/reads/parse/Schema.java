package com.socialwire.reads.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The small JSON schema one parse mode's output must match: objects with required and optional fields, strings
 * (length bounds, enums), integers and numbers (bounds), booleans, arrays (item bounds), and comment ids (strings that
 * must be ids of the comment sample). {@link #problems} names every mismatch (the re-ask quotes them), {@link #json}
 * renders it as JSON Schema for the prompt, {@link #prune} keeps only fields the schema knows and cited ids the sample has.
 */
public sealed interface Schema {

    /** An object; fields in the order the prompt shows them. */
    record Obj(Map<String, Field> fields) implements Schema {
    }

    /** A field of an object. */
    record Field(Schema schema, boolean required) {
    }

    record Str(int minLength, int maxLength, List<String> allowed) implements Schema {
    }

    record Int(long min, long max) implements Schema {
    }

    record Num(double min, double max) implements Schema {
    }

    record Bool() implements Schema {
    }

    record Arr(Schema items, int minItems, int maxItems) implements Schema {
    }

    /** The id of a comment of the sample, as the prompt listed it. */
    record CommentId() implements Schema {
    }

    // ---- builders: Schema.obj(req("summary", str(1, 1200)), opt("keyPoints", arr(str(1, 200), 0, 6)))

    static Obj obj(Map.Entry<String, Field>... fields) {
        Map<String, Field> m = new LinkedHashMap<>();
        for (Map.Entry<String, Field> f : fields) {
            m.put(f.getKey(), f.getValue());
        }
        return new Obj(m);
    }

    static Map.Entry<String, Field> req(String name, Schema schema) {
        return Map.entry(name, new Field(schema, true));
    }

    static Map.Entry<String, Field> opt(String name, Schema schema) {
        return Map.entry(name, new Field(schema, false));
    }

    static Str str(int min, int max) {
        return new Str(min, max, List.of());
    }

    static Str oneOf(String... allowed) {
        return new Str(1, 64, List.of(allowed));
    }

    static Arr arr(Schema items, int min, int max) {
        return new Arr(items, min, max);
    }

    static Arr ids(int min, int max) {
        return new Arr(new CommentId(), min, max);
    }

    /** Every way {@code value} differs from {@code schema}, each with its JSON path ({@code $.themes[2].name}). */
    static List<String> problems(Schema schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        check(schema, value, "$", out);
        return out;
    }

    private static void check(Schema schema, JsonNode v, String path, List<String> out) {
        switch (schema) {
            case Obj o -> {
                if (v == null || !v.isObject()) {
                    out.add(path + " must be an object");
                    return;
                }
                for (Map.Entry<String, Field> f : o.fields().entrySet()) {
                    JsonNode child = v.get(f.getKey());
                    if (child == null || child.isNull()) {
                        if (f.getValue().required()) {
                            out.add(path + "." + f.getKey() + " is required");
                        }
                    } else {
                        check(f.getValue().schema(), child, path + "." + f.getKey(), out);
                    }
                }
            }
            case Str s -> {
                if (v == null || !v.isTextual()) {
                    out.add(path + " must be a string");
                } else if (!s.allowed().isEmpty() && !s.allowed().contains(v.asText())) {
                    out.add(path + " must be one of " + s.allowed() + " (was \"" + clip(v.asText()) + "\")");
                } else if (v.asText().strip().length() < s.minLength() || v.asText().length() > s.maxLength()) {
                    out.add(path + " must have " + s.minLength() + ".." + s.maxLength() + " characters (had " + v.asText().length() + ")");
                }
            }
            case Int i -> {
                if (v == null || !v.isIntegralNumber()) {
                    out.add(path + " must be an integer");
                } else if (v.asLong() < i.min() || v.asLong() > i.max()) {
                    out.add(path + " must be between " + i.min() + " and " + i.max() + " (was " + v.asLong() + ")");
                }
            }
            case Num n -> {
                if (v == null || !v.isNumber()) {
                    out.add(path + " must be a number");
                } else if (v.asDouble() < n.min() || v.asDouble() > n.max()) {
                    out.add(path + " must be between " + n.min() + " and " + n.max() + " (was " + v.asText() + ")");
                }
            }
            case Bool b -> {
                if (v == null || !v.isBoolean()) {
                    out.add(path + " must be true or false");
                }
            }
            case CommentId c -> {
                if (v == null || !(v.isTextual() || v.isIntegralNumber()) || v.asText().isBlank()) {
                    out.add(path + " must be a comment id from the sample (a string)");
                }
            }
            case Arr a -> {
                if (v == null || !v.isArray()) {
                    out.add(path + " must be an array");
                    return;
                }
                if (v.size() < a.minItems() || v.size() > a.maxItems()) {
                    out.add(path + " must have " + a.minItems() + ".." + a.maxItems() + " items (had " + v.size() + ")");
                }
                for (int k = 0; k < v.size(); k++) {
                    check(a.items(), v.get(k), path + "[" + k + "]", out);
                }
            }
        }
    }

    /**
     * Cuts {@code value} in place to the schema's upper bounds — an array to its maximum items (the first ones kept), a free
     * string to its maximum length (at a word, ending "…") — and notes each cut: over-long answers are the commonest miss
     * and cheaper to repair than to ask for again. An enum value in another case or spacing becomes the value it names.
     * Returns the node to use in place of {@code value}.
     */
    static JsonNode repair(Schema schema, JsonNode value, String path, List<String> cuts) {
        if (value == null) {
            return null;
        }
        switch (schema) {
            case Obj o when value.isObject() -> {
                for (Map.Entry<String, Field> f : o.fields().entrySet()) {
                    JsonNode child = value.get(f.getKey());
                    JsonNode repaired = repair(f.getValue().schema(), child, path + "." + f.getKey(), cuts);
                    if (repaired != child) {
                        ((ObjectNode) value).set(f.getKey(), repaired);
                    }
                }
            }
            case Arr a when value.isArray() -> {
                ArrayNode array = (ArrayNode) value;
                if (array.size() > a.maxItems()) {
                    cuts.add(path + " had " + array.size() + " items (kept " + a.maxItems() + ")");
                    while (array.size() > a.maxItems()) {
                        array.remove(array.size() - 1);
                    }
                }
                for (int k = 0; k < array.size(); k++) {
                    JsonNode repaired = repair(a.items(), array.get(k), path + "[" + k + "]", cuts);
                    if (repaired != array.get(k)) {
                        array.set(k, repaired);
                    }
                }
            }
            case Str str when str.allowed().isEmpty() && value.isTextual() && value.asText().length() > str.maxLength() -> {
                cuts.add(path + " had " + value.asText().length() + " characters (cut to " + str.maxLength() + ")");
                return Json.object().textNode(clipAtWord(value.asText(), str.maxLength()));
            }
            case Str str when !str.allowed().isEmpty() && value.isTextual() && !str.allowed().contains(value.asText()) -> {
                String folded = value.asText().strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s-]+", "_");
                if (str.allowed().contains(folded)) {
                    return Json.object().textNode(folded); // "Behind the scenes" is behind_the_scenes: not worth a call
                }
            }
            default -> {
            }
        }
        return value;
    }

    /** At most {@code max} characters: cut at the last space in its second half (else at {@code max - 1}), then "…". */
    static String clipAtWord(String text, int max) {
        int space = text.lastIndexOf(' ', max - 1);
        int end = space > max / 2 ? space : max - 1;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end).strip() + "…";
    }

    /**
     * A copy of a valid {@code value} holding only the fields {@code schema} knows, comment ids as strings, and no cited id
     * outside {@code sampleIds}: an invented id is dropped from its array; an array left with fewer items than its minimum,
     * or an object whose required field was left with nothing, is dropped whole from the array holding it (null here).
     * {@code dropped} collects the invented ids.
     */
    static JsonNode prune(Schema schema, JsonNode value, Set<String> sampleIds, List<String> dropped) {
        return switch (schema) {
            case Obj o -> {
                ObjectNode copy = Json.object();
                for (Map.Entry<String, Field> f : o.fields().entrySet()) {
                    JsonNode child = value.get(f.getKey());
                    if (child == null || child.isNull()) {
                        continue;
                    }
                    JsonNode kept = prune(f.getValue().schema(), child, sampleIds, dropped);
                    if (kept != null) {
                        copy.set(f.getKey(), kept);
                    } else if (f.getValue().required()) {
                        yield null; // the object stood on invented ids
                    }
                }
                yield copy;
            }
            case CommentId c -> {
                String id = value.asText();
                if (sampleIds.contains(id)) {
                    yield Json.object().textNode(id);
                }
                dropped.add(id);
                yield null;
            }
            case Arr a -> {
                ArrayNode copy = Json.array();
                for (JsonNode item : value) {
                    JsonNode kept = prune(a.items(), item, sampleIds, dropped);
                    if (kept != null) {
                        copy.add(kept);
                    }
                }
                yield copy.size() < a.minItems() ? null : copy;
            }
            default -> value;
        };
    }

    /** The schema as JSON Schema (the subset above), for the prompt. */
    static ObjectNode json(Schema schema) {
        ObjectNode s = Json.object();
        switch (schema) {
            case Obj o -> {
                s.put("type", "object");
                ObjectNode props = s.putObject("properties");
                ArrayNode required = Json.array();
                for (Map.Entry<String, Field> f : o.fields().entrySet()) {
                    props.set(f.getKey(), json(f.getValue().schema()));
                    if (f.getValue().required()) {
                        required.add(f.getKey());
                    }
                }
                s.set("required", required);
                s.put("additionalProperties", false);
            }
            case Str str -> {
                s.put("type", "string");
                if (!str.allowed().isEmpty()) {
                    ArrayNode e = s.putArray("enum");
                    str.allowed().forEach(e::add);
                } else {
                    s.put("minLength", str.minLength()).put("maxLength", str.maxLength());
                }
            }
            case Int i -> s.put("type", "integer").put("minimum", i.min()).put("maximum", i.max());
            case Num n -> s.put("type", "number").put("minimum", n.min()).put("maximum", n.max());
            case Bool b -> s.put("type", "boolean");
            case CommentId c -> s.put("type", "string").put("description", "an id of a comment in the sample");
            case Arr a -> {
                s.put("type", "array").put("minItems", a.minItems()).put("maxItems", a.maxItems());
                s.set("items", json(a.items()));
            }
        }
        return s;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
