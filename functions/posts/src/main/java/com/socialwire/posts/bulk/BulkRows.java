package com.socialwire.posts.bulk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one CSV row of a bulk import ({@link Csv}) into the JSON body of one post create, so a CSV import and a JSON
 * import go through the same validation. It converts only: whether the values are valid is the posts service's call.
 *
 * <table>
 *   <caption>columns (names as {@link Csv} gives them: trimmed, lower-case)</caption>
 *   <tr><th>column</th><th>field</th><th>value</th></tr>
 *   <tr><td>content</td><td>content</td><td>text, outer blanks stripped</td></tr>
 *   <tr><td>platforms</td><td>platforms</td><td>list</td></tr>
 *   <tr><td>scheduled_for, scheduledfor, scheduled_at, scheduledat</td><td>scheduledFor</td><td>text, the first
 *       non-empty of these in this order (scheduledFor is the primary name, scheduledAt its alias)</td></tr>
 *   <tr><td>category</td><td>category</td><td>text</td></tr>
 *   <tr><td>title, link</td><td>title, link</td><td>text</td></tr>
 *   <tr><td>hashtags, tags, labels</td><td>hashtags, tags, labels</td><td>list</td></tr>
 *   <tr><td>campaign_id, campaignid</td><td>campaignId</td><td>text</td></tr>
 *   <tr><td>media</td><td>media</td><td>list of media ids</td></tr>
 *   <tr><td>requires_approval, requiresapproval</td><td>requiresApproval</td><td>boolean for
 *       true/false/yes/no/1/0 (any case); any other text is passed on as text for the service to reject</td></tr>
 * </table>
 * A list cell is split on {@code ;} or {@code |}, each item stripped, empty items dropped. Empty cells (and lists with
 * no items) are left out of the body; other columns are ignored ({@link #unknownColumns} names them).
 */
public final class BulkRows {

    /** Every column this class reads. */
    public static final Set<String> COLUMNS = Set.of("content", "platforms", "scheduled_for", "scheduledfor",
            "scheduled_at", "scheduledat", "category", "title", "link", "hashtags", "tags", "labels", "campaign_id", "campaignid", "media",
            "requires_approval", "requiresapproval");

    private static final Pattern SEPARATOR = Pattern.compile("[;|]");

    private BulkRows() {
    }

    /** The post create body for one row's values (keys are matched trimmed and case-insensitively). */
    public static ObjectNode toPost(Map<String, String> row) {
        Map<String, String> cells = new LinkedHashMap<>();
        row.forEach((k, v) -> {
            if (k != null && v != null && !v.isBlank()) {
                cells.putIfAbsent(k.strip().toLowerCase(Locale.ROOT), v.strip());
            }
        });
        ObjectNode post = Json.object();
        text(post, "content", cells, "content");
        list(post, "platforms", cells.get("platforms"));
        text(post, "scheduledFor", cells, "scheduled_for", "scheduledfor", "scheduled_at", "scheduledat");
        text(post, "category", cells, "category");
        text(post, "title", cells, "title");
        text(post, "link", cells, "link");
        list(post, "hashtags", cells.get("hashtags"));
        list(post, "tags", cells.get("tags"));
        list(post, "labels", cells.get("labels"));
        text(post, "campaignId", cells, "campaign_id", "campaignid");
        list(post, "media", cells.get("media"));
        String approval = first(cells, "requires_approval", "requiresapproval");
        if (approval != null) {
            switch (approval.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> post.put("requiresApproval", true);
                case "false", "no", "0" -> post.put("requiresApproval", false);
                default -> post.put("requiresApproval", approval);
            }
        }
        return post;
    }

    /** The columns of a header that {@link #toPost} ignores, in header order. */
    public static List<String> unknownColumns(Collection<String> columns) {
        List<String> out = new ArrayList<>();
        for (String c : columns) {
            String name = c == null ? "" : c.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !COLUMNS.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** The items of a list cell: split on {@code ;} or {@code |}, stripped, empty ones dropped. */
    public static List<String> split(String cell) {
        if (cell == null) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : SEPARATOR.split(cell, -1)) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    private static void text(ObjectNode post, String field, Map<String, String> cells, String... columns) {
        String value = first(cells, columns);
        if (value != null) {
            post.put(field, value);
        }
    }

    private static String first(Map<String, String> cells, String... columns) {
        for (String c : columns) {
            String v = cells.get(c);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static void list(ObjectNode post, String field, String cell) {
        List<String> items = split(cell);
        if (!items.isEmpty()) {
            ArrayNode array = post.putArray(field);
            items.forEach(array::add);
        }
    }
}
