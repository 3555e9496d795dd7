package com.socialwire.posts.studio.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.Invoker;
import com.socialwire.local.stores.LocalContext;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.posts.Posts;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.platform.ContentCheck;
import com.socialwire.posts.studio.prompt.PromptBuilder;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanSqs;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.providers.llm.LlmResult;
import com.socialwire.shared.providers.llm.PriceTable;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.text.TopicMatcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Content jobs end to end on the embedded stores: ContentJobsFunction as Lambda builds it (template.yaml's handler,
 * environment and policies) creates, lists, reads and cancels jobs and shows their prompts; ContentWorkerFunction takes
 * the jobs it queued from ElasticMQ and runs them with the offline generator or a WireMock model, metered on the ledger.
 */
class ContentJobsIT {

    @RegisterExtension
    static WireMockExtension model = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static LocalEnvironment env;
    static FunctionClient api;
    static FunctionClient tenants;
    static FunctionClient studio;
    static FunctionClient offlineWorker;
    static LeanSqs sqs;
    static String queue;

    TestKeys.Key admin;
    Posts posts;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.shared();
        api = new FunctionClient(env, "ContentJobsFunction");
        tenants = new FunctionClient(env, "TenantsFunction");
        studio = new FunctionClient(env, "StudioFunction");
        offlineWorker = new FunctionClient(env, "ContentWorkerFunction", Map.of("LLM_PROVIDER", "offline"));
        sqs = new AwsClients(env.functionConfig("ContentWorkerFunction")).sqs();
        queue = env.functionConfig("ContentJobsFunction").require("CONTENT_QUEUE_URL");
    }

    @BeforeEach
    void account() {
        admin = TestKeys.newAccount(env);
        posts = worker(Map.of("LLM_PROVIDER", "offline"), Clock.systemUTC());
        posts.metering().ledger().grant(admin.accountId(), 5_000_000, "grant-" + admin.accountId(), Ledger.Category.PROMOTIONAL, "test");
        model.resetAll();
    }

    /** The posts context as ContentWorkerFunction has it, with {@code extra} over its environment. */
    static Posts worker(Map<String, String> extra, Clock clock) {
        Map<String, String> vars = new HashMap<>(env.functionEnvironment("ContentWorkerFunction"));
        vars.putAll(extra);
        return new Posts(Config.of(vars), clock);
    }

    static Map<String, String> wireMockModel() {
        return Map.of("LLM_PROVIDER", "openai", "LLM_BASE_URL", model.baseUrl() + "/v1", "LLM_MODEL", "gpt-4o-mini", "LLM_API_KEY", "sk-test-jobs");
    }

    String tenant(String extra) {
        Response r = tenants.call("POST", "/v1/tenants", admin.raw(), "{\"name\":\"Bloom Bakery\",\"brandVoice\":\"Warm, plain English\"" + extra + "}");
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    JsonNode studioOk(String tenantId, String method, String path, String body) {
        Response r = studio.call(method, "/v1/tenants/" + tenantId + path, admin.raw(), body);
        assertTrue(r.status() == 200 || r.status() == 201, r.body());
        return r.json();
    }

    Response create(String tenantId, String body) {
        return api.call("POST", "/v1/tenants/" + tenantId + "/content/jobs", admin.raw(), body);
    }

    JsonNode created(String tenantId, String body) {
        Response r = create(tenantId, body);
        assertEquals(202, r.status(), r.body());
        return r.json();
    }

    JsonNode get(String tenantId, String jobId) {
        Response r = api.call("GET", "/v1/tenants/" + tenantId + "/content/jobs/" + jobId, admin.raw(), null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    long available() {
        return posts.metering().ledger().balance(admin.accountId()).availableMicroCredits();
    }

    long reserved() {
        return posts.metering().ledger().balance(admin.accountId()).reservedMicroCredits();
    }

    /** The job's message from the content queue, as Lambda's poller takes it for ContentWorkerFunction. */
    static LeanSqs.Message take(String jobId) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (LeanSqs.Message m : sqs.receive(queue, 10, 1, 2, List.of("All"))) {
                if (jobId.equals(Json.tree(m.body()).path("jobId").asText())) {
                    sqs.delete(queue, m.receiptHandle());
                    return m;
                }
            }
        }
        throw new AssertionError("no message for content job " + jobId + " on the content queue");
    }

    static JsonNode run(FunctionClient worker, LeanSqs.Message m, int receiveCount) {
        var event = Json.object();
        var r = event.putArray("Records").addObject();
        r.put("messageId", m.messageId());
        r.put("receiptHandle", m.receiptHandle());
        r.put("body", m.body());
        r.putObject("attributes").put("ApproximateReceiveCount", Integer.toString(receiveCount));
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:socialwire-ContentQueue");
        JsonNode out = Invoker.invokeJson(worker.handler(), event, new LocalContext("ContentWorkerFunction", 1024, 120));
        assertEquals(0, out.path("batchItemFailures").size(), out.toString());
        return out;
    }

    // ------------------------------------------------------------------ the API

    @Test
    void lifecycleOverHttpCreateListFilterCursorGetCancelAndPrompt() {
        String t = tenant("");
        JsonNode caption = created(t, "{\"type\":\"generate_caption\",\"prompt\":\"Sourdough week\",\"keywords\":[\"sourdough\"],"
                + "\"platforms\":[\"twitter\"],\"provider\":\"offline\",\"temperature\":0.4,\"maxTokens\":300}");
        assertEquals("pending", caption.path("status").asText());
        assertTrue(caption.path("id").asText().startsWith("job_"), caption.toString());
        assertEquals(300, caption.path("request").path("maxTokens").asInt());
        String blog = created(t, "{\"type\":\"generate_blog\",\"topic\":\"Why we ferment for 48 hours\",\"length\":\"short\"}").path("id").asText();
        String email = created(t, "{\"type\":\"generate_email\",\"prompt\":\"December opening hours\"}").path("id").asText();

        // newest first, two to a page, the cursor to the third
        Response page1 = api.call("GET", "/v1/tenants/" + t + "/content/jobs?limit=2", admin.raw(), null);
        assertEquals(200, page1.status(), page1.body());
        assertEquals(List.of(email, blog), ids(page1.json()));
        String cursor = page1.json().path("nextCursor").asText();
        Response page2 = api.call("GET", "/v1/tenants/" + t + "/content/jobs?limit=2&cursor=" + cursor, admin.raw(), null);
        assertEquals(List.of(caption.path("id").asText()), ids(page2.json()), page2.body());
        assertEquals(List.of(blog), ids(api.call("GET", "/v1/tenants/" + t + "/content/jobs?type=generate_blog", admin.raw(), null).json()));
        assertEquals(400, api.call("GET", "/v1/tenants/" + t + "/content/jobs?status=done", admin.raw(), null).status());

        // a pending job has no prompt yet; cancelled at once, and a second cancel is 409
        assertEquals(409, api.call("GET", "/v1/tenants/" + t + "/content/jobs/" + blog + "/prompt", admin.raw(), null).status());
        Response cancelled = api.call("POST", "/v1/tenants/" + t + "/content/jobs/" + blog + "/cancel", admin.raw(), "{}");
        assertEquals(200, cancelled.status(), cancelled.body());
        assertEquals("cancelled", cancelled.json().path("status").asText());
        Response again = api.call("POST", "/v1/tenants/" + t + "/content/jobs/" + blog + "/cancel", admin.raw(), "{}");
        assertEquals(409, again.status());
        assertEquals("INVALID_TRANSITION", again.json().path("error").path("code").asText());
        // its message, when it comes, does nothing and charges nothing
        long before = available();
        run(offlineWorker, take(blog), 1);
        assertEquals("cancelled", get(t, blog).path("status").asText());
        assertEquals(before, available());

        // the caption runs: completed with its text, metadata and usage; its prompt is readable
        run(offlineWorker, take(caption.path("id").asText()), 1);
        JsonNode done = get(t, caption.path("id").asText());
        assertEquals("completed", done.path("status").asText(), done.toString());
        assertFalse(done.path("result").path("content").asText().isBlank());
        assertTrue(done.path("result").path("metadata").path("offlineGenerator").asBoolean());
        assertEquals(2_000, done.path("usage").path("settledMicroCredits").asLong(), done.toString());
        assertTrue(done.path("result").path("metadata").path("wordCount").asInt() > 0);
        Response prompt = api.call("GET", "/v1/tenants/" + t + "/content/jobs/" + caption.path("id").asText() + "/prompt", admin.raw(), null);
        assertEquals(200, prompt.status(), prompt.body());
        assertTrue(prompt.json().path("user").asText().contains("Sourdough week"), prompt.body());
        assertTrue(prompt.json().path("system").asText().contains("\"sourdough\" (primary"), "the keywords are in the prompt: " + prompt.body());
        assertEquals(List.of(done.path("id").asText()),
                ids(api.call("GET", "/v1/tenants/" + t + "/content/jobs?status=completed", admin.raw(), null).json()));
        run(offlineWorker, take(email), 1);
    }

    static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("items").forEach(i -> out.add(i.path("id").asText()));
        return out;
    }

    @Test
    void badRequestsAreClear4xxInTheErrorEnvelope() {
        String t = tenant("");
        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("{\"type\":\"generate_poem\",\"prompt\":\"x\"}", 400);
        cases.put("{\"prompt\":\"x\"}", 400);
        cases.put("{\"type\":\"generate_caption\"}", 400);
        cases.put("{\"type\":\"generate_caption\",\"prompt\":\"x\",\"temperature\":2.5}", 400);
        cases.put("{\"type\":\"generate_caption\",\"prompt\":\"x\",\"maxTokens\":8}", 400);
        cases.put("{\"type\":\"generate_caption\",\"prompt\":\"x\",\"maxTokens\":100.5}", 422);
        cases.put("{\"type\":\"generate_caption\",\"prompt\":\"x\",\"provider\":\"gemini\"}", 400);
        cases.put("{\"type\":\"generate_caption\",\"prompt\":\"x\",\"model\":\"gpt 4; drop\"}", 400);
        cases.put("{\"type\":\"generate_caption\",\"prompt\":\"x\",\"length\":\"epic\"}", 400);
        cases.put("{\"type\":\"generate_caption\",\"prompt\":\"x\",\"orgId\":\"o\"}", 400);
        cases.put("{\"type\":\"generate_calendar\",\"prompt\":\"x\",\"days\":40,\"platforms\":[\"twitter\"]}", 400);
        cases.put("{\"type\":\"generate_calendar\",\"prompt\":\"x\",\"days\":7}", 400);
        cases.put("{\"type\":\"generate_calendar\",\"prompt\":\"x\",\"days\":7,\"platforms\":[\"myspace\"]}", 400);
        cases.put("{\"type\":\"generate_calendar\",\"prompt\":\"x\",\"days\":7,\"platforms\":[\"twitter\"],\"cadence\":{\"postsPerDay\":1,\"postsPerWeek\":3}}", 400);
        cases.put("{\"type\":\"generate_calendar\",\"prompt\":\"x\",\"days\":7,\"platforms\":[\"twitter\",\"instagram\"]}", 422);
        cases.put("{\"type\":\"repurpose\",\"text\":\"x\"}", 400);
        cases.put("{\"type\":\"schedule_post\",\"postId\":\"post_x\",\"scheduledFor\":\"tomorrow\"}", 400);
        cases.put("{\"type\":\"regenerate_post\",\"postId\":\"med_x\"}", 400);
        cases.forEach((body, status) -> {
            Response r = create(t, body);
            assertEquals(status, r.status(), body + " → " + r.body());
            assertEquals("VALIDATION_ERROR", r.json().path("error").path("code").asText(), r.body());
            assertTrue(r.json().path("error").path("requestId").asText().startsWith("req_"), r.body());
        });
        Response notJson = create(t, "{\"type\":");
        assertEquals(400, notJson.status(), notJson.body());
    }

    @Test
    void anotherTenantsJobIs404() {
        String mine = tenant("");
        String other = tenant("");
        String job = created(mine, "{\"type\":\"generate_caption\",\"prompt\":\"x\"}").path("id").asText();
        assertEquals(404, api.call("GET", "/v1/tenants/" + other + "/content/jobs/" + job, admin.raw(), null).status());
        assertEquals(404, api.call("POST", "/v1/tenants/" + other + "/content/jobs/" + job + "/cancel", admin.raw(), "{}").status());
        assertEquals(404, api.call("GET", "/v1/tenants/" + other + "/content/jobs/" + job + "/prompt", admin.raw(), null).status());
        assertEquals(List.of(), ids(api.call("GET", "/v1/tenants/" + other + "/content/jobs", admin.raw(), null).json()));
        // another account's key does not reach the tenant at all
        TestKeys.Key stranger = TestKeys.newAccount(env);
        assertEquals(404, api.call("GET", "/v1/tenants/" + mine + "/content/jobs/" + job, stranger.raw(), null).status());
        assertEquals(404, api.call("POST", "/v1/tenants/" + mine + "/content/jobs", stranger.raw(), "{\"type\":\"generate_caption\",\"prompt\":\"x\"}").status());
        take(job);
    }

    // ------------------------------------------------------------------ the worker

    @Test
    void aFourteenDayCalendarOnThreePlatformsMakesDraftsThatFitInTheTenantsTimezoneAndNoneOnANoGoTopic() {
        String t = tenant(",\"timezone\":\"America/New_York\",\"noGoTopics\":[\"politics\"]");
        // what the studio writes from: a strategy edited twice (version 2), an SEO rule, a calendar template
        studioOk(t, "PUT", "/strategy", "{\"brandVoice\":\"Warm\",\"pillars\":[\"baking tips\"],\"changeSummary\":\"first\"}");
        studioOk(t, "PUT", "/strategy", "{\"tone\":\"cheerful\",\"audience\":\"Neighbours\",\"changeSummary\":\"audience\"}");
        studioOk(t, "POST", "/seo-rules", "{\"keyword\":\"artisan bakery\",\"weight\":0.9,\"kind\":\"primary\","
                + "\"rules\":[\"use the primary keyword in the first sentence\"]}");
        String templateId = studioOk(t, "POST", "/templates", "{\"name\":\"Fortnight\",\"contentType\":\"calendar\","
                + "\"body\":\"Plan posts for {season} at {shop}.\",\"variables\":[{\"name\":\"season\",\"required\":true},"
                + "{\"name\":\"shop\",\"required\":true}]}").path("id").asText();
        // a missing template variable is 422 when the job is created, naming it, and no job is made
        Response missing = create(t, "{\"type\":\"generate_calendar\",\"prompt\":\"winter\",\"days\":14,\"platforms\":[\"twitter\"],"
                + "\"templateId\":\"" + templateId + "\",\"variables\":{\"season\":\"winter\"}}");
        assertEquals(422, missing.status(), missing.body());
        assertTrue(missing.body().contains("shop"), missing.body());
        JsonNode job = created(t, "{\"type\":\"generate_calendar\",\"templateId\":\"" + templateId + "\","
                + "\"variables\":{\"season\":\"winter\",\"shop\":\"Bloom Bakery\"},\"prompt\":\"Winter baking at Bloom Bakery, slow-fermented breads and seasonal"
                + " pastries made every morning by our small team of bakers who care about every loaf they shape, and the neighbours"
                + " who come back for them every week from all over the old town and the new estates by the river\","
                + "\"keywords\":[\"sourdough\",\"winter bread\"],\"days\":14,\"cadence\":{\"postsPerDay\":1},"
                + "\"platforms\":[\"twitter\",\"linkedin\",\"bluesky\"],\"pillars\":[\"baking tips\",\"local politics\",\"seasonal menu\"]}");
        run(offlineWorker, take(job.path("id").asText()), 1);

        JsonNode done = get(t, job.path("id").asText());
        assertEquals("completed", done.path("status").asText(), done.toString());
        JsonNode result = done.path("result");
        // every third entry is on the "local politics" pillar: dropped and recorded, never a draft
        assertEquals(5, result.path("dropped").size(), result.toString());
        result.path("dropped").forEach(d -> assertTrue(d.path("reason").asText().contains("no-go topic"), d.toString()));
        assertEquals(9, result.path("posts").size(), result.toString());
        assertEquals("America/New_York", result.path("timezone").asText());
        ZoneId ny = ZoneId.of("America/New_York");
        LocalDate tomorrow = LocalDate.now(ny).plusDays(1);
        Set<LocalDate> days = new HashSet<>();
        for (JsonNode id : result.path("posts")) {
            Post p = posts.posts().require(t, id.asText());
            assertEquals("draft", p.status.wire());
            assertEquals(List.of("twitter", "linkedin", "bluesky"), p.platforms());
            assertEquals(List.of(), ContentCheck.check(p.draft(), p.platforms()), "the draft fits every platform: " + p.text());
            for (String platform : p.platforms()) {
                String published = ContentCheck.compose(p.draft(), com.socialwire.posts.platform.Platforms.require(platform));
                assertFalse(TopicMatcher.mentionsAny(published, List.of("politics")), published);
            }
            ZonedDateTime local = p.scheduledFor.atZone(ny);
            assertEquals(9, local.getHour(), "09:00 in the tenant's timezone: " + local);
            assertEquals(0, local.getMinute());
            assertTrue(!local.toLocalDate().isBefore(tomorrow) && local.toLocalDate().isBefore(tomorrow.plusDays(14)), local.toString());
            assertTrue(days.add(local.toLocalDate()), "one post a day: " + local);
            assertEquals(job.path("id").asText(), p.campaignId());
            assertEquals("content_job", p.doc.path("source").asText());
        }
        // twitter's 280 made at least one entry's text shorter there than on linkedin
        JsonNode first = posts.posts().require(t, result.path("posts").get(0).asText()).doc.path("content");
        assertTrue(first.path("platformOverrides").size() > 0, first.toString());

        // the stored prompt: which strategy and template versions (none yet), the SEO keywords, the plan's instructions
        JsonNode prompt = api.call("GET", "/v1/tenants/" + t + "/content/jobs/" + job.path("id").asText() + "/prompt", admin.raw(), null).json();
        assertEquals(2, prompt.path("strategyVersion").asInt(), prompt.toString());
        assertEquals(templateId, prompt.path("templateId").asText(), prompt.toString());
        assertEquals(1, prompt.path("templateVersion").asInt(), prompt.toString());
        assertTrue(prompt.toString().contains("artisan bakery") && prompt.toString().contains("use the primary keyword in the first sentence"),
                prompt.toString());
        assertTrue(prompt.toString().contains("Plan posts for"), prompt.toString());
        // a later strategy edit does not change what this job says it was written from
        studioOk(t, "PUT", "/strategy", "{\"tone\":\"calm\",\"changeSummary\":\"calmer\"}");
        assertEquals(2, api.call("GET", "/v1/tenants/" + t + "/content/jobs/" + job.path("id").asText() + "/prompt", admin.raw(), null)
                .json().path("strategyVersion").asInt());
        assertTrue(prompt.path("system").asText().contains("\"sourdough\" (primary") && prompt.path("system").asText().contains("\"winter bread\""),
                prompt.toString());
        assertTrue(prompt.path("system").asText().contains("Plan 14 social media posts"), prompt.toString());
        assertTrue(prompt.path("system").asText().contains("Never mention: politics"), prompt.toString());
        assertEquals(2_000, done.path("usage").path("settledMicroCredits").asLong());

        // a redelivered message of the finished job changes nothing and charges nothing more
        long before = available();
        var again = Json.object().put("tenantId", t).put("jobId", job.path("id").asText()).put("type", "generate_calendar").put("contentJob", true);
        run(offlineWorker, new LeanSqs.Message("redelivered-1", "rh", Json.write(again), Map.of()), 2);
        assertEquals(before, available());
        assertEquals(9, get(t, job.path("id").asText()).path("result").path("posts").size());
    }

    @Test
    void outOfCreditsFailsTheJobWithThatReasonAndGeneratesNothing() {
        TestKeys.Key poor = TestKeys.newAccount(env);
        Response tr = tenants.call("POST", "/v1/tenants", poor.raw(), "{\"name\":\"Empty Purse\"}");
        String t = tr.json().path("id").asText();
        Response r = api.call("POST", "/v1/tenants/" + t + "/content/jobs", poor.raw(),
                "{\"type\":\"generate_calendar\",\"prompt\":\"Spring\",\"days\":3,\"platforms\":[\"twitter\"]}");
        assertEquals(202, r.status(), r.body());
        String job = r.json().path("id").asText();
        FunctionClient modelWorker = new FunctionClient(env, "ContentWorkerFunction", wireMockModel());
        run(modelWorker, take(job), 1);

        JsonNode failed = api.call("GET", "/v1/tenants/" + t + "/content/jobs/" + job, poor.raw(), null).json();
        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertTrue(failed.path("error").asText().startsWith("not enough credits"), failed.toString());
        assertTrue(failed.path("result").isNull());
        model.verify(0, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
        assertEquals(0, posts.posts().list(t, null, null, null, null, job, 100, null).items().size());
        assertEquals(0, posts.metering().ledger().balance(poor.accountId()).reservedMicroCredits());
    }

    @Test
    void aRedeliveredMessageOfAJobWhoseWorkerDiedIsChargedOnce() {
        String t = tenant("");
        modelAnswers("Fresh loaves every morning.", 1000, 500);
        JsonNode job = created(t, "{\"type\":\"generate_caption\",\"prompt\":\"Morning bread\",\"maxTokens\":600}");
        String id = job.path("id").asText();
        LeanSqs.Message m = take(id);
        Posts modelPosts = worker(wireMockModel(), Clock.systemUTC());
        // the first attempt claimed the job and died before its call (its invocation timed out; its batch's hold expires by
        // itself): the job is still in_progress when SQS delivers the message again
        modelPosts.contentJobStore().update(t, id, j -> {
            j.status = JobStatus.IN_PROGRESS;
            j.startedAt = Instant.now().minus(Duration.ofMinutes(20));
            j.attemptStartedAt = j.startedAt;
            j.deadline = j.startedAt.plus(ContentJobRunner.DEADLINE);
            return true;
        }).orElseThrow();
        long before = available();

        FunctionClient modelWorker = new FunctionClient(env, "ContentWorkerFunction", wireMockModel());
        run(modelWorker, m, 2);
        run(modelWorker, m, 3);

        JsonNode done = get(t, id);
        assertEquals("completed", done.path("status").asText(), done.toString());
        long settled = done.path("usage").path("settledMicroCredits").asLong();
        assertEquals(before - settled, available(), "one charge for the job");
        assertEquals(0, reserved());
        model.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    }

    @Test
    void cancelWhileRunningFinishesTheCallButStoresNothingAndRefunds() {
        String t = tenant("");
        String id = created(t, "{\"type\":\"generate_blog\",\"prompt\":\"Rye\"}").path("id").asText();
        take(id);
        long before = available();
        // the model's call is under way when the client cancels the job over HTTP
        JobModels cancelling = (provider, name) -> new LlmClient() {
            @Override
            public String describe() {
                return "openai:gpt-4o-mini";
            }

            @Override
            public boolean offline() {
                return false;
            }

            @Override
            public LlmResult complete(LlmRequest request) {
                assertEquals(200, api.call("POST", "/v1/tenants/" + t + "/content/jobs/" + id + "/cancel", admin.raw(), "{}").status());
                return new LlmResult.Ok("# Rye\n\nA long post.", "gpt-4o-mini", 900, 400, new BigDecimal("0.000375"));
            }
        };
        runner(posts, cancelling, Clock.systemUTC()).run(t, id, false);

        JsonNode job = get(t, id);
        assertEquals("cancelled", job.path("status").asText(), job.toString());
        assertTrue(job.path("result").isNull(), "nothing stored: " + job);
        assertEquals(0, job.path("usage").path("settledMicroCredits").asLong(), job.toString());
        assertTrue(job.path("usage").path("refundedMicroCredits").asLong() > 2_000, job.toString());
        assertEquals(before, available());
        assertEquals(0, reserved());
    }

    static ContentJobRunner runner(Posts p, JobModels models, Clock clock) {
        return new ContentJobRunner(p.contentJobStore(), p.tenants(), p.promptBuilder(), models, PriceTable.defaults(), p.metering(),
                new LlmBudget(p.table, clock), p.service(), Lazy.of(p::publishing), Lazy.of(p::regeneration), clock);
    }

    @Test
    void aJobStuckPastItsDeadlineIsRefundedAndFailedByTheSweep() {
        String t = tenant("");
        String id = created(t, "{\"type\":\"generate_landing\",\"prompt\":\"Catering\"}").path("id").asText();
        take(id);
        long before = available();
        // its worker claimed it and held credits, then died on the message's last receive
        ContentJob job = posts.contentJobRunner().claim(t, id).orElseThrow();
        assertNotNull(posts.metering().hold(admin.accountId(), job.operationId(), 4_000, "dying attempt").orElse(null));
        assertEquals(before - 4_000, available());

        // a minute before its deadline the sweep leaves it; after it, the sweep fails and refunds it
        Clock justBefore = Clock.fixed(job.deadline.minusSeconds(60), ZoneId.of("UTC"));
        assertEquals(0, worker(Map.of(), justBefore).contentJobSweep().sweep().ended());
        assertEquals("in_progress", get(t, id).path("status").asText());
        Clock after = Clock.fixed(job.deadline.plusSeconds(60), ZoneId.of("UTC"));
        assertEquals(1, worker(Map.of(), after).contentJobSweep().sweep().ended());
        assertEquals(0, worker(Map.of(), after).contentJobSweep().sweep().ended(), "a second sweep finds nothing to end");

        JsonNode swept = get(t, id);
        assertEquals("failed", swept.path("status").asText(), swept.toString());
        assertEquals(ContentJobSweep.REASON, swept.path("error").asText());
        assertEquals(before, available());
        assertEquals(0, reserved());
        // a late message of it does nothing
        runner(posts, (p, m) -> { throw new AssertionError("no model call for a failed job"); }, Clock.systemUTC()).run(t, id, true);
        assertEquals("failed", get(t, id).path("status").asText());
    }

    void modelAnswers(String text, int in, int out) {
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + Json.write(text) + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + in + ",\"completion_tokens\":" + out + "}}")));
    }

    // ------------------------------------------------------------------ schedule_post, regenerate_post, per-job models

    @Test
    void schedulePostReschedulesThroughThePostsWorkflowWithoutACharge() {
        String t = tenant("");
        Instant in2 = Instant.now().plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Post p = posts.service().create(com.socialwire.shared.security.Principal.key(admin.accountId(), admin.keyId(),
                com.socialwire.shared.security.Role.ADMIN, Set.of()), t, (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(
                "{\"content\":\"Stollen is back\",\"platforms\":[\"twitter\"],\"scheduledFor\":\"" + in2 + "\",\"status\":\"scheduled\"}"));
        assertEquals("scheduled", p.status.wire());
        Instant in3 = in2.plus(Duration.ofDays(1));
        String job = created(t, "{\"type\":\"schedule_post\",\"postId\":\"" + p.id + "\",\"scheduledFor\":\"" + in3 + "\"}").path("id").asText();
        long before = available();
        run(offlineWorker, take(job), 1);
        JsonNode done = get(t, job);
        assertEquals("completed", done.path("status").asText(), done.toString());
        assertEquals(in3, posts.posts().require(t, p.id).scheduledFor);
        assertEquals(before, available(), "no model, no charge");
        assertTrue(done.path("usage").isNull());
        assertEquals(409, api.call("GET", "/v1/tenants/" + t + "/content/jobs/" + job + "/prompt", admin.raw(), null).status());

        // a post the workflow cannot reschedule: the job fails with the workflow's own reason
        Post draft = posts.service().create(null, t, (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree("{\"content\":\"Draft\",\"platforms\":[\"twitter\"]}"));
        String bad = created(t, "{\"type\":\"schedule_post\",\"postId\":\"" + draft.id + "\",\"scheduledFor\":\"" + in3 + "\"}").path("id").asText();
        run(offlineWorker, take(bad), 1);
        JsonNode failed = get(t, bad);
        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertFalse(failed.path("error").asText().isBlank());
    }

    @Test
    void regeneratePostRunsThePostsOwnRegeneration() {
        String t = tenant(",\"settings\":{\"requiresQaApproval\":true}");
        Post p = posts.service().create(null, t, (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(
                "{\"content\":\"Winter menu!!! Soups!!!\",\"platforms\":[\"twitter\"]}"));
        assertEquals("qa_review", posts.approvals().submit(null, t, p.id).status.wire());
        String job = created(t, "{\"type\":\"regenerate_post\",\"postId\":\"" + p.id + "\"}").path("id").asText();
        run(offlineWorker, take(job), 1);
        JsonNode done = get(t, job);
        assertEquals("completed", done.path("status").asText(), done.toString());
        Post after = posts.posts().require(t, p.id);
        assertEquals("qa_review", after.status.wire());
        assertEquals(1, after.doc.path("regenerationCount").asInt());
        assertEquals(posts.metering().card().fee("draft"), done.path("usage").path("settledMicroCredits").asLong(), "the regeneration's own charge");
    }

    @Test
    void aJobsNamedProviderAndModelAreWhatTheWorkerCalls() {
        String t = tenant("");
        model.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(okJson("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"Rye, slowly.\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":50,\"output_tokens\":100}}")));
        String job = created(t, "{\"type\":\"generate_caption\",\"prompt\":\"Rye\",\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4-5\","
                + "\"temperature\":0.3,\"maxTokens\":200}").path("id").asText();
        FunctionClient anthropicWorker = new FunctionClient(env, "ContentWorkerFunction", Map.of("LLM_PROVIDER", "offline",
                "ANTHROPIC_BASE_URL", model.baseUrl(), "ANTHROPIC_API_KEY", "sk-ant-test-jobs"));
        run(anthropicWorker, take(job), 1);
        JsonNode done = get(t, job);
        assertEquals("completed", done.path("status").asText(), done.toString());
        assertEquals("claude-sonnet-4-5-20250929", done.path("result").path("metadata").path("model").asText());
        model.verify(1, postRequestedFor(urlPathEqualTo("/v1/messages"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalToJson(
                        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":200,\"temperature\":0.3}", true, true)));
        long cost = posts.metering().card().llm(PriceTable.defaults().cost("claude-sonnet-4-5", 50, 100));
        assertEquals(2_000 + cost, done.path("usage").path("settledMicroCredits").asLong(), done.toString());
    }

    /**
     * What each job type costs, from its usage: with the offline generator, and with a WireMock'd gpt-4o-mini answering
     * 1,000 prompt and 500 completion tokens. Printed for the README; each is the content_job fee plus the model's cost.
     */
    @Test
    void costPerJobForEachType() {
        String t = tenant("");
        String plan = "{\"entries\":[{\"slot\":1,\"pillar\":\"tips\",\"text\":\"Feed your starter twice a day.\",\"hashtags\":[\"sourdough\"]},"
                + "{\"slot\":2,\"pillar\":\"team\",\"text\":\"Meet Ana, our night baker.\",\"hashtags\":[]}]}";
        modelAnswers(plan, 1000, 500);
        FunctionClient modelWorker = new FunctionClient(env, "ContentWorkerFunction", wireMockModel());
        // a prompt long enough for 1,000 prompt tokens and room for 500 completion tokens: the hold's worst case covers them
        String topic = Json.write("Rye bread, slowly fermented. ".repeat(135)).replace("\"", "");
        long fee = posts.metering().card().fee(ContentJobRunner.FEE);
        long modelCost = posts.metering().card().llm(PriceTable.defaults().cost("gpt-4o-mini", 1000, 500));
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("generate_caption", "{\"type\":\"generate_caption\",\"prompt\":\"" + topic + "\",\"platforms\":[\"linkedin\"],\"maxTokens\":600");
        bodies.put("generate_calendar", "{\"type\":\"generate_calendar\",\"prompt\":\"" + topic + "\",\"days\":2,\"platforms\":[\"linkedin\"]");
        bodies.put("generate_blog", "{\"type\":\"generate_blog\",\"prompt\":\"" + topic + "\"");
        bodies.put("generate_email", "{\"type\":\"generate_email\",\"prompt\":\"" + topic + "\"");
        bodies.put("generate_landing", "{\"type\":\"generate_landing\",\"prompt\":\"" + topic + "\"");
        bodies.put("generate_local", "{\"type\":\"generate_local\",\"prompt\":\"" + topic + "\"");
        bodies.put("repurpose", "{\"type\":\"repurpose\",\"text\":\"" + topic + "\",\"targetPlatforms\":[\"twitter\",\"linkedin\"]");
        StringBuilder table = new StringBuilder(String.format("%-18s %10s %10s %10s%n", "type", "offline", "gpt-4o-mini", "held"));
        bodies.forEach((type, body) -> {
            String offline = created(t, body + ",\"provider\":\"offline\"}").path("id").asText();
            run(offlineWorker, take(offline), 1);
            JsonNode o = get(t, offline);
            assertEquals("completed", o.path("status").asText(), o.toString());
            String paid = created(t, body + "}").path("id").asText();
            run(modelWorker, take(paid), 1);
            JsonNode m = get(t, paid);
            assertEquals("completed", m.path("status").asText(), m.toString());
            assertEquals(fee, o.path("usage").path("settledMicroCredits").asLong(), o.toString());
            assertEquals(fee + modelCost, m.path("usage").path("settledMicroCredits").asLong(), m.toString());
            assertEquals(m.path("usage").path("settledMicroCredits").asLong(), m.path("result").path("metadata").path("costMicroCredits").asLong());
            table.append(String.format("%-18s %10d %10d %10d%n", type, o.path("usage").path("settledMicroCredits").asLong(),
                    m.path("usage").path("settledMicroCredits").asLong(), m.path("usage").path("reservedMicroCredits").asLong()));
        });
        System.out.print("content job cost in micro-credits (gpt-4o-mini at 1,000 in / 500 out tokens; held = fee + worst case of maxTokens):\n" + table);
        assertEquals(0, reserved());
    }

    @Test
    void anUnreadablePlanFailsTheCalendarAndChargesOnlyTheModelNoFee() {
        String t = tenant("");
        modelAnswers("Sorry, I can only write one post at a time.", 100, 20);
        String job = created(t, "{\"type\":\"generate_calendar\",\"prompt\":\"Rye\",\"days\":3,\"platforms\":[\"twitter\"]}").path("id").asText();
        long before = available();
        run(new FunctionClient(env, "ContentWorkerFunction", wireMockModel()), take(job), 1);
        JsonNode failed = get(t, job);
        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertTrue(failed.path("error").asText().contains("could not be read"), failed.toString());
        long modelOnly = posts.metering().card().llm(PriceTable.defaults().cost("gpt-4o-mini", 100, 20));
        assertEquals(modelOnly, failed.path("usage").path("settledMicroCredits").asLong(), "the model's tokens, no content_job fee: " + failed);
        assertEquals(before - modelOnly, available());
        assertEquals(0, posts.posts().list(t, null, null, null, null, job, 100, null).items().size());
    }

    @Test
    void theSameIdempotencyKeyAndBodyCreateOneJob() {
        String t = tenant("");
        String body = "{\"type\":\"generate_email\",\"prompt\":\"Opening hours\"}";
        Map<String, String> headers = Map.of("authorization", "Bearer " + admin.raw(), "idempotency-key", "email-" + t);
        Response first = api.call("POST", "/v1/tenants/" + t + "/content/jobs", headers, body);
        Response again = api.call("POST", "/v1/tenants/" + t + "/content/jobs", headers, body);
        assertEquals(202, first.status(), first.body());
        assertEquals(202, again.status(), again.body());
        assertEquals(first.json().path("id").asText(), again.json().path("id").asText());
        assertEquals(1, ids(api.call("GET", "/v1/tenants/" + t + "/content/jobs", admin.raw(), null).json()).size());
        assertEquals(409, api.call("POST", "/v1/tenants/" + t + "/content/jobs", headers, "{\"type\":\"generate_email\",\"prompt\":\"Other\"}").status());
        take(first.json().path("id").asText());
    }

    @Test
    void overTheTenantsDailyLlmBudgetTheJobFailsWithThatReasonAndNothingIsCalledOrCharged() {
        String t = tenant(",\"settings\":{\"dailyLlmBudgetUsd\":0.000001}");
        modelAnswers("Rye.", 100, 20);
        String job = created(t, "{\"type\":\"generate_caption\",\"prompt\":\"Rye\"}").path("id").asText();
        long before = available();
        run(new FunctionClient(env, "ContentWorkerFunction", wireMockModel()), take(job), 1);
        JsonNode failed = get(t, job);
        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertEquals("daily LLM budget spent; nothing was generated", failed.path("error").asText());
        model.verify(0, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
        assertEquals(before, available());
        assertEquals(0, reserved());
    }
}
