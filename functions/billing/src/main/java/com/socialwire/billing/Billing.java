package com.socialwire.billing;

import com.socialwire.billing.service.StripeWebhookService;
import com.socialwire.billing.stripe.CheckoutPricing;
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
        this.table = new Table(new AwsClients(config)::dynamoDb, config.require("TABLE_NAME"));
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

    public Config config() {
        return config;
    }

    public Table table() {
        return table;
    }

    public PriceCard priceCard() {
        return PriceCard.fromConfig(config);
    }

    /**
     * The Stripe webhook, which prices what a paid session paid ({@link CheckoutPricing}) but never opens a session.
     * This class names no {@code StripeCheckout} (BillingHandler wires that), so the webhook's and the sweep's zips
     * carry no stripe-java.
     */
    public StripeWebhookService webhook() {
        return new StripeWebhookService(ledger, table, config.require("STRIPE_WEBHOOK_SECRET"), clock,
                CheckoutPricing.fromConfig(config, priceCard().microCreditsPerUsd()), config.getBoolean("STRIPE_LIVEMODE", false));
    }

    public Clock clock() {
        return clock;
    }
}
