package com.socialwire.bench.hello;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The cold-start baseline: the least a Java function can do behind an HTTP API. It consumes the
 * event and answers a payload-2.0 response without any library, so its cold start is the JVM plus
 * the runtime interface client and nothing of ours.
 */
public final class HelloHandler implements RequestStreamHandler {

    private static final byte[] RESPONSE = """
            {"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\\"hello\\":\\"world\\"}"}"""
            .getBytes(StandardCharsets.UTF_8);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.transferTo(OutputStream.nullOutputStream());
        output.write(RESPONSE);
    }
}
