package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.billing.stripe.StripeSignature;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.PriceCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credits over HTTP on the local runtime: signup promotion, Stripe top-ups exactly once, paid AI work, the owner's adjustments. */
class BillingE2ETest {

    static LocalRuntime runtime;
    static LocalEnvironment env;
    static String base;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 0);
        base = "http://127.0.0.1:" + runtime.port();
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    static HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) {
        return Json.tree(r.body());
    }

    record Agency(String id, String key) {
    }

    /** Signs up through AccountsFunction from a fresh source address (open signup is limited per IP). */
    static Agency signup() {
        Fixtures.Account a = new Fixtures().signup("Billing Agency " + ThreadLocalRandom.current().nextInt(1_000_000));
        return new Agency(a.id(), a.adminKey());
    }

    static long available(Agency a) throws Exception {
        HttpResponse<String> r = send("GET", "/v1/billing/balance", a.key(), null);
        assertEquals(200, r.statusCode(), r.body());
        return json(r).path("availableMicroCredits").asLong();
    }

    static HttpResponse<String> stripeEvent(String eventId, String sessionId, String accountId, long micro, long timestamp, String secret)
            throws Exception {
        String body = "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"api_version\":\"2026-07-29.dahlia\",\"type\":\"checkout.session.completed\",\"livemode\":false,"
                + "\"data\":{\"object\":{\"id\":\"" + sessionId + "\",\"object\":\"checkout.session\",\"mode\":\"payment\",\"payment_status\":\"paid\","
                + "\"status\":\"complete\",\"amount_total\":" + micro / 10_000 + ",\"currency\":\"usd\",\"metadata\":{\"accountId\":\"" + accountId
                + "\",\"microCredits\":\"" + micro + "\"}}}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/stripe")).header("Content-Type", "application/json")
                .header("Stripe-Signature", StripeSignature.sign(bytes, secret, timestamp))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signupGrantsThePromotionAndTheLedgerShowsIt() throws Exception {
        Agency a = signup();
        assertEquals(10_000_000L, available(a));
        JsonNode ledger = json(send("GET", "/v1/billing/ledger", a.key(), null));
        JsonNode first = ledger.path("items").path(0);
        assertEquals("grant", first.path("type").asText(), ledger.toString());
        assertEquals("promotional", first.path("category").asText());
        assertEquals(10_000_000L, first.path("balanceAfter").asLong());
    }

    @Test
    void aCheckoutPaidFiveTimesAndUnderAnotherEventIdIsCreditedOnce() throws Exception {
        Agency a = signup();
        long before = available(a);
        HttpResponse<String> created = send("POST", "/v1/topups/checkout", a.key(), "{\"microCredits\":25000000}");
        assertEquals(201, created.statusCode(), created.body());
        String sessionId = json(created).path("checkoutSession").path("id").asText();
        String url = json(created).path("checkoutSession").path("url").asText();
        assertTrue(sessionId.startsWith("cs_test_"), created.body());
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> paid = http.send(HttpRequest.newBuilder(URI.create(url.replace("localhost", "127.0.0.1"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, paid.statusCode(), paid.body());
        }
        String secret = env.secrets().get("STRIPE_WEBHOOK_SECRET");
        assertEquals(200, stripeEvent("evt_other_" + System.nanoTime(), sessionId, a.id(), 25_000_000L, Instant.now().getEpochSecond(), secret).statusCode());
        assertEquals(before + 25_000_000L, available(a), "credited exactly once");
        long grants = 0;
        for (JsonNode e : json(send("GET", "/v1/billing/ledger?limit=100", a.key(), null)).path("items")) {
            if (e.path("type").asText().equals("grant") && e.path("category").asText().equals("paid")) {
                grants++;
            }
        }
        assertEquals(1, grants);
    }

    @Test
    void badSignaturesAndStaleOrFutureTimestampsGrantNothing() throws Exception {
        Agency a = signup();
        long before = available(a);
        String secret = env.secrets().get("STRIPE_WEBHOOK_SECRET");
        long now = Instant.now().getEpochSecond();
        List<HttpResponse<String>> refused = new ArrayList<>();
        refused.add(stripeEvent("evt_1", "cs_test_bad1", a.id(), 5_000_000L, now, "whsec_wrong"));
        refused.add(stripeEvent("evt_2", "cs_test_bad2", a.id(), 5_000_000L, now - 301, secret));
        refused.add(stripeEvent("evt_3", "cs_test_bad3", a.id(), 5_000_000L, now + 301, secret));
        for (HttpResponse<String> r : refused) {
            assertEquals(400, r.statusCode(), r.body());
        }
        assertEquals(before, available(a));
        HttpResponse<String> ignored = http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/stripe"))
                .header("Stripe-Signature", StripeSignature.sign("{\"id\":\"evt_x\",\"type\":\"invoice.paid\",\"data\":{\"object\":{}}}".getBytes(), secret, now))
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"evt_x\",\"type\":\"invoice.paid\",\"data\":{\"object\":{}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ignored.statusCode(), "unknown events are acknowledged and ignored");
    }

    @Test
    void checkoutAmountsAreBounded() throws Exception {
        Agency a = signup();
        assertEquals(400, send("POST", "/v1/topups/checkout", a.key(), "{\"microCredits\":10}").statusCode());
        assertEquals(400, send("POST", "/v1/topups/checkout", a.key(), "{\"microCredits\":99000000000000}").statusCode());
        assertEquals(400, send("POST", "/v1/topups/checkout", a.key(), "{}").statusCode());
        assertEquals(400, send("POST", "/v1/topups/checkout", a.key(), "{\"microCredits\":5000001}").statusCode(), "not whole cents");
    }

    @Test
    void aPaidAiDraftChargesWithUsageAndTooFewCreditsIs402WithoutAModelCall() throws Exception {
        Agency a = signup();
        String ig = LocalApi.newIgUserId();
        String tenant = json(send("POST", "/v1/tenants", a.key(), "{\"name\":\"Paid Bakery\",\"igUserId\":\"" + ig
                + "\",\"igAccessToken\":\"" + new LocalApi(env, base, a.key()).igToken(ig) + "\",\"settings\":{\"autoReplyComments\":false}}")).path("id").asText();
        String commentId = "178" + (10_000_000_000_000L + ThreadLocalRandom.current().nextLong(80_000_000_000_000L));
        LocalApi api = new LocalApi(env, base, a.key());
        api.webhook(LocalApi.commentsPayload(new LocalApi.Brand(tenant, ig),
                LocalApi.comment(null, commentId, "17841455555555559", "Do you bake vegan cakes?")));
        JsonNode item = api.awaitItem(new LocalApi.Brand(tenant, ig),
                i -> i.path("externalId").asText().equals(commentId) && i.path("reason").isTextual(), 5);
        String draftPath = "/v1/tenants/" + tenant + "/inbox/" + item.path("id").asText() + "/draft";

        HttpResponse<String> draft = send("POST", draftPath, a.key(), null);
        assertEquals(200, draft.statusCode(), draft.body());
        JsonNode usage = json(draft).path("usage");
        assertEquals(PriceCard.BUILT_IN.version(), usage.path("priceCardVersion").asText());
        assertTrue(usage.path("reservedMicroCredits").asLong() > 0);
        assertEquals(usage.path("reservedMicroCredits").asLong(),
                usage.path("settledMicroCredits").asLong() + usage.path("refundedMicroCredits").asLong());
        List<String> types = new ArrayList<>();
        for (JsonNode e : json(send("GET", "/v1/billing/ledger?limit=10", a.key(), null)).path("items")) {
            types.add(e.path("type").asText());
        }
        assertTrue(types.contains("reserve") && types.contains("settle"), types.toString());

        // the owner takes every credit away: the next draft is refused before any model call
        long left = available(a);
        HttpResponse<String> adjust = send("POST", "/v1/ops/accounts/" + a.id() + "/adjust", env.ownerKey(),
                "{\"microCredits\":-" + left + ",\"reason\":\"test: empty the balance\"}");
        assertEquals(200, adjust.statusCode(), adjust.body());
        assertEquals(0, available(a));
        JsonNode costBefore = json(send("GET", "/v1/tenants/" + tenant + "/cost", a.key(), null));
        HttpResponse<String> refused = send("POST", draftPath, a.key(), null);
        assertEquals(402, refused.statusCode(), refused.body());
        assertEquals("INSUFFICIENT_CREDITS", json(refused).path("error").path("code").asText());
        JsonNode costAfter = json(send("GET", "/v1/tenants/" + tenant + "/cost", a.key(), null));
        assertEquals(costBefore.path("byModel"), costAfter.path("byModel"), "no model call was made");
        assertEquals(0, available(a));
    }

    @Test
    void anAutoReplyWithoutCreditsIsEscalatedAndNotGenerated() throws Exception {
        Agency a = signup();
        send("POST", "/v1/ops/accounts/" + a.id() + "/adjust", env.ownerKey(), "{\"microCredits\":-10000000,\"reason\":\"test: no credits\"}");
        String ig = LocalApi.newIgUserId();
        String tenant = json(send("POST", "/v1/tenants", a.key(), "{\"name\":\"Broke Bakery\",\"igUserId\":\"" + ig
                + "\",\"igAccessToken\":\"" + new LocalApi(env, base, a.key()).igToken(ig) + "\",\"settings\":{\"autoReplyComments\":true}}")).path("id").asText();
        String commentId = "178" + (10_000_000_000_000L + ThreadLocalRandom.current().nextLong(80_000_000_000_000L));
        LocalApi api = new LocalApi(env, base, a.key());
        var brand = new LocalApi.Brand(tenant, ig);
        api.webhook(LocalApi.commentsPayload(brand,
                LocalApi.comment(null, commentId, "17841455555555560", "Are you open on Monday?")));
        JsonNode item = api.awaitItem(brand, i -> i.path("externalId").asText().equals(commentId)
                && !i.path("status").asText().equals("new"), 5);
        assertEquals("escalated", item.path("status").asText());
        assertTrue(item.path("reason").asText().startsWith("INSUFFICIENT_CREDITS"), item.toString());
        assertEquals(0, api.repliesCreated(commentId));
        assertFalse(json(send("GET", "/v1/tenants/" + tenant + "/cost", a.key(), null)).path("byModel").has("offline:template-v1"));
    }

    @Test
    void theSweepRunsOnItsScheduleAndOnDemand() throws Exception {
        HttpResponse<String> fired = send("POST", "/_local/schedules/ReservationSweepFunction/Sweep", null, null);
        assertEquals(200, fired.statusCode(), fired.body());
        assertTrue(json(fired).path("response").has("expired"), fired.body());
    }

    @Test
    void billingFindsAccountsThroughTheSharedAccountReaderAndNamesNoOtherAccount() throws Exception {
        Agency a = signup();
        assertEquals(200, send("POST", "/v1/ops/accounts/" + a.id() + "/adjust", env.ownerKey(),
                "{\"microCredits\":5,\"reason\":\"test: a real account\"}").statusCode());
        for (String other : List.of("acct_doesnotexist0000000000", "acct_" + "x".repeat(70), "tnt_notanaccount")) {
            HttpResponse<String> r = send("POST", "/v1/ops/accounts/" + other + "/adjust", env.ownerKey(),
                    "{\"microCredits\":5,\"reason\":\"test: no such account\"}");
            assertEquals(404, r.statusCode(), other + ": " + r.body());
            assertEquals("NOT_FOUND", json(r).path("error").path("code").asText(), r.body());
        }
        long now = java.time.Instant.now().getEpochSecond();
        String secret = env.secrets().get("STRIPE_WEBHOOK_SECRET");
        HttpResponse<String> unknown = stripeEvent("evt_unknown_account_" + now, "cs_unknown_account_" + now,
                "acct_doesnotexist0000000000", 5_000_000, now, secret);
        assertEquals(200, unknown.statusCode(), unknown.body());
        assertEquals(false, json(unknown).path("granted").asBoolean(true), "a payment naming no account grants nothing");
    }
}
