package com.socialwire.engagement;

import com.socialwire.shared.aws.AwsCallObserver;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.TenantRecords;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the tenant profile reads (GetItem of {@code TENANT#id / PROFILE}) the lean DynamoDB client makes in this test JVM, per tenant. */
public final class ProfileReads implements AwsCallObserver {

    private static final Map<String, AtomicInteger> READS = new ConcurrentHashMap<>();

    public static int of(String tenantId) {
        AtomicInteger n = READS.get(TenantRecords.pk(tenantId));
        return n == null ? 0 : n.get();
    }

    @Override
    public void succeeded(String service, String operation, SdkRequest request, SdkResponse response, String accessKeyId) {
        if (request instanceof GetItemRequest get) {
            AttributeValue sk = get.key().get(Table.SK);
            AttributeValue pk = get.key().get(Table.PK);
            if (sk != null && pk != null && TenantRecords.PROFILE.equals(sk.s())) {
                READS.computeIfAbsent(pk.s(), k -> new AtomicInteger()).incrementAndGet();
            }
        }
    }
}
