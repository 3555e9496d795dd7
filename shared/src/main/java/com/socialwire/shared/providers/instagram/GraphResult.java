package com.socialwire.shared.providers.instagram;

/**
 * The outcome of one Graph API call, typed by what the caller must do next.
 *
 * @param <T> the value of a success
 */
public sealed interface GraphResult<T> {

    /** The call succeeded. {@code usage} is the parsed {@code X-Business-Use-Case-Usage} header, or null. */
    record Ok<T>(T value, BusinessUseCaseUsage usage) implements GraphResult<T> {
    }

    /**
     * Try again later: HTTP 429, Meta rate-limit codes 4, 17, 32, 613 (and 80001–80009 business use
     * case limits), HTTP 5xx, connection failures and timeouts. {@code retryAfterSeconds} is a hint
     * (from the usage header's estimated_time_to_regain_access, or 0).
     */
    record Transient<T>(int httpStatus, int code, String message, long retryAfterSeconds) implements GraphResult<T> {
    }

    /** Error code 190 (or OAuthException with HTTP 401): the token is expired or revoked; retrying cannot help. */
    record TokenExpired<T>(int code, int subcode, String message) implements GraphResult<T> {
    }

    /** Any other 4xx (bad parameters, deleted comment, permissions): retrying cannot help. */
    record Rejected<T>(int httpStatus, int code, String message) implements GraphResult<T> {
    }

    /**
     * The request may or may not have reached Meta (a timeout after sending): the caller must
     * check before doing it again.
     */
    record Unknown<T>(String message) implements GraphResult<T> {
    }

    /** The usage Meta reports in {@code X-Business-Use-Case-Usage}, the highest percentages across its entries. */
    record BusinessUseCaseUsage(int callCount, int totalCputime, int totalTime, long estimatedTimeToRegainAccessMinutes) {
        /** Above 80 % of any quota: slow down. */
        public boolean nearLimit() {
            return callCount >= 80 || totalCputime >= 80 || totalTime >= 80;
        }
    }
}
