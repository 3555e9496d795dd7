package com.socialwire.posts.regen;

import com.socialwire.posts.model.Post;
import com.socialwire.shared.billing.MeteredCall;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.Usage;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.providers.llm.LlmResult;
import com.socialwire.shared.providers.llm.PriceTable;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.text.TopicMatcher;

import java.math.BigDecimal;
import java.util.List;

/**
 * Rewrites a post in the brand's voice from its reviewers' feedback (rejection reasons and open
 * review comments). A paid operation: credits for the fee plus the worst-case model cost are held
 * before the call, the daily LLM budget is reserved too, and what it really cost is settled.
 * Without a configured model the offline rewriter answers, labelled as such.
 */
public final class Regenerator {

    static final int MAX_TOKENS = 700;

    /** How one regeneration ended. */
    public sealed interface Outcome {
        record Rewritten(String text, String model, boolean offline, Usage usage) implements Outcome {
        }

        record NoCredits(long requiredMicroCredits) implements Outcome {
        }

        record BudgetSpent() implements Outcome {
        }

        /** The model is unavailable for now (transient); the hold was given back, a retry of the operation holds again. */
        record Unavailable(String message) implements Outcome {
        }

        record Failed(String message, Usage usage) implements Outcome {
        }
    }

    private final LlmClient llm;
    private final PriceTable prices;
    private final Metering metering;
    private final MeteredCall calls;

    public Regenerator(LlmClient llm, PriceTable prices, Metering metering, LlmBudget budget) {
        this.llm = llm;
        this.prices = prices;
        this.metering = metering;
        this.calls = new MeteredCall(metering, budget);
    }

    public LlmClient llm() {
        return llm;
    }

    /** The prompt: brand, voice, no-go topics, target platforms and their limit, the current text and every piece of feedback. */
    public LlmClient.LlmRequest request(Tenant tenant, Post post, List<String> feedback, int maxCharacters) {
        StringBuilder system = new StringBuilder()
                .append("You rewrite social media posts for ").append(tenant.name())
                .append(tenant.igHandle() == null ? "" : " (@" + tenant.igHandle() + ")").append(".\n")
                .append("Brand voice: ").append(tenant.brandVoice() == null ? "friendly and clear" : tenant.brandVoice()).append('\n')
                .append("Platforms: ").append(String.join(", ", post.platforms())).append(". At most ").append(maxCharacters)
                .append(" characters. Keep the post's facts; do not invent prices, dates or claims.\n")
                .append("Answer with the rewritten post text only.\n");
        if (!tenant.noGoTopics().isEmpty()) {
            system.append("Never mention: ").append(String.join(", ", tenant.noGoTopics())).append('\n');
        }
        StringBuilder user = new StringBuilder("Current post:\n").append(post.text()).append("\n\nReviewer feedback to address:\n");
        for (String f : feedback) {
            user.append("- ").append(f).append('\n');
        }
        return new LlmClient.LlmRequest(system.toString(), List.of(new LlmClient.Message("user", user.toString())), MAX_TOKENS, 0.5);
    }

    public BigDecimal worstCaseUsd(LlmClient.LlmRequest request) {
        return prices.worstCase(llm, request);
    }

    /**
     * Runs one regeneration under {@code operationId} (deterministic per regeneration, so a retried
     * job finds its hold instead of paying twice) as one {@link MeteredCall}.
     */
    public Outcome run(Tenant tenant, Post post, List<String> feedback, int maxCharacters, String operationId) {
        LlmClient.LlmRequest request = request(tenant, post, feedback, maxCharacters);
        long fee = metering.card().fee("draft");
        MeteredCall.Outcome<LlmResult.Ok> outcome = calls.llm(tenant, tenant.accountId(), operationId, fee,
                worstCaseUsd(request), "regenerate post " + post.id,
                () -> llm.offline() ? OfflineRewriter.rewrite(post.text(), feedback, maxCharacters) : llm.complete(request));
        return switch (outcome) {
            case MeteredCall.Outcome.NoCredits<LlmResult.Ok> n -> new Outcome.NoCredits(n.requiredMicroCredits());
            case MeteredCall.Outcome.Refused<LlmResult.Ok> r -> new Outcome.BudgetSpent();
            case MeteredCall.Outcome.Unavailable<LlmResult.Ok> u -> new Outcome.Unavailable(u.message());
            case MeteredCall.Outcome.Failed<LlmResult.Ok> f -> new Outcome.Failed("the model could not rewrite the post", f.usage());
            case MeteredCall.Outcome.Answered<LlmResult.Ok> a -> {
                String text = clean(a.value().text(), maxCharacters);
                if (text.isEmpty() || mentions(text, tenant.noGoTopics())) {
                    yield new Outcome.Failed(text.isEmpty() ? "the model returned no text" : "the rewrite mentions a no-go topic",
                            calls.settle(a, 0)); // the generation was spent; no fee
                }
                yield new Outcome.Rewritten(text, a.value().model(), llm.offline(), calls.settle(a, fee));
            }
        };
    }

    /** Gives an abandoned regeneration's hold back. */
    public Usage refund(String accountId, String operationId, long reserved, String reason) {
        return metering.refund(new Metering.Hold(accountId, operationId, reserved), reason);
    }

    static String clean(String text, int max) {
        String t = text == null ? "" : text.strip();
        if (t.length() > 1 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t.length() > max ? t.substring(0, max).strip() : t;
    }

    /** The one topic matcher's rule (whole words and phrases, folded): "selection" does not mention "election". */
    static boolean mentions(String text, List<String> topics) {
        return TopicMatcher.mentionsAny(text, topics);
    }
}
