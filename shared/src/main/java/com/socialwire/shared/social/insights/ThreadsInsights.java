package com.socialwire.shared.social.insights;

import com.socialwire.shared.analytics.InsightMetrics;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;

import java.time.Instant;
import java.util.List;

/**
 * Threads media insights ({@code GET /v1.0/{media-id}/insights?metric=views,likes,replies,reposts,quotes,shares},
 * scope {@code threads_manage_insights}): Meta's insights edge, read as Instagram's is. Account numbers are not read
 * here (not available: every field of the day is null).
 */
public final class ThreadsInsights implements InsightsProvider {

    static final List<String> METRICS = List.of("views", "likes", "replies", "reposts", "quotes", "shares");

    private final MetaInsights insights;

    /** @param apiBase {@code THREADS_API_BASE} (https://graph.threads.net), a stub in tests */
    public ThreadsInsights(com.socialwire.shared.social.oauth.PlatformHttp http, String apiBase) {
        String base = ProviderHttp.trimBase(apiBase) + "/v1.0";
        this.insights = new MetaInsights(http, base);
    }

    @Override
    public String platform() {
        return "threads";
    }

    @Override
    public PlatformResult<PostInsights> post(Target target, String mediaId, String mediaProductType) {
        PlatformResult<MetaInsights.Read> r = insights.read(mediaId, METRICS, "", target.accessToken());
        if (!(r instanceof PlatformResult.Ok<MetaInsights.Read>(MetaInsights.Read read))) {
            return r.failure();
        }
        InsightMetrics m = new InsightMetrics(read.values());
        return new PlatformResult.Ok<>(new PostInsights(null, m, m.isEmpty() ? "no data yet" : null));
    }

    @Override
    public PlatformResult<AccountDay> account(Target target, Instant now) {
        return new PlatformResult.Ok<>(new AccountDay(null, null, null));
    }
}
