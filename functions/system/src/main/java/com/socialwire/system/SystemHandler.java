package com.socialwire.system;

import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SystemFunction: the public health check, the owner's platform metrics, and the API's default
 * route, so a path no function serves still answers in the error envelope (404) rather than API
 * Gateway's bare message.
 */
public final class SystemHandler implements HttpFunction, HttpApi.Actions<SystemHandler.Action> {

    /** What the routes do, one action each. */
    enum Action { HEALTH, METRICS }

    private final String service;
    private final String version;
    private final Clock clock;
    private final OpsMetrics metrics;
    private final HttpApi api;

    public SystemHandler() {
        this(SystemWiring.fromEnvironment());
    }

    public SystemHandler(SystemWiring wiring) {
        this.service = wiring.serviceName();
        this.version = wiring.version();
        this.clock = wiring.clock();
        this.metrics = wiring.metrics();
        this.api = HttpApi.builder(wiring.gate(), this)
                .route("GET", "/health", Access.PUBLIC, Action.HEALTH)
                .route("GET", "/v1/ops/metrics", Access.OWNER, Action.METRICS)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        return switch (action) {
            case HEALTH -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", "ok");
                body.put("service", service);
                body.put("version", version);
                body.put("timestamp", clock.instant().toString());
                yield ApiResponse.ok(body).withHeader("cache-control", "no-store");
            }
            case METRICS -> ApiResponse.ok(metrics.snapshot());
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
