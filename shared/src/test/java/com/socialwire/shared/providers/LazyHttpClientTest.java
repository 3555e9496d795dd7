package com.socialwire.shared.providers;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LazyHttpClientTest {

    @Test
    void aProviderClientIsBuiltOnItsFirstRequestNotWithTheHandler() throws Exception {
        HttpClient client = ProviderHttp.newClient();
        LazyHttpClient lazy = assertInstanceOf(LazyHttpClient.class, client);
        assertEquals(ProviderHttp.CONNECT_TIMEOUT, client.connectTimeout().orElseThrow());
        assertFalse(lazy.built(), "the JDK client (and its TLS context) was built before any request");

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("ok", r.body());
            assertTrue(lazy.built());
            assertEquals(HttpClient.Version.HTTP_1_1, client.version());
            assertEquals(HttpClient.Redirect.NEVER, client.followRedirects());
        } finally {
            server.stop(0);
        }
    }
}
