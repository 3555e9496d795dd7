package com.socialwire.local.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.ApiKeyStore;
import com.socialwire.shared.security.Authorizer;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.RateLimiter;
import com.socialwire.shared.security.TenantDirectory;
import com.socialwire.shared.store.IdempotencyStore;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.Test;
import com.socialwire.shared.aws.AwsCallObserver;
import com.socialwire.shared.aws.LeanDynamoDb;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 11 medium 7: an Idempotency-Key was claimed before the action and its result stored after
 * it, so a response too large for a DynamoDB item (or a failed store) answered 500 and, once the
 * in-progress window passed, ran the action a second time. Here against DynamoDB Local.
 */
class IdempotentRoutesIT {

    static final String OWNER = "sw_test_0123456789abcdefghijABCDEFGHIJ02";

    /** The lean client of {@code config}, with {@code failWrites} UpdateItem calls on idempotency records failing first. */
    static LeanDynamoDb failingResultWrites(Config config, AtomicInteger failWrites) {
        return ObservedDynamoDb.of(config, new AwsCallObserver() {
            @Override
            public SdkRequest beforeCall(String service, String operation, SdkRequest request) {
                if (request instanceof UpdateItemRequest r && r.key().get(Table.PK).s().startsWith("IDEMPOTENCY#")
                        && failWrites.get() > 0 && failWrites.getAndDecrement() > 0) {
                    throw ProvisionedThroughputExceededException.builder().message("injected").build();
                }
                return request;
            }
        });
    }

    final LedgerIT.MutableClock clock = new LedgerIT.MutableClock(Instant.now()); // moved past the in-progress window without waiting
    final AtomicInteger runs = new AtomicInteger();
    final AtomicInteger failWrites = new AtomicInteger();
    final Map<String, Map<String, Object>> created = new ConcurrentHashMap<>();
    final HttpApi api;

    IdempotentRoutesIT() {
        LocalEnvironment env = LocalEnvironment.shared();
        Table table = new Table(failingResultWrites(env.functionConfig("SystemFunction"), failWrites), env.resources().tables().get("Table"));
        Config config = Config.of(Map.of("OWNER_ADMIN_KEY_SHA256", Hashing.sha256Hex(OWNER)));
        Gate gate = new Gate(new Authorizer(config, new ApiKeyStore(table, clock), new TenantDirectory(table), clock),
                RateLimiter.fromConfig(table, clock, config.with("RATE_LIMIT_PER_MINUTE", "100000")),
                new IdempotencyStore(table, clock), clock);
        api = HttpApi.builder(gate, (String action, ApiRequest r) -> action.equals("create") ? createReport(r)
                        : ApiResponse.ok(created.get(r.pathParam("reportId"))))
                .route("POST", "/reports", Access.OWNER, "create")
                .route("GET", "/reports/{reportId}", Access.OWNER, "read")
                .build();
    }

    private ApiResponse createReport(ApiRequest r) {
        runs.incrementAndGet();
        String id = "rpt_" + runs.get() + "x" + System.nanoTime();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("id", id);
        report.put("size", r.jsonObject().path("size").asInt());
        report.put("html", "<p>" + "x".repeat(r.jsonObject().path("size").asInt()) + "</p>");
        created.put(id, report);
        return ApiResponse.created(report);
    }

    ApiResponse post(String key, String body) {
        return api.handle(new ApiRequest("POST", "/reports", Map.of(), Map.of(),
                Map.of("authorization", "Bearer " + OWNER, "idempotency-key", key, "content-type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), "req_idem", "127.0.0.1", Principal.ANONYMOUS));
    }

    static JsonNode json(ApiResponse r) {
        return Json.tree(Json.write(r.body()));
    }

    @Test
    void aResponseTooLargeToStoreIsAnsweredAndReplayedNeverRunTwice() {
        String key = "big-report-" + System.nanoTime();
        String body = "{\"size\":600000}";
        ApiResponse first = post(key, body);
        assertEquals(201, first.status(), () -> first.status() + " " + String.valueOf(first.body()).substring(0, Math.min(200, String.valueOf(first.body()).length())));
        String id = json(first).path("id").asText();

        clock.advance(Duration.ofMinutes(2)); // far past the in-progress window
        ApiResponse again = post(key, body);
        assertEquals(201, again.status());
        assertEquals("true", again.headers().get("idempotent-replayed"));
        assertEquals(id, json(again).path("id").asText(), "the replay re-reads the created report");
        assertEquals(600_000 + 7, json(again).path("html").asText().length());
        assertEquals(1, runs.get(), "the action ran once");
    }

    @Test
    void aFailedResultStoreNeverFreesTheKeyForASecondRun() {
        String key = "flaky-store-" + System.nanoTime();
        String body = "{\"size\":10}";
        failWrites.set(2); // the first two writes of the result fail
        ApiResponse first = post(key, body);
        assertEquals(201, first.status(), () -> String.valueOf(first.body()));

        clock.advance(Duration.ofMinutes(2));
        ApiResponse again = post(key, body);
        assertEquals(201, again.status(), () -> String.valueOf(again.body()));
        assertEquals("true", again.headers().get("idempotent-replayed"));
        assertEquals(json(first).path("id").asText(), json(again).path("id").asText());
        assertEquals(1, runs.get(), "the action ran once");
        assertFalse(again.headers().containsKey("retry-after"));
    }
}
