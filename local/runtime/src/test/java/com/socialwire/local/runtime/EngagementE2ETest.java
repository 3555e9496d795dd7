package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.LlmBudget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engagement pipeline over HTTP on the local runtime: Meta's signed webhooks in, SQS workers,
 * moderation, brand-voice replies through the local Graph sandbox, the inbox, budgets and
 * failure handling (retries, DLQ, expired tokens).
 */
class EngagementE2ETest {

    static LocalRuntime runtime;
    static LocalEnvironment env;
    static String base;
    static HttpClient http = HttpClient.newHttpClient();
    static String key;

    @BeforeAll
    static void start() throws Exception {
        env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 0); // failed messages come back at once: retries take ms, not minutes
        base = "http://127.0.0.1:" + runtime.port();
        key = new Fixtures().signup("Engagement Agency").adminKey();
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    record Brand(String tenantId, String igUserId) {
    }

    static Brand brand(String settingsJson, String noGoTopics) throws Exception {
        String ig = "1784" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L));
        HttpResponse<String> r = send("POST", "/v1/tenants", key, "{\"name\":\"Bloom " + ig + "\",\"igHandle\":\"bloom\",\"igUserId\":\"" + ig
                + "\",\"igAccessToken\":\"IGQVJ-test-token-" + ig + "\",\"brandVoice\":\"Warm and playful\",\"noGoTopics\":" + noGoTopics
                + ",\"settings\":" + settingsJson + "}");
        assertEquals(201, r.statusCode(), r.body());
        return new Brand(Json.tree(r.body()).path("id").asText(), ig);
    }

    static Brand replyingBrand() throws Exception {
        return brand("{\"autoReplyComments\":true,\"autoReplyDms\":true}", "[\"politics\",\"election\"]");
    }

    static HttpResponse<String> send(String method, String path, String apiKey, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String sign(String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    static HttpResponse<String> webhook(String body) throws Exception {
        return webhook(body, sign(body, env.secrets().get("META_APP_SECRET")));
    }

    static HttpResponse<String> webhook(String body, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/webhooks/meta"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-Hub-Signature-256", signature);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String commentId() {
        return "178" + (10_000_000_000_000L + ThreadLocalRandom.current().nextLong(80_000_000_000_000L));
    }

    static String comment(Brand b, String id, String fromId, String text) {
        return "{\"id\":\"" + id + "\",\"text\":" + Json.write(text) + ",\"from\":{\"id\":\"" + fromId
                + "\",\"username\":\"fan_" + fromId.substring(fromId.length() - 4) + "\"},\"media\":{\"id\":\"17999999999999999\"}}";
    }

    static String commentsPayload(Brand b, String... values) {
        StringBuilder changes = new StringBuilder();
        for (String v : values) {
            changes.append(changes.isEmpty() ? "" : ",").append("{\"field\":\"comments\",\"value\":").append(v).append('}');
        }
        return "{\"object\":\"instagram\",\"entry\":[{\"id\":\"" + b.igUserId() + "\",\"time\":" + Instant.now().getEpochSecond()
                + ",\"changes\":[" + changes + "]}]}";
    }

    static String dmPayload(Brand b, String mid, String text, Instant sent, boolean echo) {
        String sender = echo ? b.igUserId() : "1234567890123456";
        String recipient = echo ? "1234567890123456" : b.igUserId();
        return "{\"object\":\"instagram\",\"entry\":[{\"id\":\"" + b.igUserId() + "\",\"time\":" + sent.toEpochMilli()
                + ",\"messaging\":[{\"sender\":{\"id\":\"" + sender + "\"},\"recipient\":{\"id\":\"" + recipient + "\"},\"timestamp\":"
                + sent.toEpochMilli() + ",\"message\":{\"mid\":\"" + mid + "\",\"text\":" + Json.write(text)
                + (echo ? ",\"is_echo\":true" : "") + "}}]}]}";
    }

    /** Polls the inbox until an item matches (or fails after {@code seconds}). */
    static JsonNode awaitItem(Brand b, Predicate<JsonNode> match, double seconds) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = send("GET", "/v1/tenants/" + b.tenantId() + "/inbox?limit=100", key, null);
            assertEquals(200, r.statusCode(), r.body());
            for (JsonNode item : Json.tree(r.body()).path("items")) {
                if (match.test(item)) {
                    return item;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching inbox item within " + seconds + " s: "
                + send("GET", "/v1/tenants/" + b.tenantId() + "/inbox?limit=100", key, null).body());
    }

    static List<JsonNode> graphCalls(String pathPart) throws Exception {
        JsonNode outbox = Json.tree(send("GET", "/_local/outbox", null, null).body());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : outbox.path("calls")) {
            if (c.path("path").asText().contains(pathPart)) {
                out.add(c);
            }
        }
        return out;
    }

    static long repliesCreated(String commentId) throws Exception {
        return graphCalls("/" + commentId + "/replies").stream().filter(c -> c.path("outcome").asText().startsWith("ok")
                || c.path("outcome").asText().startsWith("applied")).count();
    }

    static void fault(String json) throws Exception {
        assertEquals(200, send("POST", "/_local/graph/_faults", null, json).statusCode());
    }

    @Test
    void aSignedCommentIsRepliedToOnceInTheBrandVoiceEvenWhenDeliveredFiveTimes() throws Exception {
        Brand b = replyingBrand();
        String id = commentId();
        String body = commentsPayload(b, comment(b, id, "17841455555555555", "Do you have gluten-free bread on Sundays?"));
        long start = System.nanoTime();
        HttpResponse<String> r = webhook(body);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode item = awaitItem(b, i -> i.path("externalId").asText().equals(id) && i.path("status").asText().equals("replied"), 5);
        assertTrue((System.nanoTime() - start) / 1e9 < 5);
        assertEquals("reply", item.path("action").asText());
        assertEquals("comment", item.path("type").asText());
        assertTrue(item.path("reply").path("offlineGenerator").asBoolean(), "offline text is labelled as such");
        assertEquals(1, repliesCreated(id));

        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Callable<Integer>> again = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            again.add(() -> webhook(body).statusCode());
        }
        for (var f : pool.invokeAll(again)) {
            assertEquals(200, f.get());
        }
        pool.shutdown();
        assertEquals(200, webhook(body).statusCode());
        assertEquals(200, webhook(body).statusCode());
        Thread.sleep(1500);
        assertEquals(1, repliesCreated(id), "five deliveries, one reply");
    }

    @Test
    void badSignaturesAreRefusedAndNothingIsQueued() throws Exception {
        Brand b = replyingBrand();
        String id = commentId();
        String body = commentsPayload(b, comment(b, id, "17841455555555555", "hello"));
        assertEquals(401, webhook(body, null).statusCode());
        assertEquals(401, webhook(body, sign(body, "not-the-secret")).statusCode());
        assertEquals(401, webhook(body, sign(body + " ", env.secrets().get("META_APP_SECRET"))).statusCode());
        Thread.sleep(800);
        String inbox = send("GET", "/v1/tenants/" + b.tenantId() + "/inbox", key, null).body();
        assertFalse(inbox.contains(id), inbox);
        assertTrue(graphCalls(id).isEmpty());
    }

    @Test
    void verificationEchoesTheChallengeOnlyForOurToken() throws Exception {
        HttpResponse<String> ok = send("GET", "/webhooks/meta?hub.mode=subscribe&hub.verify_token="
                + env.secrets().get("META_VERIFY_TOKEN") + "&hub.challenge=1158201444", null, null);
        assertEquals(200, ok.statusCode());
        assertEquals("1158201444", ok.body());
        assertEquals(403, send("GET", "/webhooks/meta?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", null, null).statusCode());
    }

    @Test
    void noGoTopicsAreEscalatedAndSpamIsHiddenAndOwnCommentsAndEchoesMakeNoJob() throws Exception {
        Brand b = replyingBrand();
        String noGo = commentId();
        String spam = commentId();
        String own = commentId();
        webhook(commentsPayload(b,
                comment(b, noGo, "17841455555555551", "Who are you voting for in the election?"),
                comment(b, spam, "17841455555555552", "🔥🔥 FOLLOW ME for free followers!!! check my bio http://spam.example #follow #f4f"),
                comment(b, own, b.igUserId(), "Thanks everyone for coming!")));
        JsonNode escalated = awaitItem(b, i -> i.path("externalId").asText().equals(noGo) && !i.path("status").asText().equals("new"), 5);
        assertEquals("escalated", escalated.path("status").asText(), escalated.toString());
        assertEquals(0, repliesCreated(noGo));
        JsonNode hidden = awaitItem(b, i -> i.path("externalId").asText().equals(spam) && !i.path("status").asText().equals("new"), 5);
        assertEquals("hidden", hidden.path("status").asText(), hidden.toString());
        assertTrue(graphCalls("/" + spam).stream().anyMatch(c -> c.path("body").path("hide").asText().equals("true")));

        String echoMid = "aWdfZAG1faXRlbToxOklHTWVzc2Fn" + ThreadLocalRandom.current().nextInt(1_000_000);
        webhook(dmPayload(b, echoMid, "Sure, what flavour?", Instant.now(), true));
        Thread.sleep(1000);
        String inbox = send("GET", "/v1/tenants/" + b.tenantId() + "/inbox?limit=100", key, null).body();
        assertFalse(inbox.contains(own), "the tenant's own comment makes no job");
        assertFalse(inbox.contains(echoMid), "a message echo makes no job");
        assertTrue(graphCalls(own).isEmpty());
    }

    @Test
    void aSpentBudgetMeansNoLlmCallAndAnEscalationAndCostShowsSpendByModel() throws Exception {
        Brand b = brand("{\"autoReplyComments\":true,\"dailyLlmBudgetUsd\":1.5}", "[]");
        var config = env.functionConfig("CommentWorkerFunction");
        Table table = new Table(new AwsClients(config).dynamoDb(), config.require("TABLE_NAME"));
        LlmBudget budget = new LlmBudget(table, Clock.systemUTC());
        var tenant = new com.socialwire.shared.tenants.TenantProfiles(table, null).get(b.tenantId()).orElseThrow();
        var earlier = budget.reserve(tenant, new BigDecimal("1.5")).orElseThrow();
        budget.settle(earlier, "gpt-4o-mini", new BigDecimal("1.5")); // what a real model spent earlier today

        String id = commentId();
        webhook(commentsPayload(b, comment(b, id, "17841455555555553", "Are you open tomorrow?")));
        JsonNode item = awaitItem(b, i -> i.path("externalId").asText().equals(id) && !i.path("status").asText().equals("new"), 5);
        assertEquals("escalated", item.path("status").asText());
        assertTrue(item.path("reason").asText().startsWith("BUDGET_EXCEEDED"), item.toString());
        assertEquals(0, repliesCreated(id));

        JsonNode cost = Json.tree(send("GET", "/v1/tenants/" + b.tenantId() + "/cost", key, null).body());
        assertEquals(0, new BigDecimal("1.5").compareTo(cost.path("totalUsd").decimalValue()), cost.toString());
        assertEquals(0, new BigDecimal("1.5").compareTo(cost.path("byModel").path("gpt-4o-mini").decimalValue()), cost.toString());
        assertFalse(cost.path("byModel").has("offline:template-v1"), "no LLM call was made: " + cost);
        assertEquals(0, BigDecimal.ZERO.compareTo(cost.path("budgetRemainingUsd").decimalValue()));
        JsonNode health = Json.tree(send("GET", "/v1/tenants/" + b.tenantId() + "/health", key, null).body());
        assertFalse(health.path("checks").path("budgetOk").asBoolean(), health.toString());
    }

    @Test
    void transientGraphFailuresRetryToOneReplyAndPersistentOnesEndInTheDlqAlone() throws Exception {
        Brand b = replyingBrand();
        String flaky = commentId();
        String broken = commentId();
        String fine = commentId();
        fault("{\"pathContains\":\"/" + flaky + "/replies\",\"status\":500,\"times\":2}");
        fault("{\"pathContains\":\"/" + broken + "/replies\",\"status\":500,\"times\":1000}");
        webhook(commentsPayload(b,
                comment(b, flaky, "17841455555555554", "Is the cafe dog friendly?"),
                comment(b, broken, "17841455555555555", "Do you deliver to Kreuzberg?"),
                comment(b, fine, "17841455555555556", "Love the new sourdough!")));
        awaitItem(b, i -> i.path("externalId").asText().equals(flaky) && i.path("status").asText().equals("replied"), 15);
        awaitItem(b, i -> i.path("externalId").asText().equals(fine) && i.path("status").asText().equals("replied"), 15);
        assertEquals(1, repliesCreated(flaky), "500, 500, then one reply");
        assertEquals(1, repliesCreated(fine), "the other jobs of the batch are unaffected");

        SqsClient sqs = new AwsClients(env.functionConfig("CommentWorkerFunction")).sqs();
        String dlq = env.resources().queueUrl("CommentsDLQ");
        boolean inDlq = false;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!inDlq && System.nanoTime() < deadline) {
            var messages = sqs.receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (var m : messages) {
                if (m.body().contains(broken)) {
                    inDlq = true;
                    sqs.deleteMessage(d -> d.queueUrl(dlq).receiptHandle(m.receiptHandle()));
                }
            }
        }
        assertTrue(inDlq, "the job that always fails lands in the DLQ after its retries");
        assertEquals(0, repliesCreated(broken));
        assertEquals(5, graphCalls("/" + broken + "/replies").stream().filter(c -> c.path("method").asText().equals("POST")).count(),
                "one attempt per receive, maxReceiveCount 5");
    }

    @Test
    void anExpiredTokenMarksTheTenantAndStopsWithoutARetryStorm() throws Exception {
        Brand b = replyingBrand();
        String id = commentId();
        fault("{\"pathContains\":\"/" + id + "/replies\",\"status\":400,\"times\":100,\"error\":{\"message\":\"Error validating access token: Session has expired\",\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463}}");
        webhook(commentsPayload(b, comment(b, id, "17841455555555557", "Hello there!")));
        JsonNode item = awaitItem(b, i -> i.path("externalId").asText().equals(id) && !i.path("status").asText().equals("new"), 5);
        assertEquals("escalated", item.path("status").asText());
        assertTrue(item.path("reason").asText().startsWith("TOKEN_EXPIRED"), item.toString());
        Thread.sleep(1000);
        assertEquals(1, graphCalls("/" + id + "/replies").size(), "no retries after code 190");
        JsonNode tenant = Json.tree(send("GET", "/v1/tenants/" + b.tenantId(), key, null).body());
        assertEquals("expired", tenant.path("igTokenStatus").asText());
        JsonNode health = Json.tree(send("GET", "/v1/tenants/" + b.tenantId() + "/health", key, null).body());
        assertFalse(health.path("checks").path("tokenValid").asBoolean());
    }

    @Test
    void dmsAreAnsweredInsideTheWindowAndEscalatedOutsideIt() throws Exception {
        Brand b = replyingBrand();
        String fresh = "aWdfZAG1faXRlbTox" + ThreadLocalRandom.current().nextInt(1_000_000_000);
        String stale = "aWdfZAG1faXRlbToy" + ThreadLocalRandom.current().nextInt(1_000_000_000);
        webhook(dmPayload(b, fresh, "Can I order a birthday cake for Saturday?", Instant.now(), false));
        webhook(dmPayload(b, stale, "Hello? Anyone there?", Instant.now().minusSeconds(25 * 3600), false));
        JsonNode answered = awaitItem(b, i -> i.path("externalId").asText().equals(fresh) && !i.path("status").asText().equals("new"), 5);
        assertEquals("replied", answered.path("status").asText(), answered.toString());
        JsonNode late = awaitItem(b, i -> i.path("externalId").asText().equals(stale) && !i.path("status").asText().equals("new"), 5);
        assertEquals("escalated", late.path("status").asText());
        assertTrue(late.path("reason").asText().startsWith("OUTSIDE_MESSAGING_WINDOW"), late.toString());
        assertEquals(1, graphCalls(b.igUserId() + "/messages").size(), "one DM sent, the stale one not");
    }

    @Test
    void aPersonCanAnswerAnInboxItemOnce() throws Exception {
        Brand b = brand("{\"autoReplyComments\":false}", "[]");
        String id = commentId();
        webhook(commentsPayload(b, comment(b, id, "17841455555555558", "What are your opening hours?")));
        JsonNode item = awaitItem(b, i -> i.path("externalId").asText().equals(id) && i.path("reason").isTextual(), 5);
        assertEquals("new", item.path("status").asText(), "auto-replies off: left for a person");
        String path = "/v1/tenants/" + b.tenantId() + "/inbox/" + item.path("id").asText() + "/reply";
        HttpResponse<String> first = send("POST", path, key, "{\"text\":\"We are open 8 to 6 every day!\"}");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("replied", Json.tree(first.body()).path("status").asText());
        assertEquals(409, send("POST", path, key, "{\"text\":\"Again\"}").statusCode());
        assertEquals(1, repliesCreated(id));
        HttpResponse<String> check = send("POST", "/v1/moderation/check", key, "{\"content\":\"FOLLOW ME for free followers!!! http://x.co\"}");
        assertEquals(200, check.statusCode(), check.body());
        assertFalse(Json.tree(check.body()).path("allowed").asBoolean());
    }
}
