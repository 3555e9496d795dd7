package com.socialwire.shared.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Partial batch responses for SQS workers (Powertools' batch module is not available here): each
 * message is handled on its own; the ids of those that throw are reported in
 * {@code batchItemFailures}, so SQS redelivers only them and, after maxReceiveCount, moves them to
 * the DLQ. Nothing else in the batch is lost or repeated. Needs {@code ReportBatchItemFailures} on
 * the event source, which the template tests enforce.
 */
public final class SqsBatch {

    private static final Logger LOG = LoggerFactory.getLogger(SqsBatch.class);

    /** Handles one message body; throwing marks the message failed. */
    @FunctionalInterface
    public interface MessageHandler {
        void handle(Message message) throws Exception;
    }

    /** The parts of an SQS record a worker uses. */
    public record Message(String messageId, String body, int receiveCount, String queueArn) {
        public JsonNode json() {
            return Json.tree(body);
        }
    }

    private final MessageHandler handler;

    public SqsBatch(MessageHandler handler) {
        this.handler = handler;
    }

    public void handle(InputStream in, OutputStream out, Context context) throws IOException {
        JsonNode event = Json.mapper().readTree(in);
        SQSBatchResponse response = PowertoolsLogging.withLogging(context, () -> process(event));
        out.write(Json.bytes(response));
    }

    public SQSBatchResponse process(JsonNode event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            String id = record.path("messageId").asText();
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
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
