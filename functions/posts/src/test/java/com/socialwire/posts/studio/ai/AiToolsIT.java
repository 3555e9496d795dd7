package com.socialwire.posts.studio.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.posts.Posts;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.insights.PublishedRows;
import com.socialwire.shared.analytics.InsightMetrics;
import com.socialwire.shared.analytics.PublishedDeliveries;
import com.socialwire.shared.analytics.PublishedDelivery;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.platform.ContentCheck;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.text.TopicMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AiToolsFunction as Lambda builds it (template.yaml's handler, environment and policies) on DynamoDB Local: with the
 * offline writer, and with a WireMock model shaped like OpenAI's Chat Completions.
 */
class AiToolsIT {

    @RegisterExtension
    static WireMockExtension model = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String ZONE = "America/New_York";

    LocalEnvironment env;
    FunctionClient offline;
    FunctionClient withModel;
    TestKeys.Key admin;
    String tenantId;

    @BeforeEach
    void setUp() {
        env = LocalEnvironment.shared();
        model.resetAll();
        offline = new FunctionClient(env, "AiToolsFunction");
        withModel = new FunctionClient(env, "AiToolsFunction", Map.of("LLM_PROVIDER", "openai", "LLM_BASE_URL", model.baseUrl() + "/v1",
                "LLM_MODEL", "gpt-4o-mini", "LLM_API_KEY", "sk-test-ai-tools"));
        admin = TestKeys.newAccount(env);
        grant(admin.accountId(), 5_000_000);
        tenantId = tenant(admin, "Bloom Bakery");
    }

    void grant(String accountId, long microCredits) {
        posts().metering().ledger().grant(accountId, microCredits, "grant-" + accountId, Ledger.Category.PROMOTIONAL, "test");
    }

    Posts posts() {
        return new Posts(env.functionConfig("AiToolsFunction"), Clock.systemUTC());
    }

    String tenant(TestKeys.Key key, String name) {
        var r = new FunctionClient(env, "TenantsFunction").call("POST", "/v1/tenants", key.raw(),
                "{\"name\":\"" + name + "\",\"brandVoice\":\"Warm, plain English\",\"noGoTopics\":[\"politics\"],\"timezone\":\"" + ZONE + "\","
                        + "\"settings\":{\"engagementTopics\":[\"sourdough baking\",\"small bakery business\"]}}");
        assertEquals(201, r.status(), r.body());
        assertEquals(2, r.json().path("settings").path("engagementTopics").size(), r.body());
        return r.json().path("id").asText();
    }

    FunctionClient.Response call(FunctionClient fn, String method, String tool, Object body) {
        return fn.call(method, "/v1/tenants/" + tenantId + "/" + tool, admin.raw(), body == null ? null : Json.write(body));
    }

    static void modelAnswers(String content) {
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(completion(content))));
    }

    static String completion(String content) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":" + Json.write(content) + "},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":400,\"completion_tokens\":300,\"total_tokens\":700}}";
    }

    static void assertPasses(Platform p, String text) {
        List<String> findings = CaptionFit.findings(p, text, List.of());
        assertEquals(List.of(), findings, p.name() + ": " + text);
        assertTrue(ContentCheck.length(p, text) <= p.maxCharacters(), p.name());
    }

    static long settled(JsonNode response) {
        return response.path("usage").path("settledMicroCredits").asLong();
    }

    // ------------------------------------------------------------------ generate

    @Test
    void offlineCaptionsFitEveryPlatformForEveryToneAndPromptLength() {
        long seed = 14_2026L;
        Random random = new Random(seed);
        List<String> tones = List.copyOf(CaptionTools.TONES);
        for (Platform p : Platforms.all()) {
            String tone = tones.get(random.nextInt(tones.size()));
            int count = 1 + random.nextInt(5);
            StringBuilder prompt = new StringBuilder("Our winter menu with slow cooked soups and fresh sourdough");
            while (prompt.length() < random.nextInt(1_900)) {
                prompt.append(" and more about seasonal baking, local farms and early mornings");
            }
            boolean hashtags = random.nextBoolean();
            var r = call(offline, "POST", "ai/generate", Map.of("prompt", prompt.toString(), "platform", p.name(), "tone", tone,
                    "includeHashtags", hashtags, "includeEmojis", random.nextBoolean(), "count", count));
            String where = "seed " + seed + ", " + p.name() + ", " + tone + ": " + r.body();
            assertEquals(200, r.status(), where);
            JsonNode out = r.json();
            assertEquals(count, out.path("items").size(), where);
            assertTrue(out.path("offline").asBoolean(), where);
            for (JsonNode item : out.path("items")) {
                assertPasses(p, item.path("text").asText());
                assertTrue(item.path("check").path("passes").asBoolean(), where);
                assertEquals(ContentCheck.length(p, item.path("text").asText()), item.path("characters").asInt(), where);
                if (!hashtags || !p.supportsHashtags()) {
                    assertEquals(0, item.path("hashtags").size(), where);
                }
            }
            assertEquals(1_000, settled(out), "offline: the ai_tool fee only; " + where);
            assertEquals(0, out.path("usage").path("refundedMicroCredits").asLong() - (out.path("usage").path("reservedMicroCredits").asLong() - 1_000),
                    where);
        }
    }

    @Test
    void overLongModelCaptionsAreTrimmedToTheLimitAndNeverFail() {
        String sentence = "Our slow-cooked winter soups are back, made with vegetables from farms within ten miles of the shop. ";
        String longText = sentence.repeat(8);
        modelAnswers(Json.write(List.of(
                Map.of("text", longText, "hashtags", List.of("#soup", "#winter", "#local", "#bakery", "#farm")),
                Map.of("text", "Warm bowls, warm bread " + "and a warm welcome ".repeat(30), "hashtags", List.of("#bread")),
                Map.of("text", "🍲 " + sentence + "#soup #soup2 #soup3", "hashtags", List.of()))));

        var r = call(withModel, "POST", "ai/generate", Map.of("prompt", "winter soups", "platform", "twitter", "count", 3));

        assertEquals(200, r.status(), r.body());
        JsonNode items = r.json().path("items");
        assertEquals(3, items.size(), r.body());
        for (JsonNode item : items) {
            assertPasses(Platforms.require("twitter"), item.path("text").asText());
        }
        assertTrue(items.get(0).path("trimmed").asBoolean(), r.body());
        assertTrue(items.get(0).path("text").asText().startsWith("Our slow-cooked winter soups are back"), r.body());
        assertTrue(items.get(1).path("text").asText().endsWith("…"), "a word cut with an ellipsis: " + r.body());
        assertTrue(items.get(2).path("text").asText().startsWith("Our slow-cooked"), "no emoji asked for, none kept: " + r.body());
        assertFalse(r.json().path("offline").asBoolean());
        assertEquals(1, r.json().path("modelCalls").asInt(), "trimming needs no second call");
        model.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-test-ai-tools"))
                .withRequestBody(containing("at most 280 characters"))
                .withRequestBody(containing("Never mention: politics"))
                .withRequestBody(containing("winter soups")));
        System.out.println("ai/generate cost (WireMock model, 400+300 tokens, 1 call): " + r.json().path("usage"));
    }

    @Test
    void theCaptionsPromptCarriesTheTenantsCurrentStrategyVersion() {
        var put = new FunctionClient(env, "StudioFunction").call("PUT", "/v1/tenants/" + tenantId + "/strategy", admin.raw(),
                "{\"brandVoice\":\"Dry wit, short sentences\",\"pillars\":[\"rye\",\"neighbours\"],\"changeSummary\":\"First strategy\"}");
        assertTrue(put.status() == 200 || put.status() == 201, put.body());
        modelAnswers("[{\"text\":\"Rye. Warm. Ready at seven.\",\"hashtags\":[]}]");

        var r = call(withModel, "POST", "ai/generate", Map.of("prompt", "rye", "platform", "mastodon", "count", 1));

        assertEquals(200, r.status(), r.body());
        assertEquals(1, r.json().path("prompt").path("strategyVersion").asInt(), r.body());
        model.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")).withRequestBody(containing("Dry wit, short sentences")));
    }

    @Test
    void captionsComeThroughAnthropicMessagesToo() {
        String answer = Json.write(List.of(Map.of("text", "Rye sourdough, still warm at 7. " + "Come early. ".repeat(40), "hashtags", List.of("#rye"))));
        model.stubFor(post(urlEqualTo("/v1/messages")).willReturn(okJson("{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-haiku-4-5-20251001\",\"content\":[{\"type\":\"text\",\"text\":" + Json.write(answer) + "}],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":500,\"output_tokens\":120}}")));
        FunctionClient anthropic = new FunctionClient(env, "AiToolsFunction", Map.of("LLM_PROVIDER", "anthropic", "LLM_BASE_URL", model.baseUrl(),
                "LLM_MODEL", "claude-haiku-4-5", "LLM_API_KEY", "sk-ant-test"));

        var r = call(anthropic, "POST", "ai/generate", Map.of("prompt", "rye sourdough", "platform", "threads", "count", 1));

        assertEquals(200, r.status(), r.body());
        assertPasses(Platforms.require("threads"), r.json().path("items").get(0).path("text").asText());
        assertTrue(r.json().path("items").get(0).path("trimmed").asBoolean(), r.body());
        model.verify(1, postRequestedFor(urlEqualTo("/v1/messages")).withHeader("x-api-key", equalTo("sk-ant-test"))
                .withRequestBody(containing("at most 500 characters")));
        System.out.println("ai/generate cost (WireMock Anthropic claude-haiku-4-5, 500+120 tokens): " + r.json().path("usage"));
    }

    @Test
    void aCaptionOnANoGoTopicIsReplacedByTheRegeneration() {
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("regen").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(completion(Json.write(List.of(
                        Map.of("text", "Fresh bread for everyone, whatever your politics.", "hashtags", List.of()),
                        Map.of("text", "Sourdough from 7 am, still warm.", "hashtags", List.of("#sourdough")))))))
                .willSetStateTo("asked once"));
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("regen").whenScenarioStateIs("asked once")
                .willReturn(okJson(completion("```json\n[{\"text\": \"A slice of rye with your coffee? We saved you one.\", \"hashtags\": []}]\n```"))));

        var r = call(withModel, "POST", "ai/generate", Map.of("prompt", "morning bread", "platform", "bluesky", "count", 2, "includeHashtags", false));

        assertEquals(200, r.status(), r.body());
        JsonNode items = r.json().path("items");
        assertEquals(2, items.size(), r.body());
        for (JsonNode item : items) {
            assertFalse(TopicMatcher.mentionsAny(item.path("text").asText(), List.of("politics")), r.body());
        }
        assertFalse(items.get(0).path("regenerated").asBoolean());
        assertTrue(items.get(1).path("regenerated").asBoolean(), r.body());
        assertEquals("Sourdough from 7 am, still warm.", items.get(0).path("text").asText(), "no hashtags asked for, none appended");
        assertEquals(2, r.json().path("modelCalls").asInt());
        model.verify(2, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
        model.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")).withRequestBody(containing("Earlier captions did not fit")));
    }

    @Test
    void captionsThatCannotBeMadeToFitAreNeverReturned() {
        modelAnswers(Json.write(List.of(Map.of("text", "Politics at breakfast.", "hashtags", List.of()), Map.of("text", "  "))));
        long before = posts().metering().ledger().balance(admin.accountId()).availableMicroCredits();

        var r = call(withModel, "POST", "ai/generate", Map.of("prompt", "breakfast", "platform", "twitter", "count", 2));

        assertEquals(502, r.status(), r.body());
        assertEquals("PROVIDER_UNAVAILABLE", r.json().path("error").path("code").asText());
        long charged = before - posts().metering().ledger().balance(admin.accountId()).availableMicroCredits();
        JsonNode usage = r.json().path("error").path("details").path("usage");
        assertEquals(charged, usage.path("settledMicroCredits").asLong(), r.body());
        assertTrue(charged > 0 && charged < 1_000 * 2, "tokens of two calls, no fee: " + charged);
        model.verify(2, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    }

    @Test
    void outOfCreditsIs402AndNothingIsGenerated() {
        TestKeys.Key broke = TestKeys.newAccount(env);
        String broke_tenant = tenant(broke, "Broke Bakery");
        var r = withModel.call("POST", "/v1/tenants/" + broke_tenant + "/ai/generate", broke.raw(),
                "{\"prompt\":\"bread\",\"platform\":\"twitter\"}");
        assertEquals(402, r.status(), r.body());
        assertEquals("INSUFFICIENT_CREDITS", r.json().path("error").path("code").asText());
        model.verify(0, postRequestedFor(anyUrl()));
        assertEquals(0, posts().metering().ledger().balance(broke.accountId()).availableMicroCredits());
    }

    @Test
    void aSpentDailyBudgetIs429UntilTheTenantsMidnightAndNothingIsGenerated() {
        var patched = new FunctionClient(env, "TenantsFunction").call("PATCH", "/v1/tenants/" + tenantId, admin.raw(),
                "{\"settings\":{\"dailyLlmBudgetUsd\":0}}");
        assertEquals(200, patched.status(), patched.body());
        modelAnswers("[{\"text\":\"never asked\"}]");
        long before = posts().metering().ledger().balance(admin.accountId()).availableMicroCredits();

        var r = call(withModel, "POST", "ai/generate", Map.of("prompt", "bread", "platform", "twitter"));

        assertEquals(429, r.status(), r.body());
        assertEquals("RATE_LIMITED", r.json().path("error").path("code").asText());
        long retryAfter = Long.parseLong(r.header("retry-after"));
        assertTrue(retryAfter >= 1 && retryAfter <= 25 * 3600, "until the tenant's next midnight: " + retryAfter);
        model.verify(0, postRequestedFor(anyUrl()));
        assertEquals(before, posts().metering().ledger().balance(admin.accountId()).availableMicroCredits(), "the hold was given back");
    }

    @Test
    void anUnavailableModelIs503AndEverythingIsGivenBack() {
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"overloaded\"}}")));
        long before = posts().metering().ledger().balance(admin.accountId()).availableMicroCredits();

        var r = call(withModel, "POST", "ai/hashtags", Map.of("text", "bread", "platform", "twitter"));

        assertEquals(503, r.status(), r.body());
        assertEquals("PROVIDER_UNAVAILABLE", r.json().path("error").path("code").asText());
        assertFalse(r.body().contains("overloaded"), "no provider text in the answer");
        assertEquals(before, posts().metering().ledger().balance(admin.accountId()).availableMicroCredits());
    }

    @Test
    void badInputIsA400AndAnotherAccountsTenantIs404() {
        assertEquals(400, call(offline, "POST", "ai/generate", Map.of("platform", "twitter")).status());
        assertEquals(400, call(offline, "POST", "ai/generate", Map.of("prompt", "x", "platform", "myspace")).status());
        assertEquals(400, call(offline, "POST", "ai/generate", Map.of("prompt", "x", "platform", "twitter", "count", 9)).status());
        assertEquals(400, call(offline, "POST", "ai/generate", Map.of("prompt", "x", "platform", "twitter", "tone", "angry")).status());
        assertEquals(400, call(offline, "POST", "ai/generate", Map.of("prompt", "x".repeat(2_001), "platform", "twitter")).status());
        assertEquals(400, offline.call("POST", "/v1/tenants/" + tenantId + "/ai/generate", admin.raw(), "{not json").status());
        assertEquals(422, call(offline, "POST", "ai/generate", Map.of("prompt", "our take on politics", "platform", "twitter")).status());
        assertEquals(400, call(offline, "POST", "ai/repurpose", Map.of("text", "x", "targetPlatforms", List.of())).status());
        assertEquals(400, call(offline, "GET", "ai/best-time?platform=myspace", null).status());
        TestKeys.Key other = TestKeys.newAccount(env);
        var r = offline.call("POST", "/v1/tenants/" + tenantId + "/ai/generate", other.raw(), "{\"prompt\":\"x\",\"platform\":\"twitter\"}");
        assertEquals(404, r.status(), r.body());
        TestKeys.Key reader = TestKeys.create(env, admin.accountId(), Role.READ, Set.of());
        assertEquals(403, offline.call("POST", "/v1/tenants/" + tenantId + "/ai/hashtags", reader.raw(), "{\"text\":\"x\",\"platform\":\"twitter\"}").status());
        assertEquals(200, offline.call("GET", "/v1/tenants/" + tenantId + "/ai/best-time", reader.raw(), null).status());
        // reply suggestions are a paid model call: a read key may not spend the account's credits through a GET
        assertEquals(403, offline.call("GET", "/v1/tenants/" + tenantId + "/x/reply-suggestions", reader.raw(), null).status());
    }

    @Test
    void malformedToolRequestsAre4xxNever500() {
        long seed = 77_14L;
        Random random = new Random(seed);
        Object[] values = {null, "", " ", "twitter", "x", "MySpace", "professional", 0, -1, 3, 5, 6, 21, 2.5, 1e300, true, "true",
                List.of(), List.of("twitter", 7), List.of("linkedin", "x", "twitter"), Map.of("a", 1), "a".repeat(2_100), "\u0000\ud800"};
        String[] fields = {"prompt", "platform", "tone", "includeHashtags", "includeEmojis", "count", "text", "sourcePlatform",
                "targetPlatforms", "preserveTone", "extra"};
        String[] tools = {"ai/generate", "ai/hashtags", "ai/repurpose"};
        TestKeys.Key key = TestKeys.create(env, admin.accountId(), Role.WRITE, Set.of());
        for (int i = 0; i < 45; i++) {
            if (i % 15 == 14) {
                key = TestKeys.create(env, admin.accountId(), Role.WRITE, Set.of()); // stay under the 20/min AI limit
            }
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            for (int f = random.nextInt(5); f >= 0; f--) {
                body.put(fields[random.nextInt(fields.length)], values[random.nextInt(values.length)]);
            }
            String raw = random.nextInt(6) == 0 ? Json.write(body).substring(0, Math.max(1, Json.write(body).length() - 2)) : Json.write(body);
            String tool = tools[random.nextInt(tools.length)];
            var r = offline.call("POST", "/v1/tenants/" + tenantId + "/" + tool, key.raw(), raw);
            String where = "seed " + seed + " #" + i + " " + tool + " " + raw + " → " + r.body();
            assertTrue(Set.of(200, 400, 422).contains(r.status()), where);
            if (r.status() != 200) {
                assertEquals("VALIDATION_ERROR", r.json().path("error").path("code").asText(), where);
            }
        }
    }

    @Test
    void engagementTopicsAreATenantSettingOfAtMostTenShortTopics() {
        FunctionClient tenants = new FunctionClient(env, "TenantsFunction");
        String path = "/v1/tenants/" + tenantId;
        List<String> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add("topic " + i);
        }
        assertEquals(400, tenants.call("PATCH", path, admin.raw(), Json.write(Map.of("settings", Map.of("engagementTopics", eleven)))).status());
        var cleared = tenants.call("PATCH", path, admin.raw(), "{\"settings\":{\"engagementTopics\":null}}");
        assertEquals(200, cleared.status(), cleared.body());
        assertEquals(0, cleared.json().path("settings").path("engagementTopics").size(), cleared.body());
        var r = call(offline, "GET", "x/reply-suggestions", null);
        assertEquals(200, r.status(), r.body());
        assertEquals(0, r.json().path("items").size());
        assertFalse(r.json().has("usage"), "no topics, no call, no charge: " + r.body());
    }

    @Test
    void theAiRateLimitIs20PerMinutePerKey() {
        TestKeys.Key key = TestKeys.create(env, admin.accountId(), Role.READ, Set.of());
        List<Integer> statuses = new ArrayList<>();
        FunctionClient.Response last = null;
        for (int i = 0; i < 21; i++) {
            last = offline.call("GET", "/v1/tenants/" + tenantId + "/ai/best-time?platform=linkedin", key.raw(), null);
            statuses.add(last.status());
        }
        assertEquals(20, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(429, statuses.get(20), statuses.toString());
        assertEquals("RATE_LIMITED", last.json().path("error").path("code").asText());
        assertNotNull(last.header("retry-after"));
        assertEquals("20", last.header("x-ratelimit-limit"));
    }

    // ------------------------------------------------------------------ hashtags

    @Test
    void modelHashtagsAreNormalisedDedupedAndRanked() {
        modelAnswers(Json.write(List.of(
                Map.of("tag", "speed reading", "relevance", 0.7), Map.of("tag", "#SpeedReading", "relevance", 0.95),
                Map.of("tag", "##books!", "relevance", 0.8), Map.of("tag", "#politics", "relevance", 0.99),
                Map.of("tag", "123", "relevance", 0.5), Map.of("tag", "#Focus", "relevance", 1.7), Map.of("tag", "#focus", "relevance", 0.2))));

        var r = call(withModel, "POST", "ai/hashtags", Map.of("text", "Read faster with these focus tips", "platform", "instagram", "count", 5));

        assertEquals(200, r.status(), r.body());
        List<String> tags = new ArrayList<>();
        r.json().path("items").forEach(i -> tags.add(i.path("tag").asText() + "=" + i.path("relevance").asDouble()));
        assertEquals(List.of("#Focus=1.0", "#SpeedReading=0.95", "#books=0.8"), tags);
        System.out.println("ai/hashtags cost (WireMock model, 400+300 tokens): " + r.json().path("usage"));
    }

    @Test
    void offlineHashtagsComeFromTheTextsKeywordsDeterministically() {
        Map<String, Object> body = Map.of("text", "Sourdough sourdough sourdough! Our bakers start at 4 so the sourdough loaf is warm. Rye loaf too.",
                "platform", "instagram", "count", 3);
        var a = call(offline, "POST", "ai/hashtags", body);
        var b = call(offline, "POST", "ai/hashtags", body);
        assertEquals(200, a.status(), a.body());
        assertEquals(a.json().path("items"), b.json().path("items"));
        assertEquals("#Sourdough", a.json().path("items").get(0).path("tag").asText(), a.body());
        assertEquals(3, a.json().path("items").size());
        double previous = 2;
        for (JsonNode i : a.json().path("items")) {
            assertTrue(i.path("tag").asText().matches("#[\\p{L}\\p{N}_]+"), a.body());
            assertTrue(i.path("relevance").asDouble() <= previous);
            previous = i.path("relevance").asDouble();
        }
        assertEquals(1_000, settled(a.json()));
        long before = posts().metering().ledger().balance(admin.accountId()).availableMicroCredits();
        assertEquals(422, call(offline, "POST", "ai/hashtags", Map.of("text", "x", "platform", "reddit")).status());
        assertEquals(before, posts().metering().ledger().balance(admin.accountId()).availableMicroCredits(), "a refused request is free");
    }

    // ------------------------------------------------------------------ repurpose

    @Test
    void repurposedVersionsFitEachTargetPlatform() {
        String text = ("We spent the autumn testing twelve sourdough starters. The winner is a rye starter from a farm two miles away: "
                + "it rises slowly, tastes of toasted nuts and keeps the crumb open. ").repeat(20);
        List<String> targets = List.of("twitter", "linkedin", "instagram", "bluesky", "pinterest", "x");
        var r = call(offline, "POST", "ai/repurpose", Map.of("text", text, "sourcePlatform", "blog", "targetPlatforms", targets));
        assertEquals(200, r.status(), r.body());
        JsonNode versions = r.json().path("versions");
        assertEquals(5, versions.size(), "x is twitter: " + r.body());
        for (JsonNode v : versions) {
            assertPasses(Platforms.require(v.path("platform").asText()), v.path("text").asText());
        }
        assertEquals(0, r.json().path("failed").size());
        assertEquals(1_000, settled(r.json()));

        modelAnswers("{\"versions\":[{\"platform\":\"twitter\",\"text\":" + Json.write(text) + ",\"hashtags\":[\"#rye\"]},"
                + "{\"platform\":\"linkedin\",\"text\":\"A short LinkedIn version.\",\"hashtags\":[]}]}");
        var m = call(withModel, "POST", "ai/repurpose", Map.of("text", text, "targetPlatforms", List.of("twitter", "linkedin", "threads")));
        assertEquals(200, m.status(), m.body());
        for (JsonNode v : m.json().path("versions")) {
            assertPasses(Platforms.require(v.path("platform").asText()), v.path("text").asText());
        }
        // threads was missing from the answer: asked again (the stub answers the same), still missing: reported, not invented
        assertEquals(2, m.json().path("modelCalls").asInt(), m.body());
        assertEquals("threads", m.json().path("failed").get(0).path("platform").asText(), m.body());
        System.out.println("ai/repurpose cost (WireMock model, 2 calls of 400+300 tokens): " + m.json().path("usage"));
    }

    // ------------------------------------------------------------------ best time

    @Test
    void bestTimeUsesTheTenantsPublishedPostsInItsTimeZoneOnceThereAreEnough() {
        var r = call(offline, "GET", "ai/best-time?platform=linkedin", null);
        assertEquals(200, r.status(), r.body());
        assertEquals("default", r.json().path("source").asText(), r.body());
        assertEquals(0, r.json().path("sampleSize").asInt());
        assertEquals(2, r.json().path("slots").get(0).path("dayOfWeek").asInt(), "LinkedIn's default: Tuesday 10:00");
        assertEquals(10, r.json().path("slots").get(0).path("hour").asInt());

        // 12 posts published on Thursdays at 09:30 New York time (14:30 or 13:30 UTC, by daylight saving), 3 on Mondays at 15:10
        Instant now = Instant.now();
        ZoneId zone = ZoneId.of(ZONE);
        ZonedDateTime thursday = now.atZone(zone).minusWeeks(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.THURSDAY))
                .withHour(9).withMinute(30).truncatedTo(ChronoUnit.MINUTES);
        for (int i = 0; i < 12; i++) {
            published(thursday.minusWeeks(i % 6).toInstant(), "linkedin", i < 6);
        }
        ZonedDateTime monday = thursday.with(TemporalAdjusters.previous(DayOfWeek.MONDAY)).withHour(15).withMinute(10);
        for (int i = 0; i < 3; i++) {
            published(monday.minusWeeks(i).toInstant(), "linkedin", true);
        }
        published(now.minus(200, ChronoUnit.DAYS), "linkedin", true); // outside the 90-day window

        r = call(offline, "GET", "ai/best-time?platform=linkedin", null);
        assertEquals(200, r.status(), r.body());
        JsonNode out = r.json();
        assertEquals("history", out.path("source").asText(), r.body());
        assertEquals(15, out.path("sampleSize").asInt(), r.body());
        assertTrue(out.path("basis").asText().startsWith("published_posts"), r.body());
        assertEquals(ZONE, out.path("timezone").asText());
        JsonNode top = out.path("slots").get(0);
        assertEquals(4, top.path("dayOfWeek").asInt(), r.body());
        assertEquals(9, top.path("hour").asInt(), "09:30 in New York, whatever the UTC offset that week: " + r.body());
        assertEquals(1, out.path("slots").get(1).path("dayOfWeek").asInt(), r.body());
        assertEquals(15, out.path("slots").get(1).path("hour").asInt(), r.body());
        assertEquals(12, top.path("postCount").asInt(), r.body());
        assertEquals(1.0, top.path("score").asDouble());
        assertFalse(out.has("usage") && out.path("usage").path("settledMicroCredits").asLong() > 0, "best-time is free");
    }

    @Test
    void withEngagementMetricsOnTheDeliveriesTheBestSlotIsTheMostEngagingNotTheBusiest() {
        ZoneId zone = ZoneId.of(ZONE);
        ZonedDateTime tuesday = Instant.now().atZone(zone).minusWeeks(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.TUESDAY))
                .withHour(10).withMinute(0).truncatedTo(ChronoUnit.MINUTES);
        for (int i = 0; i < 6; i++) {
            published(tuesday.minusWeeks(i).toInstant(), "twitter", true, Json.object().put("likes", 2).put("comments", 0));
        }
        ZonedDateTime friday = tuesday.with(TemporalAdjusters.next(DayOfWeek.FRIDAY)).minusWeeks(1).withHour(18);
        for (int i = 0; i < 4; i++) {
            published(friday.minusWeeks(i).toInstant(), "twitter", false, Json.object().put("likes", 40).put("comments", 6).put("reposts", 3));
        }

        var r = call(offline, "GET", "ai/best-time?platform=x", null);

        assertEquals(200, r.status(), r.body());
        assertEquals("history", r.json().path("source").asText(), r.body());
        assertTrue(r.json().path("basis").asText().startsWith("engagement"), r.body());
        JsonNode top = r.json().path("slots").get(0);
        assertEquals(5, top.path("dayOfWeek").asInt(), r.body());
        assertEquals(18, top.path("hour").asInt(), r.body());
        assertEquals(4, top.path("postCount").asInt());
        assertEquals(2, r.json().path("slots").get(1).path("dayOfWeek").asInt(), r.body());
        assertEquals(0.04, r.json().path("slots").get(1).path("score").asDouble(), 0.005, "2 of 49 per post: " + r.body());
    }

    void published(Instant at, String platform, boolean scheduled) {
        published(at, platform, scheduled, null);
    }

    /** A post of this tenant published to {@code platform} at {@code at} (scheduled then, or published now). */
    void published(Instant at, String platform, boolean scheduled, ObjectNode metrics) {
        Posts p = new Posts(env.functionConfig("PostsFunction"), Clock.systemUTC());
        Principal staff = Principal.key(admin.accountId(), admin.keyId(), Role.ADMIN, Set.of());
        Post draft = p.service().create(staff, tenantId, (ObjectNode) Json.tree("{\"content\":\"Bread at " + at + "\",\"platforms\":[\"" + platform + "\"]}"));
        p.posts().update(tenantId, draft.id, x -> {
            x.status = PostStatus.PUBLISHED;
            x.scheduledFor = scheduled ? at : null;
            x.deliveries.set(platform, Json.object().put("status", "published").put("publishedAt", at.toString()));
        });
        // its published-delivery row, as the publish worker writes it, and the metrics an insights refresh read
        PublishedDeliveries rows = new PublishedDeliveries(p.table);
        Post done = p.posts().require(tenantId, draft.id);
        PublishedDelivery row = PublishedRows.of(done, platform, done.delivery(platform)).orElseThrow();
        rows.record(row);
        if (metrics != null) {
            Map<String, Long> values = new HashMap<>();
            metrics.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asLong()));
            rows.refreshed(row, new InsightMetrics(values), null, at, 1, null, null);
        }
    }

    // ------------------------------------------------------------------ reply suggestions

    @Test
    void replySuggestionsAreDraftsForAPersonAndNeverSent() {
        var r = call(offline, "GET", "x/reply-suggestions", null);
        assertEquals(200, r.status(), r.body());
        JsonNode items = r.json().path("items");
        assertEquals(2, items.size(), r.body());
        assertEquals("\"sourdough baking\" -is:retweet lang:en", items.get(0).path("searchQuery").asText());
        for (JsonNode i : items) {
            assertTrue(i.path("draft").asBoolean());
            assertFalse(i.path("autoSend").asBoolean());
            assertPasses(Platforms.require("twitter"), i.path("draftReply").asText());
        }
        assertTrue(r.json().path("rule").asText().contains("mentions or quotes your account"), r.body());
        assertEquals(1_000, settled(r.json()));

        modelAnswers("[{\"topic\":\"sourdough baking\",\"reply\":\"Long fermentation is the whole secret, honestly.\",\"context\":\"home bakers\"},"
                + "{\"topic\":\"small bakery business\",\"reply\":\"Politics aside, margins are thin.\",\"context\":\"owners\"}]");
        var m = call(withModel, "GET", "x/reply-suggestions", null);
        assertEquals(200, m.status(), m.body());
        assertEquals("Long fermentation is the whole secret, honestly.", m.json().path("items").get(0).path("draftReply").asText());
        assertTrue(m.json().path("items").get(1).path("draftReply").isNull(), "a draft on a no-go topic is withheld: " + m.body());
        assertEquals("no_go_topic", m.json().path("items").get(1).path("refusedBecause").asText());
        // the only outbound call is the model's: nothing is posted to X
        model.verify(1, postRequestedFor(anyUrl()));
        model.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
        System.out.println("x/reply-suggestions cost (WireMock model, 400+300 tokens): " + m.json().path("usage"));
    }
}
