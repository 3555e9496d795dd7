package com.socialwire.accounts;

import com.socialwire.accounts.handler.AccountsHandler;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** AccountsFunction's wiring builds no AWS client at cold start: DynamoDB comes with the first request that reads. */
class AccountsWiringTest {

    @Test
    void coldStartBuildsNoAwsClient() {
        // the endpoint is not a URI, so building the client throws
        Config config = Config.of(Map.of("TABLE_NAME", "socialwire", "DYNAMODB_ENDPOINT", "no client at cold start",
                "SIGNUP_MODE", "open"));
        assertThrows(IllegalArgumentException.class, () -> new AwsClients(config).dynamoDb(), "the trap is armed");

        assertNotNull(new AccountsHandler(new Accounts(config, Clock.systemUTC())).api());
    }
}
