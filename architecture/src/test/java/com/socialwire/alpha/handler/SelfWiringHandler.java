package com.socialwire.alpha.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.socialwire.alpha.Clean;

/** Architecture fixture: a handler that builds the service it calls instead of taking it from its module's wiring. */
public final class SelfWiringHandler implements RequestHandler<String, String> {

    private final Clean service = new Clean();

    @Override
    public String handleRequest(String input, Context context) {
        return service.render();
    }
}
