package com.socialwire.shared.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a request's JSON object field by field and collects every problem, so one 400 tells the
 * caller all that is wrong: unknown fields, wrong types, missing or out-of-range values.
 */
public final class JsonBody {

    private final ObjectNode node;
    private final String prefix;
    private final Map<String, Object> errors;
    /** Set when a number is out of its field's bounds: the body is well formed but unprocessable (422). */
    private final boolean[] unprocessable;

    public JsonBody(ObjectNode node, Set<String> allowedFields) {
        this(node, allowedFields, "", new LinkedHashMap<>(), new boolean[1]);
    }

    private JsonBody(ObjectNode node, Set<String> allowedFields, String prefix, Map<String, Object> errors, boolean[] unprocessable) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
        this.unprocessable = unprocessable;
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowedFields.contains(name)) {
                errors.put(prefix + name, "unknown field");
            }
        }
    }

    /** Reads a nested object with the same error list; absent → empty. */
    public Optional<JsonBody> object(String field, Set<String> allowedFields) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            errors.put(prefix + field, "must be an object");
            return Optional.empty();
        }
        return Optional.of(new JsonBody((ObjectNode) v, allowedFields, prefix + field + ".", errors, unprocessable));
    }

    public boolean has(String field) {
        return node.has(field);
    }

    public boolean isNull(String field) {
        return node.has(field) && node.get(field).isNull();
    }

    public Optional<String> string(String field, boolean required, int minLength, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.put(prefix + field, "is required");
            }
            return Optional.empty();
        }
        if (!v.isTextual()) {
            errors.put(prefix + field, "must be a string");
            return Optional.empty();
        }
        String s = v.asText().strip();
        if (s.length() < minLength || s.length() > maxLength) {
            errors.put(prefix + field, "must be " + minLength + " to " + maxLength + " characters");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    public Optional<String> oneOf(String field, boolean required, Set<String> values) {
        Optional<String> s = string(field, required, 1, 100);
        if (s.isPresent() && !values.contains(s.get())) {
            errors.put(prefix + field, "must be one of " + values.stream().sorted().toList());
            return Optional.empty();
        }
        return s;
    }

    public Optional<Boolean> bool(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            errors.put(prefix + field, "must be true or false");
            return Optional.empty();
        }
        return Optional.of(v.booleanValue());
    }

    public Optional<BigDecimal> decimal(String field, BigDecimal min, BigDecimal max) {
        return decimal(field, min, max, ApiRequest.MAX_NUMBER_DIGITS);
    }

    /**
     * A number from {@code min} to {@code max} (else 400) with at most {@code maxDecimals} digits after
     * the point and within {@link ApiRequest#NUMBER_RULE} (else the body is unprocessable: 422). Scale
     * and size are checked on precision and scale first, so a huge exponent is never expanded.
     */
    public Optional<BigDecimal> decimal(String field, BigDecimal min, BigDecimal max, int maxDecimals) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isNumber()) {
            errors.put(prefix + field, "must be a number");
            return Optional.empty();
        }
        BigDecimal d = v.decimalValue();
        String range = "must be between " + min.toPlainString() + " and " + max.toPlainString();
        if (!ApiRequest.boundedNumber(d) || d.stripTrailingZeros().scale() > maxDecimals) {
            errors.put(prefix + field, range + (maxDecimals <= 0 ? ", a whole number" : ", with at most " + maxDecimals + " decimal places"));
            unprocessable[0] = true;
            return Optional.empty();
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            errors.put(prefix + field, range);
            return Optional.empty();
        }
        return Optional.of(d);
    }

    public Optional<List<String>> strings(String field, int maxItems, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            errors.put(prefix + field, "must be an array of strings");
            return Optional.empty();
        }
        if (v.size() > maxItems) {
            errors.put(prefix + field, "must have at most " + maxItems + " items");
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank() || item.asText().strip().length() > maxLength) {
                errors.put(prefix + field, "items must be non-empty strings of at most " + maxLength + " characters");
                return Optional.empty();
            }
            String s = item.asText().strip();
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return Optional.of(out);
    }

    /** Records a problem found by a rule the caller checks itself. */
    public void reject(String field, String message) {
        errors.put(prefix + field, message);
    }

    /** Records a problem with a well-formed value the request cannot have (the body becomes unprocessable: 422). */
    public void rejectUnprocessable(String field, String message) {
        errors.put(prefix + field, message);
        unprocessable[0] = true;
    }

    /** Throws one 400 with every problem found so far (422 if a number was beyond its scale or size). */
    public void check() {
        if (!errors.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, unprocessable[0] ? 422 : 400, "the request body is invalid",
                    new LinkedHashMap<>(errors), null);
        }
    }
}
