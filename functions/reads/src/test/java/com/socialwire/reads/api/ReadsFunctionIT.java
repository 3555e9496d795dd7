package com.socialwire.reads.api;

import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ReadsFunction as deployed: built by its no-arg constructor from its template.yaml environment. */
class ReadsFunctionIT {

    static LocalEnvironment env;
    static DynamoLedger ledger;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.shared();
        Config config = env.functionConfig("ReadsFunction");
        ledger = new DynamoLedger(new Table(new AwsClients(config)::dynamoDb, config.require("TABLE_NAME")), Clock.systemUTC());
    }

    /** The template's default ReadProviderBaseUrl is empty: such a deployment must answer a sanitized 503, not a 500. */
    @Test
    void withoutAReadProviderConfiguredAReadIs503NotA500() {
        FunctionClient reads = new FunctionClient(env, "ReadsFunction", Map.of("READ_PROVIDER_BASE_URL", ""));
        TestKeys.Key key = TestKeys.newAccount(env);
        ledger.grant(key.accountId(), 100_000, "grant-" + key.accountId(), Ledger.Category.PROMOTIONAL, "test");

        FunctionClient.Response r = reads.call("GET", "/v1/instagram/post?url=https%3A%2F%2Fwww.instagram.com%2Fp%2FBSKplJUDPPE%2F", key.raw(), null);

        assertEquals(503, r.status(), r.body());
        assertEquals("PROVIDER_UNAVAILABLE", r.json().path("error").path("code").asText());
        assertEquals(100_000, ledger.balance(key.accountId()).availableMicroCredits(), "nothing charged");
        assertEquals(0, ledger.balance(key.accountId()).reservedMicroCredits());
    }
}
