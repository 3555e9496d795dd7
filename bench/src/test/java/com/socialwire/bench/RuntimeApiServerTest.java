package com.socialwire.bench;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local Runtime API as a runtime sees it: one event per invocation, then the response or error. */
class RuntimeApiServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void handsOutTheEventOnceAndRecordsTheResponse() throws Exception {
        try (RuntimeApiServer api = new RuntimeApiServer()) {
            String base = "http://" + api.address() + "/2018-06-01/runtime/";
            RuntimeApiServer.Invocation invocation = api.arm("Fn", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(15));

            HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(base + "invocation/next")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, next.statusCode());
            assertEquals("{\"a\":1}", next.body());
            String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
            assertEquals(invocation.requestId, id);
            assertTrue(Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow()) > System.currentTimeMillis());
            assertEquals("arn:aws:lambda:us-east-1:000000000000:function:Fn",
                    next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn").orElseThrow());
            assertTrue(next.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow().startsWith("Root=1-"));

            // The runtime's follow-up long-poll gets nothing until the invocation is retired.
            CompletableFuture<HttpResponse<String>> again = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "invocation/next")).build(), HttpResponse.BodyHandlers.ofString());

            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "invocation/" + id + "/response"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"statusCode\":200}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, posted.statusCode());
            var response = assertInstanceOf(RuntimeApiServer.Response.class, invocation.outcome.get(5, TimeUnit.SECONDS));
            assertEquals("{\"statusCode\":200}", response.body());

            Thread.sleep(200);
            assertFalse(again.isDone());
            invocation.retire();
            again.handle((r, e) -> null).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void recordsInitAndInvocationErrors() throws Exception {
        try (RuntimeApiServer api = new RuntimeApiServer()) {
            String base = "http://" + api.address() + "/2018-06-01/runtime/";
            RuntimeApiServer.Invocation init = api.arm("Fn", new byte[0], Duration.ofSeconds(15));
            http.send(HttpRequest.newBuilder(URI.create(base + "init/error"))
                    .header("Lambda-Runtime-Function-Error-Type", "Runtime.BadFunctionCode")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"errorMessage\":\"boom\"}")).build(), HttpResponse.BodyHandlers.discarding());
            var failure = assertInstanceOf(RuntimeApiServer.Failure.class, init.outcome.get(5, TimeUnit.SECONDS));
            assertEquals("init error", failure.kind());
            assertEquals("Runtime.BadFunctionCode", failure.errorType());

            RuntimeApiServer.Invocation invocation = api.arm("Fn", new byte[0], Duration.ofSeconds(15));
            http.send(HttpRequest.newBuilder(URI.create(base + "invocation/" + invocation.requestId + "/error"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals("invocation error",
                    assertInstanceOf(RuntimeApiServer.Failure.class, invocation.outcome.get(5, TimeUnit.SECONDS)).kind());

            // A response for a request id that is not the current one is stale: refused, not recorded.
            HttpResponse<Void> stale = http.send(HttpRequest.newBuilder(URI.create(base + "invocation/someone-else/response"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(404, stale.statusCode());
        }
    }
}
