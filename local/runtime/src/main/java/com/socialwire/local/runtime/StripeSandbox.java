package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.billing.stripe.StripeSignature;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local stand-in for Stripe Checkout (LOCAL SANDBOX — no money moves): stripe-java's
 * {@code POST /v1/checkout/sessions} gets a session whose url, opened in a browser or with curl,
 * "pays" it — the sandbox then sends the signed {@code checkout.session.completed} event to
 * {@code /webhooks/stripe}, exactly as Stripe would.
 */
final class StripeSandbox {

    record Session(String id, String accountId, long microCredits, long amountCents, String currency) {
    }

    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final List<Map<String, Object>> calls = new ArrayList<>();
    private final String webhookSecret;
    private final HttpClient http = HttpClient.newHttpClient();

    StripeSandbox(String webhookSecret) {
        this.webhookSecret = webhookSecret;
    }

    synchronized String createSession(byte[] form, int port) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String pair : new String(form, StandardCharsets.UTF_8).split("&")) {
            int i = pair.indexOf('=');
            if (i > 0) {
                f.put(URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        String id = "cs_test_" + Ids.base62(24);
        long unit = Long.parseLong(f.getOrDefault("line_items[0][price_data][unit_amount]", "0"));
        long qty = Long.parseLong(f.getOrDefault("line_items[0][quantity]", "1"));
        Session s = new Session(id, f.get("metadata[accountId]"), Long.parseLong(f.getOrDefault("metadata[microCredits]", "0")),
                unit * qty, f.getOrDefault("line_items[0][price_data][currency]", "usd"));
        sessions.put(id, s);
        calls.add(Map.of("at", Instant.now().toString(), "call", "POST /v1/checkout/sessions", "params", f));
        ObjectNode out = sessionJson(s, "open", "unpaid");
        out.put("url", "http://localhost:" + port + "/_local/stripe/checkout/" + id);
        return Json.write(out);
    }

    /** "Pays" a session: sends Stripe's signed checkout.session.completed to the local webhook; returns its answer. */
    String pay(String sessionId, int port) throws Exception {
        Session s;
        synchronized (this) {
            s = sessions.get(sessionId);
        }
        if (s == null) {
            return null;
        }
        ObjectNode event = Json.object();
        event.put("id", "evt_" + Ids.base62(24));
        event.put("object", "event");
        event.put("api_version", "2026-07-29.dahlia");
        event.put("created", Instant.now().getEpochSecond());
        event.put("type", "checkout.session.completed");
        event.put("livemode", false);
        event.putObject("data").set("object", sessionJson(s, "complete", "paid"));
        byte[] body = Json.bytes(event);
        String signature = StripeSignature.sign(body, webhookSecret, Instant.now().getEpochSecond());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/stripe"))
                .header("Content-Type", "application/json").header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        synchronized (this) {
            calls.add(Map.of("at", Instant.now().toString(), "call", "webhook checkout.session.completed " + sessionId,
                    "webhookStatus", r.statusCode()));
        }
        return "LOCAL STRIPE SANDBOX: session " + sessionId + " paid (" + s.microCredits() + " micro-credits for account "
                + s.accountId() + "); /webhooks/stripe answered " + r.statusCode() + " " + r.body() + "\n";
    }

    synchronized Map<String, Object> outbox() {
        return Map.of("sandbox", "LOCAL STRIPE SANDBOX: no money moves", "calls", List.copyOf(calls));
    }

    private static ObjectNode sessionJson(Session s, String status, String paymentStatus) {
        ObjectNode o = Json.object();
        o.put("id", s.id());
        o.put("object", "checkout.session");
        o.put("mode", "payment");
        o.put("status", status);
        o.put("payment_status", paymentStatus);
        o.put("amount_total", s.amountCents());
        o.put("currency", s.currency());
        o.put("client_reference_id", s.accountId());
        o.put("livemode", false);
        ObjectNode meta = o.putObject("metadata");
        meta.put("accountId", s.accountId());
        meta.put("microCredits", Long.toString(s.microCredits()));
        return o;
    }
}
