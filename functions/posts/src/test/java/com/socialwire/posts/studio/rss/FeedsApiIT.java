package com.socialwire.posts.studio.rss;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.posts.studio.rss.FeedFixture.Owner;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The feeds API over FeedsFunction's HTTP events: CRUD, actions, and every refusal in the one error envelope. */
class FeedsApiIT {

    @Test
    void hostileFeedUrlsAreRefusedWith422NamingWhyAndNothingIsSaved() {
        FeedFixture f = new FeedFixture();
        Owner o = f.owner("Bloom Bakery", "{}");
        for (String url : FeedUrlsTest.HOSTILE) {
            Response r = f.strict.call("POST", "/v1/tenants/" + o.tenantId() + "/rss-feeds", o.key().raw(),
                    "{\"name\":\"x\",\"feedUrl\":" + Json.write(url) + ",\"targetPlatforms\":[\"linkedin\"]}");
            assertEquals(422, r.status(), url + ": " + r.body());
            assertEquals("VALIDATION_ERROR", r.json().path("error").path("code").asText(), r.body());
            assertFalse(r.json().path("error").path("details").path("feedUrl").asText().isBlank(), r.body());
            assertFalse(r.body().contains("pass@") || r.body().contains(":pass"), "credentials are not echoed: " + r.body());
        }
        Response metadata = f.strict.call("POST", "/v1/tenants/" + o.tenantId() + "/rss-feeds", o.key().raw(),
                "{\"name\":\"x\",\"feedUrl\":\"http://169.254.169.254/latest/meta-data/\",\"targetPlatforms\":[\"linkedin\"]}");
        assertTrue(metadata.json().path("error").path("details").path("feedUrl").asText().contains("metadata"), metadata.body());
        // a URL saved while allowed (say by an old version) is refused again at fetch time, by the deployed guard
        String id = f.feed(o, "http://127.0.0.1:9/feed.xml", "");
        Response checked = f.strict.call("POST", "/v1/tenants/" + o.tenantId() + "/rss-feeds/" + id + "/check", o.key().raw(), null);
        assertEquals(200, checked.status(), checked.body());
        assertTrue(checked.json().path("check").path("error").asText().contains("loopback"), checked.body());
        assertEquals(1, checked.json().path("consecutiveFailures").asInt());
        assertEquals(1, f.call(o, "GET", "", null).json().path("items").size(), "only that one feed was ever saved");
    }

    @Test
    void badInputIs400Or422InTheErrorEnvelopeNever500() {
        FeedFixture f = new FeedFixture();
        Owner o = f.owner("Bloom Bakery", "{}");
        String ok = "\"name\":\"Blog\",\"feedUrl\":\"https://bloombakery.example/feed/\",\"targetPlatforms\":[\"linkedin\"]";
        List<Object[]> cases = List.of(
                new Object[]{"{}", 400, "feedUrl"},
                new Object[]{"{" + ok + ",\"checkIntervalMinutes\":14}", 400, "checkIntervalMinutes"},
                new Object[]{"{" + ok + ",\"checkIntervalMinutes\":15.5}", 422, "checkIntervalMinutes"},
                new Object[]{"{" + ok + ",\"schedulingStrategy\":\"optimal\"}", 400, "schedulingStrategy"},
                new Object[]{"{" + ok + ",\"status\":\"deleted\"}", 400, "status"},
                new Object[]{"{" + ok + ",\"colour\":\"red\"}", 400, "colour"},
                new Object[]{"{" + ok + ",\"postTemplate\":\"{{title}} {{link}} {{body}}\"}", 422, "postTemplate"},
                new Object[]{"{\"name\":\"Blog\",\"feedUrl\":\"https://bloombakery.example/feed/\",\"targetPlatforms\":[\"myspace\"]}", 400, "targetPlatforms"},
                new Object[]{"{\"name\":\"Blog\",\"feedUrl\":\"https://bloombakery.example/feed/\",\"targetPlatforms\":[]}", 400, "targetPlatforms"},
                new Object[]{"{\"name\":\"Blog\",\"feedUrl\":\"https://bloombakery.example/feed/\",\"targetPlatforms\":[\"instagram\"]}", 422, "targetPlatforms"},
                new Object[]{"{" + ok + ",\"feedUrl\":\"ftp://bloombakery.example/feed\"}", 422, "feedUrl"},
                new Object[]{"{" + ok + ",\"includeImage\":\"yes\"}", 400, "includeImage"},
                new Object[]{"[1,2]", 400, null},
                new Object[]{"{not json", 400, null});
        for (Object[] c : cases) {
            Response r = f.call(o, "POST", "", (String) c[0]);
            assertEquals(c[1], r.status(), c[0] + ": " + r.body());
            assertEquals("VALIDATION_ERROR", r.json().path("error").path("code").asText(), r.body());
            if (c[2] != null) {
                assertTrue(r.json().path("error").path("details").has((String) c[2]), c[0] + ": " + r.body());
            }
        }
        Response unknown = f.call(o, "POST", "", "{" + ok + ",\"postTemplate\":\"{{title}} {{link}}\"}");
        assertTrue(unknown.json().path("error").path("details").path("postTemplate").asText().contains("[link]"), unknown.body());
        String id = f.feed(o, "https://bloombakery.example/feed/", "");
        Response badAction = f.call(o, "POST", "/" + id, "{\"action\":\"explode\"}");
        assertEquals(400, badAction.status(), badAction.body());
        Response badPatch = f.call(o, "PATCH", "/" + id, "{\"checkIntervalMinutes\":5}");
        assertEquals(400, badPatch.status(), badPatch.body());
    }

