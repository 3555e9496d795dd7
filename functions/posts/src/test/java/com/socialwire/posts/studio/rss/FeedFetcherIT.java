package com.socialwire.posts.studio.rss;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.socialwire.shared.providers.ProviderHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.UnknownHostException;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The feed fetch against WireMock: redirects, size cap, and a server that never finishes. */
class FeedFetcherIT {

    static WireMockServer server;

    @BeforeAll
    static void start() {
        server = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static FeedFetcher fetcher(boolean allowPrivate, Duration timeout, long maxBytes) {
        return new FeedFetcher(ProviderHttp.newClient(), new FeedUrls(allowPrivate, host -> {
            throw new UnknownHostException(host);
        }), timeout, maxBytes);
    }

    @Test
    void aFeedServerThatDripsBytesForeverFailsWithinTheFetchBudget() {
        // each chunk comes well within the per-read timeout, but the whole body takes 6 s: a slow-loris feed would hold a
        // checker (and the run) for as long as it liked
        server.stubFor(get(urlPathEqualTo("/drip.xml")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/rss+xml")
                .withBody(FeedFixture.fixture("rss2-bakery-blog.xml")).withChunkedDribbleDelay(30, 6_000)));
        FeedFetcher.Failed e = assertThrows(FeedFetcher.Failed.class,
                () -> fetcher(true, Duration.ofMillis(1_500), 2_000_000).fetch(server.baseUrl() + "/drip.xml", null, null));
        assertTrue(e.getMessage().contains("within"), e.getMessage());
    }

    @Test
    void aRedirectToAPrivateHostIsRefusedAndAPublicOneIsFollowed() throws Exception {
        server.stubFor(get(urlPathEqualTo("/moved.xml")).willReturn(aResponse().withStatus(301).withHeader("Location", "/feeds/new.xml")));
        server.stubFor(get(urlPathEqualTo("/feeds/new.xml")).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"n\"")
                .withBody(FeedFixture.fixture("rss-no-guids.xml"))));
        FeedFetcher.Result r = fetcher(true, Duration.ofSeconds(3), 2_000_000).fetch(server.baseUrl() + "/moved.xml", null, null);
        FeedFetcher.Fetched got = assertInstanceOf(FeedFetcher.Fetched.class, r);
        assertEquals("\"n\"", got.etag());
        assertTrue(got.url().toString().endsWith("/feeds/new.xml"), got.url().toString());

        server.stubFor(get(urlPathEqualTo("/evil.xml")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://169.254.169.254/latest/meta-data/")));
        server.stubFor(get(urlPathEqualTo("/sneaky.xml")).willReturn(aResponse().withStatus(307)
                .withHeader("Location", "http://2130706433:" + server.port() + "/feeds/new.xml")));
        // the deployed guard for everything but this test server itself (which stands for a public feed host)
        FeedUrls deployed = new FeedUrls(false, host -> new java.net.InetAddress[]{java.net.InetAddress.getByName("93.184.216.34")});
        UrlGuard guard = u -> u.startsWith(server.baseUrl() + "/") ? java.util.Optional.empty() : deployed.problem(u);
        FeedFetcher strict = new FeedFetcher(ProviderHttp.newClient(), guard, Duration.ofSeconds(3), 2_000_000);
        FeedFetcher.Failed metadata = assertThrows(FeedFetcher.Failed.class, () -> strict.fetch(server.baseUrl() + "/evil.xml", null, null));
        assertTrue(metadata.getMessage().startsWith("the feed redirected to a URL that is refused"), metadata.getMessage());
        assertTrue(metadata.getMessage().contains("metadata"), metadata.getMessage());
        FeedFetcher.Failed loopback = assertThrows(FeedFetcher.Failed.class, () -> strict.fetch(server.baseUrl() + "/sneaky.xml", null, null));
        assertTrue(loopback.getMessage().contains("loopback"), loopback.getMessage());
        assertEquals(1, server.countRequestsMatching(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo("/feeds/new.xml")).build()).getCount(), "the decimal-IP redirect was never followed");
    }

    @Test
    void aBodyOverTheCapStopsTheReadAndADeclaredLengthOverItIsRefusedUnread() {
        server.stubFor(get(urlPathEqualTo("/big.xml")).willReturn(aResponse().withStatus(200).withBody(FeedFixture.fixture("rss-oversized.xml"))));
        FeedFetcher.Failed e = assertThrows(FeedFetcher.Failed.class,
                () -> fetcher(true, Duration.ofSeconds(3), 50_000).fetch(server.baseUrl() + "/big.xml", null, null));
        assertEquals("feed too large: over 50000 bytes", e.getMessage());
    }
}
