package com.socialwire.tenants.handler;

import com.socialwire.shared.http.ApiRequest;
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
public final class TenantsHandler implements HttpFunction, HttpApi.Actions<TenantsHandler.Action> {

    /** What the routes do, one action each. */
    enum Action { LIST, CREATE, GET, UPDATE, COST, HEALTH, DEACTIVATE }

    private final TenantService tenants;
    private final HttpApi api;

    /** Cold-start wiring, once per container. */
    public TenantsHandler() {
        this(Tenants.fromEnvironment());
    }

    public TenantsHandler(Tenants wiring) {
        this.tenants = wiring.service();
        Access manage = Access.roles(Role.ADMIN, Role.WRITE);
        this.api = HttpApi.builder(wiring.gate(), this)
                .route("GET", "/v1/tenants", Access.anyKey(), Action.LIST)
                .route("POST", "/v1/tenants", manage, Action.CREATE)
                .route("GET", "/v1/tenants/{tenantId}", Access.anyKey(), Action.GET)
                .route("PATCH", "/v1/tenants/{tenantId}", manage, Action.UPDATE)
                .route("GET", "/v1/tenants/{tenantId}/cost", Access.anyKey(), Action.COST)
                .route("GET", "/v1/tenants/{tenantId}/health", Access.anyKey(), Action.HEALTH)
                .route("DELETE", "/v1/tenants/{tenantId}", manage, Action.DEACTIVATE)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        return switch (action) {
            case LIST -> ApiResponse.ok(tenants.list(r.principal(), r.limit(), r.cursor()));
            case CREATE -> ApiResponse.created(tenants.create(r.principal(), r.jsonObject()));
            case GET -> ApiResponse.ok(tenants.get(r.principal(), r.pathParam("tenantId")));
            case UPDATE -> ApiResponse.ok(tenants.update(r.principal(), r.pathParam("tenantId"), r.jsonObject()));
            case COST -> ApiResponse.ok(tenants.cost(r.principal(), r.pathParam("tenantId"), r.query("date").orElse(null)));
            case HEALTH -> ApiResponse.ok(tenants.health(r.principal(), r.pathParam("tenantId")));
            case DEACTIVATE -> ApiResponse.ok(tenants.deactivate(r.principal(), r.pathParam("tenantId")));
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
