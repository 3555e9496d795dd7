package com.socialwire.posts.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.PostLimits;
import com.socialwire.posts.store.CommentStore;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.store.Page;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A post's review comments: added by reviewers (optionally anchored to text or an image), picked up by the rewrite. */
public final class ReviewComments {

    private final PostStore posts;
    private final CommentStore comments;
    private final Clock clock;

    public ReviewComments(PostStore posts, CommentStore comments, Clock clock) {
        this.posts = posts;
        this.comments = comments;
        this.clock = clock;
    }

    /** Stores a comment made elsewhere (a rejection's reason). */
    void save(String tenantId, String postId, ObjectNode comment) {
        comments.put(tenantId, postId, comment);
    }

    public ObjectNode addComment(Principal who, String tenantId, String postId, ObjectNode body) {
        PostLimits.requireWithin(PostLimits.tooLong(body, "text", PostLimits.COMMENT));
        JsonBody b = new JsonBody(body, Set.of("text", "anchor"));
        String text = b.string("text", true, 1, PostLimits.COMMENT).orElse(null);
        ObjectNode anchor = null;
        JsonNode a = body.get("anchor");
        if (a != null && !a.isNull()) {
            Optional<JsonBody> ab = b.object("anchor", Set.of("type", "text", "offset", "length", "mediaUrl", "mediaId", "x", "y"));
            if (ab.isPresent()) {
                String type = ab.get().oneOf("type", true, Set.of("text", "image")).orElse(null);
                anchor = Json.object();
                anchor.put("type", type);
                if ("text".equals(type)) {
                    String sel = a.path("text").asText("");
                    if (sel.isBlank()) {
                        b.reject("anchor.text", "is required for a text anchor");
                    }
                    anchor.put("text", sel.length() > 400 ? sel.substring(0, 400) : sel);
                    anchor.put("offset", Math.max(0, a.path("offset").asInt(0)));
                    JsonNode length = a.get("length");
                    if (length != null && !length.isNull()) {
                        if (!length.canConvertToExactIntegral() || !length.canConvertToInt()
                                || length.intValue() < 1 || length.intValue() > PostLimits.TEXT) {
                            b.reject("anchor.length", "must be a whole number from 1 to " + PostLimits.TEXT);
                        } else {
                            anchor.put("length", length.intValue());
                        }
                    }
                    for (String imageOnly : new String[]{"x", "y", "mediaId", "mediaUrl"}) {
                        if (a.has(imageOnly) && !a.get(imageOnly).isNull()) {
                            b.reject("anchor." + imageOnly, "is for an image anchor only");
                        }
                    }
                } else if ("image".equals(type)) {
                    String url = a.path("mediaUrl").asText("");
                    String mediaId = a.path("mediaId").asText("");
                    if (url.isBlank() && mediaId.isBlank()) {
                        b.reject("anchor", "an image anchor needs mediaId or mediaUrl");
                    }
                    if (!mediaId.isBlank()) {
                        anchor.put("mediaId", mediaId);
                    }
                    if (!url.isBlank()) {
                        anchor.put("mediaUrl", url.length() > 1000 ? url.substring(0, 1000) : url);
                    }
                    point(a, anchor, b);
                    if (a.has("length") && !a.get("length").isNull()) {
                        b.reject("anchor.length", "is for a text anchor only");
                    }
                }
            }
        }
        b.check();
        posts.require(tenantId, postId);
        ObjectNode c = newComment(who, text, anchor, "comment");
        comments.put(tenantId, postId, c);
        return c;
    }

    /** Decimal places an image point keeps (a millionth of the image's side). */
    static final int POINT_SCALE = 6;

    /**
     * An image anchor's optional point: {@code x} and {@code y} as fractions 0..1 of the image's width and height
     * (from its left and top), both or neither; anything else is unprocessable (422).
     */
    private static void point(JsonNode a, ObjectNode anchor, JsonBody b) {
        JsonNode x = a.get("x");
        JsonNode y = a.get("y");
        boolean hasX = x != null && !x.isNull();
        boolean hasY = y != null && !y.isNull();
        if (!hasX && !hasY) {
            return;
        }
        if (hasX != hasY) {
            b.rejectUnprocessable("anchor." + (hasX ? "y" : "x"), "is required with anchor." + (hasX ? "x" : "y") + ": an image point has both");
            return;
        }
        java.math.BigDecimal px = fraction(x, "anchor.x", b);
        java.math.BigDecimal py = fraction(y, "anchor.y", b);
        if (px != null && py != null) {
            anchor.put("x", px);
            anchor.put("y", py);
        }
    }

    private static java.math.BigDecimal fraction(JsonNode v, String field, JsonBody b) {
        if (!v.isNumber()) {
            b.rejectUnprocessable(field, "must be a number from 0 to 1");
            return null;
        }
        java.math.BigDecimal d = v.decimalValue();
        if (d.compareTo(java.math.BigDecimal.ZERO) < 0 || d.compareTo(java.math.BigDecimal.ONE) > 0) {
            b.rejectUnprocessable(field, "must be a number from 0 to 1");
            return null;
        }
        return d.setScale(Math.min(POINT_SCALE, Math.max(0, d.scale())), java.math.RoundingMode.HALF_UP).stripTrailingZeros();
    }

    ObjectNode newComment(Principal who, String text, ObjectNode anchor, String kind) {
        Instant now = clock.instant();
        ObjectNode c = Json.object();
        c.put("id", "cmt_" + PostStore.ts(now).replaceAll("[^0-9]", "") + Ids.base62(8));
        c.put("text", text);
        c.put("kind", kind);
        c.put("userId", who == null ? "system" : who.keyId());
        c.put("userRole", who == null || who.role() == null ? (who != null && who.isOwner() ? "owner" : "system") : who.role().name().toLowerCase());
        c.put("createdAt", now.toString());
        c.put("agentPickedUp", false);
        c.putNull("agentPickedUpAt");
        if (anchor != null) {
            c.set("anchor", anchor);
        }
        return c;
    }

    public Page<ObjectNode> listComments(String tenantId, String postId, int limit, String cursor) {
        posts.require(tenantId, postId);
        return comments.list(tenantId, postId, limit, cursor);
    }

    public ObjectNode pickUpComment(String tenantId, String postId, String commentId, ObjectNode body) {
        JsonBody b = new JsonBody(body, Set.of("agentPickedUp"));
        boolean picked = b.bool("agentPickedUp").orElse(true);
        b.check();
        ObjectNode c = comments.get(tenantId, postId, commentId).orElseThrow(() -> ApiException.notFound("comment " + commentId));
        c.put("agentPickedUp", picked);
        if (picked) {
            c.put("agentPickedUpAt", clock.instant().toString());
        } else {
            c.putNull("agentPickedUpAt");
        }
        comments.put(tenantId, postId, c);
        return c;
    }

    public void deleteComment(Principal who, String tenantId, String postId, String commentId) {
        ObjectNode c = comments.get(tenantId, postId, commentId).orElseThrow(() -> ApiException.notFound("comment " + commentId));
        if (who.role() == Role.CLIENT && !who.keyId().equals(c.path("userId").asText())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "a client key may delete only its own comments");
        }
        if (!comments.delete(tenantId, postId, commentId)) {
            throw ApiException.notFound("comment " + commentId);
        }
    }
}
