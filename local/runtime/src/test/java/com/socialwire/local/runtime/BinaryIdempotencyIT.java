package com.socialwire.local.runtime;

import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Config;
import com.socialwire.shared.Ids;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A POST answering a binary body, repeated with its Idempotency-Key (on DynamoDB Local's idempotency rows): a small
 * body is replayed byte for byte with its content-type; one too large to keep is never run again and says so (409).
 */
class BinaryIdempotencyIT {

    enum Op { SMALL, LARGE }

    static final byte[] SMALL = new byte[256];
    static final byte[] LARGE = new byte[64 * 1024];

    static {
        for (int i = 0; i < LARGE.length; i++) {
            LARGE[i] = (byte) (i * 31 + 7);
            if (i < SMALL.length) {
                SMALL[i] = (byte) i;
            }
        }
    }

    final AtomicInteger runs = new AtomicInteger();
    final HttpApi api;

    BinaryIdempotencyIT() {
        LocalEnvironment env = LocalEnvironment.shared();
        Config config = env.functionConfig("TenantsFunction");
        Table table = new Table(new AwsClients(config).dynamoDbOnFirstUse(), config.require("TABLE_NAME"));
        api = HttpApi.builder(Gate.of(config, table, Clock.systemUTC()), (Op op, ApiRequest r) -> {
                    runs.incrementAndGet();
                    return ApiResponse.bytes(201, "image/png", op == Op.SMALL ? SMALL : LARGE);
                })
                .route("POST", "/things/small", Access.PUBLIC, Op.SMALL)
                .route("POST", "/things/large", Access.PUBLIC, Op.LARGE)
                .build();
    }

    ApiResponse post(String path, String key) {
        return api.handle(new ApiRequest("POST", path, Map.of(), Map.of(), Map.of("idempotency-key", key), "{}".getBytes(),
                "req_binidem" + Ids.base62(6), "127.0.0.1", Principal.ANONYMOUS));
    }

    @Test
    void aSmallBinaryResponseIsReplayedByteForByte() {
        String key = "bin-" + Ids.base62(12);
        ApiResponse first = post("/things/small", key);
        ApiResponse again = post("/things/small", key);
        assertEquals(1, runs.get(), "the action ran once");
        assertEquals(201, first.status());
        assertEquals(201, again.status());
        assertEquals("true", again.headers().get("idempotent-replayed"));
        assertNull(first.headers().get("idempotent-replayed"));
        assertEquals("image/png", again.headers().get("content-type"));
        assertArrayEquals(SMALL, assertInstanceOf(ApiResponse.Bytes.class, again.body()).data());
    }

    @Test
    void aBinaryResponseTooLargeToKeepIsNotRunAgainAndSaysSo() {
        String key = "bin-" + Ids.base62(12);
        ApiResponse first = post("/things/large", key);
        assertArrayEquals(LARGE, assertInstanceOf(ApiResponse.Bytes.class, first.body()).data());
        ApiResponse again = post("/things/large", key);
        assertEquals(1, runs.get(), "the action ran once");
        assertEquals(409, again.status(), String.valueOf(again.body()));
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) ((Map<String, Object>) again.body()).get("error");
        assertEquals("CONFLICT", error.get("code"));
        assertEquals(Map.of("status", 201), error.get("details"));
    }
}
