package com.socialwire.engagement.model;

import java.time.Instant;

/** The SQS job shapes of SPEC §6 for the engagement workers. */
public final class Jobs {

    private Jobs() {
    }

    /** A comment on a tenant's media, from the comments webhook field. */
    public record CommentJob(String tenantId, String igCommentId, String authorId, String authorName, String text,
                             String mediaId, String parentId, Instant receivedAt) {
    }

    /** A direct message to a tenant's account, from the messaging webhook entries. */
    public record DmJob(String tenantId, String igSenderId, String senderName, String messageText, String mid,
                        Instant sentAt, Instant receivedAt) {
    }
}
