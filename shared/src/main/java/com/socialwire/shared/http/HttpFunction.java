package com.socialwire.shared.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A Lambda function behind the HTTP API: its routes are its {@link HttpApi}. Exposing them lets
 * the tests check every route against template.yaml and the authorisation rules.
 */
public interface HttpFunction extends RequestStreamHandler {

    HttpApi api();

    @Override
    default void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        api().handle(input, output, context);
    }
}
