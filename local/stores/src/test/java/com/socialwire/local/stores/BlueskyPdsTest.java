package com.socialwire.local.stores;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlueskyPdsTest {

    @Test
    void withoutNodeTheFixtureSaysWhatToInstall() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BlueskyPds.nodeVersion("socialwire-no-such-node"));
        assertTrue(e.getMessage().contains("install Node.js 20 (node and npm on PATH)"), e.getMessage());
    }

    @Test
    void findsItsPackageInThisCheckout() {
        assertTrue(java.nio.file.Files.isRegularFile(BlueskyPds.directory().resolve("package-lock.json")));
        assertTrue(java.nio.file.Files.isRegularFile(BlueskyPds.directory().resolve("launch.js")));
    }
}
