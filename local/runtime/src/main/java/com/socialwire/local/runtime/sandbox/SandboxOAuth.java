package com.socialwire.local.runtime.sandbox;

import com.socialwire.shared.Ids;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The one OAuth 2.0 authorization server every platform sandbox uses: a consent page (labelled LOCAL SANDBOX, with
 * Allow and Deny), single-use codes bound to the redirect URI and PKCE challenge, the token endpoint (code exchange
 * and refresh; by POST form or by GET query as Meta's is; client credentials by HTTP Basic or in the parameters), and
 * bearer tokens the sandbox's API checks with {@link #user}. Refresh tokens rotate when the platform's do: the old
 * one is refused once used. {@link #revoke} makes every token of a person fail, as a revoked app does.
 */
public final class SandboxOAuth {

    /** A person of the sandbox platform: {@code id} the platform's id, {@code handle} without any @. */
    public record User(String id, String handle, String name) {
    }

    private record Ticket(String clientId, String redirectUri, String state, String challenge, String scope, Instant expires) {
    }

    private record Code(String userId, String redirectUri, String challenge, String scope, Instant expires) {
    }

    private record Token(String userId, String scope, Instant expires) {
    }

    public static final String CONSENT_PATH = "/_oauth/consent";
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

    private final String name;
    private final String label;
    private final String clientId;
    private final String clientSecret;
    private final String authorizePath;
    private final String tokenPath;
    private final boolean rotating;
    private final Duration accessLifetime;
    private final Clock clock;
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final User defaultUser;
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Token> access = new ConcurrentHashMap<>();
    private final Map<String, Token> refresh = new ConcurrentHashMap<>();
    private volatile Function<User, Map<String, Object>> extraTokenFields = u -> Map.of();

    /**
     * @param name           the sandbox's path segment ({@code x})
     * @param label          the platform as people know it ({@code X})
     * @param authorizePath  where the platform's authorize page is, relative to the sandbox base ({@code /i/oauth2/authorize})
     * @param tokenPath      where its token endpoint is ({@code /2/oauth2/token})
     * @param rotating       refreshing answers a new refresh token and retires the old one
     * @param accessLifetime how long an access token lives (null: it does not expire and no refresh token is given)
     * @param defaultUser    the person the consent page connects
     */
    public SandboxOAuth(String name, String label, String clientId, String clientSecret, String authorizePath, String tokenPath,
                        boolean rotating, Duration accessLifetime, User defaultUser, Clock clock) {
        this.name = name;
        this.label = label;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.authorizePath = authorizePath;
        this.tokenPath = tokenPath;
        this.rotating = rotating;
        this.accessLifetime = accessLifetime;
        this.defaultUser = defaultUser;
        this.clock = clock;
        users.put(defaultUser.id(), defaultUser);
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public String authorizePath() {
        return authorizePath;
    }

    public String tokenPath() {
        return tokenPath;
    }

    public User defaultUser() {
        return defaultUser;
    }

    /** Fields the platform adds to its token answers (TikTok's open_id, for one). */
    public SandboxOAuth extraTokenFields(Function<User, Map<String, Object>> fields) {
        this.extraTokenFields = fields;
        return this;
    }

    /** Adds a person (a second account to connect). */
    public void addUser(User user) {
        users.put(user.id(), user);
    }

    public Optional<User> userById(String id) {
        return Optional.ofNullable(users.get(id));
    }

    /** The person a request's bearer token belongs to, if the token is live and not revoked. */
    public Optional<User> user(SandboxRequest request) {
        return request.bearer().flatMap(this::userOfToken);
    }

    /** The person an access token belongs to, if it is live and not revoked. */
    public Optional<User> userOfToken(String accessToken) {
        Token t = access.get(accessToken);
        if (t == null || (t.expires() != null && !clock.instant().isBefore(t.expires()))) {
            return Optional.empty();
        }
        return Optional.ofNullable(users.get(t.userId()));
    }

    /** A new access token for {@code user} (a long-lived token exchange, a test). */
    public String issueAccess(User user) {
        users.putIfAbsent(user.id(), user);
        String token = "sbx-" + name + "-at-" + Ids.base62(32);
        access.put(token, new Token(user.id(), "", accessLifetime == null ? null : clock.instant().plus(accessLifetime)));
        return token;
    }

    /**
     * Every token and unused code of {@code userId} stops working (the person revoked the app); consenting again later
     * grants new ones, as on the platforms.
     */
    public void revoke(String userId) {
        access.values().removeIf(t -> t.userId().equals(userId));
        refresh.values().removeIf(t -> t.userId().equals(userId));
        codes.values().removeIf(c -> c.userId().equals(userId));
    }

    /** GET of the authorize page: checks the request and shows the consent page. */
    public SandboxResponse authorize(SandboxRequest request) {
        Map<String, String> q = request.query();
        String client = q.getOrDefault("client_id", q.get("client_key"));
        String redirect = q.get("redirect_uri");
        if (!clientId.equals(client)) {
            return page(400, "Unknown client", "<p>This sandbox's client id is <code>" + esc(clientId) + "</code>; the request named <code>"
                    + esc(String.valueOf(client)) + "</code>.</p>");
        }
        if (redirect == null || !(redirect.startsWith("http://") || redirect.startsWith("https://"))) {
            return page(400, "No redirect URI", "<p>The request has no valid <code>redirect_uri</code>.</p>");
        }
        String challenge = q.get("code_challenge");
        if (challenge != null && !"S256".equals(q.getOrDefault("code_challenge_method", "plain"))) {
            return page(400, "Unsupported PKCE method", "<p>Only S256 is accepted.</p>");
        }
        String ticket = Ids.base62(24);
        String scope = q.getOrDefault("scope", "");
        tickets.put(ticket, new Ticket(client, redirect, q.get("state"), challenge, scope, clock.instant().plus(CODE_LIFETIME)));
        String consent = "/_local/" + name + CONSENT_PATH + "?ticket=" + ticket + "&decision=";
        return page(200, "Connect your " + esc(label) + " account",
                "<p>Socialwire asks to act for <b>@" + esc(defaultUser.handle()) + "</b> (" + esc(defaultUser.name()) + ").</p>"
                        + (scope.isEmpty() ? "" : "<p>Scopes: <code>" + esc(scope) + "</code></p>")
                        + "<p><a id=\"allow\" href=\"" + consent + "allow\">Allow</a> &nbsp; <a id=\"deny\" href=\"" + consent
                        + "deny\">Deny</a></p>");
    }

    /** The consent page's answer: back to the redirect URI with a code, or with {@code error=access_denied}. */
    public SandboxResponse consent(SandboxRequest request) {
        Map<String, String> q = request.query();
        Ticket t = q.get("ticket") == null ? null : tickets.remove(q.get("ticket"));
        if (t == null || clock.instant().isAfter(t.expires())) {
            return page(400, "This consent page has expired", "<p>Start connecting again from Socialwire.</p>");
        }
        StringBuilder back = new StringBuilder(t.redirectUri()).append(t.redirectUri().contains("?") ? '&' : '?');
        if ("allow".equals(q.get("decision"))) {
            String code = "sbx-" + name + "-code-" + Ids.base62(24);
            codes.put(code, new Code(defaultUser.id(), t.redirectUri(), t.challenge(), t.scope(), clock.instant().plus(CODE_LIFETIME)));
            back.append("code=").append(enc(code));
        } else {
            back.append("error=access_denied&error_description=").append(enc("The user denied the request"));
        }
        if (t.state() != null) {
            back.append("&state=").append(enc(t.state()));
        }
        return SandboxResponse.redirect(back.toString());
    }

    /** The token endpoint: {@code authorization_code} and {@code refresh_token} grants, by POST form or GET query. */
    public SandboxResponse token(SandboxRequest request) {
        Map<String, String> p = new LinkedHashMap<>(request.query());
        p.putAll(request.form());
        String id = p.getOrDefault("client_id", p.get("client_key"));
        String secret = p.get("client_secret");
        Optional<String> basic = request.header("authorization").filter(a -> a.regionMatches(true, 0, "Basic ", 0, 6));
        if (basic.isPresent()) {
            String[] pair = new String(Base64.getDecoder().decode(basic.get().substring(6).trim()), StandardCharsets.UTF_8).split(":", 2);
            id = pair[0];
            secret = pair.length > 1 ? pair[1] : null;
        }
        if (!clientId.equals(id) || (secret != null && !clientSecret.equals(secret))) {
            return error(401, "invalid_client", "unknown client or wrong secret");
        }
        String grant = p.getOrDefault("grant_type", "authorization_code");
        Token granted;
        if (grant.equals("authorization_code")) {
            Code c = p.get("code") == null ? null : codes.remove(p.get("code"));
            if (c == null || clock.instant().isAfter(c.expires())) {
                return error(400, "invalid_grant", "the code is unknown, used or expired");
            }
            if (p.get("redirect_uri") != null && !c.redirectUri().equals(p.get("redirect_uri"))) {
                return error(400, "invalid_grant", "redirect_uri differs from the authorization request's");
            }
            if (c.challenge() != null && !c.challenge().equals(s256(p.getOrDefault("code_verifier", "")))) {
                return error(400, "invalid_grant", "code_verifier does not match the code_challenge");
            }
            granted = new Token(c.userId(), c.scope(), null);
        } else if (grant.equals("refresh_token")) {
            String old = p.getOrDefault("refresh_token", "");
            Token r = rotating ? refresh.remove(old) : refresh.get(old);
            if (r == null) {
                return error(400, "invalid_grant", "the refresh token is invalid or revoked");
            }
            granted = r;
        } else {
            return error(400, "unsupported_grant_type", grant + " is not supported");
        }
        User user = users.get(granted.userId());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access_token", issueAccess(user));
        out.put("token_type", "bearer");
        if (accessLifetime != null) {
            out.put("expires_in", accessLifetime.toSeconds());
            String next = p.get("refresh_token");
            if (grant.equals("authorization_code") || rotating) {
                next = "sbx-" + name + "-rt-" + Ids.base62(32);
                refresh.put(next, new Token(user.id(), granted.scope(), null));
            }
            out.put("refresh_token", next);
        }
        out.put("scope", granted.scope());
        out.putAll(extraTokenFields.apply(user));
        return SandboxResponse.json(200, out);
    }

    private static SandboxResponse error(int status, String error, String description) {
        return SandboxResponse.json(status, Map.of("error", error, "error_description", description));
    }

    private SandboxResponse page(int status, String title, String body) {
        return SandboxResponse.html(status, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>LOCAL "
                + esc(label.toUpperCase(java.util.Locale.ROOT)) + " SANDBOX</title></head><body style=\"font-family:sans-serif;max-width:36rem;margin:2rem auto\">"
                + "<p style=\"background:#fde68a;padding:.5rem\"><b>LOCAL " + esc(label.toUpperCase(java.util.Locale.ROOT))
                + " SANDBOX</b> — this page is Socialwire's local stand-in, not " + esc(label) + ". Nothing leaves this machine.</p>"
                + "<h1>" + title + "</h1>" + body + "</body></html>");
    }

    static String s256(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
