package com.socialwire.shared.social;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server a tenant names for a federated platform — a Mastodon instance, a self-hosted Bluesky PDS — checked before
 * anything is sent to it: an https origin ({@code mastodon.social} or {@code https://mastodon.social} both read as
 * {@code https://mastodon.social}), a DNS name with a dot, an optional port, and nothing else — no path, query,
 * fragment or credentials, no IP address (our calls must not reach an internal address a tenant typed). Plain http
 * only for localhost, and only where allowed ({@code SOCIAL_ALLOW_LOCAL_HTTP}: tests, the local runtime); such a local
 * server may live under a plain path ({@code http://127.0.0.1:3000/_local/mastodon}, the local runtime's Mastodon
 * sandbox), which is then part of its origin.
 */
public final class ServerOrigin {

    private static final Pattern HOST = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");
    private static final Set<String> LOCAL = Set.of("localhost", "127.0.0.1");
    /** The path a local server may live under (the local runtime serves its Mastodon sandbox at /_local/mastodon). */
    private static final Pattern LOCAL_PATH = Pattern.compile("(/[A-Za-z0-9_-]{1,40}){1,4}/?");

    private ServerOrigin() {
    }

    /**
     * The server's origin.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String origin(String instance, boolean allowLocalHttp) {
        if (instance == null || instance.isBlank()) {
            throw new IllegalArgumentException("a server is required (like mastodon.social)");
        }
        String raw = instance.trim();
        if (raw.length() > 300) {
            throw new IllegalArgumentException("the server is too long");
        }
        URI uri;
        try {
            uri = new URI(raw.contains("://") ? raw : "https://" + raw);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the server is not a host name or URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the server must not carry credentials");
        }
        boolean local = allowLocalHttp && LOCAL.contains(host);
        String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
        if ((!path.isEmpty() && !(local && LOCAL_PATH.matcher(path).matches())) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the server is a server, without a path or query");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && local)) {
            throw new IllegalArgumentException("the server must be reached over https");
        }
        if (!local && !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("the server must be a DNS name (like mastodon.social)");
        }
        return scheme + "://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }
}
