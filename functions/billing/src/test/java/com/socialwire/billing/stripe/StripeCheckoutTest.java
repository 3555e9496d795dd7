package com.socialwire.billing.stripe;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.socialwire.shared.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our {@code POST /v1/checkout/sessions} against a WireMock stub shaped like Stripe's, held to what stripe-java 33.3.0 sent and did. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StripeCheckoutTest {

    private static final String KEY = "sk_test_51PzTestOnlyKeyAbcDEF0123456789xyzSECRET";
    private static final String ACCOUNT = "acct_7hG2kLm9QwErTyUiOp12";
    private static final String SESSION_ID = "cs_test_a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ0123456789abcdEFGHij";
    private static final String SESSION_URL = "https://checkout.stripe.com/c/pay/" + SESSION_ID
            + "#fidkdWxOYHwnPyd1blpxYHZxWjA0T0BhVnJyXHRiXE1JVnFRc0gxTzN1";
    private static final String SUCCESS = "https://app.socialwire.test/billing/success?session_id={CHECKOUT_SESSION_ID}";
    private static final String CANCEL = "https://app.socialwire.test/billing/cancel";

    private static WireMockServer wm;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterAll
    static void stop() {
        if (wm != null) {
            wm.stop();
        }
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    private static StripeCheckout checkout(int retries) {
        return new StripeCheckout(KEY, wm.baseUrl() + "/", SUCCESS, CANCEL, "USD", 1_000_000L, retries,
                Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    private static String sessionJson(long amount, String currency) {
        return """
                {
                  "id": "%1$s",
                  "object": "checkout.session",
                  "adaptive_pricing": {"enabled": false},
                  "after_expiration": null,
                  "allow_promotion_codes": null,
                  "amount_subtotal": %2$d,
                  "amount_total": %2$d,
                  "automatic_tax": {"enabled": false, "liability": null, "provider": null, "status": null},
                  "billing_address_collection": null,
                  "cancel_url": "%4$s",
                  "client_reference_id": "%5$s",
                  "client_secret": null,
                  "created": 1785312000,
                  "currency": "%3$s",
                  "customer": null,
                  "customer_creation": "if_required",
                  "customer_details": null,
                  "customer_email": null,
                  "expires_at": 1785398400,
                  "invoice": null,
                  "livemode": false,
                  "locale": null,
                  "metadata": {"accountId": "%5$s", "microCredits": "2500000"},
                  "mode": "payment",
                  "payment_intent": null,
                  "payment_link": null,
                  "payment_method_collection": "if_required",
                  "payment_method_types": ["card", "link"],
                  "payment_status": "unpaid",
                  "status": "open",
                  "submit_type": null,
                  "subscription": null,
                  "success_url": "https://app.socialwire.test/billing/success?session_id={CHECKOUT_SESSION_ID}",
                  "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
                  "ui_mode": "hosted",
                  "url": "%6$s"
                }
                """.formatted(SESSION_ID, amount, currency, CANCEL, ACCOUNT, SESSION_URL);
    }

    private static String errorJson(String type, String code, String message, String param) {
        return """
                {
                  "error": {
                    "code": "%s",
                    "doc_url": "https://stripe.com/docs/error-codes/%s",
                    "message": "%s",
                    "param": %s,
                    "request_log_url": "https://dashboard.stripe.com/test/logs/req_Xy12AbCdEf34?t=1785312000",
                    "type": "%s"
                  }
                }
                """.formatted(code, code, message, param == null ? "null" : "\"" + param + "\"", type);
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void assertNoSecret(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertFalse(String.valueOf(c.getMessage()).contains(KEY), "secret key in message: " + c.getMessage());
            assertFalse(c.toString().contains(KEY), "secret key in toString: " + c);
            assertFalse(String.valueOf(c.getMessage()).contains("sk_test_"), "key-shaped text in message: " + c.getMessage());
        }
    }

    @Test
    void createsAPaymentSessionAsStripeJavaDid() {
        wm.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_Ok12AbCdEf34")
                .withBody(sessionJson(250, "usd"))));

        StripeCheckout.CheckoutSession session = checkout(0).create(ACCOUNT, 2_500_000L, "sw-topup-abc123");

        assertEquals(new StripeCheckout.CheckoutSession(SESSION_ID, SESSION_URL, 250, "usd"), session);
        List<LoggedRequest> requests = wm.findAll(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")));
        assertEquals(1, requests.size());
        LoggedRequest r = requests.get(0);
        assertEquals("Bearer " + KEY, r.getHeader("Authorization"));
        assertEquals("sw-topup-abc123", r.getHeader("Idempotency-Key"));
        assertTrue(r.getHeader("Content-Type").startsWith("application/x-www-form-urlencoded"), r.getHeader("Content-Type"));
        assertEquals(com.stripe.Stripe.API_VERSION, r.getHeader("Stripe-Version"), "the version stripe-java 33.3.0 pins");

        Map<String, String> f = form(r);
        assertEquals("payment", f.get("mode"));
        assertEquals(ACCOUNT, f.get("client_reference_id"));
        assertEquals(ACCOUNT, f.get("metadata[accountId]"));
        assertEquals("2500000", f.get("metadata[microCredits]"));
        assertEquals(ACCOUNT, f.get("payment_intent_data[metadata][accountId]"));
        assertEquals("2500000", f.get("payment_intent_data[metadata][microCredits]"));
        assertEquals("1", f.get("line_items[0][quantity]"));
        assertEquals("250", f.get("line_items[0][price_data][unit_amount]"));
        assertEquals("usd", f.get("line_items[0][price_data][currency]"));
        assertEquals("Socialwire credits (2,500,000)", f.get("line_items[0][price_data][product_data][name]"));
        assertEquals(SUCCESS, f.get("success_url"));
        assertEquals(CANCEL, f.get("cancel_url"));
        assertFalse(r.getBodyAsString().contains(KEY), "the key travels in the header only");
    }

    @Test
    void theRateIsAConstructorParameter() {
        wm.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(sessionJson(12_345, "eur"))));
        // 1 credit = 1 cent
        StripeCheckout perCent = new StripeCheckout(KEY, wm.baseUrl(), SUCCESS, null, "eur", 100L, 0,
                Duration.ofSeconds(5), Duration.ofSeconds(20));

        StripeCheckout.CheckoutSession session = perCent.create(ACCOUNT, 12_345L, "k-1");

        assertEquals(12_345, session.amountCents());
        Map<String, String> f = form(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions"))).get(0));
        assertEquals("12345", f.get("line_items[0][price_data][unit_amount]"));
        assertEquals("eur", f.get("line_items[0][price_data][currency]"));
        assertFalse(f.containsKey("cancel_url"), "no cancel URL configured, none sent");
    }

    @Test
    void amountsThatAreNotWholeCentsAreRefusedBeforeAnyRequest() {
        StripeCheckout c = checkout(0);
        assertEquals(1, c.amountCents(10_000));
        assertEquals(100, c.amountCents(1_000_000));
        assertThrows(IllegalArgumentException.class, () -> c.amountCents(12_345));
        assertThrows(IllegalArgumentException.class, () -> c.create(ACCOUNT, 1_000_001L, "k"));
        assertThrows(IllegalArgumentException.class, () -> c.create(ACCOUNT, 0L, "k"));
        assertThrows(IllegalArgumentException.class, () -> c.create(ACCOUNT, -1_000_000L, "k"));
        assertThrows(IllegalArgumentException.class, () -> c.create(ACCOUNT, Long.MAX_VALUE, "k"));
        assertThrows(IllegalArgumentException.class, () -> c.create(ACCOUNT, 1_000_000_000_000L, "k"), "above Stripe's 8-digit maximum");
        assertThrows(IllegalArgumentException.class, () -> c.create("cus_123", 1_000_000L, "k"));
        assertThrows(IllegalArgumentException.class, () -> c.create(ACCOUNT, 1_000_000L, " "));
        assertThrows(IllegalArgumentException.class, () -> c.create(ACCOUNT, 1_000_000L, "k".repeat(256)));
        assertTrue(wm.getAllServeEvents().isEmpty());
    }

    @Test
    void invalidRequestIsATypedPermanentFailure() {
        wm.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_Bad12AbCdEf34")
                .withBody(errorJson("invalid_request_error", "parameter_invalid_integer",
                        "Invalid integer: abc", "line_items[0][price_data][unit_amount]"))));

        StripeCheckoutException e = assertThrows(StripeCheckoutException.class,
                () -> checkout(0).create(ACCOUNT, 2_500_000L, "k-400"));

        StripeCheckoutException.Rejected rejected = assertInstanceOf(StripeCheckoutException.Rejected.class, e);
        assertEquals(StripeCheckoutException.Kind.INVALID_REQUEST, rejected.kind());
        assertFalse(rejected.transientFailure());
        assertEquals(502, rejected.httpStatus());
        assertEquals(400, rejected.stripeStatus());
        assertEquals("parameter_invalid_integer", rejected.stripeCode());
        assertEquals("req_Bad12AbCdEf34", rejected.requestId());
        assertTrue(rejected.getMessage().contains("Invalid integer: abc"), rejected.getMessage());
        assertTrue(rejected.getMessage().contains("line_items[0][price_data][unit_amount]"), rejected.getMessage());
        assertNull(rejected.getCause());
        assertNoSecret(e);
    }

    @Test
    void aBadKeyIsPermanentAndTheKeyNeverShowsEvenWhenStripeEchoesIt() {
        wm.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody(errorJson("invalid_request_error", "api_key_invalid", "Invalid API Key provided: " + KEY, null))));

        StripeCheckoutException e = assertThrows(StripeCheckoutException.class, () -> checkout(0).create(ACCOUNT, 2_500_000L, "k-401"));

        assertInstanceOf(StripeCheckoutException.Rejected.class, e);
        assertEquals(StripeCheckoutException.Kind.AUTHENTICATION, e.kind());
        assertTrue(e.getMessage().contains("Invalid API Key provided: [redacted]"), e.getMessage());
        assertNoSecret(e);
    }

    @Test
    void idempotencyKeyReusedWithOtherParametersIsAConflict() {
        wm.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(errorJson("idempotency_error", "idempotency_key_in_use",
                        "Keys for idempotent requests can only be used with the same parameters they were first used with.", null))));

        StripeCheckoutException e = assertThrows(StripeCheckoutException.class, () -> checkout(0).create(ACCOUNT, 2_500_000L, "k-idem"));

        assertInstanceOf(StripeCheckoutException.Rejected.class, e);
        assertEquals(StripeCheckoutException.Kind.IDEMPOTENCY_CONFLICT, e.kind());
        assertNoSecret(e);
    }

    @Test
    void serverErrorIsTransient() {
        wm.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_Srv12AbCdEf34")
                .withBody(errorJson("api_error", "internal_error", "An unknown error occurred", null))));

        StripeCheckoutException e = assertThrows(StripeCheckoutException.class, () -> checkout(0).create(ACCOUNT, 2_500_000L, "k-500"));

        StripeCheckoutException.Unavailable u = assertInstanceOf(StripeCheckoutException.Unavailable.class, e);
        assertEquals(StripeCheckoutException.Kind.STRIPE_SERVER_ERROR, u.kind());
        assertTrue(u.transientFailure());
        assertEquals(503, u.httpStatus());
        assertEquals(500, u.stripeStatus());
        assertEquals("req_Srv12AbCdEf34", u.requestId());
        assertNoSecret(e);
    }

    @Test
    void rateLimitIsTransient() {
        wm.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody(errorJson("invalid_request_error", "rate_limit",
                        "Too many requests hit the API too quickly.", null))));

        StripeCheckoutException e = assertThrows(StripeCheckoutException.class, () -> checkout(0).create(ACCOUNT, 2_500_000L, "k-429"));

        assertInstanceOf(StripeCheckoutException.Unavailable.class, e);
        assertEquals(StripeCheckoutException.Kind.RATE_LIMITED, e.kind());
        assertEquals(429, e.stripeStatus());
        assertNoSecret(e);
    }

    @Test
    void aBrokenConnectionIsTransient() {
        wm.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        StripeCheckoutException e = assertThrows(StripeCheckoutException.class, () -> checkout(0).create(ACCOUNT, 2_500_000L, "k-io"));

        assertInstanceOf(StripeCheckoutException.Unavailable.class, e);
        assertEquals(StripeCheckoutException.Kind.CONNECTION, e.kind());
        assertNull(e.stripeStatus());
        assertNoSecret(e);
    }

    @Test
    void aReadTimeoutIsTransient() {
        wm.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)
                .withHeader("Content-Type", "application/json").withBody(sessionJson(250, "usd"))));
        StripeCheckout impatient = new StripeCheckout(KEY, wm.baseUrl(), SUCCESS, CANCEL, "usd", 1_000_000L, 0,
                Duration.ofSeconds(5), Duration.ofMillis(500));

        StripeCheckoutException e = assertThrows(StripeCheckoutException.class, () -> impatient.create(ACCOUNT, 2_500_000L, "k-slow"));

        assertInstanceOf(StripeCheckoutException.Unavailable.class, e);
        assertEquals(StripeCheckoutException.Kind.CONNECTION, e.kind());
        assertTrue(e.getMessage().contains(wm.baseUrl()), e.getMessage());
        assertNoSecret(e);
    }

    @Test
    void aResponseThatIsNotStripeJsonIsUnexpected() {
        wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html><body>proxy says hello</body></html>")));

        StripeCheckoutException e = assertThrows(StripeCheckoutException.class, () -> checkout(0).create(ACCOUNT, 2_500_000L, "k-html"));

        assertInstanceOf(StripeCheckoutException.Rejected.class, e);
        assertEquals(StripeCheckoutException.Kind.UNEXPECTED_RESPONSE, e.kind());
        assertNoSecret(e);
    }

    @Test
    void aSessionWithoutAUrlIsUnexpected() {
        wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"cs_test_1\",\"object\":\"checkout.session\",\"url\":null}")));

        StripeCheckoutException e = assertThrows(StripeCheckoutException.class, () -> checkout(0).create(ACCOUNT, 2_500_000L, "k-nourl"));

        assertEquals(StripeCheckoutException.Kind.UNEXPECTED_RESPONSE, e.kind());
    }

    @Test
    void aRetryAfterA500CarriesTheSameIdempotencyKey() {
        wm.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).inScenario("retry").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody(errorJson("api_error", "internal_error", "An unknown error occurred", null)))
                .willSetStateTo("second"));
        wm.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).inScenario("retry").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(sessionJson(250, "usd"))));

        StripeCheckout.CheckoutSession session = checkout(1).create(ACCOUNT, 2_500_000L, "sw-topup-retry");

        assertEquals(SESSION_ID, session.id());
        List<LoggedRequest> requests = wm.findAll(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")));
        assertEquals(2, requests.size());
        assertEquals("sw-topup-retry", requests.get(0).getHeader("Idempotency-Key"));
        assertEquals("sw-topup-retry", requests.get(1).getHeader("Idempotency-Key"));
    }

    @Test
    void withoutAKeyNothingIsSent() {
        StripeCheckout c = StripeCheckout.fromConfig(Config.of(Map.of("STRIPE_API_BASE", wm.baseUrl(),
                "CHECKOUT_SUCCESS_URL", SUCCESS)));
        assertFalse(c.configured());

        StripeCheckoutException e = assertThrows(StripeCheckoutException.class, () -> c.create(ACCOUNT, 1_000_000L, "k"));

        assertEquals(StripeCheckoutException.Kind.NOT_CONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("STRIPE_SECRET_KEY"));
        assertTrue(wm.getAllServeEvents().isEmpty());
    }

    @Test
    void fromConfigReadsTheSettingsAndDefaults() {
        StripeCheckout defaults = StripeCheckout.fromConfig(Config.of(Map.of("STRIPE_SECRET_KEY", KEY,
                "CHECKOUT_SUCCESS_URL", SUCCESS)));
        assertEquals("https://api.stripe.com", defaults.apiBase());
        assertEquals("usd", defaults.currency());
        assertEquals(1_000_000L, defaults.microCreditsPerUsd());
        assertTrue(defaults.configured());
        assertFalse(defaults.toString().contains(KEY), defaults.toString());

        StripeCheckout custom = StripeCheckout.fromConfig(Config.of(Map.of("STRIPE_SECRET_KEY", KEY,
                "STRIPE_API_BASE", "http://127.0.0.1:4010//", "CHECKOUT_SUCCESS_URL", SUCCESS,
                "CHECKOUT_CANCEL_URL", CANCEL, "BILLING_CURRENCY", "EUR")), 2_000_000L);
        assertEquals("http://127.0.0.1:4010", custom.apiBase());
        assertEquals("eur", custom.currency());
        assertEquals(50, custom.amountCents(1_000_000L));

        assertThrows(IllegalArgumentException.class, () -> StripeCheckout.fromConfig(Config.of(Map.of("BILLING_CURRENCY", "jpy"))),
                "zero-decimal currencies are not priced in cents");
        assertThrows(IllegalArgumentException.class, () -> StripeCheckout.fromConfig(Config.of(Map.of("BILLING_CURRENCY", "dollars"))));
        assertThrows(IllegalArgumentException.class, () -> StripeCheckout.fromConfig(Config.of(Map.of("STRIPE_API_BASE", "api.stripe.com"))));
    }

    @Test
    void theBaseUrlIsPerInstanceNotGlobal() {
        wm.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(sessionJson(250, "usd"))));
        StripeCheckout elsewhere = new StripeCheckout(KEY, "http://127.0.0.1:9", SUCCESS, CANCEL, "usd", 1_000_000L, 0,
                Duration.ofSeconds(1), Duration.ofSeconds(1));

        assertThrows(StripeCheckoutException.Unavailable.class, () -> elsewhere.create(ACCOUNT, 2_500_000L, "k-elsewhere"));
        checkout(0).create(ACCOUNT, 2_500_000L, "k-base");

        assertEquals(1, wm.findAll(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions"))).size(), "went to this instance's base");
    }
}
