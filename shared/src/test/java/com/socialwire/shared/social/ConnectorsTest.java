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
        assertEquals(Set.of("mastodon", "bluesky"), none.platforms(), "Mastodon registers itself per instance; Bluesky needs no client");
        assertTrue(none.find("twitter").isEmpty());
        assertTrue(Connectors.fromConfig(Config.of(Map.of("MASTODON_ENABLED", "false", "BLUESKY_ENABLED", "false"))).platforms().isEmpty());
    }

    @Test
    void everyConfiguredPlatformIsPresentAndPointsWhereConfigured() {
        Connectors c = Connectors.fromConfig(Config.of(Map.ofEntries(
                Map.entry("X_CLIENT_ID", "xid"), Map.entry("X_CLIENT_SECRET", "xs"),
                Map.entry("X_AUTHORIZE_URL", "http://localhost:9/sandbox/x/authorize"),
                Map.entry("X_SCOPES", "tweet.read, users.read"),
                Map.entry("LINKEDIN_CLIENT_ID", "lid"), Map.entry("LINKEDIN_CLIENT_SECRET", "ls"),
                Map.entry("FACEBOOK_CLIENT_ID", "fid"), Map.entry("FACEBOOK_CLIENT_SECRET", "fs"),
                Map.entry("THREADS_CLIENT_ID", "tid"), Map.entry("THREADS_CLIENT_SECRET", "ts"),
                Map.entry("PINTEREST_CLIENT_ID", "pid"), Map.entry("PINTEREST_CLIENT_SECRET", "ps"))));

        assertEquals(Set.of("twitter", "linkedin", "facebook", "threads", "pinterest", "mastodon", "bluesky"), c.platforms());
        assertEquals("twitter", c.find("X").orElseThrow().platform());
        URI redirect = URI.create("https://api.socialwire.test/oauth/twitter/callback");
        URI authorize = c.find("twitter").orElseThrow().authorizeUrl(new Connector.Authorize("s",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", redirect, null));
        assertTrue(authorize.toString().startsWith("http://localhost:9/sandbox/x/authorize?response_type=code&client_id=xid&"), authorize.toString());
        assertTrue(authorize.toString().contains("&scope=tweet.read%20users.read&"), authorize.toString());
        assertFalse(c.toString().contains("xs"));
    }

    @Test
    void redditAndDribbbleArePresentWithTheirClientsAndPointWhereConfigured() {
        Connectors c = Connectors.fromConfig(Config.of(Map.of("REDDIT_CLIENT_ID", "rid", "REDDIT_CLIENT_SECRET", "rs",
                "REDDIT_AUTH_BASE", "http://localhost:9/sandbox/reddit", "DRIBBBLE_CLIENT_ID", "did", "DRIBBBLE_CLIENT_SECRET", "ds",
                "DRIBBBLE_AUTH_BASE", "http://localhost:9/sandbox/dribbble", "MASTODON_ENABLED", "false", "BLUESKY_ENABLED", "false")));

        assertEquals(Set.of("reddit", "dribbble"), c.platforms());
        URI redirect = URI.create("https://api.socialwire.test/oauth/reddit/callback");
        assertTrue(c.find("reddit").orElseThrow().authorizeUrl(new Connector.Authorize("s", null, redirect, null)).toString()
                .startsWith("http://localhost:9/sandbox/reddit/api/v1/authorize?response_type=code&client_id=rid&"));
        assertTrue(c.find("dribbble").orElseThrow().authorizeUrl(new Connector.Authorize("s", null, redirect, null)).toString()
                .startsWith("http://localhost:9/sandbox/dribbble/oauth/authorize?response_type=code&client_id=did&"));
        assertEquals("DRIBBBLE_CLIENT_ID is set but DRIBBBLE_CLIENT_SECRET is not", assertThrows(IllegalStateException.class,
                () -> Connectors.fromConfig(Config.of(Map.of("DRIBBBLE_CLIENT_ID", "did")))).getMessage());
    }

    @Test
    void instagramConnectsThroughInstagramLoginWhereConfigured() {
        Connectors c = Connectors.fromConfig(Config.of(Map.of("INSTAGRAM_CLIENT_ID", "iid", "INSTAGRAM_CLIENT_SECRET", "is",
                "INSTAGRAM_AUTHORIZE_URL", "http://localhost:9/_local/instagram/oauth/authorize")));

        Connector ig = c.find("instagram").orElseThrow();
        URI authorize = ig.authorizeUrl(new Connector.Authorize("s", null, URI.create("https://api.socialwire.test/oauth/instagram/callback"), null));
        assertTrue(authorize.toString().startsWith("http://localhost:9/_local/instagram/oauth/authorize?response_type=code&client_id=iid&"),
                authorize.toString());
        assertTrue(Connectors.fromConfig(Config.of(Map.of())).find("instagram").isEmpty());
        assertThrows(IllegalStateException.class, () -> Connectors.fromConfig(Config.of(Map.of("INSTAGRAM_CLIENT_ID", "iid"))));
    }

    @Test
    void aClientIdWithoutItsSecretFailsAtColdStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Connectors.fromConfig(Config.of(Map.of("LINKEDIN_CLIENT_ID", "lid"))));
        assertEquals("LINKEDIN_CLIENT_ID is set but LINKEDIN_CLIENT_SECRET is not", e.getMessage());
    }
}
