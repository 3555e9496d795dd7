package com.socialwire.media.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.media.Media;
import com.socialwire.media.processing.MediaProcessor;
import com.socialwire.shared.Json;
import com.socialwire.shared.jobs.SqsBatch;
import com.socialwire.shared.logging.LambdaLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * An S3 event is read with the streaming parser and answered as plain maps, so the first upload's event does not
     * build the ObjectMapper (~650 classes); the on-failure destination's SQS records go to {@link SqsBatch}.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] raw = input.readAllBytes();
        List<Map<String, String>> records = records(raw);
        if (!records.isEmpty() && "aws:sqs".equals(records.get(0).get("eventSource"))) {
            failures.handle(new ByteArrayInputStream(raw), output, context);
            return;
        }
        Map<String, Object> result;
        LambdaLogging.begin(context);
        try {
            result = handle(records);
        } finally {
            LambdaLogging.end();
        }
        output.write(Json.bytes(result));
    }

    /**
     * The event's {@code Records}, each flattened to its scalar members by dotted path ({@code eventSource},
     * {@code s3.bucket.name}, {@code s3.object.key}, ...; arrays inside a record are skipped).
     */
    static List<Map<String, String>> records(byte[] event) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (JsonParser p = Json.parser(new ByteArrayInputStream(event))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (!name.equals("Records") || t != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY && e != null; e = p.nextToken()) {
                    Map<String, String> record = new HashMap<>();
                    if (e == JsonToken.START_OBJECT) {
                        flatten(p, "", record);
                    } else {
                        p.skipChildren();
                    }
                    out.add(record);
                }
            }
        }
        return out;
    }

    private static void flatten(JsonParser p, String prefix, Map<String, String> into) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix + p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                flatten(p, name + ".", into);
            } else if (t == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (t != JsonToken.VALUE_NULL) {
                into.put(name, p.getText());
            }
        }
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
            processor.giveUp(record.path("s3").path("bucket").path("name").asText(), key(object.path("key").asText()),
                    object.path("eTag").asText(null), reason);
        }
    }

    /** S3 URL-encodes keys in events (a space arrives as '+'). */
    private static String key(String encoded) {
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    /** {@code {"results": [...]}}: each processed object's {@link MediaProcessor.Result}, its members in order. */
    Map<String, Object> handle(List<Map<String, String>> records) {
        List<Object> results = new ArrayList<>();
        RuntimeException failure = null;
        int failed = 0;
        for (Map<String, String> record : records) {
            if (!"aws:s3".equals(record.get("eventSource")) || !record.getOrDefault("eventName", "").startsWith("ObjectCreated")) {
                continue;
            }
            String bucket = record.getOrDefault("s3.bucket.name", "");
            String key = key(record.getOrDefault("s3.object.key", ""));
            try {
                MediaProcessor.Result r = processor.process(bucket, key);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("key", r.key());
                result.put("mediaId", r.mediaId());
                result.put("outcome", r.outcome());
                result.put("detail", r.detail());
                result.put("millis", r.millis());
                results.add(result);
            } catch (RuntimeException e) {
                LOG.error("media object {} could not be processed; the event will be delivered again", key, e);
                failed++;
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw new IllegalStateException(failed + " media object(s) could not be processed", failure);
        }
        return Map.of("results", results);
    }
}
