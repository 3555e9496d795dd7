package com.socialwire.posts.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.analytics.PublishedDeliveries;
import com.socialwire.shared.analytics.PublishedDelivery;

import java.util.List;
import java.util.Optional;

/**
 * The posts context's side of the published-delivery read model: the row a published delivery of a post makes, written
 * where the delivery turns published (DeliveryOutcomes.endWith) and, for a delivery whose row a crash lost, by the
 * analytics routes (the post is the truth of what went out).
 */
public final class PublishedRows {

    private final PublishedDeliveries rows;

    public PublishedRows(PublishedDeliveries rows) {
        this.rows = rows;
    }

    public PublishedDeliveries store() {
        return rows;
    }

    /** Writes the row of {@code platform}'s delivery {@code d} of {@code p} if it is published and has none yet (true then). */
    public boolean record(Post p, String platform, JsonNode d) {
        Optional<PublishedDelivery> row = of(p, platform, d);
        return row.isPresent() && rows.record(row.get());
    }

    /** The row a published delivery makes (empty if it is not published, or has no publish time). */
    public static Optional<PublishedDelivery> of(Post p, String platform, JsonNode d) {
        if (d == null || DeliveryStatus.of(d) != DeliveryStatus.PUBLISHED || !d.hasNonNull("publishedAt")) {
            return Optional.empty();
        }
        List<String> media = p.mediaIds();
        return Optional.of(PublishedDelivery.published(p.tenantId, p.id, platform, text(d, "socialAccountId"), text(d, "externalId"),
                text(d, "permalink"), "instagram".equals(platform) ? instagramType(p, media.size()) : null,
                IsoInstant.parse(d.path("publishedAt").asText()), p.text(), media.isEmpty() ? null : media.get(0)));
    }

    /**
     * Instagram's media product type as the post says it (reel, story, several media: a carousel), else null: an image
     * or a single video is learnt from Instagram itself on the first refresh (a feed video goes out as a reel).
     */
    static String instagramType(Post p, int mediaCount) {
        String format = p.doc.path("format").asText("");
        return switch (format) {
            case "reel" -> "REELS";
            case "story" -> "STORY";
            case "carousel" -> "CAROUSEL_ALBUM";
            default -> mediaCount > 1 ? "CAROUSEL_ALBUM" : null;
        };
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
