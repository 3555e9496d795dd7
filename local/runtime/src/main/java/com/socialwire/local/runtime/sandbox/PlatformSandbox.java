package com.socialwire.local.runtime.sandbox;

import java.util.Map;

/**
 * A local stand-in for one social platform's API (LOCAL SANDBOX — nothing reaches the platform), served by the local
 * runtime at {@code /_local/<name>/…} so a newcomer connects accounts and publishes to that platform from the demo
 * account with no real credentials. Each sandbox answers the calls Socialwire's connector and publisher for that
 * platform make, shaped as the platform documents them; its OAuth consent and tokens come from the one
 * {@link SandboxOAuth}; faults, the outbox and revoking tokens are the {@link SandboxHost}'s, the same for every
 * platform ({@code POST /_local/<name>/_faults}, {@code GET|DELETE /_local/<name>/_outbox}, {@code GET /_local/<name>/_posts},
 * {@code POST /_local/<name>/_revoke}).
 *
 * <p>A new platform: implement this, add it to {@link Sandboxes#all()}, and point the platform's connector and
 * publisher at it through {@link #environment}.
 */
public interface PlatformSandbox {

    /** The path segment it is served under ({@code x} → {@code /_local/x/…}); lowercase letters only. */
    String name();

    /** The platform as people know it ("X", "LinkedIn"), for labels. */
    String label();

    /**
     * The configuration that points the functions at this sandbox, {@code base} being its URL
     * ({@code http://127.0.0.1:<port>/_local/<name>}): API base URLs, the OAuth endpoints, the sandbox's client id and
     * secret (not secrets: they only open this sandbox).
     */
    Map<String, String> environment(String base);

    /** The sandbox's OAuth (its consent page, codes and tokens), or null when the platform connects otherwise. */
    SandboxOAuth oauth();

    /** What the sandbox published, for {@code GET /_local/<name>/_posts} (null: it keeps no such list). */
    default SandboxPosts posts() {
        return null;
    }

    /**
     * Answers one API call ({@code request.path()} relative to the base). The consent and token endpoints are
     * answered before this is asked, through {@link #oauth()}'s paths.
     */
    SandboxResponse handle(SandboxRequest request);

    /**
     * Makes every token of {@code userId} (null: the sandbox's default person) fail, as a revoked app or a deleted app
     * password does; answers whose they were, or null when the sandbox has nothing to revoke. By default its
     * {@link #oauth()}'s; a sandbox whose platform connects otherwise (Bluesky's sessions) revokes its own.
     */
    default String revoke(String userId) {
        SandboxOAuth oauth = oauth();
        if (oauth == null) {
            return null;
        }
        String user = userId == null ? oauth.defaultUser().id() : userId;
        oauth.revoke(user);
        return user;
    }
}
