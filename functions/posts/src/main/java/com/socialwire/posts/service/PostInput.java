package com.socialwire.posts.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.model.PostLimits;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.JsonBody;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A create or update body of a post, validated field by field into the post document's shape
 * (every problem reported at once, 400). Platform fit (length, media, threads) is checked
 * afterwards against the whole post (422).
 */
final class PostInput {

    static final Set<String> FIELDS = Set.of("content", "platforms", "platform", "accountIds", "scheduledFor", "scheduledAt", "hashtags",
            "media", "threadParts", "labels", "tags", "category", "campaignId", "requiresApproval", "status", "format", "title", "link");
    static final Set<String> CATEGORIES = Set.of("work", "personal", "ai", "sport", "sa", "other");
    static final Set<String> FORMATS = Set.of("feed", "reel", "story", "carousel");
    static final Pattern CAMPAIGN = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    static final int MAX_TEXT = PostLimits.TEXT;

    /** The fields given, in the document's shape; absent fields are absent. */
    final ObjectNode doc = Json.object();
    /** Present when the body set scheduledFor/scheduledAt; {@code Optional.empty()} inside when it cleared it (null). */
    Optional<Optional<Instant>> scheduledFor = Optional.empty();
    /** The status the request asked for, as sent. */
    String statusText;

    static PostInput parse(ObjectNode body, boolean create) {
        PostLimits.requireWithin(PostLimits.tooLong(body));
        JsonBody b = new JsonBody(body, FIELDS);
        PostInput in = new PostInput();
        JsonNode content = body.get("content");
        if (content == null || content.isNull()) {
            if (create) {
                b.reject("content", "is required (a string, or {text, platformOverrides})");
            }
        } else if (content.isTextual()) {
            if (content.asText().length() > MAX_TEXT) {
                b.reject("content", "must be at most " + MAX_TEXT + " characters");
            }
            ObjectNode c = in.doc.putObject("content");
            c.put("text", content.asText().strip());
            c.putObject("platformOverrides");
        } else if (content.isObject()) {
            b.object("content", Set.of("text", "platformOverrides")).ifPresent(cb -> {
                String text = cb.string("text", false, 0, MAX_TEXT).orElse("");
                ObjectNode c = in.doc.putObject("content");
                c.put("text", text);
                ObjectNode overrides = c.putObject("platformOverrides");
                JsonNode o = content.get("platformOverrides");
                if (o != null && !o.isNull()) {
                    if (!o.isObject()) {
                        b.reject("content.platformOverrides", "must be an object of platform → text");
                    } else {
                        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
                        while (it.hasNext()) {
                            Map.Entry<String, JsonNode> e = it.next();
                            Optional<String> p = Platforms.find(e.getKey()).map(x -> x.name());
                            if (p.isEmpty()) {
                                b.reject("content.platformOverrides." + e.getKey(), "Unsupported platform: " + e.getKey());
                            } else if (!e.getValue().isTextual() || e.getValue().asText().length() > MAX_TEXT) {
                                b.reject("content.platformOverrides." + e.getKey(), "must be a string of at most " + MAX_TEXT + " characters");
                            } else {
                                overrides.put(p.get(), e.getValue().asText().strip());
                            }
                        }
                    }
                }
            });
        } else {
            b.reject("content", "must be a string or {text, platformOverrides}");
        }
        List<String> platforms = new ArrayList<>();
        b.strings("platforms", 12, 40).ifPresent(platforms::addAll);
        b.string("platform", false, 1, 40).ifPresent(p -> {
            if (!platforms.contains(p)) {
                platforms.add(p);
            }
        });
        if (body.has("platforms") || body.has("platform")) {
            ArrayNode out = in.doc.putArray("platforms");
            List<String> seen = new ArrayList<>();
            for (String p : platforms) {
                Optional<String> name = Platforms.find(p).map(x -> x.name());
                if (name.isEmpty()) {
                    b.reject("platforms", "Unsupported platform: " + p + " (see GET /v1/platforms)");
                } else if (!seen.contains(name.get())) {
                    seen.add(name.get());
                    out.add(name.get());
                }
            }
            if (seen.isEmpty() && platforms.isEmpty()) {
                b.reject("platforms", "must name at least one platform");
            }
        } else if (create) {
            b.reject("platforms", "is required (e.g. [\"instagram\"])");
        }
        strings(b, in, "accountIds", PostLimits.ACCOUNT_IDS, PostLimits.ACCOUNT_ID);
        strings(b, in, "labels", PostLimits.LABELS, PostLimits.LABEL);
        strings(b, in, "tags", PostLimits.LABELS, PostLimits.LABEL);
        strings(b, in, "threadParts", PostLimits.THREAD_PARTS, PostLimits.THREAD_PART);
        b.strings("hashtags", PostLimits.HASHTAGS, PostLimits.HASHTAG).ifPresent(tags -> {
            ArrayNode out = in.doc.putArray("hashtags");
            for (String t : tags) {
                String tag = t.startsWith("#") ? t : "#" + t;
                if (!tag.matches("#[\\p{L}\\p{N}_]{1,99}")) {
                    b.reject("hashtags", "each hashtag must be letters, digits or _ (e.g. #springsale)");
                    break;
                }
                out.add(tag);
            }
        });
        if (body.has("scheduledFor") || body.has("scheduledAt")) {
            String field = body.has("scheduledFor") ? "scheduledFor" : "scheduledAt";
            JsonNode v = body.get(field);
            if (v == null || v.isNull()) {
                in.scheduledFor = Optional.of(Optional.empty());
            } else {
                Optional<Instant> t = instant(v.asText());
                if (!v.isTextual() || t.isEmpty()) {
                    b.reject(field, "scheduledFor/scheduledAt must be a valid ISO-8601 date-time with an offset, e.g. 2026-12-01T09:00:00Z");
                } else {
                    in.scheduledFor = Optional.of(t);
                }
            }
        }
        b.oneOf("category", false, CATEGORIES).ifPresent(c -> in.doc.put("category", c));
        b.oneOf("format", false, FORMATS).ifPresent(f -> in.doc.put("format", f));
        clearable(body, in, "campaignId", () -> b.string("campaignId", false, 1, 100).ifPresent(c -> {
            if (CAMPAIGN.matcher(c).matches()) {
                in.doc.put("campaignId", c);
            } else {
                b.reject("campaignId", "must be 1-100 letters, digits or _ . : -");
            }
        }));
        clearable(body, in, "requiresApproval", () -> b.bool("requiresApproval").ifPresent(r -> in.doc.put("requiresApproval", r)));
        // lengths were checked first (PostLimits.tooLong, 422); each platform's own title limit is ContentCheck's
        clearable(body, in, "title", () -> b.string("title", false, 0, Integer.MAX_VALUE).ifPresent(t -> {
            if (t.isEmpty()) {
                b.reject("title", "must be 1 to " + PostLimits.TITLE + " characters, not blank (or null to have none)");
            } else {
                in.doc.put("title", t);
            }
        }));
        clearable(body, in, "link", () -> b.string("link", false, 0, Integer.MAX_VALUE).ifPresent(l -> {
            String problem = linkProblem(l);
            if (problem != null) {
                b.reject("link", problem);
            } else {
                in.doc.put("link", l);
            }
        }));
        JsonNode media = body.get("media");
        if (media != null && !media.isNull()) {
            if (!media.isArray() || media.size() > PostLimits.MEDIA) {
                b.reject("media", "must be an array of at most 20 media ids (med_...) or {\"id\":\"med_...\"}");
            } else {
                ArrayNode ids = Json.array();
                for (JsonNode m : media) {
                    String id = m.isTextual() ? m.asText() : m.path("id").asText("");
                    if (!id.startsWith("med_")) {
                        b.reject("media", "items must be media ids (med_...) from POST /v1/tenants/{tenantId}/media/uploads or /media");
                        break;
                    }
                    ids.add(id);
                }
                in.doc.set("media", ids);
            }
        }
        in.statusText = create ? b.oneOf("status", false, Set.of(PostStatus.DRAFT.wire(), PostStatus.SCHEDULED.wire())).orElse(null)
                : b.string("status", false, 1, 40).orElse(null);
        b.check();
        return in;
    }

