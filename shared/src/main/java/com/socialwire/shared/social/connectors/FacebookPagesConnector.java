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
 * Facebook Pages through Facebook Login (developers.facebook.com docs/facebook-login/guides/access-tokens/
 * get-long-lived, docs/pages-api): the code is exchanged ({@code GET /oauth/access_token}) for a short-lived user
 * token, which is exchanged at once ({@code grant_type=fb_exchange_token}) for a long-lived one (~60 days). The Pages
 * the person manages, {@code GET /me/accounts}, each carry a Page token: derived from a long-lived user token it does
 * not expire, and it is that Page's own grant. There is no refresh: when a token dies, the person logs in again.
 */
public final class FacebookPagesConnector extends OAuth2Connector {

    public static final String PLATFORM = "facebook";
    public static final String AUTH_BASE = "https://www.facebook.com/v21.0";
    public static final String GRAPH_BASE = "https://graph.facebook.com/v21.0";
    /** Publishing's, and {@code pages_read_user_content}/{@code pages_manage_engagement} for the inbox's comments. */
    public static final List<String> SCOPES = List.of("pages_show_list", "pages_manage_posts", "pages_read_engagement",
            "pages_read_user_content", "pages_manage_engagement");
    static final String PAGE_FIELDS = "id,name,username,access_token,picture,tasks";
    static final int PAGE_SIZE = 100;
    static final int MAX_PAGES_OF_PAGES = 10;

    public FacebookPagesConnector(OAuth2Client client, String authBase, String graphBase, List<String> scopes, PlatformHttp http) {
        super(new OAuth2Flow(spec(authBase, graphBase, scopes), client, http), graphBase);
    }

    static OAuth2Spec spec(String authBase, String graphBase, List<String> scopes) {
        return new OAuth2Spec(PLATFORM, URI.create(ProviderHttp.trimBase(authBase) + "/dialog/oauth"),
                URI.create(ProviderHttp.trimBase(graphBase) + "/oauth/access_token"), OAuth2Spec.ClientAuth.BODY, false,
                ",", scopes, Map.of(), Map.of(), false, true);
    }

    /**
     * {@code GET /oauth/access_token?client_id&redirect_uri&client_secret&code} as Meta documents it, then the
     * short-lived token for a long-lived one; the answer is the long-lived user grant.
     */
    @Override
    public PlatformResult<Grant> exchange(Exchange exchange) {
        if (exchange.code() == null || exchange.code().isBlank()) {
            return new PlatformResult.Rejected<>(0, "invalid_request", "no authorization code");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("client_id", flow.client().clientId());
        p.put("redirect_uri", exchange.redirectUri().toString());
        p.put("client_secret", flow.client().clientSecret());
        p.put("code", exchange.code());
        return then(flow.tokenRequest(flow.spec().tokenEndpoint(), true, p, false), this::longLived);
    }

    private PlatformResult<Grant> longLived(Grant shortLived) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "fb_exchange_token");
        p.put("client_id", flow.client().clientId());
        p.put("client_secret", flow.client().clientSecret());
        p.put("fb_exchange_token", shortLived.accessToken());
        return flow.tokenRequest(flow.spec().tokenEndpoint(), true, p, false);
    }

    /** Facebook has no refresh token: a person logs in again. */
    @Override
    public boolean canRefresh(Grant grant) {
        return false;
    }

    /**
     * The Pages of {@code GET /me/accounts} (followed by its {@code after} cursor), each with its Page token as its
     * grant. A Page that came without a token (not ticked in Meta's page selector) or whose person cannot create
     * content on it is left out: its user token must never stand in for a Page token.
     */
    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        List<Offered> pages = new ArrayList<>();
        String after = null;
        for (int i = 0; i < MAX_PAGES_OF_PAGES; i++) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("fields", PAGE_FIELDS);
            q.put("limit", Integer.toString(PAGE_SIZE));
            if (after != null) {
                q.put("after", after);
            }
            PlatformResult<JsonNode> r = http().get(api("/me/accounts", q), grant.accessToken(), Map.of(),
                    "GET /me/accounts", json -> json.path("data").isArray() ? json : null);
            if (!(r instanceof PlatformResult.Ok<JsonNode> ok)) {
                return r.failure();
            }
            for (JsonNode page : ok.value().path("data")) {
                Offered o = page(page, grant);
                if (o != null) {
                    pages.add(o);
                }
            }
            JsonNode paging = ok.value().path("paging");
            after = paging.path("cursors").path("after").asText(null);
            if (after == null || !paging.hasNonNull("next")) {
                break;
            }
        }
        return new PlatformResult.Ok<>(List.copyOf(pages));
    }

    private static Offered page(JsonNode page, Grant user) {
        String id = ProviderHttp.text(page, "id");
        String token = ProviderHttp.text(page, "access_token");
        if (id == null || token == null || token.isBlank()) {
            return null;
        }
        JsonNode tasks = page.path("tasks");
        if (tasks.isArray()) {
            boolean creates = false;
            for (JsonNode t : tasks) {
                creates |= "CREATE_CONTENT".equals(t.asText());
            }
            if (!creates) {
                return null;
            }
        }
        return new Offered(id, ProviderHttp.text(page, "username"), ProviderHttp.text(page, "name"),
                ProviderHttp.text(page.path("picture").path("data"), "url"), "page",
                new Grant(token, null, null, null, user.scopes(), false), Map.of());
    }
}
