package com.socialwire.system;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.store.Table;

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
        this(Config.fromEnvironment());
    }

    private SystemHandler(Config config) {
        this(config, new AwsClients(config));
    }

    private SystemHandler(Config config, AwsClients aws) {
        this(config, new Table(aws::dynamoDb, config.require("TABLE_NAME")), aws, Clock.systemUTC());
    }

    public SystemHandler(Config config, Table table, AwsClients aws, Clock clock) {
        String service = config.get("POWERTOOLS_SERVICE_NAME", "socialwire");
        String version = config.get("SERVICE_VERSION", "dev");
        OpsMetrics metrics = new OpsMetrics(config, table, aws, clock);
        this.api = HttpApi.builder(Gate.of(config, table, clock))
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
