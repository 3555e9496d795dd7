package com.socialwire.posts.studio.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.providers.llm.LlmClients;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A content job's request body, validated field by field (every problem in one 400; a number beyond its scale 422;
 * a rule across fields, such as a media-first platform in a text calendar, 422) and normalised to what the job stores.
 */
public final class JobRequest {

    static final Set<String> FIELDS = Set.of("type", "contentType", "prompt", "topic", "keywords", "length", "platforms", "tone",
            "templateId", "variables", "provider", "model", "temperature", "maxTokens", "days", "cadence", "pillars", "startDate",
            "postId", "scheduledFor", "text", "targetPlatforms", "sourcePlatform");
    static final Set<String> CONTENT_TYPES = Set.of("caption", "calendar", "blog", "email", "landing", "local", "repurpose");
    static final Set<String> LENGTHS = Set.of("short", "medium", "long");
    static final Set<String> TONES = Set.of("professional", "casual", "humorous", "inspirational", "educational", "provocative");
    public static final int MAX_PROMPT = 4_000;
    public static final int MAX_TEXT = 10_000;
    public static final int MIN_MAX_TOKENS = 16;
    public static final int MAX_MAX_TOKENS = 8_000;
    public static final int MAX_DAYS = 31;
    public static final int MAX_PER_DAY = 5;
    public static final int MAX_PER_WEEK = 21;
    /** The most drafts one calendar job makes. */
    public static final int MAX_SLOTS = 100;
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9._:/-]{1,100}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    private JobRequest() {
    }

    /** The job type and the normalised request, or the 400/422 that says what is wrong. */
    public record Parsed(JobType type, ObjectNode request) {
    }

    public static Parsed parse(ObjectNode body) {
        JsonBody b = new JsonBody(body, FIELDS);
        JobType type = b.oneOf("type", true, Set.copyOf(JobType.WIRE_NAMES)).flatMap(JobType::parse).orElse(null);
        ObjectNode r = Json.object();
        if (type == null) {
            b.check();
        }
        r.put("type", type.wire());
        if (type.generates()) {
            r.put("contentType", b.oneOf("contentType", false, CONTENT_TYPES).orElse(type.contentType()));
            b.oneOf("provider", false, Set.copyOf(LlmClients.PROVIDERS)).ifPresent(p -> r.put("provider", p));
            b.string("model", false, 1, 100).ifPresent(m -> {
                if (MODEL.matcher(m).matches()) {
                    r.put("model", m);
                } else {
                    b.reject("model", "must be letters, digits or . _ : / -");
                }
            });
            b.decimal("temperature", BigDecimal.ZERO, BigDecimal.valueOf(2), 2).ifPresent(t -> r.put("temperature", t.doubleValue()));
            r.put("maxTokens", b.decimal("maxTokens", BigDecimal.valueOf(MIN_MAX_TOKENS), BigDecimal.valueOf(MAX_MAX_TOKENS), 0)
                    .map(BigDecimal::intValue).orElse(type.defaultMaxTokens()));
            b.oneOf("length", false, LENGTHS).ifPresent(l -> r.put("length", l));
            b.oneOf("tone", false, TONES).ifPresent(t -> r.put("tone", t));
            putStrings(r, "keywords", b.strings("keywords", 20, 60).orElse(List.of()));
            b.string("templateId", false, 1, 100).ifPresent(t -> r.put("templateId", t));
            variables(body, b, r);
            if (type != JobType.REPURPOSE) {
                String topic = b.string("prompt", false, 1, MAX_PROMPT).or(() -> b.string("topic", false, 1, MAX_PROMPT)).orElse(null);
                if (topic == null && !body.has("prompt") && !body.has("topic")) {
                    b.reject("prompt", "is required (what to write about)");
                }
                r.put("prompt", topic);
            }
        }
        List<String> platforms = platforms(b, "platforms");
        switch (type) {
            case GENERATE_CALENDAR -> calendar(b, r, platforms);
            case REPURPOSE -> {
                r.put("text", b.string("text", true, 1, MAX_TEXT).orElse(null));
                b.oneOf("sourcePlatform", false, Set.copyOf(Platforms.names())).ifPresent(s -> r.put("sourcePlatform", s));
                List<String> targets = platforms(b, "targetPlatforms");
                if (targets.isEmpty() && !body.has("targetPlatforms")) {
                    b.reject("targetPlatforms", "is required (at least one platform)");
                }
                putStrings(r, "targetPlatforms", targets);
            }
            case SCHEDULE_POST -> {
                r.put("postId", postId(b));
                String when = b.string("scheduledFor", true, 1, 64).orElse(null);
                if (when != null && instant(when) == null) {
                    b.reject("scheduledFor", "must be an ISO-8601 date-time with an offset");
                }
                r.put("scheduledFor", when);
            }
            case REGENERATE_POST -> r.put("postId", postId(b));
            default -> putStrings(r, "platforms", platforms);
        }
        b.check();
        return new Parsed(type, r);
    }

    private static void calendar(JsonBody b, ObjectNode r, List<String> platforms) {
        r.put("days", b.decimal("days", BigDecimal.ONE, BigDecimal.valueOf(MAX_DAYS), 0).map(BigDecimal::intValue).orElse(0));
        if (!b.has("days")) {
            b.reject("days", "is required (1 to " + MAX_DAYS + ")");
        }
        ObjectNode cadence = r.putObject("cadence");
        b.object("cadence", Set.of("postsPerDay", "postsPerWeek")).ifPresentOrElse(c -> {
            var perDay = c.decimal("postsPerDay", BigDecimal.ONE, BigDecimal.valueOf(MAX_PER_DAY), 0);
            var perWeek = c.decimal("postsPerWeek", BigDecimal.ONE, BigDecimal.valueOf(MAX_PER_WEEK), 0);
            if (c.has("postsPerDay") == c.has("postsPerWeek")) {
                c.reject("postsPerDay", "give postsPerDay or postsPerWeek, not both");
            }
            perDay.ifPresent(n -> cadence.put("postsPerDay", n.intValue()));
            perWeek.ifPresent(n -> cadence.put("postsPerWeek", n.intValue()));
        }, () -> cadence.put("postsPerDay", 1));
        if (platforms.isEmpty()) {
            b.reject("platforms", "is required (at least one platform)");
        }
        putStrings(r, "platforms", platforms);
        putStrings(r, "pillars", b.strings("pillars", 10, 100).orElse(List.of()));
        b.string("startDate", false, 10, 10).ifPresent(d -> {
            try {
                r.put("startDate", LocalDate.parse(d).toString());
            } catch (DateTimeParseException e) {
                b.reject("startDate", "must be a date, yyyy-MM-dd (the tenant's local date)");
            }
        });
        int perDay = cadence.path("postsPerDay").asInt(0);
        if (perDay * r.path("days").asInt() > MAX_SLOTS) {
            b.reject("days", "days × postsPerDay must be at most " + MAX_SLOTS + " posts");
        }
        List<String> mediaFirst = platforms.stream().map(Platforms::require).filter(Platform::requiresMedia).map(Platform::name).toList();
        if (!mediaFirst.isEmpty()) {
            b.check(); // the 400s first
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "a calendar writes text drafts; these platforms need media on every post",
                    Map.of("platforms", mediaFirst), Map.of());
        }
    }

    /** An ISO-8601 date-time with an offset, or null. */
    static java.time.Instant instant(String text) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static void putStrings(ObjectNode o, String field, List<String> values) {
        var a = o.putArray(field);
        values.forEach(a::add);
    }

    /** Canonical platform names (aliases accepted), or an error on the field. */
    private static List<String> platforms(JsonBody b, String field) {
        List<String> out = new ArrayList<>();
        for (String p : b.strings(field, 12, 40).orElse(List.of())) {
            Platforms.find(p).ifPresentOrElse(x -> {
                if (!out.contains(x.name())) {
                    out.add(x.name());
                }
            }, () -> b.reject(field, "Unsupported platform: " + p + " (see GET /v1/platforms)"));
        }
        return out;
    }

    private static String postId(JsonBody b) {
        String id = b.string("postId", true, 1, 100).orElse(null);
        if (id != null && (!id.startsWith("post_") || !ID.matcher(id).matches())) {
            b.reject("postId", "must be a post id (post_...)");
        }
        return id;
    }

    /** {@code variables}: a flat object of strings, for the template. */
    private static void variables(ObjectNode body, JsonBody b, ObjectNode r) {
        JsonNode v = body.get("variables");
        if (v == null || v.isNull()) {
            return;
        }
        ObjectNode out = r.putObject("variables");
        if (!v.isObject() || v.size() > 50) {
            b.reject("variables", "must be an object of at most 50 string values");
            return;
        }
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual() || e.getValue().asText().length() > 2_000 || !ID.matcher(e.getKey()).matches()) {
                b.reject("variables." + e.getKey(), "must be a string of at most 2000 characters under a plain name");
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
    }
}
