package com.socialwire.tenants.handler;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Authorizer;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.store.Table;
import com.socialwire.tenants.service.TenantService;
import com.socialwire.tenants.store.TenantStore;

import java.time.Clock;

/** TenantsFunction: the client brands of an account. */
public final class TenantsHandler implements HttpFunction {

    private final HttpApi api;

    /** Cold-start wiring, once per container. */
    public TenantsHandler() {
        this(Wiring.fromEnvironment());
    }

    private TenantsHandler(Wiring w) {
        this(w.service, w.authorizer);
    }

    public TenantsHandler(TenantService tenants, Authorizer authorizer) {
        this.api = HttpApi.builder(authorizer)
                .route("GET", "/v1/tenants", Access.OWNER,
                        r -> ApiResponse.ok(tenants.list(r.principal(), r.limit(), r.cursor())))
                .route("POST", "/v1/tenants", Access.OWNER,
                        r -> ApiResponse.created(tenants.create(r.principal(), r.jsonObject())))
                .route("GET", "/v1/tenants/{tenantId}", Access.OWNER,
                        r -> ApiResponse.ok(tenants.get(r.principal(), r.pathParam("tenantId"))))
                .route("PATCH", "/v1/tenants/{tenantId}", Access.OWNER,
                        r -> ApiResponse.ok(tenants.update(r.principal(), r.pathParam("tenantId"), r.jsonObject())))
                .route("DELETE", "/v1/tenants/{tenantId}", Access.OWNER,
                        r -> ApiResponse.ok(tenants.deactivate(r.principal(), r.pathParam("tenantId"))))
                .build();
    }

    @Override
    public HttpApi api() {
        return api;
    }

    private record Wiring(TenantService service, Authorizer authorizer) {
        static Wiring fromEnvironment() {
            Config config = Config.fromEnvironment();
            AwsClients aws = new AwsClients(config);
            Table table = new Table(aws.dynamoDb(), config.require("TABLE_NAME"));
            TenantService service = new TenantService(new TenantStore(table), SecretCipher.fromConfig(config, aws), Clock.systemUTC());
            return new Wiring(service, new Authorizer(config));
        }
    }
}
