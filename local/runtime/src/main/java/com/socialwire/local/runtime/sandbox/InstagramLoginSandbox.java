package com.socialwire.local.runtime.sandbox;

import java.time.Clock;
import java.util.Map;

/**
 * Instagram Login (LOCAL SANDBOX): the consent page and the code exchange of Business Login for Instagram
 * ({@code /oauth/authorize}, {@code POST /oauth/access_token} answering a short-lived token and the {@code user_id}),
 * from the one {@link SandboxOAuth}; the demo account ({@value #DEMO_IG_USER_ID}, @{@value #DEMO_USERNAME}) is the
 * person who consents. Everything after the code — the long-lived exchange, refresh, {@code GET /me} and publishing —
 * is the Instagram Graph API, which the local Graph sandbox ({@code /_local/graph}) serves: it takes this sandbox's
 * short-lived tokens for {@code ig_exchange_token} (the local runtime links the two) and answers its own long-lived ones.
 */
public final class InstagramLoginSandbox implements PlatformSandbox {

    /** The Graph sandbox's demo Instagram account (the one events/meta-*.json and the README name). */
    public static final String DEMO_IG_USER_ID = "17841400000000001";
    public static final String DEMO_USERNAME = "bloombakery";
    static final String CLIENT_ID = "sandbox-instagram-app";
    // not a secret: it only opens this sandbox
    static final String CLIENT_SECRET = "sandbox-instagram-app-secret";

    private final SandboxOAuth oauth;

    public InstagramLoginSandbox(Clock clock) {
        this.oauth = new SandboxOAuth(name(), label(), CLIENT_ID, CLIENT_SECRET, "/oauth/authorize", "/oauth/access_token",
                false, null, new SandboxOAuth.User(DEMO_IG_USER_ID, DEMO_USERNAME, "Bloom Bakery"), clock)
                .extraTokenFields(u -> Map.of("user_id", u.id()));
    }

    @Override
    public String name() {
        return "instagram";
    }

    @Override
    public String label() {
        return "Instagram";
    }

    /** The Instagram app's client and its OAuth endpoints here; its Graph calls go to the Graph sandbox (INSTAGRAM_GRAPH_BASE). */
    @Override
    public Map<String, String> environment(String base) {
        return Map.of("INSTAGRAM_CLIENT_ID", CLIENT_ID, "INSTAGRAM_CLIENT_SECRET", CLIENT_SECRET,
                "INSTAGRAM_AUTHORIZE_URL", base + "/oauth/authorize", "INSTAGRAM_TOKEN_URL", base + "/oauth/access_token");
    }

    @Override
    public SandboxOAuth oauth() {
        return oauth;
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        return SandboxResponse.json(404, Map.of("error", "not_found", "message",
                "LOCAL INSTAGRAM SANDBOX: only Instagram Login's consent and code exchange are here; the Instagram Graph API is "
                        + "served at /_local/graph"));
    }
}
