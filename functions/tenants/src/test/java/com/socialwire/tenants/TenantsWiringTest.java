package com.socialwire.tenants;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.providers.instagram.GraphApis;
import com.socialwire.tenants.handler.TenantsHandler;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * TenantsFunction's wiring builds no client at cold start: DynamoDB comes with the first read, KMS with the first
 * token sealed or opened, the Graph API with the first token to prove.
 */
class TenantsWiringTest {

    @Test
    void coldStartBuildsNoClient() {
        // neither endpoint is a URI and the Graph timeout is refused, so building any of the three clients throws
        Config config = Config.of(Map.of("TABLE_NAME", "socialwire", "DYNAMODB_ENDPOINT", "no client at cold start",
                "KMS_ENDPOINT", "no client at cold start", "KMS_KEY_ID", "alias/socialwire", "GRAPH_API_TIMEOUT_MS", "0"));
        assertThrows(IllegalArgumentException.class, () -> new AwsClients(config).dynamoDb(), "the trap is armed");
        assertThrows(IllegalArgumentException.class, () -> new AwsClients(config).kms(), "the trap is armed");
        assertThrows(IllegalStateException.class, () -> GraphApis.fromConfig(config), "the trap is armed");

        assertNotNull(new TenantsHandler(new Tenants(config, Clock.systemUTC())).api());
    }
}
