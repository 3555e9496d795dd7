package com.socialwire.posts.regen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.posts.Posts;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.service.RegenerationService;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.billing.Usage;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.tenants.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regeneration against a real OpenAI-compatible HTTP client and a WireMock model shaped like the
 * Chat Completions API: a QA rejection's reason (and the open review comments) are in the prompt
 * the model receives; the post comes back to qa_review with the model's text; the credits are
 * held and settled at the model's real cost; a model outage keeps the post regenerating for a retry.
 */
class RegenerationIT {

    @RegisterExtension
    static WireMockExtension model = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String REWRITE = "Our winter menu is here: slow-cooked soups and fresh sourdough, served daily from 7 am.";

    LocalEnvironment env;
    /** ContentWorkerFunction's wiring: it takes regenerate_post jobs (and reads balances here). */
    Posts posts;
    /** PostsFunction's wiring: create, submit, reject, comment, the synchronous regenerate. */
    Posts api;
    TestKeys.Key admin;
    Principal staff;
    String tenantId;

    @BeforeEach
    void setUp() {
        env = LocalEnvironment.shared();
        posts = as("ContentWorkerFunction");
        api = as("PostsFunction");
        admin = TestKeys.newAccount(env);
        posts.metering().ledger().grant(admin.accountId(), 5_000_000, "grant-" + admin.accountId(), Ledger.Category.PROMOTIONAL, "test");
        staff = Principal.key(admin.accountId(), admin.keyId(), Role.ADMIN, Set.of());
        var r = new FunctionClient(env, "TenantsFunction").call("POST", "/v1/tenants", admin.raw(),
                "{\"name\":\"Bloom Bakery\",\"brandVoice\":\"Warm, plain English, no exclamation marks\",\"noGoTopics\":[\"politics\"],"
                        + "\"settings\":{\"requiresQaApproval\":true}}");
        assertEquals(201, r.status(), r.body());
        tenantId = r.json().path("id").asText();
        model.resetAll();
    }

    /** The posts context as {@code logicalId} has it (its identity and policies), the model at the WireMock stub. */
    Posts as(String logicalId) {
        Map<String, String> vars = new HashMap<>(env.functionEnvironment(logicalId));
        vars.put("LLM_PROVIDER", "openai");
        vars.put("LLM_BASE_URL", model.baseUrl() + "/v1");
        vars.put("LLM_MODEL", "gpt-4o-mini");
        vars.put("LLM_API_KEY", "sk-test-regeneration");
        return new Posts(Config.of(vars), Clock.systemUTC());
    }

