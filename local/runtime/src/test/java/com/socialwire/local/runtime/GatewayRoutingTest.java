package com.socialwire.local.runtime;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The local gateway picks routes as API Gateway does. */
class GatewayRoutingTest {

    static HttpGateway.RouteDef route(String fn, String method, String path) {
        return HttpGateway.RouteDef.of(fn, method, path);
    }

    static String pick(List<HttpGateway.RouteDef> routes, String method, String path) {
        List<HttpGateway.RouteDef> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt(HttpGateway.RouteDef::rank));
        return sorted.stream().filter(r -> r.isDefault() || r.method().equals("ANY") || r.method().equals(method))
                .filter(r -> r.match(path) != null).findFirst().map(HttpGateway.RouteDef::function).orElse(null);
    }

    @Test
    void mostSpecificWinsThenMethodThenDefault() {
        List<HttpGateway.RouteDef> routes = List.of(
                route("Default", "ANY", null),
                route("Greedy", "ANY", "/v1/tenants/{tenantId}/{proxy+}"),
                route("Item", "ANY", "/v1/tenants/{tenantId}"),
                route("Literal", "GET", "/v1/tenants/export"),
                route("AnyLiteral", "ANY", "/v1/tenants/export"));
        assertEquals("Literal", pick(routes, "GET", "/v1/tenants/export"));
        assertEquals("AnyLiteral", pick(routes, "POST", "/v1/tenants/export"));
        assertEquals("Item", pick(routes, "GET", "/v1/tenants/tnt_1"));
        assertEquals("Greedy", pick(routes, "POST", "/v1/tenants/tnt_1/posts/post_2/submit"));
        assertEquals("Default", pick(routes, "GET", "/elsewhere"));
    }

    @Test
    void parametersAreDecodedAndEmptySegmentsDoNotMatch() {
        HttpGateway.RouteDef item = route("Item", "ANY", "/v1/tenants/{tenantId}");
        assertEquals(Map.of("tenantId", "a-b"), item.match("/v1/tenants/a%2Db"));
        assertNull(item.match("/v1/tenants/a%20b"), "a space is outside the id alphabet");
        assertNull(item.match("/v1/tenants/a%23b"), "so is the key separator #");
        assertNull(item.match("/v1/tenants/"));
        assertNull(item.match("/v1/tenants/a/b"));
        assertEquals(Map.of("tenantId", "t", "proxy", "posts/p/submit"),
                route("G", "ANY", "/v1/tenants/{tenantId}/{proxy+}").match("/v1/tenants/t/posts/p/submit"));
    }
}
