package com.socialwire.social;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.social.Connectors;
import com.socialwire.social.handler.SocialHandler;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SocialFunction's wiring builds no client at cold start: DynamoDB comes with the first read, KMS with the first
 * token sealed or opened, a platform's connector with the first connect to that platform.
 */
class SocialWiringTest {

    @Test
    void coldStartBuildsNoClientAndNoConnector() {
        Config config = Config.of(Map.of("TABLE_NAME", "socialwire", "DYNAMODB_ENDPOINT", "no client at cold start",
                "KMS_ENDPOINT", "no client at cold start", "KMS_KEY_ID", "alias/socialwire"));
        assertThrows(IllegalArgumentException.class, () -> new AwsClients(config).dynamoDb(), "the trap is armed");
        assertThrows(IllegalArgumentException.class, () -> new AwsClients(config).kms(), "the trap is armed");
        Map<String, Connectors.Factory> trap = Map.of("linkedin", client -> {
            throw new IllegalStateException("a connector built at cold start");
        });
        assertNotNull(new SocialHandler(new Social(config, Clock.systemUTC(), Connectors.fromConfig(config, trap))).api());
    }

    @Test
    void aPlatformWithoutItsClientIsNotConfigured() {
        Config config = Config.of(Map.of("LINKEDIN_CLIENT_ID", "id-1"));
        Connectors.Factory needsBoth = c -> c.clientId() == null || c.clientSecret() == null ? Optional.empty()
                : Optional.of(new HttpTestPlatform(c.platform(), com.socialwire.shared.social.Connector.Method.OAUTH2, "http://x", false));
        Connectors connectors = Connectors.fromConfig(config, Map.of("linkedin", needsBoth, "twitter", needsBoth));
        assertTrue(connectors.find("linkedin").isEmpty(), "a client id without its secret");
        Connectors configured = Connectors.fromConfig(config.with("LINKEDIN_CLIENT_SECRET", "s"), Map.of("linkedin", needsBoth));
        assertTrue(configured.find("linkedin").isPresent());
        assertTrue(configured.find("twitter").isEmpty());
        assertTrue(Connectors.canonical("X").equals("twitter") && Connectors.canonical("myspace") == null);
        assertTrue(new Connectors.Client("linkedin", "id", "very-secret", config).toString().contains("[redacted]"));
    }
}
