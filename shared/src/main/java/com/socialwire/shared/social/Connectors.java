package com.socialwire.shared.social;

import com.socialwire.shared.Config;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.connectors.FacebookPagesConnector;
import com.socialwire.shared.social.connectors.InMemoryMastodonApps;
import com.socialwire.shared.social.connectors.LinkedInConnector;
import com.socialwire.shared.social.connectors.MastodonApps;
import com.socialwire.shared.social.connectors.MastodonConnector;
import com.socialwire.shared.social.connectors.PinterestConnector;
import com.socialwire.shared.social.connectors.ThreadsConnector;
import com.socialwire.shared.social.connectors.XConnector;
import com.socialwire.shared.social.oauth.OAuth2Client;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The connectors a function has, built once at cold start from its configuration. A platform whose client id is not
 * configured is simply absent (Mastodon, which registers itself per instance, is present unless
 * {@code MASTODON_ENABLED=false}). Endpoints are configurable so tests point them at WireMock and the local runtime
 * at its sandbox; the variables are listed in the README's configuration table.
 */
public final class Connectors {

    public static final long DEFAULT_TIMEOUT_MS = 10_000;

    private final Map<String, Connector> byPlatform;
    private final String redirectBase;

    public Connectors(List<Connector> connectors, String redirectBase) {
        Map<String, Connector> m = new LinkedHashMap<>();
        for (Connector c : connectors) {
            if (m.put(c.platform(), c) != null) {
                throw new IllegalArgumentException("two connectors for " + c.platform());
            }
        }
        this.byPlatform = Map.copyOf(m);
        this.redirectBase = redirectBase == null ? null : ProviderHttp.trimBase(redirectBase);
        if (this.redirectBase != null && !URI.create(this.redirectBase + "/").isAbsolute()) {
            throw new IllegalStateException("OAUTH_REDIRECT_BASE must be an absolute URL");
        }
    }

    /** From the environment, Mastodon registrations kept in memory. */
    public static Connectors fromConfig(Config config) {
        return fromConfig(config, new InMemoryMastodonApps());
    }

    /**
     * From {@code config}; {@code mastodonApps}: where Mastodon registrations are kept (the social store).
     *
     * @throws IllegalStateException when a platform has a client id but no secret, or a timeout is not positive
     */
    public static Connectors fromConfig(Config config, MastodonApps mastodonApps) {
        long timeoutMs = config.getLong("SOCIAL_API_TIMEOUT_MS", DEFAULT_TIMEOUT_MS);
        if (timeoutMs <= 0) {
            throw new IllegalStateException("SOCIAL_API_TIMEOUT_MS must be positive");
        }
        PlatformHttp http = PlatformHttp.create(Duration.ofMillis(timeoutMs));
        List<Connector> all = new java.util.ArrayList<>();
        client(config, "X").ifPresent(c -> all.add(new XConnector(c, config.get("X_AUTHORIZE_URL", XConnector.AUTHORIZE_URL),
                config.get("X_API_BASE", XConnector.API_BASE), scopes(config, "X", XConnector.SCOPES), http)));
        client(config, "LINKEDIN").ifPresent(c -> all.add(new LinkedInConnector(c,
                config.get("LINKEDIN_AUTH_BASE", LinkedInConnector.AUTH_BASE), config.get("LINKEDIN_API_BASE", LinkedInConnector.API_BASE),
                config.get("LINKEDIN_VERSION", LinkedInConnector.VERSION), scopes(config, "LINKEDIN", LinkedInConnector.SCOPES), http)));
        client(config, "FACEBOOK").ifPresent(c -> all.add(new FacebookPagesConnector(c,
                config.get("FACEBOOK_AUTH_BASE", FacebookPagesConnector.AUTH_BASE),
                config.get("FACEBOOK_GRAPH_BASE", FacebookPagesConnector.GRAPH_BASE),
                scopes(config, "FACEBOOK", FacebookPagesConnector.SCOPES), http)));
        client(config, "THREADS").ifPresent(c -> all.add(new ThreadsConnector(c,
                config.get("THREADS_AUTHORIZE_URL", ThreadsConnector.AUTHORIZE_URL), config.get("THREADS_API_BASE", ThreadsConnector.API_BASE),
                scopes(config, "THREADS", ThreadsConnector.SCOPES), http)));
        client(config, "PINTEREST").ifPresent(c -> all.add(new PinterestConnector(c,
                config.get("PINTEREST_AUTHORIZE_URL", PinterestConnector.AUTHORIZE_URL),
                config.get("PINTEREST_API_BASE", PinterestConnector.API_BASE), scopes(config, "PINTEREST", PinterestConnector.SCOPES),
                config.getBoolean("PINTEREST_CONTINUOUS_REFRESH", false), http)));
        if (config.getBoolean("MASTODON_ENABLED", true)) {
            all.add(new MastodonConnector(mastodonApps, config.get("MASTODON_CLIENT_NAME", "Socialwire"),
                    config.get("MASTODON_WEBSITE").orElse(null), scopes(config, "MASTODON", MastodonConnector.SCOPES),
                    config.getBoolean("MASTODON_ALLOW_LOCAL_HTTP", false), http));
        }
        return new Connectors(all, config.get("OAUTH_REDIRECT_BASE").orElse(null));
    }

    /** These connectors and {@code connector} (Bluesky's, built by its own module). */
    public Connectors with(Connector connector) {
        List<Connector> all = new java.util.ArrayList<>(byPlatform.values());
        all.add(connector);
        return new Connectors(all, redirectBase);
    }

    /** The connector of {@code platform} ({@code x} reads as {@code twitter}), if configured. */
    public Optional<Connector> get(String platform) {
        if (platform == null) {
            return Optional.empty();
        }
        String p = platform.trim().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(byPlatform.get(p.equals("x") ? XConnector.PLATFORM : p));
    }

    public Set<String> platforms() {
        return byPlatform.keySet();
    }

    /**
     * Where {@code platform}'s consent page sends the person back: {@code OAUTH_REDIRECT_BASE/oauth/{platform}/callback}
     * (the URL registered in the platform's developer console).
     *
     * @throws IllegalStateException when {@code OAUTH_REDIRECT_BASE} is not configured
     */
    public URI redirectUri(String platform) {
        if (redirectBase == null) {
            throw new IllegalStateException("OAUTH_REDIRECT_BASE is not configured");
        }
        return URI.create(redirectBase + "/oauth/" + PlatformHttp.component(platform) + "/callback");
    }

    private static Optional<OAuth2Client> client(Config config, String prefix) {
        Optional<String> id = config.get(prefix + "_CLIENT_ID");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String secret = config.get(prefix + "_CLIENT_SECRET")
                .orElseThrow(() -> new IllegalStateException(prefix + "_CLIENT_ID is set but " + prefix + "_CLIENT_SECRET is not"));
        return Optional.of(new OAuth2Client(id.get(), secret));
    }

    private static List<String> scopes(Config config, String prefix, List<String> defaults) {
        return config.get(prefix + "_SCOPES")
                .map(s -> Arrays.stream(s.split("[\\s,]+")).filter(x -> !x.isBlank()).toList())
                .filter(l -> !l.isEmpty())
                .orElse(defaults);
    }

    @Override
    public String toString() {
        return "Connectors" + byPlatform.keySet();
    }
}
