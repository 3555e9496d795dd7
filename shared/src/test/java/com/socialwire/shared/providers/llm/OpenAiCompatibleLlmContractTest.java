package com.socialwire.shared.providers.llm;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real {@link OpenAiCompatibleLlm} against WireMock stubs shaped like OpenAI's chat completions API. */
class OpenAiCompatibleLlmContractTest {

    @RegisterExtension
    static WireMockExtension openai = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String KEY = "sk-proj-test-4c1f0e9d8b7a";
    private static final LlmClient.LlmRequest REQUEST = new LlmClient.LlmRequest(
            "You are Bloom Bakery's voice: warm, brief.",
            List.of(new LlmClient.Message("user", "Do you deliver on Sundays?")), 120, 0.4);

    private final PriceTable prices = PriceTable.defaults();

    private OpenAiCompatibleLlm llm(String model) {
        return new OpenAiCompatibleLlm(openai.baseUrl() + "/v1", KEY, model, Duration.ofMillis(2000), prices);
    }

    private static String completion(String model, String content, int prompt, int completion) {
        return """
                {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,"model":"%s",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d},"service_tier":"default"}"""
                .formatted(model, content, prompt, completion, prompt + completion);
    }

    private static String error(String message, String type, String code) {
        return """
                {"error":{"message":"%s","type":"%s","param":null,"code":"%s"}}""".formatted(message, type, code);
    }

    @Test
    void postsChatCompletionsAndCostsTheUsageByThePriceTable() {
        openai.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(okJson(completion("gpt-4o-mini-2024-07-18", " Yes, every Sunday until 2pm! ", 1000, 500))));

        LlmResult r = llm("gpt-4o-mini").complete(REQUEST);

