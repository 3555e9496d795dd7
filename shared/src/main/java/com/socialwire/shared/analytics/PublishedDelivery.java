package com.socialwire.shared.analytics;

import java.time.Instant;

/**
 * One post published to one platform, as analytics sees it (a row of {@link PublishedDeliveries}): whose, where, the
 * platform's id of it, when, a caption excerpt, its first medium (a thumbnail for reports), the latest metrics and when
 * the insights refresh looks at it next (null once its last refresh, D+28, is done).
 *
 * @param accountId        the social account it went out through ({@code sa_…}), or null for the tenant's own Instagram
 *                         account (its token on the tenant)
 * @param mediaProductType Instagram's {@code media_product_type} ({@code FEED}, {@code REELS}, {@code STORY}) or
 *                         {@code CAROUSEL_ALBUM}, learnt from the platform on the first refresh (null until known); the
 *                         kind of post elsewhere when the platform has kinds, else null
 * @param refreshStep      how many of the scheduled refreshes (D+1, D+2, D+7, D+28) are done
 */
public record PublishedDelivery(String tenantId, String postId, String platform, String accountId, String externalId,
                                String permalink, String mediaProductType, Instant publishedAt, String caption,
                                String thumbnailMediaId, InsightMetrics metrics, Instant metricsAt, int refreshStep,
                                Instant nextRefreshAt, String lastError) {

    public PublishedDelivery {
        metrics = metrics == null ? InsightMetrics.NONE : metrics;
    }

    /** A delivery just published: nothing measured yet, its first refresh at D+1. */
    public static PublishedDelivery published(String tenantId, String postId, String platform, String accountId, String externalId,
                                              String permalink, String mediaProductType, Instant publishedAt, String caption,
                                              String thumbnailMediaId) {
        return new PublishedDelivery(tenantId, postId, platform, accountId, externalId, permalink, mediaProductType, publishedAt,
                excerpt(caption), thumbnailMediaId, InsightMetrics.NONE, null, 0, RefreshSchedule.first(publishedAt), null);
    }

    /** The longest caption excerpt kept (reports show a line of it). */
    public static final int EXCERPT = 140;

    static String excerpt(String caption) {
        if (caption == null || caption.isBlank()) {
            return null;
        }
        String c = caption.strip();
        return c.length() <= EXCERPT ? c : c.substring(0, EXCERPT - 1) + "…";
    }
}
