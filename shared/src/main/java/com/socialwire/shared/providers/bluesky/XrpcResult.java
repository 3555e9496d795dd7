package com.socialwire.shared.providers.bluesky;

import java.time.Instant;

/**
 * The outcome of one XRPC call to a Bluesky PDS, typed by what the caller must do next. {@code error} is the XRPC
 * error name the PDS answered ({@code ExpiredToken}, {@code RateLimitExceeded}, …; empty when there was none).
 *
 * @param <T> the value of a success
 */
public sealed interface XrpcResult<T> {

    /**
     * This result as the platform-neutral {@link com.socialwire.shared.social.PlatformResult} the connect routes, the
     * token care and the publisher read: an expired access token is worth a retry (the token care refreshes it before
     * the next call), refused credentials mean reconnecting. The one mapping from Bluesky's outcomes to everyone's.
     */
    default com.socialwire.shared.social.PlatformResult<T> toPlatform() {
        return switch (this) {
            case Ok<T> ok -> new com.socialwire.shared.social.PlatformResult.Ok<>(ok.value());
            case TokenExpired<T> t -> new com.socialwire.shared.social.PlatformResult.Transient<>(401, t.error(), "access token expired", 0);
            case AuthRefused<T> a -> new com.socialwire.shared.social.PlatformResult.AuthFailed<>(a.httpStatus(), a.error(), a.message());
            case Transient<T> t -> new com.socialwire.shared.social.PlatformResult.Transient<>(t.httpStatus(), t.error(), t.message(),
                    t.retryAt() == null ? 0 : Math.max(0, t.retryAt().getEpochSecond() - Instant.now().getEpochSecond()));
            case Rejected<T> r -> new com.socialwire.shared.social.PlatformResult.Rejected<>(r.httpStatus(), r.error(), r.message());
            case Unknown<T> u -> new com.socialwire.shared.social.PlatformResult.Unknown<>(u.message());
        };
    }

    /** The call succeeded. */
    record Ok<T>(T value) implements XrpcResult<T> {
    }

    /** The access token expired ({@code ExpiredToken} on any call but refreshSession): refresh the session, then try again. */
    record TokenExpired<T>(String error, String message) implements XrpcResult<T> {
    }

    /**
     * The account's credentials were refused and no retry or refresh can help: a wrong or revoked app password, a
     * refresh token that expired or was revoked, an unverifiable token, a taken-down or deactivated account. The
     * caller marks the account {@code reconnect_required}.
     */
    record AuthRefused<T>(int httpStatus, String error, String message) implements XrpcResult<T> {
    }

    /**
     * Try again later: HTTP 429 ({@code retryAt} from the {@code ratelimit-reset} header, else null), 5xx on a call that
     * changes nothing, a connection that could not be made.
     */
    record Transient<T>(int httpStatus, String error, String message, Instant retryAt) implements XrpcResult<T> {
        public boolean rateLimited() {
            return httpStatus == 429;
        }
    }

    /** The request itself was refused (bad record, bad parameters; status 0: refused here, nothing sent): retrying cannot help. */
    record Rejected<T>(int httpStatus, String error, String message) implements XrpcResult<T> {
    }

    /**
     * A write that may or may not have been applied (a timeout or broken connection after sending, or a 5xx: the PDS
     * answers a second createRecord with an existing key with 500). Ask {@link BlueskyApi#getPost} before doing it again.
     */
    record Unknown<T>(String message) implements XrpcResult<T> {
    }
}
