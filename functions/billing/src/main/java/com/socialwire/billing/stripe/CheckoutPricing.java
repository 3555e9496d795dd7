package com.socialwire.billing.stripe;

import com.socialwire.shared.Config;

import java.util.Locale;
import java.util.Set;

/**
 * What a top-up costs: the checkout's currency and rate (micro-credits per unit of currency), and the price in cents
 * of a number of micro-credits. Opening a session ({@link StripeCheckout}) and checking what a paid session paid
 * (the Stripe webhook) price alike through this one type, and the webhook needs nothing else of the checkout.
 *
 * @param currency           ISO code, lower case, a two-decimal currency (amounts are cents)
 * @param microCreditsPerUsd the rate: micro-credits per unit of {@code currency} (1,000,000 by default)
 */
public record CheckoutPricing(String currency, long microCreditsPerUsd) {

    public static final String DEFAULT_CURRENCY = "usd";
    /** 1,000,000 micro-credits = 1 USD (SPEC §8), unless the price card says otherwise. */
    public static final long DEFAULT_MICRO_CREDITS_PER_USD = 1_000_000L;
    /** Stripe's ceiling for {@code unit_amount} (8 digits). */
    public static final long MAX_UNIT_AMOUNT = 99_999_999L;

    /**
     * Currencies whose Stripe amounts are not in hundredths (zero-decimal, and three-decimal ones):
     * "unit_amount in cents" would be wrong by a factor of 100 (or 10), so they are refused outright.
     */
    private static final Set<String> NOT_TWO_DECIMAL = Set.of(
            "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
            "bhd", "jod", "kwd", "omr", "tnd");

    /** @param currency any case, blank or null = usd */
    public CheckoutPricing {
        String cur = currency == null || currency.isBlank() ? DEFAULT_CURRENCY : currency.trim().toLowerCase(Locale.ROOT);
        if (!cur.matches("[a-z]{3}")) {
            throw new IllegalArgumentException("BILLING_CURRENCY must be a three-letter ISO currency code: " + cur);
        }
        if (NOT_TWO_DECIMAL.contains(cur)) {
            throw new IllegalArgumentException("BILLING_CURRENCY " + cur + " is not a two-decimal currency; top-ups are priced in hundredths");
        }
        if (microCreditsPerUsd <= 0) {
            throw new IllegalArgumentException("microCreditsPerUsd must be positive: " + microCreditsPerUsd);
        }
        currency = cur;
    }

    /** {@code BILLING_CURRENCY} (default usd) at the price card's rate. */
    public static CheckoutPricing fromConfig(Config config, long microCreditsPerUsd) {
        return new CheckoutPricing(config.get("BILLING_CURRENCY", DEFAULT_CURRENCY), microCreditsPerUsd);
    }

    /**
     * {@code microCredits} in cents at this rate.
     *
     * @throws IllegalArgumentException when not positive, not a whole number of cents, or above {@link #MAX_UNIT_AMOUNT}
     */
    public long amountCents(long microCredits) {
        if (microCredits <= 0) {
            throw new IllegalArgumentException("microCredits must be positive: " + microCredits);
        }
        long hundredths;
        try {
            hundredths = Math.multiplyExact(microCredits, 100L);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("microCredits too large: " + microCredits);
        }
        if (hundredths % microCreditsPerUsd != 0) {
            throw new IllegalArgumentException("microCredits " + microCredits + " is not a whole number of cents at "
                    + microCreditsPerUsd + " micro-credits per " + currency);
        }
        long cents = hundredths / microCreditsPerUsd;
        if (cents > MAX_UNIT_AMOUNT) {
            throw new IllegalArgumentException("microCredits " + microCredits + " is " + cents + " cents, above Stripe's maximum of "
                    + MAX_UNIT_AMOUNT);
        }
        return cents;
    }
}
