package com.socialwire.local.stores;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Makes the SDK's answers and exceptions comparable field by field, for the ITs that hold a lean client to the SDK's. */
final class SdkAnswers {

    private SdkAnswers() {
    }

    /** An answer by its members (an SDK response's own equals also compares the HTTP response it came in). */
    record Fields(SdkPojo answer) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Fields f && answer.equalsBySdkFields(f.answer);
        }

        @Override
        public int hashCode() {
            return 0;
        }

        @Override
        public String toString() {
            return answer.toString();
        }
    }

    static Object fields(Object answer) {
        return answer instanceof SdkPojo p ? new Fields(p) : answer;
    }

    /** An exception, made comparable: its type, status, code, message, service, the message it shows, and {@code members}. */
    static List<Object> failure(Runnable call, Function<AwsServiceException, List<Object>> members) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            List<Object> out = new ArrayList<>(List.of(e.getClass(), e.statusCode(), String.valueOf(e.awsErrorDetails().errorCode()),
                    String.valueOf(e.awsErrorDetails().errorMessage()), e.awsErrorDetails().serviceName(),
                    e.getMessage().replaceAll("Request ID: [^)]*", "Request ID: ?"), e.isThrottlingException()));
            out.addAll(members.apply(e));
            return out;
        }
        return List.of("no exception");
    }
}
