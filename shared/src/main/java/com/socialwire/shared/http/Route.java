package com.socialwire.shared.http;

import com.socialwire.shared.security.Access;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** One route of a function: method, path template such as {@code /v1/tenants/{tenantId}}, access and action. */
public record Route(String method, String template, Access access, Action action) {

    /** What a route does with an authorised request. */
    @FunctionalInterface
    public interface Action {
        ApiResponse handle(ApiRequest request);
    }

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(access, "every route must declare its access");
        Objects.requireNonNull(action, "action");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("route template must start with /: " + template);
        }
    }

    /** The path parameters if {@code path} fits this route's template, else null. */
    public Map<String, String> match(String path) {
        String[] want = segments(template);
        String[] got = segments(path);
        if (want.length != got.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < want.length; i++) {
            String w = want[i];
            if (w.startsWith("{") && w.endsWith("}")) {
                if (got[i].isEmpty()) {
                    return null;
                }
                params.put(w.substring(1, w.length() - 1), URLDecoder.decode(got[i], StandardCharsets.UTF_8));
            } else if (!w.equals(got[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] segments(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.split("/", -1);
    }

    /** The key API Gateway uses for this route, e.g. {@code GET /v1/tenants/{tenantId}}. */
    public String key() {
        return method + " " + template;
    }
}
