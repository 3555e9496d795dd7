package com.socialwire.social.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.socialwire.shared.Json;
import com.socialwire.shared.logging.LambdaLogging;
import com.socialwire.shared.social.TokenCare.CareOutcome;
import com.socialwire.shared.snapstart.Priming;
import com.socialwire.social.Social;
import com.socialwire.social.service.TokenCareSweep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TokenCareFunction (EventBridge schedule, hourly): refreshes the social accounts' grants ahead of need, so an account
 * nobody posted to for weeks still works (a long-lived LinkedIn, Threads, Instagram or Pinterest token before it ends;
 * a rotating refresh chain before it dies unused), and marks those the platform refused {@code reconnect_required},
 * which tenant health shows.
 */
public final class TokenCareHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TokenCareHandler.class);

    private final TokenCareSweep sweep;

    public TokenCareHandler() {
        this(Social.fromEnvironment().tokenCareSweep());
        Priming.registerScheduled("token care");
    }

    public TokenCareHandler(TokenCareSweep sweep) {
        this.sweep = sweep;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        TokenCareSweep.Summary s;
        LambdaLogging.begin(context);
        try {
            s = sweep.run();
            LOG.info("token care: {} (errors {}, budget spent {})", s.outcomes(), s.errors(), s.budgetSpent());
        } finally {
            LambdaLogging.end();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<CareOutcome, Integer> o : s.outcomes().entrySet()) {
            out.put(o.getKey().name().toLowerCase(java.util.Locale.ROOT), o.getValue());
        }
        out.put("errors", s.errors());
        out.put("budgetSpent", s.budgetSpent());
        output.write(Json.bytes(out));
    }
}
