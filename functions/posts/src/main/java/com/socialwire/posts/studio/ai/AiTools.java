package com.socialwire.posts.studio.ai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The content studio's synchronous AI tools for one tenant: captions ({@code ai/generate}), hashtags, repurposing,
 * best posting times and X reply drafts. Each paid tool is one metered model call ({@link ToolCalls}); best-time is free.
 */
public final class AiTools {

    private final TenantProfiles tenants;
    /** The paid tools, built by the first paid request: best-time (free) needs no ledger, price table or model. */
    private final Lazy<Paid> paid;
    private final BestTimes bestTimes;
    private final Clock clock;

    /** The tools that make a metered model call. */
    private record Paid(CaptionTools captions, HashtagTool hashtags, ReplyDrafts replies) {
    }

    private static final class PaidOnFirstUse implements Supplier<Paid> {
        private final Supplier<ToolCalls> calls;

        PaidOnFirstUse(Supplier<ToolCalls> calls) {
            this.calls = calls;
        }

        @Override
        public Paid get() {
            ToolCalls c = calls.get();
            return new Paid(new CaptionTools(c), new HashtagTool(c), new ReplyDrafts(c));
        }
    }

    /**
     * @param calls the metered model calls, built on the first paid request (building them loads the ledger, the price
     *              table and BigDecimal, whose JDK 25 class initialiser alone costs ~12 ms: not at a best-time cold start)
     */
    public AiTools(TenantProfiles tenants, PostStore posts, Supplier<ToolCalls> calls, Clock clock) {
        this.tenants = tenants;
        this.paid = Lazy.of(new PaidOnFirstUse(calls));
        this.bestTimes = new BestTimes(new com.socialwire.shared.analytics.PublishedDeliveries(posts.table()));
        this.clock = clock;
    }

    public Map<String, Object> generate(String tenantId, ObjectNode body) {
        return paid.get().captions().generate(tenant(tenantId), body);
    }

    public Map<String, Object> repurpose(String tenantId, ObjectNode body) {
        return paid.get().captions().repurpose(tenant(tenantId), body);
    }

    public Map<String, Object> hashtags(String tenantId, ObjectNode body) {
        return paid.get().hashtags().hashtags(tenant(tenantId), body);
    }

    /** {@code platform} null: X, as the seed's default. */
    public Map<String, Object> bestTime(String tenantId, String platform) {
        Platform p = platform == null ? Platforms.require("twitter") : Platforms.find(platform).orElseThrow(() -> new ApiException(
                ErrorCode.VALIDATION_ERROR, 400, "the query is invalid", Map.of("platform", "must be one of " + Platforms.names()), Map.of()));
        return bestTimes.bestTime(tenant(tenantId), p, clock.instant());
    }

    public Map<String, Object> replySuggestions(String tenantId) {
        return paid.get().replies().suggestions(tenant(tenantId));
    }

    private Tenant tenant(String tenantId) {
        return tenants.get(tenantId).orElseThrow(() -> ApiException.notFound("tenant " + tenantId));
    }
}
