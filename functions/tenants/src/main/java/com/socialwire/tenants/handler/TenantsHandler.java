package com.socialwire.tenants.handler;

import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;
import com.socialwire.tenants.Tenants;
import com.socialwire.tenants.service.TenantService;

/**
 * TenantsFunction: the client brands of an account. Any key of the account reads them (a client
 * key only its own tenants); admin and write keys create, change and deactivate them.
 */
public final class TenantsHandler implements HttpFunction {

    private final HttpApi api;

    /** Cold-start wiring, once per container. */
    public TenantsHandler() {
        this(Tenants.fromEnvironment());
    }

    public TenantsHandler(Tenants wiring) {
        TenantService tenants = wiring.service();
        Access manage = Access.roles(Role.ADMIN, Role.WRITE);
        this.api = HttpApi.builder(wiring.gate())
                .route("GET", "/v1/tenants", Access.anyKey(),
                        r -> ApiResponse.ok(tenants.list(r.principal(), r.limit(), r.cursor())))
                .route("POST", "/v1/tenants", manage,
                        r -> ApiResponse.created(tenants.create(r.principal(), r.jsonObject())))
                .route("GET", "/v1/tenants/{tenantId}", Access.anyKey(),
                        r -> ApiResponse.ok(tenants.get(r.principal(), r.pathParam("tenantId"))))
                .route("PATCH", "/v1/tenants/{tenantId}", manage,
                        r -> ApiResponse.ok(tenants.update(r.principal(), r.pathParam("tenantId"), r.jsonObject())))
                .route("GET", "/v1/tenants/{tenantId}/cost", Access.anyKey(),
                        r -> ApiResponse.ok(tenants.cost(r.principal(), r.pathParam("tenantId"), r.query("date").orElse(null))))
                .route("GET", "/v1/tenants/{tenantId}/health", Access.anyKey(),
                        r -> ApiResponse.ok(tenants.health(r.principal(), r.pathParam("tenantId"))))
                .route("DELETE", "/v1/tenants/{tenantId}", manage,
                        r -> ApiResponse.ok(tenants.deactivate(r.principal(), r.pathParam("tenantId"))))
                .build();
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
