package com.socialwire.shared.social;

import com.socialwire.shared.Config;
import com.socialwire.shared.providers.bluesky.BlueskyApis;
import com.socialwire.shared.social.connectors.DribbbleConnector;
import com.socialwire.shared.social.connectors.FacebookPagesConnector;
import com.socialwire.shared.social.connectors.InMemoryMastodonApps;
import com.socialwire.shared.social.connectors.InstagramConnector;
import com.socialwire.shared.social.connectors.LinkedInConnector;
import com.socialwire.shared.social.connectors.MastodonApps;
import com.socialwire.shared.social.connectors.MastodonConnector;
import com.socialwire.shared.social.connectors.PinterestConnector;
import com.socialwire.shared.social.connectors.RedditConnector;
import com.socialwire.shared.social.connectors.ThreadsConnector;
import com.socialwire.shared.social.connectors.TikTokConnector;
import com.socialwire.shared.social.connectors.XConnector;
import com.socialwire.shared.social.connectors.YouTubeConnector;
import com.socialwire.shared.social.oauth.OAuth2Client;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platforms a function can connect, by canonical name. Each platform's {@link Connector} is built from the
 * function's configuration on first use of that platform, never at cold start. An OAuth platform is present only when
 * its client is configured ({@code <PLATFORM>_CLIENT_ID} and {@code _CLIENT_SECRET}, {@code X_…} for X, TikTok's client key as
 * {@code TIKTOK_CLIENT_ID}; a client id
 * without its secret stops the cold start); Mastodon registers itself per instance and is present unless
 * {@code MASTODON_ENABLED=false}; Bluesky needs no client (an app password). Endpoints are configurable so tests point
 * them at WireMock and the local runtime at its sandbox; the variables are in the README's configuration table.
 */
public final class Connectors {

    public static final long DEFAULT_TIMEOUT_MS = 10_000;

    /** Every platform Socialwire knows (whether or not this deployment can connect it). */
    public static final Set<String> KNOWN = Set.of("instagram", "facebook", "twitter", "linkedin", "threads", "bluesky",
            "mastodon", "pinterest", "tiktok", "youtube", "reddit", "dribbble");

    /** What a platform's connector is built from. {@code clientId}/{@code clientSecret} null where not configured. */
    public record Client(String platform, String clientId, String clientSecret, Config config) {
        @Override
        public String toString() {
            return "Client[" + platform + " " + clientId + ", secret " + (clientSecret == null ? "none" : "[redacted]") + "]";
        }
    }

    /** Builds one platform's connector, or answers empty when {@code client} lacks what it needs. */
    public interface Factory {
        Optional<Connector> create(Client client);
    }

    private final Map<String, Factory> factories;
    private final Config config;
    private final Map<String, Optional<Connector>> built = new ConcurrentHashMap<>();

    private Connectors(Map<String, Factory> factories, Config config) {
        this.factories = Map.copyOf(factories);
        this.config = config;
    }

    /** The production connectors from the environment, Mastodon registrations kept in memory. */
    public static Connectors fromConfig(Config config) {
        return fromConfig(config, new InMemoryMastodonApps());
    }

    /**
     * The production connectors from {@code config}; {@code mastodonApps}: where Mastodon registrations are kept.
     *
     * @throws IllegalStateException when a platform has a client id but no secret, or a timeout is not positive
     */
    public static Connectors fromConfig(Config config, MastodonApps mastodonApps) {
        long timeoutMs = config.getLong("SOCIAL_API_TIMEOUT_MS", DEFAULT_TIMEOUT_MS);
        if (timeoutMs <= 0) {
            throw new IllegalStateException("SOCIAL_API_TIMEOUT_MS must be positive");
        }
        for (String platform : OAUTH_PLATFORMS) {
            String prefix = prefix(platform);
            if (config.get(prefix + "CLIENT_ID").isPresent() && config.get(prefix + "CLIENT_SECRET").isEmpty()) {
                throw new IllegalStateException(prefix + "CLIENT_ID is set but " + prefix + "CLIENT_SECRET is not");
            }
        }
        Factory production = new Production(Duration.ofMillis(timeoutMs), mastodonApps);
        Map<String, Factory> f = new LinkedHashMap<>();
        for (String platform : OAUTH_PLATFORMS) {
            f.put(platform, production);
        }
        if (config.getBoolean("MASTODON_ENABLED", true)) {
            f.put("mastodon", production);
        }
        if (config.getBoolean("BLUESKY_ENABLED", true)) {
            f.put("bluesky", production);
        }
        return new Connectors(f, config);
    }

