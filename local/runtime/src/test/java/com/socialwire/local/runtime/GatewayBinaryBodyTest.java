package com.socialwire.local.runtime;

import com.socialwire.local.stores.Template;
import com.socialwire.shared.Config;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.store.Cursors;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A binary response body crosses the local gateway exactly as API Gateway passes it: the function (a real
 * {@link HttpApi}) writes it base64 with {@code isBase64Encoded: true}, the gateway decodes it, and the client
 * reads every byte value (0..255) unchanged, with the route's content-type and the right length.
 */
class GatewayBinaryBodyTest {

    enum Op { THUMB, ECHO, JSON }

    static final byte[] ALL_BYTES = new byte[256 * 3];

    static {
        for (int i = 0; i < ALL_BYTES.length; i++) {
            ALL_BYTES[i] = (byte) (i < 256 ? i : i < 512 ? 511 - i : i * 7); // ascending, descending, scattered
        }
    }

    HttpGateway gateway;
    final List<String> invoked = new ArrayList<>();
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start(@TempDir Path dir) throws IOException {
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, """
                Resources:
                  ThumbFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: test.Thumbs::handleRequest
                      Events:
                        Thumb:
                          Type: HttpApi
                          Properties:
                            Method: GET
                            Path: /thumbs/{name}
                        Echo:
                          Type: HttpApi
                          Properties:
                            Method: POST
                            Path: /echo
                        Json:
                          Type: HttpApi
                          Properties:
                            Method: GET
                            Path: /json
                """);
        Template loaded = Template.load(template);
        Table table = new Table(() -> {
            throw new AssertionError("the test's routes reached the store");
        }, "t", new Cursors(new byte[32], Clock.systemUTC()));
        HttpApi api = HttpApi.builder(Gate.of(Config.of(Map.of("TABLE_NAME", "t")), table, Clock.systemUTC()),
                        (Op op, com.socialwire.shared.http.ApiRequest r) -> switch (op) {
                            case THUMB -> ApiResponse.bytes(200, "image/png", ALL_BYTES).withHeader("cache-control", "private, max-age=60");
                            case ECHO -> ApiResponse.bytes(200, "application/octet-stream", r.body() == null ? new byte[0] : r.body());
                            case JSON -> ApiResponse.ok(Map.of("text", "é\u2028ok"));
                        })
                .route("GET", "/thumbs/{name}", Access.PUBLIC, Op.THUMB)
                .route("POST", "/echo", Access.PUBLIC, Op.ECHO)
                .route("GET", "/json", Access.PUBLIC, Op.JSON)
                .build();
        gateway = new HttpGateway(new HttpGateway.Functions() {
            @Override
            public Template template() {
                return loaded;
            }

            @Override
            public byte[] invoke(String logicalId, byte[] event) {
                invoked.add(logicalId);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try {
                    api.handle(new ByteArrayInputStream(event), out, null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return out.toByteArray();
            }
        }, null);
        gateway.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void aBinaryBodyReachesTheClientByteForByte() throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri("/thumbs/a.png")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertArrayEquals(ALL_BYTES, r.body(), "every byte value, in order");
        assertEquals("image/png", r.headers().firstValue("content-type").orElse(null));
        assertEquals("private, max-age=60", r.headers().firstValue("cache-control").orElse(null));
        assertEquals(String.valueOf(ALL_BYTES.length), r.headers().firstValue("content-length").orElse(null));
        assertEquals(List.of("ThumbFunction"), invoked);
    }

    @Test
    void binaryBytesSurviveTheRoundTripInBothDirections() throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri("/echo"))
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ALL_BYTES)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertArrayEquals(ALL_BYTES, r.body());
    }

    @Test
    void aTextBodyIsStillSentAsItsUtf8() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/json")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("{\"text\":\"é\u2028ok\"}", r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(null));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}
