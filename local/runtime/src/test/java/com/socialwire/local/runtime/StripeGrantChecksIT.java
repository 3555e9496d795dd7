package com.socialwire.local.runtime;

import com.socialwire.billing.stripe.StripeSignature;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 low: a signed checkout.session.completed granted metadata.microCredits whatever was
 * paid — one cent, another currency, or a test-mode payment in a live deployment.
 */
class StripeGrantChecksIT {

    final Fixtures fx = new Fixtures();
    final FunctionClient stripe = new FunctionClient(fx.env, "StripeWebhookFunction");
    final FunctionClient billing = new FunctionClient(fx.env, "BillingFunction");

    Response deliver(String sessionId, String accountId, long microCredits, long amountTotal, String currency, boolean livemode) {
        String body = "{\"id\":\"evt_" + sessionId + "\",\"object\":\"event\",\"api_version\":\"2026-07-29.dahlia\","
                + "\"type\":\"checkout.session.completed\",\"livemode\":" + livemode + ",\"data\":{\"object\":{\"id\":\"" + sessionId
                + "\",\"object\":\"checkout.session\",\"mode\":\"payment\",\"payment_status\":\"paid\",\"status\":\"complete\",\"amount_total\":"
                + amountTotal + ",\"currency\":\"" + currency + "\",\"livemode\":" + livemode + ",\"metadata\":{\"accountId\":\"" + accountId
                + "\",\"microCredits\":\"" + microCredits + "\"}}}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String secret = fx.env.functionConfig("StripeWebhookFunction").require("STRIPE_WEBHOOK_SECRET");
        return stripe.call("POST", "/webhooks/stripe", Map.of("content-type", "application/json",
                "stripe-signature", StripeSignature.sign(bytes, secret, Instant.now().getEpochSecond())), body);
    }

    long available(Fixtures.Account a) {
        Response r = billing.call("GET", "/v1/billing/balance", a.adminKey(), null);
        assertEquals(200, r.status(), r.body());
        return r.json().path("availableMicroCredits").asLong();
    }

    @Test
    void aPaymentThatDoesNotPayForItsCreditsGrantsNothingAndIsRecorded() {
        Fixtures.Account a = fx.signup("Underpaying Agency");
        long before = available(a);
        long refusedBefore = fx.system.call("GET", "/v1/ops/metrics", fx.env.ownerKey(), null).json().path("stripeGrantsRefused").asLong();
        String run = Long.toString(System.nanoTime());
        Response cent = deliver("cs_test_cent" + run, a.id(), 25_000_000, 1, "usd", false);
        Response euro = deliver("cs_test_eur" + run, a.id(), 25_000_000, 2500, "eur", false);
        Response live = deliver("cs_test_live" + run, a.id(), 25_000_000, 2500, "usd", true);
        Response fraction = deliver("cs_test_frac" + run, a.id(), 25_000_001, 2500, "usd", false);
        for (Response r : new Response[]{cent, euro, live, fraction}) {
            assertEquals(200, r.status(), r.body());
            assertEquals(false, r.json().path("granted").asBoolean(), r.body());
        }
        assertEquals(before, available(a), "nothing granted for what was not paid");
        assertEquals(200, deliver("cs_test_cent" + run, a.id(), 25_000_000, 1, "usd", false).status(), "a redelivery is still 200");
        long refused = fx.system.call("GET", "/v1/ops/metrics", fx.env.ownerKey(), null).json().path("stripeGrantsRefused").asLong();
        assertEquals(4, refused - refusedBefore, "each refused session recorded once");

        Response paid = deliver("cs_test_ok" + run, a.id(), 25_000_000, 2500, "usd", false);
        assertTrue(paid.json().path("granted").asBoolean(), paid.body());
        assertEquals(before + 25_000_000, available(a));
    }
}
