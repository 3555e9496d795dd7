package com.socialwire.media.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.media.Media;
import com.socialwire.media.processing.MediaProcessor;
import com.socialwire.shared.Json;
import com.socialwire.shared.jobs.SqsBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.socialwire.shared.logging.LambdaLogging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * MediaProcessorFunction (S3 {@code s3:ObjectCreated:*} on the media bucket, prefix {@code media/}):
 * verifies, measures and thumbnails each uploaded object. If any record could not be processed
 * (S3 or DynamoDB unavailable) the invocation fails after the others are done, and Lambda's
 * asynchronous retries deliver the event again; processing is idempotent, so the records that
 * succeeded are no-ops the second time. A file that is not what was declared is not a failure of
 * the function: its item becomes {@code failed}.
 *
 * <p>An event that fails every attempt goes to the function's on-failure destination, an SQS queue
 * this same function consumes: each such invocation record's objects end {@code failed} with the
 * reason (see {@link MediaProcessor#giveUp}); a record that cannot be settled either is retried by
 * SQS and then kept in that queue's DLQ.
 */
public final class MediaProcessorHandler implements RequestStreamHandler {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Logger LOG = LoggerFactory.getLogger(MediaProcessorHandler.class);

    private final MediaProcessor processor;
    private final SqsBatch failures;

    public MediaProcessorHandler() {
        this(Media.fromEnvironment().processor());
    }

    public MediaProcessorHandler(MediaProcessor processor) {
        this.processor = processor;
        this.failures = new SqsBatch(m -> giveUp(m.json()));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] raw = input.readAllBytes();
        JsonNode event = Json.tree(raw);
        if ("aws:sqs".equals(event.path("Records").path(0).path("eventSource").asText())) {
            failures.handle(new ByteArrayInputStream(raw), output, context);
            return;
        }
        ObjectNode result = LambdaLogging.withLogging(context, () -> handle(event));
        output.write(Json.bytes(result));
    }

    /**
     * One record of Lambda's on-failure destination: {@code requestPayload} is the S3 event that
     * failed, {@code requestContext} says how often and why. Provider and stack text stays in the
     * logs; the item gets a plain reason.
     */
    void giveUp(JsonNode invocationRecord) {
        JsonNode context = invocationRecord.path("requestContext");
        String reason = "EventAgeExceeded".equals(context.path("condition").asText())
                ? "the upload could not be processed before its S3 event expired; upload it again"
                : "the upload could not be processed in " + Math.max(1, context.path("approximateInvokeCount").asInt(1))
                + " attempts; upload it again";
        LOG.warn("media event given up ({}): {}", context.path("condition").asText(),
                invocationRecord.path("responsePayload").path("errorMessage").asText());
        for (JsonNode record : invocationRecord.path("requestPayload").path("Records")) {
            if (!"aws:s3".equals(record.path("eventSource").asText())) {
                continue;
            }
            JsonNode object = record.path("s3").path("object");
            processor.giveUp(record.path("s3").path("bucket").path("name").asText(), key(record),
                    object.path("eTag").asText(null), reason);
        }
    }

    /** S3 URL-encodes keys in events (a space arrives as '+'). */
    private static String key(JsonNode record) {
        return URLDecoder.decode(record.path("s3").path("object").path("key").asText(), StandardCharsets.UTF_8);
    }

    ObjectNode handle(JsonNode event) {
        ObjectNode out = Json.object();
        ArrayNode results = out.putArray("results");
        RuntimeException failure = null;
        int failed = 0;
        for (JsonNode record : event.path("Records")) {
            if (!"aws:s3".equals(record.path("eventSource").asText()) || !record.path("eventName").asText().startsWith("ObjectCreated")) {
                continue;
            }
            String bucket = record.path("s3").path("bucket").path("name").asText();
            String key = key(record);
            try {
                results.addPOJO(processor.process(bucket, key));
            } catch (RuntimeException e) {
                LOG.error("media object {} could not be processed; the event will be delivered again", key, e);
                failed++;
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw new IllegalStateException(failed + " media object(s) could not be processed", failure);
        }
        return out;
    }
}
