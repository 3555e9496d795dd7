package com.socialwire.shared.social.connectors;

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
 * Pinterest (API v5, pinterest/api-description {@code POST /oauth/token}; developers.pinterest.com getting-started/
 * set-up-authentication-and-authorization): authorize at {@code www.pinterest.com/oauth/}, tokens at
 * {@code POST /v5/oauth/token} with HTTP Basic client authentication. Access tokens live 30 days; the refresh token
 * is a continuous one (60 days, refreshable indefinitely), and each refresh answers a new one, which must be kept.
 * Apps activated before 2025-09-25 must ask for it with {@code continuous_refresh=true}. One token is one account:
 * {@code GET /v5/user_account}.
 */
public final class PinterestConnector extends OAuth2Connector {

    public static final String PLATFORM = "pinterest";
    public static final String AUTHORIZE_URL = "https://www.pinterest.com/oauth/";
    public static final String API_BASE = "https://api.pinterest.com";
    public static final List<String> SCOPES = List.of("boards:read", "pins:read", "pins:write", "user_accounts:read");

    public PinterestConnector(OAuth2Client client, String authorizeUrl, String apiBase, List<String> scopes,
                              boolean askContinuousRefresh, PlatformHttp http) {
        super(new OAuth2Flow(spec(authorizeUrl, apiBase, scopes, askContinuousRefresh), client, http), apiBase);
    }

    static OAuth2Spec spec(String authorizeUrl, String apiBase, List<String> scopes, boolean askContinuousRefresh) {
        OAuth2Spec spec = new OAuth2Spec(PLATFORM, URI.create(authorizeUrl), URI.create(ProviderHttp.trimBase(apiBase) + "/v5/oauth/token"),
                OAuth2Spec.ClientAuth.BASIC, false, ",", scopes, Map.of(), Map.of(), true, false);
        return askContinuousRefresh ? spec.withTokenParam("continuous_refresh", "true") : spec;
    }

    /** {@code {id, username, profile_image, account_type, …}}. */
    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        return http().get(api("/v5/user_account", Map.of()), grant.accessToken(), Map.of(), "GET /v5/user_account", json -> {
            String id = ProviderHttp.text(json, "id");
            String username = ProviderHttp.text(json, "username");
            if (id == null && username == null) {
                return null;
            }
            String type = ProviderHttp.text(json, "account_type");
            String business = ProviderHttp.text(json, "business_name");
            return List.of(new Offered(id != null ? id : username, username, business != null && !business.isBlank() ? business : username,
                    ProviderHttp.text(json, "profile_image"), "profile", null, type == null ? Map.of() : Map.of("accountType", type)));
        });
    }
}
