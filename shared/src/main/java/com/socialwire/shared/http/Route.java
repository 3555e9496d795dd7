package com.socialwire.shared.http;

import com.socialwire.shared.security.Access;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One route of a function: method, path template such as {@code /v1/tenants/{tenantId}}, the
 * access it demands and the constant naming its action (run by the function's {@link HttpApi.Actions}).
 * {@code secretFields} name the top-level response fields that
 * carry a secret shown once (a new API key): they are never stored, so an Idempotency-Key replay
 * answers without them.
 */
public record Route(String method, PathTemplate path, Access access, Object action, Set<String> secretFields) {

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(access, "every route must declare its access");
        Objects.requireNonNull(action, "action");
        secretFields = secretFields == null ? Set.of() : Set.copyOf(secretFields);
    }

    /** The path parameters if {@code path} fits this route's template, else null. */
    public Map<String, String> match(String path) {
        return this.path.match(path);
    }

    public String template() {
        return path.template();
    }

    /** The key API Gateway uses for this route, e.g. {@code GET /v1/tenants/{tenantId}}. */
    public String key() {
        return method + " " + path.template();
    }
}
