package com.socialwire.shared.providers.instagram;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.providers.ProviderHttp;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Instagram business discovery: the public counts of another professional account, read by username
 * (developers.facebook.com/documentation/instagram-platform/instagram-api-with-facebook-login/business-discovery):
 * {@code GET /{app-user-ig-id}?fields=business_discovery.username(h){username,followers_count,media_count,
 * media.limit(n){like_count,comments_count,timestamp}}}. Meta offers it ONLY through the Instagram API with Facebook
 * Login ({@code graph.facebook.com}, a Facebook user or Page token of a Page linked to an Instagram professional
 * account, permissions {@code instagram_basic}, {@code instagram_manage_insights}, {@code pages_read_engagement});
 * a token of the Instagram API with Instagram Login ({@code graph.instagram.com}) cannot use it. No reach, views or
 * insights of another account exist; like counts the owner hides come back absent and read as unknown (null).
 *
 * <p>Errors are {@link HttpGraphApi}'s: a handle that does not exist or is not a business or creator account is
 * {@link GraphResult.Rejected} (Meta answers code 110, subcode 2207013), a rate limit {@link GraphResult.Transient},
 * a refused token {@link GraphResult.TokenExpired}.
 */
public final class BusinessDiscovery {

    /** Instagram usernames: letters, digits, '.' and '_', at most 30 (anything else would reshape the field expansion). */
    public static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9._]{1,30}");
    /** The most media one read asks for (one page of the media edge). */
    public static final int MAX_MEDIA = 50;
    static final String PAGE_FIELDS = "instagram_business_account";
    /** Meta writes {@code 2026-11-30T12:00:00+0000}. */
    private static final DateTimeFormatter META_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

    /** What business discovery shows of one account; a count Meta left out is null (unknown, not 0). */
    public record Profile(String username, Long followers, Long mediaCount, List<Media> media) {
        public Profile {
            media = media == null ? List.of() : List.copyOf(media);
        }
    }

    /** One of its newest posts: counts null when hidden or absent. */
    public record Media(Long likeCount, Long commentsCount, Instant timestamp) {
    }

    private final HttpGraphApi graph;

    /** @param graph a client of the Facebook Login host ({@code graph.facebook.com/v…}) */
    public BusinessDiscovery(HttpGraphApi graph) {
        this.graph = graph;
    }

    /**
     * Over {@code FACEBOOK_GRAPH_BASE}, the host the Facebook Page connections' tokens belong to (default
     * {@value GraphApis#DEFAULT_BASE_URL}), with {@code GRAPH_API_TIMEOUT_MS} (default 10 s).
     */
    public static BusinessDiscovery fromConfig(com.socialwire.shared.Config config) {
        long timeoutMs = config.getLong("GRAPH_API_TIMEOUT_MS", GraphApis.DEFAULT_TIMEOUT_MS);
        return new BusinessDiscovery(new HttpGraphApi(config.get("FACEBOOK_GRAPH_BASE", GraphApis.DEFAULT_BASE_URL),
                java.time.Duration.ofMillis(timeoutMs > 0 ? timeoutMs : GraphApis.DEFAULT_TIMEOUT_MS)));
    }

    /**
     * {@code handle}'s counts and its newest {@code mediaLimit} posts (1..{@value #MAX_MEDIA}), read as
     * {@code igUserId} (the app user's own Instagram professional account, linked to the Page whose token this is).
     */
    public GraphResult<Profile> profile(String accessToken, String igUserId, String handle, int mediaLimit) {
        if (handle == null || !HANDLE.matcher(handle).matches()) {
            return new GraphResult.Rejected<>(0, 0, "not an Instagram username");
        }
        int limit = Math.max(1, Math.min(mediaLimit, MAX_MEDIA));
        String fields = "business_discovery.username(" + handle + "){username,followers_count,media_count,media.limit("
                + limit + "){like_count,comments_count,timestamp}}";
        return graph.get(accessToken, igUserId, "", fields, null, BusinessDiscovery::profile);
    }

    /**
     * {@code GET /{page-id}?fields=instagram_business_account}: the Instagram professional account linked to a Facebook
     * Page, the account business discovery reads as. Ok with null when the Page has none linked.
     */
    public GraphResult<java.util.Optional<String>> linkedInstagramAccount(String pageToken, String pageId) {
        return graph.get(pageToken, pageId, "", PAGE_FIELDS, null,
                json -> java.util.Optional.ofNullable(ProviderHttp.text(json.path(PAGE_FIELDS), "id")));
    }

    private static Profile profile(JsonNode json) {
        JsonNode d = json.get("business_discovery");
        if (d == null || !d.isObject()) {
            return null;
        }
        List<Media> media = new ArrayList<>();
        for (JsonNode m : d.path("media").path("data")) {
            media.add(new Media(count(m, "like_count"), count(m, "comments_count"), time(ProviderHttp.text(m, "timestamp"))));
        }
        return new Profile(ProviderHttp.text(d, "username"), count(d, "followers_count"), count(d, "media_count"), media);
    }

    private static Long count(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.canConvertToLong() && v.asLong() >= 0 ? v.asLong() : null;
    }

    /** Meta's {@code +0000} form, or ISO-8601; null when neither (also how the reads context reads Meta's times). */
    public static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, META_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
