package com.socialwire.shared.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import com.socialwire.shared.logging.LambdaLogging;
import com.socialwire.shared.snapstart.Priming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * Partial batch responses for SQS workers (Powertools' batch module is not available here): each
 * message is handled on its own; the ids of those that throw are reported in
 * {@code batchItemFailures}, so SQS redelivers only them and, after maxReceiveCount, moves them to
 * the DLQ. Nothing else in the batch is lost or repeated. Needs {@code ReportBatchItemFailures} on
 * the event source, which the template tests enforce.
 *
 * <p>A queue's messages each get a time budget ({@code JOB_BUDGET_MS} of the function, set in
 * template.yaml to cover the worst case of one message: its provider timeouts added up): a message
 * is started only while the invocation's remaining time covers that budget. The rest of the batch
 * is reported as failures untried, so SQS hands it out again instead of the Lambda timeout killing
 * the invocation mid-message (which would fail the whole batch, done messages included, and leave
 * holds and half-done work behind).
 *
 * <p>{@link #inParallel()}: a worker whose messages are independent and mostly wait on I/O (a comment
 * reply: DynamoDB, the LLM, the Graph API) handles its batch's messages at once, each on a virtual
 * thread, as Powertools' {@code processBatchInParallel} does — otherwise the last message of a batch
 * waits for all before it (measured: a batch of 3 comments added up to two replies' time to the last).
 * Started together, the batch needs one message's budget, not one per message.
 */
public final class SqsBatch {

    private static final Logger LOG = LoggerFactory.getLogger(SqsBatch.class);

    /** The environment variable with the queue's budget per message, in milliseconds (0 or absent: no budget). */
    public static final String BUDGET_VARIABLE = "JOB_BUDGET_MS";

    /** Handles one message body; throwing marks the message failed. */
    @FunctionalInterface
    public interface MessageHandler {
        void handle(Message message) throws Exception;
    }

    /** Receives before SQS moves a message to its DLQ: every job queue's maxReceiveCount in template.yaml (TemplateTest checks). */
    public static final int MAX_RECEIVES = 5;

    /** The parts of an SQS record a worker uses. */
    public record Message(String messageId, String body, int receiveCount, String queueArn) {
        public JsonNode json() {
            return Json.tree(body);
        }

        /** True on the last receive before the DLQ: a job that would retry later must end now, with its reason. */
        public boolean lastReceive() {
            return receiveCount >= MAX_RECEIVES;
        }
    }

    private final MessageHandler handler;
    private final Duration perMessage;
    private final boolean parallel;

    /** A batch whose budget per message is the function's {@value #BUDGET_VARIABLE}. */
    public SqsBatch(MessageHandler handler) {
        this(Duration.ofMillis(Math.max(0, Config.fromEnvironment().getLong(BUDGET_VARIABLE, 0))), handler);
    }

    public SqsBatch(Duration perMessage, MessageHandler handler) {
        this(perMessage, handler, false);
    }

    private SqsBatch(Duration perMessage, MessageHandler handler, boolean parallel) {
        this.handler = handler;
        this.perMessage = perMessage;
        this.parallel = parallel;
        Priming.register("SQS batch", this::prime);
    }

    /** This batch with its messages handled at once (each must not depend on another of the batch). */
    public SqsBatch inParallel() {
        return new SqsBatch(perMessage, handler, true);
    }

    /** SnapStart priming ({@link Priming}): an empty batch through the Lambda entry (parsing, logging, the batch response); no message, no store. */
    byte[] prime() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        handle(new java.io.ByteArrayInputStream("{\"Records\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), out, null);
        return out.toByteArray();
    }

    public void handle(InputStream in, OutputStream out, Context context) throws IOException {
        JsonNode event = Json.tree(in);
        LongSupplier remaining = context == null ? () -> Long.MAX_VALUE : () -> context.getRemainingTimeInMillis();
        SQSBatchResponse response = LambdaLogging.withLogging(context, () -> process(event, remaining));
        out.write(Json.bytes(wire(response)));
    }

    /** The batch response as Lambda reads it (and as the mapper wrote the SDK's bean): {"batchItemFailures":[{"itemIdentifier":…}]}. */
    static Map<String, Object> wire(SQSBatchResponse response) {
        List<Map<String, Object>> failures = new ArrayList<>();
        for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
            Map<String, Object> failure = new java.util.LinkedHashMap<>();
            failure.put("itemIdentifier", f.getItemIdentifier());
            failures.add(failure);
        }
        return Map.of("batchItemFailures", failures);
    }

    /** Every message, however long it takes (no deadline). */
    public SQSBatchResponse process(JsonNode event) {
        return process(event, () -> Long.MAX_VALUE);
    }

    /** Starts each message only while {@code remainingMillis} covers the budget of one more; the rest are failures, untried. */
    public SQSBatchResponse process(JsonNode event, LongSupplier remainingMillis) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        int untried = 0;
        List<Future<Boolean>> running = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (ExecutorService threads = parallel ? Executors.newVirtualThreadPerTaskExecutor() : null) {
            for (JsonNode record : event.path("Records")) {
                String id = record.path("messageId").asText();
                if (untried > 0 || remainingMillis.getAsLong() < perMessage.toMillis()) {
                    untried++;
                    failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build());
                    continue;
                }
                Message message = new Message(id, record.path("body").asText(),
                        record.path("attributes").path("ApproximateReceiveCount").asInt(1),
                        record.path("eventSourceARN").asText());
                if (threads == null) {
                    if (!handled(message)) {
                        failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build());
                    }
                } else {
                    ids.add(id);
                    Map<String, String> logContext = MDC.getCopyOfContextMap(); // the request id and cold-start flag, on each thread
                    running.add(threads.submit(() -> {
                        if (logContext != null) {
                            MDC.setContextMap(logContext);
                        }
                        try {
                            return handled(message);
                        } finally {
                            MDC.clear();
                        }
                    }));
                }
            }
            for (int i = 0; i < running.size(); i++) {
                if (!running.get(i).get()) {
                    failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(ids.get(i)).build());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a batch ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a message's handler escaped its own catch", e);
        }
        if (untried > 0) {
            LOG.warn("{} messages left untried for SQS to hand out again: the time left could not cover {} ms more",
                    untried, perMessage.toMillis());
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** Handles one message; false if it failed (it is logged with its id). */
    private boolean handled(Message message) {
        MDC.put("correlation_id", message.messageId());
        try {
            handler.handle(message);
            return true;
        } catch (Exception e) {
            LOG.warn("message {} failed (receive {}): {}", message.messageId(), message.receiveCount(), e.toString());
            return false;
        } finally {
            MDC.remove("correlation_id");
        }
    }
}
