package com.socialwire.billing.service;

import com.socialwire.shared.store.Write;
import com.socialwire.billing.stripe.StripeEvents;
import com.socialwire.billing.stripe.CheckoutPricing;
import com.socialwire.billing.stripe.StripeSignature;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.accounts.AccountRecords;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.store.Counters;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.util.Map;

/**
 * Stripe's webhook: verifies the signature over the raw body (300 s either way), and grants the
 * credits of a paid Checkout Session exactly once — keyed by the session, so the same session
 * reported by any number of events, in any order, grants once. A grant is made only when what
 * was paid matches what is granted: {@code amount_total} is the price of {@code metadata.microCredits}
 * in {@code currency} (our checkout's rate and currency) and {@code livemode} is this deployment's
 * mode; a mismatch grants nothing, is recorded ({@code STRIPE#REFUSED#{sessionId}} and the
 * {@code stripeGrantsRefused} count of the owner's metrics) and is answered 200, since sending it
 * again changes nothing. Other events are acknowledged and ignored. A failure on our side is a
 * 500, so Stripe delivers again.
 */
public final class StripeWebhookService {

    private static final Logger LOG = LoggerFactory.getLogger(StripeWebhookService.class);

    private final Ledger ledger;
    private final Table table;
    private final String secret;
    private final Clock clock;
    private final CheckoutPricing pricing;
    private final boolean livemode;

    /**
     * @param pricing  the rate and currency that priced the sessions
     * @param livemode whether this deployment takes live payments (test-mode events are refused there, and the reverse)
     */
    public StripeWebhookService(Ledger ledger, Table table, String secret, Clock clock, CheckoutPricing pricing, boolean livemode) {
        this.ledger = ledger;
        this.table = table;
        this.secret = secret;
        this.clock = clock;
        this.pricing = pricing;
        this.livemode = livemode;
    }

    public ApiResponse receive(ApiRequest request) {
        byte[] body = request.body() == null ? new byte[0] : request.body();
        if (!StripeSignature.verify(body, request.header("stripe-signature").orElse(""), secret, clock.instant())) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, "invalid or missing Stripe-Signature (or a timestamp outside 300 s)");
        }
        // instanceof tests, not a pattern switch: the first pattern switch of a JVM costs ~3 ms (SwitchBootstraps)
        StripeEvents.StripeEvent event = StripeEvents.parse(body);
        if (event instanceof StripeEvents.CheckoutPaid paid) {
            return grant(paid);
        }
        if (event instanceof StripeEvents.CheckoutPending) {
            return ApiResponse.ok(Map.of("received", true, "granted", false, "pending", true));
        }
        if (event instanceof StripeEvents.Ignored ignored) {
            return ApiResponse.ok(Map.of("received", true, "ignored", ignored.type()));
        }
        LOG.error("Stripe event we cannot act on: {}", ((StripeEvents.Malformed) event).reason());
        return ApiResponse.ok(Map.of("received", true, "granted", false));
    }

    /** A paid checkout: its credits granted once, unless the account is unknown or the payment does not pay for them. */
    private ApiResponse grant(StripeEvents.CheckoutPaid paid) {
        if (new AccountRecords(table).find(paid.accountId()).isEmpty()) {
            LOG.error("paid checkout {} names unknown account {}; nothing granted", paid.sessionId(), paid.accountId());
            return ApiResponse.ok(Map.of("received", true, "granted", false));
        }
        String mismatch = mismatch(paid);
        if (mismatch != null) {
            LOG.error("paid checkout {} for {} refused: {}", paid.sessionId(), paid.accountId(), mismatch);
            recordRefusal(paid, mismatch);
            return ApiResponse.ok(Map.of("received", true, "granted", false));
        }
        Ledger.Result r = ledger.grant(paid.accountId(), paid.microCredits(), "stripe:checkout:" + paid.sessionId(),
                Ledger.Category.PAID, "stripe " + paid.sessionId());
        boolean repeated = r instanceof Ledger.Result.Applied a && a.repeated();
        LOG.info("checkout {} for {}: {} micro-credits {}", paid.sessionId(), paid.accountId(), paid.microCredits(),
                repeated ? "already granted" : "granted");
        return ApiResponse.ok(Map.of("received", true, "granted", !repeated));
    }

    /** Why the session's payment does not pay for its credits, or null if it does. */
    private String mismatch(StripeEvents.CheckoutPaid paid) {
        if (!Boolean.toString(livemode).equals(paid.livemode())) {
            return "livemode " + paid.livemode() + " in a " + (livemode ? "live" : "test") + " deployment";
        }
        if (!pricing.currency().equals(paid.currency())) {
            return "currency " + paid.currency() + ", expected " + pricing.currency();
        }
        long expected;
        try {
            expected = pricing.amountCents(paid.microCredits());
        } catch (IllegalArgumentException e) {
            return paid.microCredits() + " micro-credits is no price we offer";
        }
        return expected == paid.amountTotal() ? null
                : "amount_total " + paid.amountTotal() + ", expected " + expected + " for " + paid.microCredits() + " micro-credits";
    }

    /** Keeps the refusal once per session, with the platform count the owner's metrics show. */
    private void recordRefusal(StripeEvents.CheckoutPaid paid, String reason) {
        Write.Put record = new Write.Put(Item.create().s(Table.PK, "STRIPE#REFUSED#" + paid.sessionId()).s(Table.SK, "CHECKOUT")
                .s("type", "stripeRefusal")
                .s("sessionId", paid.sessionId()).s("eventId", paid.eventId()).s("accountId", paid.accountId())
                .n("microCredits", paid.microCredits()).n("amountTotal", paid.amountTotal()).s("currency", paid.currency())
                .s("livemode", paid.livemode()).s("reason", reason).instant("at", clock.instant()).build(),
                "attribute_not_exists(PK)", java.util.Map.of(), java.util.Map.of());
        try {
            table.transact(java.util.List.of(record, new Counters(table).add("stripeGrantsRefused", 1)));
        } catch (TransactionCanceledException alreadyRecorded) {
            // the same session delivered again
        }
    }
}
