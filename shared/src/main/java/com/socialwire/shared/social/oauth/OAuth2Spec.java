package com.socialwire.shared.social.oauth;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one platform speaks OAuth 2.0's authorization-code flow, as data: its endpoints, how the client proves itself
 * at the token endpoint, whether it takes PKCE, how scopes are joined, its extra parameters, whether refreshing
 * rotates the refresh token. {@link OAuth2Flow} is the one implementation over every spec.
 *
 * @param tokenByGet      the token endpoint is called with GET and query parameters (Meta's documented code exchange)
 * @param authorizeParams extra authorize parameters ({@code access_type=offline}, {@code duration=permanent}…)
 * @param tokenParams     extra parameters of every code exchange and refresh ({@code continuous_refresh=true}…)
 * @param clientIdParam   the name the platform gives the client id in the authorize URL and in token requests
 *                        ({@code client_id}; TikTok's {@code client_key})
 */
public record OAuth2Spec(String platform, URI authorizeEndpoint, URI tokenEndpoint, ClientAuth clientAuth, boolean pkce,
                         String scopeSeparator, List<String> scopes, Map<String, String> authorizeParams,
                         Map<String, String> tokenParams, boolean rotates, boolean tokenByGet, String clientIdParam) {

    /** A spec whose client id is called {@code client_id}, as RFC 6749 names it. */
    public OAuth2Spec(String platform, URI authorizeEndpoint, URI tokenEndpoint, ClientAuth clientAuth, boolean pkce,
                      String scopeSeparator, List<String> scopes, Map<String, String> authorizeParams,
                      Map<String, String> tokenParams, boolean rotates, boolean tokenByGet) {
        this(platform, authorizeEndpoint, tokenEndpoint, clientAuth, pkce, scopeSeparator, scopes, authorizeParams, tokenParams,
                rotates, tokenByGet, "client_id");
    }

    /** Where the client id and secret go in token requests. */
    public enum ClientAuth {
        /** {@code Authorization: Basic base64(client_id:client_secret)} (X confidential clients, Pinterest, Reddit). */
        BASIC,
        /** {@code client_id} and {@code client_secret} as request parameters (LinkedIn, Meta, Threads, Mastodon). */
        BODY
    }

    public OAuth2Spec {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(authorizeEndpoint, "authorizeEndpoint");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(scopeSeparator, "scopeSeparator");
        Objects.requireNonNull(clientIdParam, "clientIdParam");
        scopes = List.copyOf(scopes);
        authorizeParams = Map.copyOf(authorizeParams == null ? Map.of() : authorizeParams);
        tokenParams = Map.copyOf(tokenParams == null ? Map.of() : tokenParams);
    }

    /** The same spec with other scopes (configuration may narrow or widen the defaults). */
    public OAuth2Spec withScopes(List<String> other) {
        return new OAuth2Spec(platform, authorizeEndpoint, tokenEndpoint, clientAuth, pkce, scopeSeparator, other,
                authorizeParams, tokenParams, rotates, tokenByGet, clientIdParam);
    }

    /** The same spec with one more token parameter. */
    public OAuth2Spec withTokenParam(String name, String value) {
        Map<String, String> params = new LinkedHashMap<>(tokenParams);
        params.put(name, value);
        return new OAuth2Spec(platform, authorizeEndpoint, tokenEndpoint, clientAuth, pkce, scopeSeparator, scopes,
                authorizeParams, params, rotates, tokenByGet, clientIdParam);
    }
}
