package com.socialwire.engagement.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.socialwire.engagement.Engagement;
import com.socialwire.engagement.model.Jobs.CommentJob;
import com.socialwire.shared.Json;
import com.socialwire.shared.jobs.SqsBatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** CommentWorkerFunction: comment jobs from the comments queue, with partial batch responses. */
public final class CommentWorkerHandler implements RequestStreamHandler {

    private final SqsBatch batch;

    public CommentWorkerHandler() {
        this(Engagement.fromEnvironment().worker());
    }

    public CommentWorkerHandler(EngagementService service) {
        // comments are independent and wait on I/O: a batch's last comment need not wait for the others
        // and share one credit hold per account and one LLM budget hold per tenant, settled once at the batch's end
        this.batch = new SqsBatch(m -> service.handleComment(Json.read(m.body(), CommentJob.class))).inParallel().sharingPerBatch();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        BatchProfiles.within(() -> batch.handle(input, output, context));
    }
}
