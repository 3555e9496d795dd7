package com.socialwire.reports.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.reports.Reports;
import com.socialwire.reports.jobs.ReportWorker;
import com.socialwire.shared.jobs.SqsBatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * ReportWorkerFunction: report jobs from the report queue ({@code {tenantId, type, period, reportId}}), each built,
 * stored and charged once ({@link ReportWorker}). Partial batch responses: a failing job is retried and ends in the DLQ
 * (its report marked failed on the last receive); the others in its batch are not repeated.
 */
public final class ReportWorkerHandler implements RequestStreamHandler {

    private final SqsBatch batch;

    public ReportWorkerHandler() {
        this(Reports.fromEnvironment().reportWorker());
    }

    public ReportWorkerHandler(ReportWorker worker) {
        this.batch = new SqsBatch(new Jobs(worker));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        batch.handle(input, output, context);
    }

    /** One report job: a message without its ids fails (to the DLQ), never silently dropped. */
    private static final class Jobs implements SqsBatch.MessageHandler {
        private final ReportWorker worker;

        Jobs(ReportWorker worker) {
            this.worker = worker;
        }

        @Override
        public void handle(SqsBatch.Message m) {
            JsonNode job = m.json();
            String tenantId = job.path("tenantId").asText("");
            String reportId = job.path("reportId").asText("");
            if (tenantId.isEmpty() || reportId.isEmpty()) {
                throw new IllegalArgumentException("a report job needs tenantId and reportId");
            }
            worker.run(tenantId, reportId, m.lastReceive());
        }
    }
}
