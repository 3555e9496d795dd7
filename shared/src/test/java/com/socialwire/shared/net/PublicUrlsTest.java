package com.socialwire.shared.net;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** URLs we or a platform fetch (registered media, feeds): on public hosts only, however a local address is spelled. */
class PublicUrlsTest {

    static Optional<PublicUrls.Problem> check(String url) {
        return PublicUrls.problem(url);
    }

    @Test
    void registeredMediaUrlOnLoopbackPrivateLinkLocalOrMetadataHostIsRefused() {
        for (String url : List.of("https://127.0.0.1/a.png", "https://localhost/a.png", "https://LOCALHOST./a.png",
                "https://10.1.2.3/a.png", "https://172.16.0.1/a.png", "https://172.31.255.255/a.png", "https://192.168.1.1/a.png",
                "https://169.254.169.254/latest/meta-data/", "https://100.64.0.1/a.png", "https://0.0.0.0/a.png",
                "https://[::1]/a.png", "https://[fe80::1]/a.png", "https://[fc00::1]/a.png", "https://[fd12:3456::1]/a.png",
                "https://[::ffff:127.0.0.1]/a.png", "https://[::ffff:7f00:1]/a.png", "https://[::ffff:a9fe:a9fe]/a.png",
                "https://2130706433/a.png", "https://0x7f000001/a.png", "https://0177.0.0.1/a.png", "https://0x7f.1/a.png",
                "https://127.1/a.png", "https://good.example.com@127.0.0.1/a.png", "https://good@127.0.0.1/a.png",
                "https://user:pw@cdn.example.com/a.jpg", "https://metadata.google.internal/a.png", "https://printer.local/a.png",
                "https://intranet/a.png", "https://%31%32%37.0.0.1/a.png", "https://[::]/a.png", "https://[2002:7f00:1::]/a.png",
                "https://[64:ff9b::a9fe:a9fe]/a.png", "https://[fd00:ec2::254]/latest/meta-data/", "https://256.1.1.1/a.png", "https://1.2.3.4.5/a.png")) {
            Optional<PublicUrls.Problem> p = check(url);
            assertTrue(p.isPresent(), url + " must be refused");
            assertFalse(p.get().malformed(), url + " is a well-formed https URL refused for its host: " + p.get());
        }
        assertTrue(check("https://169.254.169.254/").orElseThrow().reason().contains("metadata"));
        assertTrue(check("https://2130706433/").orElseThrow().reason().contains("loopback address (127.0.0.1)"),
                check("https://2130706433/").toString());
        for (String url : List.of("http://cdn.example.com/a.jpg", "file:///etc/passwd", "https:/a.png", "ftp://cdn.example.com/a",
                "https://cdn.example.com\\@127.0.0.1/")) {
            assertTrue(check(url).orElseThrow().malformed(), url);
        }
    }

    @Test
    void publicHostsAndPublicAddressesAreAccepted() {
        for (String url : List.of("https://cdn.example.com/brand/Spring%20Banner.jpg", "https://images.unsplash.com/photo-1?w=1080",
                "https://93.184.216.34/a.png", "https://CDN.Example.COM:443/a.png", "https://[2606:4700::6810:85e5]/a.png",
                "https://s3.eu-west-1.amazonaws.com/bucket/a.png", "https://172.32.0.1/a.png", "https://100.128.0.1/a.png")) {
            assertEquals(Optional.empty(), check(url), url);
        }
    }

    /** A local or private IPv4 address (as 32 bits) from one of the refused ranges. */
    static long blocked(Random r) {
        long[][] ranges = {{0x7F000000L, 8}, {0x0A000000L, 8}, {0xAC100000L, 12}, {0xC0A80000L, 16}, {0xA9FE0000L, 16},
                {0x64400000L, 10}, {0x00000000L, 8}, {0xE0000000L, 4}, {0xF0000000L, 4}};
        long[] range = ranges[r.nextInt(ranges.length)];
        long hostBits = 32 - range[1];
        return range[0] | (r.nextLong() & ((1L << hostBits) - 1));
    }

    /** One part of an inet_aton address in a random radix. */
    static String part(Random r, long v) {
        return switch (r.nextInt(4)) {
            case 0 -> Long.toString(v);
            case 1 -> (r.nextBoolean() ? "0x" : "0X") + Long.toHexString(v);
            case 2 -> "0" + Long.toOctalString(v) ;
            default -> "0x" + "0".repeat(r.nextInt(3)) + Long.toHexString(v).toUpperCase();
        };
    }

