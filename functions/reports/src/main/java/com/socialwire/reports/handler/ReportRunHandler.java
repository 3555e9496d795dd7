package com.socialwire.reports.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.socialwire.reports.Reports;
import com.socialwire.reports.jobs.ReportRun;
import com.socialwire.shared.Json;
import com.socialwire.shared.logging.LambdaLogging;
import com.socialwire.shared.snapstart.Priming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * ReportRunFunction (EventBridge, hourly at minute 0): queues the reports that became due at 07:00 in each active
 * tenant's time zone since the last run, each once per tenant, type and period. The event says only "now": it is read
 * and dropped.
 */
public final class ReportRunHandler implements RequestStreamHandler {

    private final ReportRun run;

    public ReportRunHandler() {
        this(Reports.fromEnvironment().reportRun());
        Priming.registerScheduled("report run");
        if (Priming.active()) {
            Priming.register("report zones", new Zones());
        }
    }

    /** Primes the zones' rules into the snapshot (a class, not a lambda: nothing of it loads on an ordinary start). */
    private static final class Zones implements Priming.Primer {
        @Override
        public void prime() {
            ReportRun.primeZones();
        }
    }

    public ReportRunHandler(ReportRun run) {
        this.run = run;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        Map<String, Object> summary;
        LambdaLogging.begin(context);
        try {
            summary = run.run().toMap();
        } finally {
            LambdaLogging.end();
        }
        output.write(Json.bytes(summary));
    }
}
