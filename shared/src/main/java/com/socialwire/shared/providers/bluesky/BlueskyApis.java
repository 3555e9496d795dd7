package com.socialwire.shared.providers.bluesky;

import com.socialwire.shared.Config;

import java.time.Duration;

/** Builds the {@link BlueskyApi} a function uses from its configuration, once, at cold start. */
public final class BlueskyApis {

    public static final long DEFAULT_TIMEOUT_MS = 10_000;

    private BlueskyApis() {
    }

    /** {@code BLUESKY_TIMEOUT_MS} (default 10 s) bounds each call; where an account lives is its own (its session's PDS). */
    public static BlueskyApi fromConfig(Config config) {
        long timeoutMs = config.getLong("BLUESKY_TIMEOUT_MS", DEFAULT_TIMEOUT_MS);
        if (timeoutMs <= 0) {
            throw new IllegalStateException("BLUESKY_TIMEOUT_MS must be positive");
        }
        return new HttpBlueskyApi(Duration.ofMillis(timeoutMs));
    }
}
