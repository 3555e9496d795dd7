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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Instagram through the Instagram API with Instagram Login (Business Login for Instagram: business and creator
 * accounts only; developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login),
 * with the Instagram app's own id and secret: authorize at {@code www.instagram.com/oauth/authorize}, the code for a
 * 1-hour token at {@code POST api.instagram.com/oauth/access_token}, at once exchanged ({@code ig_exchange_token} on
 * {@code graph.instagram.com}) for a 60-day one that refreshes itself ({@code ig_refresh_token},
 * {@link MetaLongLivedConnector}).
 *
 * <p>One token is one account, and the account is the one the token proves: {@code GET /me} answers its
 * {@code user_id} (the professional account id Meta's webhooks name; {@code id} is only app-scoped and is not read),
 * never an id the caller sends. A personal account (any {@code account_type} but business or creator) is refused
 * with {@link #NOT_PROFESSIONAL}: Instagram does not let an app publish to one.
 */
public final class InstagramConnector extends MetaLongLivedConnector {

    public static final String PLATFORM = "instagram";
    public static final String AUTHORIZE_URL = "https://www.instagram.com/oauth/authorize";
    public static final String TOKEN_URL = "https://api.instagram.com/oauth/access_token";
    public static final String GRAPH_BASE = "https://graph.instagram.com";
    public static final List<String> SCOPES = List.of("instagram_business_basic", "instagram_business_content_publish",
            "instagram_business_manage_comments", "instagram_business_manage_messages");
    /** The code of the refusal of an account Instagram will not let an app publish to. */
    public static final String NOT_PROFESSIONAL = ACCOUNT_NOT_SUPPORTED;
    static final String ME_FIELDS = "user_id,username,name,profile_picture_url,account_type";
    /** {@code account_type} of the accounts the API serves (Meta writes {@code Business}, {@code Media_Creator}). */
    private static final Set<String> PROFESSIONAL = Set.of("BUSINESS", "MEDIA_CREATOR", "CREATOR");
    private static final Pattern USER_ID = Pattern.compile("[0-9]{1,32}");

    public InstagramConnector(OAuth2Client client, String authorizeUrl, String tokenUrl, String graphBase, List<String> scopes,
                              PlatformHttp http) {
        super(new OAuth2Flow(new OAuth2Spec(PLATFORM, URI.create(authorizeUrl), URI.create(tokenUrl), OAuth2Spec.ClientAuth.BODY,
                false, ",", scopes, Map.of(), Map.of(), false, false), client, http), graphBase, "ig");
    }

    /** What {@code GET /me} says of the token's account. */
    private record Me(String userId, String username, String name, String pictureUrl, String accountType) {
    }

    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        PlatformResult<Me> me = http().get(api("/me", Map.of("fields", ME_FIELDS)), grant.accessToken(), Map.of(),
                "GET /me", InstagramConnector::me);
        return then(me, m -> {
            String type = m.accountType() == null ? "" : m.accountType().toUpperCase(Locale.ROOT);
            if (!PROFESSIONAL.contains(type)) {
                return new PlatformResult.Rejected<>(200, NOT_PROFESSIONAL, "Instagram account @" + m.username() + " is a "
                        + (type.isEmpty() ? "account of unknown type" : type.toLowerCase(Locale.ROOT) + " account")
                        + ": Instagram lets apps publish only to business and creator accounts; switch it to a professional "
                        + "account in the Instagram app, then connect again");
            }
            return new PlatformResult.Ok<>(List.of(new Offered(m.userId(), m.username(), m.name(), m.pictureUrl(), "profile",
                    null, Map.of("accountType", type))));
        });
    }

    /** Meta's Get Started page shows the answer wrapped in {@code data[0]}; the live API answers the object itself. */
    private static Me me(JsonNode json) {
        JsonNode m = json.path("data").isArray() ? json.path("data").path(0) : json;
        String id = ProviderHttp.text(m, "user_id");
        if (id == null || !USER_ID.matcher(id).matches()) {
            return null; // not an Instagram Login token's answer
        }
        return new Me(id, ProviderHttp.text(m, "username"), ProviderHttp.text(m, "name"),
                ProviderHttp.text(m, "profile_picture_url"), ProviderHttp.text(m, "account_type"));
    }
}
