package com.socialwire.shared.social.connectors;

import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.OAuth2Client;
import com.socialwire.shared.social.oauth.OAuth2Flow;
import com.socialwire.shared.social.oauth.OAuth2Spec;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dribbble (API v2, developer.dribbble.com/v2/oauth): consent at {@code dribbble.com/oauth/authorize}, the code
 * exchanged at {@code POST dribbble.com/oauth/token} with the client id and secret in the form. Scopes {@code public}
 * and {@code upload} (shots). The token does not expire and there is no refresh token. One token is one account:
 * {@code GET api.dribbble.com/v2/user}.
 *
 * <p>Dribbble's write API (creating shots) is open only to apps Dribbble has approved: this is the real client, and it
 * publishes once the operator's app is approved.
 */
public final class DribbbleConnector extends OAuth2Connector {

    public static final String PLATFORM = "dribbble";
    public static final String AUTH_BASE = "https://dribbble.com";
    public static final String API_BASE = "https://api.dribbble.com";
    public static final List<String> SCOPES = List.of("public", "upload");

    public DribbbleConnector(OAuth2Client client, String authBase, String apiBase, List<String> scopes, PlatformHttp http) {
        super(new OAuth2Flow(spec(authBase, scopes), client, http), apiBase);
    }

    static OAuth2Spec spec(String authBase, List<String> scopes) {
        String base = ProviderHttp.trimBase(authBase);
        return new OAuth2Spec(PLATFORM, URI.create(base + "/oauth/authorize"), URI.create(base + "/oauth/token"),
                OAuth2Spec.ClientAuth.BODY, false, " ", scopes, Map.of(), Map.of(), false, false);
    }

    /** {@code GET /v2/user}: {@code {id, name, login, avatar_url, html_url, pro, teams…}}. */
    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        return http().get(api("/v2/user", Map.of()), grant.accessToken(), Map.of(), "GET /v2/user", json -> {
            String id = ProviderHttp.text(json, "id");
            String login = ProviderHttp.text(json, "login");
            if (id == null || login == null) {
                return null;
            }
            String name = ProviderHttp.text(json, "name");
            Map<String, String> attributes = new LinkedHashMap<>();
            String url = ProviderHttp.text(json, "html_url");
            if (url != null) {
                attributes.put("url", url);
            }
            return List.of(new Offered(id, login, name == null || name.isBlank() ? login : name, ProviderHttp.text(json, "avatar_url"),
                    "profile", null, attributes));
        });
    }
}
