package com.socialwire.shared.tenants;

import java.math.BigDecimal;

/**
 * How a tenant's content is approved and delivered, and how far automation may go on its behalf; its engagement
 * topics are the subjects whose X conversations staff want reply drafts for (never sent automatically); its
 * branding is the look of the pages its clients see (never null: {@link Branding#NONE} when not set).
 */
public record TenantSettings(
        boolean requiresQaApproval,
        boolean requiresClientApproval,
        String deliveryMode,
        BigDecimal dailyLlmBudgetUsd,
        boolean autoReplyComments,
        boolean autoReplyDms,
        String spamAction,
        String noGoAction,
        java.util.List<String> engagementTopics,
        Branding branding) {

    public static final java.util.Set<String> SPAM_ACTIONS = java.util.Set.of("hide", "ignore");
    public static final java.util.Set<String> NO_GO_ACTIONS = java.util.Set.of("escalate", "safe_reply");

    /** Budgets compare and print the same however they were written (5, 5.0, 5.00). */
    public TenantSettings {
        dailyLlmBudgetUsd = dailyLlmBudgetUsd == null ? null : dailyLlmBudgetUsd.stripTrailingZeros();
        engagementTopics = engagementTopics == null ? java.util.List.of() : java.util.List.copyOf(engagementTopics);
        branding = branding == null ? Branding.NONE : branding;
    }

    /** Settings without branding (the pages' own look). */
    public TenantSettings(boolean requiresQaApproval, boolean requiresClientApproval, String deliveryMode, BigDecimal dailyLlmBudgetUsd,
                          boolean autoReplyComments, boolean autoReplyDms, String spamAction, String noGoAction,
                          java.util.List<String> engagementTopics) {
        this(requiresQaApproval, requiresClientApproval, deliveryMode, dailyLlmBudgetUsd, autoReplyComments, autoReplyDms, spamAction,
                noGoAction, engagementTopics, Branding.NONE);
    }

    /** These settings with {@code branding} (none if null). */
    public TenantSettings withBranding(Branding branding) {
        return new TenantSettings(requiresQaApproval, requiresClientApproval, deliveryMode, dailyLlmBudgetUsd, autoReplyComments,
                autoReplyDms, spamAction, noGoAction, engagementTopics, branding);
    }

    /** Settings without engagement topics (the X conversations a person looks for, see {@code x/reply-suggestions}). */
    public TenantSettings(boolean requiresQaApproval, boolean requiresClientApproval, String deliveryMode, BigDecimal dailyLlmBudgetUsd,
                          boolean autoReplyComments, boolean autoReplyDms, String spamAction, String noGoAction) {
        this(requiresQaApproval, requiresClientApproval, deliveryMode, dailyLlmBudgetUsd, autoReplyComments, autoReplyDms, spamAction,
                noGoAction, java.util.List.of(), Branding.NONE);
    }

    /**
     * Safe defaults for a new brand: no approval gates, auto-publish, $5/day LLM budget, auto-replies
     * off until enabled, spam hidden, no-go topics escalated to a human.
     */
    public static final TenantSettings DEFAULTS =
            new TenantSettings(false, false, "auto_publish", new BigDecimal("5.00"), false, false, "hide", "escalate");
}
