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
import java.util.Map;

/**
 * Pinterest (API v5, pinterest/api-description {@code POST /oauth/token}; developers.pinterest.com getting-started/
 * set-up-authentication-and-authorization): authorize at {@code www.pinterest.com/oauth/}, tokens at
 * {@code POST /v5/oauth/token} with HTTP Basic client authentication. Access tokens live 30 days; the refresh token
 * is a continuous one (60 days, refreshable indefinitely), and each refresh answers a new one, which must be kept.
 * Apps activated before 2025-09-25 must ask for it with {@code continuous_refresh=true}. One token is one user, whose
 * boards are the accounts it offers ({@link #offered}).
 */
public final class PinterestConnector extends OAuth2Connector {

    public static final String PLATFORM = "pinterest";
    public static final String AUTHORIZE_URL = "https://www.pinterest.com/oauth/";
    public static final String API_BASE = "https://api.pinterest.com";
    public static final List<String> SCOPES = List.of("boards:read", "pins:read", "pins:write", "user_accounts:read");
    /** Boards per {@code GET /v5/boards} page (the API takes 1–250). */
    static final int PAGE_SIZE = 100;
    /** The most boards one connect offers. */
    static final int MAX_BOARDS = 500;

    public PinterestConnector(OAuth2Client client, String authorizeUrl, String apiBase, List<String> scopes,
                              boolean askContinuousRefresh, PlatformHttp http) {
        super(new OAuth2Flow(spec(authorizeUrl, apiBase, scopes, askContinuousRefresh), client, http), apiBase);
    }

    static OAuth2Spec spec(String authorizeUrl, String apiBase, List<String> scopes, boolean askContinuousRefresh) {
        OAuth2Spec spec = new OAuth2Spec(PLATFORM, URI.create(authorizeUrl), URI.create(ProviderHttp.trimBase(apiBase) + "/v5/oauth/token"),
                OAuth2Spec.ClientAuth.BASIC, false, ",", scopes, Map.of(), Map.of(), true, false);
        return askContinuousRefresh ? spec.withTokenParam("continuous_refresh", "true") : spec;
    }

    /**
     * The user's boards: a pin is published to a board, so each board is an account (kind {@code board}, external id
     * the board id) and the user ({@code GET /v5/user_account}: {@code {id, username, …}}) their owner. The boards are
     * {@code GET /v5/boards} ({@code {items:[{id, name, owner:{username}, privacy, media:{image_cover_url}}], bookmark}}),
     * page after page while a {@code bookmark} comes back, at most {@link #MAX_BOARDS}. They all publish with the
     * user's grant and share it ({@link Offered#GRANT_OWNER}): its refresh token rotates, so they refresh as one.
     * A user without a board is offered nothing (make a board on Pinterest first).
     */
    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        PlatformResult<JsonNode> user = http().get(api("/v5/user_account", Map.of()), grant.accessToken(), Map.of(), "GET /v5/user_account",
                json -> ProviderHttp.text(json, "id") != null || ProviderHttp.text(json, "username") != null ? json : null);
        return then(user, me -> boards(grant.accessToken(), me));
    }

    private PlatformResult<List<Offered>> boards(String token, JsonNode me) {
        String username = ProviderHttp.text(me, "username");
        String owner = ProviderHttp.text(me, "id") != null ? ProviderHttp.text(me, "id") : username;
        List<Offered> out = new ArrayList<>();
        String bookmark = null;
        do {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("page_size", Integer.toString(PAGE_SIZE));
            q.put("bookmark", bookmark);
            PlatformResult<JsonNode> page = http().get(api("/v5/boards", q), token, Map.of(), "GET /v5/boards",
                    json -> json.path("items").isArray() ? json : null);
            if (!(page instanceof PlatformResult.Ok<JsonNode>(JsonNode json))) {
                return page.failure();
            }
            for (JsonNode b : json.path("items")) {
                String id = ProviderHttp.text(b, "id");
                if (id == null || out.size() >= MAX_BOARDS) {
                    continue;
                }
                String name = ProviderHttp.text(b, "name");
                String boardOwner = ProviderHttp.text(b.path("owner"), "username");
                Map<String, String> attributes = new LinkedHashMap<>();
                attributes.put(Offered.GRANT_OWNER, owner);
                String privacy = ProviderHttp.text(b, "privacy");
                if (privacy != null) {
                    attributes.put("privacy", privacy);
                }
                out.add(new Offered(id, boardOwner != null ? boardOwner : username, name != null ? name : "Pinterest board " + id,
                        ProviderHttp.text(b.path("media"), "image_cover_url"), "board", null, attributes));
            }
            String next = ProviderHttp.text(json, "bookmark");
            bookmark = next == null || next.isBlank() || next.equals(bookmark) || out.size() >= MAX_BOARDS ? null : next;
        } while (bookmark != null);
        return new PlatformResult.Ok<>(List.copyOf(out));
    }
}
