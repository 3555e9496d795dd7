package com.socialwire.posts;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.socialwire.posts.PostsApiIT.in;
import static com.socialwire.posts.PostsApiIT.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A post's optional title and link through PostsFunction as Lambda builds it: kept (trimmed) and shown, checked against
 * each target platform's title limit (the strictest decides), a link that is not an absolute http(s) URL or carries
 * credentials refused naming it, changed by an edit like any content, and read from a bulk CSV's title and link columns.
 * Each test has its own account key, so its requests do not eat another test's rate limit.
 */
class PostTitleLinkIT {

    static LocalEnvironment env;
    static FunctionClient api;
    static FunctionClient tenants;
    TestKeys.Key key;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.shared();
        api = new FunctionClient(env, "PostsFunction");
        tenants = new FunctionClient(env, "TenantsFunction");
    }

    @BeforeEach
    void newKey() {
        key = TestKeys.newAccount(env);
    }

    String tenant(String settings) {
        Response r = tenants.call("POST", "/v1/tenants", key.raw(), "{\"name\":\"Bloom Bakery\",\"settings\":" + settings + "}");
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    Response call(String method, String path, String body) {
        return api.call(method, path, key.raw(), body);
    }

    @Test
    void titleAndLinkAreKeptAndATitleTooLongForYouTubeIsRefusedWithItsLimit() {
        String t = tenant("{}");
        String base = "/v1/tenants/" + t + "/posts";
        JsonNode created = ok(call("POST", base, "{\"content\":\"Our spring menu is out\",\"platforms\":[\"reddit\"],"
                + "\"title\":\"  Spring menu: what is new  \",\"link\":\"https://bloom.example/menu?season=spring#top\"}"));
        assertEquals("Spring menu: what is new", created.path("title").asText(), "kept trimmed");
        assertEquals("https://bloom.example/menu?season=spring#top", created.path("link").asText());
        JsonNode read = ok(call("GET", base + "/" + created.path("id").asText(), null));
        assertEquals("Spring menu: what is new", read.path("title").asText());
        JsonNode bundle = ok(call("GET", base + "/" + created.path("id").asText() + "/download", null));
        assertEquals("Spring menu: what is new", bundle.path("title").asText(), "the download bundle carries them too");
        assertEquals("https://bloom.example/menu?season=spring#top", bundle.path("link").asText());
        assertTrue(ok(call("POST", base, "{\"content\":\"hi\",\"platforms\":[\"reddit\"]}")).path("title").isNull());

        // 150 characters: Reddit takes 300, YouTube 100 — the strictest platform of the post decides
        Response tooLong = call("POST", base, "{\"content\":\"New video\",\"platforms\":[\"reddit\",\"youtube\"],\"title\":\""
                + "t".repeat(150) + "\"}");
        assertEquals(422, tooLong.status(), tooLong.body());
        assertEquals("VALIDATION_ERROR", tooLong.json().path("error").path("code").asText());
        JsonNode byPlatform = tooLong.json().path("error").path("details").path("platforms");
        JsonNode youtube = null;
        for (JsonNode v : byPlatform.path("youtube")) {
            if (v.path("code").asText().equals("TITLE_TOO_LONG")) {
                youtube = v;
            }
        }
        assertTrue(youtube != null, tooLong.body());
        assertEquals("title", youtube.path("field").asText());
        assertTrue(youtube.path("message").asText().contains("100"), youtube.toString());
        assertTrue(byPlatform.path("reddit").isMissingNode(), "reddit takes 300: " + tooLong.body());

        Response overAll = call("POST", base, "{\"content\":\"hi\",\"platforms\":[\"reddit\"],\"title\":\"" + "t".repeat(301) + "\"}");
        assertEquals(422, overAll.status(), overAll.body());
        assertTrue(overAll.json().path("error").path("details").has("title"), overAll.body());
        Response blank = call("POST", base, "{\"content\":\"hi\",\"platforms\":[\"reddit\"],\"title\":\"   \"}");
        assertEquals(400, blank.status(), blank.body());
        assertTrue(blank.json().path("error").path("details").has("title"), blank.body());
        assertEquals(400, call("POST", base, "{\"content\":\"hi\",\"platforms\":[\"reddit\"],\"title\":7}").status());

        JsonNode youtubeLimits = ok(call("GET", "/v1/platforms/youtube", null));
        assertEquals(100, youtubeLimits.path("maxTitleCharacters").asInt());
        assertTrue(ok(call("GET", "/v1/platforms/twitter", null)).path("maxTitleCharacters").isNull());
    }

    @Test
    void aBadLinkIsRefusedNamingTheLink() {
        String t = tenant("{}");
        for (String link : List.of("ftp://bloom.example/menu", "bloom.example/menu", "/menu", "https://", "https://bloom example/menu",
                "https://owner:secret@bloom.example/menu", "javascript:alert(1)", "mailto:hello@bloom.example")) {
            Response r = call("POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"hi\",\"platforms\":[\"reddit\"],\"link\":"
                    + Json.write(link) + "}");
            assertEquals(400, r.status(), link + ": " + r.body());
            assertEquals("VALIDATION_ERROR", r.json().path("error").path("code").asText(), r.body());
            String why = r.json().path("error").path("details").path("link").asText();
            assertTrue(why.contains("http(s) URL") || why.contains("credentials"), link + ": " + r.body());
            assertFalse(r.body().contains("secret"), "the credentials are not echoed: " + r.body());
        }
        String longest = "https://bloom.example/" + "a".repeat(2_048 - "https://bloom.example/".length());
        assertEquals(longest, ok(call("POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"hi\",\"platforms\":[\"reddit\"],\"link\":\""
                + longest + "\"}")).path("link").asText());
        Response long_ = call("POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"hi\",\"platforms\":[\"reddit\"],\"link\":\""
                + longest + "a\"}");
        assertEquals(422, long_.status(), long_.body());
        assertTrue(long_.json().path("error").path("details").has("link"), long_.body());
        assertEquals(400, call("POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"hi\",\"platforms\":[\"reddit\"],\"link\":[]}").status());
    }

    @Test
    void anEditChangesTitleAndLinkAndSendsApprovedContentBackToReview() {
        String t = tenant("{\"requiresQaApproval\":true}");
        String id = ok(call("POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"Spring menu\",\"platforms\":[\"reddit\"],"
                + "\"title\":\"Spring menu\",\"scheduledFor\":\"" + in(3) + "\"}")).path("id").asText();
        String p = "/v1/tenants/" + t + "/posts/" + id;
        ok(call("POST", p + "/submit", "{}"));
        JsonNode approved = ok(call("POST", p + "/qa-approve", "{}"));
        assertEquals("scheduled", approved.path("status").asText());

        JsonNode edited = ok(call("PUT", p, "{\"title\":\"Spring menu, now with soup\",\"link\":\"http://bloom.example/soup\"}"));
        assertEquals("Spring menu, now with soup", edited.path("title").asText());
        assertEquals("http://bloom.example/soup", edited.path("link").asText());
        assertEquals("qa_review", edited.path("status").asText(), "a new title is new content: reviewed again");
        assertTrue(edited.path("version").asLong() > approved.path("version").asLong());
        assertEquals("Spring menu", edited.path("content").path("text").asText(), "other fields are kept");

        JsonNode cleared = ok(call("PUT", p, "{\"link\":null}"));
        assertTrue(cleared.path("link").isNull(), cleared.toString());
        assertEquals("Spring menu, now with soup", cleared.path("title").asText());
        Response tooLong = call("PUT", p, "{\"title\":\"" + "t".repeat(301) + "\"}");
        assertEquals(422, tooLong.status(), tooLong.body());
        assertTrue(tooLong.json().path("error").path("details").has("title"), tooLong.body());
        assertEquals("Spring menu, now with soup", ok(call("GET", p, null)).path("title").asText(), "a refused edit changes nothing");
        assertEquals(400, call("PUT", p, "{\"link\":\"https://u:p@bloom.example\"}").status());
    }

    @Test
    void aBulkCsvCarriesTitleAndLinkColumns() {
        String t = tenant("{}");
        String csv = "content,platforms,title,link\n"
                + "Spring menu,reddit,Spring menu is out,https://bloom.example/menu\n"
                + "Soup,reddit,Soup,not a link\n";
        JsonNode out = ok(api.call("POST", "/v1/tenants/" + t + "/posts/bulk", Map.of("authorization", "Bearer " + key.raw(),
                "content-type", "text/csv"), csv));
        assertEquals(1, out.path("succeeded").asInt(), out.toString());
        assertFalse(out.path("results").path(1).path("success").asBoolean());
        JsonNode made = ok(call("GET", "/v1/tenants/" + t + "/posts/" + out.path("results").path(0).path("id").asText(), null));
        assertEquals("Spring menu is out", made.path("title").asText());
        assertEquals("https://bloom.example/menu", made.path("link").asText());
    }
}