        LlmResult.Ok ok = assertInstanceOf(LlmResult.Ok.class, r);
        assertEquals("Yes, every Sunday until 2pm!", ok.text());
        assertEquals("gpt-4o-mini-2024-07-18", ok.model());
        assertEquals(1000, ok.inputTokens());
        assertEquals(500, ok.outputTokens());
        // 1000 × $0.15/M + 500 × $0.60/M
        assertEquals(new BigDecimal("0.000450"), ok.costUsd());
        assertEquals(prices.cost("gpt-4o-mini", 1000, 500), ok.costUsd());
        openai.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"model":"gpt-4o-mini",
                         "messages":[{"role":"system","content":"You are Bloom Bakery's voice: warm, brief."},
                                     {"role":"user","content":"Do you deliver on Sundays?"}],
                         "max_tokens":120,"temperature":0.4}""")));
    }

    @Test
    void reasoningModelsGetMaxCompletionTokensAndNoTemperature() {
        openai.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(completion("gpt-5-mini", "Yes!", 10, 2))));

        assertInstanceOf(LlmResult.Ok.class, llm("gpt-5-mini").complete(REQUEST));

        openai.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
                {"model":"gpt-5-mini","messages":[{"role":"system","content":"You are Bloom Bakery's voice: warm, brief."},
                 {"role":"user","content":"Do you deliver on Sundays?"}],"max_completion_tokens":120}""")));
    }

    @Test
    void aLocalServerWithoutAKeyGetsNoAuthorizationHeaderAndAnUnpricedModelIsChargedTheFallback() {
        openai.stubFor(post(urlEqualTo("/ollama/v1/chat/completions")).willReturn(okJson(completion("llama3.2:latest", "Sure!", 100, 10))));
        OpenAiCompatibleLlm ollama = new OpenAiCompatibleLlm(openai.baseUrl() + "/ollama/v1/", null, "llama3.2", Duration.ofMillis(2000), prices);

        LlmResult.Ok ok = assertInstanceOf(LlmResult.Ok.class, ollama.complete(REQUEST));

        assertFalse(prices.knows("llama3.2"));
        assertEquals(prices.cost("no-such-model", 100, 10), ok.costUsd());
        assertTrue(ok.costUsd().signum() > 0, "an unpriced model must never look free");
        openai.verify(postRequestedFor(urlEqualTo("/ollama/v1/chat/completions")).withoutHeader("Authorization"));
    }

    @Test
    void http429IsTransient() {
        openai.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(429)
                .withBody(error("Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3.", "requests", "rate_limit_exceeded"))));

        LlmResult.Transient r = assertInstanceOf(LlmResult.Transient.class, llm("gpt-4o-mini").complete(REQUEST));

        assertEquals(429, r.httpStatus());
        assertTrue(r.message().startsWith("Rate limit reached"), r.message());
    }

    @Test
    void http500IsTransient() {
        openai.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500)
                .withBody(error("The server had an error while processing your request.", "server_error", "null"))));

        assertEquals(500, assertInstanceOf(LlmResult.Transient.class, llm("gpt-4o-mini").complete(REQUEST)).httpStatus());
    }

    @Test
    void http400IsFailed() {
        openai.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(400)
                .withBody(error("The model `gpt-9` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found"))));

        LlmResult.Failed r = assertInstanceOf(LlmResult.Failed.class, llm("gpt-9").complete(REQUEST));

        assertEquals(400, r.httpStatus());
        assertTrue(r.message().contains("does not exist"), r.message());
    }

    @Test
    void aBadKeyIsFailedAndTheKeyIsNeverInTheMessage() {
        openai.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(401)
                .withBody(error("Incorrect API key provided: " + KEY + ". You can find your API key at https://platform.openai.com/account/api-keys.",
                        "invalid_request_error", "invalid_api_key"))));

        LlmClient client = llm("gpt-4o-mini");
        LlmResult r = client.complete(REQUEST);

        assertEquals(401, assertInstanceOf(LlmResult.Failed.class, r).httpStatus());
        assertFalse(r.toString().contains(KEY), r.toString());
        assertFalse(client.toString().contains(KEY), client.toString());
        assertFalse(client.describe().contains(KEY));
    }

    @Test
    void aSlowServerTimesOutAsTransient() {
        openai.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(completion("gpt-4o-mini", "late", 1, 1)).withFixedDelay(4000)));

        LlmResult.Transient r = assertInstanceOf(LlmResult.Transient.class, llm("gpt-4o-mini").complete(REQUEST));

        assertEquals(0, r.httpStatus());
        assertFalse(r.message().contains(KEY));
    }

    @Test
    void fromConfigFallsBackToOpenAiApiKey() {
        openai.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(completion("gpt-4o", "Hi", 3, 1))));

        LlmClient client = LlmClients.fromConfig(Config.of(Map.of(
                "LLM_PROVIDER", "openai", "LLM_BASE_URL", openai.baseUrl() + "/v1", "OPENAI_API_KEY", KEY,
                "LLM_MODEL", "gpt-4o", "LLM_TIMEOUT_MS", "500")));

        assertEquals("openai:gpt-4o", client.describe());
        assertInstanceOf(LlmResult.Ok.class, client.complete(REQUEST));
        openai.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("Authorization", equalTo("Bearer " + KEY))
                .withRequestBody(equalToJson("{\"model\":\"gpt-4o\"}", true, true)));
    }

    /** A content job naming provider, model, temperature and max tokens: they are what the chat completion asks for. */
    @Test
    void aJobsOwnProviderModelTemperatureAndMaxTokensGoIntoTheChatCompletion() {
        openai.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(completion("gpt-4.1-2025-04-14", "Fresh bread daily.", 300, 40))));
        // the function's own provider is Anthropic: the job's openai call uses OpenAI's settings, never Anthropic's key
        LlmClient client = LlmClients.forJob(Config.of(Map.of("LLM_PROVIDER", "anthropic", "LLM_API_KEY", "sk-ant-not-for-openai",
                "OPENAI_BASE_URL", openai.baseUrl() + "/v1", "OPENAI_API_KEY", KEY)), "openai", "gpt-4.1");
        LlmClient.LlmRequest job = new LlmClient.LlmRequest("Write captions for Bloom Bakery.",
                List.of(new LlmClient.Message("user", "Sourdough week")), 900, 1.3);

        LlmResult.Ok ok = assertInstanceOf(LlmResult.Ok.class, client.complete(job));

        assertEquals("openai:gpt-4.1", client.describe());
        assertEquals(prices.cost("gpt-4.1", 300, 40), ok.costUsd());
        openai.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withRequestBody(equalToJson("""
                        {"model":"gpt-4.1",
                         "messages":[{"role":"system","content":"Write captions for Bloom Bakery."},{"role":"user","content":"Sourdough week"}],
                         "max_tokens":900,"temperature":1.3}""")));
    }

    /** A {@code local} job: an OpenAI-compatible server at LLM_LOCAL_BASE_URL (Ollama), no key sent, the job's model. */
    @Test
    void aLocalJobCallsTheLocalServerWithoutAnyKey() {
        openai.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(completion("llama3.1:8b", "Bake day!", 50, 5))));
        LlmClient client = LlmClients.forJob(Config.of(Map.of("LLM_PROVIDER", "openai", "LLM_API_KEY", KEY,
                "LLM_LOCAL_BASE_URL", openai.baseUrl() + "/v1")), "local", "llama3.1:8b");

        assertInstanceOf(LlmResult.Ok.class, client.complete(new LlmClient.LlmRequest("s", List.of(new LlmClient.Message("user", "u")), 64, 0.2)));

        openai.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withoutHeader("Authorization")
                .withRequestBody(equalToJson("{\"model\":\"llama3.1:8b\",\"max_tokens\":64,\"temperature\":0.2}", true, true)));
    }
}
