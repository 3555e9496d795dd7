package com.socialwire.tenants.handler;

import com.socialwire.shared.Config;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.providers.instagram.GraphApi;
import com.socialwire.shared.providers.instagram.GraphApis;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.tenants.service.TenantService;
import com.socialwire.tenants.store.TenantStore;

import java.time.Clock;

/**
 * TenantsFunction: the client brands of an account. Any key of the account reads them (a client
 * key only its own tenants); admin and write keys create, change and deactivate them.
 */
public final class TenantsHandler implements HttpFunction {

    private final HttpApi api;

    /** Cold-start wiring, once per container. */
    public TenantsHandler() {
        this(Wiring.fromEnvironment());
    }

    private TenantsHandler(Wiring w) {
        this(w.service, w.gate);
    }

    public TenantsHandler(TenantService tenants, Gate gate) {
        Access manage = Access.roles(Role.ADMIN, Role.WRITE);
        this.api = HttpApi.builder(gate)
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

    private record Wiring(TenantService service, Gate gate) {
        static Wiring fromEnvironment() {
            Config config = Config.fromEnvironment();
            AwsClients aws = new AwsClients(config);
            Table table = new Table(aws::dynamoDb, config.require("TABLE_NAME"));
            Clock clock = Clock.systemUTC();
            // built on the first token to prove, not at cold start: most requests never call Instagram
            Lazy<GraphApi> graph = Lazy.of(() -> GraphApis.fromConfig(config));
            TenantService service = new TenantService(new TenantStore(table), SecretCipher.fromConfig(config, aws),
                    new LlmBudget(table, clock), graph, clock);
            return new Wiring(service, Gate.of(config, table, clock));
        }
    }
}
