package com.socialwire.system;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.socialwire.shared.Config;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Authorizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SystemFunction: the public health check, and the API's default route, so a path no function
 * serves still answers in the error envelope (404) rather than API Gateway's bare message.
 */
public final class SystemHandler implements RequestStreamHandler {

    private final HttpApi api;

    public SystemHandler() {
        this(Config.fromEnvironment(), Clock.systemUTC());
    }

    public SystemHandler(Config config, Clock clock) {
        String service = config.get("POWERTOOLS_SERVICE_NAME", "socialwire");
        String version = config.get("SERVICE_VERSION", "dev");
        this.api = HttpApi.builder(new Authorizer(config))
                .route("GET", "/health", Access.PUBLIC, r -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", "ok");
                    body.put("service", service);
                    body.put("version", version);
                    body.put("timestamp", clock.instant().toString());
                    return ApiResponse.ok(body).withHeader("cache-control", "no-store");
                })
                .build();
    }

    public HttpApi api() {
        return api;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        api.handle(input, output, context);
    }
}
