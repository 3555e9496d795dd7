package com.socialwire.shared.aws;

import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A local HTTP stub of an AWS JSON-protocol service for the lean clients' unit tests: answers the queued replies in
 * order (then {@code 200 {}}), records each request's headers and body, and an observer records what each call ended in.
 */
final class AwsStub implements AutoCloseable {

    record Reply(int status, String body, Map<String, String> headers) {
    }

    record Seen(Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAKEY", "secret", "session+token/="));

    private final HttpServer server;
    private final ConcurrentLinkedDeque<Reply> replies = new ConcurrentLinkedDeque<>();
    final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    final List<String> heard = Collections.synchronizedList(new ArrayList<>());

    AwsStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            seen.add(new Seen(headers, new String(in, StandardCharsets.UTF_8)));
            Reply r = replies.isEmpty() ? new Reply(200, "{}", Map.of()) : replies.poll();
            byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
            r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("x-amzn-RequestId", "REQ" + seen.size());
            exchange.sendResponseHeaders(r.status(), out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void reply(int status, String body, String... headerPairs) {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            h.put(headerPairs[i], headerPairs[i + 1]);
        }
        replies.add(new Reply(status, body, h));
    }

    /** Records "service operation ok|failed Exception key" for each call. */
    AwsCallObserver observer() {
        return new AwsCallObserver() {
            @Override
            public void succeeded(String service, String operation, SdkRequest request, SdkResponse response, String accessKeyId) {
                heard.add(service + " " + operation + " ok " + accessKeyId);
            }

            @Override
            public void failed(String service, String operation, SdkRequest request, Throwable error, String accessKeyId) {
                heard.add(service + " " + operation + " failed " + error.getClass().getSimpleName() + " " + accessKeyId);
            }
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
