package com.socialwire.posts.studio.rss;

import com.socialwire.shared.net.PublicUrls;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Feed URLs: http(s) on public hosts only, however the host is spelled or what its name resolves to. */
class FeedUrlsTest {

    /** A hostile list: every way we know to point the feed reader at ourselves, the network or the metadata service. */
    static final List<String> HOSTILE = List.of(
            "http://127.0.0.1/feed", "https://127.0.0.1:8443/rss", "http://localhost/feed.xml", "http://LOCALHOST./feed",
            "http://10.0.0.5/rss", "http://10.255.255.255/rss", "http://172.16.0.1/rss", "http://172.31.200.9/rss",
            "http://192.168.1.10/feed", "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "http://169.254.170.2/v2/credentials", "http://[::1]/feed", "http://[fd00::1]/feed", "http://[fe80::1]/feed",
            "http://[::ffff:127.0.0.1]/feed", "http://[::ffff:a9fe:a9fe]/", "http://0.0.0.0/feed", "http://0/feed",
            "http://2130706433/feed", "http://0x7f000001/feed", "http://0177.0.0.1/feed", "http://017700000001/feed",
            "http://127.1/feed", "http://0x7f.1/feed", "http://3232235777/feed",
            "http://feeds.example.com@127.0.0.1/rss", "http://user:pass@feeds.example.com/rss", "http://127.0.0.1#@feeds.example.com/rss",
            "http://metadata.google.internal/computeMetadata/v1/", "http://printer.local/feed", "http://intranet/feed",
            "http://100.64.0.1/feed", "http://[fd00:ec2::254]/latest/meta-data/");

    static final FeedUrls STRICT = new FeedUrls(false, host -> {
        throw new UnknownHostException(host);
    });

    @Test
    void everyHostileFeedUrlIsRefusedWithAReason() {
        for (String url : HOSTILE) {
            Optional<PublicUrls.Problem> p = STRICT.problem(url);
            assertTrue(p.isPresent(), url + " must be refused");
            assertTrue(!p.get().reason().isBlank(), url);
        }
        assertTrue(STRICT.problem("http://169.254.169.254/latest/meta-data/").orElseThrow().reason().contains("metadata"));
        for (String url : List.of("file:///etc/passwd", "gopher://feeds.example.com/", "ftp://feeds.example.com/rss", "feeds.example.com/rss",
                "javascript:alert(1)", "http:///feed")) {
            assertTrue(STRICT.problem(url).orElseThrow().malformed(), url);
        }
    }

    @Test
    void aPublicLookingNameThatResolvesToAPrivateOrMetadataAddressIsRefused() throws Exception {
        Map<String, String> dns = Map.of("feeds.attacker.example", "127.0.0.1", "rebind.attacker.example", "169.254.169.254",
                "mixed.attacker.example", "10.1.2.3", "v6.attacker.example", "fd12::7", "blog.bakery.example", "93.184.216.34");
        FeedUrls urls = new FeedUrls(false, host -> {
            String ip = dns.get(host);
            if (ip == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[]{InetAddress.getByName("93.184.216.35"), InetAddress.getByName(ip)};
        });
        for (String host : List.of("feeds.attacker.example", "rebind.attacker.example", "mixed.attacker.example", "v6.attacker.example")) {
            String reason = urls.problem("https://" + host + "/feed").orElseThrow().reason();
            assertTrue(reason.contains("resolves to"), reason);
        }
        assertEquals(Optional.empty(), urls.problem("https://blog.bakery.example/feed"));
        assertTrue(urls.problem("https://nowhere.bakery.example/feed").orElseThrow().reason().contains("does not resolve"));
    }

    @Test
    void theTestSwitchAllowsPrivateHostsButNeverOtherSchemes() {
        FeedUrls local = new FeedUrls(true, host -> {
            throw new UnknownHostException(host);
        });
        assertEquals(Optional.empty(), local.problem("http://127.0.0.1:8089/feeds/rss.xml"));
        assertEquals(Optional.empty(), local.problem("http://localhost:8089/feeds/rss.xml"));
        assertTrue(local.problem("file:///etc/passwd").orElseThrow().malformed());
    }
}
