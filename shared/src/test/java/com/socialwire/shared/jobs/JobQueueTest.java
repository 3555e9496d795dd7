package com.socialwire.shared.jobs;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.SqsException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures of a send say the queue is out for now (send again later) rather than that the send is wrong. */
class JobQueueTest {

    static SqsException sqs(int status, String code) {
        return (SqsException) SqsException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void anUnreachableFailingOrThrottlingQueueIsUnavailableAndARefusalIsNot() {
        assertTrue(JobQueue.unavailable(SdkClientException.create("Unable to execute HTTP request: Connection refused")));
        assertTrue(JobQueue.unavailable(sqs(500, "InternalError")));
        assertTrue(JobQueue.unavailable(sqs(503, "ServiceUnavailable")));
        assertTrue(JobQueue.unavailable(sqs(400, "ThrottlingException")));
        assertFalse(JobQueue.unavailable(sqs(403, "AccessDenied")), "a missing permission is no outage");
        assertFalse(JobQueue.unavailable(sqs(400, "AWS.SimpleQueueService.NonExistentQueue")));
        assertFalse(JobQueue.unavailable(new IllegalStateException("1 of 3 jobs were not accepted by the queue: InvalidParameterValue")));
    }
}
