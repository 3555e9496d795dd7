package com.socialwire.engagement.webhook;

import com.socialwire.engagement.Engagement;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;

/**
 * MetaWebhookFunction: Instagram's webhook endpoint. Public routes — Meta proves itself with
 * the verify token (handshake) and the app-secret signature (deliveries).
 */
public final class MetaWebhookHandler implements HttpFunction {

    private final HttpApi api;

    public MetaWebhookHandler() {
        this(Engagement.fromEnvironment());
    }

    private MetaWebhookHandler(Engagement e) {
        this(e.webhook(), e.gate());
    }

    public MetaWebhookHandler(MetaWebhookService webhook, Gate gate) {
        this.api = HttpApi.builder(gate)
                .route("GET", "/webhooks/meta", Access.PUBLIC, webhook::verify)
                .route("POST", "/webhooks/meta", Access.PUBLIC, webhook::receive)
                .build();
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
