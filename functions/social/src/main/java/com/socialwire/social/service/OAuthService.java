package com.socialwire.social.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Ids;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Connectors;
import com.socialwire.shared.social.ServerOrigin;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.social.store.OAuthStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The OAuth 2.0 connect (authorization code, PKCE S256): {@link #start} makes a state (32 base62 characters, ~190
 * bits; stored only hashed, bound to the tenant and the API key, 10 minutes, single use) and a PKCE verifier (sealed),
 * and answers the platform's consent URL; {@link #callback} consumes the state, exchanges the code and connects the one
 * account offered or stores a pending selection. Every failure of the callback is a page saying what happened;
 * nothing is connected then.
 */
public final class OAuthService {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthService.class);
    static final Duration STATE_FOR = Duration.ofMinutes(10);
    static final Set<String> START_FIELDS = Set.of("instance");
    /** Platforms whose accounts live on a server the tenant names. */
    static final Set<String> FEDERATED = Set.of("mastodon");
    private static final Pattern STATE = Pattern.compile("[0-9A-Za-z]{32}");

    private static final class Randomness {
        static final SecureRandom SOURCE = new SecureRandom();
    }

    private final OAuthStore store;
    private final Connectors connectors;
    private final Connecting connecting;
    private final Clock clock;
    private final String redirectBase;
    private final boolean allowLocalHttp;

    /** {@code redirectBase}: the public base URL of the API ({@code OAUTH_REDIRECT_BASE}), else the request's own. */
    public OAuthService(OAuthStore store, Connectors connectors, Connecting connecting, Clock clock, String redirectBase) {
        this(store, connectors, connecting, clock, redirectBase, false);
    }

    /** @param allowLocalHttp whether {@code http://localhost} may stand for a server (tests, the local runtime) */
    public OAuthService(OAuthStore store, Connectors connectors, Connecting connecting, Clock clock, String redirectBase,
                        boolean allowLocalHttp) {
        this.allowLocalHttp = allowLocalHttp;
        this.store = store;
        this.connectors = connectors;
        this.connecting = connecting;
        this.clock = clock;
        this.redirectBase = redirectBase;
    }

    public Map<String, Object> start(Principal who, String tenantId, String platformName, ObjectNode body, String requestBase) {
        String platform = platform(platformName);
        String instance = null;
        if (body != null) {
            JsonBody in = new JsonBody(body, START_FIELDS);
            instance = in.string("instance", false, 1, 253).map(i -> instance(in, i, allowLocalHttp)).orElse(null);
            in.check();
        }
        Connector connector = connector(connectors, platform);
        if (connector.method() != Connector.Method.OAUTH2) {
            throw unprocessable(platform + " connects with a handle and an app password: POST /v1/tenants/"
                    + tenantId + "/social-accounts", "platform", "connects by app password");
        }
        if (FEDERATED.contains(platform) && instance == null) {
            throw unprocessable("instance is required for " + platform,
                    "instance", "the server's https URL, such as https://mastodon.social");
        }
        String state = Ids.base62(32);
        byte[] raw = new byte[32];
        Randomness.SOURCE.nextBytes(raw);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                Hashing.sha256(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        String base = redirectBase != null && !redirectBase.isBlank() ? redirectBase : requestBase;
        URI redirect = URI.create(stripSlash(base) + "/oauth/" + platform + "/callback");
        Instant until = clock.instant().plus(STATE_FOR);
        store.saveState(state, new OAuthStore.State(tenantId, who.accountId(), who.keyId(), platform, instance,
                redirect.toString(), verifier, until));
        URI authorize = connector.authorizeUrl(new Connector.Authorize(state, challenge, redirect, instance));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("platform", platform);
        out.put("authorizeUrl", authorize.toString());
        out.put("state", state);
        out.put("redirectUri", redirect.toString());
        out.put("expiresAt", IsoInstant.format(until));
        return out;
    }

    /** What the callback shows: a status and a page. */
    public record Page(int status, String title, String message) {
    }

    /**
     * The platform's redirect back: {@code code} and {@code state}, or {@code error}. The state is consumed first (a
     * replay, a stale or an unknown state finds nothing), then checked against the platform and its deadline.
     */
    public Page callback(String platformName, String code, String state, String error) {
        String platform = Connectors.canonical(platformName);
        if (platform == null || state == null || !STATE.matcher(state).matches()) {
            return new Page(400, "This link is not valid", "The connection link is incomplete or not one Socialwire made. "
                    + "Nothing was connected. Start the connection again from your app.");
        }
        OAuthStore.State s = store.consumeState(state).orElse(null);
        if (s == null || !s.platform().equals(platform) || !s.until().isAfter(clock.instant())) {
            return new Page(400, "This link has expired or was already used", "Connection links work once, for 10 "
                    + "minutes. Nothing was connected. Start the connection again from your app.");
        }
        if (error != null) {
            boolean denied = "access_denied".equals(error);
            return new Page(400, denied ? "Access was not granted" : "The platform did not grant access",
                    (denied ? "You declined the request on " : "The authorization on ") + platform
                            + (denied ? "" : " did not complete") + ". Nothing was connected.");
        }
        Connector connector = connectors.find(platform).orElse(null);
        if (code == null || code.isBlank() || code.length() > 2048 || connector == null) {
            return new Page(400, "This link is not valid", "The platform sent no authorization code. Nothing was connected.");
        }
        PlatformResult<Grant> exchanged = connector.exchange(new Connector.Exchange(code, s.codeVerifier(),
                URI.create(s.redirectUri()), s.instance()));
        if (!(exchanged instanceof PlatformResult.Ok<Grant> grant)) {
            LOG.warn("{} refused the code exchange: {}", platform, exchanged.getClass().getSimpleName());
            return failurePage(platform, exchanged);
        }
        PlatformResult<Connecting.Outcome> outcome;
        try {
            outcome = connecting.granted(s.tenantId(), s.accountId(), s.keyId(), connector, s.instance(), grant.value());
        } catch (ApiException e) {
            if (e.status() != 409) {
                throw e;
            }
            // an Instagram account is one tenant's, and a tenant has one: never a silent rebind (or a concurrent change)
            return new Page(409, "This account could not be connected", e.getMessage() + ". Nothing was connected.");
        }
        if (!(outcome instanceof PlatformResult.Ok<Connecting.Outcome> done)) {
            return failurePage(platform, outcome);
        }
        return switch (done.value()) {
            case Connecting.Outcome.Connected c -> {
                SocialAccount a = c.accounts().get(0);
                yield new Page(200, "Connected", "Your " + platform + " account " + display(a.handle(), a.name())
                        + " is connected to Socialwire. You can close this page.");
            }
            case Connecting.Outcome.Waiting w -> new Page(200, "Choose the accounts to connect", platform + " offered "
                    + w.pending().offered().size() + " accounts. Return to your app to choose which to connect (selection "
                    + w.pending().nonce() + ", valid for 15 minutes).");
        };
    }

    private static Page failurePage(String platform, PlatformResult<?> failure) {
        return switch (failure) {
            case PlatformResult.Transient<?> t -> new Page(503, platform + " is unavailable",
                    platform + " could not be reached. Nothing was connected. Try again in a few minutes.");
            case PlatformResult.Unknown<?> u -> new Page(503, platform + " did not answer",
                    platform + " did not answer in time. Nothing was connected. Try again in a few minutes.");
            case PlatformResult.Rejected<?> r when Connector.ACCOUNT_NOT_SUPPORTED.equals(r.code()) -> new Page(400,
                    "This account cannot be connected", r.message() + ". Nothing was connected.");
            case PlatformResult.Rejected<?> r when "NO_ACCOUNT".equals(r.code()) -> new Page(400, "No account to connect",
                    platform + " offers no account Socialwire can publish to. Nothing was connected.");
            default -> new Page(400, platform + " refused the connection", platform
                    + " refused the authorization (it may have expired or been used). Nothing was connected. Start the connection again.");
        };
    }

    private static String display(String handle, String name) {
        return handle != null ? "@" + handle : name != null ? name : "";
    }

    /** The canonical name of a platform in a path or body, or 422. */
    static String platform(String name) {
        String p = Connectors.canonical(name);
        if (p == null) {
            throw unprocessable("unknown platform " + (name == null ? "" : name.length() > 40 ? name.substring(0, 40) : name),
                    "platform", "one of " + String.join(", ", new java.util.TreeSet<>(Connectors.KNOWN)));
        }
        return p;
    }

    /** The configured connector of {@code platform}, or 422 "not configured". */
    static Connector connector(Connectors connectors, String platform) {
        return connectors.find(platform).orElseThrow(() -> unprocessable(platform
                + " is not configured on this deployment", "platform", "not configured"));
    }

    /** A federated server as {@code https://host[:port]}, lower-cased; anything else is rejected into {@code in}. */
    /**
     * The server a federated platform's account lives on, as {@link ServerOrigin} checks it (https, a DNS name, no
     * path; plain http to localhost only where {@code SOCIAL_ALLOW_LOCAL_HTTP} allows it); refused with why.
     */
    static String instance(JsonBody in, String value, boolean allowLocalHttp) {
        try {
            return ServerOrigin.origin(value, allowLocalHttp);
        } catch (IllegalArgumentException e) {
            in.reject("instance", e.getMessage() + ", such as https://mastodon.social");
            return null;
        }
    }

    /** A well-formed request this deployment cannot do (422). */
    static ApiException unprocessable(String message, String field, String detail) {
        return new ApiException(com.socialwire.shared.http.ErrorCode.VALIDATION_ERROR, 422, message, Map.of(field, detail), null);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
