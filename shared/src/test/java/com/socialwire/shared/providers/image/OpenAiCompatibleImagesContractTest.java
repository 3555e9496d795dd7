package com.socialwire.shared.providers.image;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the real {@link OpenAiCompatibleImages} against WireMock stubs shaped like the images API's documented answers:
 * OpenAI's Create image (platform.openai.com/docs/api-reference/images/create: {@code data[].b64_json} for the GPT image
 * models, {@code data[].url} or {@code b64_json} for dall-e, errors as {@code {"error":{message,type,code}}}) and xAI's
 * image generations (docs.x.ai: {@code data[].url} by default, {@code usage.cost_in_usd_ticks}, no {@code size}).
 */
class OpenAiCompatibleImagesContractTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String KEY = "sk-proj-image-test-9d8c7b6a5f";
    private static final ImageClient.ImageRequest REQUEST = new ImageClient.ImageRequest(
            "A croissant on a marble counter, morning light", "1024x1024", "tnt_x", "Bloom Bakery", List.of(), null);
    private static final byte[] PNG = new OfflineImages().generate(REQUEST) instanceof ImageResult.Ok ok ? ok.bytes() : null;

    private final ImagePrices prices = ImagePrices.defaults();

    private OpenAiCompatibleImages images(String model, String quality, long timeoutMillis) {
        return new OpenAiCompatibleImages(api.baseUrl() + "/v1", KEY, model, quality, Duration.ofMillis(timeoutMillis), prices);
    }

    private static String error(String message, String type, String code) {
        return """
                {"error":{"message":"%s","type":"%s","param":null,"code":"%s"}}""".formatted(message, type, code);
    }

    @Test
    void gptImage1AnswersBase64AndIsCostedByTheTableWithItsPromptTokens() {
        api.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("""
                {"created":1713833628,"background":"opaque","output_format":"png","quality":"medium","size":"1024x1024",
                 "data":[{"b64_json":"%s"}],
                 "usage":{"total_tokens":1067,"input_tokens":11,"output_tokens":1056,
                          "input_tokens_details":{"text_tokens":11,"image_tokens":0}}}""".formatted(Base64.getEncoder().encodeToString(PNG)))));

        ImageResult r = images("gpt-image-1", "medium", 2000).generate(REQUEST);

        ImageResult.Ok ok = assertInstanceOf(ImageResult.Ok.class, r);
        assertArrayEquals(PNG, ok.bytes());
        assertEquals("gpt-image-1", ok.model());
        // $0.042 the image + 11 text tokens × $5/M
        assertEquals(new BigDecimal("0.042055"), ok.costUsd());
        // the GPT image models refuse response_format; they always answer b64_json
        api.verify(postRequestedFor(urlEqualTo("/v1/images/generations"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withRequestBody(equalToJson("""
                        {"model":"gpt-image-1","prompt":"A croissant on a marble counter, morning light","n":1,
                         "size":"1024x1024","quality":"medium"}""")));
    }

    @Test
    void withoutAQualityTheWorstCaseIsTheModelsMostExpensiveOne() {
        OpenAiCompatibleImages any = images("gpt-image-1", null, 2000);
        // the image at high quality + a text token for each of the prompt's 46 bytes × $5/M
        assertEquals(0, new BigDecimal("0.167230").compareTo(any.worstCaseUsd(REQUEST)), any.worstCaseUsd(REQUEST)::toPlainString);
        assertEquals(0, new BigDecimal("0.25").compareTo(prices.perImage("some-new-model", null, "1024x1536")));
    }

    @Test
    void xaiAnswersALinkThatIsDownloadedAtOnceAndItsStatedCostIsTaken() {
        api.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("""
                {"data":[{"url":"%s/xai-imgen/xai-tmp-imgen-11b443c1.png","mime_type":"image/png","revised_prompt":"A croissant, 3D render"}],
                 "usage":{"cost_in_usd_ticks":700000000}}""".formatted(api.baseUrl()))));
        api.stubFor(get(urlEqualTo("/xai-imgen/xai-tmp-imgen-11b443c1.png"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png").withBody(PNG)));

        ImageResult r = images("grok-2-image-1212", null, 2000).generate(REQUEST);

        ImageResult.Ok ok = assertInstanceOf(ImageResult.Ok.class, r);
        assertArrayEquals(PNG, ok.bytes());
        assertEquals("A croissant, 3D render", ok.revisedPrompt());
        assertEquals(new BigDecimal("0.070000"), ok.costUsd()); // 7×10^8 ticks, 10^10 a dollar
        // xAI takes no size; b64_json is asked for, but a server that answers a link anyway is followed once
        api.verify(postRequestedFor(urlEqualTo("/v1/images/generations")).withRequestBody(equalToJson("""
                {"model":"grok-2-image-1212","prompt":"A croissant on a marble counter, morning light","n":1,"response_format":"b64_json"}""")));
        api.verify(1, getRequestedFor(urlEqualTo("/xai-imgen/xai-tmp-imgen-11b443c1.png")));
    }

    @Test
    void aPlainHttpLinkOnAnotherHostIsNeverFetched() {
        api.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("""
                {"data":[{"url":"http://169.254.169.254/latest/meta-data/iam"}]}""")));

        ImageResult.Failed f = assertInstanceOf(ImageResult.Failed.class, images("dall-e-3", null, 2000).generate(REQUEST));

        assertFalse(f.contentPolicy());
        assertTrue(f.message().contains("https"), f.message());
        assertEquals(1, api.findAll(anyRequestedFor(anyUrl())).size()); // only the POST
    }

    @Test
    void aContentPolicyRefusalSaysSoAndIsNotTransient() {
        api.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(error("Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.",
                        "image_generation_user_error", "moderation_blocked"))));

        ImageResult.Failed f = assertInstanceOf(ImageResult.Failed.class, images("gpt-image-1", "low", 2000).generate(REQUEST));

        assertTrue(f.contentPolicy());
        assertEquals(400, f.httpStatus());

        api.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(error("Invalid size 1024x1536 for dall-e-3", "invalid_request_error", "invalid_size"))));
        assertFalse(assertInstanceOf(ImageResult.Failed.class, images("dall-e-3", null, 2000).generate(REQUEST)).contentPolicy());
    }

    @Test
    void rateLimitsAndOutagesAreTransientWithTheProvidersRetryAfter() {
        api.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withHeader("Content-Type", "application/json")
                .withBody(error("Rate limit reached for images per minute", "requests", "rate_limit_exceeded"))));
        ImageResult.Transient t = assertInstanceOf(ImageResult.Transient.class, images("gpt-image-1", "low", 2000).generate(REQUEST));
        assertEquals(429, t.httpStatus());
        assertEquals(7, t.retryAfterSeconds());

        api.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(503).withBody("<html>busy</html>")));
        assertEquals(503, assertInstanceOf(ImageResult.Transient.class, images("gpt-image-1", "low", 2000).generate(REQUEST)).httpStatus());
    }

    @Test
    void aSlowProviderTimesOutAsTransient() {
        api.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("{\"data\":[]}").withFixedDelay(1500)));

        ImageResult.Transient t = assertInstanceOf(ImageResult.Transient.class, images("gpt-image-1", "low", 300).generate(REQUEST));

        assertEquals(0, t.httpStatus());
        assertTrue(t.message().contains("timed out"), t.message());
    }

    @Test
    void theKeyNeverAppearsInAMessageEvenWhenTheProviderEchoesIt() {
        api.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody(error("Incorrect API key provided: " + KEY + ". You can find your API key at https://platform.openai.com.",
                        "invalid_request_error", "invalid_api_key"))));

        OpenAiCompatibleImages client = images("gpt-image-1", "low", 2000);
        ImageResult.Failed f = assertInstanceOf(ImageResult.Failed.class, client.generate(REQUEST));

        assertFalse(f.message().contains(KEY), f.message());
        assertTrue(f.message().contains("[redacted]"), f.message());
        assertFalse(client.toString().contains(KEY));
        assertFalse(f.toString().contains(KEY));
    }

    @Test
    void anAnswerWithoutAnImageOrTooLargeIsFailed() {
        api.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("{\"created\":1,\"data\":[{}]}")));
        assertInstanceOf(ImageResult.Failed.class, images("gpt-image-1", "low", 2000).generate(REQUEST));

        api.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("""
                {"block_reason":"the prompt violates the usage policy","data":[]}""")));
        assertTrue(assertInstanceOf(ImageResult.Failed.class, images("grok-2-image", null, 2000).generate(REQUEST)).contentPolicy());

        api.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("""
                {"data":[{"url":"%s/big.png"}]}""".formatted(api.baseUrl()))));
        api.stubFor(get(urlEqualTo("/big.png")).willReturn(aResponse().withStatus(200)
                .withBody(new byte[OpenAiCompatibleImages.MAX_IMAGE_BYTES + 1])));
        ImageResult.Failed big = assertInstanceOf(ImageResult.Failed.class, images("dall-e-3", null, 5000).generate(REQUEST));
        assertTrue(big.message().contains("larger than"), big.message());
    }

    @Test
    void configChoosesOfflineUnlessAProviderIsConfigured() {
        assertInstanceOf(OfflineImages.class, ImageClients.fromConfig(Config.of(Map.of())));
        assertInstanceOf(OfflineImages.class, ImageClients.fromConfig(Config.of(Map.of("IMAGE_PROVIDER", "offline", "IMAGE_API_KEY", "k"))));
        ImageClient real = ImageClients.fromConfig(Config.of(Map.of("IMAGE_API_KEY", KEY, "IMAGE_MODEL", "grok-2-image",
                "IMAGE_BASE_URL", "https://api.x.ai/v1")));
        assertEquals("openai:grok-2-image", real.describe());
        assertFalse(real.toString().contains(KEY));
    }
}
