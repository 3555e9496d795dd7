package com.socialwire.billing.handler;

import com.socialwire.billing.Billing;
import com.socialwire.billing.service.BillingService;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;

/** BillingFunction: an account's credits (admin keys), top-ups through Stripe Checkout, the owner's adjustments. */
public final class BillingHandler implements HttpFunction, HttpApi.Actions<BillingHandler.Action> {

    /** What the routes do, one action each. */
    enum Action { BALANCE, LEDGER, CHECKOUT, ADJUST }

    private final BillingService billing;
    private final HttpApi api;

    public BillingHandler() {
        this(Billing.fromEnvironment());
    }

    private BillingHandler(Billing b) {
        this(b.service(), b.gate());
    }

    public BillingHandler(BillingService billing, Gate gate) {
        this.billing = billing;
        Access admin = Access.roles(Role.ADMIN);
        this.api = HttpApi.builder(gate, this)
                .route("GET", "/v1/billing/balance", admin, Action.BALANCE)
                .route("GET", "/v1/billing/ledger", admin, Action.LEDGER)
                .route("POST", "/v1/topups/checkout", admin, Action.CHECKOUT)
                .route("POST", "/v1/ops/accounts/{accountId}/adjust", Access.OWNER, Action.ADJUST)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        return switch (action) {
            case BALANCE -> ApiResponse.ok(billing.balance(r.principal()));
            case LEDGER -> ApiResponse.ok(billing.ledger(r.principal(), r.limit(), r.cursor()));
            case CHECKOUT -> ApiResponse.created(billing.checkout(r.principal(), r.jsonObject(), r.header("idempotency-key").orElse(null)));
            case ADJUST -> ApiResponse.ok(billing.adjust(r.pathParam("accountId"), r.jsonObject(), r.header("idempotency-key").orElse(null)));
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
