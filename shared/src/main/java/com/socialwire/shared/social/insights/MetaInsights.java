package com.socialwire.shared.social.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meta's insights edge ({@code GET /{object-id}/insights?metric=…}), read once for Instagram media and accounts,
 * Facebook Page posts and Threads posts (reports-content.md §1.2–1.3): a value is {@code values[].value} (the last one
 * of a time series) or {@code total_value.value}; an empty {@code data} array is "no data yet" (unknown, not 0). A
 * metric the object does not support fails the WHOLE request with {@code (#100) … does not support the X, Y metric…}:
 * those metrics are dropped and the rest asked again, so one unsupported metric never costs the others.
 */
final class MetaInsights {

    /** How often a request is narrowed after a (#100) before giving up. */
    static final int MAX_NARROWING = 2;
    private static final Pattern UNSUPPORTED = Pattern.compile("does not support the (.+?) metrics?", Pattern.CASE_INSENSITIVE);

    private final PlatformHttp http;
    private final String base;

    MetaInsights(PlatformHttp http, String base) {
        this.http = http;
        this.base = base;
    }

    /** What one read gave: the values by Meta's metric name, and the metrics Meta said the object does not support. */
    record Read(Map<String, Long> values, List<String> unsupported) {
    }

    PlatformResult<Read> read(String objectId, List<String> metrics, String extraQuery, String token) {
        List<String> asked = new ArrayList<>(metrics);
        List<String> unsupported = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            URI uri = URI.create(base + "/" + PlatformHttp.component(objectId) + "/insights?metric=" + String.join(",", asked)
                    + (extraQuery == null || extraQuery.isEmpty() ? "" : "&" + extraQuery));
            PlatformResult<Map<String, Long>> r = http.get(uri, token, Map.of(), "GET /{id}/insights", MetaInsights::values);
            if (r instanceof PlatformResult.Ok<Map<String, Long>>(Map<String, Long> values)) {
                return new PlatformResult.Ok<>(new Read(values, List.copyOf(unsupported)));
            }
            List<String> refused = r instanceof PlatformResult.Rejected<Map<String, Long>> rj && "meta_100".equals(rj.code())
                    ? unsupported(rj.message(), asked) : List.of();
            if (refused.isEmpty() || attempt >= MAX_NARROWING) {
                return r.failure();
            }
            asked.removeAll(refused);
            unsupported.addAll(refused);
            if (asked.isEmpty()) {
                return new PlatformResult.Ok<>(new Read(Map.of(), List.copyOf(unsupported)));
            }
        }
    }

    /** The asked metrics a (#100) message names as unsupported ("does not support the impressions, replies metric"). */
    static List<String> unsupported(String message, List<String> asked) {
        Matcher m = UNSUPPORTED.matcher(message == null ? "" : message);
        List<String> out = new ArrayList<>();
        if (m.find()) {
            for (String name : m.group(1).split(",|\\band\\b")) {
                String n = name.strip().toLowerCase(Locale.ROOT);
                if (asked.contains(n)) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** The insights answer's numbers by metric name (empty for an empty {@code data}); null when it is not one. */
    static Map<String, Long> values(JsonNode body) {
        JsonNode data = body.get("data");
        if (data == null || !data.isArray()) {
            return null;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (JsonNode metric : data) {
            String name = metric.path("name").asText("");
            Long value = null;
            for (JsonNode v : metric.path("values")) {
                if (v.path("value").isNumber()) {
                    value = v.path("value").asLong();
                }
            }
            if (value == null && metric.path("total_value").path("value").isNumber()) {
                value = metric.path("total_value").path("value").asLong();
            }
            if (!name.isEmpty() && value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    /** A number field of a Graph object, or null when absent. */
    static Long number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? v.asLong() : null;
    }
}
