package com.socialwire.shared.social.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.analytics.InsightMetrics;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Instagram media and account insights (Graph API, the tenant's Instagram token; reports-content.md §1.2–1.3). Metrics
 * are asked PER MEDIA PRODUCT TYPE, because one a type does not have fails the whole request with (#100): FEED, REELS
 * and carousels (FEED + CAROUSEL_ALBUM) {@code views, reach, likes, comments, saved, shares, total_interactions};
 * STORY {@code views, reach, replies, shares, total_interactions}. {@code impressions}, {@code plays} and
 * {@code video_views} are gone (2025) and never asked. The type is read from the media itself
 * ({@code media_type,media_product_type}) when not known yet. An empty {@code data} is "no data yet"; a story with too
 * few viewers ({@code (#10) Not enough viewers}) likewise.
 */
public final class InstagramInsights implements InsightsProvider {

    static final List<String> FEED = List.of("views", "reach", "likes", "comments", "saved", "shares", "total_interactions");
    static final List<String> STORY = List.of("views", "reach", "replies", "shares", "total_interactions");
    static final Map<String, List<String>> BY_TYPE = Map.of("FEED", FEED, "REELS", FEED, "CAROUSEL_ALBUM", FEED, "STORY", STORY);
    public static final String NO_DATA = "no data yet: Instagram's insights lag up to 48 hours after publishing";

    private final PlatformHttp http;
    private final String base;
    private final MetaInsights insights;

    /** @param graphBase the Graph API with its version, {@code GRAPH_API_BASE_URL} (https://graph.facebook.com/v21.0), a stub in tests */
    public InstagramInsights(PlatformHttp http, String graphBase) {
        this.http = http;
        this.base = ProviderHttp.trimBase(graphBase);
        this.insights = new MetaInsights(http, base);
    }

    @Override
    public String platform() {
        return "instagram";
    }

    @Override
    public PlatformResult<PostInsights> post(Target target, String mediaId, String mediaProductType) {
        String type = mediaProductType;
        if (type == null || !BY_TYPE.containsKey(type)) {
            PlatformResult<String> read = http.get(URI.create(base + "/" + PlatformHttp.component(mediaId) + "?fields=media_type,media_product_type"),
                    target.accessToken(), Map.of(), "GET /{media-id}", InstagramInsights::type);
            if (!(read instanceof PlatformResult.Ok<String>(String t))) {
                return read.failure();
            }
            type = t;
        }
        List<String> metrics = BY_TYPE.get(type);
        if (metrics == null) {
            return new PlatformResult.Ok<>(new PostInsights(type, InsightMetrics.NONE, "Instagram gives no insights for " + type + " media"));
        }
        PlatformResult<MetaInsights.Read> r = insights.read(mediaId, metrics, "", target.accessToken());
        if (r instanceof PlatformResult.Rejected<MetaInsights.Read> rj && "meta_10".equals(rj.code())) {
            return new PlatformResult.Ok<>(new PostInsights(type, InsightMetrics.NONE, "not enough viewers for Instagram to show insights"));
        }
        if (!(r instanceof PlatformResult.Ok<MetaInsights.Read>(MetaInsights.Read read))) {
            return r.failure();
        }
        InsightMetrics m = new InsightMetrics(read.values());
        String note = m.isEmpty() ? NO_DATA : null;
        if (!read.unsupported().isEmpty()) {
            note = (note == null ? "" : note + "; ") + "Instagram does not give " + String.join(", ", read.unsupported()) + " for " + type + " media";
        }
        return new PlatformResult.Ok<>(new PostInsights(type, m, note));
    }

    /** FEED, REELS, STORY (media_product_type), or CAROUSEL_ALBUM for a carousel (its media_type). */
    static String type(JsonNode media) {
        String mediaType = media.path("media_type").asText("");
        String product = media.path("media_product_type").asText("");
        if ("CAROUSEL_ALBUM".equals(mediaType)) {
            return "CAROUSEL_ALBUM";
        }
        return product.isEmpty() ? (mediaType.isEmpty() ? null : "FEED") : product;
    }

    /**
     * Followers now ({@code followers_count}), and the day's reach and views ({@code period=day},
     * {@code metric_type=total_value}, since/until the day before {@code now}).
     */
    @Override
    public PlatformResult<AccountDay> account(Target target, Instant now) {
        String user = target.account().externalId();
        PlatformResult<Long> followers = http.get(URI.create(base + "/" + PlatformHttp.component(user) + "?fields=followers_count"),
                target.accessToken(), Map.of(), "GET /{ig-user-id}", json -> json.isObject() ? MetaInsights.number(json, "followers_count") : null);
        if (followers instanceof PlatformResult.AuthFailed<Long> || followers instanceof PlatformResult.Transient<Long>) {
            return followers.failure();
        }
        long until = now.getEpochSecond();
        long since = now.minus(Duration.ofDays(1)).getEpochSecond();
        PlatformResult<MetaInsights.Read> day = insights.read(user, List.of("reach", "views"),
                "period=day&metric_type=total_value&since=" + since + "&until=" + until, target.accessToken());
        if (day instanceof PlatformResult.AuthFailed<MetaInsights.Read> || day instanceof PlatformResult.Transient<MetaInsights.Read>) {
            return day.failure();
        }
        Map<String, Long> values = day instanceof PlatformResult.Ok<MetaInsights.Read>(MetaInsights.Read read) ? read.values() : new LinkedHashMap<>();
        return new PlatformResult.Ok<>(new AccountDay(followers instanceof PlatformResult.Ok<Long>(Long f) ? f : null,
                values.get("reach"), values.get("views")));
    }
}
