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
 * Threads (developers.facebook.com docs/threads/get-started, …/long-lived-tokens), with the Threads app's own id and
 * secret: authorize at {@code threads.net/oauth/authorize}, the code for a 1-hour token at
 * {@code POST graph.threads.net/oauth/access_token}, at once exchanged ({@code th_exchange_token}) for a 60-day one.
 * The 60-day token refreshes itself ({@code th_refresh_token}) once it is at least 24 hours old and before it
 * expires ({@link MetaLongLivedConnector}). One token is one profile: {@code GET /v1.0/me}.
 */
public final class ThreadsConnector extends MetaLongLivedConnector {

    public static final String PLATFORM = "threads";
    public static final String AUTHORIZE_URL = "https://threads.net/oauth/authorize";
    public static final String API_BASE = "https://graph.threads.net";
    /** Publishing's, and {@code threads_read_replies}/{@code threads_manage_replies} for the inbox's replies. */
    public static final List<String> SCOPES = List.of("threads_basic", "threads_content_publish", "threads_read_replies", "threads_manage_replies");

    public ThreadsConnector(OAuth2Client client, String authorizeUrl, String apiBase, List<String> scopes, PlatformHttp http) {
        super(new OAuth2Flow(spec(authorizeUrl, apiBase, scopes), client, http), apiBase, "th");
    }

    static OAuth2Spec spec(String authorizeUrl, String apiBase, List<String> scopes) {
        return new OAuth2Spec(PLATFORM, URI.create(authorizeUrl), URI.create(ProviderHttp.trimBase(apiBase) + "/oauth/access_token"),
                OAuth2Spec.ClientAuth.BODY, false, ",", scopes, Map.of(), Map.of(), false, false);
    }

    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        return http().get(api("/v1.0/me", Map.of("fields", "id,username,name,threads_profile_picture_url")),
                grant.accessToken(), Map.of(), "GET /v1.0/me", json -> {
                    String id = ProviderHttp.text(json, "id");
                    return id == null ? null : List.of(new Offered(id, ProviderHttp.text(json, "username"),
                            ProviderHttp.text(json, "name"), ProviderHttp.text(json, "threads_profile_picture_url"),
                            "profile", null, Map.of()));
                });
    }
}
