package com.socialwire.reads.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.reads.model.InstagramComment;
import com.socialwire.shared.Json;

import java.util.ArrayList;
import java.util.List;

import static com.socialwire.reads.provider.ProviderJson.count;
import static com.socialwire.reads.provider.ProviderJson.firstCount;
import static com.socialwire.reads.provider.ProviderJson.id;
import static com.socialwire.reads.provider.ProviderJson.instant;
import static com.socialwire.reads.provider.ProviderJson.text;

/**
 * A page of Instagram comments as read providers pass it on, in either of Instagram's shapes: the app API's
 * ({@code comments[]} with {@code pk}, {@code text}, {@code created_at}, {@code user}, {@code comment_like_count},
 * {@code child_comment_count}, {@code preview_child_comments}; replies as {@code child_comments[]}; the cursor in
 * {@code next_min_id}/{@code next_max_id}/{@code next_max_child_cursor}) or the web's
 * ({@code edge_media_to_parent_comment.edges[].node} with {@code edge_liked_by}, {@code edge_threaded_comments};
 * the cursor in {@code page_info.end_cursor} while {@code has_next_page}). A provider's own {@code next_cursor} /
 * {@code has_more} win when present.
 */
final class CommentJson {

    private CommentJson() {
    }

    /** A page of top-level comments or of one comment's replies, or null when {@code root} is neither shape. */
    static CommentPaging.Page page(JsonNode root, String shortcode, String parentId) {
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode list = root.get(parentId == null ? "comments" : "child_comments");
        if (list == null && parentId != null) {
            list = root.get("comments");
        }
        if (list != null && list.isArray()) {
            List<InstagramComment> items = new ArrayList<>();
            for (JsonNode c : list) {
                InstagramComment comment = appComment(c, shortcode, parentId);
                if (comment != null) {
                    items.add(comment);
                }
            }
            // each cursor with its own flag: the app API answers next_min_id with has_more_headload_comments and, in the
            // same answer, has_more_comments about the other end
            String cursor = parentId == null
                    ? cursor(root, "next_cursor", "has_more", "next_min_id", "has_more_headload_comments", "next_max_id", "has_more_comments")
                    : cursor(root, "next_cursor", "has_more", "next_max_child_cursor", "has_more_tail_child_comments",
                    "next_min_child_cursor", "has_more_head_child_comments");
            return new CommentPaging.Page(items, cursor, firstCount(root, "comment_count", "child_comment_count"));
        }
        JsonNode edge = webEdge(root, parentId);
        if (edge == null) {
            return null;
        }
        List<InstagramComment> items = new ArrayList<>();
        for (JsonNode e : edge.path("edges")) {
            InstagramComment comment = webComment(e.path("node"), shortcode, parentId);
            if (comment != null) {
                items.add(comment);
            }
        }
        String cursor = text(root, "next_cursor");
        if (cursor == null && edge.path("page_info").path("has_next_page").asBoolean(false)) {
            cursor = text(edge.path("page_info"), "end_cursor");
        }
        return new CommentPaging.Page(items, cursor, count(edge, "count"));
    }

    private static JsonNode webEdge(JsonNode root, String parentId) {
        String name = parentId == null ? "edge_media_to_parent_comment" : "edge_threaded_comments";
        for (JsonNode candidate : new JsonNode[]{root.path(name), root.path("data").path(name),
                root.path("data").path("xdt_shortcode_media").path(name), root.path("data").path("shortcode_media").path(name),
                root.path("data").path("comment").path(name)}) {
            if (candidate.isObject() && candidate.path("edges").isArray()) {
                return candidate;
            }
        }
        return null;
    }

    private static InstagramComment appComment(JsonNode c, String shortcode, String parentId) {
        String id = id(c, "pk", "id");
        if (id == null) {
            return null;
        }
        String parent = parentId != null ? parentId : id(c, "parent_comment_id");
        List<InstagramComment> previews = new ArrayList<>();
        for (JsonNode r : c.path("preview_child_comments")) {
            InstagramComment reply = appComment(r, shortcode, id);
            if (reply != null) {
                previews.add(reply);
            }
        }
        return new InstagramComment(id, parent, text(c, "text"), MediaJson.owner(c.path("user")),
                firstInstant(c, "created_at", "created_at_utc"), firstCount(c, "comment_like_count", "like_count"),
                parent == null ? firstCount(c, "child_comment_count") : null, permalink(shortcode, parent, id), previews);
    }

    private static InstagramComment webComment(JsonNode n, String shortcode, String parentId) {
        String id = id(n, "id", "pk");
        if (id == null) {
            return null;
        }
        List<InstagramComment> previews = new ArrayList<>();
        JsonNode threaded = n.path("edge_threaded_comments");
        for (JsonNode e : threaded.path("edges")) {
            InstagramComment reply = webComment(e.path("node"), shortcode, id);
            if (reply != null) {
                previews.add(reply);
            }
        }
        return new InstagramComment(id, parentId, text(n, "text"), MediaJson.owner(n.path("owner")), instant(n, "created_at"),
                count(n.path("edge_liked_by"), "count"), parentId == null ? count(threaded, "count") : null,
                permalink(shortcode, parentId, id), previews);
    }

    /** Instagram's comment permalink: {@code /p/{sc}/c/{id}/}, a reply {@code /p/{sc}/c/{parent}/r/{id}/}. */
    static String permalink(String shortcode, String parentId, String id) {
        if (shortcode == null || !id.chars().allMatch(Character::isDigit) || (parentId != null && !parentId.chars().allMatch(Character::isDigit))) {
            return null;
        }
        String base = "https://www.instagram.com/p/" + shortcode + "/c/";
        return parentId == null ? base + id + "/" : base + parentId + "/r/" + id + "/";
    }

    /**
     * The first cursor of {@code pairs} (cursor field, its "more" flag) that is present and whose own flag does not say
     * there is no more; null at the end. The app API writes some cursors as JSON objects: they are passed back as JSON.
     */
    private static String cursor(JsonNode root, String... pairs) {
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            JsonNode v = root.get(pairs[i]);
            if (v == null || v.isNull() || Boolean.FALSE.equals(ProviderJson.bool(root, pairs[i + 1]))) {
                continue;
            }
            String s = v.isContainerNode() ? Json.write(v) : v.asText();
            if (!s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    private static java.time.Instant firstInstant(JsonNode n, String... fields) {
        for (String f : fields) {
            java.time.Instant i = instant(n, f);
            if (i != null) {
                return i;
            }
        }
        return null;
    }
}
