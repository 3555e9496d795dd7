package com.socialwire.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.HttpApiEvents;
import com.socialwire.local.stores.Invoker;
import com.socialwire.local.stores.LocalContext;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * SystemFunction's wiring builds no AWS client at cold start, nor for the health check: with every endpoint
 * unusable (building any client throws), the handler is built and {@code /health} answers.
 */
class SystemWiringTest {

    /** Every AWS endpoint is not a URI, so building any client throws. */
    static final Config NO_CLIENT_CAN_BE_BUILT = Config.of(Map.of("TABLE_NAME", "socialwire",
            "DYNAMODB_ENDPOINT", "no client at cold start", "SQS_ENDPOINT", "no client at cold start",
            "SERVICE_VERSION", "1.2.3"));

    @Test
    void healthCheckBuildsNoAwsClient() {
        assertThrows(IllegalArgumentException.class, () -> new AwsClients(NO_CLIENT_CAN_BE_BUILT).dynamoDb(), "the trap is armed");
        assertThrows(IllegalArgumentException.class, () -> new AwsClients(NO_CLIENT_CAN_BE_BUILT).sqs(), "the trap is armed");
        Clock clock = Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);

        SystemHandler handler = new SystemHandler(new SystemWiring(NO_CLIENT_CAN_BE_BUILT, clock));
        JsonNode r = Invoker.invokeJson(handler, HttpApiEvents.event("GET", "/health", Map.of(), null),
                new LocalContext("SystemFunction", 512, 10));

        assertEquals(200, r.path("statusCode").asInt(), r.toString());
        JsonNode body = Json.tree(r.path("body").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("ok", body.path("status").asText());
        assertEquals("socialwire", body.path("service").asText());
        assertEquals("1.2.3", body.path("version").asText());
        assertEquals("2030-01-02T03:04:05Z", body.path("timestamp").asText());
    }
}
