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

/** Runs the real {@link AnthropicLlm} against WireMock stubs shaped like Anthropic's Messages API. */
class AnthropicLlmContractTest {

    @RegisterExtension
    static WireMockExtension anthropic = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String KEY = "sk-ant-api03-test-91b2c3d4e5";
    private static final LlmClient.LlmRequest REQUEST = new LlmClient.LlmRequest(
            "You are Bloom Bakery's voice: warm, brief.",
            List.of(new LlmClient.Message("user", "Your croissants are the best in town!"),
                    new LlmClient.Message("assistant", "Thank you!"),
                    new LlmClient.Message("user", "Do you bake them every morning?")), 200, 1.3);

    private final PriceTable prices = PriceTable.defaults();

    private AnthropicLlm llm() {
        return new AnthropicLlm(anthropic.baseUrl(), KEY, "claude-haiku-4-5", Duration.ofMillis(2000), prices);
    }

    private static String message(String text, int in, int out) {
        return """
                {"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001",
                 "content":[{"type":"text","text":"%s"}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":%d,"output_tokens":%d,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}"""
                .formatted(text, in, out);
    }

    private static String error(String type, String message) {
        return """
                {"type":"error","error":{"type":"%s","message":"%s"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}""".formatted(type, message);
    }

    @Test
    void postsMessagesWithTheSystemPromptOnTopAndCostsTheUsage() {
        anthropic.stubFor(post(urlEqualTo("/v1/messages")).willReturn(okJson(message("Every morning at 5am!", 2000, 300))));

        LlmResult.Ok ok = assertInstanceOf(LlmResult.Ok.class, llm().complete(REQUEST));

        assertEquals("Every morning at 5am!", ok.text());
        assertEquals("claude-haiku-4-5-20251001", ok.model());
        assertEquals(2000, ok.inputTokens());
        assertEquals(300, ok.outputTokens());
        // 2000 × $1/M + 300 × $5/M
        assertEquals(new BigDecimal("0.003500"), ok.costUsd());
        anthropic.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", equalTo(KEY))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withoutHeader("Authorization")
                .withRequestBody(equalToJson("""
                        {"model":"claude-haiku-4-5","max_tokens":200,
                         "system":"You are Bloom Bakery's voice: warm, brief.",
                         "messages":[{"role":"user","content":"Your croissants are the best in town!"},
                                     {"role":"assistant","content":"Thank you!"},
                                     {"role":"user","content":"Do you bake them every morning?"}],
                         "temperature":1.0}""")));
    }

    @Test
    void theFirstTextBlockIsTheAnswerEvenAfterAThinkingBlock() {
        anthropic.stubFor(post(urlEqualTo("/v1/messages")).willReturn(okJson("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"thinking","thinking":"They ask about baking times.","signature":"x"},{"type":"text","text":"Yes, daily!"}],
                 "stop_reason":"end_turn","usage":{"input_tokens":10,"output_tokens":20}}""")));

        LlmResult.Ok ok = assertInstanceOf(LlmResult.Ok.class, llm().complete(REQUEST));

        assertEquals("Yes, daily!", ok.text());
        assertEquals(prices.cost("claude-sonnet-4-5", 10, 20), ok.costUsd());
    }

    @Test
    void http429IsTransient() {
        anthropic.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(429).withHeader("retry-after", "8")
                .withBody(error("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"))));

        LlmResult.Transient r = assertInstanceOf(LlmResult.Transient.class, llm().complete(REQUEST));

        assertEquals(429, r.httpStatus());
        assertTrue(r.message().contains("rate_limit_error"), r.message());
    }

    @Test
    void overloaded529IsTransient() {
        anthropic.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(529)
                .withBody(error("overloaded_error", "Overloaded"))));

        assertEquals(529, assertInstanceOf(LlmResult.Transient.class, llm().complete(REQUEST)).httpStatus());
    }

    @Test
    void http500IsTransient() {
        anthropic.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(500)
                .withBody(error("api_error", "Internal server error"))));

        assertEquals(500, assertInstanceOf(LlmResult.Transient.class, llm().complete(REQUEST)).httpStatus());
    }

    @Test
    void http400IsFailed() {
        anthropic.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(400)
                .withBody(error("invalid_request_error", "messages: roles must alternate between \\\"user\\\" and \\\"assistant\\\""))));

        LlmResult.Failed r = assertInstanceOf(LlmResult.Failed.class, llm().complete(REQUEST));

        assertEquals(400, r.httpStatus());
        assertTrue(r.message().contains("roles must alternate"), r.message());
    }

    @Test
    void aBadKeyIsFailedAndTheKeyIsNeverInTheMessage() {
        anthropic.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(401)
                .withBody(error("authentication_error", "invalid x-api-key " + KEY))));

        AnthropicLlm client = llm();
        LlmResult r = client.complete(REQUEST);

        assertEquals(401, assertInstanceOf(LlmResult.Failed.class, r).httpStatus());
        assertFalse(r.toString().contains(KEY), r.toString());
        assertFalse(client.toString().contains(KEY), client.toString());
    }

    @Test
    void aSlowServerTimesOutAsTransient() {
        anthropic.stubFor(post(urlEqualTo("/v1/messages")).willReturn(okJson(message("late", 1, 1)).withFixedDelay(4000)));

        assertInstanceOf(LlmResult.Transient.class, llm().complete(REQUEST));
    }

    @Test
    void fromConfigPicksAnthropicWhenOnlyItsKeyIsSet() {
        anthropic.stubFor(post(urlEqualTo("/v1/messages")).willReturn(okJson(message("Hi", 5, 1))));

        LlmClient client = LlmClients.fromConfig(Config.of(Map.of(
                "ANTHROPIC_API_KEY", KEY, "LLM_BASE_URL", anthropic.baseUrl(), "LLM_TIMEOUT_MS", "500")));

        assertEquals("anthropic:claude-haiku-4-5", client.describe());
        assertInstanceOf(LlmResult.Ok.class, client.complete(REQUEST));
        anthropic.verify(postRequestedFor(urlEqualTo("/v1/messages")).withHeader("x-api-key", equalTo(KEY)));
    }

    /** A content job naming Anthropic, a model, a temperature and max tokens: the Messages request carries them and the system prompt. */
    @Test
    void aJobsOwnModelTemperatureMaxTokensAndSystemGoIntoTheMessagesRequest() {
        anthropic.stubFor(post(urlEqualTo("/v1/messages")).willReturn(okJson(message("Fresh bread daily.", 400, 60))));
        // the function's own provider is OpenAI: the job's Anthropic call uses Anthropic's settings, never the OpenAI key
        LlmClient client = LlmClients.forJob(Config.of(Map.of("LLM_PROVIDER", "openai", "LLM_API_KEY", "sk-openai-not-for-anthropic",
                "ANTHROPIC_BASE_URL", anthropic.baseUrl(), "ANTHROPIC_API_KEY", KEY)), "anthropic", "claude-sonnet-4-5");

        LlmResult.Ok ok = assertInstanceOf(LlmResult.Ok.class, client.complete(new LlmClient.LlmRequest("Write for Bloom Bakery.",
                List.of(new LlmClient.Message("user", "Sourdough week")), 1500, 0.7)));

        assertEquals("anthropic:claude-sonnet-4-5", client.describe());
        assertEquals(400, ok.inputTokens());
        anthropic.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", equalTo(KEY))
                .withRequestBody(equalToJson("""
                        {"model":"claude-sonnet-4-5","max_tokens":1500,"system":"Write for Bloom Bakery.",
                         "messages":[{"role":"user","content":"Sourdough week"}],"temperature":0.7}""")));
    }
}
