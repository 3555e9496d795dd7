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

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

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
    static LocalApi api;

    @BeforeAll
    static void start() throws Exception {
        env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 0); // failed messages come back at once: retries take ms, not minutes
        api = new LocalApi(env, "http://127.0.0.1:" + runtime.port(), new Fixtures().signup("Engagement Agency").adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    @Test
    void aSignedCommentIsRepliedToOnceInTheBrandVoiceEvenWhenDeliveredFiveTimes() throws Exception {
        LocalApi.Brand b = api.replyingBrand();
        String id = LocalApi.commentId();
        String body = LocalApi.commentsPayload(b, LocalApi.comment(b, id, "17841455555555555", "Do you have gluten-free bread on Sundays?"));
        HttpResponse<String> r = api.webhook(body);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode item = api.awaitItem(b, i -> i.path("externalId").asText().equals(id) && i.path("status").asText().equals("replied"), 5);
        assertEquals("reply", item.path("action").asText());
        assertEquals("comment", item.path("type").asText());
        assertTrue(item.path("reply").path("offlineGenerator").asBoolean(), "offline text is labelled as such");
        assertEquals(1, api.repliesCreated(id));

        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Callable<Integer>> again = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            again.add(() -> api.webhook(body).statusCode());
        }
        for (var f : pool.invokeAll(again)) {
            assertEquals(200, f.get());
        }
        pool.shutdown();
        assertEquals(200, api.webhook(body).statusCode());
        assertEquals(200, api.webhook(body).statusCode());
        Thread.sleep(1500);
        assertEquals(1, api.repliesCreated(id), "five deliveries, one reply");
    }

    @Test
    void aRetriedReplyWhosePromptChangedConvergesInsteadOfBecomingAPoisonMessageAndIsChargedOnce() throws Exception {
        Fixtures.Account agency = new Fixtures().signup("Retry Agency " + ThreadLocalRandom.current().nextInt(1_000_000));
        LocalApi mine = new LocalApi(env, api.base, agency.adminKey());
        LocalApi.Brand b = mine.replyingBrand();
        String id = LocalApi.commentId();
        var config = env.functionConfig("CommentWorkerFunction");
        Table table = new Table(new AwsClients(config).dynamoDb(), config.require("TABLE_NAME"));
        var metering = new com.socialwire.shared.billing.Metering(new com.socialwire.shared.billing.DynamoLedger(table, Clock.systemUTC()),
                com.socialwire.shared.billing.PriceCard.BUILT_IN, Clock.systemUTC());
        // a first delivery held credits for the reply's prompt as it was then, and died before the model answered
        String operation = "reply:" + com.socialwire.engagement.store.InboxStore.idFor(b.tenantId(), "comment", id);
        metering.hold(agency.id(), operation, 4_321, "auto-reply (first delivery)").orElseThrow();
        HttpResponse<String> r = mine.webhook(LocalApi.commentsPayload(b, LocalApi.comment(b, id, "17841455555555555", "Is the bakery open on Monday?")));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode item = mine.awaitItem(b, i -> i.path("externalId").asText().equals(id) && i.path("status").asText().equals("replied"), 10);
        assertEquals("reply", item.path("action").asText(), "the retry with another worst case replies, it does not loop into the DLQ");
        assertEquals(1, mine.repliesCreated(id));
        // the retry drew from its batch's hold and was charged with it; the dead delivery's hold is not reused (finding it
        // would cost a ledger read per reply): it stays held until its expiry, when the sweep gives it back, uncharged
        var ledger = metering.ledger();
        assertEquals(4_321, ledger.balance(agency.id()).reservedMicroCredits(), "only the dead delivery's hold is still held");
        ledger.expireReservations(java.time.Instant.now().plus(com.socialwire.shared.billing.Metering.HOLD_FOR).plusSeconds(60), 100_000);
        assertEquals(0, ledger.balance(agency.id()).reservedMicroCredits(), "the sweep gave it back");
        var charged = ledger.entries(agency.id(), 100, null).items().stream().flatMap(e -> e.charges().stream())
                .filter(c -> c.operationId().equals(operation)).toList();
        assertEquals(1, charged.size(), "the reply was charged once: " + charged);
    }

    @Test
    void badSignaturesAreRefusedAndNothingIsQueued() throws Exception {
        LocalApi.Brand b = api.replyingBrand();
        String id = LocalApi.commentId();
        String body = LocalApi.commentsPayload(b, LocalApi.comment(b, id, "17841455555555555", "hello"));
        assertEquals(401, api.webhook(body, null).statusCode());
        assertEquals(401, api.webhook(body, LocalApi.sign(body, "not-the-secret")).statusCode());
        assertEquals(401, api.webhook(body, LocalApi.sign(body + " ", env.secrets().get("META_APP_SECRET"))).statusCode());
        Thread.sleep(800);
        String inbox = api.send("GET", "/v1/tenants/" + b.tenantId() + "/inbox", api.key, null).body();
        assertFalse(inbox.contains(id), inbox);
        assertTrue(api.graphCalls(id).isEmpty());
    }

    @Test
    void verificationEchoesTheChallengeOnlyForOurToken() throws Exception {
        HttpResponse<String> ok = api.send("GET", "/webhooks/meta?hub.mode=subscribe&hub.verify_token="
                + env.secrets().get("META_VERIFY_TOKEN") + "&hub.challenge=1158201444", null, null);
        assertEquals(200, ok.statusCode());
        assertEquals("1158201444", ok.body());
        assertEquals(403, api.send("GET", "/webhooks/meta?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", null, null).statusCode());
    }

    @Test
    void aFlatFormCommentIsAnsweredAndIgnoredFieldsAreCountedInOpsMetrics() throws Exception {
        LocalApi.Brand b = api.replyingBrand();
        String id = LocalApi.commentId();
        String flat = "{\"object\":\"instagram\",\"entry\":[{\"id\":\"" + b.igUserId() + "\",\"time\":" + Instant.now().getEpochSecond()
                + ",\"field\":\"comments\",\"value\":" + LocalApi.comment(b, id, "17841455555555554", "Do you bake croissants daily?") + "}]}";
        assertEquals(200, api.webhook(flat).statusCode());
        JsonNode item = api.awaitItem(b, i -> i.path("externalId").asText().equals(id) && i.path("status").asText().equals("replied"), 5);
        assertEquals(1, api.repliesCreated(id), item.toString());

        long before = ignored("message_reactions");
        long now = Instant.now().toEpochMilli();
        String reaction = "{\"object\":\"instagram\",\"entry\":[{\"id\":\"" + b.igUserId() + "\",\"time\":" + now
                + ",\"messaging\":[{\"sender\":{\"id\":\"1234567890123456\"},\"recipient\":{\"id\":\"" + b.igUserId()
                + "\"},\"timestamp\":" + now + ",\"reaction\":{\"mid\":\"aWdfZAG1fake\",\"action\":\"react\",\"reaction\":\"love\"}}]}]}";
        assertEquals(200, api.webhook(reaction).statusCode());
        assertEquals(before + 1, ignored("message_reactions"));
    }

    private long ignored(String field) throws Exception {
        HttpResponse<String> m = api.send("GET", "/v1/ops/metrics", env.ownerKey(), null);
        assertEquals(200, m.statusCode(), m.body());
        return Json.tree(m.body()).path("ignoredWebhookFields").path(field).asLong(0);
    }

    @Test
    void noGoTopicsAreEscalatedAndSpamIsHiddenAndOwnCommentsAndEchoesMakeNoJob() throws Exception {
        LocalApi.Brand b = api.replyingBrand();
        String noGo = LocalApi.commentId();
        String spam = LocalApi.commentId();
        String own = LocalApi.commentId();
        api.webhook(LocalApi.commentsPayload(b,
                LocalApi.comment(b, noGo, "17841455555555551", "Who are you voting for in the election?"),
                LocalApi.comment(b, spam, "17841455555555552", "🔥🔥 FOLLOW ME for free followers!!! check my bio http://spam.example #follow #f4f"),
                LocalApi.comment(b, own, b.igUserId(), "Thanks everyone for coming!")));
        JsonNode escalated = api.awaitItem(b, i -> i.path("externalId").asText().equals(noGo) && !i.path("status").asText().equals("new"), 5);
        assertEquals("escalated", escalated.path("status").asText(), escalated.toString());
        assertEquals(0, api.repliesCreated(noGo));
        JsonNode hidden = api.awaitItem(b, i -> i.path("externalId").asText().equals(spam) && !i.path("status").asText().equals("new"), 5);
        assertEquals("hidden", hidden.path("status").asText(), hidden.toString());
        assertTrue(api.graphCalls("/" + spam).stream().anyMatch(c -> c.path("body").path("hide").asText().equals("true")));

        String echoMid = "aWdfZAG1faXRlbToxOklHTWVzc2Fn" + ThreadLocalRandom.current().nextInt(1_000_000);
        api.webhook(LocalApi.dmPayload(b, echoMid, "Sure, what flavour?", Instant.now(), true));
        Thread.sleep(1000);
        String inbox = api.send("GET", "/v1/tenants/" + b.tenantId() + "/inbox?limit=100", api.key, null).body();
        assertFalse(inbox.contains(own), "the tenant's own comment makes no job");
        assertFalse(inbox.contains(echoMid), "a message echo makes no job");
        assertTrue(api.graphCalls(own).isEmpty());
    }

    @Test
    void aSpentBudgetMeansNoLlmCallAndAnEscalationAndCostShowsSpendByModel() throws Exception {
        LocalApi.Brand b = api.brand("{\"autoReplyComments\":true,\"dailyLlmBudgetUsd\":1.5}", "[]");
        var config = env.functionConfig("CommentWorkerFunction");
        Table table = new Table(new AwsClients(config).dynamoDb(), config.require("TABLE_NAME"));
        LlmBudget budget = new LlmBudget(table, Clock.systemUTC());
        var tenant = new com.socialwire.shared.tenants.TenantProfiles(table, null).get(b.tenantId()).orElseThrow();
        var earlier = budget.reserve(tenant, new BigDecimal("1.5")).orElseThrow();
        budget.settle(earlier, "gpt-4o-mini", new BigDecimal("1.5")); // what a real model spent earlier today

        String id = LocalApi.commentId();
        api.webhook(LocalApi.commentsPayload(b, LocalApi.comment(b, id, "17841455555555553", "Are you open tomorrow?")));
        JsonNode item = api.awaitItem(b, i -> i.path("externalId").asText().equals(id) && !i.path("status").asText().equals("new"), 5);
        assertEquals("escalated", item.path("status").asText());
        assertTrue(item.path("reason").asText().startsWith("BUDGET_EXCEEDED"), item.toString());
        assertEquals(0, api.repliesCreated(id));

        JsonNode cost = Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/cost", api.key, null).body());
        assertEquals(0, new BigDecimal("1.5").compareTo(cost.path("totalUsd").decimalValue()), cost.toString());
        assertEquals(0, new BigDecimal("1.5").compareTo(cost.path("byModel").path("gpt-4o-mini").decimalValue()), cost.toString());
        assertFalse(cost.path("byModel").has("offline:template-v1"), "no LLM call was made: " + cost);
        assertEquals(0, BigDecimal.ZERO.compareTo(cost.path("budgetRemainingUsd").decimalValue()));
        JsonNode health = Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/health", api.key, null).body());
        assertFalse(health.path("checks").path("budgetOk").asBoolean(), health.toString());
    }

    @Test
    void transientGraphFailuresRetryToOneReplyAndPersistentOnesEndInTheDlqAlone() throws Exception {
        LocalApi.Brand b = api.replyingBrand();
        String flaky = LocalApi.commentId();
        String broken = LocalApi.commentId();
        String fine = LocalApi.commentId();
        api.fault("{\"pathContains\":\"/" + flaky + "/replies\",\"status\":500,\"times\":2}");
        api.fault("{\"pathContains\":\"/" + broken + "/replies\",\"status\":500,\"times\":1000}");
        api.webhook(LocalApi.commentsPayload(b,
                LocalApi.comment(b, flaky, "17841455555555554", "Is the cafe dog friendly?"),
                LocalApi.comment(b, broken, "17841455555555555", "Do you deliver to Kreuzberg?"),
                LocalApi.comment(b, fine, "17841455555555556", "Love the new sourdough!")));
        api.awaitItem(b, i -> i.path("externalId").asText().equals(flaky) && i.path("status").asText().equals("replied"), 15);
        api.awaitItem(b, i -> i.path("externalId").asText().equals(fine) && i.path("status").asText().equals("replied"), 15);
        assertEquals(1, api.repliesCreated(flaky), "500, 500, then one reply");
        assertEquals(1, api.repliesCreated(fine), "the other jobs of the batch are unaffected");

        var sqs = new AwsClients(env.functionConfig("CommentWorkerFunction")).sqs();
        String dlq = env.resources().queueUrl("CommentsDLQ");
        boolean inDlq = false;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!inDlq && System.nanoTime() < deadline) {
            var messages = sqs.receive(dlq, 10, 1, null, java.util.List.of());
            for (var m : messages) {
                if (m.body().contains(broken)) {
                    inDlq = true;
                    sqs.delete(dlq, m.receiptHandle());
                }
            }
        }
        assertTrue(inDlq, "the job that always fails lands in the DLQ after its retries");
        assertEquals(0, api.repliesCreated(broken));
        assertEquals(5, api.graphCalls("/" + broken + "/replies").stream().filter(c -> c.path("method").asText().equals("POST")).count(),
                "one attempt per receive, maxReceiveCount 5");
    }

    @Test
    void anExpiredTokenMarksTheTenantAndStopsWithoutARetryStorm() throws Exception {
        LocalApi.Brand b = api.replyingBrand();
        String id = LocalApi.commentId();
        api.fault("{\"pathContains\":\"/" + id + "/replies\",\"status\":400,\"times\":100,\"error\":{\"message\":\"Error validating access token: Session has expired\",\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463}}");
        api.webhook(LocalApi.commentsPayload(b, LocalApi.comment(b, id, "17841455555555557", "Hello there!")));
        JsonNode item = api.awaitItem(b, i -> i.path("externalId").asText().equals(id) && !i.path("status").asText().equals("new"), 5);
        assertEquals("escalated", item.path("status").asText());
        assertTrue(item.path("reason").asText().startsWith("TOKEN_EXPIRED"), item.toString());
        Thread.sleep(1000);
        assertEquals(1, api.graphCalls("/" + id + "/replies").size(), "no retries after code 190");
        JsonNode tenant = Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId(), api.key, null).body());
        assertEquals("expired", tenant.path("igTokenStatus").asText());
        JsonNode health = Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/health", api.key, null).body());
        assertFalse(health.path("checks").path("tokenValid").asBoolean());
    }

    @Test
    void dmsAreAnsweredInsideTheWindowAndEscalatedOutsideIt() throws Exception {
        LocalApi.Brand b = api.replyingBrand();
        String fresh = "aWdfZAG1faXRlbTox" + ThreadLocalRandom.current().nextInt(1_000_000_000);
        String stale = "aWdfZAG1faXRlbToy" + ThreadLocalRandom.current().nextInt(1_000_000_000);
        api.webhook(LocalApi.dmPayload(b, fresh, "Can I order a birthday cake for Saturday?", Instant.now(), false));
        api.webhook(LocalApi.dmPayload(b, stale, "Hello? Anyone there?", Instant.now().minusSeconds(25 * 3600), false));
        JsonNode answered = api.awaitItem(b, i -> i.path("externalId").asText().equals(fresh) && !i.path("status").asText().equals("new"), 5);
        assertEquals("replied", answered.path("status").asText(), answered.toString());
        JsonNode late = api.awaitItem(b, i -> i.path("externalId").asText().equals(stale) && !i.path("status").asText().equals("new"), 5);
        assertEquals("escalated", late.path("status").asText());
        assertTrue(late.path("reason").asText().startsWith("OUTSIDE_MESSAGING_WINDOW"), late.toString());
        assertEquals(1, api.graphCalls(b.igUserId() + "/messages").size(), "one DM sent, the stale one not");
    }

    @Test
    void aPersonCanAnswerAnInboxItemOnce() throws Exception {
        LocalApi.Brand b = api.brand("{\"autoReplyComments\":false}", "[]");
        String id = LocalApi.commentId();
        api.webhook(LocalApi.commentsPayload(b, LocalApi.comment(b, id, "17841455555555558", "What are your opening hours?")));
        JsonNode item = api.awaitItem(b, i -> i.path("externalId").asText().equals(id) && i.path("reason").isTextual(), 5);
        assertEquals("new", item.path("status").asText(), "auto-replies off: left for a person");
        String path = "/v1/tenants/" + b.tenantId() + "/inbox/" + item.path("id").asText() + "/reply";
        HttpResponse<String> first = api.send("POST", path, api.key, "{\"text\":\"We are open 8 to 6 every day!\"}");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("replied", Json.tree(first.body()).path("status").asText());
        assertEquals(409, api.send("POST", path, api.key, "{\"text\":\"Again\"}").statusCode());
        assertEquals(1, api.repliesCreated(id));
        HttpResponse<String> check = api.send("POST", "/v1/moderation/check", api.key, "{\"content\":\"FOLLOW ME for free followers!!! http://x.co\"}");
        assertEquals(200, check.statusCode(), check.body());
        assertFalse(Json.tree(check.body()).path("allowed").asBoolean());
    }

    /**
     * Fault: a brand's Instagram account could be claimed by someone else (igUserId taken from the body, first come
     * first served), and its webhooks and DMs then went to the claimer. Now only a token that belongs to the id binds it.
     */
    @Test
    void aBrandsInstagramAccountCannotBeClaimedBySomeoneElseAndItsWebhooksStillReachItsOwner() throws Exception {
        LocalApi owner = api;
        LocalApi rival = new LocalApi(env, api.base, new Fixtures().signup("Rival Agency").adminKey());
        String rivalIg = LocalApi.newIgUserId();
        String rivalTenant = Json.tree(rival.send("POST", "/v1/tenants", rival.key, "{\"name\":\"Rival\",\"igAccessToken\":\""
                + rival.igToken(rivalIg) + "\"}").body()).path("id").asText();

        // 1) the brand is connected; the rival sets its igUserId with the rival's own token, with none, with a made-up one
        LocalApi.Brand connected = owner.replyingBrand();
        assertClaimRefused(rival, rivalTenant, connected.igUserId());

        // 2) the brand is not connected yet: claiming it first gets nothing either, and its owner then connects it
        String notYet = LocalApi.newIgUserId();
        assertClaimRefused(rival, rivalTenant, notYet);
        HttpResponse<String> real = owner.send("POST", "/v1/tenants", owner.key, "{\"name\":\"Late Bloomer\",\"igUserId\":\"" + notYet
                + "\",\"igAccessToken\":\"" + owner.igToken(notYet) + "\",\"settings\":{\"autoReplyComments\":true}}");
        assertEquals(201, real.statusCode(), real.body());
        LocalApi.Brand late = new LocalApi.Brand(Json.tree(real.body()).path("id").asText(), notYet);

        // both brands' signed webhooks reach their owner's inbox, and none the rival's
        for (LocalApi.Brand b : List.of(connected, late)) {
            String id = LocalApi.commentId();
            assertEquals(200, api.webhook(LocalApi.commentsPayload(b, LocalApi.comment(b, id, "17841455555555561", "Is the shop open today?"))).statusCode());
            owner.awaitItem(b, i -> i.path("externalId").asText().equals(id), 5);
            String rivals = rival.send("GET", "/v1/tenants/" + rivalTenant + "/inbox?limit=100", rival.key, null).body();
            assertFalse(rivals.contains(id), rivals);
        }
        assertEquals(rivalIg, Json.tree(rival.send("GET", "/v1/tenants/" + rivalTenant, rival.key, null).body()).path("igUserId").asText());
    }

    private static void assertClaimRefused(LocalApi rival, String rivalTenant, String igUserId) throws Exception {
        List<HttpResponse<String>> claims = List.of(
                rival.send("PATCH", "/v1/tenants/" + rivalTenant, rival.key, "{\"igUserId\":\"" + igUserId + "\"}"),
                rival.send("POST", "/v1/tenants", rival.key, "{\"name\":\"Claim\",\"igUserId\":\"" + igUserId
                        + "\",\"igAccessToken\":\"" + rival.igToken(LocalApi.newIgUserId()) + "\"}"),
                rival.send("POST", "/v1/tenants", rival.key, "{\"name\":\"Claim\",\"igUserId\":\"" + igUserId + "\"}"),
                rival.send("POST", "/v1/tenants", rival.key, "{\"name\":\"Claim\",\"igUserId\":\"" + igUserId
                        + "\",\"igAccessToken\":\"IGQVJ-made-up-token-0123\"}"));
        for (HttpResponse<String> r : claims) {
            assertEquals(422, r.statusCode(), r.body());
            JsonNode error = Json.tree(r.body()).path("error");
            assertEquals("VALIDATION_ERROR", error.path("code").asText());
            assertTrue(error.path("details").has("igUserId") || error.path("details").has("igAccessToken"), r.body());
        }
    }
}
