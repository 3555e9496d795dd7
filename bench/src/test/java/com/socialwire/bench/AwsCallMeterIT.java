package com.socialwire.bench;

import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.LocalStores;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanSqs;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import org.junit.jupiter.api.Test;
import com.socialwire.shared.store.AttrValue;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class AwsCallMeterIT {

    @Test
    void anyClientAFunctionBuildsIsMeteredUnderTheFunctionWithItsCapacityUnits() {
        LocalEnvironment env = LocalEnvironment.shared();
        var config = env.functionConfig("PostsFunction");
        // built exactly as the function builds it: the meter comes from the SDK's global interceptor list, not from this test
        Table db = new Table(new AwsClients(config).dynamoDb(), config.require("TABLE_NAME"));
        AwsCallMeter.askForCapacity();
        AwsCallMeter.reset();
        db.put(new Write.Put(Map.of("PK", AttrValue.fromS("METER#probe"),
                "SK", AttrValue.fromS("PROBE#1"), "pad", AttrValue.fromS("x".repeat(1_500)))));
        AwsCallMeter.Tally t = AwsCallMeter.snapshot().get(new AwsCallMeter.Key("PostsFunction", AwsCallMeter.DYNAMODB, "PutItem PROBE"));
        assertNotNull(t, AwsCallMeter.snapshot().keySet().toString());
        assertEquals(1, t.calls.sum());
        assertEquals(2.0, t.writeUnits.sum(), "a 1.5 KB item in no index is 2 write units");
        assertEquals(0, t.unmeasured.sum());
    }

    /**
     * A transactional write is priced as AWS documents it — 2 write units per KB of each item — with the index entries it
     * writes: DynamoDB Local reports a TransactWriteItems at twice that (8 units for a 1.5 KB item, which AWS rounds to 2 KB
     * and charges 4) and can leave index entries out of TOTAL, so the meter asks for INDEXES and halves what Local says.
     * Index entries are counted at the transactional rate too (AWS does not say; the higher figure is kept).
     */
    @Test
    void aTransactionIsPricedAtTwoUnitsPerKilobyteWithItsIndexEntries() {
        LocalEnvironment env = LocalEnvironment.shared();
        var config = env.functionConfig("PostsFunction");
        String table = config.require("TABLE_NAME");
        Table db = new Table(new AwsClients(config).dynamoDb(), table);
        AwsCallMeter.askForCapacity();
        AwsCallMeter.reset();
        db.transact(List.of(new Write.Put(Map.of(
                "PK", AttrValue.fromS("METER#probe"), "SK", AttrValue.fromS("TXPLAIN#" + System.nanoTime()),
                "pad", AttrValue.fromS("x".repeat(1_500))))));
        AwsCallMeter.Tally plain = AwsCallMeter.snapshot().get(new AwsCallMeter.Key("PostsFunction", AwsCallMeter.DYNAMODB, "TransactWriteItems Put TXPLAIN"));
        assertNotNull(plain, AwsCallMeter.snapshot().keySet().toString());
        assertEquals(4.0, plain.writeUnits.sum(), "a 1.5 KB item is 2 KB at 2 units per KB in a transaction");
        db.transact(List.of(new Write.Put(Map.of(
                "PK", AttrValue.fromS("METER#probe"), "SK", AttrValue.fromS("TXINDEXED#" + System.nanoTime()),
                "GSI1PK", AttrValue.fromS("METER#probe"), "GSI1SK", AttrValue.fromS("1"),
                "GSI2PK", AttrValue.fromS("METER#probe"), "GSI2SK", AttrValue.fromS("1")))));
        AwsCallMeter.Tally indexed = AwsCallMeter.snapshot().get(new AwsCallMeter.Key("PostsFunction", AwsCallMeter.DYNAMODB, "TransactWriteItems Put TXINDEXED"));
        assertNotNull(indexed, AwsCallMeter.snapshot().keySet().toString());
        // 2 units in the table and, counted at the transactional rate too, 2 for each of the two index entries
        assertEquals(6.0, indexed.writeUnits.sum(), "a small item written in a transaction with an entry in each index");
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
        aws.sqs().sendBatch(queue, List.of(new LeanSqs.Entry("0", "x".repeat(70_000), null), new LeanSqs.Entry("1", "{}", null)));
        AwsCallMeter.Tally t = AwsCallMeter.snapshot().get(new AwsCallMeter.Key(LocalStores.ACCESS_KEY, AwsCallMeter.SQS,
                "SendMessageBatch " + queue.substring(queue.lastIndexOf('/') + 1)));
        assertNotNull(t, AwsCallMeter.snapshot().keySet().toString());
        assertEquals(1, t.calls.sum());
        assertEquals(2, t.billedRequests.sum(), "70 KB of bodies is two 64 KB chunks");
        var tenants = env.functionConfig("TenantsFunction");
        new AwsClients(tenants).kms().generateDataKey(tenants.require("KMS_KEY_ID"), Map.of(), "AES_256");
        assertNotNull(AwsCallMeter.snapshot().get(new AwsCallMeter.Key("TenantsFunction", AwsCallMeter.KMS, "GenerateDataKey")),
                AwsCallMeter.snapshot().keySet().toString());
    }
}
