package com.socialwire.billing.stripe;

import com.socialwire.shared.Config;
import com.socialwire.shared.Ids;
import com.socialwire.shared.providers.ProviderHttp;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Opens Stripe Checkout Sessions for prepaid top-ups ({@code POST /v1/checkout/sessions}, through the
 * package-private {@code StripeSessions}; no stripe-java).
 *
 * <p>One session: mode {@code payment}, one line item priced inline ({@code price_data}: our
 * currency, {@code unit_amount} in cents, product "Socialwire credits (N)"), quantity 1;
 * {@code client_reference_id} and {@code metadata} carry the account id and the micro-credits
 * (copied onto the PaymentIntent's metadata too, so the payment itself names its account);
 * success and cancel URLs from configuration (a success URL may contain Stripe's
 * {@code {CHECKOUT_SESSION_ID}} template).
 *
 * <p>Everything per request, nothing global: the secret key, the idempotency key, the API base,
 * the timeouts and the retry count belong to this instance, so several configurations can live
 * in one JVM (the local runtime, the tests).
 */
public final class StripeCheckout {

    /** A session the customer can be sent to. {@code amountCents} and {@code currency} as Stripe reports them. */
    public record CheckoutSession(String id, String url, long amountCents, String currency) {
    }

    public static final String DEFAULT_API_BASE = "https://api.stripe.com";
    public static final String DEFAULT_CURRENCY = CheckoutPricing.DEFAULT_CURRENCY;
    public static final long DEFAULT_MICRO_CREDITS_PER_USD = CheckoutPricing.DEFAULT_MICRO_CREDITS_PER_USD;
    /** One retry on connection failures, 409 and 5xx (the rules stripe-java followed), with the same idempotency key. */
    public static final int DEFAULT_MAX_NETWORK_RETRIES = 1;
    /** With one retry, 2 × (2 s + 5 s) plus the 0.5 s back-off stays inside a 15 s Lambda. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    public static final long MAX_UNIT_AMOUNT = CheckoutPricing.MAX_UNIT_AMOUNT;
    /** Stripe's ceiling for an {@code Idempotency-Key}. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    /** Anything shaped like a Stripe API key (secret, restricted or publishable, even Stripe's own masked form). */
    private static final Pattern STRIPE_KEY = Pattern.compile("\\b(?:sk|rk|pk)_(?:test|live)_[A-Za-z0-9*]+");

    private final String secretKey;
    private final String apiBase;
    private final String successUrl;
    private final String cancelUrl;
    private final CheckoutPricing pricing;
    private final int maxNetworkRetries;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    /** With the default retry count and timeouts. */
    public StripeCheckout(String secretKey, String apiBase, String successUrl, String cancelUrl, String currency,
                          long microCreditsPerUsd) {
        this(secretKey, apiBase, successUrl, cancelUrl, currency, microCreditsPerUsd,
                DEFAULT_MAX_NETWORK_RETRIES, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /**
     * @param secretKey          {@code sk_test_...}/{@code sk_live_...}/{@code rk_...}; null or blank builds an
     *                           instance whose {@link #create} fails with {@code NOT_CONFIGURED} (the function's
     *                           other routes keep working)
     * @param apiBase            {@code https://api.stripe.com}, or a WireMock / local sandbox base; null = default
     * @param successUrl         where Stripe sends the customer after paying; required by {@link #create}
     * @param cancelUrl          where the "back" link goes; optional
     * @param currency           ISO code, any case; a two-decimal currency (amounts are cents); null = usd
     * @param microCreditsPerUsd the rate: micro-credits per unit of {@code currency} (1,000,000 by default)
     */
    public StripeCheckout(String secretKey, String apiBase, String successUrl, String cancelUrl, String currency,
                          long microCreditsPerUsd, int maxNetworkRetries, Duration connectTimeout, Duration readTimeout) {
        this.secretKey = blankToNull(secretKey);
        String base = blankToNull(apiBase);
        this.apiBase = ProviderHttp.trimBase(base == null ? DEFAULT_API_BASE : base);
        if (!this.apiBase.startsWith("https://") && !this.apiBase.startsWith("http://")) {
            throw new IllegalArgumentException("STRIPE_API_BASE must be an http(s) URL: " + this.apiBase);
        }
        this.successUrl = blankToNull(successUrl);
        this.cancelUrl = blankToNull(cancelUrl);
        this.pricing = new CheckoutPricing(currency, microCreditsPerUsd);
        if (maxNetworkRetries < 0) {
            throw new IllegalArgumentException("maxNetworkRetries must be >= 0");
        }
        this.maxNetworkRetries = maxNetworkRetries;
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        this.readTimeout = positive(readTimeout, "readTimeout");
    }

    /**
     * From configuration: {@code STRIPE_SECRET_KEY}, {@code STRIPE_API_BASE} (default
     * https://api.stripe.com), {@code CHECKOUT_SUCCESS_URL}, {@code CHECKOUT_CANCEL_URL},
     * {@code BILLING_CURRENCY} (default usd); 1,000,000 micro-credits per unit of currency.
     * A missing key or success URL does not fail here, only in {@link #create}.
     */
    public static StripeCheckout fromConfig(Config config) {
        return fromConfig(config, DEFAULT_MICRO_CREDITS_PER_USD);
    }

    /** As {@link #fromConfig(Config)}, with the price card's rate. */
    public static StripeCheckout fromConfig(Config config, long microCreditsPerUsd) {
        return new StripeCheckout(
                config.get("STRIPE_SECRET_KEY").orElse(null),
                config.get("STRIPE_API_BASE", DEFAULT_API_BASE),
                config.get("CHECKOUT_SUCCESS_URL").orElse(null),
                config.get("CHECKOUT_CANCEL_URL").orElse(null),
                config.get("BILLING_CURRENCY", DEFAULT_CURRENCY),
                microCreditsPerUsd);
    }

    /**
     * Opens a Checkout Session for {@code microCredits} on {@code accountId}. The same
     * {@code idempotencyKey} with the same arguments within 24 h returns the same session from
     * Stripe instead of opening a second one.
     *
     * @throws IllegalArgumentException       bad arguments (not an {@code acct_} id, not a positive whole number of
     *                                        cents, above Stripe's maximum, blank or over-long idempotency key);
     *                                        nothing was sent
     * @throws StripeCheckoutException.Unavailable transient failure: answer 503
     * @throws StripeCheckoutException.Rejected    Stripe refused, answered nonsense, or not configured: answer 502
     */
    public CheckoutSession create(String accountId, long microCredits, String idempotencyKey) {
        if (!Ids.looksLike("acct", accountId)) {
            throw new IllegalArgumentException("not an account id: " + accountId);
        }
        long cents = amountCents(microCredits);
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw new IllegalArgumentException("idempotency key must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        }
        if (secretKey == null || successUrl == null) {
            throw StripeCheckoutException.of(StripeCheckoutException.Kind.NOT_CONFIGURED,
                    "Stripe Checkout is not configured (" + (secretKey == null ? "STRIPE_SECRET_KEY" : "CHECKOUT_SUCCESS_URL")
                            + " is missing)", null, null, null);
        }
        return StripeSessions.create(this, accountId, microCredits, cents, idempotencyKey);
    }

    /** {@code microCredits} in cents at this instance's rate ({@link CheckoutPricing#amountCents}). */
    public long amountCents(long microCredits) {
        return pricing.amountCents(microCredits);
    }

    /** True when a secret key and a success URL are configured. */
    public boolean configured() {
        return secretKey != null && successUrl != null;
    }

    public String apiBase() {
        return apiBase;
    }

    public CheckoutPricing pricing() {
        return pricing;
    }

    public String currency() {
        return pricing.currency();
    }

    public long microCreditsPerUsd() {
        return pricing.microCreditsPerUsd();
    }

    @Override
    public String toString() {
        return "StripeCheckout[apiBase=" + apiBase + ", currency=" + currency() + ", microCreditsPerUsd=" + microCreditsPerUsd()
                + ", secretKey=" + (secretKey == null ? "missing" : "[redacted]") + "]";
    }

    // --- for StripeSessions ---

    String secretKey() {
        return secretKey;
    }

    String successUrl() {
        return successUrl;
    }

    String cancelUrl() {
        return cancelUrl;
    }

    int maxNetworkRetries() {
        return maxNetworkRetries;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration readTimeout() {
        return readTimeout;
    }

    /** {@code text} without our secret key and without anything else shaped like a Stripe key, clipped for logs. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = ProviderHttp.redact(text, secretKey);
        out = STRIPE_KEY.matcher(out).replaceAll("[redacted]");
        return ProviderHttp.clip(out, 500);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }
}
