package com.socialwire.shared.providers.instagram;

import java.util.List;

/**
 * The Instagram Graph API calls Socialwire makes on a tenant's behalf. Every call takes the
 * tenant's (decrypted) access token and answers a typed {@link GraphResult}: transient failures
 * (rate limits, 5xx, timeouts) are told apart from an expired token and from permanent errors,
 * so callers decide between retrying, stopping and escalating.
 */
public interface GraphApi {

    /**
     * {@code GET /me?fields=user_id,username}: the Instagram professional account the token belongs to, as the
     * Instagram API with Instagram Login answers it ({@code user_id} is the account id webhooks name; {@code id}
     * is only app-scoped and is not read). This is the one call that proves a token owns an account before a
     * tenant is bound to it. Tenant tokens are Instagram User access tokens (Business Login for Instagram), whose
     * host is {@code graph.instagram.com}; the paths every other call here uses ({@code /{ig-user-id}/media},
     * {@code /media_publish}, {@code /messages}, {@code /{comment-id}/replies}) are the same on that host. With a
     * Facebook Login token Graph answers code 100 (no such field): {@link GraphResult.Rejected}. An answer
     * without a numeric {@code user_id} is Rejected too; an invalid, expired or revoked token is
     * {@link GraphResult.TokenExpired} (code 190).
     */
    GraphResult<TokenOwner> tokenOwner(String accessToken);

    /** Whom a token belongs to: the Instagram account id (numeric, as webhooks name it) and its username. */
    record TokenOwner(String igUserId, String username) {
    }

    /** {@code POST /{comment-id}/replies} with {@code message}: the new comment's id. */
    GraphResult<String> replyToComment(String accessToken, String commentId, String message);

    /** {@code POST /{comment-id}} with {@code hide=true|false}. */
    GraphResult<Boolean> hideComment(String accessToken, String commentId, boolean hide);

    /** {@code POST /{ig-user-id}/messages} with {@code recipient={"id":...}} and {@code message={"text":...}}: the message id. */
    GraphResult<String> sendMessage(String accessToken, String igUserId, String recipientId, String text);

    /** {@code GET /{comment-id}?fields=id,text,username,timestamp,from,media,replies{id,text,username,from}}. */
    GraphResult<Comment> getComment(String accessToken, String commentId);

    // ------------------------------------------------------------------ content publishing

    /**
     * {@code POST /{ig-user-id}/media}: creates a media container (image, reel/video, carousel
     * item or carousel) and answers its id. Containers are not visible until published and expire
     * after 24 h, so creating one twice is harmless; publishing is not.
     */
    GraphResult<String> createContainer(String accessToken, String igUserId, ContainerSpec spec);

    /** {@code GET /{container-id}?fields=id,status_code,status}: EXPIRED, ERROR, FINISHED, IN_PROGRESS or PUBLISHED. */
    GraphResult<ContainerStatus> containerStatus(String accessToken, String containerId);

    /**
     * {@code POST /{ig-user-id}/media_publish} with {@code creation_id}: the published media's id. A timeout after
     * sending is {@link GraphResult.Unknown}: read {@link #containerStatus} (PUBLISHED or not) before publishing again.
     * Meta's publishing-limit error (code 9, subcode 2207042) and "not ready yet" (code 9007, subcode 2207027) are
     * {@link GraphResult.Rejected}: check {@link #publishingLimit}, or poll the container until FINISHED, first.
     */
    GraphResult<String> publishContainer(String accessToken, String igUserId, String containerId);

    /** {@code GET /{ig-media-id}?fields=permalink}. */
    GraphResult<String> permalink(String accessToken, String mediaId);

    /** {@code GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config}: the 24-hour publishing quota. */
    GraphResult<PublishingLimit> publishingLimit(String accessToken, String igUserId);

    /** {@code GET /{ig-user-id}/media?fields=id,caption,permalink,timestamp&limit=n}: the account's newest media, newest first. */
    GraphResult<List<PublishedMedia>> recentMedia(String accessToken, String igUserId, int limit);

    /**
     * What one container holds. {@code mediaType}: {@code IMAGE} (image_url), {@code REELS} or
     * {@code VIDEO} (video_url), {@code CAROUSEL} (children: container ids). {@code carouselItem}
     * marks an item of a carousel ({@code is_carousel_item=true}, no caption).
     */
    record ContainerSpec(String mediaType, String imageUrl, String videoUrl, String caption, List<String> children, boolean carouselItem) {
        public static ContainerSpec image(String imageUrl, String caption) {
            return new ContainerSpec("IMAGE", imageUrl, null, caption, List.of(), false);
        }

        public static ContainerSpec reel(String videoUrl, String caption) {
            return new ContainerSpec("REELS", null, videoUrl, caption, List.of(), false);
        }

        public static ContainerSpec carouselImage(String imageUrl) {
            return new ContainerSpec("IMAGE", imageUrl, null, null, List.of(), true);
        }

        public static ContainerSpec carouselVideo(String videoUrl) {
            return new ContainerSpec("VIDEO", null, videoUrl, null, List.of(), true);
        }

        public static ContainerSpec carousel(List<String> children, String caption) {
            return new ContainerSpec("CAROUSEL", null, null, caption, List.copyOf(children), false);
        }
    }

    /** A container's state; {@code statusCode} is one of EXPIRED, ERROR, FINISHED, IN_PROGRESS, PUBLISHED. */
    record ContainerStatus(String id, String statusCode, String status) {
        public boolean published() {
            return "PUBLISHED".equals(statusCode);
        }

        public boolean finished() {
            return "FINISHED".equals(statusCode);
        }

        public boolean inProgress() {
            return "IN_PROGRESS".equals(statusCode);
        }
    }

    /** The account's publishing quota: {@code quotaUsage} posts in the last {@code quotaDurationSeconds} of {@code quotaTotal}. */
    record PublishingLimit(int quotaUsage, int quotaTotal, long quotaDurationSeconds) {
        public boolean exhausted() {
            return quotaTotal > 0 && quotaUsage >= quotaTotal;
        }
    }

    /** One of the account's published media. */
    record PublishedMedia(String id, String caption, String permalink, String timestamp) {
    }

    /** A comment as the Graph API returns it, with the replies already posted to it. */
    record Comment(String id, String text, String username, String fromId, String mediaId, String timestamp, List<Reply> replies) {
    }

    /** One reply under a comment. */
    record Reply(String id, String text, String username, String fromId) {
    }
}