    /** {@code a} as a URL parser would still read it: 1 to 4 parts, mixed radixes, optional trailing dot, or an IPv6 form. */
    static String spelled(Random r, long a) {
        int form = r.nextInt(7);
        String host = switch (form) {
            case 0 -> part(r, a);
            case 1 -> part(r, a >>> 24) + "." + part(r, a & 0xFFFFFF);
            case 2 -> part(r, a >>> 24) + "." + part(r, (a >>> 16) & 0xFF) + "." + part(r, a & 0xFFFF);
            case 3, 4 -> part(r, a >>> 24) + "." + part(r, (a >>> 16) & 0xFF) + "." + part(r, (a >>> 8) & 0xFF) + "." + part(r, a & 0xFF);
            case 5 -> "[::ffff:" + (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF) + "]";
            default -> "[::ffff:" + Long.toHexString(a >>> 16) + ":" + Long.toHexString(a & 0xFFFF) + "]";
        };
        if (!host.startsWith("[") && r.nextInt(4) == 0) {
            host += ".";
        }
        String userinfo = switch (r.nextInt(6)) {
            case 0 -> "cdn.example.com@";
            case 1 -> "user:pass@";
            default -> "";
        };
        String port = r.nextInt(4) == 0 ? ":" + (1 + r.nextInt(65535)) : "";
        String scheme = r.nextBoolean() ? "https" : "HTTPS";
        return scheme + "://" + userinfo + host + port + "/media/" + r.nextInt(1000) + ".png";
    }

    /** A loopback, link-local, unique-local or site-local IPv6 address, written compressed or in full, in either case. */
    static String privateIpv6(Random r) {
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            groups[g] = r.nextInt(0x10000);
        }
        switch (r.nextInt(4)) {
            case 0 -> groups = new int[]{0, 0, 0, 0, 0, 0, 0, 1};
            case 1 -> groups[0] = 0xFE80 | r.nextInt(0x40);
            case 2 -> groups[0] = 0xFC00 | r.nextInt(0x200);
            default -> groups[0] = 0xFEC0 | r.nextInt(0x40);
        }
        List<String> parts = new ArrayList<>();
        for (int g = 0; g < 8; g++) {
            parts.add(r.nextBoolean() ? String.format("%04x", groups[g]) : Integer.toHexString(groups[g]));
        }
        String text = String.join(":", parts);
        int start = -1;
        int best = 0;
        for (int g = 0; g < 8; g++) { // the :: form of the longest run of zero groups, as most people write it
            int run = 0;
            while (g + run < 8 && groups[g + run] == 0) {
                run++;
            }
            if (run > best && run >= 2) {
                start = g;
                best = run;
            }
        }
        if (start >= 0 && r.nextBoolean()) {
            text = String.join(":", parts.subList(0, start)) + "::" + String.join(":", parts.subList(start + best, 8));
        }
        return r.nextBoolean() ? text.toUpperCase() : text;
    }

    @Test
    void everySpellingOfALocalAddressIsRefusedAndPublicHostsPass() {
        long seed = Long.getLong("seed", System.nanoTime());
        Random r = new Random(seed);
        List<String> wrong = new ArrayList<>();
        IntFunction<String> publicName = i -> "https://cdn" + i + ".brand-" + Integer.toString(i, 36) + ".com/a" + i + ".jpg";
        for (int i = 0; i < 5_000; i++) {
            long a = blocked(r);
            String url = r.nextInt(5) == 0 ? "https://[" + privateIpv6(r) + "]/x.png" : spelled(r, a);
            Optional<PublicUrls.Problem> p = check(url);
            if (p.isEmpty() || p.get().malformed()) {
                wrong.add(url + " -> " + p);
            }
            String ok = publicName.apply(r.nextInt(1_000_000));
            if (check(ok).isPresent()) {
                wrong.add(ok + " -> " + check(ok));
            }
            long pub = 0x08000000L + (r.nextLong() & 0x3FFFFFFL); // 8.0.0.0 - 11.255.255.255 minus 10/8 below
            if ((pub >>> 24) != 10) {
                String url2 = "https://" + (pub >>> 24) + "." + ((pub >>> 16) & 0xFF) + "." + ((pub >>> 8) & 0xFF) + "." + (pub & 0xFF) + "/x.png";
                if (check(url2).isPresent()) {
                    wrong.add(url2 + " -> " + check(url2));
                }
            }
        }
        if (!wrong.isEmpty()) {
            fail("seed " + seed + " (rerun with -Dseed=" + seed + "): " + wrong.size() + " wrong, e.g. " + wrong.subList(0, Math.min(5, wrong.size())));
        }
    }

    @Test
    void httpIsAcceptedOnlyWhereTheCallerAllowsItAndTheHostRulesStayTheSame() {
        assertEquals(Optional.empty(), PublicUrls.problem("http://blog.example.com/feed.xml", true));
        assertTrue(PublicUrls.problem("http://blog.example.com/feed.xml").orElseThrow().malformed(), "media stays https-only");
        assertFalse(PublicUrls.problem("http://127.0.0.1/feed", true).orElseThrow().malformed());
        assertTrue(PublicUrls.problem("gopher://blog.example.com/", true).orElseThrow().reason().contains("http or https"));
    }

    @Test
    void aResolvedAddressIsJudgedByTheSameRanges() throws Exception {
        for (String ip : List.of("127.0.0.1", "10.0.0.1", "172.20.1.1", "192.168.0.9", "169.254.169.254", "100.64.1.1", "0.0.0.0",
                "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1")) {
            assertTrue(PublicUrls.addressProblem(java.net.InetAddress.getByName(ip)).isPresent(), ip);
        }
        assertEquals(Optional.empty(), PublicUrls.addressProblem(java.net.InetAddress.getByName("93.184.216.34")));
        assertEquals(Optional.empty(), PublicUrls.addressProblem(java.net.InetAddress.getByName("2606:4700::6810:85e5")));
    }
}
