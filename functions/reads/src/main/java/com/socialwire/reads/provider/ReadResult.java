package com.socialwire.reads.provider;

import java.util.List;

/** How one read provider call ended, classified once by the provider's own HTTP class. */
public sealed interface ReadResult<T> {

    /**
     * The provider answered. {@code billedUnit}: what the provider bills this call as ({@code media}, {@code comments_page}…),
     * {@code resultCount}: how many items it returned (null when not applicable); {@code limitations}: gaps the provider
     * showed (no transcript, hidden likes, fewer comments than asked…), in words for the caller.
     */
    record Ok<T>(T value, String billedUnit, Integer resultCount, List<String> limitations) implements ReadResult<T> {
        public Ok {
            limitations = limitations == null ? List.of() : List.copyOf(limitations);
        }
    }

    /** The media does not exist, was removed, or is private / login-only: final, nothing to retry. */
    record NotFound<T>(String reason) implements ReadResult<T> {
    }

    /** The provider is rate-limiting us: try again after {@code retryAfterSeconds} (0: unknown). */
    record RateLimited<T>(long retryAfterSeconds) implements ReadResult<T> {
    }

    /**
     * The provider failed (5xx, timeout, refused connection, an answer we cannot read). {@code detail} is for our logs only,
     * never the caller: the API answers a sanitized {@code PROVIDER_UNAVAILABLE} with the request id.
     */
    record Unavailable<T>(int httpStatus, String detail) implements ReadResult<T> {
    }

    /** A failure as the same failure of another value type (a failed page of a longer read); IllegalStateException for Ok. */
    @SuppressWarnings("unchecked")
    default <U> ReadResult<U> failure() {
        if (this instanceof Ok) {
            throw new IllegalStateException("not a failure");
        }
        return (ReadResult<U>) this;
    }
}
