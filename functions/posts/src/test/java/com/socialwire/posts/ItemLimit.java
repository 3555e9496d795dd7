package com.socialwire.posts;

import com.socialwire.shared.store.Write;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.AttrValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.util.Map;
import java.util.function.IntFunction;

/**
 * Writes an item as large as DynamoDB still stores it, straight to the table: the way the old API
 * let a post grow, which the API now refuses. Any change that adds to it then fails at the store.
 */
public final class ItemLimit {

    private ItemLimit() {
    }

    /** Finds the largest {@code n} in [0, max] for which {@code itemFor(n)} is stored, and stores it; returns n. */
    public static int fill(Table table, IntFunction<Map<String, AttrValue>> itemFor, int max) {
        int lo = 0;
        int hi = max;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (put(table, itemFor.apply(mid))) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if (!put(table, itemFor.apply(lo))) {
            throw new IllegalStateException("even the smallest item is over DynamoDB's limit");
        }
        return lo;
    }

    private static boolean put(Table table, Map<String, AttrValue> item) {
        try {
            table.put(new Write.Put(item));
            return true;
        } catch (DynamoDbException tooLarge) {
            return false;
        }
    }
}
