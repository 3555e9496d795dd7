package com.socialwire.shared.billing;

import com.socialwire.shared.providers.llm.LlmResult;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.tenants.Tenant;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One metered paid call — the one home of the pattern every paid provider call follows: hold the
 * most it can cost (too few credits → nothing is called), call the provider, then settle what it
 * really cost or give everything back. Its failures are classified once, here, for every caller:
 *
 * <ul>
 *   <li>transient — timeouts, connection failures, 408/429/5xx, and anything the call throws: the
 *       hold (and any LLM budget) is refunded and the caller tries again later ({@code RetryLater}
 *       in a worker, 503 in the API). The retry holds again: {@link Metering} gives it the next id
 *       of its operation's chain, so retries converge and each pays once;</li>
 *   <li>permanent — other 4xx, validation: refunded, and the work ends with the reason;</li>
 *   <li>refused — a guard (the tenant's daily LLM budget) said no before the call: refunded.</li>
 * </ul>
 *
 * <p>An answered call leaves its hold open: the caller settles it with {@link #settle} once it knows
 * what to charge (at once, or — a reply — after the message went out, from a later invocation by
 * the same operation id). Used by replies, regeneration and reply drafts; a new paid call (content,
 * reports, reads) goes through {@link #run} or {@link #llm} too. Inside an SQS batch that shares its holds
 * ({@code SqsBatch.sharingPerBatch()}) the same calls draw from the batch's one credit hold per account and one
 * LLM budget hold per tenant ({@link Metering}, {@link LlmBudget}), settled once at the batch's end; the usage
 * each call reports is unchanged.
 */
public final class MeteredCall {

    /** The refusal of {@link #llm} when the tenant's daily LLM budget cannot cover the call. */
    public static final String BUDGET_SPENT = "daily LLM budget spent";

    /** How a provider call ended, classified once. */
    public sealed interface Answer<T> {
        /** Done; {@code costMicroCredits} is what the provider part cost (fees are the caller's). */
        record Ok<T>(T value, long costMicroCredits) implements Answer<T> {
        }

        /** Try again later: timeout, connection failure, 408, 429, 5xx. */
        record Transient<T>(int httpStatus, String message) implements Answer<T> {
        }

        /** Retrying cannot help: 4xx, validation. */
        record Permanent<T>(int httpStatus, String message) implements Answer<T> {
        }

        /** A guard refused before anything was called. */
        record Refused<T>(String reason) implements Answer<T> {
        }
    }

    /** What one paid call came to. */
    public sealed interface Outcome<T> {
        /** Answered; the hold is open until {@link #settle}. */
        record Answered<T>(T value, long costMicroCredits, Metering.Hold hold) implements Outcome<T> {
        }

        /** Not enough credits: nothing was called or held. */
        record NoCredits<T>(long requiredMicroCredits, long availableMicroCredits) implements Outcome<T> {
        }

        /** A guard refused (e.g. {@link #BUDGET_SPENT}); nothing was called, the hold was given back. */
        record Refused<T>(String reason) implements Outcome<T> {
        }

        /** Transient: everything given back; try again later. */
        record Unavailable<T>(int httpStatus, String message) implements Outcome<T> {
        }

        /** Permanent: everything given back; end the work with this reason. */
        record Failed<T>(int httpStatus, String message, Usage usage) implements Outcome<T> {
        }
    }

    private final Metering metering;
    private final LlmBudget budget;

    public MeteredCall(Metering metering, LlmBudget budget) {
        this.metering = metering;
        this.budget = budget;
    }

    public Metering metering() {
        return metering;
    }

    /** Holds {@code holdMicroCredits} under {@code operationId}, runs {@code call} and classifies what it answers. */
    public <T> Outcome<T> run(String accountId, String operationId, long holdMicroCredits, String reference, Supplier<Answer<T>> call) {
        Optional<Metering.Hold> held = metering.hold(accountId, operationId, holdMicroCredits, reference);
        if (held.isEmpty()) {
            return new Outcome.NoCredits<>(holdMicroCredits, metering.ledger().balance(accountId).availableMicroCredits());
        }
        Metering.Hold hold = held.get();
        Answer<T> answer;
        try {
            answer = call.get();
        } catch (RuntimeException e) {
            answer = new Answer.Transient<>(0, e.getClass().getSimpleName());
        }
        // if-chains, not type switches, here and below: a type switch's bootstrap spins a class with the ClassFile API at
        // a cold start's first paid call
        if (answer instanceof Answer.Ok<T> ok) {
            return new Outcome.Answered<>(ok.value(), ok.costMicroCredits(), hold);
        }
        if (answer instanceof Answer.Refused<T> r) {
            metering.refund(hold, r.reason());
            return new Outcome.Refused<>(r.reason());
        }
        if (answer instanceof Answer.Transient<T> t) {
            metering.refund(hold, "provider unavailable" + (t.httpStatus() > 0 ? " (" + t.httpStatus() + ")" : ""));
            return new Outcome.Unavailable<>(t.httpStatus(), t.message());
        }
        Answer.Permanent<T> p = (Answer.Permanent<T>) answer;
        return new Outcome.Failed<>(p.httpStatus(), p.message(),
                metering.refund(hold, "provider refused" + (p.httpStatus() > 0 ? " (" + p.httpStatus() + ")" : "")));
    }

    /**
     * A paid LLM completion for {@code tenant}: holds {@code feeMicroCredits} plus the worst case
     * {@code worstUsd} in credits, reserves the worst case against the tenant's daily LLM budget
     * (refused → {@link #BUDGET_SPENT}), calls, and books the model's real cost against the budget.
     */
    public Outcome<LlmResult.Ok> llm(Tenant tenant, String accountId, String operationId, long feeMicroCredits, BigDecimal worstUsd,
                                     String reference, Supplier<LlmResult> call) {
        long hold = feeMicroCredits + metering.card().llm(worstUsd);
        return run(accountId, operationId, hold, reference, () -> {
            Optional<LlmBudget.Reservation> reserved = budget.reserve(tenant, worstUsd);
            if (reserved.isEmpty()) {
                return new Answer.Refused<>(BUDGET_SPENT);
            }
            LlmResult result;
            try {
                result = call.get();
            } catch (RuntimeException e) {
                budget.release(reserved.get());
                throw e;
            }
            if (result instanceof LlmResult.Ok ok) {
                budget.settle(reserved.get(), ok.model(), ok.costUsd());
                return new Answer.Ok<>(ok, metering.card().llm(ok.costUsd()));
            }
            if (result instanceof LlmResult.Transient t) {
                budget.release(reserved.get());
                return new Answer.Transient<>(t.httpStatus(), t.message());
            }
            LlmResult.Failed f = (LlmResult.Failed) result;
            budget.release(reserved.get());
            return new Answer.Permanent<>(f.httpStatus(), f.message());
        });
    }

    /** Settles an answered call: its provider cost plus {@code feeMicroCredits} (0 when the work was not delivered). */
    public Usage settle(Outcome.Answered<?> answered, long feeMicroCredits) {
        return metering.settle(answered.hold(), answered.costMicroCredits() + feeMicroCredits);
    }
}
