package com.socialwire.posts.studio.rss;

import com.socialwire.shared.net.PublicUrls;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which feed URLs we fetch: http or https on a public host, judged by the one URL guard ({@link PublicUrls}: loopback,
 * private, link-local, metadata, CGNAT, ULA and special-use names refused however they are spelled, credentials in the
 * authority refused) and then by every address the host name resolves to, so {@code feeds.attacker.example} pointing
 * at 127.0.0.1 is refused too. Checked when a feed is saved, before every fetch and at every redirect.
 *
 * <p>{@code FEED_ALLOW_PRIVATE_HOSTS=true} turns the host checks off (the scheme is still checked): only for tests and
 * the local runtime, whose feeds are served by WireMock or the local gateway on 127.0.0.1; absent (false) on AWS.
 * What is left open: a name whose DNS answer changes between our check and the connection (DNS rebinding) — in
 * Lambda, outside a VPC, that reaches at most the function's own loopback (the runtime API).
 */
public final class FeedUrls implements UrlGuard {

    /** Resolves a host name to its addresses (the system resolver on AWS; a fixed table in tests). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivateHosts;
    private final Resolver resolver;

    public FeedUrls(boolean allowPrivateHosts, Resolver resolver) {
        this.allowPrivateHosts = allowPrivateHosts;
        this.resolver = resolver;
    }

    public static FeedUrls system(boolean allowPrivateHosts) {
        return new FeedUrls(allowPrivateHosts, new SystemResolver());
    }

    /** What is wrong with {@code url} as a feed to fetch; empty when it may be fetched. */
    @Override
    public Optional<PublicUrls.Problem> problem(String url) {
        Optional<PublicUrls.Problem> literal = PublicUrls.problem(url, true);
        if (literal.isPresent() && (literal.get().malformed() || !allowPrivateHosts)) {
            return literal;
        }
        if (allowPrivateHosts) {
            return Optional.empty();
        }
        String host = URI.create(url).getHost();
        if (host == null) {
            return Optional.of(new PublicUrls.Problem(true, "must be an absolute http or https URL"));
        }
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] all;
        try {
            all = resolver.resolve(name);
        } catch (UnknownHostException e) {
            return Optional.of(new PublicUrls.Problem(false, "host " + host + " does not resolve"));
        }
        for (InetAddress a : all) {
            Optional<String> why = PublicUrls.addressProblem(a);
            if (why.isPresent()) {
                return Optional.of(new PublicUrls.Problem(false, "host " + host + " resolves to " + why.get() + " ("
                        + a.getHostAddress() + "); only public hosts are allowed"));
            }
        }
        return Optional.empty();
    }

    private static final class SystemResolver implements Resolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return InetAddress.getAllByName(host);
        }
    }
}
