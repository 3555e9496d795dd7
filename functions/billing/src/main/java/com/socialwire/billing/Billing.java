package com.socialwire.billing;

import com.socialwire.billing.service.BillingService;
import com.socialwire.billing.service.StripeWebhookService;
import com.socialwire.billing.stripe.CheckoutPricing;
import com.socialwire.billing.stripe.StripeCheckout;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.store.Table;

import java.time.Clock;

/** The billing context's wiring from config, once per container. */
public final class Billing {

    final Config config;
    final Table table;
    final Clock clock = Clock.systemUTC();
    final Ledger ledger;

    private Billing(Config config) {
        this.config = config;
        this.table = new Table(new AwsClients(config).dynamoDbOnFirstUse(), config.require("TABLE_NAME"));
        this.ledger = new DynamoLedger(table, clock);
    }

    public static Billing fromEnvironment() {
        return new Billing(Config.fromEnvironment());
    }

    public Gate gate() {
        return Gate.of(config, table, clock);
    }

    public Ledger ledger() {
        return ledger;
    }

    public BillingService service() {
        PriceCard card = PriceCard.fromConfig(config);
        return new BillingService(ledger, card, StripeCheckout.fromConfig(config, card.microCreditsPerUsd()), table,
                config.getLong("TOPUP_MIN_MICRO_CREDITS", 5_000_000L), config.getLong("TOPUP_MAX_MICRO_CREDITS", 1_000_000_000L));
    }

    /** The Stripe webhook: it checks what a paid session paid at the checkout's pricing, and never opens a session. */
    public StripeWebhookService webhook() {
        return new StripeWebhookService(ledger, table, config.require("STRIPE_WEBHOOK_SECRET"), clock,
                CheckoutPricing.fromConfig(config, PriceCard.fromConfig(config).microCreditsPerUsd()),
                config.getBoolean("STRIPE_LIVEMODE", false));
    }

    public Clock clock() {
        return clock;
    }
}
