package com.socialwire.engagement.model;

import com.socialwire.shared.providers.ProviderError;

import java.time.Instant;
import java.util.List;

/**
 * One thing a tenant was told on a social platform — a comment, a reply, a DM or a mention — with what the
 * workers decided and did about it.
 *
 * @param status   new | replied | escalated | hidden | ignored | done
 * @param action   reply | hide | escalate | ignore | none
 * @param priority low | normal | high | urgent
 * @param error    the provider failure behind the decision, as a code and a category (never the provider's text), or null
 * @param origin   for a platform other than Instagram: the social account it reached and what answering it needs; else null
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
        ProviderError error,
        List<String> flags,
        Reply reply,
        Instant receivedAt,
        Instant createdAt,
        Instant updatedAt,
        long version,
        Origin origin) {

    /** An item of the tenant's Instagram connection (no social account of its own). */
    public InboxItem(String id, String tenantId, String platform, String type, String externalId, Person fromUser, String content,
                     String postId, String status, String priority, String sentiment, String action, String reason, ProviderError error,
                     List<String> flags, Reply reply, Instant receivedAt, Instant createdAt, Instant updatedAt, long version) {
        this(id, tenantId, platform, type, externalId, fromUser, content, postId, status, priority, sentiment, action, reason, error,
                flags, reply, receivedAt, createdAt, updatedAt, version, null);
    }

    /** An item without a provider failure (new, or when only our own rules decided). */
    public InboxItem(String id, String tenantId, String platform, String type, String externalId, Person fromUser, String content,
                     String postId, String status, String priority, String sentiment, String action, String reason,
                     List<String> flags, Reply reply, Instant receivedAt, Instant createdAt, Instant updatedAt, long version) {
        this(id, tenantId, platform, type, externalId, fromUser, content, postId, status, priority, sentiment, action, reason, null,
                flags, reply, receivedAt, createdAt, updatedAt, version);
    }

    /** The item with a new decision; a provider failure recorded earlier is kept until a reply is sent. */
    public InboxItem with(String status, String action, String priority, String reason, Reply reply, Instant now) {
        ProviderError kept = reply != null && "sent".equals(reply.state()) ? null : error;
        return new InboxItem(id, tenantId, platform, type, externalId, fromUser, content, postId, status, priority, sentiment,
                action, reason, kept, flags, reply, receivedAt, createdAt, now, version, origin);
    }

    /** The item with the provider failure that decided it ({@code null} clears it). */
    public InboxItem withError(ProviderError error) {
        return new InboxItem(id, tenantId, platform, type, externalId, fromUser, content, postId, status, priority, sentiment,
                action, reason, error, flags, reply, receivedAt, createdAt, updatedAt, version, origin);
    }

    /** Who wrote it. */
    public record Person(String id, String username) {
    }

    /**
     * Where an item of a social account came from: the account ({@code sa_…}), the author's handle where the platform
     * has one beside its id, a link a person can open, the platform's reference a reply needs (Bluesky's root and
     * parent, a LinkedIn object URN…; see {@code MentionSource.Mention#replyRef}) and when it was said (a reply's record
     * key may derive from it).
     */
    public record Origin(String socialAccountId, String url, java.util.Map<String, String> replyRef, Instant createdAt) {
        public Origin {
            replyRef = replyRef == null ? java.util.Map.of() : java.util.Map.copyOf(replyRef);
        }
    }

    /**
     * What was (or is being) answered: the text, who wrote it, Meta's id once sent, and for an
     * automatic reply the credits held for it, the batch hold they were drawn from ({@code batch:...}; a later
     * delivery settles the draw as a hold of its own if the batch ended first; null: a hold of its own) and what its
     * generation cost (settled when sent).
     */
    public record Reply(String text, String generatedBy, boolean offlineGenerator, String externalId, String state, Instant sentAt,
                        long heldMicroCredits, long llmMicroCredits, String hold) {

        /** Sent: the hold is settled with it (by the delivery that sent it), so its id is not kept (the item stays under 1 KB a copy). */
        public Reply sent(String externalId, Instant at) {
            return new Reply(text, generatedBy, offlineGenerator, externalId, "sent", at, heldMicroCredits, llmMicroCredits, null);
        }

        public static Reply human(String text, String state, String externalId, Instant sentAt) {
            return new Reply(text, "human", false, externalId, state, sentAt, 0, 0, null);
        }
    }
}
