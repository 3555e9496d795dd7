package com.socialwire.reports.competitors;

import com.socialwire.reports.Reports;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;

/**
 * CompetitorsFunction: the Instagram competitors a tenant follows for its competitor pulse. Any key of the tenant reads
 * them; admin and write keys replace them.
 */
public final class CompetitorsHandler implements HttpFunction, HttpApi.Actions<CompetitorsHandler.Action> {

    /** What the routes do, one action each. */
    enum Action { GET, PUT }

    private final CompetitorsService competitors;
    private final HttpApi api;

    /** Cold-start wiring, once per container. */
    public CompetitorsHandler() {
        this(Reports.fromEnvironment());
    }

    public CompetitorsHandler(Reports wiring) {
        this.competitors = wiring.competitors();
        this.api = HttpApi.builder(wiring.gate(), this)
                .route("GET", "/v1/tenants/{tenantId}/competitors", Access.anyKey(), Action.GET)
                .route("PUT", "/v1/tenants/{tenantId}/competitors", Access.roles(Role.ADMIN, Role.WRITE), Action.PUT)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        return switch (action) {
            case GET -> ApiResponse.ok(competitors.get(r.pathParam("tenantId")));
            case PUT -> ApiResponse.ok(competitors.put(r.pathParam("tenantId"), r.jsonObject()));
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
