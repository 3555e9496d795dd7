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

    /**
     * {@code BLUESKY_SERVICE}: where an account logs in when its owner names no PDS (default
     * {@value BlueskyApi#DEFAULT_SERVICE}; the local runtime's Bluesky sandbox, or the PDS {@code --bluesky-pds} starts).
     */
    public static BlueskyConnector connector(Config config) {
        String service = config.get("BLUESKY_SERVICE", BlueskyApi.DEFAULT_SERVICE).strip();
        if (!(service.startsWith("https://") || service.startsWith("http://"))) {
            throw new IllegalStateException("BLUESKY_SERVICE must be an http(s) URL");
        }
        return new BlueskyConnector(fromConfig(config), service);
    }
}
