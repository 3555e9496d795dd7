package com.socialwire.tenants.service;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.providers.instagram.GraphApi;
import com.socialwire.shared.providers.instagram.GraphResult;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Proves which Instagram account a token belongs to by asking Graph ({@link GraphApi#tokenOwner}). A tenant is
 * bound to an Instagram id only through this proof, because Meta's webhooks and DMs are routed to the tenant that
 * holds the id: an id taken on the caller's word would let anyone capture another brand's traffic.
 */
final class InstagramProof {

    private final Supplier<GraphApi> graph;

    /** {@code graph} is asked for on first use: most tenant requests never touch Instagram. */
    InstagramProof(Supplier<GraphApi> graph) {
        this.graph = graph;
    }

    /**
     * The id {@code token} proves. {@code claimedId} (the body's igUserId, or null for none) must be that id,
     * else 422. A token Graph refuses is 422 as well; Graph unreachable or throttling is 503.
     */
    String owner(String token, String claimedId) {
        String proven = switch (graph.get().tokenOwner(token)) {
            case GraphResult.Ok<GraphApi.TokenOwner> ok -> ok.value().igUserId();
            case GraphResult.TokenExpired<GraphApi.TokenOwner> t -> throw unprocessable(
                    "Instagram does not accept this igAccessToken",
                    Map.of("igAccessToken", "Instagram refused it as invalid, expired or revoked (Graph code " + t.code()
                            + "); get a new token for the account"));
            case GraphResult.Rejected<GraphApi.TokenOwner> r -> throw unprocessable(
                    "Instagram would not say which account this igAccessToken belongs to",
                    Map.of("igAccessToken", "must be an Instagram User access token (Business Login for Instagram) that can read "
                            + "its own account (Graph code " + r.code() + ")"));
            case GraphResult.Transient<GraphApi.TokenOwner> t -> throw unavailable(t.retryAfterSeconds());
            case GraphResult.Unknown<GraphApi.TokenOwner> u -> throw unavailable(0);
        };
        if (claimedId != null && !claimedId.equals(proven)) {
            throw unprocessable("the igAccessToken does not belong to this igUserId",
                    Map.of("igUserId", "the igAccessToken belongs to Instagram account " + proven + ", not " + claimedId
                            + "; leave igUserId out to connect the token's own account"));
        }
        return proven;
    }

    /** A body that names an Instagram id it cannot prove. */
    static ApiException unproven() {
        return unprocessable("an Instagram account is connected only by a token that belongs to it",
                Map.of("igUserId", "is bound only with an igAccessToken of that account: send both, or only the token"));
    }

    private static ApiException unprocessable(String message, Map<String, Object> details) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, 422, message, details, Map.of());
    }

    private static ApiException unavailable(long retryAfterSeconds) {
        return new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 503,
                "Instagram cannot be asked whom the igAccessToken belongs to right now; retry shortly", Map.of(),
                Map.of("retry-after", Long.toString(Math.max(1, retryAfterSeconds))));
    }
}
