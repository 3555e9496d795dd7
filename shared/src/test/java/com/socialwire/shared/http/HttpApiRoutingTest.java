package com.socialwire.shared.http;

import com.socialwire.shared.Config;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.store.Cursors;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The route table's dispatch: a route names its action by a constant, and the one {@link HttpApi.Actions}
 * of the function runs it. Public routes without a limit, so that no store is reached (the table's client
 * fails the test if it is ever built).
 */
class HttpApiRoutingTest {

    /** The test table's actions. */
    enum Op { LIST, CREATE, READ, REPLACE, REMOVE, LITERAL_BEFORE_PARAMETER }

    final List<String> ran = new ArrayList<>();
    final HttpApi api = HttpApi.builder(gate(), (Op op, ApiRequest r) -> {
                ran.add(op + " " + r.pathParams());
                return ApiResponse.ok(Map.of("op", op.name()));
            })
            .route("GET", "/things", Access.PUBLIC, Op.LIST)
            .route("POST", "/things", Access.PUBLIC, Op.CREATE)
            .route("GET", "/things/mine", Access.PUBLIC, Op.LITERAL_BEFORE_PARAMETER)
            .route("GET", "/things/{id}", Access.PUBLIC, Op.READ)
            .route("PUT", "/things/{id}", Access.PUBLIC, Op.REPLACE)
            .route("DELETE", "/things/{id}", Access.PUBLIC, Op.REMOVE)
            .build();

    static Gate gate() {
        Table table = new Table(() -> {
            throw new AssertionError("routing reached the store");
        }, "t", new Cursors(new byte[32], Clock.systemUTC()));
        return Gate.of(Config.of(Map.of("TABLE_NAME", "t")), table, Clock.systemUTC());
    }

    static ApiRequest request(String method, String path) {
        return new ApiRequest(method, path, Map.of(), Map.of(), Map.of(), null, "req_routing", "127.0.0.1", Principal.ANONYMOUS);
    }

    @Test
    void eachRouteRunsTheActionItNamesWithItsPathParameters() {
        assertEquals(200, api.handle(request("GET", "/things")).status());
        assertEquals(200, api.handle(request("POST", "/things")).status());
        assertEquals(200, api.handle(request("GET", "/things/t1")).status());
        assertEquals(200, api.handle(request("PUT", "/things/t2")).status());
        assertEquals(200, api.handle(request("DELETE", "/things/t3")).status());
        assertEquals(200, api.handle(request("GET", "/things/mine")).status());
        assertEquals(200, api.handle(request("DELETE", "/things/mine")).status());
        assertEquals(List.of("LIST {}", "CREATE {}", "READ {id=t1}", "REPLACE {id=t2}", "REMOVE {id=t3}", "LITERAL_BEFORE_PARAMETER {}",
                "REMOVE {id=mine}"), ran, "the first route in the table that fits the path and the method runs");
    }

    @Test
    void aPathServedOnlyByOtherMethodsIs405ListingThemInAllowAndRunsNothing() {
        ApiResponse r = api.handle(request("PATCH", "/things/t1"));
        assertEquals(405, r.status());
        assertEquals("GET, PUT, DELETE", r.headers().get("allow"));
        assertEquals(ErrorCode.METHOD_NOT_ALLOWED.name(), error(r).get("code"));
        assertEquals(Map.of("allowed", List.of("GET", "PUT", "DELETE")), error(r).get("details"));
        assertEquals("GET, PUT, DELETE", api.handle(request("PATCH", "/things/mine")).headers().get("allow"),
                "both /things/mine and /things/{id} fit: the methods of every fitting route, once each");
        assertEquals(List.of(), ran);
    }

    @Test
    void aPathNoRouteServesIs404WhateverTheMethodAndRunsNothing() {
        for (String method : new String[]{"GET", "POST", "PUT", "PATCH", "DELETE"}) {
            for (String path : new String[]{"/", "/nothing", "/things/a/b", "/thingsx", "/v1/things"}) {
                ApiResponse r = api.handle(request(method, path));
                assertEquals(404, r.status(), method + " " + path);
                assertEquals(ErrorCode.NOT_FOUND.name(), error(r).get("code"), method + " " + path);
            }
        }
        assertEquals(List.of(), ran);
    }

    @SuppressWarnings("unchecked")
    /**
     * As on API Gateway (and the local gateway, {@link PathTemplate#rank}), a literal segment outranks a parameter
     * whatever order the routes were declared in: {@code /posts/pending} declared after {@code /posts/{postId}} was read
     * as the post "pending".
     */
    @Test
    void aLiteralRouteDeclaredAfterItsParameterRouteStillWins() {
        HttpApi late = HttpApi.builder(gate(), (Op op, ApiRequest r) -> {
                    ran.add(op + " " + r.pathParams());
                    return ApiResponse.ok(Map.of("op", op.name()));
                })
                .route("GET", "/things/{id}", Access.PUBLIC, Op.READ)
                .route("GET", "/things/mine", Access.PUBLIC, Op.LITERAL_BEFORE_PARAMETER)
                .build();
        assertEquals(200, late.handle(request("GET", "/things/mine")).status());
        assertEquals(200, late.handle(request("GET", "/things/t1")).status());
        assertEquals(List.of("LITERAL_BEFORE_PARAMETER {}", "READ {id=t1}"), ran);
    }

    private static Map<String, Object> error(ApiResponse r) {
        return (Map<String, Object>) ((Map<String, Object>) r.body()).get("error");
    }
}
