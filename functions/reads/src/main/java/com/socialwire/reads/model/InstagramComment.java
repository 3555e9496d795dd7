package com.socialwire.reads.model;

import java.time.Instant;
import java.util.List;

/**
 * One public comment or reply. {@code parentId} is null for a top-level comment; {@code replies} holds its replies when
 * they were asked for (else empty).
 */
public record InstagramComment(String id, String parentId, String text, InstagramMedia.Owner owner, Instant timestamp,
                               Long likeCount, Long replyCount, String permalink, List<InstagramComment> replies) {

    public InstagramComment {
        replies = replies == null ? List.of() : List.copyOf(replies);
    }
}
