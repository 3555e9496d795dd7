package com.socialwire.posts.handler;

import com.socialwire.posts.Posts;
import com.socialwire.posts.insights.PostAnalytics;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.snapstart.Priming;

/**
 * InsightsFunction: a published post's analytics — {@code GET /v1/tenants/{tenantId}/analytics/{postId}} (any key of
 * the tenant) and {@code POST …/analytics/{postId}/refresh} (staff keys: it calls the platforms now).
 */
public final class InsightsHandler implements HttpFunction, HttpApi.Actions<InsightsHandler.Action> {

    static final String POST = "/v1/tenants/{tenantId}/analytics/{postId}";

    /** What the routes do, one action each. */
    enum Action { VIEW, REFRESH }

    private final Lazy<PostAnalytics> analytics;
    private final HttpApi api;

    public InsightsHandler() {
        this(Posts.fromEnvironment());
    }

    private InsightsHandler(Posts p) {
        this(Lazy.of(p::postAnalytics), p.gate());
    }

    public InsightsHandler(Lazy<PostAnalytics> analytics, Gate gate) {
        this.analytics = analytics;
        if (Priming.active()) {
            Priming.register("post analytics", analytics::get);
        }
        this.api = HttpApi.builder(gate, this)
                .route("GET", POST, Access.anyKey(), Action.VIEW)
                .route("POST", POST + "/refresh", Access.roles(Role.ADMIN, Role.WRITE), Action.REFRESH)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        String tenantId = r.pathParam("tenantId");
        String postId = r.pathParam("postId");
        return switch (action) {
            case VIEW -> ApiResponse.ok(analytics.get().view(tenantId, postId));
            case REFRESH -> ApiResponse.ok(analytics.get().refresh(tenantId, postId));
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
