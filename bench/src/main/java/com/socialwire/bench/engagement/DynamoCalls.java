package com.socialwire.bench.engagement;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every DynamoDB call any client in this JVM makes — the functions' own clients included, as the
 * SDK loads this class for every client from {@code software/amazon/awssdk/global/handlers/execution.interceptors}
 * on the bench's classpath — by operation, and the transactions DynamoDB cancelled by the reason it
 * gave: a count that shows contention on one item whatever else loads the machine.
 */
public final class DynamoCalls implements ExecutionInterceptor {

    private static final Map<String, AtomicLong> CALLS = new ConcurrentHashMap<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(attributes, "");
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        String why = context.exception() instanceof TransactionCanceledException e && e.hasCancellationReasons()
                ? e.cancellationReasons().stream().map(r -> r.code()).filter(c -> c != null && !"None".equals(c)).findFirst().orElse("?")
                : context.exception().getClass().getSimpleName();
        count(attributes, " failed: " + why);
    }

    private static void count(ExecutionAttributes attributes, String suffix) {
        if ("DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            CALLS.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + suffix, k -> new AtomicLong()).incrementAndGet();
        }
    }

    static void reset() {
        CALLS.clear();
    }

    /** Calls so far, by operation (and failed ones by reason), sorted. */
    static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        CALLS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
