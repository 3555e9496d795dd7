package com.socialwire.shared.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.store.Cursors;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SnapStart priming runs a synthetic request through the HTTP entry before the snapshot: it must reach
 * no store or network (the table's client here fails the test if it is ever built) and leave nothing of a
 * tenant, key or secret in static state that the snapshot would keep.
 */
class SnapStartPrimingTest {

    private static final String SECRET = "whsec_priming_must_not_see_this";

    @Test
    void primingRunsTheHandlerPathWithoutNetworkAndKeepsNoTenantOrSecret() throws Exception {
        Config config = Config.of(Map.of("TABLE_NAME", "t", "OWNER_ADMIN_KEY_SHA256", "0".repeat(64), "STRIPE_WEBHOOK_SECRET", SECRET));
        Table table = new Table(() -> {
            throw new AssertionError("priming built a DynamoDB client: it would reach the network");
        }, "t", new Cursors(new byte[32], Clock.systemUTC()));
        HttpApi api = HttpApi.builder(Gate.of(config, table, Clock.systemUTC()), (action, r) -> fail("priming reached " + action))
                .route("GET", "/v1/tenants/{tenantId}/posts", Access.anyKey(), "list posts")
                .route("GET", "/health", Access.PUBLIC, "health")
                .build();

        JsonNode response = Json.tree(api.prime());

        assertEquals(404, response.path("statusCode").asInt(), response.toString());
        JsonNode error = Json.tree(response.path("body").asText()).path("error");
        assertEquals("NOT_FOUND", error.path("code").asText(), response.toString());
        assertTrue(MDC.getCopyOfContextMap() == null || MDC.getCopyOfContextMap().isEmpty(), "priming left MDC fields: " + MDC.getCopyOfContextMap());
        List<String> leaks = staticStrings().stream()
                .filter(s -> s.contains("tnt_") || s.contains("sw_test_") || s.contains("sw_live_") || s.contains(SECRET) || s.contains("Bearer "))
                .toList();
        assertEquals(List.of(), leaks, "tenant data or a secret in static state after priming");
    }

    @Test
    void aRouteThatWouldServeThePrimingPathIsNeverPrimed() throws Exception {
        Table table = new Table(() -> {
            throw new AssertionError("priming built a DynamoDB client");
        }, "t", new Cursors(new byte[32], Clock.systemUTC()));
        HttpApi api = HttpApi.builder(Gate.of(Config.of(Map.of("TABLE_NAME", "t")), table, Clock.systemUTC()), (action, r) -> fail("priming reached " + action))
                .route("GET", "/{proxy}/priming", Access.PUBLIC, "proxy")
                .build();
        assertEquals(0, api.prime().length);
    }

    /** Every String reachable (two levels deep) from a static field of shared's classes, initialised or not. */
    private static List<String> staticStrings() throws Exception {
        Path classes = Path.of(HttpApi.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, HttpApi.class.getClassLoader());
                } catch (Throwable e) {
                    continue;
                }
                for (Field field : type.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        field.setAccessible(true);
                        collect(field.get(null), 2, found);
                    } catch (Throwable e) {
                        // a class whose static init needs the environment: it holds nothing priming put there
                    }
                }
            }
        }
        return found;
    }

    private static void collect(Object value, int depth, List<String> out) {
        if (value == null || depth < 0) {
            return;
        }
        if (value instanceof CharSequence s) {
            out.add(s.toString());
        } else if (value instanceof byte[] b) {
            out.add(new String(b, java.nio.charset.StandardCharsets.UTF_8));
        } else if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                collect(k, depth - 1, out);
                collect(v, depth - 1, out);
            });
        } else if (value instanceof Collection<?> c) {
            c.forEach(v -> collect(v, depth - 1, out));
        } else if (value.getClass().isArray() && !value.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                collect(Array.get(value, i), depth - 1, out);
            }
        }
    }
}
