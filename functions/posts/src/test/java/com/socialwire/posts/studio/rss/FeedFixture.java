package com.socialwire.posts.studio.rss;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.posts.Posts;
import com.socialwire.posts.handler.FeedsHandler;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.publish.PublishFixture;
import com.socialwire.shared.Config;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the feed tests start from, on the shared local stores: a clock the test moves, the posts context wired as
 * FeedsFunction ({@link #api}, over HTTP events) and FeedRunFunction ({@link #runner}) — each under its policy from
 * template.yaml, with {@code FEED_ALLOW_PRIVATE_HOSTS=true} (the feeds are served by WireMock on 127.0.0.1) and a
 * 100 KB size cap — and feed servers on WireMock that answer 304 to the ETag or Last-Modified they gave.
 *
 * <p>The feed run reads every due feed of the shared table: each fixture starts its clock 30 days before the one made
 * before it, so the feeds of earlier tests (due later than that) are never due in a later test's runs.
 */
final class FeedFixture {

    static final long MAX_BYTES = 100_000;
    private static final AtomicInteger FIXTURES = new AtomicInteger();
    private static WireMockServer server;

    final LocalEnvironment env;
    final PublishFixture.TestClock clock;
    final Posts api;
    final Posts runner;
    final FunctionClient http;
    /** FeedsFunction as deployed: without FEED_ALLOW_PRIVATE_HOSTS. */
    final FunctionClient strict;
    final WireMockServer feeds;
    final String prefix;
    private final Map<String, List<com.github.tomakehurst.wiremock.stubbing.StubMapping>> served = new HashMap<>();

    FeedFixture() {
        env = LocalEnvironment.shared();
        clock = new PublishFixture.TestClock(Instant.parse("2040-01-01T09:00:00Z").minus(Duration.ofDays(30L * FIXTURES.incrementAndGet())));
        api = as("FeedsFunction");
        runner = as("FeedRunFunction");
        http = new FunctionClient(env, "FeedsFunction", new FeedsHandler(api.feedService(), api.gate()));
        Posts deployed = new Posts(Config.of(env.functionEnvironment("FeedsFunction")), clock);
        strict = new FunctionClient(env, "FeedsFunction", new FeedsHandler(deployed.feedService(), deployed.gate()));
        feeds = server();
        prefix = "/f" + FIXTURES.get() + "-" + System.nanoTime();
    }

    private Posts as(String logicalId) {
        Map<String, String> vars = new HashMap<>(env.functionEnvironment(logicalId));
        vars.put("FEED_ALLOW_PRIVATE_HOSTS", "true");
        vars.put("FEED_MAX_BYTES", Long.toString(MAX_BYTES));
        vars.put("FEED_FETCH_TIMEOUT_MS", "3000");
        return new Posts(Config.of(vars), clock);
    }

    private static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
            server.start();
        }
        return server;
    }

    static byte[] fixture(String name) {
        try (InputStream in = FeedFixture.class.getResourceAsStream("/feeds/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Serves {@code body} at {@code path} (under this fixture's prefix) with {@code etag} and a Last-Modified, answering
     * 304 to a request that carries that ETag; its URL.
     */
    String serve(String path, byte[] body, String contentType, String etag) {
        String p = prefix + path;
        List<com.github.tomakehurst.wiremock.stubbing.StubMapping> before = served.remove(p);
        if (before != null) {
            before.forEach(feeds::removeStub); // the document changed: the old ETag no longer gets a 304
        }
        var ok = feeds.stubFor(get(urlPathEqualTo(p)).atPriority(5).willReturn(aResponse().withStatus(200).withHeader("Content-Type", contentType)
                .withHeader("ETag", etag).withHeader("Last-Modified", "Wed, 02 Dec 2026 10:00:00 GMT").withBody(body)));
        var notModified = feeds.stubFor(get(urlPathEqualTo(p)).atPriority(1).withHeader("If-None-Match", equalTo(etag))
                .willReturn(aResponse().withStatus(304)));
        served.put(p, List.of(ok, notModified));
        return feeds.baseUrl() + p;
    }

    /** How many times {@code path} was fetched, and how many of those carried {@code header}. */
    int fetches(String path) {
        return feeds.countRequestsMatching(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(prefix + path))
                .build()).getCount();
    }

    /** A new account's admin key and a tenant of it, through the real TenantsFunction. */
    record Owner(TestKeys.Key key, String tenantId) {
    }

    Owner owner(String name, String settings) {
        TestKeys.Key key = TestKeys.newAccount(env);
        var r = new FunctionClient(env, "TenantsFunction").call("POST", "/v1/tenants", key.raw(),
                "{\"name\":\"" + name + "\",\"settings\":" + settings + "}");
        assertEquals(201, r.status(), r.body());
        return new Owner(key, r.json().path("id").asText());
    }

    FunctionClient.Response call(Owner o, String method, String path, String body) {
        return http.call(method, "/v1/tenants/" + o.tenantId() + "/rss-feeds" + path, o.key().raw(), body);
    }

    /** A feed of {@code o}, created over HTTP: its id. */
    String feed(Owner o, String url, String extra) {
        FunctionClient.Response r = call(o, "POST", "", "{\"name\":\"feed\",\"feedUrl\":\"" + url + "\",\"targetPlatforms\":[\"linkedin\",\"twitter\"]"
                + (extra.isEmpty() ? "" : "," + extra) + "}");
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    Feed read(Owner o, String feedId) {
        return api.feedStore().get(o.tenantId(), feedId).orElseThrow();
    }

    /** The tenant's posts, oldest first. */
    List<Post> posts(Owner o) {
        return api.posts().list(o.tenantId(), null, null, null, null, null, 100, null).items();
    }

    /** Moves the clock on by {@code d}. */
    void advance(Duration d) {
        clock.now = clock.now.plus(d);
    }

    FeedRun.Report run() {
        return runner.feedRun().run();
    }
}
