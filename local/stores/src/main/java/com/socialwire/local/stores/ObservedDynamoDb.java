package com.socialwire.local.stores;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsCallObserver;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanDynamoDb;

import java.time.Clock;
import java.util.List;

/**
 * The lean DynamoDB client of a function's configuration with one observer of its own: how tests watch the calls a
 * store makes or inject a failure before a call ({@link AwsCallObserver#beforeCall}) or after it was applied
 * ({@link AwsCallObserver#succeeded}: the answer lost).
 */
public final class ObservedDynamoDb {

    private ObservedDynamoDb() {
    }

    public static LeanDynamoDb of(Config config, AwsCallObserver observer) {
        AwsClients aws = new AwsClients(config);
        return new LeanDynamoDb(aws.endpoint("DYNAMODB_ENDPOINT").orElseThrow(), aws.regionId(), aws.credentials(),
                List.of(observer), Clock.systemUTC());
    }
}
