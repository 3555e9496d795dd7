package com.socialwire.alpha.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.socialwire.shared.Config;

/** Architecture fixture: a handler that reads its configuration itself, as a wiring does. */
public final class ConfigReadingHandler implements RequestHandler<String, String> {

    @Override
    public String handleRequest(String input, Context context) {
        return Config.fromEnvironment().get("ALPHA", "");
    }
}
