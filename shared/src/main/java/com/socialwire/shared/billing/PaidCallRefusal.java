package com.socialwire.shared.billing;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one HTTP answer of a synchronous paid call that produced nothing ({@link MeteredCall.Outcome} other than
 * {@code Answered}): too few credits 402 {@code INSUFFICIENT_CREDITS} (nothing held, nothing called), the tenant's
 * daily LLM budget spent 429 {@code RATE_LIMITED} with {@code Retry-After} until the tenant's next local midnight,
 * the model unavailable 503 {@code PROVIDER_UNAVAILABLE} (retry shortly), the model refused 502. In every case the
 * hold was given back. Used by every synchronous AI route (reply drafts, the content studio's AI tools).
 */
public final class PaidCallRefusal {

    private PaidCallRefusal() {
    }

    /**
     * The exception for {@code outcome}; {@code what} names the work ("a reply draft", "captions"),
     * {@code secondsUntilBudgetResets} the budget's {@code Retry-After}.
     */
    public static ApiException of(MeteredCall.Outcome<?> outcome, String what, long secondsUntilBudgetResets) {
        return switch (outcome) {
            case MeteredCall.Outcome.NoCredits<?> n -> {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("requiredMicroCredits", n.requiredMicroCredits());
                details.put("availableMicroCredits", n.availableMicroCredits());
                yield new ApiException(ErrorCode.INSUFFICIENT_CREDITS, 402, "not enough credits for " + what + "; top up first", details, Map.of());
            }
            case MeteredCall.Outcome.Refused<?> r -> new ApiException(ErrorCode.RATE_LIMITED, 429,
                    "the tenant's daily LLM budget is spent; raise settings.dailyLlmBudgetUsd or wait for tomorrow",
                    Map.of("reason", r.reason()), Map.of("retry-after", Long.toString(Math.max(1, secondsUntilBudgetResets))));
            case MeteredCall.Outcome.Unavailable<?> u -> new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 503,
                    "the model is unavailable; retry shortly", Map.of(), Map.of("retry-after", "5"));
            case MeteredCall.Outcome.Failed<?> f -> new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 502,
                    "the model could not write " + what, Map.of(), Map.of());
            case MeteredCall.Outcome.Answered<?> a -> throw new IllegalArgumentException("an answered call is not a refusal");
        };
    }
}
