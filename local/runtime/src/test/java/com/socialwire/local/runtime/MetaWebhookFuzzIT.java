package com.socialwire.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.tenants.TenantRecords;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Fuzzes what Meta posts to {@code /webhooks/meta}: any body, correctly signed (so it reaches the parser), given to
 * MetaWebhookFunction as built by the local runtime on the embedded stores, with Instagram account
 * {@value #ACCOUNT} connected to a tenant. Whatever the body, the answer is 200 or a 4xx, never a 5xx (Meta would
 * retry it for hours). {@code mvn verify} replays the kept inputs in {@code MetaWebhookFuzzITInputs/}; see the README
 * for a real fuzzing session.
 */
class MetaWebhookFuzzIT {

    static final String ACCOUNT = "17841400000000001";
    static LocalEnvironment env;
    static FunctionClient webhook;
    static String secret;

    @BeforeAll
    static void connectAnAccount() {
        env = LocalEnvironment.shared();
        webhook = new FunctionClient(env, "MetaWebhookFunction");
        secret = env.secrets().get("META_APP_SECRET");
        Config config = env.functionConfig("MetaWebhookFunction");
        new AwsClients(config).dynamoDbSdk().putItem(r -> r.tableName(config.require("TABLE_NAME")).item(Map.of(
                "PK", AttributeValue.fromS(TenantRecords.igUserLockKey(ACCOUNT)),
                "SK", AttributeValue.fromS(TenantRecords.IG_USER_LOCK_SK),
                "tenantId", AttributeValue.fromS("t_webhookFuzz"))));
    }

    private static FunctionClient.Response deliver(String body) throws Exception {
        return webhook.call("POST", "/webhooks/meta", Map.of("content-type", "application/json",
                "x-hub-signature-256", LocalApi.sign(body, secret)), body);
    }

    /** Found by this fuzzer in 14,648 runs: Jackson throws NumberFormatException, which the service let through. */
    @Test
    void aDeliveryWithAnExponentPastTheIntRangeIsA400NotA500() throws Exception {
        FunctionClient.Response r = deliver("{\"object\":\"instagram\",\"entry\":[{\"id\":\"" + ACCOUNT
                + "\",\"time\":1e764844800123}]}");
        assertEquals(400, r.status(), r.body());
    }

    @FuzzTest
    void anySignedDeliveryIsAnsweredWithoutA5xx(byte[] input) throws Exception {
        // the function talks to the embedded stores on loopback; Jazzer's SSRF detector may allow those, nothing else
        try (SilentCloseable stores = BugDetectors.allowNetworkConnections(
                (host, port) -> host.equals("localhost") || host.startsWith("127."))) {
            FunctionClient.Response r = deliver(new String(input, java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(r.status() < 500, r.status() + " " + r.body());
        }
    }
}
