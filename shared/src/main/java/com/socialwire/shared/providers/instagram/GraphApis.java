package com.socialwire.shared.providers.instagram;

import com.socialwire.shared.Config;

import java.time.Duration;

/** Builds the {@link GraphApi} a function uses from its configuration, once, at cold start. */
public final class GraphApis {

    public static final String DEFAULT_BASE_URL = "https://graph.facebook.com/v21.0";
    public static final long DEFAULT_TIMEOUT_MS = 10_000;

    private GraphApis() {
    }

    /**
     * {@code GRAPH_API_BASE_URL} (default {@value #DEFAULT_BASE_URL}; the local runtime points it at its sandbox)
     * and {@code GRAPH_API_TIMEOUT_MS} (default 10 s).
     */
    public static GraphApi fromConfig(Config config) {
        String base = config.get("GRAPH_API_BASE_URL", DEFAULT_BASE_URL);
        long timeoutMs = config.getLong("GRAPH_API_TIMEOUT_MS", DEFAULT_TIMEOUT_MS);
        if (timeoutMs <= 0) {
            throw new IllegalStateException("GRAPH_API_TIMEOUT_MS must be positive");
        }
        return new HttpGraphApi(base, Duration.ofMillis(timeoutMs));
    }
}