    void modelAnswers(String text) {
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + Json.write(text) + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":180,\"completion_tokens\":30,\"total_tokens\":210}}")));
    }

    Post inQaReview(String text) {
        Post p = api.service().create(staff, tenantId, (ObjectNode) Json.tree("{\"content\":" + Json.write(text) + ",\"platforms\":[\"linkedin\",\"twitter\"]}"));
        return api.approvals().submit(staff, tenantId, p.id);
    }

    List<String> pendingIds() {
        List<String> ids = new java.util.ArrayList<>();
        api.pendingApprovals().forTenant(staff, tenantId, 100, null).items().forEach(e -> ids.add(e.path("postId").asText()));
        return ids;
    }

    Tenant tenant() {
        return posts.tenants().get(tenantId).orElseThrow();
    }

    @Test
    void aQaRejectionsReasonIsInThePromptAndTheRewriteReturnsToQaReview() {
        modelAnswers(REWRITE);
        Post p = inQaReview("Winter menu!!! Soups!!! Come now!!!");
        api.comments().addComment(staff, tenantId, p.id, (ObjectNode) Json.tree("{\"text\":\"Mention the sourdough\",\"anchor\":{\"type\":\"text\",\"text\":\"Soups\",\"offset\":16}}"));
        String reason = "The tone is too casual. Make it more professional.";
        Post rejected = api.approvals().qaReject(staff, tenantId, p.id, (ObjectNode) Json.tree("{\"reason\":" + Json.write(reason) + "}"));
        assertEquals("regenerating", rejected.status.wire());
        assertEquals(List.of(), pendingIds(), "a regenerating post waits for the model, not for an approver");

        long before = posts.metering().ledger().balance(admin.accountId()).availableMicroCredits();
        RegenerationService.RegenerationResult r = posts.regeneration().applyRegeneration(tenant(), rejected, "regen:" + p.id + ":1", null);
        assertEquals("qa_review", r.post().status.wire());
        assertEquals(REWRITE, r.post().text());
        assertEquals(2, r.feedbackUsed());
        assertEquals(List.of(p.id), pendingIds(), "the rewrite waits for QA again: back in the approval queue");

        // what the model was asked: the reason, the anchored comment, the brand voice, the no-go topics, the old text, the limit
        model.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-test-regeneration"))
                .withRequestBody(containing(reason))
                .withRequestBody(containing("Mention the sourdough"))
                .withRequestBody(containing("Warm, plain English, no exclamation marks"))
                .withRequestBody(containing("Never mention: politics"))
                .withRequestBody(containing("Winter menu!!! Soups!!! Come now!!!"))
                .withRequestBody(containing("At most 280 characters")));
        JsonNode last = r.post().doc.path("lastRegeneration");
        assertEquals("gpt-4o-mini-2024-07-18", last.path("model").asText());
        assertTrue(!last.path("offlineGenerator").asBoolean());
        // paid: the fee plus the model's cost, settled once
        Usage usage = r.usage();
        assertTrue(usage.settledMicroCredits() > posts.metering().card().fee("draft"), usage.toString());
        assertEquals(usage.reservedMicroCredits(), usage.settledMicroCredits() + usage.refundedMicroCredits());
        assertEquals(before - usage.settledMicroCredits(), posts.metering().ledger().balance(admin.accountId()).availableMicroCredits());
        assertEquals(0, posts.metering().ledger().balance(admin.accountId()).reservedMicroCredits());
        // the trail: submit, qa-reject with its reason, regeneration-complete
        var h = r.post().history;
        assertEquals("qa-reject", h.get(h.size() - 2).path("action").asText());
        assertEquals(reason, h.get(h.size() - 2).path("reason").asText());
        assertEquals("regeneration-complete", h.get(h.size() - 1).path("action").asText());
    }

    @Test
    void aRewriteAboutOurSelectionIsNotRefusedAsTheNoGoTopicElection() {
        var patched = new FunctionClient(env, "TenantsFunction").call("PATCH", "/v1/tenants/" + tenantId, admin.raw(),
                "{\"noGoTopics\":[\"politics\",\"election\"]}");
        assertEquals(200, patched.status(), patched.body());
        String rewrite = "Our winter selection is here: slow-cooked soups and fresh sourdough, served daily from 7 am.";
        modelAnswers(rewrite);
        Post p = inQaReview("Soup season. Come by.");
        Map<String, Object> out = api.regeneration().regenerate(staff, tenantId, p.id);
        assertEquals(rewrite, out.get("newText"), out.toString());
        assertEquals("qa_review", out.get("status"));
    }

    @Test
    void aModelOutageKeepsThePostRegeneratingForARetryThatPaysOnce() {
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"))
                .willSetStateTo("up"));
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("outage").whenScenarioStateIs("up")
                .willReturn(okJson("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":" + Json.write(REWRITE)
                        + "}}],\"model\":\"gpt-4o-mini\",\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20}}")));
        Post p = inQaReview("Soup!!!");
        Post rejected = api.approvals().qaReject(staff, tenantId, p.id, (ObjectNode) Json.tree("{\"reason\":\"Too loud\"}"));
        assertThrows(RetryLater.class, () -> posts.regeneration().applyRegeneration(tenant(), rejected, "regen:" + p.id + ":1", null));
        Post still = new PostStore(posts.table).require(tenantId, p.id);
        assertEquals("regenerating", still.status.wire());
        long available = posts.metering().ledger().balance(admin.accountId()).availableMicroCredits();
        assertEquals(0, posts.metering().ledger().balance(admin.accountId()).reservedMicroCredits(),
                "a transient failure gives the hold back (one classification for every paid call): nothing is locked during an outage");
        RegenerationService.RegenerationResult r = posts.regeneration().applyRegeneration(tenant(), still, "regen:" + p.id + ":1", null);
        assertEquals("qa_review", r.post().status.wire());
        assertEquals(REWRITE, r.post().text());
        assertEquals(0, posts.metering().ledger().balance(admin.accountId()).reservedMicroCredits());
        assertEquals(available - r.usage().settledMicroCredits(), posts.metering().ledger().balance(admin.accountId()).availableMicroCredits(),
                "the retry pays once");
    }

    @Test
    void aManualRegenerateAnswersOldAndNewTextWithUsage() {
        modelAnswers(REWRITE);
        Post p = inQaReview("Soup season. Come by.");
        Map<String, Object> out = api.regeneration().regenerate(staff, tenantId, p.id);
        assertEquals("qa_review", out.get("status"));
        assertEquals("Soup season. Come by.", out.get("oldText"));
        assertEquals(REWRITE, out.get("newText"));
        assertTrue(((Usage) out.get("usage")).settledMicroCredits() > 0);
        assertEquals(1, out.get("regenerationCount"));
    }

    @Test
    void aRetriedRegenerationWhosePromptChangedConvergesInsteadOfBecomingAPoisonMessage() {
        modelAnswers(REWRITE);
        Post p = inQaReview("Soup!!!");
        Post rejected = api.approvals().qaReject(staff, tenantId, p.id, (ObjectNode) Json.tree("{\"reason\":\"Too loud\"}"));
        String operation = "regen:" + p.id + ":1";
        // the first delivery held credits for its prompt and died before the model answered
        long firstHold = 5_000;
        posts.metering().hold(admin.accountId(), operation, firstHold, "regenerate post " + p.id).orElseThrow();
        // meanwhile a reviewer added a comment: the retry's prompt (and worst case) differ from the first delivery's
        api.comments().addComment(staff, tenantId, p.id, (ObjectNode) Json.tree("{\"text\":\"Also mention the sourdough, please\"}"));
        long before = posts.metering().ledger().balance(admin.accountId()).availableMicroCredits();
        RegenerationService.RegenerationResult r = posts.regeneration().applyRegeneration(tenant(), rejected, operation, null);
        assertEquals("qa_review", r.post().status.wire(), "the retry finishes: the job is acked, never retried into the DLQ");
        assertEquals(REWRITE, r.post().text());
        assertEquals(firstHold, r.usage().reservedMicroCredits(), "it settles what the first delivery held");
        assertEquals(0, posts.metering().ledger().balance(admin.accountId()).reservedMicroCredits());
        assertEquals(before + r.usage().refundedMicroCredits(), posts.metering().ledger().balance(admin.accountId()).availableMicroCredits());
    }

    /** The content worker's answer to one regenerate_post job delivered for the {@code receive}-th time. */
    JsonNode deliverRegenerateJob(String postId, int receive) {
        var handler = new com.socialwire.posts.handler.ContentWorkerHandler(posts.publisher(), posts.regeneration(), posts.posts(), posts.tenants());
        var event = Json.object();
        var r = event.putArray("Records").addObject();
        r.put("messageId", "msg-" + postId + "-" + receive);
        r.put("body", Json.write(Map.of("type", "regenerate_post", "tenantId", tenantId, "postId", postId, "regeneration", 1)));
        r.putObject("attributes").put("ApproximateReceiveCount", Integer.toString(receive));
        return com.socialwire.local.stores.Invoker.invokeJson(handler, event,
                new com.socialwire.local.stores.LocalContext("ContentWorkerFunction", 1024, 120));
    }

    @Test
    void aRegenerationWhoseModelStaysDownEndsWithAReasonOnItsLastReceiveInsteadOfStayingRegenerating() {
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")));
        Post p = inQaReview("Soup!!!");
        api.approvals().qaReject(staff, tenantId, p.id, (ObjectNode) Json.tree("{\"reason\":\"Too loud\"}"));
        for (int receive = 1; receive < com.socialwire.shared.jobs.SqsBatch.MAX_RECEIVES; receive++) {
            JsonNode out = deliverRegenerateJob(p.id, receive);
            assertEquals(1, out.path("batchItemFailures").size(), "receive " + receive + ": retried later");
            assertEquals("regenerating", new PostStore(posts.table).require(tenantId, p.id).status.wire());
        }
        JsonNode last = deliverRegenerateJob(p.id, com.socialwire.shared.jobs.SqsBatch.MAX_RECEIVES);
        assertEquals(0, last.path("batchItemFailures").size(), "the last receive ends the job: nothing for the DLQ");
        Post after = new PostStore(posts.table).require(tenantId, p.id);
        assertEquals("qa_review", after.status.wire(), "back to review with the old text, never stuck regenerating");
        assertEquals("Soup!!!", after.text());
        assertEquals("the model is unavailable; the text is unchanged", after.doc.path("lastRegeneration").path("error").asText());
        assertEquals(0, posts.metering().ledger().balance(admin.accountId()).reservedMicroCredits(), "nothing held");
    }
}
