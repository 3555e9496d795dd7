package com.socialwire.engagement.worker;

import com.socialwire.engagement.moderation.Moderator;
import com.socialwire.engagement.moderation.ReplyGuard;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.providers.llm.LlmResult;
import com.socialwire.shared.providers.llm.PriceTable;
import com.socialwire.shared.providers.llm.UntrustedText;
import com.socialwire.shared.tenants.Tenant;

import java.math.BigDecimal;
import java.util.List;

/**
 * Writes a reply in the tenant's brand voice, with the person's text delimited as data, and checks
 * it with {@link ReplyGuard} before anything is sent.
 */
public final class ReplyWriter {

    static final int MAX_TOKENS = 120;
    /** How the prompt names a platform. */
    static final java.util.Map<String, String> PLATFORM_NAMES = java.util.Map.of("twitter", "X", "bluesky", "Bluesky", "mastodon", "Mastodon",
            "linkedin", "LinkedIn", "youtube", "YouTube", "facebook", "Facebook", "threads", "Threads");

    private final LlmClient llm;
    private final PriceTable prices;
    private final ReplyGuard guard;

    public ReplyWriter(LlmClient llm, PriceTable prices, Moderator moderator) {
        this.llm = llm;
        this.prices = prices;
        this.guard = new ReplyGuard(moderator);
    }

    public LlmClient llm() {
        return llm;
    }

    /**
     * The prompt: the brand and its voice in the system turn, with the rule that the person's text is data; the
     * person's text only in the user turn, escaped and between {@link UntrustedText}'s markers.
     */
    public LlmClient.LlmRequest request(Tenant tenant, String channel, String author, String text) {
        return request(tenant, "instagram", channel, author, text);
    }

    /** The same for {@code platform}'s {@code channel} (the brand's Instagram handle is named on Instagram only). */
    public LlmClient.LlmRequest request(Tenant tenant, String platform, String channel, String author, String text) {
        boolean instagram = "instagram".equals(platform);
        StringBuilder system = new StringBuilder()
                .append("You answer ").append(instagram ? "Instagram" : PLATFORM_NAMES.getOrDefault(platform, platform)).append(' ')
                .append(channel).append(" for ").append(tenant.name())
                .append(!instagram || tenant.igHandle() == null ? "" : " (@" + tenant.igHandle() + ")").append(".\n")
                .append("Brand voice: ").append(tenant.brandVoice() == null ? "friendly and helpful" : tenant.brandVoice()).append('\n')
                .append("Write one or two short sentences. No hashtags, no links, no @mentions, no prices, codes, discounts, ")
                .append("giveaways or promises you cannot keep, unless the brand voice above gives them.\n")
                .append(UntrustedText.RULE);
        if (!tenant.noGoTopics().isEmpty()) {
            system.append("Never mention: ").append(String.join(", ", tenant.noGoTopics())).append('\n');
        }
        String handle = ReplyGuard.handle(author);
        String user = (handle == null ? "Someone" : (instagram ? "Instagram" : PLATFORM_NAMES.getOrDefault(platform, platform)) + " user @" + handle)
                + " wrote:\n" + UntrustedText.block(text);
        return new LlmClient.LlmRequest(system.toString(), List.of(new LlmClient.Message("user", user)), MAX_TOKENS, 0.4);
    }

    /** The most this request can cost, reserved against the budget before the call. */
    public BigDecimal worstCaseUsd(LlmClient.LlmRequest request) {
        return prices.worstCase(llm, request);
    }

    public LlmResult write(LlmClient.LlmRequest request) {
        return llm.complete(request);
    }

    /** Why {@code reply} must not be sent, or null if it may: see {@link ReplyGuard}. */
    public String refusal(Tenant tenant, String reply) {
        return guard.refusal(tenant, reply);
    }
}
