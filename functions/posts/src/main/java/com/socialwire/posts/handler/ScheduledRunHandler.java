package com.socialwire.posts.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.socialwire.shared.Json;
import com.socialwire.shared.logging.LambdaLogging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * An EventBridge-scheduled function of the posts context (the publish run, the feed run): the event says only "now",
 * so it is read and dropped; one run, logged with the invocation's context; its report answered as JSON. Public: the
 * Lambda runtime calls handleRequest by reflection from its own package, and a method of a non-public type fails there.
 */
public interface ScheduledRunHandler extends RequestStreamHandler {

    /** One run and what it did. */
    Map<String, Object> runOnce();

    @Override
    default void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        Map<String, Object> report;
        LambdaLogging.begin(context);
        try {
            report = runOnce();
        } finally {
            LambdaLogging.end();
        }
        output.write(Json.bytes(report));
    }
}
