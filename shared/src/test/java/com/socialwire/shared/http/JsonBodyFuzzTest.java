package com.socialwire.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.math.BigDecimal;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Fuzzes the JSON body reader every write route uses ({@link ApiRequest#jsonObject()} then {@link JsonBody}'s typed
 * reads): whatever the bytes, a route gets its values or one 4xx {@link ApiException}; never another exception
 * (which the API would answer 500), never a hang. {@code mvn verify} replays the kept inputs in
 * {@code JsonBodyFuzzTestInputs/}; see the README for a real fuzzing session.
 */
class JsonBodyFuzzTest {

    private static final Set<String> FIELDS = Set.of("name", "mode", "flag", "amount", "tags", "nested");

    private static ApiRequest post(byte[] body) {
        return new ApiRequest("POST", "/v1/things", Map.of(), Map.of(), Map.of("content-type", "application/json"), body,
                "req-fuzz", "127.0.0.1", null);
    }

    /** Found by this fuzzer in 1,170 runs: Jackson throws NumberFormatException (not a JsonProcessingException). */
    @Test
    void anExponentPastTheIntRangeIsA4xxNotA500() {
        for (String body : new String[] {"{\"amount\":1e-11234567890}", "{\"amount\":1E+99999999999}",
            "[{\"a\":1e-11234567890}]"}) {
            ApiException e = assertThrows(ApiException.class,
                    () -> post(body.getBytes(StandardCharsets.UTF_8)).jsonObject(), body);
            assertEquals(422, e.status(), body);
            assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
        }
    }

    @FuzzTest
    void anyBodyGivesValuesOrA4xx(byte[] body) {
        ApiRequest request = post(body);
        try {
            JsonBody b = new JsonBody(request.jsonObject(), FIELDS);
            b.string("name", true, 1, 100);
            b.oneOf("mode", false, Set.of("auto", "manual"));
            b.bool("flag");
            b.decimal("amount", BigDecimal.ZERO, new BigDecimal("1000000"));
            b.strings("tags", 30, 50);
            b.object("nested", Set.of("name", "amount")).ifPresent(n -> {
                n.string("name", false, 0, 10);
                n.decimal("amount", new BigDecimal("-1"), BigDecimal.ONE);
            });
            b.check();
        } catch (ApiException e) {
            assertTrue(e.status() >= 400 && e.status() < 500, "status " + e.status() + ": " + e.getMessage());
        }
    }
}
