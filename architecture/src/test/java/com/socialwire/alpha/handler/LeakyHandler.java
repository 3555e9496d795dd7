package com.socialwire.alpha.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Architecture fixture: a handler that builds its own SDK client. */
public final class LeakyHandler implements RequestHandler<String, String> {

    @Override
    public String handleRequest(String input, Context context) {
        try (DynamoDbClient client = DynamoDbClient.create()) {
            return client.serviceName();
        }
    }
}
