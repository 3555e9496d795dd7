package com.socialwire.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The part of the Lambda Runtime API (2018-06-01) a runtime uses for on-demand invocations: next
 * invocation, its response or error, and init error. It serves one invocation at a time — each
 * cold start gets its own {@link Invocation} — and records when the response arrives.
 */
final class RuntimeApiServer implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    /** What a runtime sent back for one invocation. {@code arrivedNanos} is {@link System#nanoTime()} at arrival. */
    sealed interface Outcome {
        long arrivedNanos();
    }

    record Response(long arrivedNanos, String body) implements Outcome {
    }

    record Failure(long arrivedNanos, String kind, String errorType, String body) implements Outcome {
    }

    /** One invocation: handed out to the first {@code next} after {@link #arm}, then awaited by the benchmark. */
    static final class Invocation {
        final String requestId = UUID.randomUUID().toString();
        final String functionName;
        final byte[] event;
        final Duration timeout;
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        private final AtomicBoolean delivered = new AtomicBoolean();
        private final CountDownLatch retired = new CountDownLatch(1);

        private Invocation(String functionName, byte[] event, Duration timeout) {
            this.functionName = functionName;
            this.event = event;
            this.timeout = timeout;
        }

        /** Releases the runtime's follow-up {@code next} long-poll once its process is gone. */
        void retire() {
            retired.countDown();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Invocation current;

    RuntimeApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext(PREFIX, this::dispatch);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Makes {@code event} the next invocation; the previous one must have been retired. */
    Invocation arm(String functionName, byte[] event, Duration timeout) {
        Invocation previous = current;
        if (previous != null) {
            previous.retire();
        }
        Invocation invocation = new Invocation(functionName, event, timeout);
        current = invocation;
        return invocation;
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            Invocation invocation = current;
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange, invocation);
            } else if (method.equals("POST") && path.equals("init/error")) {
                complete(exchange, invocation, new Failure(arrived, "init error", errorType(exchange), body(exchange)));
            } else if (method.equals("POST") && invocation != null && path.equals("invocation/" + invocation.requestId + "/response")) {
                complete(exchange, invocation, new Response(arrived, body(exchange)));
            } else if (method.equals("POST") && invocation != null && path.equals("invocation/" + invocation.requestId + "/error")) {
                complete(exchange, invocation, new Failure(arrived, "invocation error", errorType(exchange), body(exchange)));
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"unknown or stale runtime API request: " + method + " " + path + "\"}");
            }
        }
    }

    private void next(HttpExchange exchange, Invocation invocation) throws IOException {
        if (invocation == null || !invocation.delivered.compareAndSet(false, true)) {
            // A runtime asks again right after responding; Lambda would freeze it here, we hold the
            // long-poll until the benchmark has killed its process and never answer it.
            awaitQuietly(invocation);
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + invocation.timeout.toMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:" + invocation.functionName);
        headers.set("Lambda-Runtime-Trace-Id", traceId());
        exchange.sendResponseHeaders(200, invocation.event.length);
        exchange.getResponseBody().write(invocation.event);
    }

    private static void awaitQuietly(Invocation invocation) {
        if (invocation == null) {
            return;
        }
        try {
            invocation.retired.await(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void complete(HttpExchange exchange, Invocation invocation, Outcome outcome) throws IOException {
        reply(exchange, 202, "{\"status\":\"OK\"}");
        if (invocation != null) {
            invocation.outcome.complete(outcome);
        }
    }

    private static String errorType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        return type == null ? "" : type;
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** An X-Ray trace header as Lambda sends it with active tracing. */
    private static String traceId() {
        var random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        byte[] id = new byte[12];
        byte[] parent = new byte[8];
        random.nextBytes(id);
        random.nextBytes(parent);
        return "Root=1-%08x-%s;Parent=%s;Sampled=1".formatted(System.currentTimeMillis() / 1000, hex.formatHex(id), hex.formatHex(parent));
    }

    @Override
    public void close() {
        Invocation last = current;
        if (last != null) {
            last.retire();
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
