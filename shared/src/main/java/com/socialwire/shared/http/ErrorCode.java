package com.socialwire.shared.http;

/** The closed set of error codes of SPEC §4, each with its default HTTP status. */
public enum ErrorCode {
    VALIDATION_ERROR(400),
    /** A list cursor that this list did not issue, was altered or is stale. */
    INVALID_CURSOR(400),
    UNAUTHORIZED(401),
    INSUFFICIENT_CREDITS(402),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    INVALID_TRANSITION(409),
    /** An account already has the most active API keys it may have. */
    KEY_LIMIT_REACHED(409),
    PAYLOAD_TOO_LARGE(413),
    QUOTA_EXCEEDED(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    RATE_LIMITED(429),
    INTERNAL_ERROR(500),
    PROVIDER_UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
