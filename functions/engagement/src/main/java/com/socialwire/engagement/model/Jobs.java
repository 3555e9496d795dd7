package com.socialwire.engagement.model;

import java.time.Instant;
import java.util.Map;

/** The SQS job shapes of SPEC §6 for the engagement workers. */
public final class Jobs {

    private Jobs() {
    }

    /**
     * A comment on a tenant's media, from the comments webhook field (SPEC §6's shape: {@code tenantId, igCommentId,
     * authorId, authorName, text, mediaId, receivedAt}); or, with {@code platform} set, something said to one of the
     * tenant's social accounts on another platform (a polled mention, reply or comment, a Facebook Page comment or a
     * Threads reply from their webhooks), answered through that platform's {@code MentionSource}.
     *
     * @param mediaId         the post it answers (Instagram's media id, another platform's post id), or null
     * @param platform        null or {@code instagram}: the tenant's Instagram connection; else the social account's platform
     * @param socialAccountId the social account it reached ({@code sa_…}); null for Instagram
     * @param type            {@code comment} | {@code reply} | {@code mention} | {@code dm}; null: {@code comment}
     * @param externalId      the platform's id of it; null for Instagram (its id is {@code igCommentId})
     * @param replyRef        what a reply to it needs beyond its id ({@code MentionSource.Mention#replyRef})
     */
    public record CommentJob(String tenantId, String igCommentId, String authorId, String authorName, String text,
                             String mediaId, String parentId, Instant receivedAt, String platform, String socialAccountId,
                             String type, String externalId, String authorHandle, String url, Instant createdAt,
                             Map<String, String> replyRef) {

        /** An Instagram comment, as the webhook has always queued it. */
        public CommentJob(String tenantId, String igCommentId, String authorId, String authorName, String text, String mediaId,
                          String parentId, Instant receivedAt) {
            this(tenantId, igCommentId, authorId, authorName, text, mediaId, parentId, receivedAt, null, null, null, null, null, null,
                    null, null);
        }

        /** Whether it is an Instagram comment of the tenant's Instagram connection. */
        public boolean instagram() {
            return platform == null || "instagram".equals(platform);
        }
    }

    /** A direct message to a tenant's account, from the messaging webhook entries. */
    public record DmJob(String tenantId, String igSenderId, String senderName, String messageText, String mid,
                        Instant sentAt, Instant receivedAt) {
    }
}
