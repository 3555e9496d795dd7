package com.socialwire.shared.jobs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.Context;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqsBatchTest {

    @Test
    void reportsOnlyTheMessagesThatFailedAndHandlesEveryOther() throws Exception {
        List<String> handled = new ArrayList<>();
        SqsBatch batch = new SqsBatch(m -> {
            if (m.body().contains("boom")) {
                throw new IllegalStateException("transient");
            }
            handled.add(m.messageId());
        });
        SQSBatchResponse r = batch.process(Json.tree("""
                {"Records":[
                  {"messageId":"m1","body":"{\\"ok\\":1}","attributes":{"ApproximateReceiveCount":"1"}},
                  {"messageId":"m2","body":"boom","attributes":{"ApproximateReceiveCount":"3"}},
                  {"messageId":"m3","body":"{}","attributes":{"ApproximateReceiveCount":"1"}}]}
                """));
        assertEquals(List.of("m1", "m3"), handled);
        assertEquals(List.of("m2"), r.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}", Json.write(SqsBatch.wire(r)));
        assertEquals(Json.mapper().writeValueAsString(r), Json.write(SqsBatch.wire(r))); // as the mapper wrote the SDK's bean
    }

    @Test
    void aSharedBatchsResourceIsMadeOnceForItsMessagesOnEveryThreadAndClosedOnceAfterTheLast() {
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        SqsBatch batch = new SqsBatch(java.time.Duration.ZERO, m -> {
            SqsBatch.Scope scope = SqsBatch.Scope.current().orElseThrow(() -> new IllegalStateException("no scope on " + m.messageId()));
            AutoCloseable pool = scope.resource("pool", () -> {
                made.incrementAndGet();
                return () -> events.add("closed after " + scope.messages() + " messages");
            });
            events.add("used " + System.identityHashCode(pool));
            if (m.body().contains("boom")) {
                throw new IllegalStateException("transient");
            }
        }).inParallel().sharingPerBatch();
        SQSBatchResponse r = batch.process(Json.tree("""
                {"Records":[
                  {"messageId":"m1","body":"{}","attributes":{"ApproximateReceiveCount":"1"}},
                  {"messageId":"m2","body":"boom","attributes":{"ApproximateReceiveCount":"1"}},
                  {"messageId":"m3","body":"{}","attributes":{"ApproximateReceiveCount":"1"}}]}
                """));
        assertEquals(1, made.get(), "one resource for the batch's three messages: " + events);
        assertEquals(4, events.size(), events.toString());
        assertEquals(1, events.stream().distinct().filter(e -> e.startsWith("used")).count(), "the same resource on every thread: " + events);
        assertEquals("closed after 3 messages", events.get(3), "closed once, after the last message: " + events);
        assertEquals(List.of("m2"), r.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals(java.util.Optional.empty(), SqsBatch.Scope.current(), "the scope ends with its batch");
    }

    @Test
    void theMessagesOfOneBatchAreHandledAtOnceSoTheLastDoesNotWaitForTheOthers() {
        // each message waits until all three have started: handled one after another, the first would wait in vain
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(3);
        List<String> handled = java.util.Collections.synchronizedList(new ArrayList<>());
        SqsBatch batch = new SqsBatch(java.time.Duration.ZERO, m -> {
            started.countDown();
            if (!started.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException(m.messageId() + " waited for the rest of its batch, which had not started");
            }
            if (m.body().contains("boom")) {
                throw new IllegalStateException("transient");
            }
            handled.add(m.messageId());
        }).inParallel();
        SQSBatchResponse r = batch.process(Json.tree("""
                {"Records":[
                  {"messageId":"m1","body":"{}","attributes":{"ApproximateReceiveCount":"1"}},
                  {"messageId":"m2","body":"boom","attributes":{"ApproximateReceiveCount":"1"}},
                  {"messageId":"m3","body":"{}","attributes":{"ApproximateReceiveCount":"1"}}]}
                """));
        assertEquals(List.of("m2"), r.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList(),
                "only the message that failed is reported");
        assertEquals(java.util.Set.of("m1", "m3"), java.util.Set.copyOf(handled));
    }

    @Test
    void aBatchStopsTakingMessagesWhenTheTimeLeftCannotCoverOneMoreAndReportsTheUntriedAsFailures() throws Exception {
        AtomicLong remaining = new AtomicLong(95_000); // what the Lambda context says is left, in ms
        List<String> handled = new ArrayList<>();
        SqsBatch batch = Config.withOverlay(Map.of(SqsBatch.BUDGET_VARIABLE, "40000"), () -> new SqsBatch(m -> {
            handled.add(m.messageId());
            remaining.addAndGet(-30_000); // each message takes 30 s of the invocation
        }));
        Context context = (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[]{Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> (int) remaining.get();
                    case "getMemoryLimitInMB" -> 1024;
                    case "getFunctionName" -> "ContentWorkerFunction";
                    case "getAwsRequestId" -> "req-1";
                    case "toString" -> "context";
                    case "hashCode" -> 1;
                    case "equals" -> false;
                    default -> null;
                });
        StringBuilder records = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            records.append(i > 1 ? "," : "").append("{\"messageId\":\"m").append(i).append("\",\"body\":\"{}\",")
                    .append("\"attributes\":{\"ApproximateReceiveCount\":\"1\"}}");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        batch.handle(new ByteArrayInputStream(("{\"Records\":[" + records + "]}").getBytes(StandardCharsets.UTF_8)), out, context);
        assertEquals(List.of("m1", "m2"), handled, "95 s left, 30 s a message: after two, 35 s cannot cover a budget of 40 s");
        assertEquals("{\"batchItemFailures\":[{\"itemIdentifier\":\"m3\"},{\"itemIdentifier\":\"m4\"},{\"itemIdentifier\":\"m5\"}]}",
                out.toString(StandardCharsets.UTF_8), "the untried ones go back to SQS, to be handed out again");
    }
}
