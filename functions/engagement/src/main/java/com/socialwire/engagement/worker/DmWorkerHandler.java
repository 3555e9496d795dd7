package com.socialwire.engagement.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.socialwire.engagement.Engagement;
import com.socialwire.engagement.model.Jobs.DmJob;
import com.socialwire.shared.Json;
import com.socialwire.shared.jobs.SqsBatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** DmWorkerFunction: DM jobs from the DMs queue, with partial batch responses. */
public final class DmWorkerHandler implements RequestStreamHandler {

    private final SqsBatch batch;

    public DmWorkerHandler() {
        this(Engagement.fromEnvironment().worker());
    }

    public DmWorkerHandler(EngagementService service) {
        // one credit hold per account and one LLM budget hold per tenant for the batch, settled once at its end
        this.batch = new SqsBatch(m -> service.handleDm(Json.read(m.body(), DmJob.class))).sharingPerBatch();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        BatchProfiles.within(() -> batch.handle(input, output, context));
    }
}
