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
import java.util.List;
import java.util.Map;

/**
 * TikTok (Login Kit for Web, API v2; developers.tiktok.com doc/oauth-user-access-token-management,
 * oauth-refresh-a-user-access-token, tiktok-api-v2-get-user-info): authorize at {@code www.tiktok.com/v2/auth/authorize/}
 * with {@code client_key} (TikTok's name for the client id) and comma-separated scopes; tokens at
 * {@code POST open.tiktokapis.com/v2/oauth/token/} with {@code client_key} and {@code client_secret} in the form. A web
 * app sends no PKCE (TikTok asks for it from mobile and desktop apps only, with a hex challenge of its own). Access
 * tokens live 2 hours; refresh tokens 180 days and are rotated: each refresh answers a new one and ends the old
 * (TokenCare single-flights it and saves the new one first). One token is one creator: {@code GET /v2/user/info/}.
 */
public final class TikTokConnector extends OAuth2Connector {

    public static final String PLATFORM = "tiktok";
    public static final String AUTHORIZE_URL = "https://www.tiktok.com/v2/auth/authorize/";
    public static final String API_BASE = "https://open.tiktokapis.com";
    /**
     * Profile (basic: open id, name, avatar; profile: the username a post's URL needs), Direct Post, and the creator's
     * video list, which is how a post whose publish answer was lost is found (platforms.md §8.3).
     */
    public static final List<String> SCOPES = List.of("user.info.basic", "user.info.profile", "video.publish", "video.list");

    public TikTokConnector(OAuth2Client client, String authorizeUrl, String apiBase, List<String> scopes, PlatformHttp http) {
        super(new OAuth2Flow(spec(authorizeUrl, apiBase, scopes), client, http), apiBase);
    }

    static OAuth2Spec spec(String authorizeUrl, String apiBase, List<String> scopes) {
        return new OAuth2Spec(PLATFORM, URI.create(authorizeUrl), URI.create(ProviderHttp.trimBase(apiBase) + "/v2/oauth/token/"),
                OAuth2Spec.ClientAuth.BODY, false, ",", scopes, Map.of(), Map.of(), true, false, "client_key");
    }

    /**
     * {@code {"data":{"user":{"open_id","union_id","avatar_url","display_name","username"}},"error":{"code":"ok"}}}: the
     * one creator the token is. {@code username} is asked for only when the grant has {@code user.info.profile}
     * (TikTok refuses the whole call for a field outside the granted scopes).
     */
    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        boolean profile = grant.scopes().isEmpty() || grant.scopes().contains("user.info.profile");
        String fields = "open_id,union_id,avatar_url,display_name" + (profile ? ",username" : "");
        return http().get(api("/v2/user/info/", Map.of("fields", fields)), grant.accessToken(), Map.of(), "GET /v2/user/info/", json -> {
            JsonNode user = json.path("data").path("user");
            String openId = ProviderHttp.text(user, "open_id");
            if (openId == null || openId.isBlank()) {
                return null;
            }
            String username = ProviderHttp.text(user, "username");
            String name = ProviderHttp.text(user, "display_name");
            return List.of(new Offered(openId, username != null ? username : name, name, ProviderHttp.text(user, "avatar_url"),
                    "profile", null, Map.of()));
        });
    }
}
