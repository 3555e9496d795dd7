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
 * YouTube (Data API v3) through Google's OAuth 2.0 web-server flow (developers.google.com/identity/protocols/oauth2/
 * web-server): consent at {@code accounts.google.com/o/oauth2/v2/auth} with {@code access_type=offline} and
 * {@code prompt=consent} (so Google gives a refresh token every time) and PKCE S256; tokens at
 * {@code POST oauth2.googleapis.com/token} with the client id and secret in the form. Access tokens live an hour;
 * refresh tokens do not rotate (a refresh answers none, and the one we have is kept); a refused refresh
 * ({@code invalid_grant}: revoked, unused for six months, or a seven-day token of an app still in "Testing") is
 * {@link PlatformResult.AuthFailed}. The channels are {@code GET /youtube/v3/channels?part=snippet&mine=true}: the token
 * is bound to the channel chosen on the consent screen, so usually one (kind channel); several become a pending
 * selection.
 */
public final class YouTubeConnector extends OAuth2Connector {

    public static final String PLATFORM = "youtube";
    public static final String AUTHORIZE_URL = "https://accounts.google.com/o/oauth2/v2/auth";
    public static final String TOKEN_URL = "https://oauth2.googleapis.com/token";
    /** The Data API; {@code /channels}, {@code /videos} under it. */
    public static final String API_BASE = "https://www.googleapis.com/youtube/v3";
    /** The media upload endpoint; {@code /videos?uploadType=resumable} under it. */
    public static final String UPLOAD_BASE = "https://www.googleapis.com/upload/youtube/v3";
    /** Uploads, reads, and {@code youtube.force-ssl} for the inbox's comments (read and answer). */
    public static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/youtube.upload",
            "https://www.googleapis.com/auth/youtube.readonly", "https://www.googleapis.com/auth/youtube.force-ssl");
    /** channels.list takes at most 50 results a page. */
    static final int MAX_CHANNELS = 50;

    public YouTubeConnector(OAuth2Client client, String authorizeUrl, String tokenUrl, String apiBase, List<String> scopes,
                            PlatformHttp http) {
        super(new OAuth2Flow(spec(authorizeUrl, tokenUrl, scopes), client, http), apiBase);
    }

    static OAuth2Spec spec(String authorizeUrl, String tokenUrl, List<String> scopes) {
        Map<String, String> authorize = new LinkedHashMap<>();
        authorize.put("access_type", "offline");
        authorize.put("prompt", "consent");
        authorize.put("include_granted_scopes", "true");
        return new OAuth2Spec(PLATFORM, URI.create(authorizeUrl), URI.create(tokenUrl), OAuth2Spec.ClientAuth.BODY, true, " ",
                scopes, authorize, Map.of(), false, false);
    }

    /**
     * The channels the token manages: each item's {@code id}, {@code snippet.customUrl} (the {@code @handle}),
     * {@code snippet.title} and default thumbnail. A Google account without a channel answers no items: refused with
     * what to do (YouTube's own answer elsewhere is {@code youtubeSignupRequired}).
     */
    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("part", "snippet");
        q.put("mine", "true");
        q.put("maxResults", Integer.toString(MAX_CHANNELS));
        PlatformResult<List<Offered>> channels = http().get(api("/channels", q), grant.accessToken(), Map.of(),
                "GET /youtube/v3/channels", json -> {
                    if (!json.path("items").isArray() && !json.has("pageInfo")) {
                        return null;
                    }
                    List<Offered> out = new ArrayList<>();
                    for (JsonNode c : json.path("items")) {
                        String id = ProviderHttp.text(c, "id");
                        if (id == null) {
                            continue;
                        }
                        JsonNode snippet = c.path("snippet");
                        out.add(new Offered(id, ProviderHttp.text(snippet, "customUrl"), ProviderHttp.text(snippet, "title"),
                                ProviderHttp.text(snippet.path("thumbnails").path("default"), "url"), "channel", null, Map.of()));
                    }
                    return out;
                });
        return then(channels, list -> list.isEmpty()
                ? new PlatformResult.Rejected<>(0, "youtubeSignupRequired", "this Google account has no YouTube channel: create"
                + " one on youtube.com, then connect again")
                : new PlatformResult.Ok<>(List.copyOf(list)));
    }

    /** The watch page of video {@code id}, or its Shorts page. */
    public static String videoUrl(String id, boolean shorts) {
        return (shorts ? "https://www.youtube.com/shorts/" : "https://www.youtube.com/watch?v=") + PlatformHttp.component(id);
    }
}
