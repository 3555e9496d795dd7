package com.socialwire.shared.providers;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The providers' client against the JDK's own client over the same exchanges with a local server: the same status,
 * body and headers for every method, body publisher and body handler our providers use; timeouts as the JDK's
 * exceptions; the JDK client built only for what {@code HttpURLConnection} cannot send.
 */
class LazyHttpClientTest {

    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // echoes what it got: status from ?status=, a body made of method, path, query, a request header and the request body
        server.createContext("/echo", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            String query = exchange.getRequestURI().getRawQuery();
            int status = query != null && query.startsWith("status=") ? Integer.parseInt(query.substring(7, 10)) : 200;
            String text = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + "?" + query
                    + " x-test=" + exchange.getRequestHeaders().getFirst("x-test")
                    + " type=" + exchange.getRequestHeaders().getFirst("content-type")
                    + " length=" + in.length + " body=" + new String(in, StandardCharsets.UTF_8);
            byte[] out = text.repeat(status == 200 && query != null && query.contains("big") ? 5_000 : 1).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Answer", "a1");
            exchange.getResponseHeaders().add("X-Answer", "a2");
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            if (status == 204 || exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.sendResponseHeaders(status, out.length);
                exchange.getResponseBody().write(out);
            }
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void aRequestIsSentWithoutBuildingTheJdksClientAndItsTlsContext() throws Exception {
        HttpClient client = ProviderHttp.newClient();
        LazyHttpClient lazy = assertInstanceOf(LazyHttpClient.class, client);
        assertEquals(ProviderHttp.CONNECT_TIMEOUT, client.connectTimeout().orElseThrow());

        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/echo/x")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("GET /echo/x?null"), r.body());
        assertFalse(lazy.built(), "the JDK client (and its TLS context) was built for a GET");
        assertEquals(HttpClient.Version.HTTP_1_1, client.version());
        assertEquals(HttpClient.Redirect.NEVER, client.followRedirects());
    }

    @Test
    void whatHttpUrlConnectionCannotSendGoesThroughTheJdksClient() throws Exception {
        LazyHttpClient lazy = assertInstanceOf(LazyHttpClient.class, ProviderHttp.newClient());

        HttpResponse<String> r = lazy.send(HttpRequest.newBuilder(URI.create(base + "/echo/p"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("PATCH /echo/p?null"), r.body());
        assertTrue(r.body().endsWith("body={\"a\":1}"), r.body());
        assertTrue(lazy.built());
    }

    @Test
    void everyExchangeAnswersAsTheJdksClientAnswersIt() throws Exception {
        HttpClient ours = ProviderHttp.newClient();
        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(ProviderHttp.CONNECT_TIMEOUT).build();
        Random random = new Random(20261205);
        List<String> methods = List.of("GET", "POST", "PUT", "DELETE", "HEAD");
        List<Integer> statuses = List.of(200, 201, 204, 400, 401, 404, 429, 500);
        for (int i = 0; i < 300; i++) {
            String method = methods.get(random.nextInt(methods.size()));
            int status = statuses.get(random.nextInt(statuses.size()));
            String query = "status=" + status + (random.nextInt(4) == 0 ? "&big=1" : "") + "&q=" + i;
            String bodyText = random.nextBoolean() ? "" : "caption=" + "héllo ✓ ".repeat(random.nextInt(50)) + i;
            HttpRequest.BodyPublisher body = switch (random.nextInt(3)) {
                case 0 -> HttpRequest.BodyPublishers.ofString(bodyText);
                case 1 -> HttpRequest.BodyPublishers.ofByteArray(bodyText.getBytes(StandardCharsets.UTF_8));
                default -> bodyText.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArrays(List.of(bodyText.substring(0, bodyText.length() / 2).getBytes(StandardCharsets.UTF_8),
                        bodyText.substring(bodyText.length() / 2).getBytes(StandardCharsets.UTF_8)));
            };
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/echo/" + i + "?" + query))
                    .timeout(Duration.ofSeconds(10)).header("x-test", "v" + i).header("Content-Type", "application/x-www-form-urlencoded");
            HttpRequest request = switch (method) {
                case "GET" -> b.GET().build();
                case "DELETE" -> b.DELETE().build();
                case "HEAD" -> b.method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
                default -> b.method(method, body).build();
            };
            String what = "exchange " + i + ": " + method + " " + request.uri();
            switch (random.nextInt(4)) {
                case 0 -> {
                    HttpResponse<String> a = ours.send(request, HttpResponse.BodyHandlers.ofString());
                    HttpResponse<String> e = jdk.send(request, HttpResponse.BodyHandlers.ofString());
                    sameAnswer(what, e, a);
                    assertEquals(e.body(), a.body(), what);
                }
                case 1 -> {
                    HttpResponse<byte[]> a = ours.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    HttpResponse<byte[]> e = jdk.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    sameAnswer(what, e, a);
                    assertArrayEquals(e.body(), a.body(), what);
                }
                case 2 -> {
                    HttpResponse<InputStream> a = ours.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    HttpResponse<InputStream> e = jdk.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    sameAnswer(what, e, a);
                    assertArrayEquals(readInSmallSteps(e.body()), readInSmallSteps(a.body()), what);
                }
                default -> {
                    HttpResponse<Void> a = ours.send(request, HttpResponse.BodyHandlers.discarding());
                    HttpResponse<Void> e = jdk.send(request, HttpResponse.BodyHandlers.discarding());
                    sameAnswer(what, e, a);
                }
            }
        }
    }

    @Test
    void aRefusedPostKeepsThePlatformsErrorBodyThoughHttpUrlConnectionDropsA401sBodyWhenItStreamed() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/echo/v2/post/publish/?status=401"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"post\":1}")).build();

        HttpResponse<String> r = ProviderHttp.newClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(401, r.statusCode());
        assertEquals("POST /echo/v2/post/publish/?status=401 x-test=null type=application/json length=10 body={\"post\":1}", r.body());
    }

    @Test
    void aPostIsNeverSentASecondTimeBehindOurBack() {
        ProviderHttp.newClient(); // loads the client, which configures HttpURLConnection before its first connection
        assertEquals("false", System.getProperty(HttpUrlConnections.RETRY_POST));
    }

    @Test
    void aResponseSlowerThanTheRequestsTimeoutIsAnHttpTimeoutExceptionAsWithTheJdksClient() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/slow")).timeout(Duration.ofMillis(200)).build();
        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        assertThrows(HttpTimeoutException.class, () -> jdk.send(request, HttpResponse.BodyHandlers.ofString()));
        assertThrows(HttpTimeoutException.class, () -> ProviderHttp.newClient().send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static void sameAnswer(String what, HttpResponse<?> expected, HttpResponse<?> actual) {
        assertEquals(expected.statusCode(), actual.statusCode(), what);
        assertEquals(expected.headers().allValues("x-answer"), actual.headers().allValues("X-Answer"), what);
        assertEquals(expected.headers().firstValue("content-type"), actual.headers().firstValue("Content-Type"), what);
        assertEquals(expected.uri(), actual.uri(), what);
    }

    private static byte[] readInSmallSteps(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1000];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
