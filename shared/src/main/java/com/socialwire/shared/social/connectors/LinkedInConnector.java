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
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * LinkedIn: a member and the organization pages they administer (learn.microsoft.com linkedin/shared/authentication/
 * authorization-code-flow). Confidential client, no PKCE: the secret goes in the token request's form. The member is
 * {@code GET /v2/userinfo} (OpenID Connect); the organizations are {@code GET /rest/organizationAcls} with
 * {@code q=roleAssignee&role=ADMINISTRATOR&state=APPROVED}, their names one batch {@code GET /rest/organizations}.
 * Every {@code /rest} call carries {@code LinkedIn-Version} and {@code X-Restli-Protocol-Version: 2.0.0}. A refresh
 * token comes only to apps LinkedIn granted programmatic refresh; it does not rotate.
 */
public final class LinkedInConnector extends OAuth2Connector {

    public static final String PLATFORM = "linkedin";
    public static final String AUTH_BASE = "https://www.linkedin.com";
    public static final String API_BASE = "https://api.linkedin.com";
    public static final String VERSION = "202611";
    public static final List<String> SCOPES = List.of("openid", "profile", "w_member_social",
            "w_organization_social", "r_organization_social", "rw_organization_admin");
    static final int MAX_ORGANIZATIONS = 100;
    private static final Pattern ORGANIZATION_URN = Pattern.compile("urn:li:organization:([0-9]{1,20})");

    private final Map<String, String> restHeaders;

    public LinkedInConnector(OAuth2Client client, String authBase, String apiBase, String version, List<String> scopes,
                             PlatformHttp http) {
        super(new OAuth2Flow(spec(authBase, scopes), client, http), apiBase);
        this.restHeaders = restHeaders(version);
    }

    /** The headers every {@code /rest} call carries: the pinned {@code LinkedIn-Version} and Rest.li protocol 2.0.0. */
    public static Map<String, String> restHeaders(String version) {
        return Map.of("LinkedIn-Version", version, "X-Restli-Protocol-Version", "2.0.0");
    }

    static OAuth2Spec spec(String authBase, List<String> scopes) {
        String base = ProviderHttp.trimBase(authBase);
        return new OAuth2Spec(PLATFORM, URI.create(base + "/oauth/v2/authorization"), URI.create(base + "/oauth/v2/accessToken"),
                OAuth2Spec.ClientAuth.BODY, false, " ", scopes, Map.of(), Map.of(), false, false);
    }

    /**
     * The member ({@code urn:li:person:{sub}}, kind profile) and each organization they administer
     * ({@code urn:li:organization:{id}}, kind organization). An app without the Community Management product is
     * refused the organization list (403): then only the member is offered.
     */
    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        PlatformResult<Offered> member = http().get(api("/v2/userinfo", Map.of()), grant.accessToken(), Map.of(),
                "GET /v2/userinfo", json -> {
                    String sub = ProviderHttp.text(json, "sub");
                    return sub == null ? null : new Offered("urn:li:person:" + sub, null, ProviderHttp.text(json, "name"),
                            ProviderHttp.text(json, "picture"), "profile", null, Map.of());
                });
        return then(member, me -> then(organizations(grant.accessToken()), orgs -> {
            List<Offered> all = new ArrayList<>();
            all.add(me);
            all.addAll(orgs);
            return new PlatformResult.Ok<>(List.copyOf(all));
        }));
    }

    private PlatformResult<List<Offered>> organizations(String token) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("q", "roleAssignee");
        q.put("role", "ADMINISTRATOR");
        q.put("state", "APPROVED");
        q.put("count", Integer.toString(MAX_ORGANIZATIONS));
        PlatformResult<List<String>> ids = http().get(api("/rest/organizationAcls", q), token, restHeaders,
                "GET /rest/organizationAcls", json -> {
                    if (!json.path("elements").isArray()) {
                        return null;
                    }
                    List<String> out = new ArrayList<>();
                    for (JsonNode acl : json.path("elements")) {
                        var m = ORGANIZATION_URN.matcher(acl.path("organization").asText(""));
                        if (m.matches() && !out.contains(m.group(1))) {
                            out.add(m.group(1));
                        }
                    }
                    return out;
                });
        if (ids instanceof PlatformResult.Rejected<List<String>> r && r.httpStatus() == 403) {
            return new PlatformResult.Ok<>(List.of());
        }
        return then(ids, list -> list.isEmpty() ? new PlatformResult.Ok<>(List.of()) : named(token, list));
    }

    /** One batch lookup ({@code ids=List(…)}, Rest.li 2.0 syntax, unencoded); an organization it cannot name keeps its id. */
    private PlatformResult<List<Offered>> named(String token, List<String> ids) {
        URI uri = URI.create(apiBase + "/rest/organizations?ids=List(" + String.join(",", ids) + ")");
        PlatformResult<JsonNode> results = http().get(uri, token, restHeaders, "GET /rest/organizations",
                json -> json.path("results").isObject() ? json.path("results") : null);
        JsonNode byId = results instanceof PlatformResult.Ok<JsonNode> ok ? ok.value() : null;
        if (byId == null && !(results instanceof PlatformResult.Rejected<JsonNode>)) {
            return results.failure();
        }
        return new PlatformResult.Ok<>(ids.stream().map(id -> {
            JsonNode org = byId == null ? null : byId.get(id);
            String name = org == null ? null : ProviderHttp.text(org, "localizedName");
            return new Offered("urn:li:organization:" + id, org == null ? null : ProviderHttp.text(org, "vanityName"),
                    name == null ? "LinkedIn organization " + id : name, null, "organization", null,
                    Map.of("role", "ADMINISTRATOR"));
        }).collect(Collectors.toList()));
    }
}
