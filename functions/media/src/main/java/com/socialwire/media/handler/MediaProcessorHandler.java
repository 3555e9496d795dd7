package com.socialwire.media.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.media.Media;
import com.socialwire.media.processing.MediaProcessor;
import com.socialwire.shared.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

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
 */
public final class MediaProcessorHandler implements RequestStreamHandler {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Logger LOG = LoggerFactory.getLogger(MediaProcessorHandler.class);

    private final MediaProcessor processor;

    public MediaProcessorHandler() {
        this(Media.fromEnvironment().processor());
    }

    public MediaProcessorHandler(MediaProcessor processor) {
        this.processor = processor;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.mapper().readTree(input);
        ObjectNode result = PowertoolsLogging.withLogging(context, () -> handle(event));
        output.write(Json.bytes(result));
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
            // S3 URL-encodes keys in events (a space arrives as '+')
            String key = URLDecoder.decode(record.path("s3").path("object").path("key").asText(), StandardCharsets.UTF_8);
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
