package com.socialwire.system;

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
public final class SystemHandler implements HttpFunction {

    private final HttpApi api;

    public SystemHandler() {
        this(SystemWiring.fromEnvironment());
    }

    public SystemHandler(SystemWiring wiring) {
        String service = wiring.serviceName();
        String version = wiring.version();
        Clock clock = wiring.clock();
        OpsMetrics metrics = wiring.metrics();
        this.api = HttpApi.builder(wiring.gate())
                .route("GET", "/health", Access.PUBLIC, r -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", "ok");
                    body.put("service", service);
                    body.put("version", version);
                    body.put("timestamp", clock.instant().toString());
                    return ApiResponse.ok(body).withHeader("cache-control", "no-store");
                })
                .route("GET", "/v1/ops/metrics", Access.OWNER, r -> ApiResponse.ok(metrics.snapshot()))
                .build();
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
