package com.socialwire.shared.aws;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Watches every call of the lean DynamoDB client ({@link LeanDynamoDb}), as an SDK {@code ExecutionInterceptor}
 * watches an SDK client's: may change the request before it is sent, and hears how each call ended, with the
 * access key id the request was signed with. Discovered once per JVM with {@link ServiceLoader}
 * ({@code META-INF/services/com.socialwire.shared.aws.DynamoDbObserver}); no function ships one — the benchmarks'
 * meter does.
 */
public interface DynamoDbObserver {

    /** The request to send instead of {@code request} (by default, the same). */
    default SdkRequest beforeCall(String operation, SdkRequest request) {
        return request;
    }

    /** A call that DynamoDB answered. */
    default void succeeded(String operation, SdkRequest request, SdkResponse response, String accessKeyId) {
    }

    /** A call that failed for good (after its retries). */
    default void failed(String operation, SdkRequest request, Throwable error, String accessKeyId) {
    }

    /** The observers on the class path (usually none). */
    static List<DynamoDbObserver> discovered() {
        return ServiceLoader.load(DynamoDbObserver.class, DynamoDbObserver.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }
}
