package com.socialwire.posts.studio.ai;

import com.socialwire.posts.studio.prompt.Prompt;
import com.socialwire.posts.studio.prompt.PromptBuilder;
import com.socialwire.posts.studio.prompt.PromptRequest;
import com.socialwire.shared.Ids;
import com.socialwire.shared.billing.MeteredCall;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.PaidCallRefusal;
import com.socialwire.shared.billing.Usage;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.providers.llm.LlmResult;
import com.socialwire.shared.providers.llm.PriceTable;
import com.socialwire.shared.providers.llm.TokenEstimate;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.tenants.Tenant;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The AI tools' paid model calls: every prompt from the one {@link PromptBuilder}, every run one {@link MeteredCall}
 * with the price card's {@value #FEE} fee plus the model's tokens (held at the worst case of every call the run may
 * make, settled at what they cost; the fee only when something was delivered), its refusals answered by the one
 * {@link PaidCallRefusal}. Without a configured model the {@link OfflineStudio} writer answers, labelled offline.
 */
public final class ToolCalls {

    /** The price card's fee of one AI tool call. */
    public static final String FEE = "ai_tool";

    private final LlmClient llm;
    private final PriceTable prices;
    private final Metering metering;
    private final LlmBudget budget;
    private final MeteredCall calls;
    private final PromptBuilder prompts;

    public ToolCalls(LlmClient llm, PriceTable prices, Metering metering, LlmBudget budget, PromptBuilder prompts) {
        this.llm = llm;
        this.prices = prices;
        this.metering = metering;
        this.budget = budget;
        this.calls = new MeteredCall(metering, budget);
        this.prompts = prompts;
    }

    public boolean offline() {
        return llm.offline();
    }

    Prompt prompt(Tenant tenant, PromptRequest request) {
        return prompts.build(tenant, request);
    }

    static LlmClient.LlmRequest request(Prompt prompt, int maxTokens, double temperature) {
        return new LlmClient.LlmRequest(prompt.system(), List.of(new LlmClient.Message("user", prompt.user())), maxTokens, temperature);
    }

    BigDecimal worstUsd(List<LlmClient.LlmRequest> requests) {
        BigDecimal sum = BigDecimal.ZERO;
        for (LlmClient.LlmRequest r : requests) {
            sum = sum.add(prices.worstCase(llm, r));
        }
        return sum;
    }

    /** The offline writer's answer priced as a completion of {@code request} (the offline model is free). */
    LlmResult.Ok offlineAnswer(LlmClient.LlmRequest request, String text) {
        int in = TokenEstimate.ofRequest(request);
        int out = TokenEstimate.ofChars(text.length());
        return new LlmResult.Ok(text, PriceTable.OFFLINE_MODEL, in, out, prices.cost(PriceTable.OFFLINE_MODEL, in, out));
    }

    /** The calls of one tool run, summed into the one completion the metered call settles. */
    final class Session {
        private LlmResult firstFailure;
        private int calls;
        private int inputTokens;
        private int outputTokens;
        private BigDecimal costUsd = BigDecimal.ZERO;
        private String model;

        /**
         * One completion ({@code offline} writes it without a model): its text, or null when the model did not answer —
         * the first call's failure ends the run (nothing delivered, everything given back), a later one only means no
         * second try.
         */
        String complete(LlmClient.LlmRequest request, Supplier<String> offline) {
            LlmResult r = llm.offline() ? offlineAnswer(request, offline.get()) : llm.complete(request);
            if (r instanceof LlmResult.Ok ok) {
                calls++;
                inputTokens += ok.inputTokens();
                outputTokens += ok.outputTokens();
                costUsd = costUsd.add(ok.costUsd());
                model = model == null ? ok.model() : model;
                return ok.text();
            }
            if (calls == 0 && firstFailure == null) {
                firstFailure = r;
            }
            return null;
        }

        int calls() {
            return calls;
        }

        private LlmResult total() {
            return firstFailure != null ? firstFailure : new LlmResult.Ok("", model, inputTokens, outputTokens, costUsd);
        }
    }

    /** What a paid run delivered, with the model that wrote it, how many calls it took and what it was charged. */
    record Paid<T>(T value, String model, boolean offline, int calls, Usage usage) {

        /** The fields every paid tool response carries. */
        Map<String, Object> into(Map<String, Object> out) {
            out.put("model", model);
            out.put("offline", offline);
            out.put("modelCalls", calls);
            out.put("usage", usage);
            return out;
        }
    }

    /**
     * Runs {@code work} as one metered call for {@code tenant}, holding the ai_tool fee plus {@code worstUsd}. A refusal
     * (credits, budget, model) is thrown as {@link PaidCallRefusal}'s answer with nothing generated; when {@code work}
     * delivers nothing ({@code delivered} false) the tokens are charged without the fee and the answer is 502 with the usage.
     */
    <T> Paid<T> run(Tenant tenant, String tool, BigDecimal worstUsd, Function<Session, T> work, java.util.function.Predicate<T> delivered,
                    String what) {
        long fee = metering.card().fee(FEE);
        Session session = new Session();
        Object[] value = new Object[1];
        MeteredCall.Outcome<LlmResult.Ok> outcome = calls.llm(tenant, tenant.accountId(), "ai:" + tool + ":" + tenant.id() + ":" + Ids.base62(12),
                fee, worstUsd, "ai " + tool + " for " + tenant.id(), () -> {
                    value[0] = work.apply(session);
                    return session.total();
                });
        if (!(outcome instanceof MeteredCall.Outcome.Answered<LlmResult.Ok> answered)) {
            throw PaidCallRefusal.of(outcome, what, budget.secondsUntilTomorrow(tenant));
        }
        @SuppressWarnings("unchecked")
        T v = (T) value[0];
        boolean ok = v != null && delivered.test(v);
        Usage usage = calls.settle(answered, ok ? fee : 0);
        if (!ok) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("usage", usage);
            throw new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 502, "the model wrote no " + what + " that fit the platform's rules; "
                    + "its tokens were charged, the tool's fee was not", details, Map.of());
        }
        return new Paid<>(v, answered.value().model(), llm.offline(), session.calls(), usage);
    }
}
