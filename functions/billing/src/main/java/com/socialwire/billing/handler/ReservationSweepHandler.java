package com.socialwire.billing.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.socialwire.billing.Billing;
import com.socialwire.shared.Json;
import com.socialwire.shared.snapstart.Priming;
import com.socialwire.shared.billing.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.socialwire.shared.logging.LambdaLogging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;

/**
 * ReservationSweepFunction (EventBridge schedule): gives back credits held by paid work that
 * never settled — a crashed worker, a job in the DLQ — once their reservation has expired.
 */
public final class ReservationSweepHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ReservationSweepHandler.class);
    private static final int MAX_PER_RUN = 500;

    private final Ledger ledger;
    private final Clock clock;

    public ReservationSweepHandler() {
        this(Billing.fromEnvironment());
        Priming.registerScheduled("reservation sweep");
    }

    private ReservationSweepHandler(Billing b) {
        this(b.ledger(), b.clock());
    }

    public ReservationSweepHandler(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        int expired;
        LambdaLogging.begin(context);
        try {
            expired = ledger.expireReservations(clock.instant(), MAX_PER_RUN);
            LOG.info("reservation sweep: {} expired reservations refunded", expired);
        } finally {
            LambdaLogging.end();
        }
        output.write(Json.bytes(Map.of("expired", expired)));
    }
}
