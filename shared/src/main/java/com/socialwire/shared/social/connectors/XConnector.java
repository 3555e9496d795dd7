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
 * X (API v2) by OAuth 2.0 with PKCE, as a confidential client (docs.x.com fundamentals/authentication/oauth-2-0/
 * user-access-token): authorize at {@code x.com/i/oauth2/authorize}, tokens at {@code POST /2/oauth2/token} with
 * HTTP Basic client authentication; access tokens live 2 h, refresh tokens (with {@code offline.access}) are single
 * use. One token is one X account: {@code GET /2/users/me}.
 */
public final class XConnector extends OAuth2Connector {

    public static final String PLATFORM = "twitter";
    public static final String AUTHORIZE_URL = "https://x.com/i/oauth2/authorize";
    public static final String API_BASE = "https://api.x.com";
    public static final List<String> SCOPES = List.of("tweet.read", "tweet.write", "users.read", "offline.access", "media.write");

    public XConnector(OAuth2Client client, String authorizeUrl, String apiBase, List<String> scopes, PlatformHttp http) {
        super(new OAuth2Flow(spec(authorizeUrl, apiBase, scopes), client, http), apiBase);
    }

    static OAuth2Spec spec(String authorizeUrl, String apiBase, List<String> scopes) {
        return new OAuth2Spec(PLATFORM, URI.create(authorizeUrl), URI.create(ProviderHttp.trimBase(apiBase) + "/2/oauth2/token"),
                OAuth2Spec.ClientAuth.BASIC, true, " ", scopes, Map.of(), Map.of(), true, false);
    }

    /** {@code {"data":{"id","name","username","profile_image_url"}}}: the one account the token is. */
    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        return http().get(api("/2/users/me", Map.of("user.fields", "profile_image_url")), grant.accessToken(), Map.of(),
                "GET /2/users/me", json -> {
                    JsonNode me = json.path("data");
                    String id = ProviderHttp.text(me, "id");
                    if (id == null) {
                        return null;
                    }
                    return List.of(new Offered(id, ProviderHttp.text(me, "username"), ProviderHttp.text(me, "name"),
                            ProviderHttp.text(me, "profile_image_url"), "profile", null, Map.of()));
                });
    }
}
