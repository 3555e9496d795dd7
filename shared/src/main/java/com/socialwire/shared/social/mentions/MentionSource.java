package com.socialwire.shared.social.mentions;

import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How one platform's engagement reaches the inbox and how the inbox answers it, in the publishers' once-only pattern
 * (see {@link com.socialwire.shared.social.PlatformPublisher}): {@link #poll} is read-only and repeatable; {@link #reply}
 * is the one irreversible call, made once after the inbox item recorded that it is about to be made; {@link #findReply}
 * is the read-only check when that call's outcome is unknown. Every platform client maps its errors to
 * {@link PlatformResult} once, in its own HTTP class.
 */
public interface MentionSource {

    /** The canonical platform name ({@code twitter}, {@code bluesky}, {@code mastodon}, {@code linkedin}, {@code youtube}…). */
    String platform();

    /**
     * Engagement newer than {@code cursor}, oldest first, at most {@code max} items. {@code cursor}: what the previous page
     * answered (opaque to the caller; null on an account's first poll, which starts from the recent past only, never the
     * account's whole history). The answer's {@code cursor} is stored after the items are safely queued, so that a crash
     * in between fetches the same items again (the inbox drops repeats by their external id), never skips them.
     */
    PlatformResult<Page> poll(Target target, String cursor, int max);

    /** The one irreversible call: answers {@code to} with {@code text}. {@code dedupeKey}: stable for the inbox item. */
    PlatformResult<Published> reply(Target target, Mention to, String text, String dedupeKey);

    /** Read-only: did a reply to {@code to} armed at {@code armedAt} with {@code dedupeKey} take effect? */
    PlatformResult<Reconciled> findReply(Target target, Mention to, String text, String dedupeKey, Instant armedAt);

    /**
     * Whether this platform's rules let software answer {@code item} automatically (X: only accounts that mentioned or
     * replied to the account); when not, the inbox drafts the reply for a person and never sends it.
     */
    Automation automation(SocialAccount account, Mention item);

    /**
     * The shortest time between two polls of one account that keeps within the platform's read limits (X's paid,
     * tightly limited mentions reads; YouTube's daily quota units; Mastodon's and Bluesky's per-account request budgets).
     * The inbox never polls an account more often.
     */
    default Duration minInterval() {
        return Duration.ofMinutes(5);
    }

    /**
     * The OAuth scopes {@link #poll} and {@link #reply} need, as the platform names them: the connector asks for them.
     * An account connected before it did is refused with a 403 ({@link PlatformResult.Rejected}: Mastodon "outside the
     * authorized scopes", YouTube {@code insufficientPermissions}, Meta #10/#200) until it reconnects; the account's
     * {@code scopes} tell it beforehand.
     */
    default List<String> scopes() {
        return List.of();
    }

    /**
     * Whether {@link #poll} reads anything: false where the platform pushes its engagement by webhook (Facebook Page
     * comments, Threads replies), whose {@link #poll} answers an empty page and whose {@link #reply} still answers.
     */
    default boolean polled() {
        return true;
    }

    /** One page of engagement: its items, the cursor to store, and whether more is waiting now. */
    record Page(List<Mention> items, String cursor, boolean more) {
        public Page {
            items = items == null ? List.of() : List.copyOf(items);
        }
    }

    /**
     * One thing someone said to or about the account.
     *
     * @param externalId     the platform's id of it (a tweet id, an at:// URI, a status id, a comment URN, a comment id)
     * @param type           {@code comment} | {@code reply} | {@code mention} | {@code dm}
     * @param postExternalId the platform's id of the account's post it answers, or null (a mention elsewhere)
     * @param url            where a person can open it, or null
     * @param replyRef       what a reply to it needs beyond its id (Bluesky's root/parent uri and cid, a LinkedIn
     *                       object URN…), platform-specific and stored with the inbox item
     */
    record Mention(String externalId, String type, String authorId, String authorHandle, String authorName, String text,
                   String postExternalId, String url, Instant createdAt, Map<String, String> replyRef) {
        public Mention {
            replyRef = replyRef == null ? Map.of() : Map.copyOf(replyRef);
        }
    }

    /** Whether an automatic reply is allowed; {@code reason} says why not, for the person who must answer instead. */
    record Automation(boolean allowed, String reason) {
        public static final Automation ALLOWED = new Automation(true, null);

        public static Automation draftOnly(String reason) {
            return new Automation(false, reason);
        }
    }
}
