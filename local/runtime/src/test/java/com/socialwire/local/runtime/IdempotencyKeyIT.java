package com.socialwire.local.runtime;

import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The same create with one Idempotency-Key, sequential and concurrent, from several instances. */
class IdempotencyKeyIT {

    @Test
    void fiveDeliveriesThreeConcurrentMakeOneTenantAndFiveIdenticalResponses() throws Exception {
        Fixtures fx = new Fixtures();
        Fixtures.Account acct = fx.signup("Idem Agency");
        String body = "{\"name\":\"Exactly Once Bakery\",\"timezone\":\"Europe/Paris\"}";
        Map<String, String> headers = Map.of("authorization", "Bearer " + acct.adminKey(), "idempotency-key", "create-bakery-7");
        List<Response> responses = new ArrayList<>();
        responses.add(fx.tenants.call("POST", "/v1/tenants", headers, body));

        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Callable<Response>> concurrent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FunctionClient instance = new FunctionClient(fx.env, "TenantsFunction"); // separate containers
            concurrent.add(() -> instance.call("POST", "/v1/tenants", headers, body));
        }
        for (Future<Response> f : pool.invokeAll(concurrent)) {
            responses.add(f.get());
        }
        pool.shutdown();
        responses.add(fx.tenants.call("POST", "/v1/tenants", headers, body));

        Set<String> bodies = new HashSet<>();
        for (Response r : responses) {
            assertEquals(201, r.status(), r.body());
            bodies.add(r.body());
        }
        assertEquals(1, bodies.size(), "five identical responses: " + bodies);
        Response list = fx.tenants.call("GET", "/v1/tenants?limit=100", acct.adminKey(), null);
        assertEquals(1, list.json().path("items").size(), "one tenant: " + list.body());

        Response different = fx.tenants.call("POST", "/v1/tenants", headers, "{\"name\":\"Another Bakery\"}");
        assertEquals(409, different.status(), different.body());
        assertEquals("CONFLICT", different.json().path("error").path("code").asText());
    }

    @Test
    void concurrentFirstDeliveriesStillCreateOne() throws Exception {
        Fixtures fx = new Fixtures();
        Fixtures.Account acct = fx.signup("Race Agency");
        String body = "{\"name\":\"Race Brand\"}";
        Map<String, String> headers = Map.of("authorization", "Bearer " + acct.adminKey(), "idempotency-key", "race-1");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            FunctionClient instance = new FunctionClient(fx.env, "TenantsFunction");
            calls.add(() -> instance.call("POST", "/v1/tenants", headers, body));
        }
        Set<String> bodies = new HashSet<>();
        for (Future<Response> f : pool.invokeAll(calls)) {
            assertEquals(201, f.get().status(), f.get().body());
            bodies.add(f.get().body());
        }
        pool.shutdown();
        assertEquals(1, bodies.size());
        assertEquals(1, fx.tenants.call("GET", "/v1/tenants", acct.adminKey(), null).json().path("items").size());
    }

    @Test
    void failedRequestsDoNotConsumeTheKey() {
        Fixtures fx = new Fixtures();
        Fixtures.Account acct = fx.signup("Retry Agency");
        Map<String, String> headers = Map.of("authorization", "Bearer " + acct.adminKey(), "idempotency-key", "retry-1");
        assertEquals(400, fx.tenants.call("POST", "/v1/tenants", headers, "{\"name\":\"x\",\"timezone\":\"Nowhere\"}").status());
        assertEquals(201, fx.tenants.call("POST", "/v1/tenants", headers, "{\"name\":\"x\"}").status(),
                "a request that failed frees its key, so the corrected retry goes through");
    }

    /** Records are scoped to the API key: another key of the same account never receives this key's response. */
    @Test
    void anotherKeyOfTheAccountIsNotAReplay() {
        Fixtures fx = new Fixtures();
        Fixtures.Account acct = fx.signup("Two Keys Agency");
        String other = fx.key(acct, "admin", null, null)[1];
        String body = "{\"name\":\"Twin Bakery\"}";
        Response first = fx.tenants.call("POST", "/v1/tenants", Map.of("authorization", "Bearer " + acct.adminKey(), "idempotency-key", "twin-1"), body);
        Response second = fx.tenants.call("POST", "/v1/tenants", Map.of("authorization", "Bearer " + other, "idempotency-key", "twin-1"), body);
        assertEquals(201, first.status(), first.body());
        assertEquals(201, second.status(), second.body());
        assertEquals(null, second.headers().get("idempotent-replayed"), second.headers().toString());
        assertEquals(2, fx.tenants.call("GET", "/v1/tenants", acct.adminKey(), null).json().path("items").size());
    }
}
