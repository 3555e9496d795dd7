package com.socialwire.billing.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.billing.stripe.StripeCheckout;
import com.socialwire.billing.stripe.StripeCheckoutException;
import com.socialwire.shared.Ids;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.accounts.AccountRecords;
import com.socialwire.shared.store.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** An account's credits: balance, ledger, Stripe Checkout top-ups, and the owner's adjustments. */
public final class BillingService {

    /**
     * A ledger entry as the API shows it. {@code charges}: on the settle entry of a worker's batch hold, what each
     * operation it paid for cost (a reply: {@code reply:{inbox item id}}); empty on every other entry.
     */
    public record EntryView(String id, String type, long amountMicroCredits, long balanceAfter, String reference, String category,
                            Instant createdAt, java.util.List<ChargeView> charges) {
        static EntryView of(Ledger.Entry e) {
            return new EntryView(e.id(), e.type().name().toLowerCase(Locale.ROOT), e.amountMicroCredits(), e.balanceAfter(),
                    e.reference(), e.category() == null ? null : e.category().name().toLowerCase(Locale.ROOT), e.createdAt(),
                    e.charges().stream().map(c -> new ChargeView(c.operationId(), c.microCredits())).toList());
        }
    }

    /** What one operation paid for by a batch hold cost. */
    public record ChargeView(String operationId, long microCredits) {
    }

    private final Ledger ledger;
    private final PriceCard card;
    private final StripeCheckout checkout;
    private final AccountRecords accounts;
    private final long minTopUp;
    private final long maxTopUp;

    public BillingService(Ledger ledger, PriceCard card, StripeCheckout checkout, Table table, long minTopUp, long maxTopUp) {
        this.ledger = ledger;
        this.card = card;
        this.checkout = checkout;
        this.accounts = new AccountRecords(table);
        this.minTopUp = minTopUp;
        this.maxTopUp = maxTopUp;
    }

    public Map<String, Object> balance(Principal caller) {
        Ledger.Balance b = ledger.balance(caller.accountId());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accountId", caller.accountId());
        out.put("availableMicroCredits", b.availableMicroCredits());
        out.put("reservedMicroCredits", b.reservedMicroCredits());
        out.put("availableUsd", usd(b.availableMicroCredits()));
        out.put("priceCardVersion", card.version());
        out.put("prices", card.operations());
        return out;
    }

    public Page<EntryView> ledger(Principal caller, int limit, String cursor) {
        return ledger.entries(caller.accountId(), limit, cursor).map(EntryView::of);
    }

    /** A Stripe Checkout Session for {@code microCredits}; the credits arrive when Stripe reports the payment. */
    public Map<String, Object> checkout(Principal caller, ObjectNode body, String idempotencyKey) {
        JsonBody in = new JsonBody(body, Set.of("microCredits"));
        long micro = in.decimal("microCredits", BigDecimal.valueOf(minTopUp), BigDecimal.valueOf(maxTopUp))
                .map(d -> d.stripTrailingZeros().scale() > 0 ? -1 : d.longValue()).orElse(0L);
        if (body.has("microCredits") && micro < 0) {
            in.reject("microCredits", "must be a whole number");
        }
        if (!body.has("microCredits")) {
            in.reject("microCredits", "is required: from " + minTopUp + " to " + maxTopUp);
        }
        if (micro > 0 && (micro * 100) % card.microCreditsPerUsd() != 0) {
            in.reject("microCredits", "must be a whole number of cents (a multiple of " + card.microCreditsPerUsd() / 100 + ")");
        }
        in.check();
        // Stripe's idempotency key: the caller's Idempotency-Key, or one derived from the request, so a retried
        // checkout never opens two sessions for one intent within Stripe's 24 h window
        String key = "sw-topup-" + Hashing.sha256Hex(caller.accountId() + "|" + micro + "|"
                + (idempotencyKey == null ? Ids.base62(16) : idempotencyKey)).substring(0, 40);
        StripeCheckout.CheckoutSession session;
        try {
            session = checkout.create(caller.accountId(), micro, key);
        } catch (StripeCheckoutException e) {
            throw e.transientFailure()
                    ? new ApiException(com.socialwire.shared.http.ErrorCode.PROVIDER_UNAVAILABLE, 503,
                            "Stripe is unavailable; retry shortly", Map.of(), Map.of("retry-after", "5"))
                    : new ApiException(com.socialwire.shared.http.ErrorCode.PROVIDER_UNAVAILABLE, 502,
                            "Stripe refused to open a checkout session (" + e.kind() + ")", Map.of(), Map.of());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("checkoutSession", Map.of("id", session.id(), "url", session.url()));
        out.put("microCredits", micro);
        out.put("amountCents", session.amountCents());
        out.put("currency", session.currency());
        return out;
    }

    /** Owner adjustment: positive grants, negative takes back (never below zero available). */
    public Map<String, Object> adjust(String accountId, ObjectNode body, String idempotencyKey) {
        if (accounts.find(accountId).isEmpty()) {
            throw ApiException.notFound("account " + accountId);
        }
        JsonBody in = new JsonBody(body, Set.of("microCredits", "reason"));
        long delta = in.decimal("microCredits", BigDecimal.valueOf(-1_000_000_000_000L), BigDecimal.valueOf(1_000_000_000_000L))
                .map(BigDecimal::longValue).orElse(0L);
        String reason = in.string("reason", true, 3, 500).orElse(null);
        if (delta == 0) {
            in.reject("microCredits", "must be a non-zero whole number");
        }
        in.check();
        String operation = "adjust:" + (idempotencyKey == null ? Ids.base62(20) : Hashing.sha256Hex(accountId + "|" + idempotencyKey).substring(0, 32));
        Ledger.Result r = ledger.adjust(accountId, delta, operation, reason);
        return switch (r) {
            case Ledger.Result.Applied a -> Map.of("accountId", accountId, "availableMicroCredits", a.balance().availableMicroCredits(),
                    "reservedMicroCredits", a.balance().reservedMicroCredits(), "repeated", a.repeated());
            case Ledger.Result.Insufficient i -> throw new ApiException(com.socialwire.shared.http.ErrorCode.INSUFFICIENT_CREDITS,
                    "the adjustment would take the balance below zero",
                    Map.of("availableMicroCredits", i.balance().availableMicroCredits()));
            case Ledger.Result.AlreadyEnded e -> throw new IllegalStateException("unexpected " + e);
            case Ledger.Result.Held h -> throw new IllegalStateException("unexpected " + h); // only a reserve answers it
        };
    }

    private BigDecimal usd(long micro) {
        return BigDecimal.valueOf(micro).divide(BigDecimal.valueOf(card.microCreditsPerUsd()), 6, java.math.RoundingMode.DOWN).stripTrailingZeros();
    }
}
