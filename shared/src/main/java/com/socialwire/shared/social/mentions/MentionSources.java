package com.socialwire.shared.social.mentions;

import com.socialwire.shared.Config;
import com.socialwire.shared.providers.bluesky.BlueskyApis;
import com.socialwire.shared.social.connectors.FacebookPagesConnector;
import com.socialwire.shared.social.connectors.LinkedInConnector;
import com.socialwire.shared.social.connectors.ThreadsConnector;
import com.socialwire.shared.social.connectors.XConnector;
import com.socialwire.shared.social.connectors.YouTubeConnector;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mention sources a function uses, from its configuration: the same base URLs as the publishers and insights
 * ({@code X_API_BASE}, {@code LINKEDIN_API_BASE}/{@code LINKEDIN_VERSION}, {@code YOUTUBE_API_BASE},
 * {@code FACEBOOK_GRAPH_BASE}, {@code THREADS_API_BASE}; Mastodon at each account's instance, Bluesky at each account's
 * PDS with {@code BLUESKY_TIMEOUT_MS}, its notifications from {@code BLUESKY_APPVIEW_URL} when set), calls bounded by
 * {@code PLATFORM_API_TIMEOUT_MS}. A platform not here (Instagram: webhooks through the Graph client; Pinterest,
 * TikTok, Reddit, Dribbble: nothing apps may read or answer) is not polled.
 */
public final class MentionSources {

    private MentionSources() {
    }

    public static Map<String, MentionSource> fromConfig(Config config) {
        return fromConfig(config, Clock.systemUTC());
    }

    public static Map<String, MentionSource> fromConfig(Config config, Clock clock) {
        PlatformHttp http = PlatformHttp.create(Duration.ofMillis(config.getLong("PLATFORM_API_TIMEOUT_MS", 10_000)));
        Map<String, MentionSource> out = new LinkedHashMap<>();
        put(out, new MastodonMentions(http));
        put(out, new BlueskyMentions(BlueskyApis.fromConfig(config), config.get("BLUESKY_APPVIEW_URL", ""), clock));
        put(out, new XMentions(http, config.get("X_API_BASE", XConnector.API_BASE)));
        put(out, new LinkedInComments(http, config.get("LINKEDIN_API_BASE", LinkedInConnector.API_BASE),
                config.get("LINKEDIN_VERSION", LinkedInConnector.VERSION)));
        put(out, new YouTubeComments(http, config.get("YOUTUBE_API_BASE", YouTubeConnector.API_BASE)));
        put(out, new FacebookComments(http, config.get("FACEBOOK_GRAPH_BASE", FacebookPagesConnector.GRAPH_BASE)));
        put(out, new ThreadsReplies(http, config.get("THREADS_API_BASE", ThreadsConnector.API_BASE)));
        return out;
    }

    private static void put(Map<String, MentionSource> out, MentionSource s) {
        out.put(s.platform(), s);
    }
}
