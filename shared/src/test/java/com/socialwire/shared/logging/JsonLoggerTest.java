package com.socialwire.shared.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLoggerTest {

    @Test
    void slf4jIsBoundToTheJsonProvider() {
        assertInstanceOf(JsonLogger.class, LoggerFactory.getLogger("com.socialwire.anything"));
    }

    @Test
    void aLineCarriesPowertoolsFieldsTheRequestIdAndTheColdStartFlag() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BasicMDCAdapter mdc = new BasicMDCAdapter();
        JsonLogger log = new JsonLogger("com.socialwire.test", Level.INFO, mdc, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        mdc.put("function_request_id", "req-1");
        mdc.put("cold_start", "true");
        mdc.put("correlation_id", "api-req-9");
        log.info("replied to {} in {} ms", "comment 1", 42);
        log.debug("not written at INFO");
        log.warn("failed", new IllegalStateException("boom"));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, bytes.toString(StandardCharsets.UTF_8));

        JsonNode info = Json.tree(lines[0]);
        assertEquals("INFO", info.path("level").asText());
        assertEquals("replied to comment 1 in 42 ms", info.path("message").asText());
        assertEquals("req-1", info.path("function_request_id").asText());
        assertTrue(info.path("cold_start").isBoolean() && info.path("cold_start").booleanValue());
        assertEquals("api-req-9", info.path("correlation_id").asText());
        assertTrue(Instant.parse(info.path("timestamp").asText()).isAfter(Instant.EPOCH));
        assertEquals("com.socialwire.test", info.path("logger").asText());

        JsonNode warn = Json.tree(lines[1]);
        assertEquals("WARN", warn.path("level").asText());
        assertEquals(IllegalStateException.class.getName(), warn.path("error").path("name").asText());
        assertEquals("boom", warn.path("error").path("message").asText());
        assertTrue(warn.path("error").path("stack").asText().contains("JsonLoggerTest"));
    }

    @Test
    void anyMessageTextStaysOneValidJsonLine() {
        Random random = new Random(20261204L);
        JsonLogger log = new JsonLogger("x", Level.INFO, new BasicMDCAdapter(), System.out);
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                text.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x3000)));
            }
            String line = log.line(Level.INFO, text.toString(), Map.of("k\"ey", text.toString()), null, Instant.EPOCH);
            assertFalse(line.contains("\n"), line);
            JsonNode parsed = Json.tree(line);
            assertEquals(text.toString(), parsed.path("message").asText());
            assertEquals(text.toString(), parsed.path("k\"ey").asText());
        }
    }

    @Test
    void withLoggingMarksOnlyTheFirstInvocationColdAndClearsItsFields() {
        LambdaLogging.restored();
        Context context = (Context) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> "req-42";
                    case "getFunctionName" -> "PostsFunction";
                    case "getMemoryLimitInMB" -> 1024;
                    default -> null;
                });
        String first = LambdaLogging.withLogging(context, () -> MDC.get("cold_start") + "/" + MDC.get("function_request_id"));
        String second = LambdaLogging.withLogging(context, () -> MDC.get("cold_start"));
        assertEquals("true/req-42", first);
        assertEquals("false", second);
        assertEquals(null, MDC.get("function_request_id"));
        assertEquals(null, MDC.get("cold_start"));
    }
}
