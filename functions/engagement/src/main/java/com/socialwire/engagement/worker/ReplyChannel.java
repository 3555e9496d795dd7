package com.socialwire.engagement.worker;

import com.socialwire.engagement.model.InboxItem;
import com.socialwire.shared.providers.ProviderError;

/**
 * Where one inbox item's automatic reply goes, in the publishers' once-only pattern: {@link #send} is the one
 * irreversible call, made after the item recorded the reply as {@code sending}; {@link #check} is the read-only look
 * after an unknown answer. One implementation per way out — an Instagram comment or DM through the Graph API, any other
 * platform through its {@code MentionSource} — so the worker ({@link EngagementService}) and a person's reply
 * ({@code InboxService}) run one mechanism for all of them.
 */
public interface ReplyChannel {

    /** Why no reply can go out now (the token is missing, expired, or the account must be reconnected), or null. */
    String unavailable();

    /** The irreversible call. */
    Sent send(String text);

    /**
     * After an earlier attempt's answer was lost: is {@code item}'s reply (its text) already there? Throws
     * {@code RetryLater} when the platform cannot be asked right now.
     */
    Check check(InboxItem item);

    /** What {@link #send} answered, with the reason a person reads when it failed. */
    sealed interface Sent {
        /** It went out: the platform's id of the reply; {@code throttleSeconds} > 0 when the platform said to slow down. */
        record Ok(String externalId, long throttleSeconds) implements Sent {
        }

        /** The token was refused (the channel already marked it): a person must reconnect. */
        record AuthFailed(String reason, ProviderError error, String providerText) implements Sent {
        }

        /** The platform refused this reply for good. */
        record Rejected(String reason, ProviderError error, String providerText) implements Sent {
        }

        /** Not now: nothing went out; {@code retryAfterSeconds} the platform's hint, or 0. */
        record Transient(String what, long retryAfterSeconds) implements Sent {
        }

        /** It may or may not have gone out. */
        record Unknown(String what) implements Sent {
        }
    }

    /** What {@link #check} found. */
    sealed interface Check {
        /** The reply is there: record it as sent. */
        record Found(String externalId) implements Check {
        }

        /** Certainly not there: sending it now cannot make a second. */
        record NotFound() implements Check {
        }

        /** The platform cannot tell: a person must look (escalated with {@code reason}). */
        record CannotTell(String reason) implements Check {
        }
    }
}
