package com.socialwire.posts;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.S3Clients;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanSqs;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostsFunction and ContentWorkerFunction as Lambda builds them (template.yaml's handlers), on DynamoDB Local and
 * ElasticMQ, each under its own policies from template.yaml; one proves a call outside them is AccessDenied.
 */
class PostsApiIT {

    static LocalEnvironment env;
    static FunctionClient posts;
    static FunctionClient tenants;
    static FunctionClient worker;
    static TestKeys.Key admin;
    static LeanSqs sqs;
    static String contentQueue;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.shared();
        posts = new FunctionClient(env, "PostsFunction");
        tenants = new FunctionClient(env, "TenantsFunction");
        worker = new FunctionClient(env, "ContentWorkerFunction");
        admin = TestKeys.newAccount(env);
        var config = env.functionConfig("PostsFunction");
        AwsClients aws = new AwsClients(config);
        new DynamoLedger(new Table(aws.dynamoDb(), config.require("TABLE_NAME")), Clock.systemUTC())
                .grant(admin.accountId(), 50_000_000, "test-grant-" + admin.accountId(), Ledger.Category.PROMOTIONAL, "test credits");
        // the content queue's jobs are taken as Lambda polls for ContentWorkerFunction: with its role
        sqs = new AwsClients(env.functionConfig("ContentWorkerFunction")).sqs();
        contentQueue = config.require("CONTENT_QUEUE_URL");
    }

    static String tenant(String settings) {
        Response r = tenants.call("POST", "/v1/tenants", admin.raw(), "{\"name\":\"Bloom Bakery\",\"brandVoice\":\"Warm, plain English\",\"settings\":"
                + settings + "}");
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    /** A new account with credits: a test's own key, so that its calls count against its own rate limit. */
    static TestKeys.Key account() {
        TestKeys.Key key = TestKeys.newAccount(env);
        var config = env.functionConfig("PostsFunction");
        new DynamoLedger(new Table(new AwsClients(config).dynamoDb(), config.require("TABLE_NAME")), Clock.systemUTC())
                .grant(key.accountId(), 50_000_000, "test-grant-" + key.accountId(), Ledger.Category.PROMOTIONAL, "test credits");
        return key;
    }

    static String tenant(TestKeys.Key key, String settings) {
        Response r = tenants.call("POST", "/v1/tenants", key.raw(), "{\"name\":\"Bloom Bakery\",\"settings\":" + settings + "}");
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    static Response call(String method, String path, String body) {
        return posts.call(method, path, admin.raw(), body);
    }

    static JsonNode ok(Response r) {
        assertTrue(r.status() >= 200 && r.status() < 300, r.status() + " " + r.body());
        return r.json();
    }

    static String in(int days) {
        return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Test
    void contentIsCheckedAgainstEveryTargetPlatform() {
        String t = tenant("{}");
        Response r = call("POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"" + "x".repeat(281) + "\",\"platforms\":[\"twitter\",\"instagram\",\"linkedin\"]}");
        assertEquals(422, r.status(), r.body());
        JsonNode platforms = r.json().path("error").path("details").path("platforms");
        assertEquals("TEXT_TOO_LONG", platforms.path("twitter").path(0).path("code").asText(), r.body());
        assertEquals("MEDIA_REQUIRED", platforms.path("instagram").path(0).path("code").asText(), r.body());
        assertTrue(platforms.path("linkedin").isMissingNode(), "linkedin allows 3,000 characters: " + r.body());
        assertEquals("VALIDATION_ERROR", r.json().path("error").path("code").asText());

        assertEquals(400, call("POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"hi\",\"platforms\":[\"myspace\"]}").status());
        assertEquals(400, call("POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"hi\",\"platforms\":[\"x\"],\"orgId\":\"o\"}").status());
        assertEquals(422, call("POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"hi\",\"platforms\":[\"x\"],\"scheduledFor\":\"2020-01-01T00:00:00Z\"}").status());
        Response aliased = call("POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"hi\",\"platforms\":[\"x\"]}");
        assertEquals("twitter", ok(aliased).path("platforms").path(0).asText());
        Response media = call("POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"hi\",\"platforms\":[\"instagram\"],\"media\":[\"med_doesNotExist000000000\"]}");
        assertEquals(422, media.status(), media.body());

        assertEquals(200, call("GET", "/v1/platforms", null).status());
        JsonNode ig = ok(call("GET", "/v1/platforms/instagram", null));
        assertEquals(2200, ig.path("maxCharacters").asInt());
        assertTrue(ig.path("active").asBoolean());
        Response unknown = call("GET", "/v1/platforms/myspace", null);
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().contains("Unknown platform: myspace"), unknown.body());
    }

    @Test
    void twoStageApprovalBoundToTheContent() {
        String t = tenant("{\"requiresQaApproval\":true,\"requiresClientApproval\":true}");
        String client = TestKeys.create(env, admin.accountId(), Role.CLIENT, Set.of(t)).raw();
        String id = ok(call("POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"Winter menu is here\",\"platforms\":[\"twitter\",\"linkedin\"],"
                + "\"scheduledFor\":\"" + in(3) + "\"}")).path("id").asText();
        String p = "/v1/tenants/" + t + "/posts/" + id;
        assertEquals("qa_review", ok(call("POST", p + "/submit", "{}")).path("status").asText());
        Response bad = call("POST", p + "/client-approve", "{}");
        assertEquals(409, bad.status());
        assertEquals("INVALID_TRANSITION", bad.json().path("error").path("code").asText());
        assertEquals("client_review", ok(call("POST", p + "/qa-approve", "{}")).path("status").asText());
        assertEquals(403, posts.call("POST", p + "/qa-approve", client, "{}").status(), "QA is staff work");
        JsonNode approved = ok(posts.call("POST", p + "/client-approve", client, "{}"));
        assertEquals("scheduled", approved.path("status").asText());
        assertFalse(approved.path("approval").path("approvedContentHash").asText().isEmpty());

        // an edit of approved content sends it back to review, and the trail says why
        JsonNode edited = ok(call("PUT", p, "{\"content\":\"Winter menu is here: soup!\"}"));
        assertEquals("qa_review", edited.path("status").asText());
        JsonNode last = edited.path("history").get(edited.path("history").size() - 1);
        assertEquals("edit-requires-review", last.path("action").asText());
        assertEquals("scheduled", last.path("from").asText());
        // a non-content edit (labels) of a scheduled post keeps it scheduled
        ok(call("POST", p + "/qa-approve", "{}"));
        ok(posts.call("POST", p + "/client-approve", client, "{}"));
        assertEquals("scheduled", ok(call("PUT", p, "{\"labels\":[\"winter\"]}")).path("status").asText());
        assertEquals(409, call("PUT", p, "{\"status\":\"published\"}").status());

        // the trail has every transition
        List<String> actions = new ArrayList<>();
        ok(call("GET", p, null)).path("history").forEach(h -> actions.add(h.path("action").asText()));
        assertEquals(List.of("create", "submit", "qa-approve", "client-approve", "edit-requires-review", "qa-approve", "client-approve", "update"), actions);

        // cancel, then nothing moves it
        assertEquals("cancelled", ok(call("DELETE", p, null)).path("status").asText());
        assertEquals(409, call("POST", p + "/submit", "{}").status());
    }

    @Test
    void eachFunctionIsHeldToItsOwnTemplatePoliciesInTheseTests() {
        // ContentWorkerFunction's role takes content jobs (the SQS trigger) and puts a job waiting for a video back on
        // the content queue, but may send to no other queue
        String comments = env.resources().queueUrl("CommentsQueue");
        SqsException send = assertThrows(SqsException.class, () -> sqs.send(comments, "{}", null));
        assertEquals(403, send.statusCode(), send.getMessage());
        assertTrue(send.getMessage().contains("ContentWorkerFunction is not authorized to perform: sqs:SendMessage"), send.getMessage());
        // PostsFunction reads media (S3ReadPolicy) and may not write it
        var config = env.functionConfig("PostsFunction");
        try (S3Client s3 = S3Clients.s3(new AwsClients(config))) {
            S3Exception put = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket(config.require("MEDIA_BUCKET"))
                    .key("media/not-mine.txt"), RequestBody.fromString("x")));
            assertEquals(403, put.statusCode());
            assertEquals("AccessDenied", put.awsErrorDetails().errorCode());
        }
    }

    @Test
    void qaRejectionRegeneratesThroughTheContentQueueWithTheReason() {
        String t = tenant("{\"requiresQaApproval\":true}");
        String text = "Super awesome winter menu!!! 🎉 Come try it! Our soups are gonna blow your mind!";
        String id = ok(call("POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"" + text + "\",\"platforms\":[\"linkedin\"]}")).path("id").asText();
        String p = "/v1/tenants/" + t + "/posts/" + id;
        ok(call("POST", p + "/submit", "{}"));
        ok(call("POST", p + "/comments", "{\"text\":\"Drop the emoji\",\"anchor\":{\"type\":\"text\",\"text\":\"🎉\",\"offset\":29}}"));
        String reason = "The tone is too casual. Make it more professional.";
        JsonNode rejected = ok(call("POST", p + "/qa-reject", "{\"reason\":\"" + reason + "\"}"));
        assertEquals("regenerating", rejected.path("status").asText());
        assertEquals(1, rejected.path("approval").path("rejectionCount").asInt());
        assertEquals(400, call("POST", p + "/qa-reject", "{}").status());

        LeanSqs.Message job = takeJob(id, "regenerate_post");
        JsonNode batch = runWorker(sqsEvent(job));
        assertEquals(0, batch.path("batchItemFailures").size(), batch.toString());
        JsonNode after = ok(call("GET", p, null));
        assertEquals("qa_review", after.path("status").asText());
        assertNotEquals(text, after.path("content").path("text").asText());
        assertFalse(after.path("content").path("text").asText().contains("!"), after.path("content").path("text").asText());
        JsonNode regen = after.path("lastRegeneration");
        assertTrue(regen.path("feedbackUsed").toString().contains(reason), regen.toString());
        assertTrue(regen.path("feedbackUsed").toString().contains("Drop the emoji"), regen.toString());
        assertTrue(regen.path("offlineGenerator").asBoolean());
        assertEquals(1, after.path("regenerationCount").asInt());
        // the feedback was picked up; the rejection is a comment too
        JsonNode comments = ok(call("GET", p + "/comments", null)).path("items");
        assertEquals(2, comments.size());
        comments.forEach(c -> assertTrue(c.path("agentPickedUp").asBoolean(), c.toString()));
        assertTrue(comments.toString().contains("qa_rejection"));
        // a second delivery of the same job does nothing
        runWorker(sqsEvent(job));
        assertEquals(1, ok(call("GET", p, null)).path("regenerationCount").asInt());
    }

    @Test
    void bulkCsvOfFiftyRowsWithThreeInvalid() {
        String t = tenant("{}");
        StringBuilder csv = new StringBuilder("content,platforms,scheduled_at,category,hashtags,tags\n");
        for (int i = 0; i < 50; i++) {
            String content = switch (i) {
                case 7 -> "\"" + "too long for X ".repeat(30) + "\""; // > 280 for twitter
                case 21 -> "\"Row with a bad platform\"";
                case 42 -> "\"Row with a past date\"";
                default -> "\"Post " + i + ", with a comma and \"\"quotes\"\"\"";
            };
            String platforms = i == 21 ? "myspace" : "twitter;linkedin";
            String date = i == 42 ? "2020-01-01T09:00:00Z" : i % 2 == 0 ? in(2 + i % 5) : "";
            csv.append(content).append(',').append(platforms).append(',').append(date).append(",work,#winter|#menu,food\n");
        }
        Response r = posts.call("POST", "/v1/tenants/" + t + "/posts/bulk?campaignId=winter-2026",
                Map.of("authorization", "Bearer " + admin.raw(), "content-type", "text/csv"), csv.toString());
        JsonNode out = ok(r);
        assertEquals(50, out.path("total").asInt());
        assertEquals(47, out.path("succeeded").asInt(), r.body());
        assertEquals(3, out.path("failed").asInt());
        List<Integer> failedRows = new ArrayList<>();
        out.path("results").forEach(x -> {
            if (!x.path("success").asBoolean()) {
                failedRows.add(x.path("index").asInt());
                assertFalse(x.path("error").path("message").asText().isEmpty(), x.toString());
            }
        });
        assertEquals(List.of(7, 21, 42), failedRows);
        int listed = 0;
        String cursor = null;
        do {
            JsonNode page = ok(call("GET", "/v1/tenants/" + t + "/posts?campaignId=winter-2026&limit=100" + (cursor == null ? "" : "&cursor=" + cursor), null));
            listed += page.path("items").size();
            page.path("items").forEach(x -> assertEquals("winter-2026", x.path("campaignId").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        assertEquals(47, listed);
        // 51 rows → refused whole
        StringBuilder big = new StringBuilder("content,platforms\n");
        for (int i = 0; i < 51; i++) {
            big.append("p").append(i).append(",twitter\n");
        }
        assertEquals(400, posts.call("POST", "/v1/tenants/" + t + "/posts/bulk", Map.of("authorization", "Bearer " + admin.raw(),
                "content-type", "text/csv"), big.toString()).status());
    }

    @Test
    void commentsVaultDownloadAndCampaignSchedule() {
        String t = tenant("{\"deliveryMode\":\"both\"}");
        String client = TestKeys.create(env, admin.accountId(), Role.CLIENT, Set.of(t)).raw();
        String id = ok(call("POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"Soup season\",\"platforms\":[\"linkedin\"],"
                + "\"campaignId\":\"soup\",\"hashtags\":[\"soup\"]}")).path("id").asText();
        String p = "/v1/tenants/" + t + "/posts/" + id;
        assertEquals("approved", ok(call("POST", p + "/submit", "{}")).path("status").asText());
        JsonNode c = ok(posts.call("POST", p + "/comments", client, "{\"text\":\"Love it\",\"anchor\":{\"type\":\"image\",\"mediaUrl\":\"https://example.com/a.png\"}}"));
        assertEquals("client", c.path("userRole").asText());
        String mine = ok(call("POST", p + "/comments", "{\"text\":\"staff note\"}")).path("id").asText();
        assertEquals(403, posts.call("DELETE", p + "/comments/" + mine, client, null).status());
        assertTrue(ok(call("PATCH", p + "/comments/" + c.path("id").asText(), "{}")).path("agentPickedUp").asBoolean());
        assertEquals(204, posts.call("DELETE", p + "/comments/" + c.path("id").asText(), client, null).status());

        JsonNode vault = ok(posts.call("GET", "/v1/tenants/" + t + "/vault", client, null));
        assertEquals(1, vault.path("items").size());
        Response download = posts.call("GET", p + "/download", client, null);
        assertEquals("attachment; filename=\"post-" + id + ".json\"", download.header("content-disposition"));
        assertEquals("Soup season", download.json().path("content").path("text").asText());

        JsonNode dry = ok(call("POST", "/v1/tenants/" + t + "/campaigns/soup/schedule",
                "{\"mode\":\"cadence\",\"cadence\":{\"postsPerDay\":1,\"hours\":[\"09:00\"],\"daysOfWeek\":[1,3,5]},\"timezone\":\"Europe/London\",\"dryRun\":true}"));
        assertEquals(1, dry.path("totals").path("scheduled").asInt(), dry.toString());
        assertEquals("approved", ok(call("GET", p, null)).path("status").asText(), "dry run writes nothing");
        JsonNode real = ok(call("POST", "/v1/tenants/" + t + "/campaigns/soup/schedule", "{\"calendar\":[\"" + in(4) + "\"]}"));
        assertEquals("calendar", real.path("mode").asText());
        assertEquals("scheduled", ok(call("GET", p, null)).path("status").asText());
        // the client may reschedule an approved post
        assertEquals("scheduled", ok(posts.call("POST", p + "/reschedule", client, "{\"scheduledFor\":\"" + in(5) + "\"}")).path("status").asText());
    }

    @Test
    void commentAnchorsCarryAnImagePointOrATextLength() {
        TestKeys.Key staff = account();
        String t = tenant(staff, "{}");
        String client = TestKeys.create(env, staff.accountId(), Role.CLIENT, Set.of(t)).raw();
        String id = ok(staff(staff, "POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"Soup season is here\",\"platforms\":[\"linkedin\"]}"))
                .path("id").asText();
        String p = "/v1/tenants/" + t + "/posts/" + id;
        JsonNode point = ok(posts.call("POST", p + "/comments", client,
                "{\"text\":\"Crop here\",\"anchor\":{\"type\":\"image\",\"mediaId\":\"med_a1\",\"x\":0.25,\"y\":1}}"));
        assertEquals("image", point.path("anchor").path("type").asText());
        assertEquals(0.25, point.path("anchor").path("x").doubleValue());
        assertEquals(1.0, point.path("anchor").path("y").doubleValue());
        assertTrue(point.path("anchor").path("x").isNumber(), point.toString());
        JsonNode corner = ok(staff(staff, "POST", p + "/comments", "{\"text\":\"Corner\",\"anchor\":{\"type\":\"image\",\"mediaId\":\"med_a1\",\"x\":0,\"y\":0.123456789}}"));
        assertEquals(0.0, corner.path("anchor").path("x").doubleValue());
        assertEquals(0.123457, corner.path("anchor").path("y").doubleValue(), "a point keeps six decimals");
        JsonNode whole = ok(staff(staff, "POST", p + "/comments", "{\"text\":\"The whole image\",\"anchor\":{\"type\":\"image\",\"mediaId\":\"med_a1\"}}"));
        assertFalse(whole.path("anchor").has("x"), whole.toString());
        assertFalse(whole.path("anchor").has("y"), whole.toString());
        JsonNode phrase = ok(staff(staff, "POST", p + "/comments", "{\"text\":\"Say stew\",\"anchor\":{\"type\":\"text\",\"text\":\"Soup\",\"offset\":0,\"length\":4}}"));
        assertEquals(4, phrase.path("anchor").path("length").asInt(-1));
        assertEquals("Soup", phrase.path("anchor").path("text").asText());
        JsonNode noLength = ok(staff(staff, "POST", p + "/comments", "{\"text\":\"Hm\",\"anchor\":{\"type\":\"text\",\"text\":\"season\",\"offset\":5}}"));
        assertFalse(noLength.path("anchor").has("length"), noLength.toString());

        // stored: the list answers the same anchors
        Map<String, JsonNode> listed = new java.util.HashMap<>();
        ok(staff(staff, "GET", p + "/comments", null)).path("items").forEach(c -> listed.put(c.path("id").asText(), c));
        assertEquals(point.path("anchor"), listed.get(point.path("id").asText()).path("anchor"));
        assertEquals(corner.path("anchor"), listed.get(corner.path("id").asText()).path("anchor"));
        assertEquals(phrase.path("anchor"), listed.get(phrase.path("id").asText()).path("anchor"));
        assertEquals(5, listed.size());

        // a point needs both coordinates, each a number from 0 to 1: else 422 naming the field, and nothing stored
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"type\":\"image\",\"mediaId\":\"med_a1\",\"x\":0.5}", "anchor.y");
        bad.put("{\"type\":\"image\",\"mediaId\":\"med_a1\",\"y\":0.5}", "anchor.x");
        bad.put("{\"type\":\"image\",\"mediaId\":\"med_a1\",\"x\":1.01,\"y\":0.5}", "anchor.x");
        bad.put("{\"type\":\"image\",\"mediaId\":\"med_a1\",\"x\":0.5,\"y\":-0.001}", "anchor.y");
        bad.put("{\"type\":\"image\",\"mediaId\":\"med_a1\",\"x\":\"0.5\",\"y\":0.5}", "anchor.x");
        bad.put("{\"type\":\"image\",\"mediaId\":\"med_a1\",\"x\":0.5,\"y\":true}", "anchor.y");
        bad.put("{\"type\":\"image\",\"mediaId\":\"med_a1\",\"x\":1e400,\"y\":0.5}", "anchor.x");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Response r = posts.call("POST", p + "/comments", client, "{\"text\":\"x\",\"anchor\":" + e.getKey() + "}");
            assertEquals(422, r.status(), e.getKey() + " -> " + r.body());
            assertEquals("VALIDATION_ERROR", r.json().path("error").path("code").asText());
            assertTrue(r.json().path("error").path("details").has(e.getValue()), e.getKey() + " -> " + r.body());
        }
        // a text anchor's length is a positive whole number, and points and lengths keep to their anchor's kind
        for (String anchor : List.of("{\"type\":\"text\",\"text\":\"Soup\",\"length\":0}",
                "{\"type\":\"text\",\"text\":\"Soup\",\"length\":2.5}",
                "{\"type\":\"text\",\"text\":\"Soup\",\"length\":\"4\"}",
                "{\"type\":\"text\",\"text\":\"Soup\",\"x\":0.5,\"y\":0.5}",
                "{\"type\":\"image\",\"mediaId\":\"med_a1\",\"length\":3}",
                "{\"type\":\"image\",\"mediaId\":\"med_a1\",\"x\":0.5,\"y\":0.5,\"z\":1}")) {
            Response r = staff(staff, "POST", p + "/comments", "{\"text\":\"x\",\"anchor\":" + anchor + "}");
            assertTrue(r.status() == 400 || r.status() == 422, anchor + " -> " + r.status() + " " + r.body());
            assertEquals("VALIDATION_ERROR", r.json().path("error").path("code").asText(), anchor);
        }
        assertEquals(5, ok(staff(staff, "GET", p + "/comments", null)).path("items").size(), "no refused comment was stored");
    }

    @Test
    void ifMatchGuardsTheClientsActionsAndAClientPublishesOnlyWhatIsApproved() {
        TestKeys.Key staff = account();
        String t = tenant(staff, "{\"requiresClientApproval\":true}");
        String client = TestKeys.create(env, staff.accountId(), Role.CLIENT, Set.of(t)).raw();
        String id = ok(staff(staff, "POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"Winter menu is here\",\"platforms\":[\"linkedin\"],"
                + "\"scheduledFor\":\"" + in(3) + "\"}")).path("id").asText();
        String p = "/v1/tenants/" + t + "/posts/" + id;
        assertEquals("client_review", ok(staff(staff, "POST", p + "/submit", "{}")).path("status").asText());
        JsonNode before = ok(staff(staff, "GET", p, null));
        long v = before.path("version").asLong();

        // a client key may not publish a post still under review, If-Match or not
        Response early = posts.call("POST", p + "/publish", Map.of("authorization", "Bearer " + client, "if-match", "\"" + v + "\""), "{}");
        assertEquals(409, early.status(), early.body());
        assertEquals("INVALID_TRANSITION", early.json().path("error").path("code").asText());
        // a stale version is 409 CONFLICT with both versions, a malformed one 400; neither changes the post
        Response stale = ifMatch(client, p + "/client-approve", "\"" + (v - 1) + "\"", "{}");
        assertEquals(409, stale.status(), stale.body());
        assertEquals("CONFLICT", stale.json().path("error").path("code").asText());
        assertEquals(v - 1, stale.json().path("error").path("details").path("expectedVersion").asLong());
        assertEquals(v, stale.json().path("error").path("details").path("version").asLong());
        for (String malformed : List.of("abc", "\"v3\"", "-1", "1.5", "\"\"", "W/abc", "12345678901234567890")) {
            Response bad = ifMatch(client, p + "/client-approve", malformed, "{}");
            assertEquals(400, bad.status(), malformed + " -> " + bad.body());
            assertEquals("VALIDATION_ERROR", bad.json().path("error").path("code").asText());
            assertTrue(bad.json().path("error").path("details").has("If-Match"), bad.body());
        }
        Response staleReject = ifMatch(client, p + "/client-reject", "\"" + (v + 1) + "\"", "{\"reason\":\"Too plain, add the soups\"}");
        assertEquals(409, staleReject.status(), staleReject.body());
        JsonNode unchanged = ok(staff(staff, "GET", p, null));
        for (String field : List.of("version", "status", "updatedAt", "history", "approval", "scheduledFor")) {
            assertEquals(before.path(field), unchanged.path(field), field + " changed");
        }
        assertEquals(0, ok(staff(staff, "GET", p + "/comments", null)).path("items").size(), "a refused rejection leaves no comment");

        // the matching version (quoted, weak or bare) goes through and moves the version on
        JsonNode approved = ok(ifMatch(client, p + "/client-approve", "W/\"" + v + "\"", "{}"));
        assertEquals("scheduled", approved.path("status").asText());
        long v2 = approved.path("version").asLong();
        assertTrue(v2 > v, approved.toString());
        // reschedule: stale 409 keeps the time, matching moves it
        String later = in(6);
        Response staleMove = ifMatch(client, p + "/reschedule", "\"" + v + "\"", "{\"scheduledFor\":\"" + later + "\"}");
        assertEquals(409, staleMove.status(), staleMove.body());
        assertEquals(approved.path("scheduledFor"), ok(staff(staff, "GET", p, null)).path("scheduledFor"));
        assertEquals(400, ifMatch(client, p + "/reschedule", "soon", "{\"scheduledFor\":\"" + later + "\"}").status());
        JsonNode moved = ok(ifMatch(client, p + "/reschedule", String.valueOf(v2), "{\"scheduledFor\":\"" + later + "\"}"));
        assertEquals(later, moved.path("scheduledFor").asText());
        long v3 = moved.path("version").asLong();
        // publish now: stale 409 queues nothing, malformed 400, matching 202 (a client may publish an approved, scheduled post)
        Response stalePublish = ifMatch(client, p + "/publish", "\"" + v2 + "\"", "{}");
        assertEquals(409, stalePublish.status(), stalePublish.body());
        assertEquals("CONFLICT", stalePublish.json().path("error").path("code").asText());
        assertEquals("scheduled", ok(staff(staff, "GET", p, null)).path("status").asText());
        assertEquals(400, ifMatch(client, p + "/publish", "\"next\"", "{}").status());
        Response published = ifMatch(client, p + "/publish", "\"" + v3 + "\"", "{}");
        assertEquals(202, published.status(), published.body());
        assertNotEquals("scheduled", ok(staff(staff, "GET", p, null)).path("status").asText(), "publishing started");
        takeJob(id, "publish_post"); // the one job it queued (none for the refused attempts)

        // a client-reject with the matching version goes through
        String second = ok(staff(staff, "POST", "/v1/tenants/" + t + "/posts", "{\"content\":\"Spring menu\",\"platforms\":[\"linkedin\"]}"))
                .path("id").asText();
        String q = "/v1/tenants/" + t + "/posts/" + second;
        JsonNode review = ok(staff(staff, "POST", q + "/submit", "{}"));
        assertEquals("client_review", review.path("status").asText());
        JsonNode rejected = ok(ifMatch(client, q + "/client-reject", "\"" + review.path("version").asLong() + "\"", "{\"reason\":\"Add the soups\"}"));
        assertEquals("regenerating", rejected.path("status").asText());
        takeJob(second, "regenerate_post");
    }

    static Response staff(TestKeys.Key key, String method, String path, String body) {
        return posts.call(method, path, key.raw(), body);
    }

    static Response ifMatch(String key, String path, String ifMatch, String body) {
        return posts.call("POST", path, Map.of("authorization", "Bearer " + key, "if-match", ifMatch), body);
    }

    static LeanSqs.Message takeJob(String postId, String type) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            // another test's job stays hidden for two seconds, as a Lambda poller leaves it (its role cannot change visibility)
            for (LeanSqs.Message m : sqs.receive(contentQueue, 10, 1, 2, List.of("All"))) {
                JsonNode job = Json.tree(m.body());
                if (postId.equals(job.path("postId").asText()) && type.equals(job.path("type").asText())) {
                    sqs.delete(contentQueue, m.receiptHandle());
                    return m;
                }
            }
        }
        throw new AssertionError("no " + type + " job for " + postId + " on the content queue");
    }

    static JsonNode runWorker(JsonNode event) {
        return com.socialwire.local.stores.Invoker.invokeJson(worker.handler(), event,
                new com.socialwire.local.stores.LocalContext("ContentWorkerFunction", 1024, 60));
    }

    static JsonNode sqsEvent(LeanSqs.Message m) {
        var event = Json.object();
        var r = event.putArray("Records").addObject();
        r.put("messageId", m.messageId());
        r.put("receiptHandle", m.receiptHandle());
        r.put("body", m.body());
        r.putObject("attributes").put("ApproximateReceiveCount", "1");
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:socialwire-ContentQueue");
        return event;
    }
}
