package com.socialwire.billing.handler;

import com.socialwire.billing.Billing;
import com.socialwire.billing.service.StripeWebhookService;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;

/** StripeWebhookFunction: Stripe's events; public, proven by the Stripe-Signature header. */
public final class StripeWebhookHandler implements HttpFunction, HttpApi.Actions<StripeWebhookHandler.Action> {

    /** What the route does. */
    enum Action { RECEIVE }

    private final StripeWebhookService webhook;
    private final HttpApi api;

    public StripeWebhookHandler() {
        this(Billing.fromEnvironment());
    }

    private StripeWebhookHandler(Billing b) {
        this(b.webhook(), b.gate());
    }

    public StripeWebhookHandler(StripeWebhookService webhook, Gate gate) {
        this.webhook = webhook;
        this.api = HttpApi.builder(gate, this).route("POST", "/webhooks/stripe", Access.PUBLIC, Action.RECEIVE).build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        return switch (action) {
            case RECEIVE -> webhook.receive(r);
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
