package com.socialwire.posts.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.store.AttrValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bounds that keep every stored post item far below DynamoDB's 400 KB item limit, whatever
 * sequence of API calls and publish steps it went through: the API caps each field (422, per field
 * in {@code details}) and the whole body (413); the stored document is at most {@value #DOC_BYTES}
 * bytes (422); the audit trail keeps the newest {@value #HISTORY_KEPT} transitions in the item and
 * counts the older ones; each platform's delivery is at most {@value #DELIVERY_BYTES} bytes.
 * The only in-place growth is the publish claim's one history entry, and every path back to
 * {@code scheduled} is a whole-item save that trims the trail again. PostLimitsTest computes the worst case.
 */
public final class PostLimits {

    /** DynamoDB's item size limit. */
    public static final int ITEM_LIMIT_BYTES = 400 * 1024;
    /** The text and each platform override (Facebook's limit, the longest of any platform). */
    public static final int TEXT = 63_206;
    /** A post's title, after trimming, in characters (Reddit's limit, the longest of any platform that takes one). */
    public static final int TITLE = 300;
    /** A post's link (an absolute http(s) URL), in characters. */
    public static final int LINK = 2_048;
    public static final int HASHTAGS = 60;
    public static final int HASHTAG = 100;
    public static final int THREAD_PARTS = 25;
    public static final int THREAD_PART = 25_000;
    public static final int LABELS = 20;
    public static final int LABEL = 50;
    public static final int ACCOUNT_IDS = 20;
    public static final int ACCOUNT_ID = 100;
    public static final int MEDIA = 20;
    public static final int MEDIA_ID = 64;
    /** A review comment (its own item) and a rejection reason. */
    public static final int COMMENT = 5_000;
    public static final int REASON = 2_000;
    /** Review comments a regeneration lists in the post (the rest are counted). */
    public static final int FEEDBACK_KEPT = 10;
    /** A single post's request body; larger is 413. */
    public static final int BODY_BYTES = 512 * 1024;
    /** The stored document (content and metadata) as UTF-8 JSON: the store refuses more. */
    public static final int DOC_BYTES = 192 * 1024;
    /**
     * The document as a create or edit leaves it; larger is 422. The difference to {@link #DOC_BYTES}
     * is room for what the system adds later (approval stamps, the last rejection and regeneration,
     * publishedAt: about 22 KB at most), so a post the API accepted is never refused by a later step.
     */
    public static final int CONTENT_BYTES = DOC_BYTES - 32 * 1024;
    /** The newest transitions kept in the item; older ones are counted in {@code historyDropped}. */
    public static final int HISTORY_KEPT = 40;
    /** Characters of a transition's reason and actor in the trail (the full rejection reason is in the review comment). */
    public static final int HISTORY_REASON = 280;
    public static final int HISTORY_ACTOR = 100;
    /** One platform's delivery as UTF-8 JSON, and the longest text field in it (a provider's message). */
    public static final int DELIVERY_BYTES = 4 * 1024;
    public static final int DELIVERY_TEXT = 500;

    private PostLimits() {
    }

    /**
     * Every field of a create or update body that is over its cap, as {@code details} of a 422
     * (field → what is allowed); empty when none is. Shapes (types, formats) are left to the parser.
     */
    public static Map<String, Object> tooLong(ObjectNode body) {
        Map<String, Object> out = new LinkedHashMap<>();
        JsonNode content = body.path("content");
        if (content.isTextual()) {
            text(out, "content", content, TEXT);
        } else if (content.isObject()) {
            text(out, "content.text", content.path("text"), TEXT);
            Iterator<Map.Entry<String, JsonNode>> it = content.path("platformOverrides").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                text(out, "content.platformOverrides." + e.getKey(), e.getValue(), TEXT);
            }
        }
        JsonNode title = body.path("title");
        if (title.isTextual() && characters(title.asText().strip()) > TITLE) {
            out.put("title", "at most " + TITLE + " characters (" + characters(title.asText().strip()) + " given)");
        }
        text(out, "link", body.path("link"), LINK);
        list(out, body, "hashtags", HASHTAGS, HASHTAG);
        list(out, body, "threadParts", THREAD_PARTS, THREAD_PART);
        list(out, body, "labels", LABELS, LABEL);
        list(out, body, "tags", LABELS, LABEL);
        list(out, body, "accountIds", ACCOUNT_IDS, ACCOUNT_ID);
        JsonNode media = body.path("media");
        if (media.isArray()) {
            if (media.size() > MEDIA) {
                out.put("media", "at most " + MEDIA + " items (" + media.size() + " given)");
            }
            for (int i = 0; i < media.size(); i++) {
                JsonNode m = media.get(i);
                text(out, "media[" + i + "]", m.isObject() ? m.path("id") : m, MEDIA_ID);
            }
        }
        return out;
    }

    /** A 422 listing every field over its cap in {@code details}, unless {@code tooLong} is empty. */
    public static void requireWithin(Map<String, Object> tooLong) {
        if (!tooLong.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "some fields are too long: " + String.join(", ", tooLong.keySet()),
                    tooLong, Map.of());
        }
    }

    /** A 422 when the document {@code doc} is over {@code max} bytes, with both sizes in {@code details.post}. */
    public static void requireDocWithin(JsonNode doc, int max) {
        int size = bytes(doc);
        if (size > max) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "the post is too large: its content and metadata take " + size
                    + " bytes (UTF-8 JSON), at most " + max, Map.of("post", Map.of("sizeBytes", size, "maxBytes", max)), Map.of());
        }
    }

    /** The problem of a text field of a small body (a comment, a reason) over {@code max} characters, if it is. */
    public static Map<String, Object> tooLong(ObjectNode body, String field, int max) {
        Map<String, Object> out = new LinkedHashMap<>();
        text(out, field, body.path(field), max);
        return out;
    }

    /** Characters as a person counts them: code points, an emoji once. */
    public static int characters(String s) {
        return s.codePointCount(0, s.length());
    }

    private static void text(Map<String, Object> out, String field, JsonNode v, int max) {
        if (v.isTextual() && v.asText().length() > max) {
            out.put(field, "at most " + max + " characters (" + v.asText().length() + " given)");
        }
    }

    private static void list(Map<String, Object> out, JsonNode body, String field, int maxItems, int maxLength) {
        JsonNode v = body.path(field);
        if (!v.isArray()) {
            return;
        }
        if (v.size() > maxItems) {
            out.put(field, "at most " + maxItems + " items (" + v.size() + " given)");
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            text(out, field + "[" + i + "]", v.get(i), maxLength);
        }
    }

    /** {@code s} on one line (control characters become spaces), at most {@code max} characters (ending in …). */
    public static String clip(String s, int max) {
        if (s == null) {
            return null;
        }
        String line = s.replaceAll("\\p{Cntrl}", " ");
        if (line.length() <= max) {
            return line;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return line.substring(0, end) + "…";
    }

    /** UTF-8 bytes of {@code n} as stored (JSON). */
    public static int bytes(JsonNode n) {
        return Json.write(n).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Keeps a delivery within {@value #DELIVERY_BYTES} bytes, in place (so the caller's copy stays
     * the one compared next): text fields are clipped to {@value #DELIVERY_TEXT} characters, then
     * shorter, until it fits (only a provider's answer can be that long: its message, its ids).
     */
    public static ObjectNode boundDelivery(ObjectNode d) {
        for (int max : new int[]{DELIVERY_TEXT, 100, 24}) {
            if (bytes(d) <= DELIVERY_BYTES) {
                return d;
            }
            List<String> names = new ArrayList<>();
            d.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode v = d.get(name);
                if (v.isTextual() && v.asText().length() > max) {
                    d.put(name, clip(v.asText(), max));
                } else if (v.isContainerNode() && bytes(v) > max * 4) {
                    d.put(name, "(left out: " + bytes(v) + " bytes)");
                }
            }
        }
        if (bytes(d) > DELIVERY_BYTES) {
            throw new IllegalArgumentException("a delivery with " + d.size() + " fields is over " + DELIVERY_BYTES + " bytes");
        }
        return d;
    }

    /** An item's size as DynamoDB counts it (names and values in UTF-8; numbers at their largest). */
    public static int itemBytes(Map<String, AttrValue> item) {
        int n = 0;
        for (Map.Entry<String, AttrValue> e : item.entrySet()) {
            n += utf8(e.getKey()) + valueBytes(e.getValue());
        }
        return n;
    }

    private static int valueBytes(AttrValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return 21;
        }
        byte[] b = v.b();
        if (b != null) {
            return b.length;
        }
        if (v.hasL()) {
            int n = 3;
            for (AttrValue x : v.l()) {
                n += 1 + valueBytes(x);
            }
            return n;
        }
        if (v.hasM()) {
            int n = 3;
            for (Map.Entry<String, AttrValue> e : v.m().entrySet()) {
                n += 1 + utf8(e.getKey()) + valueBytes(e.getValue());
            }
            return n;
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToInt(PostLimits::utf8).sum();
        }
        return 1;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
