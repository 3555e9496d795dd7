package com.socialwire.shared.logging;

import com.amazonaws.services.lambda.runtime.Context;
import org.slf4j.MDC;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The fields Powertools' {@code PowertoolsLogging.withLogging} puts on every log line of an invocation
 * (same names: {@code function_request_id}, {@code cold_start}, {@code function_name}, ...), set on the
 * MDC that {@link JsonLogger} writes, without Powertools' or log4j2's start-up cost. {@code cold_start} is
 * true for the first invocation a runtime serves (again after a SnapStart restore: {@link #restored()}).
 */
public final class LambdaLogging {

    static final String[] FIELDS = {"function_name", "function_version", "function_arn", "function_memory_size",
            "function_request_id", "cold_start", "xray_trace_id"};

    private static final AtomicBoolean COLD = new AtomicBoolean(true);

    private LambdaLogging() {
    }

    /** Runs {@code body} with the invocation's fields on every line it logs; they are gone afterwards. */
    public static <T> T withLogging(Context context, Supplier<T> body) {
        begin(context);
        try {
            return body.get();
        } finally {
            end();
        }
    }

    /**
     * Puts the invocation's fields on every line logged until {@link #end()}, which must follow in a
     * {@code finally} (what {@link #withLogging} does, for a caller that runs its body in plain code).
     */
    public static void begin(Context context) {
        boolean cold = COLD.getAndSet(false);
        if (context != null) {
            put("function_name", context.getFunctionName());
            put("function_version", context.getFunctionVersion());
            put("function_arn", context.getInvokedFunctionArn());
            put("function_memory_size", Integer.toString(context.getMemoryLimitInMB()));
            put("function_request_id", context.getAwsRequestId());
        }
        MDC.put("cold_start", Boolean.toString(cold));
        put("xray_trace_id", traceId(System.getenv("_X_AMZN_TRACE_ID")));
    }

    /** Takes the invocation's fields off the log lines again. */
    public static void end() {
        for (String field : FIELDS) {
            MDC.remove(field);
        }
    }

    /** The next invocation is a cold start again: a SnapStart restore, after a priming request ran before the snapshot. */
    public static void restored() {
        COLD.set(true);
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    /** {@code Root=1-...;Parent=...;Sampled=1} -> {@code 1-...}, as Powertools logs it. */
    static String traceId(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            if (part.startsWith("Root=")) {
                return part.substring(5);
            }
        }
        return null;
    }
}
