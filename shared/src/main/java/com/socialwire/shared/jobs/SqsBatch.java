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

    /** A batch whose budget per message is the function's {@value #BUDGET_VARIABLE}. */
    public SqsBatch(MessageHandler handler) {
        this(Duration.ofMillis(Math.max(0, Config.fromEnvironment().getLong(BUDGET_VARIABLE, 0))), handler);
    }

    public SqsBatch(Duration perMessage, MessageHandler handler) {
        this.handler = handler;
        this.perMessage = perMessage;
        Priming.register("SQS batch", this::prime);
    }

    /** SnapStart priming ({@link Priming}): an empty batch through the Lambda entry (parsing, logging, the batch response); no message, no store. */
    byte[] prime() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        handle(new java.io.ByteArrayInputStream("{\"Records\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), out, null);
        return out.toByteArray();
    }

    public void handle(InputStream in, OutputStream out, Context context) throws IOException {
        JsonNode event = Json.mapper().readTree(in);
        LongSupplier remaining = context == null ? () -> Long.MAX_VALUE : () -> context.getRemainingTimeInMillis();
        SQSBatchResponse response = LambdaLogging.withLogging(context, () -> process(event, remaining));
        out.write(Json.bytes(response));
    }

    /** Every message, however long it takes (no deadline). */
    public SQSBatchResponse process(JsonNode event) {
        return process(event, () -> Long.MAX_VALUE);
    }

    /** Starts each message only while {@code remainingMillis} covers the budget of one more; the rest are failures, untried. */
    public SQSBatchResponse process(JsonNode event, LongSupplier remainingMillis) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        int untried = 0;
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
            MDC.put("correlation_id", id);
            try {
                handler.handle(message);
            } catch (Exception e) {
                LOG.warn("message {} failed (receive {}): {}", id, message.receiveCount(), e.toString());
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build());
            } finally {
                MDC.remove("correlation_id");
            }
        }
        if (untried > 0) {
            LOG.warn("{} messages left untried for SQS to hand out again: the time left could not cover {} ms more",
                    untried, perMessage.toMillis());
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
