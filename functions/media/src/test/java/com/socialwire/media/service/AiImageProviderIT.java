package com.socialwire.media.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.Config;
import com.socialwire.shared.Ids;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.providers.image.ImageClient;
import com.socialwire.shared.providers.image.ImagePrices;
import com.socialwire.shared.providers.image.ImageResult;
import com.socialwire.shared.providers.image.OfflineImages;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantRecords;
import com.socialwire.shared.tenants.TenantSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MediaFunction's AI image route with the real OpenAI-compatible image client against WireMock (gpt-image-1 at
 * medium quality), on the embedded stores: an answered image is stored in the library and charged the fee plus its
 * price with the card's markup; a content-policy refusal is a 422, a rate limit or a timeout a 503 — each with every
 * credit given back and no media item; the API key never reaches an answer.
 */
class AiImageProviderIT {

    @RegisterExtension
    static WireMockExtension provider = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String KEY = "sk-proj-media-it-77aa66bb55cc";
    static final long GRANT = 1_000_000;
    static LocalEnvironment env;
    static FunctionClient media;
    static DynamoLedger ledger;
    static Table table;
    static byte[] png;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.shared();
        media = new FunctionClient(env, "MediaFunction", Map.of("IMAGE_PROVIDER", "openai", "IMAGE_BASE_URL", provider.baseUrl() + "/v1",
                "IMAGE_API_KEY", KEY, "IMAGE_MODEL", "gpt-image-1", "IMAGE_QUALITY", "medium", "IMAGE_TIMEOUT_MS", "800"));
        Config config = env.functionConfig("MediaFunction");
        table = new Table(new AwsClients(config)::dynamoDb, config.require("TABLE_NAME"));
        ledger = new DynamoLedger(table, Clock.systemUTC());
        png = assertInstanceOf(ImageResult.Ok.class, new OfflineImages().generate(new ImageClient.ImageRequest("stub", "1024x1024",
                "tnt_stub", "Stub", List.of(), null))).bytes();
    }

    /** A new account with {@value #GRANT} micro-credits, its admin key and a tenant of it. */
    record Brand(String accountId, String key, String tenantId) {
    }

    static Brand brand() {
        TestKeys.Key admin = TestKeys.newAccount(env);
        ledger.grant(admin.accountId(), GRANT, "grant-" + admin.accountId(), Ledger.Category.PROMOTIONAL, "test");
        String tenantId = Ids.next("tnt");
        Instant now = Instant.now();
        Tenant t = new Tenant(tenantId, admin.accountId(), "Bloom Bakery", null, null, Tenant.TOKEN_NONE, null, null, List.of(), "active",
                "Europe/London", TenantSettings.DEFAULTS, 1, now, now);
        Config tenants = env.functionConfig("TenantsFunction");
        new Table(new AwsClients(tenants)::dynamoDb, tenants.require("TABLE_NAME")).put(new Write.Put(TenantRecords.toItem(t, null)));
        return new Brand(admin.accountId(), admin.raw(), tenantId);
    }

    static FunctionClient.Response generate(Brand b, String body) {
        return media.call("POST", "/v1/tenants/" + b.tenantId() + "/ai/image", b.key(), body);
    }

    static void assertNothingChargedOrStored(Brand b, FunctionClient.Response r) {
        assertEquals(GRANT, ledger.balance(b.accountId()).availableMicroCredits(), "every credit given back: " + r.body());
        assertEquals(0, ledger.balance(b.accountId()).reservedMicroCredits());
        assertEquals(0, media.call("GET", "/v1/tenants/" + b.tenantId() + "/media", b.key(), null).json().path("items").size(), "no media item");
        assertFalse(r.body().contains(KEY));
    }

    static String error(String message, String type, String code) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":\"" + code + "\"}}";
    }

    @Test
    void anAnsweredImageIsStoredAndChargedItsPriceWithTheCardsMarkupAndTheFee() {
        provider.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("""
                {"created":1713833628,"data":[{"b64_json":"%s"}],
                 "usage":{"total_tokens":1066,"input_tokens":10,"output_tokens":1056,"input_tokens_details":{"text_tokens":10,"image_tokens":0}}}"""
                .formatted(Base64.getEncoder().encodeToString(png)))));
        Brand b = brand();

        FunctionClient.Response r = generate(b, "{\"prompt\":\"A croissant on a marble counter\"}");

        assertEquals(201, r.status(), r.body());
        JsonNode item = r.json();
        assertEquals("ai", item.path("source").asText());
        assertEquals("uploading", item.path("status").asText(), "the processor's S3 event verifies it next");
        assertEquals("gpt-image-1", item.path("model").asText());
        assertFalse(item.path("offline").asBoolean());
        assertEquals(1024, item.path("width").asInt());
        assertEquals(png.length, item.path("sizeBytes").asLong());
        PriceCard card = PriceCard.BUILT_IN;
        BigDecimal usd = ImagePrices.defaults().cost("gpt-image-1", "medium", "1024x1024", 10); // $0.042 + 10 tokens × $5/M
        long expected = card.fee("ai_image") + card.llm(usd);
        JsonNode usage = item.path("usage");
        assertEquals(expected, usage.path("settledMicroCredits").asLong(), usage.toString());
        assertEquals(usage.path("reservedMicroCredits").asLong(), expected + usage.path("refundedMicroCredits").asLong());
        assertEquals(GRANT - expected, ledger.balance(b.accountId()).availableMicroCredits());
        assertEquals(0, ledger.balance(b.accountId()).reservedMicroCredits());
        System.out.println("AiImageProviderIT: gpt-image-1 medium 1024x1024 (10 prompt tokens, $" + usd.toPlainString() + ") cost "
                + expected + " micro-credits (fee " + card.fee("ai_image") + "), " + usage.path("reservedMicroCredits").asLong() + " reserved");
        JsonNode read = media.call("GET", "/v1/tenants/" + b.tenantId() + "/media/" + item.path("id").asText(), b.key(), null).json();
        assertEquals("A croissant on a marble counter", read.path("generation").path("prompt").asText());
        assertFalse(r.body().contains(provider.baseUrl()), "no provider link in the answer");
    }

    /**
     * The HTTP API keeps an Idempotency-Key's claim in progress for 30 s; an image slower than that, retried, runs the
     * route again. The retry must find the first image (the same media id), not draw and charge a second one.
     */
    @Test
    void aRetryPastTheIdempotencyClaimFindsTheFirstImageAndIsNotChargedAgain() {
        provider.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("""
                {"created":1713833628,"data":[{"b64_json":"%s"}]}""".formatted(Base64.getEncoder().encodeToString(png)))));
        Brand b = brand();
        Map<String, String> vars = new java.util.HashMap<>(env.functionEnvironment("MediaFunction"));
        vars.putAll(Map.of("IMAGE_PROVIDER", "openai", "IMAGE_BASE_URL", provider.baseUrl() + "/v1", "IMAGE_API_KEY", KEY,
                "IMAGE_MODEL", "gpt-image-1", "IMAGE_QUALITY", "low"));
        com.socialwire.media.Media m = Config.withOverlay(vars, com.socialwire.media.Media::fromEnvironment);
        AiImageService images = m.aiImages(m.service());
        com.socialwire.shared.security.Principal who = com.socialwire.shared.security.Principal.key(b.accountId(), "key_retry",
                com.socialwire.shared.security.Role.ADMIN, java.util.Set.of());
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode)
                com.socialwire.shared.Json.tree("{\"prompt\":\"A loaf\"}");
        int before = provider.findAll(postRequestedFor(urlEqualTo("/v1/images/generations"))).size();

        Map<String, Object> first = images.generate(who, b.tenantId(), body, java.util.Optional.of("slow-1"));
        long charged = GRANT - ledger.balance(b.accountId()).availableMicroCredits();
        Map<String, Object> retry = images.generate(who, b.tenantId(), body, java.util.Optional.of("slow-1"));

        assertEquals(first.get("id"), retry.get("id"));
        assertEquals(GRANT - charged, ledger.balance(b.accountId()).availableMicroCredits(), "charged once");
        assertEquals(before + 1, provider.findAll(postRequestedFor(urlEqualTo("/v1/images/generations"))).size(), "drawn once");
        assertEquals(((com.socialwire.shared.billing.Usage) first.get("usage")).settledMicroCredits(),
                ((com.socialwire.shared.billing.Usage) retry.get("usage")).settledMicroCredits());
        assertEquals(1, media.call("GET", "/v1/tenants/" + b.tenantId() + "/media", b.key(), null).json().path("items").size());
        Map<String, Object> other = images.generate(who, b.tenantId(), body, java.util.Optional.of("slow-2"));
        assertFalse(first.get("id").equals(other.get("id")), "another key is another image");
    }

    @Test
    void aContentPolicyRefusalIs422AndEveryCreditIsGivenBack() {
        provider.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(error("Your request was rejected as a result of our safety system.", "image_generation_user_error", "moderation_blocked"))));
        Brand b = brand();

        FunctionClient.Response r = generate(b, "{\"prompt\":\"something the provider refuses\"}");

        assertEquals(422, r.status(), r.body());
        assertEquals("VALIDATION_ERROR", r.json().path("error").path("code").asText());
        assertTrue(r.json().path("error").path("message").asText().contains("content policy"), r.body());
        assertFalse(r.body().contains("safety system"), "the provider's own text stays in the logs");
        assertNothingChargedOrStored(b, r);
    }

    @Test
    void aRateLimitIs503WithTheProvidersRetryAfterAndEveryCreditIsGivenBack() {
        provider.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "9")
                .withHeader("Content-Type", "application/json").withBody(error("Rate limit reached", "requests", "rate_limit_exceeded"))));
        Brand b = brand();

        FunctionClient.Response r = generate(b, "{\"prompt\":\"A bakery at dawn\"}");

        assertEquals(503, r.status(), r.body());
        assertEquals("PROVIDER_UNAVAILABLE", r.json().path("error").path("code").asText());
        assertEquals("9", r.header("retry-after"));
        assertEquals("IMAGE_429", r.json().path("error").path("details").path("provider").asText());
        assertNothingChargedOrStored(b, r);

        provider.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(502).withBody("<html>bad gateway</html>")));
        FunctionClient.Response outage = generate(b, "{\"prompt\":\"A bakery at dawn\"}");
        assertEquals(503, outage.status(), outage.body());
        assertNothingChargedOrStored(b, outage);
    }

    @Test
    void aTimeoutIs503AndEveryCreditIsGivenBack() {
        provider.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("{\"data\":[]}").withFixedDelay(2500)));
        Brand b = brand();

        FunctionClient.Response r = generate(b, "{\"prompt\":\"A slow bakery\"}");

        assertEquals(503, r.status(), r.body());
        assertNothingChargedOrStored(b, r);
    }

    @Test
    void aRefusedKeyIs502AndTheKeyNeverReachesTheAnswer() {
        provider.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody(error("Incorrect API key provided: " + KEY + ".", "invalid_request_error", "invalid_api_key"))));
        Brand b = brand();

        FunctionClient.Response r = generate(b, "{\"prompt\":\"A bakery at dawn\"}");

        assertEquals(502, r.status(), r.body());
        assertEquals("IMAGE_401", r.json().path("error").path("details").path("provider").asText());
        assertNothingChargedOrStored(b, r);
        provider.verify(postRequestedFor(urlEqualTo("/v1/images/generations")));
    }
}
