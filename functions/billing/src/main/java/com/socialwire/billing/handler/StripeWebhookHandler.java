package com.socialwire.billing.handler;

import com.socialwire.billing.Billing;
import com.socialwire.billing.service.StripeWebhookService;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;

/** StripeWebhookFunction: Stripe's events; public, proven by the Stripe-Signature header. */
public final class StripeWebhookHandler implements HttpFunction {

    private final HttpApi api;

    public StripeWebhookHandler() {
        this(Billing.fromEnvironment());
    }

    private StripeWebhookHandler(Billing b) {
        this(b.webhook(), b.gate());
    }

    public StripeWebhookHandler(StripeWebhookService webhook, Gate gate) {
        this.api = HttpApi.builder(gate).route("POST", "/webhooks/stripe", Access.PUBLIC, webhook::receive).build();
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