    /** The platforms connected through an OAuth client of their own (configured per deployment). */
    private static final List<String> OAUTH_PLATFORMS = List.of("twitter", "linkedin", "facebook", "threads", "pinterest", "tiktok", "reddit",
            "dribbble", "instagram", "youtube");

    /**
     * The production connectors, one platform's built on its first use: one class with a switch, not a lambda per
     * platform (each would spin a class at every cold start of a function that connects platforms).
     */
    private static final class Production implements Factory {
        private final Duration timeout;
        private final MastodonApps mastodonApps;

        Production(Duration timeout, MastodonApps mastodonApps) {
            this.timeout = timeout;
            this.mastodonApps = mastodonApps;
        }

        @Override
        public Optional<Connector> create(Client c) {
            Config config = c.config();
            switch (c.platform()) {
                case "mastodon" -> {
                    return Optional.of(new MastodonConnector(mastodonApps, config.get("MASTODON_CLIENT_NAME", "Socialwire"),
                            config.get("MASTODON_WEBSITE").orElse(null), scopes(c, MastodonConnector.SCOPES),
                            config.getBoolean("SOCIAL_ALLOW_LOCAL_HTTP", false), PlatformHttp.create(timeout)));
                }
                case "bluesky" -> {
                    return Optional.of(BlueskyApis.connector(config));
                }
                default -> {
                    if (c.clientId() == null || c.clientSecret() == null) {
                        return Optional.empty(); // an OAuth platform is present only with its client id and secret
                    }
                }
            }
            // each arm an Optional: a value of the arms' common class (OAuth2Connector) at the join would make the verifier
            // load every connector class when this class is linked
            return switch (c.platform()) {
                case "twitter" -> Optional.of(new XConnector(client(c), config.get("X_AUTHORIZE_URL", XConnector.AUTHORIZE_URL),
                        config.get("X_API_BASE", XConnector.API_BASE), scopes(c, XConnector.SCOPES), PlatformHttp.create(timeout)));
                case "linkedin" -> Optional.of(new LinkedInConnector(client(c), config.get("LINKEDIN_AUTH_BASE", LinkedInConnector.AUTH_BASE),
                        config.get("LINKEDIN_API_BASE", LinkedInConnector.API_BASE), config.get("LINKEDIN_VERSION", LinkedInConnector.VERSION),
                        scopes(c, LinkedInConnector.SCOPES), PlatformHttp.create(timeout)));
                case "facebook" -> Optional.of(new FacebookPagesConnector(client(c), config.get("FACEBOOK_AUTH_BASE", FacebookPagesConnector.AUTH_BASE),
                        config.get("FACEBOOK_GRAPH_BASE", FacebookPagesConnector.GRAPH_BASE), scopes(c, FacebookPagesConnector.SCOPES),
                        PlatformHttp.create(timeout)));
                case "threads" -> Optional.of(new ThreadsConnector(client(c), config.get("THREADS_AUTHORIZE_URL", ThreadsConnector.AUTHORIZE_URL),
                        config.get("THREADS_API_BASE", ThreadsConnector.API_BASE), scopes(c, ThreadsConnector.SCOPES), PlatformHttp.create(timeout)));
                case "instagram" -> Optional.of(new InstagramConnector(client(c), config.get("INSTAGRAM_AUTHORIZE_URL", InstagramConnector.AUTHORIZE_URL),
                        config.get("INSTAGRAM_TOKEN_URL", InstagramConnector.TOKEN_URL), config.get("INSTAGRAM_GRAPH_BASE", InstagramConnector.GRAPH_BASE),
                        scopes(c, InstagramConnector.SCOPES), PlatformHttp.create(timeout)));
                case "pinterest" -> Optional.of(new PinterestConnector(client(c), config.get("PINTEREST_AUTHORIZE_URL", PinterestConnector.AUTHORIZE_URL),
                        config.get("PINTEREST_API_BASE", PinterestConnector.API_BASE), scopes(c, PinterestConnector.SCOPES),
                        config.getBoolean("PINTEREST_CONTINUOUS_REFRESH", false), PlatformHttp.create(timeout)));
                case "tiktok" -> Optional.of(new TikTokConnector(client(c), config.get("TIKTOK_AUTHORIZE_URL", TikTokConnector.AUTHORIZE_URL),
                        config.get("TIKTOK_API_BASE", TikTokConnector.API_BASE), scopes(c, TikTokConnector.SCOPES), PlatformHttp.create(timeout)));
                case "youtube" -> Optional.of(new YouTubeConnector(client(c), config.get("YOUTUBE_AUTHORIZE_URL", YouTubeConnector.AUTHORIZE_URL),
                        config.get("YOUTUBE_TOKEN_URL", YouTubeConnector.TOKEN_URL), config.get("YOUTUBE_API_BASE", YouTubeConnector.API_BASE),
                        scopes(c, YouTubeConnector.SCOPES), PlatformHttp.create(timeout)));
                // Reddit and Dribbble publish only through apps they approved: the clients are real, configured like the others
                case "reddit" -> Optional.of(new RedditConnector(client(c), config.get("REDDIT_AUTH_BASE", RedditConnector.AUTH_BASE),
                        config.get("REDDIT_API_BASE", RedditConnector.API_BASE), scopes(c, RedditConnector.SCOPES),
                        RedditConnector.userAgent(config), PlatformHttp.create(timeout)));
                case "dribbble" -> Optional.of(new DribbbleConnector(client(c), config.get("DRIBBBLE_AUTH_BASE", DribbbleConnector.AUTH_BASE),
                        config.get("DRIBBBLE_API_BASE", DribbbleConnector.API_BASE), scopes(c, DribbbleConnector.SCOPES), PlatformHttp.create(timeout)));
                default -> throw new IllegalArgumentException("no production connector for " + c.platform());
            };
        }
    }

