package com.socialwire.shared.social.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.analytics.InsightMetrics;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Facebook Page post insights with the Page token: the post's engagement from its own fields
 * ({@code shares.count}, {@code reactions.summary(total_count)} as likes, {@code comments.summary(total_count)}), and
 * its reach and views from the insights edge ({@code post_impressions_unique}, {@code post_impressions}; Meta retires
 * Page metrics often — one it refuses is left out and said so, the engagement still counts). Account: the Page's
 * {@code followers_count}.
 */
public final class FacebookInsights implements InsightsProvider {

    static final String FIELDS = "shares,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)";
    private static final Map<String, String> NAMES = Map.of("post_impressions_unique", "reach", "post_impressions", "views");

    private final PlatformHttp http;
    private final String base;
    private final MetaInsights insights;

    /** @param graphBase {@code FACEBOOK_GRAPH_BASE} (https://graph.facebook.com/v21.0), a stub in tests */
    public FacebookInsights(PlatformHttp http, String graphBase) {
        this.http = http;
        this.base = ProviderHttp.trimBase(graphBase);
        this.insights = new MetaInsights(http, base);
    }

    @Override
    public String platform() {
        return "facebook";
    }

    @Override
    public PlatformResult<PostInsights> post(Target target, String postId, String mediaProductType) {
        PlatformResult<Map<String, Long>> fields = http.get(URI.create(base + "/" + PlatformHttp.component(postId) + "?fields=" + FIELDS),
                target.accessToken(), Map.of(), "GET /{post-id}", FacebookInsights::engagement);
        if (!(fields instanceof PlatformResult.Ok<Map<String, Long>>(Map<String, Long> engagement))) {
            return fields.failure();
        }
        Map<String, Long> values = new HashMap<>(engagement);
        String note = null;
        PlatformResult<MetaInsights.Read> reach = insights.read(postId, List.of("post_impressions_unique", "post_impressions"), "",
                target.accessToken());
        switch (reach) {
            case PlatformResult.Ok<MetaInsights.Read>(MetaInsights.Read read) -> read.values().forEach((k, v) -> values.put(NAMES.get(k), v));
            case PlatformResult.Rejected<MetaInsights.Read> rj -> note = "Facebook gives no reach or views for this post";
            default -> {
                return reach.failure();
            }
        }
        values.remove(null);
        return new PlatformResult.Ok<>(new PostInsights(null, new InsightMetrics(values), note));
    }

    static Map<String, Long> engagement(JsonNode post) {
        if (!post.isObject() || !post.has("id")) {
            return null;
        }
        Map<String, Long> out = new HashMap<>();
        put(out, "shares", post.path("shares").path("count"));
        put(out, "likes", post.path("reactions").path("summary").path("total_count"));
        put(out, "comments", post.path("comments").path("summary").path("total_count"));
        if (!post.has("shares") && post.path("reactions").isObject()) {
            out.put("shares", 0L); // Graph leaves "shares" out of a post nobody shared (its field exists, its count is 0)
        }
        return out;
    }

    private static void put(Map<String, Long> out, String name, JsonNode v) {
        if (v.isNumber()) {
            out.put(name, v.asLong());
        }
    }

    @Override
    public PlatformResult<AccountDay> account(Target target, Instant now) {
        PlatformResult<Long> followers = http.get(URI.create(base + "/" + PlatformHttp.component(target.account().externalId())
                + "?fields=followers_count"), target.accessToken(), Map.of(), "GET /{page-id}", json -> MetaInsights.number(json, "followers_count"));
        if (!(followers instanceof PlatformResult.Ok<Long>(Long f))) {
            return followers.failure();
        }
        return new PlatformResult.Ok<>(new AccountDay(f, null, null));
    }
}
