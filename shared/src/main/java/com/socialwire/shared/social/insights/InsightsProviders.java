package com.socialwire.shared.social.insights;

import com.socialwire.shared.Config;
import com.socialwire.shared.providers.instagram.GraphApis;
import com.socialwire.shared.social.connectors.FacebookPagesConnector;
import com.socialwire.shared.social.connectors.LinkedInConnector;
import com.socialwire.shared.social.connectors.ThreadsConnector;
import com.socialwire.shared.social.connectors.XConnector;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The insights providers a function uses, from its configuration: the same base URLs as the publishers
 * ({@code GRAPH_API_BASE_URL}, {@code FACEBOOK_GRAPH_BASE}, {@code X_API_BASE}, {@code THREADS_API_BASE},
 * {@code LINKEDIN_API_BASE}/{@code LINKEDIN_VERSION}; Bluesky at each account's PDS), calls bounded by
 * {@code PLATFORM_API_TIMEOUT_MS}. Platforms not listed give no insights to apps here: "not available".
 */
public final class InsightsProviders {

    private InsightsProviders() {
    }

    public static Map<String, InsightsProvider> fromConfig(Config config) {
        PlatformHttp http = PlatformHttp.create(Duration.ofMillis(config.getLong("PLATFORM_API_TIMEOUT_MS", 10_000)));
        Map<String, InsightsProvider> out = new LinkedHashMap<>();
        put(out, new InstagramInsights(http, config.get("GRAPH_API_BASE_URL", GraphApis.DEFAULT_BASE_URL)));
        put(out, new FacebookInsights(http, config.get("FACEBOOK_GRAPH_BASE", FacebookPagesConnector.GRAPH_BASE)));
        put(out, new XInsights(http, config.get("X_API_BASE", XConnector.API_BASE)));
        put(out, new ThreadsInsights(http, config.get("THREADS_API_BASE", ThreadsConnector.API_BASE)));
        put(out, new LinkedInInsights(http, config.get("LINKEDIN_API_BASE", LinkedInConnector.API_BASE),
                config.get("LINKEDIN_VERSION", LinkedInConnector.VERSION)));
        put(out, new BlueskyInsights(http));
        return out;
    }

    private static void put(Map<String, InsightsProvider> out, InsightsProvider p) {
        out.put(p.platform(), p);
    }
}
