package com.socialwire.local.stores;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Invokes a handler the way Lambda's runtime does: event bytes in, response bytes out, with a context. */
public final class Invoker {

    private Invoker() {
    }

    public static byte[] invoke(Object handler, byte[] event, LocalContext context) {
        if (!(handler instanceof RequestStreamHandler h)) {
            throw new IllegalStateException(handler.getClass().getName() + " must implement RequestStreamHandler");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            h.handleRequest(new ByteArrayInputStream(event), out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static JsonNode invokeJson(Object handler, JsonNode event, LocalContext context) {
        byte[] out = invoke(handler, Json.bytes(event), context);
        return out.length == 0 ? Json.mapper().nullNode() : Json.tree(out);
    }
}
