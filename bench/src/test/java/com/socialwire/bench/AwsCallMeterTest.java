package com.socialwire.bench;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AwsCallMeterTest {

    private static SendMessageBatchRequest batch(int messages, int bytesEach) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody("x".repeat(bytesEach)).build());
        }
        return SendMessageBatchRequest.builder().queueUrl("http://q/queue").entries(entries).build();
    }

    @Test
    void sqsBillsABatchAsOneRequestPer64KbOfPayload() {
        assertEquals(1, AwsCallMeter.chunks(batch(10, 1_000)));
        assertEquals(2, AwsCallMeter.chunks(batch(2, 40_000)));
        assertEquals(4, AwsCallMeter.chunks(batch(1, 200_000)));
    }

    @Test
    void aDynamoDbCallIsNamedByTheKindsOfItemItTouches() {
        Map<String, AttributeValue> ledger = Map.of("PK", AttributeValue.fromS("ACCOUNT#a"), "SK", AttributeValue.fromS("LEDGER#2026#e1"));
        Map<String, AttributeValue> balance = Map.of("PK", AttributeValue.fromS("ACCOUNT#a"), "SK", AttributeValue.fromS("BALANCE"));
        TransactWriteItemsRequest tx = TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().update(u -> u.tableName("t").key(balance).updateExpression("SET x = :x")).build(),
                TransactWriteItem.builder().put(p -> p.tableName("t").item(ledger)).build()).build();
        assertEquals("Put LEDGER + Update BALANCE", AwsCallMeter.kinds(tx));
        assertEquals("LEDGER", AwsCallMeter.kinds(UpdateItemRequest.builder().tableName("t").key(ledger).build()));
        // the ledger's snapshot read: it printed as "BatchGetItem :" with no kinds before
        assertEquals("BALANCE + LEDGER", AwsCallMeter.kinds(software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest.builder()
                .requestItems(Map.of("t", software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                        .keys(ledger, balance).consistentRead(true).build())).build()));
    }

    @Test
    void writesAreTheOperationsPricedInWriteUnits() {
        for (String op : List.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems")) {
            assertEquals(true, AwsCallMeter.writes(op), op);
        }
        for (String op : List.of("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems")) {
            assertEquals(false, AwsCallMeter.writes(op), op);
        }
    }
}
