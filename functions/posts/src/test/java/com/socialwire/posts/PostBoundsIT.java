package com.socialwire.posts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.posts.model.PostLimits;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.TenantRecords;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import com.socialwire.shared.store.AttrValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No sequence of API calls can grow a post item toward DynamoDB's 400 KB limit: every field is
 * capped (422 naming it), the stored document too (422), a post's body (413), and the audit trail
 * keeps its newest entries. And a batch (bulk import, campaign scheduling) with one bad row or post
 * reports that one and does the rest.
 */
class PostBoundsIT {

    static LocalEnvironment env;
    static FunctionClient posts;
    static FunctionClient tenants;
    static Table table;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.shared();
        posts = new FunctionClient(env, "PostsFunction");
        tenants = new FunctionClient(env, "TenantsFunction");
        var config = env.functionConfig("PostsFunction");
        table = new Table(new AwsClients(config).dynamoDb(), config.require("TABLE_NAME"));
    }

    /** A fresh account (its own rate limits) and a tenant of it that needs no approval. */
    record Caller(String key, String tenantId) {
        Response call(String method, String path, String body) {
            return posts.call(method, "/v1/tenants/" + tenantId + path, key, body);
        }
    }

    static Caller caller() {
        TestKeys.Key admin = TestKeys.newAccount(env);
        Response r = tenants.call("POST", "/v1/tenants", admin.raw(), "{\"name\":\"Bloom Bakery\"}");
        assertEquals(201, r.status(), r.body());
        return new Caller(admin.raw(), r.json().path("id").asText());
    }

    static String post(String contentJson, String extra) {
        return "{\"content\":" + contentJson + ",\"platforms\":[\"linkedin\"]" + extra + "}";
    }

    static String in(int days) {
        return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Test
    void aPostItemCannotApproach400KbThroughTheApi() {
        Caller c = caller();
        // a field over its cap: 422 naming each one
        Response tooLong = c.call("POST", "/posts", post(Json.write("x".repeat(PostLimits.TEXT + 1)),
                ",\"hashtags\":" + Json.write(java.util.Collections.nCopies(PostLimits.HASHTAGS + 1, "bread"))
                        + ",\"media\":[\"med_" + "m".repeat(2_000) + "\"]"));
        assertEquals(422, tooLong.status(), tooLong.body());
        JsonNode details = tooLong.json().path("error").path("details");
        assertTrue(details.has("content") && details.has("hashtags") && details.has("media[0]"), details.toString());

        // every field within its cap, but the document over its cap: 422 with the sizes
        String big = "{\"text\":\"Fresh loaves\",\"platformOverrides\":{\"facebook\":" + Json.write("f".repeat(PostLimits.TEXT))
                + ",\"reddit\":" + Json.write("r".repeat(PostLimits.TEXT)) + ",\"youtube\":" + Json.write("y".repeat(PostLimits.TEXT))
                + ",\"tiktok\":" + Json.write("t".repeat(PostLimits.TEXT)) + "}}";
        Response tooLarge = c.call("POST", "/posts", post(big, ""));
        assertEquals(422, tooLarge.status(), tooLarge.body().substring(0, Math.min(500, tooLarge.body().length())));
        JsonNode sizes = tooLarge.json().path("error").path("details").path("post");
        assertEquals(PostLimits.CONTENT_BYTES, sizes.path("maxBytes").asInt(), tooLarge.body());
        assertTrue(sizes.path("sizeBytes").asInt() > PostLimits.CONTENT_BYTES, tooLarge.body());

        // a body over a post's cap, whatever it holds: 413
        Response body = c.call("POST", "/posts", post("\"Fresh loaves\"", "") + " ".repeat(PostLimits.BODY_BYTES));
        assertEquals(413, body.status(), body.body());
        assertEquals("PAYLOAD_TOO_LARGE", body.json().path("error").path("code").asText());

        // the audit trail keeps its newest entries however many edits
        Response created = c.call("POST", "/posts", post("\"Fresh loaves\"", ""));
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        int edits = PostLimits.HISTORY_KEPT + 1;
        for (int i = 0; i < edits; i++) {
            Response edit = c.call("PUT", "/posts/" + id, "{\"content\":\"Fresh loaves, batch " + i + "\"}");
            assertEquals(200, edit.status(), edit.body());
        }
        JsonNode p = c.call("GET", "/posts/" + id, null).json();
        assertEquals(PostLimits.HISTORY_KEPT, p.path("history").size(), "the newest entries stay in the post");
        assertEquals(edits + 1 - PostLimits.HISTORY_KEPT, p.path("historyDropped").asInt(), p.path("historyDropped").toString());
        assertEquals("Fresh loaves, batch " + (edits - 1), p.path("content").path("text").asText());

        // a review comment over its cap: 422
        Response comment = c.call("POST", "/posts/" + id + "/comments", "{\"text\":" + Json.write("c".repeat(PostLimits.COMMENT + 1)) + "}");
        assertEquals(422, comment.status(), comment.body());
        assertTrue(comment.json().path("error").path("details").has("text"), comment.body());
    }

    @Test
    void oneBadRowFailsAloneAndTheOthersAreCreated() {
        Caller c = caller();
        Response r = c.call("POST", "/posts/bulk", "{\"posts\":[" + post("\"Rye on Monday\"", "") + ","
                + post("\"Spelt on Tuesday\"", ",\"media\":[\"med_" + "m".repeat(2_000) + "\"]") + ","
                + post("\"Sourdough on Wednesday\"", "") + "]}");
        assertEquals(200, r.status(), r.body());
        JsonNode results = r.json().path("results");
        assertEquals(2, r.json().path("succeeded").asInt(), r.body());
        assertTrue(results.get(0).path("success").asBoolean(), r.body());
        assertEquals("VALIDATION_ERROR", results.get(1).path("error").path("code").asText(), r.body());
        assertTrue(results.get(1).path("error").path("details").has("media[0]"), r.body());
        assertTrue(results.get(2).path("success").asBoolean(), r.body());
    }

    @Test
    void oneUnschedulablePostFailsAloneAndTheCampaignIsScheduled() {
        Caller c = caller();
        String[] ids = new String[3];
        for (int i = 0; i < ids.length; i++) {
            Response r = c.call("POST", "/posts", "{\"content\":\"Loaf " + i + "\",\"platforms\":[\"linkedin\"],\"campaignId\":\"bread\"}");
            assertEquals(201, r.status(), r.body());
            ids[i] = r.json().path("id").asText();
            assertEquals("approved", c.call("POST", "/posts/" + ids[i] + "/submit", "{}").json().path("status").asText());
        }
        // the middle post grew as the old API let it: overrides up to DynamoDB's limit (the API now refuses this)
        Map<String, AttrValue> item = new HashMap<>(table.get(TenantRecords.pk(c.tenantId()), PostStore.sk(ids[1])).orElseThrow());
        ObjectNode doc = (ObjectNode) Json.tree(item.get("doc").s());
        ItemLimit.fill(table, n -> {
            ((ObjectNode) doc.path("content").path("platformOverrides")).put("facebook", "f".repeat(n));
            item.put("doc", AttrValue.fromS(Json.write(doc)));
            return item;
        }, PostLimits.ITEM_LIMIT_BYTES);

        String[] slots = {in(2), in(3), in(4)};
        Response r = c.call("POST", "/campaigns/bread/schedule", "{\"calendar\":[\"" + String.join("\",\"", slots) + "\"]}");

        assertEquals(200, r.status(), r.body().substring(0, Math.min(500, r.body().length())));
        JsonNode out = r.json();
        assertEquals(2, out.path("totals").path("scheduled").asInt(), out.toString());
        assertEquals(1, out.path("totals").path("failed").asInt(), out.toString());
        assertEquals(ids[1], out.path("failed").get(0).path("postId").asText());
        assertEquals("scheduled", c.call("GET", "/posts/" + ids[0], null).json().path("status").asText());
        assertEquals("scheduled", c.call("GET", "/posts/" + ids[2], null).json().path("status").asText());
        assertEquals(slots[1], c.call("GET", "/posts/" + ids[2], null).json().path("scheduledFor").asText(), "the failed post's slot went to the next");
    }
}
