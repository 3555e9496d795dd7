package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RSS auto-posting over HTTP on the local runtime (which sets FEED_ALLOW_PRIVATE_HOSTS): a feed created through the
 * API, a real-world RSS 2.0 document served from this machine with an ETag, the feed schedule fired by hand → one draft
 * per item; fired again → 304, no post repeated; the check action answers what it found.
 */
class FeedsE2ETest {

    static LocalRuntime runtime;
    static LocalEnvironment env;
    static String base;
    static HttpServer feedServer;
    static final AtomicInteger CONDITIONAL = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 2);
        base = "http://127.0.0.1:" + runtime.port();
        byte[] doc = Files.readAllBytes(Template.locate().getParent().resolve("functions/posts/src/test/resources/feeds/rss2-bakery-blog.xml"));
        feedServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        feedServer.createContext("/feed/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if ("\"e1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                CONDITIONAL.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=UTF-8");
                exchange.getResponseHeaders().add("ETag", "\"e1\"");
                exchange.sendResponseHeaders(200, doc.length);
                exchange.getResponseBody().write(doc);
            }
            exchange.close();
        });
        feedServer.start();
    }

    @AfterAll
    static void stop() {
        feedServer.stop(0);
        runtime.closeKeepingStores();
    }

    @Test
    void aFeedsItemsBecomeDraftsOnceThroughTheScheduleAndTheCheckAction() throws Exception {
        LocalApi api = new LocalApi(env, base, new Fixtures().signup("Feed Agency " + Ids.base62(6)).adminKey());
        LocalApi.Brand brand = api.brand("{}", "[]");
        String feeds = "/v1/tenants/" + brand.tenantId() + "/rss-feeds";
        HttpResponse<String> created = api.send("POST", feeds, api.key, "{\"name\":\"Bakery journal\",\"feedUrl\":\"http://127.0.0.1:"
                + feedServer.getAddress().getPort() + "/feed/rss.xml\",\"targetPlatforms\":[\"linkedin\",\"bluesky\"]}");
        assertEquals(201, created.statusCode(), created.body());
        String id = Json.tree(created.body()).path("id").asText();

        HttpResponse<String> fired = api.send("POST", "/_local/schedules/FeedRunFunction/EveryFiveMinutes", null, null);
        assertEquals(200, fired.statusCode(), fired.body());
        JsonNode posts = Json.tree(api.send("GET", "/v1/tenants/" + brand.tenantId() + "/posts", api.key, null).body()).path("items");
        assertEquals(3, posts.size(), posts.toString());
        for (JsonNode p : posts) {
            assertEquals("draft", p.path("status").asText());
            assertEquals("rss", p.path("source").asText(), p.toString());
        }
        JsonNode feed = Json.tree(api.send("GET", feeds + "/" + id, api.key, null).body());
        assertEquals(3, feed.path("itemsPosted").asInt(), feed.toString());

        HttpResponse<String> checked = api.send("POST", feeds + "/" + id + "/check", api.key, null);
        assertEquals(200, checked.statusCode(), checked.body());
        assertEquals("not_modified", Json.tree(checked.body()).path("check").path("status").asText(), checked.body());
        assertTrue(CONDITIONAL.get() >= 1, "the check sent the stored ETag");
        assertEquals(3, Json.tree(api.send("GET", "/v1/tenants/" + brand.tenantId() + "/posts", api.key, null).body()).path("items").size());
    }
}
