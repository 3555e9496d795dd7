package com.socialwire.local.stores;

import com.socialwire.shared.aws.AwsCallObserver;
import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.Config;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a store's writes cost, as DynamoDB Local reports it: a lean client of a function's configuration whose puts,
 * updates and transactions ask for their consumed capacity by table and index ({@code INDEXES}), kept in call order,
 * with how many items each transaction wrote and how many reads were made (for the tests that measure a write path).
 */
public final class WriteCapacity implements AwsCallObserver {

    /** Each write's consumed capacity (a transaction's: its one table's), in order. */
    public final List<ConsumedCapacity> writes = new CopyOnWriteArrayList<>();
    /** How many items each transaction wrote, in order. */
    public final List<Integer> transactionItems = new CopyOnWriteArrayList<>();
    /** The GetItem calls made. */
    public final List<GetItemRequest> reads = new CopyOnWriteArrayList<>();
    private final LeanDynamoDb client;

    public WriteCapacity(Config function) {
        this.client = ObservedDynamoDb.of(function, this);
    }

    /** The lean client whose calls this meters. */
    public LeanDynamoDb client() {
        return client;
    }

    /** The last write's consumed capacity. */
    public ConsumedCapacity last() {
        return writes.get(writes.size() - 1);
    }

    @Override
    public SdkRequest beforeCall(String service, String operation, SdkRequest request) {
        if (request instanceof PutItemRequest p) {
            return p.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        }
        if (request instanceof TransactWriteItemsRequest t) {
            transactionItems.add(t.transactItems().size());
            return t.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        }
        if (request instanceof GetItemRequest g) {
            reads.add(g);
        }
        return request instanceof UpdateItemRequest u ? u.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build() : request;
    }

    @Override
    public void succeeded(String service, String operation, SdkRequest request, SdkResponse response, String accessKeyId) {
        if (response instanceof PutItemResponse r) {
            writes.add(r.consumedCapacity());
        } else if (response instanceof UpdateItemResponse r) {
            writes.add(r.consumedCapacity());
        } else if (response instanceof TransactWriteItemsResponse r) {
            writes.add(r.consumedCapacity().get(0));
        }
    }
}
