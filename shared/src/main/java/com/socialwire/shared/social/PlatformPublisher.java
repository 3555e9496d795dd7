package com.socialwire.shared.social;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * How one platform publishes a post, in the one pattern every delivery follows (platforms.md §0.1):
 * <ol>
 *   <li>{@link #prepare}: everything before the post exists for its audience — media uploads, containers, processing
 *       waits. Side-effect free for the audience, so it is retried freely; what it made so far is kept in the
 *       delivery's {@code state} between calls.</li>
 *   <li>the delivery records that the one irreversible call is about to be made (its time and {@code dedupeKey}),
 *       then {@link #publish} makes it, never retried blindly;</li>
 *   <li>{@link #reconcile}: when that call's outcome is unknown (a timeout after the platform acted, a crash), a
 *       read-only check with the platform's best means — a client-chosen record key (Bluesky), an
 *       {@code Idempotency-Key} (Mastodon), a resumable session (YouTube), a publish id (TikTok, Threads), listing
 *       and matching (X, LinkedIn, Facebook, Pinterest, Reddit).</li>
 * </ol>
 * A delivery ends published (the platform's id and URL), failed (a reason a person understands) or needs_review
 * when the platform cannot tell; never posted twice.
 */
public interface PlatformPublisher {

    String platform();

    /**
     * One preparation step. {@code state}: what earlier steps of this delivery stored (an empty object at first);
     * the answer's state replaces it. A step that fails after making something (an upload, a video segment) records it
     * in {@code state} in place as it goes: the delivery keeps it for the retry.
     */
    PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state);

    /**
     * The irreversible call. {@code dedupeKey} is stable for the delivery (derived from the post and platform), for
     * the platforms that take one; the answer is the post as published. What the call puts into {@code state} (a
     * handle the platform gave, like TikTok's {@code publish_id}) is kept with the delivery whatever the answer, so that
     * a platform that publishes asynchronously answers {@link PlatformResult.Unknown} and {@link #reconcile} follows
     * the handle.
     */
    PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey);

    /** Read-only: did the publish armed at {@code armedAt} with {@code dedupeKey} take effect? */
    PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt);

    /** The account published to and its access token (decrypted for this call only). */
    record Target(SocialAccount account, String accessToken) {
        @Override
        public String toString() {
            return account == null ? "Target[no account]" : "Target[" + account.platform() + " " + account.accountId() + "]";
        }
    }

    /**
     * The post as this platform gets it: {@code text} exactly as the platform rules checked it; {@code parts} the
     * further parts of a thread; {@code title} where the platform has one (YouTube, Pinterest, Reddit); {@code link}
     * a destination link (Pinterest, a link card); {@code format} the post's format where it gave one ({@code feed},
     * {@code reel}, {@code story}, {@code carousel}; a reel is a Short on YouTube), else null.
     */
    record Outgoing(String tenantId, String postId, String text, List<String> parts, List<Media> media, String title,
                    String link, Instant scheduledAt, String format) {

        public Outgoing {
            parts = parts == null ? List.of() : List.copyOf(parts);
            media = media == null ? List.of() : List.copyOf(media);
        }

        /** A post without a format. */
        public Outgoing(String tenantId, String postId, String text, List<String> parts, List<Media> media, String title,
                        String link, Instant scheduledAt) {
            this(tenantId, postId, text, parts, media, title, link, scheduledAt, null);
        }
    }

    /** One medium: where the platform (or our uploader) can fetch it for a while, and what it is. */
    record Media(String mediaId, String url, String contentType, long bytes, String altText, Integer width, Integer height,
                 Double durationSeconds) {
    }

    /** What a preparation step answers. */
    sealed interface Prepared {
        ObjectNode state();

        /** Everything is ready for the irreversible call. */
        record Ready(ObjectNode state) implements Prepared {
        }

        /** The platform is still processing (a video): ask again in {@code afterSeconds}. */
        record Waiting(ObjectNode state, int afterSeconds, String what) implements Prepared {
        }
    }

    /** The post as published: the platform's id and a URL a person can open. */
    record Published(String externalId, String url) {
    }

    /** What a reconciliation found. */
    sealed interface Reconciled {
        /** It was published (the attempt took effect). */
        record Found(Published post) implements Reconciled {
        }

        /** It certainly was not: publishing again cannot make a duplicate. */
        record NotFound() implements Reconciled {
        }

        /**
         * Some of it was made (the first parts of a thread) and the rest certainly not: publish again with this
         * {@code state}, which records what exists, so that only the rest is made.
         */
        record Partial(ObjectNode state) implements Reconciled {
        }

        /** The platform cannot tell (no listing scope, nothing to match on): a person must look. */
        record CannotTell(String why) implements Reconciled {
        }

        /**
         * The attempt took effect and the platform is still making the post (TikTok processes a publish for seconds to
         * hours): ask again in {@code afterSeconds}; publishing again would make a second post.
         */
        record Waiting(int afterSeconds, String what) implements Reconciled {
        }

        /**
         * The attempt took effect but the platform ended it without a post (TikTok could not fetch or accept the
         * media): the delivery fails with {@code reason}, written for a person (never the platform's own text), and
         * {@code code}, the platform's short code of it.
         */
        record Failed(String code, String reason) implements Reconciled {
        }
    }
}
