package com.socialwire.shared.providers;

import com.socialwire.shared.providers.bluesky.XrpcResult;
import com.socialwire.shared.providers.instagram.GraphResult;
import com.socialwire.shared.providers.llm.LlmResult;
import com.socialwire.shared.social.PlatformResult;

import java.util.Locale;

/**
 * What we show of a provider's failure in an API response or a stored record: a code and a short category, never
 * the provider's own text (it can carry ids, parameters or hints an attacker can use; the full, redacted text goes
 * to the logs only). {@code code}: {@code GRAPH_<Meta error code>}, {@code LLM_<HTTP status>} or
 * {@code BLUESKY_<XRPC error name or HTTP status>}, {@code _UNKNOWN}
 * when there is none. {@code category}: {@code auth} (token expired, revoked or refused), {@code rate_limited},
 * {@code unavailable} (outage, timeout: worth retrying), {@code rejected} (the request itself was refused),
 * {@code unknown_outcome} (it may or may not have been applied).
 */
public record ProviderError(String code, String category) {

    public static final String AUTH = "auth";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String UNAVAILABLE = "unavailable";
    public static final String REJECTED = "rejected";
    public static final String UNKNOWN_OUTCOME = "unknown_outcome";

    /** The failure a Graph API result stands for, or null for a success. */
    public static ProviderError of(GraphResult<?> result) {
        return switch (result) {
            case GraphResult.Ok<?> ok -> null;
            case GraphResult.TokenExpired<?> t -> new ProviderError(graph(t.code() == 0 ? 190 : t.code()), AUTH);
            case GraphResult.Rejected<?> r -> new ProviderError(graph(r.code()),
                    r.httpStatus() == 401 || r.httpStatus() == 403 || r.code() == 10 || (r.code() >= 200 && r.code() < 300) ? AUTH : REJECTED);
            case GraphResult.Transient<?> t -> new ProviderError(graph(t.code()),
                    t.httpStatus() == 429 || (t.code() != 0 && t.code() != 1 && t.code() != 2) ? RATE_LIMITED : UNAVAILABLE);
            case GraphResult.Unknown<?> u -> new ProviderError("GRAPH_UNKNOWN", UNKNOWN_OUTCOME);
        };
    }

    /** The failure a Bluesky result stands for, or null for a success. */
    public static ProviderError of(XrpcResult<?> result) {
        return switch (result) {
            case XrpcResult.Ok<?> ok -> null;
            case XrpcResult.TokenExpired<?> t -> new ProviderError(bluesky(t.error(), 400), AUTH);
            case XrpcResult.AuthRefused<?> a -> new ProviderError(bluesky(a.error(), a.httpStatus()), AUTH);
            case XrpcResult.Transient<?> t -> new ProviderError(bluesky(t.error(), t.httpStatus()), t.rateLimited() ? RATE_LIMITED : UNAVAILABLE);
            case XrpcResult.Rejected<?> r -> new ProviderError(bluesky(r.error(), r.httpStatus()), REJECTED);
            case XrpcResult.Unknown<?> u -> new ProviderError("BLUESKY_UNKNOWN", UNKNOWN_OUTCOME);
        };
    }

    private static String bluesky(String error, int httpStatus) {
        if (error != null && !error.isEmpty()) {
            return "BLUESKY_" + error;
        }
        return httpStatus > 0 ? "BLUESKY_" + httpStatus : "BLUESKY_UNKNOWN";
    }

    /**
     * The failure a social platform's result stands for, or null for a success: {@code code} is the platform's name
     * and its error code (or HTTP status), e.g. {@code BLUESKY_EXPIREDTOKEN}, {@code X_429}; only letters, digits and
     * underscores, at most 64 characters, so nothing of the platform's text can ride along.
     */
    public static ProviderError of(String platform, PlatformResult<?> result) {
        return switch (result) {
            case PlatformResult.Ok<?> ok -> null;
            case PlatformResult.Transient<?> t -> new ProviderError(code(platform, t.code(), t.httpStatus()),
                    t.httpStatus() == 429 ? RATE_LIMITED : UNAVAILABLE);
            case PlatformResult.AuthFailed<?> a -> new ProviderError(code(platform, a.code(), a.httpStatus()), AUTH);
            case PlatformResult.Rejected<?> r -> new ProviderError(code(platform, r.code(), r.httpStatus()), REJECTED);
            case PlatformResult.Unknown<?> u -> new ProviderError(code(platform, null, 0), UNKNOWN_OUTCOME);
        };
    }

    private static String code(String platform, String code, int httpStatus) {
        String what = code != null && !code.isBlank() ? code : httpStatus > 0 ? Integer.toString(httpStatus) : "UNKNOWN";
        String c = (platform + "_" + what).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
        return c.length() <= 64 ? c : c.substring(0, 64);
    }

    /** The failure a model result stands for, or null for a success. */
    public static ProviderError of(LlmResult result) {
        return switch (result) {
            case LlmResult.Ok ok -> null;
            case LlmResult.Transient t -> llm(t.httpStatus(), true);
            case LlmResult.Failed f -> llm(f.httpStatus(), false);
        };
    }

    /** A model call that failed with {@code httpStatus} (0: no answer); {@code transientFailure}: worth retrying. */
    public static ProviderError llm(int httpStatus, boolean transientFailure) {
        String code = httpStatus > 0 ? "LLM_" + httpStatus : "LLM_UNKNOWN";
        if (httpStatus == 429) {
            return new ProviderError(code, RATE_LIMITED);
        }
        if (transientFailure) {
            return new ProviderError(code, UNAVAILABLE);
        }
        return new ProviderError(code, httpStatus == 401 || httpStatus == 403 ? AUTH : REJECTED);
    }

    private static String graph(int code) {
        return code > 0 ? "GRAPH_" + code : "GRAPH_UNKNOWN";
    }
}