    /** The connectors {@code factories} build from {@code config}. */
    public static Connectors fromConfig(Config config, Map<String, Factory> factories) {
        return new Connectors(factories, config);
    }

    /** Exactly these connectors (tests, a local sandbox). */
    public static Connectors of(Connector... connectors) {
        Map<String, Factory> f = new LinkedHashMap<>();
        for (Connector c : connectors) {
            if (f.put(c.platform(), client -> Optional.of(c)) != null) {
                throw new IllegalArgumentException("two connectors for " + c.platform());
            }
        }
        return new Connectors(f, Config.of(Map.of()));
    }

    /** These connectors and {@code connector} in place of any of its platform. */
    public Connectors with(Connector connector) {
        Map<String, Factory> f = new LinkedHashMap<>(factories);
        f.put(connector.platform(), client -> Optional.of(connector));
        return new Connectors(f, config);
    }

    /** The canonical name of {@code platform} ({@code x} is {@code twitter}), or null if Socialwire knows no such platform. */
    public static String canonical(String platform) {
        if (platform == null) {
            return null;
        }
        String p = platform.trim().toLowerCase(Locale.ROOT);
        if (p.equals("x")) {
            p = "twitter";
        }
        return KNOWN.contains(p) ? p : null;
    }

    /** The connector of {@code platform} ({@code x} reads as {@code twitter}), if this deployment has one configured. */
    public Optional<Connector> find(String platform) {
        String p = canonical(platform);
        Factory factory = p == null ? null : factories.get(p);
        if (factory == null) {
            return Optional.empty();
        }
        return built.computeIfAbsent(p, name -> factory.create(new Client(name, config.get(prefix(name) + "CLIENT_ID").orElse(null),
                config.get(prefix(name) + "CLIENT_SECRET").orElse(null), config)));
    }

    /** The platforms this deployment can connect (builds their connectors). */
    public Set<String> platforms() {
        Set<String> out = new LinkedHashSet<>();
        for (String p : factories.keySet()) {
            if (find(p).isPresent()) {
                out.add(p);
            }
        }
        return out;
    }

    /** {@code X_} for X, else the platform's name in capitals and {@code _}: {@code LINKEDIN_}. */
    static String prefix(String platform) {
        return ("twitter".equals(platform) ? "X" : platform.toUpperCase(Locale.ROOT)) + "_";
    }

    private static OAuth2Client client(Client c) {
        return new OAuth2Client(c.clientId(), c.clientSecret());
    }

    private static List<String> scopes(Client c, List<String> defaults) {
        return c.config().get(prefix(c.platform()) + "SCOPES")
                .map(s -> Arrays.stream(s.split("[\\s,]+")).filter(x -> !x.isBlank()).toList())
                .filter(l -> !l.isEmpty())
                .orElse(defaults);
    }

    @Override
    public String toString() {
        return "Connectors" + factories.keySet();
    }
}
