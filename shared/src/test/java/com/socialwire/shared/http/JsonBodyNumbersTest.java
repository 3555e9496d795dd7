package com.socialwire.shared.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.security.Principal;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every number in every JSON body is bounded in size and scale before any route reads it. */
class JsonBodyNumbersTest {

    static ApiRequest post(String body) {
        return new ApiRequest("POST", "/x", Map.of(), Map.of(), Map.of("content-type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), "req_t", "192.0.2.1", Principal.ANONYMOUS);
    }

    static ApiException refused(String body) {
        return assertThrows(ApiException.class, () -> {
            ObjectNode n = post(body).jsonObject();
            new JsonBody((ObjectNode) n.path("settings"), Set.of("dailyLlmBudgetUsd"))
                    .decimal("dailyLlmBudgetUsd", BigDecimal.ZERO, new BigDecimal("10000"));
        });
    }

    @Test
    void fortyDigitsTinyExponentsAndGiantScalesAre422BeforeAnyRouteReadsThem() {
        for (String number : List.of("1234567890123456789012345678901234567890", "1e-150", "1e-999999999", "1e999999999",
                "-0.0000000000000000000001", "12345678901234567890", "1" + "0".repeat(70))) {
            long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            ApiException e = refused("{\"settings\":{\"dailyLlmBudgetUsd\":" + number + "}}");
            long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            assertEquals(422, e.status(), number);
            assertEquals(ErrorCode.VALIDATION_ERROR, e.code(), number);
            assertTrue(after - before < 64L * 1024 * 1024, number + " allocated " + (after - before) + " bytes");
        }
        ApiException nested = refused("{\"a\":[{\"b\":1e-150}]}");
        assertEquals(Map.of("a[0].b", ApiRequest.NUMBER_RULE), nested.details());
    }

    @Test
    void ordinaryNumbersStillRead() {
        ObjectNode n = post("{\"settings\":{\"dailyLlmBudgetUsd\":12.5},\"n\":-3,\"big\":123456789012345678,\"tiny\":0.000001,\"z\":0e-99999,\"e\":1.5e3}")
                .jsonObject();
        assertEquals(new BigDecimal("12.5"), n.path("settings").path("dailyLlmBudgetUsd").decimalValue());
        assertEquals(123456789012345678L, n.path("big").longValue());
    }

    @Test
    void aFieldMayAskForFewerDecimalPlaces() {
        ObjectNode n = post("{\"usd\":0.0000001}").jsonObject();
        JsonBody in = new JsonBody(n, Set.of("usd"));
        assertTrue(in.decimal("usd", BigDecimal.ZERO, BigDecimal.TEN, 6).isEmpty());
        ApiException e = assertThrows(ApiException.class, in::check);
        assertEquals(422, e.status());
    }

    @Test
    void seededRandomNumbersNeverEscapeAsAnythingButA422OrAValue() {
        long seed = Long.getLong("numbers.seed", System.nanoTime());
        Random rnd = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder s = new StringBuilder(rnd.nextBoolean() ? "-" : "");
            s.append(1 + rnd.nextInt(9));
            int digits = rnd.nextInt(60);
            for (int d = 0; d < digits; d++) {
                s.append(rnd.nextInt(10));
            }
            if (rnd.nextBoolean()) {
                s.append('.').append(rnd.nextInt(1000));
            }
            if (rnd.nextBoolean()) {
                s.append('e').append(rnd.nextBoolean() ? "-" : "").append(rnd.nextInt(rnd.nextBoolean() ? 40 : Integer.MAX_VALUE));
            }
            String body = "{\"settings\":{\"dailyLlmBudgetUsd\":" + s + "}}";
            try {
                ObjectNode n = post(body).jsonObject();
                BigDecimal d = n.path("settings").path("dailyLlmBudgetUsd").decimalValue();
                assertTrue(d.precision() - d.scale() <= 18 && d.stripTrailingZeros().scale() <= 18, "seed " + seed + ": " + s);
            } catch (ApiException e) {
                assertEquals(422, e.status(), "seed " + seed + ": " + s);
            }
        }
    }
}
