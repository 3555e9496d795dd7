package com.socialwire.engagement.webhook;

import com.socialwire.engagement.Engagement;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;

/**
 * MetaWebhookFunction: Instagram's webhook endpoint. Public routes — Meta proves itself with
 * the verify token (handshake) and the app-secret signature (deliveries).
 */
public final class MetaWebhookHandler implements HttpFunction, HttpApi.Actions<MetaWebhookHandler.Action> {

    /** What the routes do, one action each. */
    enum Action { VERIFY, RECEIVE }

    private final MetaWebhookService webhook;
    private final HttpApi api;

    public MetaWebhookHandler() {
        this(Engagement.fromEnvironment());
    }

    private MetaWebhookHandler(Engagement e) {
        this(e.webhook(), e.gate());
    }

    public MetaWebhookHandler(MetaWebhookService webhook, Gate gate) {
        this.webhook = webhook;
        this.api = HttpApi.builder(gate, this)
                .route("GET", "/webhooks/meta", Access.PUBLIC, Action.VERIFY)
                .route("POST", "/webhooks/meta", Access.PUBLIC, Action.RECEIVE)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        return switch (action) {
            case VERIFY -> webhook.verify(r);
            case RECEIVE -> webhook.receive(r);
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
