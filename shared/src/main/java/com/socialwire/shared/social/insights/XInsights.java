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
 * X's public metrics with the account's user token ({@code GET /2/tweets/:id?tweet.fields=public_metrics}: like,
 * reply, retweet, quote, bookmark and impression counts; a thread is measured by its first post) and the account's
 * {@code followers_count} ({@code GET /2/users/:id?user.fields=public_metrics}). Each read is a paid X read.
 */
public final class XInsights implements InsightsProvider {

    private static final Map<String, String> NAMES = Map.of("impression_count", "views", "like_count", "likes", "reply_count", "replies",
            "retweet_count", "reposts", "quote_count", "quotes", "bookmark_count", "saved");

    private final PlatformHttp http;
    private final String base;

    /** @param apiBase {@code X_API_BASE} (https://api.x.com), a stub in tests */
    public XInsights(PlatformHttp http, String apiBase) {
        this.http = http;
        this.base = ProviderHttp.trimBase(apiBase);
    }

    @Override
    public String platform() {
        return "twitter";
    }

    @Override
    public PlatformResult<PostInsights> post(Target target, String tweetId, String mediaProductType) {
        return http.get(URI.create(base + "/2/tweets/" + PlatformHttp.component(tweetId) + "?tweet.fields=public_metrics"), target.accessToken(),
                Map.of(), "GET /2/tweets/:id", json -> {
                    JsonNode metrics = json.path("data").path("public_metrics");
                    if (!metrics.isObject()) {
                        return null;
                    }
                    InsightMetrics m = Counts.read(metrics, NAMES);
                    return new PostInsights(null, m, null);
                });
    }

    @Override
    public PlatformResult<AccountDay> account(Target target, Instant now) {
        return http.get(URI.create(base + "/2/users/" + PlatformHttp.component(target.account().externalId()) + "?user.fields=public_metrics"),
                target.accessToken(), Map.of(), "GET /2/users/:id", json -> {
                    JsonNode f = json.path("data").path("public_metrics").path("followers_count");
                    return json.path("data").isObject() ? new AccountDay(f.isNumber() ? f.asLong() : null, null, null) : null;
                });
    }
}
