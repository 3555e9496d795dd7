package com.socialwire.shared.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Access;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A binary body ({@link ApiResponse.Bytes}, e.g. a proxied thumbnail) leaves the Lambda entry as API Gateway
 * wants it: base64 in {@code body} with {@code isBase64Encoded: true} and the content-type the route set; text
 * and JSON bodies stay as they were ({@code isBase64Encoded: false}).
 */
class HttpBinaryResponseTest {

    enum Op { IMAGE, UNTYPED, EMPTY, JSON, TEXT }

    static final byte[] ALL_BYTES = allByteValues();

    final HttpApi api = HttpApi.builder(HttpApiRoutingTest.gate(), (Op op, ApiRequest r) -> switch (op) {
                case IMAGE -> ApiResponse.bytes(200, "image/png", ALL_BYTES).withHeader("cache-control", "private, max-age=300");
                case UNTYPED -> new ApiResponse(200, Map.of(), new ApiResponse.Bytes(ALL_BYTES));
                case EMPTY -> ApiResponse.bytes(200, "image/jpeg", new byte[0]);
                case JSON -> ApiResponse.ok(Map.of("ok", true));
                case TEXT -> ApiResponse.text(200, "plain é");
            })
            .route("GET", "/image", Access.PUBLIC, Op.IMAGE)
            .route("GET", "/untyped", Access.PUBLIC, Op.UNTYPED)
            .route("GET", "/empty", Access.PUBLIC, Op.EMPTY)
            .route("GET", "/json", Access.PUBLIC, Op.JSON)
            .route("GET", "/text", Access.PUBLIC, Op.TEXT)
            .build();

    @Test
    void aBinaryBodyIsBase64WithIsBase64EncodedTrueAndTheRoutesContentType() throws Exception {
        JsonNode out = invoke("/image");
        assertEquals(200, out.path("statusCode").asInt());
        assertTrue(out.path("isBase64Encoded").isBoolean(), out.toString());
        assertTrue(out.path("isBase64Encoded").asBoolean(), out.toString());
        assertEquals("image/png", out.path("headers").path("content-type").asText());
        assertEquals("private, max-age=300", out.path("headers").path("cache-control").asText());
        assertTrue(out.path("body").isTextual());
        assertArrayEquals(ALL_BYTES, Base64.getDecoder().decode(out.path("body").asText()), "every byte value survives");
        List<String> names = new ArrayList<>();
        out.path("headers").fieldNames().forEachRemaining(names::add);
        assertEquals(1, names.stream().filter(n -> n.equalsIgnoreCase("content-type")).count(), "one content-type: " + names);
    }

    @Test
    void aBinaryBodyWithoutAContentTypeIsOctetStream() throws Exception {
        JsonNode out = invoke("/untyped");
        assertEquals("application/octet-stream", out.path("headers").path("content-type").asText());
        assertTrue(out.path("isBase64Encoded").asBoolean());
        assertArrayEquals(ALL_BYTES, Base64.getDecoder().decode(out.path("body").asText()));
    }

    @Test
    void anEmptyBinaryBodyIsAnEmptyBase64Body() throws Exception {
        JsonNode out = invoke("/empty");
        assertTrue(out.path("isBase64Encoded").asBoolean());
        assertEquals("", out.path("body").asText("missing"));
        assertEquals("image/jpeg", out.path("headers").path("content-type").asText());
    }

    @Test
    void jsonAndTextBodiesAreNotBase64() throws Exception {
        JsonNode json = invoke("/json");
        assertFalse(json.path("isBase64Encoded").asBoolean(true));
        assertEquals("{\"ok\":true}", json.path("body").asText());
        JsonNode text = invoke("/text");
        assertFalse(text.path("isBase64Encoded").asBoolean(true));
        assertEquals("plain é", text.path("body").asText());
        JsonNode missing = invoke("/nothing");
        assertEquals(404, missing.path("statusCode").asInt());
        assertFalse(missing.path("isBase64Encoded").asBoolean(true));
    }

    @Test
    void bytesBodiesCompareByContent() {
        assertEquals(new ApiResponse.Bytes(new byte[]{1, 2}), new ApiResponse.Bytes(new byte[]{1, 2}));
        assertEquals(new ApiResponse.Bytes(new byte[]{1, 2}).hashCode(), new ApiResponse.Bytes(new byte[]{1, 2}).hashCode());
        assertNotEquals(new ApiResponse.Bytes(new byte[]{1, 2}), new ApiResponse.Bytes(new byte[]{2, 1}));
        assertEquals("Bytes[512 bytes]", new ApiResponse.Bytes(ALL_BYTES).toString(), "a log line never carries the bytes");
    }

    private JsonNode invoke(String path) throws Exception {
        String event = "{\"version\":\"2.0\",\"rawPath\":\"" + path + "\",\"rawQueryString\":\"\",\"headers\":{},"
                + "\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"" + path + "\",\"sourceIp\":\"127.0.0.1\"},"
                + "\"requestId\":\"bin1\"},\"isBase64Encoded\":false}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        api.handle(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.tree(out.toByteArray());
    }

    static byte[] allByteValues() {
        byte[] all = new byte[512];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (i < 256 ? i : 255 - (i - 256)); // 0..255 then 255..0
        }
        return all;
    }
}
