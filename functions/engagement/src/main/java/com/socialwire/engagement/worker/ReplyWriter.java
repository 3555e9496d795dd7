package com.socialwire.engagement.worker;

import com.socialwire.shared.text.TopicMatcher;
import com.socialwire.engagement.moderation.Moderator;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.providers.llm.LlmResult;
import com.socialwire.shared.providers.llm.PriceTable;
import com.socialwire.shared.tenants.Tenant;

import java.math.BigDecimal;
import java.util.List;

/**
 * Writes a reply in the tenant's brand voice and checks it before anything is sent: a reply that
 * names a no-go topic, or that the moderator would not let through, is refused.
 */
public final class ReplyWriter {

    static final int MAX_TOKENS = 120;
    private static final int MAX_CHARS = 600;

    private final LlmClient llm;
    private final PriceTable prices;
    private final Moderator moderator;

    public ReplyWriter(LlmClient llm, PriceTable prices, Moderator moderator) {
        this.llm = llm;
        this.prices = prices;
        this.moderator = moderator;
    }

    public LlmClient llm() {
        return llm;
    }

    public LlmClient.LlmRequest request(Tenant tenant, String channel, String author, String text) {
        StringBuilder system = new StringBuilder()
                .append("You answer Instagram ").append(channel).append(" for ").append(tenant.name())
                .append(tenant.igHandle() == null ? "" : " (@" + tenant.igHandle() + ")").append(".\n")
                .append("Brand voice: ").append(tenant.brandVoice() == null ? "friendly and helpful" : tenant.brandVoice()).append('\n')
                .append("Write one or two short sentences. No hashtags, no links, no prices or promises you cannot keep.\n");
        if (!tenant.noGoTopics().isEmpty()) {
            system.append("Never mention: ").append(String.join(", ", tenant.noGoTopics())).append('\n');
        }
        String user = (author == null ? "Someone" : "@" + author) + " wrote: " + text;
        return new LlmClient.LlmRequest(system.toString(), List.of(new LlmClient.Message("user", user)), MAX_TOKENS, 0.4);
    }

    /** The most this request can cost, reserved against the budget before the call. */
    public BigDecimal worstCaseUsd(LlmClient.LlmRequest request) {
        return prices.worstCase(llm, request);
    }

    public LlmResult write(LlmClient.LlmRequest request) {
        return llm.complete(request);
    }

    /** Why {@code reply} must not be sent, or null if it may. */
    public String refusal(Tenant tenant, String reply) {
        if (reply == null || reply.isBlank()) {
            return "the model returned no text";
        }
        if (reply.length() > MAX_CHARS) {
            return "the reply is too long";
        }
        if (TopicMatcher.mentionsAny(reply, tenant.noGoTopics())) {
            return "the generated reply touched a no-go topic";
        }
        var check = moderator.assess(reply, com.socialwire.engagement.moderation.ModerationPolicy.NONE);
        if (!check.allowed()) {
            return "the generated reply failed moderation: " + check.reason();
        }
        return null;
    }
}
