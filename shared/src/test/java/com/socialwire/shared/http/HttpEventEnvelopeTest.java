package com.socialwire.shared.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP API event envelope, read and written with Jackson's streaming API instead of trees: every
 * events/ fixture and seeded variants of them (odd value types, repeated, missing and null fields) give
 * the request a tree gave, and responses and plain bodies come out byte for byte as the mapper wrote them.
 */
class HttpEventEnvelopeTest {

    private static final long SEED = Long.getLong("seed", 1204L);

    @Test
    void everyHttpFixtureReadsAsTheTreeReadIt() throws Exception {
        List<Path> fixtures;
        try (Stream<Path> files = Files.list(Path.of("..", "events"))) {
            fixtures = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        int http = 0;
        for (Path fixture : fixtures) {
            JsonNode event = Json.tree(Files.readString(fixture));
            if (event.has("requestContext")) {
                http++;
                assertReadsAsTree(event, fixture.getFileName().toString());
            }
        }
        assertTrue(http >= 20, "found only " + http + " HTTP API fixtures in events/");
    }

    @Test
    void seededVariantsReadAsTheTreeReadThem() throws Exception {
        Random random = new Random(SEED);
        JsonNode base = Json.tree(Files.readString(Path.of("..", "events", "posts-create.json")));
        List<JsonNode> odd = List.of(Json.tree("null"), Json.tree("12"), Json.tree("-0"), Json.tree("1.50"), Json.tree("1e1"),
                Json.tree("true"), Json.tree("false"), Json.tree("{\"a\":[1,{\"b\":2}]}"), Json.tree("[1,\"x\",null]"),
                Json.tree("\"\""), Json.tree("\" true \""), Json.tree("\"GeT\""), Json.tree("\"a/b?c\""), Json.tree("0"));
        List<String> paths = List.of("/requestContext/http/method", "/requestContext/http/path", "/requestContext/http/sourceIp",
                "/requestContext/requestId", "/requestContext/http", "/requestContext", "/rawPath", "/httpMethod", "/body",
                "/isBase64Encoded", "/headers", "/headers/authorization", "/headers/Content-Type", "/queryStringParameters",
                "/queryStringParameters/status", "/cookies", "/cookies/0", "/stageVariables", "/rawQueryString");
        for (int i = 0; i < 3000; i++) {
            ObjectNode event = base.deepCopy();
            for (int k = random.nextInt(4); k >= 0; k--) {
                String path = paths.get(random.nextInt(paths.size()));
                int slash = path.lastIndexOf('/');
                JsonNode parent = event.at(path.substring(0, slash));
                if (!(parent instanceof ObjectNode o)) {
                    continue;
                }
                String field = path.substring(slash + 1);
                switch (random.nextInt(4)) {
                    case 0 -> o.remove(field);
                    case 1 -> o.set(field, odd.get(random.nextInt(odd.size())));
                    case 2 -> o.put(field, Base64.getEncoder().encodeToString(("b" + random.nextInt()).getBytes(StandardCharsets.UTF_8)));
                    default -> o.set(field, Json.tree("[\"c=1\",\"d=2\"]"));
                }
            }
            if (random.nextBoolean()) {
                event.put("isBase64Encoded", random.nextBoolean());
            }
            assertReadsAsTree(event, "seed " + SEED + ", variant " + i + ": " + event);
        }
    }

    @Test
    void aRepeatedFieldReadsItsLastValueAsATreeDoes() throws Exception {
        String json = "{\"rawPath\":\"/a\",\"headers\":{\"X-A\":\"1\",\"x-a\":\"2\"},\"rawPath\":\"/b\","
                + "\"requestContext\":{\"requestId\":\"one\",\"http\":{\"method\":\"POST\"}},"
                + "\"requestContext\":{\"http\":{\"sourceIp\":\"10.0.0.1\"}},\"body\":\"x\",\"body\":7}";
        assertReadsAsTree(Json.tree(json), json);
        ApiRequest r = HttpApi.readEvent(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals("/b", r.path());
        assertEquals("GET", r.method());
        assertEquals("2", r.headers().get("x-a"));
    }

    @Test
    void responsesAreWrittenAsTheTreeWroteThem() throws Exception {
        Random random = new Random(SEED);
        for (int i = 0; i < 500; i++) {
            Object body = switch (random.nextInt(5)) {
                case 0 -> null;
                case 1 -> new ApiResponse.Text("text \"" + random.nextInt() + "\"\n\u2028é");
                case 2 -> Json.tree("{\"id\":\"x\",\"n\":1.50}");
                case 3 -> new Sample("s" + random.nextInt(), random.nextLong(), List.of("a", "b"));
                default -> plain(random, 0);
            };
            Map<String, String> headers = new LinkedHashMap<>();
            for (int k = random.nextInt(4); k > 0; k--) {
                headers.put(random.nextBoolean() ? "content-type" : "x-h" + k, "v\"" + random.nextInt(9));
            }
            ApiResponse response = new ApiResponse(200 + random.nextInt(400), headers, body);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            HttpApi.Envelope.of(response).write(out);
            assertArrayEquals(Json.mapper().writeValueAsBytes(treeEnvelope(response)), out.toByteArray(),
                    "seed " + SEED + ", response " + i + ": " + response);
        }
    }

    @Test
    void theResponseLeavesLambdasOutputStreamOpen() throws Exception {
        boolean[] closed = new boolean[1];
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        HttpApi.Envelope.of(ApiResponse.ok(Map.of("status", "ok"))).write(out);
        assertFalse(closed[0], "the envelope writer closed the stream it was handed");
        assertEquals("{\"statusCode\":200,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"{\\\"status\\\":\\\"ok\\\"}\",\"isBase64Encoded\":false}",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void plainBodiesAreWrittenByteForByteAsTheMapperWritesThem() throws Exception {
        Random random = new Random(SEED);
        for (int i = 0; i < 3000; i++) {
            Object value = plain(random, 0);
            String context = "seed " + SEED + ", value " + i + ": " + value;
            assertEquals(Json.mapper().writeValueAsString(value), Json.write(value), context);
            assertArrayEquals(Json.mapper().writeValueAsBytes(value), Json.bytes(value), context);
        }
        // what is not plain is the mapper's, however deep it sits
        Map<String, Object> mixed = new LinkedHashMap<>();
        mixed.put("sample", new Sample("a", 1, List.of()));
        mixed.put("at", java.time.Instant.parse("2026-12-04T15:20:13Z"));
        mixed.put("set", new java.util.TreeSet<>(List.of("b", "a")));
        mixed.put("double", 1.5d);
        assertEquals(Json.mapper().writeValueAsString(List.of(mixed)), Json.write(List.of(mixed)));
        assertFalse(Json.write(Map.of("e", new BigDecimal("1E+3"))).contains("E"), "decimals stay plain");
    }

    /** A record body: written by the mapper. */
    record Sample(String name, long n, List<String> tags) {
    }

    private static Object plain(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 7 : 9);
        return switch (kind) {
            case 0 -> null;
            case 1 -> "s\"\\\n\t\u0001é\u2028" + random.nextInt();
            case 2 -> random.nextBoolean();
            case 3 -> random.nextInt();
            case 4 -> random.nextLong();
            case 5 -> new BigDecimal(random.nextLong()).movePointLeft(random.nextInt(-5, 12));
            case 6 -> "";
            case 7 -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int k = random.nextInt(5); k > 0; k--) {
                    m.put("k" + random.nextInt(100), plain(random, depth + 1));
                }
                yield random.nextBoolean() ? m : Map.copyOf(Map.of("only", "one"));
            }
            default -> {
                List<Object> l = new ArrayList<>();
                for (int k = random.nextInt(5); k > 0; k--) {
                    l.add(plain(random, depth + 1));
                }
                yield l;
            }
        };
    }

    /** The response event as HttpApi built it before, as a tree. */
    private static ObjectNode treeEnvelope(ApiResponse response) {
        ObjectNode out = Json.object();
        out.put("statusCode", response.status());
        ObjectNode headers = out.putObject("headers");
        if (response.body() != null && !(response.body() instanceof ApiResponse.Text)) {
            headers.put("content-type", "application/json");
        }
        response.headers().forEach(headers::put);
        out.put("body", response.body() == null ? ""
                : response.body() instanceof ApiResponse.Text t ? t.value() : Json.write(response.body()));
        out.put("isBase64Encoded", false);
        return out;
    }

    /** Reads {@code event} with HttpApi's streaming reader and checks it against the tree, field by field. */
    private static void assertReadsAsTree(JsonNode written, String context) throws Exception {
        byte[] raw = Json.bytes(written);
        JsonNode event = Json.tree(raw); // the tree HttpApi read from the same bytes
        JsonNode body = event.at("/body");
        byte[] expectedBody;
        try {
            expectedBody = !body.isTextual() ? null : event.at("/isBase64Encoded").asBoolean(false)
                    ? Base64.getDecoder().decode(body.asText()) : body.asText().getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            assertThrows(IllegalArgumentException.class, () -> HttpApi.readEvent(new ByteArrayInputStream(raw)), context);
            return;
        }
        ApiRequest got = HttpApi.readEvent(new ByteArrayInputStream(raw));
        assertArrayEquals(expectedBody, got.body(), context);
        String method = event.at("/requestContext/http/method").asText(event.at("/httpMethod").asText("GET"));
        assertEquals(method.toUpperCase(Locale.ROOT), got.method(), context);
        assertEquals(event.at("/rawPath").asText(event.at("/requestContext/http/path").asText("/")), got.path(), context);
        assertEquals(event.at("/requestContext/http/sourceIp").asText(""), got.sourceIp(), context);
        String id = event.at("/requestContext/requestId").asText("");
        if (!id.isEmpty()) {
            assertEquals("req_" + id.replaceAll("[^A-Za-z0-9]", ""), got.requestId(), context);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (event.at("/headers").isObject()) {
            event.at("/headers").properties().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
        }
        JsonNode cookies = event.at("/cookies");
        if (cookies.isArray() && !cookies.isEmpty() && !headers.containsKey("cookie")) {
            List<String> parts = new ArrayList<>();
            cookies.forEach(c -> parts.add(c.asText()));
            headers.put("cookie", String.join("; ", parts));
        }
        assertEquals(headers, got.headers(), context);
        assertEquals(new ArrayList<>(headers.keySet()), new ArrayList<>(got.headers().keySet()), context);
        Map<String, String> query = new LinkedHashMap<>();
        if (event.at("/queryStringParameters").isObject()) {
            event.at("/queryStringParameters").properties().forEach(e -> query.put(e.getKey(), e.getValue().asText()));
        }
        assertEquals(query, got.query(), context);
    }
}
