package com.socialwire.billing.service;

import com.socialwire.billing.stripe.StripeEvents;
import com.socialwire.billing.stripe.StripeSignature;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.accounts.AccountRecords;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.store.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;

/**
 * Stripe's webhook: verifies the signature over the raw body (300 s either way), and grants the
 * credits of a paid Checkout Session exactly once — keyed by the session, so the same session
 * reported by any number of events, in any order, grants once. Other events are acknowledged
 * and ignored. A failure on our side is a 500, so Stripe delivers again.
 */
public final class StripeWebhookService {

    private static final Logger LOG = LoggerFactory.getLogger(StripeWebhookService.class);

    private final Ledger ledger;
    private final Table table;
    private final String secret;
    private final Clock clock;

    public StripeWebhookService(Ledger ledger, Table table, String secret, Clock clock) {
        this.ledger = ledger;
        this.table = table;
        this.secret = secret;
        this.clock = clock;
    }

    public ApiResponse receive(ApiRequest request) {
        byte[] body = request.body() == null ? new byte[0] : request.body();
        if (!StripeSignature.verify(body, request.header("stripe-signature").orElse(""), secret, clock.instant())) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, "invalid or missing Stripe-Signature (or a timestamp outside 300 s)");
        }
        return switch (StripeEvents.parse(body)) {
            case StripeEvents.CheckoutPaid paid -> {
                if (new AccountRecords(table).find(paid.accountId()).isEmpty()) {
                    LOG.error("paid checkout {} names unknown account {}; nothing granted", paid.sessionId(), paid.accountId());
                    yield ApiResponse.ok(Map.of("received", true, "granted", false));
                }
                Ledger.Result r = ledger.grant(paid.accountId(), paid.microCredits(), "stripe:checkout:" + paid.sessionId(),
                        Ledger.Category.PAID, "stripe " + paid.sessionId());
                boolean repeated = r instanceof Ledger.Result.Applied a && a.repeated();
                LOG.info("checkout {} for {}: {} micro-credits {}", paid.sessionId(), paid.accountId(), paid.microCredits(),
                        repeated ? "already granted" : "granted");
                yield ApiResponse.ok(Map.of("received", true, "granted", !repeated));
            }
            case StripeEvents.CheckoutPending pending -> ApiResponse.ok(Map.of("received", true, "granted", false, "pending", true));
            case StripeEvents.Ignored ignored -> ApiResponse.ok(Map.of("received", true, "ignored", ignored.type()));
            case StripeEvents.Malformed bad -> {
                LOG.error("Stripe event we cannot act on: {}", bad.reason());
                yield ApiResponse.ok(Map.of("received", true, "granted", false));
            }
        };
    }
}
