package com.socialwire.posts.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.socialwire.posts.Posts;
import com.socialwire.posts.publish.PublishRun;
import com.socialwire.shared.Json;
import com.socialwire.shared.snapstart.Priming;
import com.socialwire.shared.logging.LambdaLogging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * PublishRunFunction (EventBridge, every minute): claims the due scheduled posts and queues their
 * publish jobs, then re-drives posts stuck in publishing. Two runs at once publish nothing twice.
 */
public final class PublishRunHandler implements RequestStreamHandler {

    private final PublishRun run;

    public PublishRunHandler() {
        this(Posts.fromEnvironment().publishRun());
        Priming.registerScheduled("publish run");
    }

    public PublishRunHandler(PublishRun run) {
        this.run = run;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        PublishRun.Report report;
        LambdaLogging.begin(context);
        try {
            report = run.run();
        } finally {
            LambdaLogging.end();
        }
        output.write(Json.bytes(report.toMap()));
    }
}
