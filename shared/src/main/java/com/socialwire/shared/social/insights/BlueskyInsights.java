package com.socialwire.shared.social.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.analytics.InsightMetrics;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * Bluesky's counts of a post through the account's PDS (which proxies to the AppView): {@code GET
 * /xrpc/app.bsky.feed.getPosts?uris={at-uri}} → {@code posts[0]} likeCount, repostCount, replyCount, quoteCount; the
 * account's {@code followersCount} from {@code app.bsky.actor.getProfile}. Bluesky has no views or reach.
 */
public final class BlueskyInsights implements InsightsProvider {

    private static final Map<String, String> NAMES = Map.of("likeCount", "likes", "repostCount", "reposts", "replyCount", "replies",
            "quoteCount", "quotes");

    private final PlatformHttp http;

    public BlueskyInsights(PlatformHttp http) {
        this.http = http;
    }

    @Override
    public String platform() {
        return "bluesky";
    }

    private static String pds(Target target) {
        return ProviderHttp.trimBase(target.account().instance() == null ? "https://bsky.social" : target.account().instance());
    }

    @Override
    public PlatformResult<PostInsights> post(Target target, String uri, String mediaProductType) {
        return http.get(URI.create(pds(target) + "/xrpc/app.bsky.feed.getPosts?uris=" + PlatformHttp.component(uri)), target.accessToken(),
                Map.of(), "GET app.bsky.feed.getPosts", json -> {
                    if (!json.path("posts").isArray()) {
                        return null;
                    }
                    JsonNode post = json.path("posts").path(0);
                    if (post.isMissingNode()) {
                        return new PostInsights(null, InsightMetrics.NONE, "Bluesky no longer shows the post (deleted?)");
                    }
                    InsightMetrics m = Counts.read(post, NAMES);
                    return new PostInsights(null, m, null);
                });
    }

    @Override
    public PlatformResult<AccountDay> account(Target target, Instant now) {
        return http.get(URI.create(pds(target) + "/xrpc/app.bsky.actor.getProfile?actor=" + PlatformHttp.component(target.account().externalId())),
                target.accessToken(), Map.of(), "GET app.bsky.actor.getProfile", json -> json.has("did")
                        ? new AccountDay(json.path("followersCount").isNumber() ? json.path("followersCount").asLong() : null, null, null) : null);
    }
}