    @Test
    void feedsAreCreatedReadListedChangedPausedResumedAndDeletedAndAnotherTenantsAre404() {
        FeedFixture f = new FeedFixture();
        Owner o = f.owner("Bloom Bakery", "{}");
        Owner other = f.owner("Someone Else", "{}");
        String url = f.serve("/crud.xml", FeedFixture.fixture("rss-no-guids.xml"), "application/rss+xml", "\"c1\"");
        Response created = f.call(o, "POST", "", "{\"name\":\"Class news\",\"feedUrl\":\"" + url + "\",\"targetPlatforms\":[\"x\",\"bluesky\"],"
                + "\"targetAccountIds\":[\"acc_1\"],\"postTemplate\":\"{{ title }} — {{description}} {{url}}\",\"includeImage\":true,"
                + "\"autoSchedule\":false,\"schedulingStrategy\":\"immediate\",\"checkIntervalMinutes\":15}");
        assertEquals(201, created.status(), created.body());
        JsonNode feed = created.json();
        String id = feed.path("id").asText();
        assertTrue(id.startsWith("feed_"), id);
        assertEquals("[\"twitter\",\"bluesky\"]", feed.path("targetPlatforms").toString(), "aliases made canonical");
        assertEquals(15, feed.path("checkIntervalMinutes").asInt());
        assertEquals("active", feed.path("status").asText());
        assertEquals(f.clock.instant().toString(), feed.path("nextCheckAt").asText(), "due at once");
        assertEquals(0, feed.path("consecutiveFailures").asInt());
        assertTrue(feed.path("lastCheckedAt").isNull());

        assertEquals(id, f.call(o, "GET", "", null).json().path("items").get(0).path("id").asText());
        assertEquals("Class news", f.call(o, "GET", "/" + id, null).json().path("name").asText());
        JsonNode patched = f.call(o, "PATCH", "/" + id, "{\"name\":\"Studio news\",\"postTemplate\":\"{{title}} {{url}}\"}").json();
        assertEquals("Studio news", patched.path("name").asText());
        assertEquals("{{title}} {{url}}", patched.path("postTemplate").asText());
        assertEquals(15, patched.path("checkIntervalMinutes").asInt(), "what the PATCH did not name stays");

        JsonNode paused = f.call(o, "POST", "/" + id, "{\"action\":\"pause\"}").json();
        assertEquals("paused", paused.path("status").asText());
        assertTrue(paused.path("nextCheckAt").isNull(), paused.toString());
        assertEquals(0, f.run().claimed(), "a paused feed is not due");
        JsonNode checked = f.call(o, "POST", "/" + id, "").json();
        assertEquals("ok", checked.path("check").path("status").asText(), "no action: check (a paused feed may be checked by hand)");
        assertEquals(3, checked.path("check").path("postsCreated").asInt(), checked.toString());
        assertEquals("paused", checked.path("status").asText());
        JsonNode resumed = f.call(o, "PATCH", "/" + id, "{\"status\":\"active\"}").json();
        assertEquals("active", resumed.path("status").asText());

        for (String[] call : new String[][]{{"GET", ""}, {"PATCH", "{\"name\":\"mine\"}"}, {"DELETE", null}, {"POST", "{\"action\":\"check\"}"}}) {
            Response r = f.call(other, call[0], "/" + id, call[1]);
            assertEquals(404, r.status(), call[0] + ": " + r.body());
            assertEquals("NOT_FOUND", r.json().path("error").path("code").asText());
        }
        Response foreignTenant = f.http.call("GET", "/v1/tenants/" + o.tenantId() + "/rss-feeds/" + id, other.key().raw(), null);
        assertTrue(foreignTenant.status() == 403 || foreignTenant.status() == 404, foreignTenant.body());

        assertEquals(204, f.call(o, "DELETE", "/" + id, null).status());
        assertEquals(404, f.call(o, "GET", "/" + id, null).status());
        assertEquals(404, f.call(o, "DELETE", "/" + id, null).status());
        assertEquals(404, f.call(o, "GET", "/feed_doesnotexist", null).status());
    }

    @Test
    void aTenantHasAtMostFiftyFeeds() {
        FeedFixture f = new FeedFixture();
        Owner o = f.owner("Many Feeds", "{}");
        for (int i = 0; i < FeedService.MAX_FEEDS; i++) {
            f.feed(o, "https://blog" + i + ".example.com/feed.xml", "\"status\":\"paused\"");
        }
        Response over = f.call(o, "POST", "", "{\"name\":\"one more\",\"feedUrl\":\"https://more.example.com/feed\",\"targetPlatforms\":[\"linkedin\"]}");
        assertEquals(422, over.status(), over.body());
        assertEquals(FeedService.MAX_FEEDS, over.json().path("error").path("details").path("maxFeeds").asInt(), over.body());
    }
}
