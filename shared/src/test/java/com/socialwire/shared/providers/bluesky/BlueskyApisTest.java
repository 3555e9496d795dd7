package com.socialwire.shared.providers.bluesky;

import com.socialwire.shared.Config;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlueskyApisTest {

    @Test
    void aBlueskyServiceThatIsNotAnHttpUrlFailsTheColdStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BlueskyApis.connector(Config.of(Map.of("BLUESKY_SERVICE", "bsky.social"))));
        assertTrue(e.getMessage().contains("BLUESKY_SERVICE"), e.getMessage());
        BlueskyApis.connector(Config.of(Map.of())); // the default, https://bsky.social
        BlueskyApis.connector(Config.of(Map.of("BLUESKY_SERVICE", "http://127.0.0.1:3000/_local/bluesky")));
    }
}
