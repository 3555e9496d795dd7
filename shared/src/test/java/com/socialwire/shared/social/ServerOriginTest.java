package com.socialwire.shared.social;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a tenant may name as a Mastodon instance. */
class ServerOriginTest {

    @Test
    void aHostOrHttpsOriginReadsAsItsOrigin() {
        assertEquals("https://mastodon.social", ServerOrigin.origin("mastodon.social", false));
        assertEquals("https://mastodon.social", ServerOrigin.origin(" https://Mastodon.Social/ ", false));
        assertEquals("https://fosstodon.org:8443", ServerOrigin.origin("https://fosstodon.org:8443", false));
        assertEquals("http://localhost:8080", ServerOrigin.origin("http://localhost:8080", true));
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : List.of("http://mastodon.social", "https://user:pw@mastodon.social", "https://mastodon.social/api",
                "https://mastodon.social?x=1", "https://mastodon.social#frag", "https://10.0.0.1", "https://169.254.169.254",
                "https://[::1]", "mastodon", "localhost", "http://localhost:8080", "ftp://mastodon.social", "javascript:alert(1)",
                "https://exa mple.com", "https://-bad-.com", "x".repeat(400) + ".com")) {
            assertThrows(IllegalArgumentException.class, () -> ServerOrigin.origin(bad, false), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ServerOrigin.origin("http://127.0.0.2", true));
        assertThrows(IllegalArgumentException.class, () -> ServerOrigin.origin("http://evil.example", true));
    }

    @Test
    void aLocalServerMayLiveUnderAPathAsTheLocalRuntimesSandboxDoes() {
        assertEquals("http://127.0.0.1:3000/_local/mastodon", ServerOrigin.origin("http://127.0.0.1:3000/_local/mastodon/", true));
        assertEquals("http://localhost:3000/_local/mastodon", ServerOrigin.origin("http://localhost:3000/_local/mastodon", true));
        for (String bad : List.of("https://mastodon.social/_local/mastodon", "http://127.0.0.1:3000/a/../b", "http://127.0.0.1:3000/a%2Fb",
                "http://127.0.0.1:3000//a", "http://127.0.0.1:3000/a?x=1")) {
            assertThrows(IllegalArgumentException.class, () -> ServerOrigin.origin(bad, true), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ServerOrigin.origin("http://127.0.0.1:3000/_local/mastodon", false));
    }
}
