package com.socialwire.engagement.model;

import java.time.Instant;
import java.util.List;

/**
 * One thing a tenant was told on Instagram — a comment, a DM or a mention — with what the
 * workers decided and did about it.
 *
 * @param status   new | replied | escalated | hidden | ignored | done
 * @param action   reply | hide | escalate | ignore | none
 * @param priority low | normal | high | urgent
 */
public record InboxItem(
        String id,
        String tenantId,
        String platform,
        String type,
        String externalId,
        Person fromUser,
        String content,
        String postId,
        String status,
        String priority,
        String sentiment,
        String action,
        String reason,
        List<String> flags,
        Reply reply,
        Instant receivedAt,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public InboxItem with(String status, String action, String priority, String reason, Reply reply, Instant now) {
        return new InboxItem(id, tenantId, platform, type, externalId, fromUser, content, postId, status, priority, sentiment,
                action, reason, flags, reply, receivedAt, createdAt, now, version);
    }

    /** Who wrote it. */
    public record Person(String id, String username) {
    }

    /**
     * What was (or is being) answered: the text, who wrote it, Meta's id once sent, and for an
     * automatic reply the credits held for it and what its generation cost (settled when sent).
     */
    public record Reply(String text, String generatedBy, boolean offlineGenerator, String externalId, String state, Instant sentAt,
                        long heldMicroCredits, long llmMicroCredits) {

        public Reply sent(String externalId, Instant at) {
            return new Reply(text, generatedBy, offlineGenerator, externalId, "sent", at, heldMicroCredits, llmMicroCredits);
        }

        public static Reply human(String text, String state, String externalId, Instant sentAt) {
            return new Reply(text, "human", false, externalId, state, sentAt, 0, 0);
        }
    }
}
