package com.socialwire.bench;

import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.LocalStores;
import com.socialwire.shared.aws.AwsClients;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class AwsCallMeterIT {

    @Test
    void anyClientAFunctionBuildsIsMeteredUnderTheFunctionWithItsCapacityUnits() {
        LocalEnvironment env = LocalEnvironment.shared();
        var config = env.functionConfig("PostsFunction");
        // built exactly as the function builds it: the meter comes from the SDK's global interceptor list, not from this test
        DynamoDbClient db = new AwsClients(config).dynamoDb();
        AwsCallMeter.askForCapacity();
        AwsCallMeter.reset();
        db.putItem(b -> b.tableName(config.require("TABLE_NAME")).item(Map.of("PK", AttributeValue.fromS("METER#probe"),
                "SK", AttributeValue.fromS("PROBE#1"), "pad", AttributeValue.fromS("x".repeat(1_500)))));
        AwsCallMeter.Tally t = AwsCallMeter.snapshot().get(new AwsCallMeter.Key("PostsFunction", AwsCallMeter.DYNAMODB, "PutItem PROBE"));
        assertNotNull(t, AwsCallMeter.snapshot().keySet().toString());
        assertEquals(1, t.calls.sum());
        assertEquals(2.0, t.writeUnits.sum(), "a 1.5 KB item in no index is 2 write units");
        assertEquals(0, t.unmeasured.sum());
    }

    /** The lean SQS and KMS clients are metered as the SDK's were: SQS by queue in billed 64 KB requests, KMS by operation. */
    @Test
    void theLeanSqsAndKmsClientsAreMeteredAsTheSdksWere() {
        LocalEnvironment env = LocalEnvironment.shared();
        // a queue of its own (no function's poller takes its messages), reached with the stores' own key
        AwsClients aws = new AwsClients(com.socialwire.shared.Config.of(Map.of("AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", LocalStores.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", LocalStores.SECRET_KEY,
                "SQS_ENDPOINT", env.stores().sqsEndpoint().toString())));
        String queue;
        try (SqsClient admin = aws.configure(SqsClient.builder(), "SQS_ENDPOINT").build()) {
            queue = admin.createQueue(b -> b.queueName("meter-probe-" + System.nanoTime())).queueUrl();
        }
        AwsCallMeter.reset();
        aws.sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(
                e -> e.id("0").messageBody("x".repeat(70_000)), e -> e.id("1").messageBody("{}")));
        AwsCallMeter.Tally t = AwsCallMeter.snapshot().get(new AwsCallMeter.Key(LocalStores.ACCESS_KEY, AwsCallMeter.SQS,
                "SendMessageBatch " + queue.substring(queue.lastIndexOf('/') + 1)));
        assertNotNull(t, AwsCallMeter.snapshot().keySet().toString());
        assertEquals(1, t.calls.sum());
        assertEquals(2, t.billedRequests.sum(), "70 KB of bodies is two 64 KB chunks");
        var tenants = env.functionConfig("TenantsFunction");
        new AwsClients(tenants).kms().generateDataKey(b -> b.keyId(tenants.require("KMS_KEY_ID")).numberOfBytes(32));
        assertNotNull(AwsCallMeter.snapshot().get(new AwsCallMeter.Key("TenantsFunction", AwsCallMeter.KMS, "GenerateDataKey")),
                AwsCallMeter.snapshot().keySet().toString());
    }
}
