package com.socialwire.billing.stripe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StripeEventsTest {

    private static final String ACCOUNT = "acct_7hG2kLm9QwErTyUiOp12";
    private static final String SESSION = "cs_test_a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ0123456789abcdEFGHij";

    /** A checkout.session.completed as Stripe sends it for API version 2026-07-29.dahlia (trimmed of nothing we read). */
    private static final String DAHLIA_COMPLETED = """
            {
              "id": "evt_1SxQ4bLkZ8mN2pR7tV9wXy3A",
              "object": "event",
              "api_version": "2026-07-29.dahlia",
              "context": null,
              "created": 1785312345,
              "data": {
                "object": {
                  "id": "%s",
                  "object": "checkout.session",
                  "adaptive_pricing": {"enabled": true},
                  "after_expiration": null,
                  "allow_promotion_codes": null,
                  "amount_subtotal": 250,
                  "amount_total": 250,
                  "automatic_tax": {"enabled": false, "liability": null, "provider": null, "status": null},
                  "billing_address_collection": null,
                  "branding_settings": {"background_color": "#ffffff", "border_style": "rounded", "button_color": "#0074d4",
                    "display_name": "Socialwire", "font_family": "default", "icon": null, "logo": null},
                  "cancel_url": "https://app.socialwire.test/billing/cancel",
                  "client_reference_id": "%s",
                  "client_secret": null,
                  "collected_information": {"business_name": null, "individual_name": null, "shipping_details": null},
                  "consent": null,
                  "consent_collection": null,
                  "created": 1785312000,
                  "currency": "usd",
                  "currency_conversion": null,
                  "custom_fields": [],
                  "custom_text": {"after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null},
                  "customer": null,
                  "customer_account": null,
                  "customer_creation": "if_required",
                  "customer_details": {
                    "address": {"city": null, "country": "DE", "line1": null, "line2": null, "postal_code": null, "state": null},
                    "business_name": null,
                    "email": "billing@agency.example",
                    "individual_name": null,
                    "name": "Agency Billing",
                    "phone": null,
                    "tax_exempt": "none",
                    "tax_ids": []
                  },
                  "customer_email": null,
                  "discounts": [],
                  "expires_at": 1785398400,
                  "invoice": null,
                  "invoice_creation": {"enabled": false, "invoice_data": {"account_tax_ids": null, "custom_fields": null,
                    "description": null, "footer": null, "issuer": null, "metadata": {}, "rendering_options": null}},
                  "livemode": false,
                  "locale": null,
                  "metadata": {"accountId": "%s", "microCredits": "2500000"},
                  "mode": "payment",
                  "origin_context": null,
                  "payment_intent": "pi_3SxQ4aLkZ8mN2pR71AbCdEfG",
                  "payment_link": null,
                  "payment_method_collection": "if_required",
                  "payment_method_configuration_details": {"id": "pmc_1SxAbcLkZ8mN2pR7QwErTyUi", "parent": null},
                  "payment_method_options": {"card": {"request_three_d_secure": "automatic"}},
                  "payment_method_types": ["card", "link"],
                  "payment_status": "%s",
                  "permissions": null,
                  "phone_number_collection": {"enabled": false},
                  "presentment_details": {"presentment_amount": 250, "presentment_currency": "usd"},
                  "recovered_from": null,
                  "saved_payment_method_options": null,
                  "setup_intent": null,
                  "shipping_address_collection": null,
                  "shipping_cost": null,
                  "shipping_options": [],
                  "status": "complete",
                  "submit_type": null,
                  "subscription": null,
                  "success_url": "https://app.socialwire.test/billing/success?session_id={CHECKOUT_SESSION_ID}",
                  "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
                  "ui_mode": "hosted",
                  "url": null,
                  "wallet_options": null
                }
              },
              "livemode": false,
              "pending_webhooks": 1,
              "request": {"id": null, "idempotency_key": null},
              "type": "%s"
            }
            """;

    private static String event(String type, String paymentStatus) {
        return DAHLIA_COMPLETED.formatted(SESSION, ACCOUNT, ACCOUNT, paymentStatus, type);
    }

    private static String minimal(String type, String sessionJson) {
        return """
                {"id":"evt_min","object":"event","api_version":"2026-07-29.dahlia","livemode":true,"type":"%s",
                 "data":{"object":%s}}""".formatted(type, sessionJson);
    }

    private static String session(String metadata, String paymentStatus) {
        return """
                {"id":"cs_live_x1","object":"checkout.session","mode":"payment","payment_status":"%s","amount_total":1000,
                 "currency":"usd","client_reference_id":null,"metadata":%s}""".formatted(paymentStatus, metadata);
    }

    @Test
    void aRealLookingDahliaCompletedPaidEventGrants() {
        StripeEvents.StripeEvent e = StripeEvents.parse(event("checkout.session.completed", "paid").getBytes(StandardCharsets.UTF_8));

        assertEquals(new StripeEvents.CheckoutPaid("evt_1SxQ4bLkZ8mN2pR7tV9wXy3A", SESSION, ACCOUNT, 2_500_000L, 250, "usd", "false"), e);
    }

    @Test
    void asyncPaymentSucceededGrants() {
        StripeEvents.StripeEvent e = StripeEvents.parse(event("checkout.session.async_payment_succeeded", "paid"));

        StripeEvents.CheckoutPaid paid = assertInstanceOf(StripeEvents.CheckoutPaid.class, e);
        assertEquals(SESSION, paid.sessionId());
        assertEquals(2_500_000L, paid.microCredits());
    }

    @Test
    void completedButUnpaidIsPending() {
        assertEquals(new StripeEvents.CheckoutPending("evt_1SxQ4bLkZ8mN2pR7tV9wXy3A", SESSION),
                StripeEvents.parse(event("checkout.session.completed", "unpaid")));
    }

    @Test
    void noPaymentRequiredGrantsNothing() {
        assertEquals(new StripeEvents.CheckoutPending("evt_1SxQ4bLkZ8mN2pR7tV9wXy3A", SESSION),
                StripeEvents.parse(event("checkout.session.completed", "no_payment_required")));
    }

    @Test
    void otherTypesAreIgnored() {
        assertEquals(new StripeEvents.Ignored("evt_1SxQ4bLkZ8mN2pR7tV9wXy3A", "checkout.session.async_payment_failed"),
                StripeEvents.parse(event("checkout.session.async_payment_failed", "unpaid")));
        assertEquals(new StripeEvents.Ignored("evt_1SxQ4bLkZ8mN2pR7tV9wXy3A", "checkout.session.expired"),
                StripeEvents.parse(event("checkout.session.expired", "unpaid")));
        assertEquals(new StripeEvents.Ignored("evt_pi", "payment_intent.succeeded"), StripeEvents.parse("""
                {"id":"evt_pi","object":"event","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1","object":"payment_intent"}}}"""));
        assertEquals(new StripeEvents.Ignored("evt_u", "some.future.event"), StripeEvents.parse("""
                {"id":"evt_u","object":"event","type":"some.future.event"}"""));
    }

    @Test
    void minimalEventsAndLivemode() {
        StripeEvents.CheckoutPaid paid = assertInstanceOf(StripeEvents.CheckoutPaid.class,
                StripeEvents.parse(minimal("checkout.session.completed", session("{\"accountId\":\"" + ACCOUNT + "\",\"microCredits\":\"10000000\"}", "paid"))));
        assertEquals("true", paid.livemode());
        assertEquals(1000, paid.amountTotal());
        assertEquals(10_000_000L, paid.microCredits());

        String noLivemode = """
                {"id":"evt_n","object":"event","type":"checkout.session.completed","data":{"object":%s}}"""
                .formatted(session("{\"accountId\":\"" + ACCOUNT + "\",\"microCredits\":\"10000000\"}", "paid"));
        assertEquals("unknown", assertInstanceOf(StripeEvents.CheckoutPaid.class, StripeEvents.parse(noLivemode)).livemode());
    }

    @Test
    void missingOrInvalidMetadataIsMalformed() {
        String[][] cases = {
                {"{}", "metadata.accountId missing"},
                {"{\"microCredits\":\"1000000\"}", "metadata.accountId missing"},
                {"{\"accountId\":\"" + ACCOUNT + "\"}", "metadata.microCredits missing"},
                {"{\"accountId\":\"cus_123\",\"microCredits\":\"1000000\"}", "metadata.accountId is not an account id"},
                {"{\"accountId\":\"acct_\",\"microCredits\":\"1000000\"}", "metadata.accountId is not an account id"},
                {"{\"accountId\":\"acct_x y\",\"microCredits\":\"1000000\"}", "metadata.accountId is not an account id"},
                {"{\"accountId\":\"" + ACCOUNT + "\",\"microCredits\":\"0\"}", "not a positive integer"},
                {"{\"accountId\":\"" + ACCOUNT + "\",\"microCredits\":\"-5\"}", "not a positive integer"},
                {"{\"accountId\":\"" + ACCOUNT + "\",\"microCredits\":\"1.5\"}", "not a positive integer"},
                {"{\"accountId\":\"" + ACCOUNT + "\",\"microCredits\":\"1e6\"}", "not a positive integer"},
                {"{\"accountId\":\"" + ACCOUNT + "\",\"microCredits\":\"abc\"}", "not a positive integer"},
                {"{\"accountId\":\"" + ACCOUNT + "\",\"microCredits\":\"\"}", "not a positive integer"},
                {"{\"accountId\":\"" + ACCOUNT + "\",\"microCredits\":\"01000\"}", "not a positive integer"},
                {"{\"accountId\":\"" + ACCOUNT + "\",\"microCredits\":\"99999999999999999999\"}", "not a positive integer"},
                {"{\"accountId\":\"" + ACCOUNT + "\",\"microCredits\":1.5}", "not a positive integer"},
        };
        for (String[] c : cases) {
            StripeEvents.StripeEvent e = StripeEvents.parse(minimal("checkout.session.completed", session(c[0], "paid")));
            StripeEvents.Malformed m = assertInstanceOf(StripeEvents.Malformed.class, e, c[0]);
            assertTrue(m.reason().contains(c[1]), c[0] + " → " + m.reason());
            assertTrue(m.reason().contains("evt_min") && m.reason().contains("cs_live_x1"), m.reason());
        }
        // a JSON integer is tolerated (hand-written local events)
        assertInstanceOf(StripeEvents.CheckoutPaid.class, StripeEvents.parse(minimal("checkout.session.completed",
                session("{\"accountId\":\"" + ACCOUNT + "\",\"microCredits\":1000000}", "paid"))));
        // metadata absent altogether, on the async event too
        assertInstanceOf(StripeEvents.Malformed.class, StripeEvents.parse(minimal("checkout.session.async_payment_succeeded",
                "{\"id\":\"cs_1\",\"object\":\"checkout.session\",\"payment_status\":\"paid\",\"amount_total\":1,\"currency\":\"usd\"}")));
    }

    @Test
    void inconsistentSessionsAreMalformed() {
        String meta = "{\"accountId\":\"" + ACCOUNT + "\",\"microCredits\":\"1000000\"}";
        // client_reference_id naming someone else
        String other = session(meta, "paid").replace("\"client_reference_id\":null", "\"client_reference_id\":\"acct_Other999\"");
        assertTrue(assertInstanceOf(StripeEvents.Malformed.class, StripeEvents.parse(minimal("checkout.session.completed", other)))
                .reason().contains("client_reference_id"));
        // unknown payment_status
        assertInstanceOf(StripeEvents.Malformed.class, StripeEvents.parse(minimal("checkout.session.completed", session(meta, "weird"))));
        // async success on a session still saying unpaid
        assertInstanceOf(StripeEvents.Malformed.class,
                StripeEvents.parse(minimal("checkout.session.async_payment_succeeded", session(meta, "unpaid"))));
        // a subscription-mode session
        assertInstanceOf(StripeEvents.Malformed.class, StripeEvents.parse(minimal("checkout.session.completed",
                session(meta, "paid").replace("\"mode\":\"payment\"", "\"mode\":\"subscription\""))));
        // amount_total missing or not an integer, currency missing
        assertInstanceOf(StripeEvents.Malformed.class, StripeEvents.parse(minimal("checkout.session.completed",
                session(meta, "paid").replace("\"amount_total\":1000", "\"amount_total\":null"))));
        assertInstanceOf(StripeEvents.Malformed.class, StripeEvents.parse(minimal("checkout.session.completed",
                session(meta, "paid").replace("\"amount_total\":1000", "\"amount_total\":\"1000\""))));
        assertInstanceOf(StripeEvents.Malformed.class, StripeEvents.parse(minimal("checkout.session.completed",
                session(meta, "paid").replace("\"currency\":\"usd\"", "\"currency\":null"))));
        // not a checkout session id
        assertInstanceOf(StripeEvents.Malformed.class, StripeEvents.parse(minimal("checkout.session.completed",
                session(meta, "paid").replace("cs_live_x1", "pi_123"))));
    }

    @Test
    void garbageIsMalformedNeverAnException() {
        for (String body : new String[]{null, "", "not json", "[]", "42", "{\"type\":\"checkout.session.completed\"}",
                "{\"id\":\"evt_1\"}", "{\"id\":\"evt_1\",\"object\":\"charge\",\"type\":\"charge.succeeded\"}",
                "{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\"}",
                "{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\",\"data\":{\"object\":\"x\"}}",
                "{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\"} trailing"}) {
            assertInstanceOf(StripeEvents.Malformed.class, StripeEvents.parse(body), String.valueOf(body));
        }
        assertInstanceOf(StripeEvents.Malformed.class, StripeEvents.parse((byte[]) null));
        assertInstanceOf(StripeEvents.Malformed.class, StripeEvents.parse(new byte[]{(byte) 0xff, (byte) 0xfe, 0}));
    }

    @Test
    void theSealedTypeIsExhaustiveForTheWebhookSwitch() {
        StripeEvents.StripeEvent e = StripeEvents.parse(event("checkout.session.completed", "paid"));
        String what = switch (e) {
            case StripeEvents.CheckoutPaid p -> "paid " + p.accountId();
            case StripeEvents.CheckoutPending p -> "pending";
            case StripeEvents.Ignored i -> "ignored";
            case StripeEvents.Malformed m -> "malformed";
        };
        assertEquals("paid " + ACCOUNT, what);
    }
}
