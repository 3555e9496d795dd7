package com.socialwire.engagement.poll;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.socialwire.engagement.Engagement;
import com.socialwire.shared.Json;
import com.socialwire.shared.logging.LambdaLogging;
import com.socialwire.shared.snapstart.Priming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;

/**
 * InboxPollFunction (EventBridge schedule, every 5 minutes): polls the social accounts whose inbox poll is due (X,
 * Bluesky, Mastodon, LinkedIn, YouTube) and queues what is new as comment jobs; stops taking accounts
 * {@link #RESERVE} before the function's timeout (the next run carries on).
 */
public final class InboxPollHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InboxPollHandler.class);
    /** Time kept back from the function's remaining time: an account's poll runs at most its lease. */
    static final Duration RESERVE = InboxPoller.LEASE;

    private final InboxPoller poller;
    private final Clock clock;

    public InboxPollHandler() {
        this(Engagement.fromEnvironment().poller(), Clock.systemUTC());
        Priming.registerScheduled("inbox poll");
    }

    public InboxPollHandler(InboxPoller poller, Clock clock) {
        this.poller = poller;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        long remaining = context == null ? 300_000 : context.getRemainingTimeInMillis();
        InboxPoller.Summary s;
        LambdaLogging.begin(context);
        try {
            s = poller.runDue(clock.instant().plusMillis(Math.max(0, remaining - RESERVE.toMillis())));
            LOG.info("inbox poll: {}", s);
        } finally {
            LambdaLogging.end();
        }
        output.write(Json.bytes(s.body()));
    }
}
