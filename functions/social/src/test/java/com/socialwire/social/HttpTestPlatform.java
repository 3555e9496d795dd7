package com.socialwire.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * "Some OAuth 2.0 platform" for the tests: a real HTTP client of a token endpoint ({@code POST /oauth/token},
 * form-encoded: authorization_code with PKCE, refresh_token), an accounts listing ({@code GET /me/accounts}, Bearer)
 * and, for {@link Connector.Method#APP_PASSWORD}, a session endpoint ({@code POST /session}) — served by WireMock.
 * Errors map as the platform connectors map them: 400/401 {@code invalid_grant} is refused for good, 429 and 5xx are
 * transient, a read timeout is an unknown outcome.
 */
final class HttpTestPlatform implements Connector {

    static final Pattern APP_PASSWORD = Pattern.compile("[a-z0-9]{4}(-[a-z0-9]{4}){3}");

    private final String platform;
    private final Method method;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final boolean rotates;

    HttpTestPlatform(String platform, Method method, String base, boolean rotates) {
        this.platform = platform;
        this.method = method;
        this.base = base;
        this.rotates = rotates;
    }

    @Override
    public String platform() {
        return platform;
    }

    @Override
    public Method method() {
        return method;
    }

    @Override
    public URI authorizeUrl(Authorize a) {
        return URI.create(base + "/oauth/authorize?response_type=code&client_id=test-client&redirect_uri="
                + enc(a.redirectUri().toString()) + "&state=" + enc(a.state()) + "&code_challenge=" + enc(a.codeChallenge())
                + "&code_challenge_method=S256&scope=" + enc("posts.write offline.access"));
    }

    @Override
    public PlatformResult<Grant> exchange(Exchange e) {
        return token(form("grant_type", "authorization_code", "code", e.code(), "code_verifier", e.codeVerifier(),
                "redirect_uri", e.redirectUri().toString(), "client_id", "test-client"), null);
    }

    @Override
    public PlatformResult<Grant> refresh(Grant grant, String instance) {
        return token(form("grant_type", "refresh_token", "refresh_token", grant.refreshToken(), "client_id", "test-client"), grant);
    }

    @Override
    public PlatformResult<Login> login(String identifier, String appPassword, String instance) {
        PlatformResult<JsonNode> r = send(HttpRequest.newBuilder(URI.create(base + "/session"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("identifier", identifier, "password", appPassword)))));
        if (!(r instanceof PlatformResult.Ok<JsonNode> ok)) {
            return r.failure();
        }
        JsonNode j = ok.value();
        Grant grant = new Grant(j.path("accessJwt").asText(), j.path("refreshJwt").asText(null),
                Instant.now().plusSeconds(7200), null, List.of(), true);
        return new PlatformResult.Ok<>(new Login(grant, new Offered(j.path("did").asText(identifier), identifier, identifier, null,
                "profile", null, Map.of())));
    }

    @Override
    public boolean acceptsAsAppPassword(String secret) {
        return APP_PASSWORD.matcher(secret).matches();
    }

    @Override
    public PlatformResult<List<Offered>> offered(Grant grant, String instance) {
        PlatformResult<JsonNode> r = send(HttpRequest.newBuilder(URI.create(base + "/me/accounts"))
                .header("authorization", "Bearer " + grant.accessToken()).GET());
        if (!(r instanceof PlatformResult.Ok<JsonNode> ok)) {
            return r.failure();
        }
        List<Offered> out = new ArrayList<>();
        for (JsonNode a : ok.value().path("accounts")) {
            Grant own = a.hasNonNull("access_token")
                    ? new Grant(a.path("access_token").asText(), null, null, null, grant.scopes(), false) : null;
            out.add(new Offered(a.path("id").asText(), a.path("handle").asText(null), a.path("name").asText(null),
                    a.path("avatar").asText(null), a.path("kind").asText("profile"), own, Map.of()));
        }
        return new PlatformResult.Ok<>(out);
    }

    private PlatformResult<Grant> token(String form, Grant before) {
        PlatformResult<JsonNode> r = send(HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                .header("content-type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        if (!(r instanceof PlatformResult.Ok<JsonNode> ok)) {
            return r.failure();
        }
        JsonNode j = ok.value();
        Instant expires = j.has("expires_in") ? Instant.now().plusSeconds(j.path("expires_in").asLong()) : null;
        List<String> scopes = j.has("scope") ? Arrays.asList(j.path("scope").asText().split(" ")) : List.of();
        return new PlatformResult.Ok<>(new Grant(j.path("access_token").asText(null), j.path("refresh_token").asText(null),
                expires, null, scopes, rotates));
    }

    private PlatformResult<JsonNode> send(HttpRequest.Builder request) {
        HttpResponse<String> res;
        try {
            res = http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new PlatformResult.Unknown<>("timed out");
        } catch (IOException e) {
            return new PlatformResult.Transient<>(0, "IO", "unreachable", 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PlatformResult.Unknown<>("interrupted");
        }
        int s = res.statusCode();
        if (s >= 200 && s < 300) {
            return new PlatformResult.Ok<>(Json.tree(res.body()));
        }
        String error = s < 500 && res.body().startsWith("{") ? Json.tree(res.body()).path("error").asText("") : "";
        if (s == 429 || s >= 500) {
            return new PlatformResult.Transient<>(s, error, "platform unavailable", 0);
        }
        if (s == 401 || "invalid_grant".equals(error) || "invalid_token".equals(error)) {
            return new PlatformResult.AuthFailed<>(s, error, "refused");
        }
        return new PlatformResult.Rejected<>(s, error, "rejected");
    }

    private static String form(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        StringBuilder out = new StringBuilder();
        m.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v == null ? "" : v)));
        return out.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
