package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.runtime.sandbox.ReadApiSandbox;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instagram reads through the local runtime: ReadsFunction reads the LOCAL READ API SANDBOX the runtime points
 * READ_PROVIDER_BASE_URL at, with no credentials of any read API — a post by its share URL (a miss, then a hit of the
 * same data), its comments with replies, a private post 404 and a profile URL 422; the sandbox label shows in the data.
 */
class ReadsSandboxE2ETest {

    static LocalRuntime runtime;
    static LocalApi api;

    @BeforeAll
    static void start() throws Exception {
        LocalEnvironment env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 2);
        Fixtures.Account agency = new Fixtures().signup("Reads Agency " + Ids.base62(6));
        api = new LocalApi(env, "http://127.0.0.1:" + runtime.port(), agency.adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    static HttpResponse<String> read(String route, String url, String more) throws Exception {
        return api.send("GET", "/v1/instagram/" + route + "?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8) + more, api.key, null);
    }

    @Test
    void aPostAndItsCommentsAreReadFromTheLocalSandbox() throws Exception {
        String shortcode = "C8tN4vJv1Yq";
        HttpResponse<String> miss = read("post", "https://www.instagram.com/p/" + shortcode + "/?igsh=MWd0dGx5bXl4d2xtbw==", "");
        assertEquals(200, miss.statusCode(), miss.body());
        JsonNode m = Json.tree(miss.body());
        assertEquals(shortcode, m.path("data").path("shortcode").asText());
        assertTrue(m.path("data").path("caption").asText().contains("LOCAL SANDBOX"), miss.body());
        assertEquals("miss", m.path("cache").path("status").asText());
        assertTrue(m.path("data").path("assets").path(0).path("url").asText().contains("/_local/readapi/cdn/"), miss.body());

        HttpResponse<String> hit = read("post", "instagram.com/p/" + shortcode, "");
        assertEquals(200, hit.statusCode(), hit.body());
        assertEquals("hit", Json.tree(hit.body()).path("cache").path("status").asText());
        assertEquals(m.path("data"), Json.tree(hit.body()).path("data"), "the same data");

        HttpResponse<String> comments = read("comments", shortcode, "&limit=100&includeReplies=true");
        assertEquals(200, comments.statusCode(), comments.body());
        JsonNode c = Json.tree(comments.body()).path("data");
        assertEquals(Math.min(100, ReadApiSandbox.commentTotal(shortcode)), c.path("comments").size(), comments.body());
        assertTrue(c.path("comments").path(3).path("replies").size() > 0, "the sandbox's fourth comment has replies");

        HttpResponse<String> priv = read("post", "https://www.instagram.com/p/PrivAbc1234/", "");
        assertEquals(404, priv.statusCode(), priv.body());
        HttpResponse<String> profile = read("post", "https://www.instagram.com/natgeo/", "");
        assertEquals(422, profile.statusCode(), profile.body());
        assertEquals("profile_url", Json.tree(profile.body()).path("error").path("details").path("reason").asText(), profile.body());
        assertFalse(miss.body().contains(ReadApiSandbox.KEY), "the read API's key never shows");
    }
}
