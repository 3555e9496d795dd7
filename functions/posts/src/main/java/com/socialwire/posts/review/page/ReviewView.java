package com.socialwire.posts.review.page;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Everything the review page shows, already filtered to what the link may see: no ids of other tenants, no keys,
 * tokens or e-mail addresses of anyone but the approver. {@link ReviewPage} renders it; it reads nothing itself.
 *
 * @param basePath    {@code /review/{token}}: the page's own path, the prefix of every form action and image
 * @param csrfToken   the value every form carries in its {@code csrf} field
 * @param formNonce   a fresh value per render for each form's {@code nonce} field (a double submit does the action once)
 * @param notice      what the last action did (null: nothing to say)
 * @param campaigns   the campaigns with posts waiting for the client (an "approve all" each)
 * @param groups      the posts, grouped by platform and kind, in display order
 */
public record ReviewView(Brand brand, String approverName, String campaignId, Instant linkExpiresAt, String basePath,
                         String csrfToken, String formNonce, Notice notice, List<Campaign> campaigns, List<Group> groups,
                         ZoneId zone, Instant now) {

    /** The brand's look: its name, colours (#rrggbb, null: the page's defaults) and logo (a path under basePath, or null). */
    public record Brand(String name, String primaryColor, String accentColor, String logoPath) { }

    /** @param kind success | error | conflict (a post changed: "reload") */
    public record Notice(String kind, String text) { }

    /** A campaign's posts waiting for the client's approval. */
    public record Campaign(String id, String name, int waiting, List<String> postIds) { }

    /** One platform and kind (feed, reel, story, carousel, thread…) with its posts. */
    public record Group(String platform, String platformLabel, String kind, String label, List<PostCard> posts) { }

    /**
     * One post as it will look.
     *
     * @param actions what the approver may do now: approve, reject, comment, reschedule, publish
     * @param stateNote a sentence for a post not waiting on the client ("Being rewritten with your feedback", …), or null
     */
    public record PostCard(String id, long version, String status, String statusLabel, String campaignId, String format,
                           String title, String text, String link, List<String> platforms, List<Limit> limits,
                           List<Media> media, Instant scheduledFor, List<Comment> comments, Set<String> actions,
                           String stateNote) { }

    /** The text's length against one platform's limit (counted the platform's way). */
    public record Limit(String platform, String platformLabel, int length, int max, boolean over) { }

    /** @param src a path under basePath that answers the thumbnail (or the image itself); null: no preview */
    public record Media(String mediaId, String kind, String src, String alt, Integer width, Integer height) { }

    /**
     * @param anchorType null, text or image
     * @param x,y        an image point as fractions 0..1 of its width and height (null for text anchors)
     */
    public record Comment(String id, String author, String text, String anchorType, String anchorText, String anchorMediaId,
                          Double x, Double y, Instant at) { }
}
