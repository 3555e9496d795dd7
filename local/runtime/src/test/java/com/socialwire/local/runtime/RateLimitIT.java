package com.socialwire.local.runtime;

import com.socialwire.accounts.Accounts;
import com.socialwire.accounts.handler.AccountsHandler;
import com.socialwire.local.stores.HttpApiEvents;
import com.socialwire.local.stores.Invoker;
import com.socialwire.local.stores.LocalContext;
import com.socialwire.shared.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-key limits across instances: two handler instances (two Lambda containers) share one
 * counter in DynamoDB. The clock is pinned inside one minute so the test never straddles a window.
 */
class RateLimitIT {

    static JsonNode call(AccountsHandler h, String key, String path) {
        return Invoker.invokeJson(h, HttpApiEvents.event("GET", path, Map.of("authorization", "Bearer " + key), null),
                new LocalContext("AccountsFunction", 1024, 15));
    }

    @Test
    void seventyRequestsInAMinuteFromTwoInstancesLetExactlySixtyThrough() throws Exception {
        Fixtures fx = new Fixtures();
        Fixtures.Account acct = fx.signup("Busy Agency");
        Fixtures.Account calm = fx.signup("Calm Agency");
        var config = fx.env.functionConfig("AccountsFunction");
        Clock pinned = Clock.fixed(Instant.parse("2030-03-03T10:20:05Z"), ZoneOffset.UTC);
        AccountsHandler one = new AccountsHandler(new Accounts(config, pinned));
        AccountsHandler two = new AccountsHandler(new Accounts(config, pinned));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            AccountsHandler h = i % 2 == 0 ? one : two;
            String path = i % 7 == 0 ? "/v1/keys?limit=0" : "/v1/me"; // 4xx responses count and carry headers too
            calls.add(() -> call(h, acct.adminKey(), path));
        }
        int ok = 0;
        int limited = 0;
        for (Future<JsonNode> f : pool.invokeAll(calls)) {
            JsonNode r = f.get();
            JsonNode headers = r.path("headers");
            assertNotNull(headers.get("x-ratelimit-limit"), r.toString());
            assertNotNull(headers.get("x-ratelimit-remaining"));
            assertNotNull(headers.get("x-ratelimit-reset"));
            int status = r.path("statusCode").asInt();
            if (status == 429) {
                limited++;
                assertEquals("60", headers.path("x-ratelimit-limit").asText());
                assertEquals("0", headers.path("x-ratelimit-remaining").asText());
                assertEquals("55", headers.path("retry-after").asText(), "until the minute ends");
                assertEquals("RATE_LIMITED", Json.tree(r.path("body").asText()).path("error").path("code").asText());
            } else {
                ok++;
                assertTrue(status == 200 || status == 400, r.toString());
            }
        }
        pool.shutdown();
        assertEquals(60, ok);
        assertEquals(10, limited);

        JsonNode other = call(one, calm.adminKey(), "/v1/me");
        assertEquals(200, other.path("statusCode").asInt(), "another key is unaffected");
        assertEquals("59", other.path("headers").path("x-ratelimit-remaining").asText());

        AccountsHandler nextMinute = new AccountsHandler(new Accounts(config, Clock.fixed(Instant.parse("2030-03-03T10:21:00Z"), ZoneOffset.UTC)));
        assertEquals(200, call(nextMinute, acct.adminKey(), "/v1/me").path("statusCode").asInt(), "a new minute, a new window");
    }

    @Test
    void openSignupIsLimitedPerSourceIp() {
        Fixtures fx = new Fixtures();
        var config = fx.env.functionConfig("AccountsFunction");
        AccountsHandler h = new AccountsHandler(new Accounts(config,
                Clock.fixed(Instant.parse("2030-04-04T10:20:05Z"), ZoneOffset.UTC)));
        int created = 0;
        int limited = 0;
        for (int i = 0; i < 8; i++) {
            var event = HttpApiEvents.event("POST", "/v1/signup", "", Map.of("content-type", List.of("application/json")),
                    ("{\"accountName\":\"Spam " + i + "\"}").getBytes(), "ANY /v1/signup", Map.of(), "203.0.113.9");
            int status = Invoker.invokeJson(h, event, new LocalContext("AccountsFunction", 1024, 15)).path("statusCode").asInt();
            if (status == 201) {
                created++;
            } else if (status == 429) {
                limited++;
            }
        }
        assertEquals(5, created);
        assertEquals(3, limited);
        assertTrue(Base64.getDecoder().decode(fx.env.secrets().get("LOCAL_ENCRYPTION_KEY")).length == 32);
    }

    /** Issue 11 low: a 401 cost nothing, so one address could guess keys (and load the key store) without limit. */
    @Test
    void unauthenticatedGuessesFromOneAddressAre429WithRetryAfterAndValidKeysStillWork() {
        Fixtures fx = new Fixtures();
        Fixtures.Account acct = fx.signup("Guessed Agency");
        var config = fx.env.functionConfig("AccountsFunction");
        AccountsHandler h = new AccountsHandler(new Accounts(config, Clock.fixed(Instant.parse("2030-05-05T10:20:30Z"), ZoneOffset.UTC)));
        LocalContext ctx = new LocalContext("AccountsFunction", 1024, 15);
        int unauthorized = 0;
        int limited = 0;
        for (int i = 0; i < 25; i++) {
            String guess = "sw_test_" + String.format("%032d", i);
            JsonNode r = Invoker.invokeJson(h, HttpApiEvents.event("GET", "/v1/me", "", Map.of("authorization", List.of("Bearer " + guess)),
                    null, "GET /v1/me", Map.of(), "203.0.113.50"), ctx);
            int status = r.path("statusCode").asInt();
            if (status == 401) {
                unauthorized++;
            } else {
                assertEquals(429, status, r.toString());
                assertEquals("30", r.path("headers").path("retry-after").asText(), "until the minute ends");
                assertEquals("RATE_LIMITED", Json.tree(r.path("body").asText()).path("error").path("code").asText());
                limited++;
            }
        }
        assertEquals(20, unauthorized);
        assertEquals(5, limited);
        JsonNode valid = Invoker.invokeJson(h, HttpApiEvents.event("GET", "/v1/me", "", Map.of("authorization", List.of("Bearer " + acct.adminKey())),
                null, "GET /v1/me", Map.of(), "203.0.113.50"), ctx);
        assertEquals(200, valid.path("statusCode").asInt(), "a valid key from the same address still works");
        JsonNode elsewhere = Invoker.invokeJson(h, HttpApiEvents.event("GET", "/v1/me", "", Map.of(), null, "GET /v1/me", Map.of(), "203.0.113.51"), ctx);
        assertEquals(401, elsewhere.path("statusCode").asInt(), "another address is counted apart");
    }
}
