package com.socialwire.shared.http;

import java.util.Map;

/** A failure the caller should see: becomes the SPEC §4 error envelope with its status. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final int status;
    private final Map<String, Object> details;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, int status, String message, Map<String, Object> details, Map<String, String> headers) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.details = details == null ? Map.of() : Map.copyOf(details);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public ApiException(ErrorCode code, String message) {
        this(code, code.status(), message, null, null);
    }

    public ApiException(ErrorCode code, String message, Map<String, Object> details) {
        this(code, code.status(), message, details, null);
    }

    public static ApiException validation(String message, Map<String, Object> details) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, message, details);
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static ApiException conflict(String message) {
        return new ApiException(ErrorCode.CONFLICT, message);
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
