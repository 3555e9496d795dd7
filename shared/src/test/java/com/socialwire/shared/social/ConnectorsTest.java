package com.socialwire.shared.social;

import com.socialwire.shared.Config;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which connectors a configuration gives, and where they point. */
class ConnectorsTest {

    @Test
    void aPlatformWithoutAClientIdIsAbsent() {
        Connectors none = Connectors.fromConfig(Config.of(Map.of()));
        assertEquals(Set.of("mastodon"), none.platforms(), "Mastodon registers itself per instance");
        assertTrue(none.get("twitter").isEmpty());
        assertTrue(Connectors.fromConfig(Config.of(Map.of("MASTODON_ENABLED", "false"))).platforms().isEmpty());
    }

    @Test
    void everyConfiguredPlatformIsPresentAndPointsWhereConfigured() {
        Connectors c = Connectors.fromConfig(Config.of(Map.ofEntries(
                Map.entry("OAUTH_REDIRECT_BASE", "https://api.socialwire.test/"),
                Map.entry("X_CLIENT_ID", "xid"), Map.entry("X_CLIENT_SECRET", "xs"),
                Map.entry("X_AUTHORIZE_URL", "http://localhost:9/sandbox/x/authorize"),
                Map.entry("X_SCOPES", "tweet.read, users.read"),
                Map.entry("LINKEDIN_CLIENT_ID", "lid"), Map.entry("LINKEDIN_CLIENT_SECRET", "ls"),
                Map.entry("FACEBOOK_CLIENT_ID", "fid"), Map.entry("FACEBOOK_CLIENT_SECRET", "fs"),
                Map.entry("THREADS_CLIENT_ID", "tid"), Map.entry("THREADS_CLIENT_SECRET", "ts"),
                Map.entry("PINTEREST_CLIENT_ID", "pid"), Map.entry("PINTEREST_CLIENT_SECRET", "ps"))));

        assertEquals(Set.of("twitter", "linkedin", "facebook", "threads", "pinterest", "mastodon"), c.platforms());
        assertEquals("twitter", c.get("X").orElseThrow().platform());
        URI redirect = c.redirectUri("twitter");
        assertEquals(URI.create("https://api.socialwire.test/oauth/twitter/callback"), redirect);
        URI authorize = c.get("twitter").orElseThrow().authorizeUrl(new Connector.Authorize("s",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", redirect, null));
        assertTrue(authorize.toString().startsWith("http://localhost:9/sandbox/x/authorize?response_type=code&client_id=xid&"), authorize.toString());
        assertTrue(authorize.toString().contains("&scope=tweet.read%20users.read&"), authorize.toString());
        assertFalse(c.toString().contains("xs"));
    }

    @Test
    void aClientIdWithoutItsSecretFailsAtColdStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Connectors.fromConfig(Config.of(Map.of("LINKEDIN_CLIENT_ID", "lid"))));
        assertEquals("LINKEDIN_CLIENT_ID is set but LINKEDIN_CLIENT_SECRET is not", e.getMessage());
    }

    @Test
    void withoutARedirectBaseThereIsNoRedirectUri() {
        assertThrows(IllegalStateException.class, () -> Connectors.fromConfig(Config.of(Map.of())).redirectUri("mastodon"));
    }
}
