package com.socialwire.shared.aws;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Watches every call of the lean AWS clients ({@link LeanDynamoDb}, {@link LeanKms}, {@link LeanSqs}, {@link LeanS3}), as
 * an SDK {@code ExecutionInterceptor} watches an SDK client's: may change the request before it is sent, and hears how
 * each call ended, with the access key id the request was signed with. {@code service} is the SDK's name of the service
 * ({@code DynamoDb}, {@code Kms}, {@code Sqs}, {@code S3}: what {@code SdkExecutionAttribute.SERVICE_NAME} holds for its
 * client). {@link LeanS3} uses no SDK model: its request and response are null (and what {@link #beforeCall} returns
 * is not used).
 * Discovered once per JVM with {@link ServiceLoader} ({@code META-INF/services/com.socialwire.shared.aws.AwsCallObserver});
 * no function ships one — the benchmarks' meter does.
 */
public interface AwsCallObserver {

    /** The request to send instead of {@code request} (by default, the same). */
    default SdkRequest beforeCall(String service, String operation, SdkRequest request) {
        return request;
    }

    /** A call that the service answered. */
    default void succeeded(String service, String operation, SdkRequest request, SdkResponse response, String accessKeyId) {
    }

    /** A call that failed for good (after its retries). */
    default void failed(String service, String operation, SdkRequest request, Throwable error, String accessKeyId) {
    }

    /** The observers on the class path (usually none). */
    static List<AwsCallObserver> discovered() {
        List<AwsCallObserver> found = new ArrayList<>(); // the iterator, not stream(): no stream pipeline at a cold start
        for (AwsCallObserver observer : ServiceLoader.load(AwsCallObserver.class, AwsCallObserver.class.getClassLoader())) {
            found.add(observer);
        }
        return List.copyOf(found);
    }
}
