package com.socialwire.billing.handler;

import com.socialwire.billing.Billing;
import com.socialwire.billing.service.BillingService;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;

/** BillingFunction: an account's credits (admin keys), top-ups through Stripe Checkout, the owner's adjustments. */
public final class BillingHandler implements HttpFunction {

    private final HttpApi api;

    public BillingHandler() {
        this(Billing.fromEnvironment());
    }

    private BillingHandler(Billing b) {
        this(b.service(), b.gate());
    }

    public BillingHandler(BillingService billing, Gate gate) {
        Access admin = Access.roles(Role.ADMIN);
        this.api = HttpApi.builder(gate)
                .route("GET", "/v1/billing/balance", admin, r -> ApiResponse.ok(billing.balance(r.principal())))
                .route("GET", "/v1/billing/ledger", admin, r -> ApiResponse.ok(billing.ledger(r.principal(), r.limit(), r.cursor())))
                .route("POST", "/v1/topups/checkout", admin,
                        r -> ApiResponse.created(billing.checkout(r.principal(), r.jsonObject(), r.header("idempotency-key").orElse(null))))
                .route("POST", "/v1/ops/accounts/{accountId}/adjust", Access.OWNER,
                        r -> ApiResponse.ok(billing.adjust(r.pathParam("accountId"), r.jsonObject(), r.header("idempotency-key").orElse(null))))
                .build();
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
