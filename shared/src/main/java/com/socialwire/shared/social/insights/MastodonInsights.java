package com.socialwire.shared.social.insights;

import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * Mastodon's counts of a status on the account's own instance ({@code GET /api/v1/statuses/:id}: favourites_count,
 * reblogs_count, replies_count; mastodon/documentation entities/Status) and the account's {@code followers_count}
 * ({@code GET /api/v1/accounts/verify_credentials}). Mastodon has no views or reach.
 */
public final class MastodonInsights implements InsightsProvider {

    private static final Map<String, String> NAMES = Map.of("favourites_count", "likes", "reblogs_count", "reposts", "replies_count", "replies");

    private final PlatformHttp http;

    public MastodonInsights(PlatformHttp http) {
        this.http = http;
    }

    @Override
    public String platform() {
        return "mastodon";
    }

    private static String instance(Target target) {
        return ProviderHttp.trimBase(target.account().instance());
    }

    @Override
    public PlatformResult<PostInsights> post(Target target, String statusId, String mediaProductType) {
        return http.get(URI.create(instance(target) + "/api/v1/statuses/" + PlatformHttp.component(statusId)), target.accessToken(), Map.of(),
                "GET /api/v1/statuses/:id", json -> json.has("id") ? new PostInsights(null, Counts.read(json, NAMES), null) : null);
    }

    @Override
    public PlatformResult<AccountDay> account(Target target, Instant now) {
        return http.get(URI.create(instance(target) + "/api/v1/accounts/verify_credentials"), target.accessToken(), Map.of(),
                "GET /api/v1/accounts/verify_credentials", json -> json.has("id")
                        ? new AccountDay(json.path("followers_count").isNumber() ? json.path("followers_count").asLong() : null, null, null) : null);
    }
}
