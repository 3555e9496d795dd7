package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.LocalEnvironment;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import com.socialwire.local.stores.HttpApiEvents;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Accounts, keys and tenants made through the real functions, for the cross-function tests. */
final class Fixtures {

    private static final AtomicInteger SIGNUPS = new AtomicInteger();

    final LocalEnvironment env = LocalEnvironment.shared();
    final FunctionClient accounts = new FunctionClient(env, "AccountsFunction");
    final FunctionClient tenants = new FunctionClient(env, "TenantsFunction");
    final FunctionClient system = new FunctionClient(env, "SystemFunction");

    /** A signed-up account: its id, its admin key and the key's id. */
    record Account(String id, String adminKey, String adminKeyId) {
    }

    Account signup(String name) {
        // each signup from its own address: open signup is limited per source IP
        String ip = "10.0." + (SIGNUPS.incrementAndGet() % 250) + "." + (1 + (int) (System.nanoTime() % 250));
        Response r = accounts.send(HttpApiEvents.event("POST", "/v1/signup", "",
                Map.of("content-type", List.of("application/json")),
                ("{\"accountName\":\"" + name + "\",\"keyName\":\"admin\"}").getBytes(StandardCharsets.UTF_8),
                "ANY /v1/signup", Map.of(), ip));
        assertEquals(201, r.status(), r.body());
        JsonNode j = r.json();
        return new Account(j.path("account").path("id").asText(), j.path("apiKey").asText(), j.path("key").path("id").asText());
    }

    String tenant(Account a, String name) {
        Response r = tenants.call("POST", "/v1/tenants", a.adminKey(), "{\"name\":\"" + name + "\"}");
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    /** A new key of {@code role} (client keys get {@code tenantIds}); returns {id, raw key}. */
    String[] key(Account a, String role, String tenantIdsJson, String expiresAt) {
        String body = "{\"name\":\"" + role + " key\",\"role\":\"" + role + "\""
                + (tenantIdsJson == null ? "" : ",\"tenantIds\":" + tenantIdsJson)
                + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}";
        Response r = accounts.call("POST", "/v1/keys", a.adminKey(), body);
        assertEquals(201, r.status(), r.body());
        return new String[]{r.json().path("key").path("id").asText(), r.json().path("apiKey").asText()};
    }
}
