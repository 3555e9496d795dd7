package com.socialwire.reports.handler;

import com.socialwire.reports.Reports;
import com.socialwire.reports.stats.AnalyticsQuery;
import com.socialwire.reports.stats.TenantAnalytics;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.snapstart.Priming;
import com.socialwire.shared.tenants.Tenant;

/**
 * AnalyticsFunction: {@code GET /v1/tenants/{tenantId}/stats} (any key of the tenant, client keys included, as the
 * seed's stats) and {@code GET /v1/tenants/{tenantId}/analytics?view=posts|best-times|costs|jobs|accounts&platform=&from=&to=}
 * (staff keys: admin, write, read), both from {@link TenantAnalytics}.
 */
public final class AnalyticsHandler implements HttpFunction, HttpApi.Actions<AnalyticsHandler.Action> {

    static final String TENANT = "/v1/tenants/{tenantId}";

    /** What the routes do, one action each. */
    enum Action { STATS, ANALYTICS }

    private final Lazy<TenantAnalytics> analytics;
    private final HttpApi api;

    public AnalyticsHandler() {
        this(Reports.fromEnvironment());
    }

    private AnalyticsHandler(Reports r) {
        this(Lazy.of(r::analytics), r.gate());
    }

    public AnalyticsHandler(Lazy<TenantAnalytics> analytics, Gate gate) {
        this.analytics = analytics;
        if (Priming.active()) {
            Priming.register("tenant analytics", analytics::get);
        }
        this.api = HttpApi.builder(gate, this)
                .route("GET", TENANT + "/stats", Access.anyKey(), Action.STATS)
                .route("GET", TENANT + "/analytics", Access.roles(Role.ADMIN, Role.WRITE, Role.READ), Action.ANALYTICS)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        TenantAnalytics a = analytics.get();
        Tenant t = a.tenant(r.pathParam("tenantId"));
        return switch (action) {
            case STATS -> ApiResponse.ok(a.stats(t));
            case ANALYTICS -> ApiResponse.ok(a.view(t, AnalyticsQuery.parse(r.query("view").orElse(null), r.query("from").orElse(null),
                    r.query("to").orElse(null), r.query("platform").orElse(null), a.today(t))));
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
