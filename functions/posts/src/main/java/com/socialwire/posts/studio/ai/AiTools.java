package com.socialwire.posts.studio.ai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;

import java.time.Clock;
import java.util.Map;

/**
 * The content studio's synchronous AI tools for one tenant: captions ({@code ai/generate}), hashtags, repurposing,
 * best posting times and X reply drafts. Each paid tool is one metered model call ({@link ToolCalls}); best-time is free.
 */
public final class AiTools {

    private final TenantProfiles tenants;
    private final CaptionTools captions;
    private final HashtagTool hashtags;
    private final ReplyDrafts replies;
    private final BestTimes bestTimes;
    private final Clock clock;

    public AiTools(TenantProfiles tenants, PostStore posts, ToolCalls calls, Clock clock) {
        this.tenants = tenants;
        this.captions = new CaptionTools(calls);
        this.hashtags = new HashtagTool(calls);
        this.replies = new ReplyDrafts(calls);
        this.bestTimes = new BestTimes(posts);
        this.clock = clock;
    }

    public Map<String, Object> generate(String tenantId, ObjectNode body) {
        return captions.generate(tenant(tenantId), body);
    }

    public Map<String, Object> repurpose(String tenantId, ObjectNode body) {
        return captions.repurpose(tenant(tenantId), body);
    }

    public Map<String, Object> hashtags(String tenantId, ObjectNode body) {
        return hashtags.hashtags(tenant(tenantId), body);
    }

    /** {@code platform} null: X, as the seed's default. */
    public Map<String, Object> bestTime(String tenantId, String platform) {
        Platform p = platform == null ? Platforms.require("twitter") : Platforms.find(platform).orElseThrow(() -> new ApiException(
                ErrorCode.VALIDATION_ERROR, 400, "the query is invalid", Map.of("platform", "must be one of " + Platforms.names()), Map.of()));
        return bestTimes.bestTime(tenant(tenantId), p, clock.instant());
    }

    public Map<String, Object> replySuggestions(String tenantId) {
        return replies.suggestions(tenant(tenantId));
    }

    private Tenant tenant(String tenantId) {
        return tenants.get(tenantId).orElseThrow(() -> ApiException.notFound("tenant " + tenantId));
    }
}
