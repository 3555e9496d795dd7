package com.socialwire.shared.tenants;

import java.math.BigDecimal;

/** How a tenant's content is approved and delivered, and how far automation may go on its behalf. */
public record TenantSettings(
        boolean requiresQaApproval,
        boolean requiresClientApproval,
        String deliveryMode,
        BigDecimal dailyLlmBudgetUsd,
        boolean autoReplyComments,
        boolean autoReplyDms,
        String spamAction,
        String noGoAction) {

    public static final java.util.Set<String> SPAM_ACTIONS = java.util.Set.of("hide", "ignore");
    public static final java.util.Set<String> NO_GO_ACTIONS = java.util.Set.of("escalate", "safe_reply");

    /** Budgets compare and print the same however they were written (5, 5.0, 5.00). */
    public TenantSettings {
        dailyLlmBudgetUsd = dailyLlmBudgetUsd == null ? null : dailyLlmBudgetUsd.stripTrailingZeros();
    }

    /**
     * Safe defaults for a new brand: no approval gates, auto-publish, $5/day LLM budget, auto-replies
     * off until enabled, spam hidden, no-go topics escalated to a human.
     */
    public static final TenantSettings DEFAULTS =
            new TenantSettings(false, false, "auto_publish", new BigDecimal("5.00"), false, false, "hide", "escalate");
}
