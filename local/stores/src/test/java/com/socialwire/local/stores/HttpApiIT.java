package com.socialwire.local.stores;

import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.store.Table;
import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.security.Principal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared router and its gate (auth, limits) against DynamoDB Local. */
class HttpApiIT {

    static final String OWNER = "sw_test_0123456789abcdefghijABCDEFGHIJ01";
    static final Table TABLE = new Table(new AwsClients(LocalEnvironment.shared().functionConfig("SystemFunction")).dynamoDb(),
            LocalEnvironment.shared().resources().tables().get("Table"));
    /** The test routes' actions. */
    enum Thing { OPEN, READ, CREATE, EXPLODE }

    final HttpApi api = HttpApi.builder(Gate.of(Config.of(Map.of("OWNER_ADMIN_KEY_SHA256", Hashing.sha256Hex(OWNER))), TABLE, Clock.systemUTC()),
                    (Thing action, ApiRequest r) -> switch (action) {
                        case OPEN -> ApiResponse.ok(Map.of("who", r.principal().kind().name()));
                        case READ -> ApiResponse.ok(Map.of("id", r.pathParam("id")));
                        case CREATE -> ApiResponse.created(r.jsonObject());
                        case EXPLODE -> throw new IllegalStateException("secret internal detail");
                    })
            .route("GET", "/open", Access.PUBLIC, Thing.OPEN)
            .route("GET", "/things/{id}", Access.OWNER, Thing.READ)
            .route("POST", "/things", Access.OWNER, Thing.CREATE)
            .route("GET", "/explode", Access.PUBLIC, Thing.EXPLODE)
            .build();

    static ApiRequest request(String method, String path, String key, String body) {
        Map<String, String> headers = key == null ? Map.of() : Map.of("authorization", "Bearer " + key);
        return new ApiRequest(method, path, Map.of(), Map.of(), headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), "req_test", "127.0.0.1", Principal.ANONYMOUS);
    }

    static JsonNode json(ApiResponse r) {
        return Json.tree(Json.write(r.body()));
    }

    @Test
    void routesWithPathParametersDecoded() {
        ApiResponse r = api.handle(request("GET", "/things/a%2Db", OWNER, null));
        assertEquals(200, r.status());
        assertEquals("a-b", json(r).path("id").asText());
        assertEquals(404, api.handle(request("GET", "/things/a%2Fb", OWNER, null)).status(), "a slash is outside the id alphabet");
        assertEquals(404, api.handle(request("GET", "/things/a%23b", OWNER, null)).status(), "so is the key separator #");
        assertEquals("ANONYMOUS", json(api.handle(request("GET", "/open", null, null))).path("who").asText());
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithAllow() {
        ApiResponse missing = api.handle(request("GET", "/nothing", OWNER, null));
        assertEquals(404, missing.status());
        assertEquals("NOT_FOUND", json(missing).path("error").path("code").asText());
        ApiResponse wrong = api.handle(request("DELETE", "/things", OWNER, null));
        assertEquals(405, wrong.status());
        assertEquals("POST", wrong.headers().get("allow"));
    }

    @Test
    void unexpectedFailuresAre500WithoutInternals() {
        ApiResponse r = api.handle(request("GET", "/explode", null, null));
        assertEquals(500, r.status());
        String body = Json.write(r.body());
        assertFalse(body.contains("secret internal detail"), body);
        assertEquals("req_test", json(r).path("error").path("requestId").asText());
        assertEquals("req_test", r.headers().get("x-request-id"));
    }

    @Test
    void ownerRoutesNeedTheOwnerKey() {
        for (String key : new String[]{null, "nope", OWNER + "x"}) {
            ApiResponse r = api.handle(request("GET", "/things/1", key, null));
            assertEquals(401, r.status());
            assertEquals("UNAUTHORIZED", json(r).path("error").path("code").asText());
        }
    }

    @Test
    void bodyProblemsAreClientErrors() {
        assertEquals(400, api.handle(request("POST", "/things", OWNER, null)).status());
        assertEquals(400, api.handle(request("POST", "/things", OWNER, "{\"a\":")).status());
        assertEquals(400, api.handle(request("POST", "/things", OWNER, "\"str\"")).status());
        assertEquals(400, api.handle(request("POST", "/things", OWNER, "{} {}")).status());
        ApiRequest xml = new ApiRequest("POST", "/things", Map.of(), Map.of(),
                Map.of("authorization", "Bearer " + OWNER, "content-type", "application/xml"),
                "<a/>".getBytes(StandardCharsets.UTF_8), "req_x", "127.0.0.1", Principal.ANONYMOUS);
        assertEquals(415, api.handle(xml).status());
        byte[] big = new byte[ApiRequest.MAX_BODY_BYTES + 1];
        ApiRequest huge = new ApiRequest("POST", "/things", Map.of(), Map.of(), Map.of("authorization", "Bearer " + OWNER),
                big, "req_y", "127.0.0.1", Principal.ANONYMOUS);
        assertEquals(413, api.handle(huge).status());
    }

    @Test
    void everyRouteMustDeclareItsAccess() {
        assertThrows(NullPointerException.class, () -> HttpApi.builder(null, (String action, ApiRequest r) -> ApiResponse.noContent()).route("GET", "/x", null, "x"));
        assertTrue(api.routes().stream().allMatch(r -> r.access() != null));
    }
}
