package com.socialwire.shared.social;

import com.socialwire.shared.Config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The platforms a function can connect, by canonical name: each {@link Connector} built from its configuration
 * ({@code SOCIAL_<PLATFORM>_CLIENT_ID}, {@code SOCIAL_<PLATFORM>_CLIENT_SECRET}), a platform whose factory needs a
 * client and has none configured is simply absent (the connect routes answer 422 "not configured"). Connectors are
 * built on first use of their platform, never at cold start.
 */
public final class Connectors {

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
    private final Map<String, Optional<Connector>> built = new java.util.concurrent.ConcurrentHashMap<>();

    private Connectors(Map<String, Factory> factories, Config config) {
        this.factories = Map.copyOf(factories);
        this.config = config;
    }

    /** The connectors {@code factories} build from {@code config}. */
    public static Connectors fromConfig(Config config, Map<String, Factory> factories) {
        return new Connectors(factories, config);
    }

    /** Exactly these connectors (tests, a local sandbox). */
    public static Connectors of(Connector... connectors) {
        Map<String, Factory> f = new LinkedHashMap<>();
        for (Connector c : connectors) {
            f.put(c.platform(), client -> Optional.of(c));
        }
        return new Connectors(f, Config.of(Map.of()));
    }

    /** The canonical name of {@code platform} ({@code x} is {@code twitter}), or null if Socialwire knows no such platform. */
    public static String canonical(String platform) {
        if (platform == null) {
            return null;
        }
        String p = platform.toLowerCase(Locale.ROOT);
        if (p.equals("x")) {
            p = "twitter";
        }
        return KNOWN.contains(p) ? p : null;
    }

    /** The connector of {@code platform} (canonical), if this deployment has one configured. */
    public Optional<Connector> find(String platform) {
        Factory factory = platform == null ? null : factories.get(platform);
        if (factory == null) {
            return Optional.empty();
        }
        return built.computeIfAbsent(platform, p -> {
            String prefix = "SOCIAL_" + p.toUpperCase(Locale.ROOT) + "_";
            return factory.create(new Client(p, config.get(prefix + "CLIENT_ID").orElse(null),
                    config.get(prefix + "CLIENT_SECRET").orElse(null), config));
        });
    }
}
