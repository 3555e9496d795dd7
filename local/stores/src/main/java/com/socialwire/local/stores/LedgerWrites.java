package com.socialwire.local.stores;

import com.socialwire.shared.aws.AwsCallObserver;
import com.socialwire.shared.store.Table;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test's observer (register it in the test's META-INF/services): counts, in this JVM, the ledger transactions ({@code TransactWriteItems} on an account's partition) per account and
 * the LLM budget writes ({@code UpdateItem} of a {@code LLMCOST#} row) per tenant that the lean DynamoDB client makes.
 */
public final class LedgerWrites implements AwsCallObserver {

    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    /** Ledger transactions that touched account {@code accountId}'s items. */
    public static int transactionsOf(String accountId) {
        return count("ACCOUNT#" + accountId);
    }

    /** Writes of tenant {@code tenantId}'s LLM budget rows. */
    public static int budgetWritesOf(String tenantId) {
        return count("LLMCOST TENANT#" + tenantId);
    }

    private static int count(String key) {
        AtomicInteger n = COUNTS.get(key);
        return n == null ? 0 : n.get();
    }

    @Override
    public void succeeded(String service, String operation, SdkRequest request, SdkResponse response, String accessKeyId) {
        if (request instanceof TransactWriteItemsRequest t) {
            t.transactItems().stream().map(LedgerWrites::pk).filter(pk -> pk != null && pk.startsWith("ACCOUNT#")).distinct()
                    .forEach(pk -> COUNTS.computeIfAbsent(pk, k -> new AtomicInteger()).incrementAndGet());
        } else if (request instanceof UpdateItemRequest u) {
            AttributeValue sk = u.key().get(Table.SK);
            if (sk != null && sk.s() != null && sk.s().startsWith("LLMCOST#")) {
                COUNTS.computeIfAbsent("LLMCOST " + u.key().get(Table.PK).s(), k -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    private static String pk(TransactWriteItem i) {
        Map<String, AttributeValue> key = i.put() != null ? i.put().item() : i.update() != null ? i.update().key()
                : i.conditionCheck() != null ? i.conditionCheck().key() : i.delete() != null ? i.delete().key() : null;
        AttributeValue pk = key == null ? null : key.get(Table.PK);
        return pk == null ? null : pk.s();
    }
}
