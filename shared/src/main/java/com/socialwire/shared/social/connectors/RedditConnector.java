package com.socialwire.shared.social.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.OAuth2Client;
import com.socialwire.shared.social.oauth.OAuth2Flow;
import com.socialwire.shared.social.oauth.OAuth2Spec;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reddit (reddit-archive/reddit wiki OAuth2; www.reddit.com/dev/api): a confidential web app. Consent at
 * {@code www.reddit.com/api/v1/authorize} with {@code duration=permanent}; tokens at
 * {@code POST www.reddit.com/api/v1/access_token} with HTTP Basic client authentication. The access token lives an
 * hour ({@code expires_in}); the refresh token is permanent until revoked and does not rotate (a refresh answers no
 * new one). API calls go to {@code oauth.reddit.com}, and every call — the token calls too — carries the descriptive
 * {@code User-Agent} Reddit requires ({@code <platform>:<app id>:<version> (by /u/<name>)}); generic ones are throttled.
 *
 * <p>Reddit's Data API takes only apps Reddit has approved (Responsible Builder Policy, since November 2025): this is
 * the real client, and it works once the operator's app is approved.
 *
 * <p>The accounts a grant offers are where it may post: the person's own profile ({@code u_<name>}, kind profile) and
 * the subreddits they moderate or subscribe to (kind subreddit), so several are a pending selection. The external id
 * is the name {@code /api/submit} takes as {@code sr}.
 */
public final class RedditConnector extends OAuth2Connector {

    public static final String PLATFORM = "reddit";
    public static final String AUTH_BASE = "https://www.reddit.com";
    public static final String API_BASE = "https://oauth.reddit.com";
    /** identity: /api/v1/me; submit: /api/submit; read, history: the submitted listing; mysubreddits: where to post. */
    public static final List<String> SCOPES = List.of("identity", "submit", "read", "history", "mysubreddits");
    /** Reddit's listings answer at most 100 per page; the subscriptions offered are the first page. */
    static final int PAGE = 100;

    public RedditConnector(OAuth2Client client, String authBase, String apiBase, List<String> scopes, String userAgent,
                           PlatformHttp http) {
        super(new OAuth2Flow(spec(authBase, scopes), client, withUserAgent(http, userAgent)), apiBase);
    }

    /**
     * The User-Agent this deployment sends: {@code REDDIT_USER_AGENT} (Reddit asks for
     * {@code <platform>:<app id>:<version> (by /u/<your reddit name>)}), else one naming the app's client id.
     */
    public static String userAgent(com.socialwire.shared.Config config) {
        return config.get("REDDIT_USER_AGENT").filter(s -> !s.isBlank())
                .orElse("web:" + config.get("REDDIT_CLIENT_ID", "socialwire") + ":1.0 (Socialwire)");
    }

    /** {@code http} carrying Reddit's required User-Agent on every call. */
    public static PlatformHttp withUserAgent(PlatformHttp http, String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            throw new IllegalArgumentException("Reddit needs a descriptive User-Agent (REDDIT_USER_AGENT)");
        }
        return http.withHeader("User-Agent", userAgent);
    }

    static OAuth2Spec spec(String authBase, List<String> scopes) {
        String base = ProviderHttp.trimBase(authBase);
        return new OAuth2Spec(PLATFORM, URI.create(base + "/api/v1/authorize"), URI.create(base + "/api/v1/access_token"),
                OAuth2Spec.ClientAuth.BASIC, false, " ", scopes, Map.of("duration", "permanent"), Map.of(), false, false);
    }

    /**
     * The profile ({@code GET /api/v1/me}: {@code name}, {@code icon_img}), then the subreddits the person moderates
     * ({@code GET /subreddits/mine/moderator}) and subscribes to ({@code GET /subreddits/mine/subscriber}), each once.
     */
    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        String token = grant.accessToken();
        PlatformResult<Offered> me = http().get(api("/api/v1/me", Map.of("raw_json", "1")), token, Map.of(), "GET /api/v1/me", json -> {
            String name = ProviderHttp.text(json, "name");
            return name == null ? null : new Offered("u_" + name, "u/" + name, name, icon(json), "profile", null,
                    Map.of("username", name));
        });
        return then(me, profile -> then(subreddits(token, "moderator"), moderated -> then(subreddits(token, "subscriber"), subscribed -> {
            Map<String, Offered> all = new LinkedHashMap<>();
            all.put(profile.externalId().toLowerCase(Locale.ROOT), profile);
            for (Offered o : moderated) {
                all.putIfAbsent(o.externalId().toLowerCase(Locale.ROOT), o);
            }
            for (Offered o : subscribed) {
                all.putIfAbsent(o.externalId().toLowerCase(Locale.ROOT), o);
            }
            return new PlatformResult.Ok<>(List.copyOf(all.values()));
        })));
    }

    /** A Listing of {@code t5} things: {@code data.children[].data.{display_name, title, community_icon, icon_img, subreddit_type}}. */
    private PlatformResult<List<Offered>> subreddits(String token, String where) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("limit", String.valueOf(PAGE));
        q.put("raw_json", "1");
        return http().get(api("/subreddits/mine/" + where, q), token, Map.of(), "GET /subreddits/mine/" + where, json -> {
            if (!json.path("data").path("children").isArray()) {
                return null;
            }
            List<Offered> out = new ArrayList<>();
            for (JsonNode child : json.path("data").path("children")) {
                JsonNode sr = child.path("data");
                String name = ProviderHttp.text(sr, "display_name");
                // a user's profile appears among subscriptions as u_<name>: only the person's own is offered (above)
                if (name == null || name.startsWith("u_")) {
                    continue;
                }
                String title = ProviderHttp.text(sr, "title");
                Map<String, String> attributes = new LinkedHashMap<>();
                attributes.put("role", where);
                String type = ProviderHttp.text(sr, "subreddit_type");
                if (type != null) {
                    attributes.put("subredditType", type);
                }
                out.add(new Offered(name, "r/" + name, title == null || title.isBlank() ? "r/" + name : title, icon(sr),
                        "subreddit", null, attributes));
            }
            return out;
        });
    }

    /** Reddit's icon URLs carry a query after {@code ?} that it answers HTML-escaped without {@code raw_json}. */
    private static String icon(JsonNode json) {
        String community = ProviderHttp.text(json, "community_icon");
        String icon = community != null && !community.isBlank() ? community : ProviderHttp.text(json, "icon_img");
        return icon == null || icon.isBlank() ? null : icon;
    }
}