    /** The status the request names, if it names one (an update may name anything: the workflow refuses it). */
    PostStatus requested() {
        return statusText == null ? null : PostStatus.parse(statusText).orElse(null);
    }

    /** A field that null clears (stored as null): {@code parse} reads any other value. */
    private static void clearable(ObjectNode body, PostInput in, String field, Runnable parse) {
        if (body.has(field)) {
            if (body.get(field).isNull()) {
                in.doc.putNull(field);
            } else {
                parse.run();
            }
        }
    }

    /**
     * What is wrong with a post's link, or null: it must be an absolute http or https URL with a host, and carry no
     * credentials (a platform shows the link to everyone).
     */
    static String linkProblem(String link) {
        URI uri;
        try {
            uri = new URI(link);
        } catch (URISyntaxException e) {
            return "must be an absolute http(s) URL, e.g. https://example.com/spring-menu (not a valid URL)";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = uri.getRawAuthority();
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || authority == null || authority.isBlank()) {
            return "must be an absolute http(s) URL, e.g. https://example.com/spring-menu";
        }
        if (uri.getRawUserInfo() != null || authority.contains("@")) {
            return "must not carry credentials (user:password@)";
        }
        return null;
    }

    private static void strings(JsonBody b, PostInput in, String field, int max, int maxLength) {
        b.strings(field, max, maxLength).ifPresent(list -> {
            ArrayNode a = in.doc.putArray(field);
            list.forEach(a::add);
        });
    }

    /** ISO-8601 with Z or an offset, to the second. */
    static Optional<Instant> instant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.SECONDS));
        } catch (DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
