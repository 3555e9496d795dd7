package com.socialwire.engagement.model;

import java.time.Instant;
import java.util.List;

/**
 * Someone who wrote to a tenant on one platform, as their history counts them: items received from them (comments, DMs,
 * mentions), replies sent to them, moderation violations; their latest username; first and last seen.
 */
public record Commenter(String platform, String personId, String username, long items, long repliesSent, long violations,
                        Instant firstSeenAt, Instant lastSeenAt) {

    /**
     * One moderation violation of theirs (the creator-stack seed's user violations): the item, the flags that made it
     * one (threat, toxicity, nsfw, spam, no_go_topic), the action taken (hide, escalate, ignore), the rule's reason, when.
     */
    public record Violation(String itemId, String itemType, List<String> flags, String action, String reason, Instant at) {
    }
}
