package com.socialwire.bench;

import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.aws.AwsClients;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
}
