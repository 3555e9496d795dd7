package com.socialwire.shared.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a URL points at a public host: the one guard for every URL a tenant gives us that we or a platform fetch
 * (registered media URLs, RSS/Atom feed URLs and their redirects). {@link #problem} judges the literal form and
 * resolves nothing: the media function never fetches a registered URL (Instagram does, when a post is published).
 * A caller that fetches the URL itself (the feed reader) also asks {@link #addressProblem} about every address the
 * host name resolves to, so a public-looking name pointing at 127.0.0.1 or the metadata address is refused too.
 * The host is read the way a browser's URL parser reads it (WHATWG):
 * a host whose last label is a number is an IPv4 address in any of inet_aton's forms
 * ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}); an IPv4-mapped, -compatible, NAT64 or
 * 6to4 IPv6 address is judged by the IPv4 address inside it. Refused: credentials in the authority,
 * percent-encoded or non-ASCII hosts, loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7),
 * link-local (169.254/16 with the metadata address 169.254.169.254, fe80::/10), CGNAT (100.64/10),
 * other special-purpose ranges, {@code localhost} and names that are not public (one label, or
 * a special-use suffix such as {@code .local} or {@code .internal}).
 */
public final class PublicUrls {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f:.]+");
    /** Special-use names (RFC 6761, 6762, 8375) and the cloud-internal suffix the metadata service answers on. */
    private static final Set<String> PRIVATE_SUFFIXES = Set.of("localhost", "local", "localdomain", "internal", "intranet",
            "lan", "home", "corp", "home.arpa", "test", "invalid", "onion", "in-addr.arpa", "ip6.arpa");

    private PublicUrls() {
    }

    /**
     * What is wrong with a URL: {@code malformed} when it is not an absolute https URL at all (a 400,
     * like any other malformed field), otherwise its authority or host is not acceptable (a 422).
     */
    public record Problem(boolean malformed, String reason) {
    }

    /** Why {@code url} is not an https URL on a public host; empty when it is one. */
    public static Optional<Problem> problem(String url) {
        return problem(url, false);
    }

    /** Why {@code url} is not an https (or, with {@code allowHttp}, http) URL on a public host; empty when it is one. */
    public static Optional<Problem> problem(String url, boolean allowHttp) {
        String wanted = allowHttp ? "must be an absolute http or https URL" : "must be an absolute https URL";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of(new Problem(true, wanted));
        }
        String authority = uri.getRawAuthority();
        String scheme = uri.getScheme();
        boolean schemeOk = scheme != null && (scheme.equalsIgnoreCase("https") || (allowHttp && scheme.equalsIgnoreCase("http")));
        if (!schemeOk || uri.isOpaque() || authority == null || authority.isEmpty()) {
            return Optional.of(new Problem(true, wanted));
        }
        if (authority.contains("@")) {
            return Optional.of(new Problem(false, "must not carry credentials (user@host): "
                    + "only the host after the @ would be fetched, and a name before it can disguise that host"));
        }
        String host = hostOf(authority);
        if (host == null) {
            return Optional.of(new Problem(false, "has an invalid host or port"));
        }
        return hostProblem(host).map(why -> new Problem(false, why));
    }

    /** The host part of an authority without userinfo: {@code [v6]} or a name, with any {@code :port} removed; null if malformed. */
    private static String hostOf(String authority) {
        String host;
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = authority.substring(0, close + 1);
            port = authority.substring(close + 1);
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? "" : authority.substring(colon);
        }
        if (!port.isEmpty() && !port.matches(":[0-9]{1,5}")) {
            return null;
        }
        return host.isEmpty() ? null : host;
    }

    static Optional<String> hostProblem(String rawHost) {
        if (!rawHost.chars().allMatch(c -> c > 0x20 && c < 0x7f) || rawHost.contains("%")) {
            return Optional.of("host " + printable(rawHost) + " must be a plain ASCII host name (no percent-encoding or other characters)");
        }
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return ipv6Problem(host.substring(1, host.length() - 1));
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty()) {
            return Optional.of("has no host");
        }
        String[] labels = name.split("\\.", -1);
        String last = labels[labels.length - 1];
        if (numeric(last)) {
            long v4 = ipv4(labels);
            if (v4 < 0) {
                return Optional.of("host " + host + " is not a valid IPv4 address");
            }
            return ipv4Problem(v4).map(why -> "host " + host + " is " + why + " (" + dotted(v4) + "); only public hosts are allowed");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("host " + host + " is not a valid host name");
            }
        }
        if (labels.length < 2) {
            return Optional.of("host " + host + " is not a public host name (it has no domain)");
        }
        for (String suffix : PRIVATE_SUFFIXES) {
            if (name.equals(suffix) || name.endsWith("." + suffix)) {
                return Optional.of("host " + host + " is a local or special-use name (." + suffix + "); only public hosts are allowed");
            }
        }
        return Optional.empty();
    }

    /** What a non-public address is (loopback, private, link-local, metadata...); empty for a public one. */
    public static Optional<String> addressProblem(InetAddress a) {
        if (a instanceof Inet4Address v4) {
            return ipv4Problem(toLong(v4.getAddress(), 0));
        }
        return ipv6Why(a.getAddress());
    }

    /** A label that makes the host an IPv4 address for a URL parser: decimal digits, or 0x and hex digits. */
    private static boolean numeric(String label) {
        if (label.isEmpty()) {
            return false;
        }
        if (label.startsWith("0x")) {
            return label.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return label.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** inet_aton: one to four parts, each decimal, octal (leading 0) or hex (0x); the last fills the remaining bytes. -1 if invalid. */
    static long ipv4(String[] parts) {
        if (parts.length > 4) {
            return -1;
        }
        long[] n = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            n[i] = part(parts[i]);
            if (n[i] < 0 || (i < parts.length - 1 && n[i] > 255)) {
                return -1;
            }
        }
        long last = n[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            return -1;
        }
        long v = last;
        for (int i = 0; i < parts.length - 1; i++) {
            v |= n[i] << (8 * (3 - i));
        }
        return v;
    }

    private static long part(String p) {
        try {
            String digits;
            int radix;
            if (p.startsWith("0x")) {
                digits = p.substring(2);
                radix = 16;
            } else if (p.length() > 1 && p.startsWith("0")) {
                digits = p.substring(1);
                radix = 8;
            } else {
                digits = p;
                radix = 10;
            }
            if (digits.isEmpty()) {
                return radix == 16 ? 0 : -1;
            }
            if (digits.length() > 12) {
                return -1; // beyond 32 bits in any radix: no overflow games
            }
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** What a non-public IPv4 address is; empty for a public one. */
    static Optional<String> ipv4Problem(long a) {
        int o1 = (int) (a >>> 24);
        int o2 = (int) (a >>> 16) & 0xFF;
        int o3 = (int) (a >>> 8) & 0xFF;
        if (a == 0xA9FEA9FEL) {
            return Optional.of("the cloud metadata address");
        }
        if (o1 == 127) {
            return Optional.of("a loopback address");
        }
        if (o1 == 10 || (o1 == 172 && (o2 & 0xF0) == 16) || (o1 == 192 && o2 == 168)) {
            return Optional.of("a private address");
        }
        if (o1 == 169 && o2 == 254) {
            return Optional.of("a link-local address");
        }
        if (o1 == 100 && (o2 & 0xC0) == 64) {
            return Optional.of("a carrier-grade NAT address");
        }
        if (o1 == 0) {
            return Optional.of("an unspecified (\"this network\") address");
        }
        if (o1 >= 224) {
            return Optional.of(o1 < 240 ? "a multicast address" : "a reserved address");
        }
        if ((o1 == 192 && o2 == 0 && (o3 == 0 || o3 == 2)) || (o1 == 198 && (o2 & 0xFE) == 18)
                || (o1 == 198 && o2 == 51 && o3 == 100) || (o1 == 203 && o2 == 0 && o3 == 113) || (o1 == 192 && o2 == 88 && o3 == 99)) {
            return Optional.of("a special-purpose address");
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6Problem(String literal) {
        if (literal.isEmpty() || !IPV6_LITERAL.matcher(literal).matches() || !literal.contains(":")) {
            return Optional.of("host [" + literal + "] is not a valid IPv6 address");
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(literal); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return Optional.of("host [" + literal + "] is not a valid IPv6 address");
        }
        String host = "host [" + literal + "] is ";
        if (a instanceof Inet4Address v4) { // the JDK turns ::ffff:a.b.c.d into the IPv4 address
            return ipv4Problem(toLong(v4.getAddress(), 0)).map(why -> host + "an IPv4-mapped address of " + why + " ("
                    + v4.getHostAddress() + "); only public hosts are allowed");
        }
        byte[] b = ((Inet6Address) a).getAddress();
        Optional<String> why = ipv6Why(b);
        return why.map(w -> host + w + "; only public hosts are allowed");
    }

    private static Optional<String> ipv6Why(byte[] b) {
        boolean first12Zero = true;
        for (int i = 0; i < 12; i++) {
            first12Zero &= b[i] == 0;
        }
        if (first12Zero) { // ::, ::1 and IPv4-compatible ::a.b.c.d
            long v4 = toLong(b, 12);
            if (v4 <= 1) {
                return Optional.of(v4 == 0 ? "the unspecified address" : "the loopback address");
            }
            return ipv4Problem(v4).map(w -> "an IPv4-compatible address of " + w);
        }
        int b0 = b[0] & 0xFF;
        int b1 = b[1] & 0xFF;
        if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B) { // NAT64 64:ff9b::/96 and /48
            return ipv4Problem(toLong(b, 12)).map(w -> "a NAT64 address of " + w);
        }
        if (b0 == 0x20 && b1 == 0x02) { // 6to4 2002:a.b.c.d::/48
            return ipv4Problem(toLong(b, 2)).map(w -> "a 6to4 address of " + w);
        }
        if (b0 == 0xFE && (b1 & 0xC0) == 0x80) {
            return Optional.of("a link-local address (fe80::/10)");
        }
        if (b0 == 0xFE && (b1 & 0xC0) == 0xC0) {
            return Optional.of("a site-local address (fec0::/10)");
        }
        if ((b0 & 0xFE) == 0xFC) {
            return Optional.of("a unique local (private) address (fc00::/7)");
        }
        if (b0 == 0xFF) {
            return Optional.of("a multicast address");
        }
        if (b0 == 0x20 && b1 == 0x01 && b[2] == 0 && b[3] == 0) {
            return Optional.of("a Teredo address (2001::/32), which hides an IPv4 address");
        }
        if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xFF) == 0x0D && (b[3] & 0xFF) == 0xB8) {
            return Optional.of("a documentation address (2001:db8::/32)");
        }
        if (b0 == 0x01 && b1 == 0x00 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) {
            return Optional.of("a discard-only address (100::/64)");
        }
        return Optional.empty();
    }

    private static long toLong(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    }

    private static String dotted(long a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    private static String printable(String s) {
        String cleaned = s.replaceAll("[^\\x21-\\x7e]", "?");
        return cleaned.length() > 80 ? cleaned.substring(0, 80) + "..." : cleaned;
    }
}
