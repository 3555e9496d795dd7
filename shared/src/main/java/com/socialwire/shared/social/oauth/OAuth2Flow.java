package com.socialwire.shared.social.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The OAuth 2.0 authorization-code client for every platform ({@link OAuth2Spec} holds what differs): builds the
 * authorize URL, exchanges a code and refreshes at the token endpoint, and reads the token answer. Errors are mapped
 * by {@link PlatformHttp}; secrets never reach a message.
 */
public final class OAuth2Flow {

    /** Parameters whose values are secrets. */
    private static final Set<String> SECRET_PARAMS = Set.of("code", "code_verifier", "client_secret", "refresh_token",
            "access_token", "fb_exchange_token");

    private final OAuth2Spec spec;
    private final OAuth2Client client;
    private final PlatformHttp http;

    public OAuth2Flow(OAuth2Spec spec, OAuth2Client client, PlatformHttp http) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.client = Objects.requireNonNull(client, "client");
        this.http = Objects.requireNonNull(http, "http");
    }

    public OAuth2Spec spec() {
        return spec;
    }

    public OAuth2Client client() {
        return client;
    }

    public PlatformHttp http() {
        return http;
    }

    /**
     * The consent page: {@code response_type=code}, {@code client_id} (or the spec's name for it), {@code redirect_uri}, {@code scope} joined
     * with the platform's separator, {@code state}, and {@code code_challenge} with {@code code_challenge_method=S256}
     * when the platform takes PKCE (required then), then the platform's extra parameters.
     *
     * @throws IllegalArgumentException for a blank state, a missing redirect URI, or a missing or malformed challenge
     *                                  where PKCE is required
     */
    public URI authorizeUrl(String state, String codeChallenge, URI redirectUri) {
        if (state == null || state.isBlank()) {
            throw new IllegalArgumentException("state is required");
        }
        Objects.requireNonNull(redirectUri, "redirectUri");
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put(spec.clientIdParam(), client.clientId());
        q.put("redirect_uri", redirectUri.toString());
        q.put("scope", String.join(spec.scopeSeparator(), spec.scopes()));
        q.put("state", state);
        if (spec.pkce()) {
            if (codeChallenge == null || !Pkce.CHALLENGE.matcher(codeChallenge).matches()) {
                throw new IllegalArgumentException(spec.platform() + " requires a PKCE S256 code challenge");
            }
            q.put("code_challenge", codeChallenge);
            q.put("code_challenge_method", "S256");
        }
        q.putAll(spec.authorizeParams());
        String base = spec.authorizeEndpoint().toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + PlatformHttp.encode(q));
    }

    /** The callback's code for a grant ({@code grant_type=authorization_code}, with the verifier under PKCE). */
    public PlatformResult<Grant> exchange(String code, String codeVerifier, URI redirectUri) {
        if (code == null || code.isBlank()) {
            return new PlatformResult.Rejected<>(0, "invalid_request", "no authorization code");
        }
        if (spec.pkce() && (codeVerifier == null || !Pkce.VERIFIER.matcher(codeVerifier).matches())) {
            return new PlatformResult.Rejected<>(0, "invalid_request", spec.platform() + " requires the PKCE code verifier");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "authorization_code");
        p.put("code", code);
        p.put("redirect_uri", Objects.requireNonNull(redirectUri, "redirectUri").toString());
        if (spec.pkce()) {
            p.put("code_verifier", codeVerifier);
        }
        p.putAll(spec.tokenParams());
        return tokenRequest(spec.tokenEndpoint(), spec.tokenByGet(), p, true);
    }

    /**
     * A refresh ({@code grant_type=refresh_token}). A refused one is {@link PlatformResult.AuthFailed}: besides
     * {@code invalid_grant} (RFC 6749 §5.2), a 400 {@code invalid_request} counts, which is how X answers a refresh
     * token already spent (platforms.md §1.1).
     */
    public PlatformResult<Grant> refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            return new PlatformResult.AuthFailed<>(0, "no_refresh_token", spec.platform() + ": no refresh token");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "refresh_token");
        p.put("refresh_token", refreshToken);
        p.putAll(spec.tokenParams());
        PlatformResult<Grant> r = tokenRequest(spec.tokenEndpoint(), spec.tokenByGet(), p, true);
        if (r instanceof PlatformResult.Rejected<Grant> rejected && rejected.httpStatus() == 400
                && "invalid_request".equals(rejected.code())) {
            return new PlatformResult.AuthFailed<>(400, rejected.code(), rejected.message());
        }
        return r;
    }

    /**
     * One call to a token endpoint ({@code endpoint}: the spec's or a platform's own, like Meta's long-lived token
     * exchange) with {@code params}, form-encoded in a POST or as the query of a GET; {@code clientAuth} adds the
     * client's credentials as the spec says. Always unsafe: it spends a code or a refresh token.
     */
    public PlatformResult<Grant> tokenRequest(URI endpoint, boolean get, Map<String, String> params, boolean clientAuth) {
        Map<String, String> p = new LinkedHashMap<>(params);
        List<String> secrets = new ArrayList<>();
        HttpRequest.Builder request;
        if (clientAuth && spec.clientAuth() == OAuth2Spec.ClientAuth.BODY) {
            p.put(spec.clientIdParam(), client.clientId());
            if (client.clientSecret() != null) {
                p.put("client_secret", client.clientSecret());
            }
        }
        p.forEach((k, v) -> {
            if (SECRET_PARAMS.contains(k)) {
                secrets.add(v);
            }
        });
        String what = (get ? "GET " : "POST ") + endpoint.getPath();
        if (get) {
            String base = endpoint.toString();
            request = HttpRequest.newBuilder(URI.create(base + (base.contains("?") ? "&" : "?") + PlatformHttp.encode(p))).GET();
        } else {
            request = HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", PlatformHttp.formContentType())
                    .POST(PlatformHttp.formBody(p));
        }
        if (clientAuth && spec.clientAuth() == OAuth2Spec.ClientAuth.BASIC) {
            String basic = Base64.getEncoder().encodeToString(
                    (client.clientId() + ":" + (client.clientSecret() == null ? "" : client.clientSecret())).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
            secrets.add(basic);
            secrets.add(client.clientSecret());
        }
        Instant now = http.clock().instant();
        return http.send(request, what, true, secrets, json -> grant(json, now, spec.rotates()));
    }

    /**
     * A token answer read as a grant: {@code access_token} (required), {@code refresh_token}, {@code expires_in},
     * {@code refresh_token_expires_in} (TikTok's {@code refresh_expires_in}), {@code scope} (space- or comma-separated,
     * or an array; Instagram's {@code permissions}). Null without an access token. Instagram's documented code exchange
     * wraps the answer in {@code data[0]}; that is read too.
     */
    public static Grant grant(JsonNode answer, Instant now, boolean rotates) {
        JsonNode json = !answer.has("access_token") && answer.path("data").isArray() ? answer.path("data").path(0) : answer;
        String access = json.path("access_token").asText("");
        if (access.isBlank() || !json.path("access_token").isTextual()) {
            return null;
        }
        String refresh = json.path("refresh_token").isTextual() ? json.path("refresh_token").asText() : null;
        return new Grant(access, refresh == null || refresh.isBlank() ? null : refresh,
                after(now, json.path("expires_in")), after(now, json.has("refresh_token_expires_in")
                        ? json.path("refresh_token_expires_in") : json.path("refresh_expires_in")),
                scopes(json.has("scope") ? json.get("scope") : json.get("permissions")), rotates && refresh != null);
    }

    private static Instant after(Instant now, JsonNode seconds) {
        long s = seconds.isNumber() ? seconds.asLong() : seconds.isTextual() ? parse(seconds.asText()) : 0;
        return s > 0 ? now.plusSeconds(s) : null;
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> scopes(JsonNode scope) {
        List<String> out = new ArrayList<>();
        if (scope == null || scope.isNull()) {
            return out;
        }
        if (scope.isArray()) {
            scope.forEach(s -> out.add(s.asText()));
            return out;
        }
        for (String s : scope.asText("").split("[\\s,]+")) {
            if (!s.isBlank()) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "OAuth2Flow[" + spec.platform() + " " + client + "]";
    }
}
