package com.socialwire.alpha.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.socialwire.alpha.Alpha;
import com.socialwire.alpha.Clean;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Architecture fixture: a handler that takes its service from its module's wiring and only routes. */
public final class WiredHandler implements RequestStreamHandler {

    private final Clean service;

    public WiredHandler() {
        this(Alpha.fromEnvironment());
    }

    WiredHandler(Alpha wiring) {
        this.service = wiring.service();
    }

    private record Reply(String text) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try {
            output.write(new Reply(service.render()).text().getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new ApiException(ErrorCode.INTERNAL_ERROR, "write failed");
        }
    }
}
