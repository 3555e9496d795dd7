package com.socialwire.billing.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.providers.ProviderHttp;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /v1/checkout/sessions}, form-encoded, the one Stripe call we make — without stripe-java, whose 19.9 MB
 * jar (87% of its classes reachable from {@code Session.create}) put BillingFunction's zip at 31 MB. It keeps what
 * stripe-java did for us: the {@code Stripe-Version} it pinned, the key in the {@code Authorization} header only, the
 * same {@code Idempotency-Key} on every attempt, a retry on a connection failure, 409 or 5xx (unless Stripe says
 * {@code Stripe-Should-Retry: false}) after 0.5 s, and Stripe's error object mapped to our {@link StripeCheckoutException.Kind}.
 */
final class StripeSessions {

    /** The API version stripe-java 33.3.0 pinned, which our requests, the webhook's event parsing and the sandbox follow. */
    static final String API_VERSION = "2026-07-29.dahlia";
    private static final Duration RETRY_DELAY = Duration.ofMillis(500);
    private static final Map<Duration, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private StripeSessions() {
    }

    static StripeCheckout.CheckoutSession create(StripeCheckout config, String accountId, long microCredits, long cents,
                                                 String idempotencyKey) {
        String credits = Long.toString(microCredits);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("mode", "payment");
        form.put("client_reference_id", accountId);
        form.put("success_url", config.successUrl());
        if (config.cancelUrl() != null) {
            form.put("cancel_url", config.cancelUrl());
        }
        form.put("metadata[accountId]", accountId);
        form.put("metadata[microCredits]", credits);
        form.put("payment_intent_data[metadata][accountId]", accountId);
        form.put("payment_intent_data[metadata][microCredits]", credits);
        form.put("line_items[0][quantity]", "1");
        form.put("line_items[0][price_data][currency]", config.currency());
        form.put("line_items[0][price_data][unit_amount]", Long.toString(cents));
        form.put("line_items[0][price_data][product_data][name]", String.format(Locale.ROOT, "Socialwire credits (%,d)", microCredits));
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(config.apiBase() + "/v1/checkout/sessions"))
                    .timeout(config.readTimeout())
                    .header("Authorization", "Bearer " + config.secretKey())
                    .header("Idempotency-Key", idempotencyKey)
                    .header("Stripe-Version", API_VERSION)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build();
        } catch (IllegalArgumentException e) {
            // a key with a line break, say: refused before anything is sent
            throw StripeCheckoutException.of(StripeCheckoutException.Kind.UNEXPECTED_RESPONSE,
                    "Stripe checkout failed: " + e.getClass().getSimpleName() + ": " + config.redact(e.getMessage()), null, null, null);
        }
        HttpClient client = CLIENTS.computeIfAbsent(config.connectTimeout(), t -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(t).followRedirects(HttpClient.Redirect.NEVER).build());
        for (int attempt = 0; ; attempt++) {
            boolean last = attempt >= config.maxNetworkRetries();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!last) {
                    pause();
                    continue;
                }
                throw StripeCheckoutException.of(StripeCheckoutException.Kind.CONNECTION, config.redact("Stripe checkout failed: CONNECTION to "
                        + config.apiBase() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage()), null, null, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw StripeCheckoutException.of(StripeCheckoutException.Kind.CONNECTION, "Stripe checkout interrupted", null, null, null);
            }
            int status = response.statusCode();
            String requestId = response.headers().firstValue("Request-Id").orElse(null);
            if (status / 100 == 2) {
                return session(config, ProviderHttp.jsonOrNull(response.body()), cents, requestId);
            }
            String shouldRetry = response.headers().firstValue("Stripe-Should-Retry").orElse("");
            boolean retryable = !"false".equals(shouldRetry) && (status == 409 || status >= 500 || "true".equals(shouldRetry));
            if (retryable && !last) {
                pause();
                continue;
            }
            throw failure(config, status, ProviderHttp.jsonOrNull(response.body()), requestId);
        }
    }

    private static StripeCheckout.CheckoutSession session(StripeCheckout config, JsonNode json, long cents, String requestId) {
        String id = json == null ? null : ProviderHttp.text(json, "id");
        String url = json == null ? null : ProviderHttp.text(json, "url");
        if (id == null || id.isBlank() || url == null || url.isBlank()) {
            throw StripeCheckoutException.of(StripeCheckoutException.Kind.UNEXPECTED_RESPONSE,
                    json == null ? "Stripe answered with a body that is not JSON" : "Stripe answered without a Checkout Session id and url",
                    null, null, requestId);
        }
        long amount = json.path("amount_total").isIntegralNumber() ? json.path("amount_total").asLong() : cents;
        String currency = ProviderHttp.text(json, "currency");
        return new StripeCheckout.CheckoutSession(id, url, amount, currency != null ? currency : config.currency());
    }

    /** Stripe's refusal as one of ours, with its status, code and request id and a redacted message. */
    private static StripeCheckoutException failure(StripeCheckout config, int status, JsonNode json, String requestId) {
        JsonNode error = json == null ? null : json.get("error");
        String type = error == null ? null : ProviderHttp.text(error, "type");
        String code = error == null ? null : ProviderHttp.text(error, "code");
        StripeCheckoutException.Kind kind;
        if (status == 429) {
            kind = StripeCheckoutException.Kind.RATE_LIMITED;
        } else if ("idempotency_error".equals(type)) {
            kind = StripeCheckoutException.Kind.IDEMPOTENCY_CONFLICT;
        } else if (status == 401 || status == 403) {
            kind = StripeCheckoutException.Kind.AUTHENTICATION;
        } else if (error != null && (status == 400 || status == 404 || status == 402)) {
            kind = StripeCheckoutException.Kind.INVALID_REQUEST;
        } else if (status >= 500 || status == 409) {
            kind = StripeCheckoutException.Kind.STRIPE_SERVER_ERROR;
        } else {
            kind = StripeCheckoutException.Kind.UNEXPECTED_RESPONSE; // a body that is not Stripe's JSON, an unexpected status
        }
        StringBuilder message = new StringBuilder("Stripe checkout failed: ").append(kind).append(", HTTP ").append(status);
        if (type != null) {
            message.append(", ").append(type);
        }
        if (code != null) {
            message.append(", code ").append(code);
        }
        String param = error == null ? null : ProviderHttp.text(error, "param");
        if (param != null) {
            message.append(", param ").append(param);
        }
        if (requestId != null) {
            message.append(", request ").append(requestId);
        }
        String detail = error == null ? null : ProviderHttp.text(error, "message");
        if (detail != null && !detail.isBlank()) {
            message.append(": ").append(detail);
        }
        return StripeCheckoutException.of(kind, config.redact(message.toString()), status, config.redact(code), requestId);
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_DELAY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
