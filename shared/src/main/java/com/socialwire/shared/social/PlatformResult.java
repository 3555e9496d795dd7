package com.socialwire.shared.social;

/**
 * The outcome of one call to a social platform's API (other than Instagram's Graph API, which keeps its
 * {@code GraphResult}), typed by what the caller must do next. Every platform client maps its platform's errors to
 * these five cases once, in its own HTTP class, so the connect routes, the token care and the publisher decide the
 * same way for every platform.
 *
 * @param <T> the value of a success
 */
public sealed interface PlatformResult<T> {

    /** The call succeeded. */
    record Ok<T>(T value) implements PlatformResult<T> {
    }

    /**
     * Try again later: HTTP 429 and the platform's rate-limit answers, 5xx, a refused connection, a connect timeout
     * (nothing was sent). {@code retryAfterSeconds}: the platform's hint (Retry-After, x-rate-limit-reset…) or 0.
     */
    record Transient<T>(int httpStatus, String code, String message, long retryAfterSeconds) implements PlatformResult<T> {
    }

    /**
     * The token is expired, revoked or lacks a scope the call needs: retrying with it cannot help. The account goes
     * {@code reconnect_required} (after one refresh, where the platform has refresh tokens and the token just expired).
     */
    record AuthFailed<T>(int httpStatus, String code, String message) implements PlatformResult<T> {
    }

    /** Any other refusal of the request itself (bad parameters, media the platform will not take): final. */
    record Rejected<T>(int httpStatus, String code, String message) implements PlatformResult<T> {
    }

    /**
     * The request may or may not have taken effect (a read timeout or a reset after it was sent): for the one
     * irreversible call of a publish, the caller reconciles before anything else; for anything else, it retries.
     */
    record Unknown<T>(String message) implements PlatformResult<T> {
    }

    /** A failure as the same failure of another value type (a failed step of a multi-step call). */
    @SuppressWarnings("unchecked")
    default <U> PlatformResult<U> failure() {
        if (this instanceof Ok) {
            throw new IllegalStateException("not a failure");
        }
        return (PlatformResult<U>) this;
    }
}
