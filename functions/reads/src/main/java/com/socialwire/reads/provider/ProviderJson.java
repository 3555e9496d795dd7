package com.socialwire.reads.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.providers.instagram.BusinessDiscovery;

import java.time.Instant;

/** Reading the loose JSON read providers and the Graph API answer: absent, null or malformed values are null, never 0. */
final class ProviderJson {

    /** Instagram CDN links carry their expiry as {@code oe=<hex epoch seconds>}. */
    private static final java.util.regex.Pattern OE = java.util.regex.Pattern.compile("[?&]oe=([0-9A-Fa-f]{1,12})(?:&|$)");

    private ProviderJson() {
    }

    static String text(JsonNode node, String field) {
        return node == null ? null : ProviderHttp.text(node, field);
    }

    /** A non-negative count (numbers or numeric strings), else null. */
    static Long count(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber() && v.canConvertToLong()) {
            return v.asLong() >= 0 ? v.asLong() : null;
        }
        if (v.isTextual()) {
            try {
                long n = Long.parseLong(v.asText().trim());
                return n >= 0 ? n : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** The first of {@code fields} that holds a count. */
    static Long firstCount(JsonNode node, String... fields) {
        for (String f : fields) {
            Long c = count(node, f);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    static Integer integer(JsonNode node, String field) {
        Long c = count(node, field);
        return c == null || c > Integer.MAX_VALUE ? null : c.intValue();
    }

    static Double decimal(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isNumber() && v.asDouble() >= 0 ? v.asDouble() : null;
    }

    static Boolean bool(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isBoolean() ? v.asBoolean() : null;
    }

    /** Epoch seconds (a number or numeric text), ISO-8601 or Meta's {@code +0000} form; null otherwise. */
    static Instant instant(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            long s = v.asLong();
            return s > 0 && s < 100_000_000_000L ? Instant.ofEpochSecond(s) : null;
        }
        if (!v.isTextual()) {
            return null;
        }
        String t = v.asText().trim();
        try {
            long s = Long.parseLong(t);
            return s > 0 && s < 100_000_000_000L ? Instant.ofEpochSecond(s) : null;
        } catch (NumberFormatException notEpoch) {
            return BusinessDiscovery.time(t);
        }
    }

    /** When an Instagram CDN link stops working ({@code oe=} hex epoch seconds), or null when it does not say. */
    static Instant cdnExpiry(String url) {
        if (url == null) {
            return null;
        }
        java.util.regex.Matcher m = OE.matcher(url);
        if (!m.find()) {
            return null;
        }
        long seconds = Long.parseLong(m.group(1), 16);
        return seconds > 0 && seconds < 100_000_000_000L ? Instant.ofEpochSecond(seconds) : null;
    }

    /** A string id whether the provider wrote it as a number or as text. */
    static String id(JsonNode node, String... fields) {
        for (String f : fields) {
            JsonNode v = node == null ? null : node.get(f);
            if (v != null && (v.isTextual() || v.isIntegralNumber()) && !v.asText().isBlank()) {
                return v.asText();
            }
        }
        return null;
    }
}
