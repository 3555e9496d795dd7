package com.socialwire.shared.aws;

import com.socialwire.shared.jobs.JobQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LeanSqs} against a local HTTP stub that answers as SQS's JSON protocol does: what goes on the wire (target,
 * content type, query mode, signature scope, the JSON of a batch), what comes back into the SDK's model, the MD5 check
 * of bodies, which failures are retried and which exception (and error code) each error becomes.
 */
class LeanSqsTest {

    private static final String QUEUE = "http://127.0.0.1/000000000000/comments";

    private AwsStub stub;
    private LeanSqs sqs;

    @BeforeEach
    void start() throws Exception {
        stub = new AwsStub();
        sqs = new LeanSqs(stub.endpoint(), "eu-west-1", AwsStub.CREDENTIALS, List.of(stub.observer()), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void aBatchGoesOnTheWireAsSqsJsonAndItsAnswerComesBackIntoTheSdksModel() {
        String body0 = "{\"job\":\"é日本🙂\"}";
        stub.reply(200, "{\"Successful\":[{\"Id\":\"0\",\"MessageId\":\"m0\",\"MD5OfMessageBody\":\"" + LeanSqs.md5Hex(body0) + "\"}],"
                + "\"Failed\":[{\"Id\":\"1\",\"Code\":\"InvalidMessageContents\",\"SenderFault\":true,\"Message\":\"bad\"}]}");
        SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(QUEUE).entries(
                SendMessageBatchRequestEntry.builder().id("0").messageBody(body0).build(),
                SendMessageBatchRequestEntry.builder().id("1").messageBody("x").delaySeconds(30).build()));
        AwsStub.Seen s = stub.seen.get(0);
        assertEquals("AmazonSQS.SendMessageBatch", s.header("X-Amz-Target"));
        assertEquals("application/x-amz-json-1.0", s.header("Content-Type"));
        assertEquals("true", s.header("x-amzn-query-mode"));
        assertEquals("session+token/=", s.header("X-Amz-Security-Token"));
        assertTrue(s.header("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=ASIAKEY/"), s.header("Authorization"));
        assertTrue(s.header("Authorization").contains("/eu-west-1/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;"
                + "x-amz-date;x-amz-security-token;x-amz-target;x-amzn-query-mode, Signature="), s.header("Authorization"));
        assertEquals("{\"QueueUrl\":\"" + QUEUE + "\",\"Entries\":[{\"Id\":\"0\",\"MessageBody\":\"{\\\"job\\\":\\\"é日本\\uD83D\\uDE42\\\"}\"},"
                + "{\"Id\":\"1\",\"MessageBody\":\"x\",\"DelaySeconds\":30}]}", s.body());
        assertEquals("m0", r.successful().get(0).messageId());
        assertEquals("InvalidMessageContents", r.failed().get(0).code());
        assertTrue(r.failed().get(0).senderFault());
        assertEquals(List.of("Sqs SendMessageBatch ok ASIAKEY"), stub.heard);
    }

    @Test
    void queueAttributesComeBackAsTheSdksEnumKeyedMap() {
        stub.reply(200, "{\"Attributes\":{\"ApproximateNumberOfMessages\":\"3\",\"ApproximateNumberOfMessagesDelayed\":\"1\"}}");
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(QUEUE).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        assertEquals("3", a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertEquals("1", a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
        assertEquals("{\"QueueUrl\":\"" + QUEUE + "\",\"AttributeNames\":[\"ApproximateNumberOfMessages\",\"ApproximateNumberOfMessagesDelayed\"]}",
                stub.seen.get(0).body());
    }

    /** The SDK's checksum interceptor refuses an answer whose MD5 is not the body's (a message damaged on the way). */
    @Test
    void aBodyWhoseMd5DoesNotMatchIsRefusedLikeTheSdkDoes() {
        stub.reply(200, "{\"MessageId\":\"m0\",\"MD5OfMessageBody\":\"" + LeanSqs.md5Hex("other") + "\"}");
        SdkClientException e = assertThrows(SdkClientException.class, () -> sqs.sendMessage(b -> b.queueUrl(QUEUE).messageBody("{}")));
        assertTrue(e.getMessage().contains("MD5"), e.getMessage());
        stub.reply(200, "{\"Successful\":[{\"Id\":\"0\",\"MessageId\":\"m0\",\"MD5OfMessageBody\":\"00\"}]}");
        assertThrows(SdkClientException.class, () -> sqs.sendMessageBatch(b -> b.queueUrl(QUEUE)
                .entries(SendMessageBatchRequestEntry.builder().id("0").messageBody("{}").build())));
        stub.reply(200, "{\"Messages\":[{\"MessageId\":\"m0\",\"ReceiptHandle\":\"r\",\"Body\":\"a\",\"MD5OfBody\":\"" + LeanSqs.md5Hex("b") + "\"}]}");
        assertThrows(SdkClientException.class, () -> sqs.receiveMessage(b -> b.queueUrl(QUEUE)));
        stub.reply(200, "{\"Messages\":[{\"MessageId\":\"m0\",\"ReceiptHandle\":\"r\",\"Body\":\"a\",\"MD5OfBody\":\"" + LeanSqs.md5Hex("a") + "\"}]}");
        assertEquals("a", sqs.receiveMessage(b -> b.queueUrl(QUEUE)).messages().get(0).body());
        assertEquals(4, stub.seen.size(), "a damaged answer is not retried (the SDK checks after its retries)");
        assertEquals("Sqs SendMessage failed SdkClientException ASIAKEY", stub.heard.get(0));
    }

    @Test
    void aMissingQueueIsTheSdksQueueDoesNotExistWithTheQueryErrorCode() {
        stub.reply(400, "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"The specified queue does not exist.\"}",
                "x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender");
        QueueDoesNotExistException e = assertThrows(QueueDoesNotExistException.class, () -> sqs.sendMessage(b -> b.queueUrl(QUEUE).messageBody("{}")));
        assertEquals(1, stub.seen.size());
        assertEquals(400, e.statusCode());
        assertEquals("AWS.SimpleQueueService.NonExistentQueue", e.awsErrorDetails().errorCode());
        assertEquals("The specified queue does not exist.", e.awsErrorDetails().errorMessage());
        assertEquals("Sqs", e.awsErrorDetails().serviceName());
        assertEquals("REQ1", e.requestId());
        assertTrue(!JobQueue.unavailable(e), "a missing queue is the caller's fault, not SQS being down");
        stub.reply(400, "{\"__type\":\"com.amazonaws.sqs#EmptyBatchRequest\",\"message\":\"empty\"}");
        EmptyBatchRequestException empty = assertThrows(EmptyBatchRequestException.class, () -> sqs.sendMessageBatch(b -> b.queueUrl(QUEUE)));
        assertEquals("EmptyBatchRequest", empty.awsErrorDetails().errorCode(), "without x-amzn-query-error, the JSON code");
    }

    @Test
    void serverErrorsAndThrottlingAreRetriedUpToFourAttemptsAndSayTheQueueIsUnavailable() {
        stub.reply(500, "{\"__type\":\"com.amazonaws.sqs#InternalError\",\"message\":\"boom\"}");
        stub.reply(400, "{\"__type\":\"com.amazonaws.sqs#ThrottlingException\",\"message\":\"slow\"}");
        stub.reply(200, "{\"MessageId\":\"m0\",\"MD5OfMessageBody\":\"" + LeanSqs.md5Hex("{}") + "\"}");
        assertEquals("m0", sqs.sendMessage(b -> b.queueUrl(QUEUE).messageBody("{}")).messageId());
        assertEquals(3, stub.seen.size());
        for (int i = 0; i < 4; i++) {
            stub.reply(503, "{\"__type\":\"com.amazonaws.sqs#ServiceUnavailable\",\"message\":\"down\"}");
        }
        SqsException e = assertThrows(SqsException.class, () -> sqs.sendMessage(b -> b.queueUrl(QUEUE).messageBody("{}")));
        assertEquals(7, stub.seen.size());
        assertEquals(503, e.statusCode());
        assertTrue(JobQueue.unavailable(e));
        stub.close();
        assertTrue(JobQueue.unavailable(assertThrows(SdkClientException.class, () -> sqs.sendMessage(b -> b.queueUrl(QUEUE).messageBody("{}")))));
    }

    /** Every error code the SDK's SQS client models names an exception class of the model by the one naming rule. */
    @Test
    void everyModelledSqsErrorCodeFindsItsSdkExceptionType() throws Exception {
        for (String code : List.of("PurgeQueueInProgress", "KmsInvalidKeyUsage", "InvalidAttributeName", "RequestThrottled",
                "BatchEntryIdsNotDistinct", "TooManyEntriesInBatchRequest", "ResourceNotFoundException", "BatchRequestTooLong",
                "UnsupportedOperation", "KmsInvalidState", "InvalidIdFormat", "KmsNotFound", "KmsThrottled", "KmsOptInRequired",
                "KmsAccessDenied", "OverLimit", "QueueDoesNotExist", "KmsDisabled", "QueueNameExists", "MessageNotInflight",
                "ReceiptHandleIsInvalid", "InvalidAttributeValue", "InvalidMessageContents", "QueueDeletedRecently",
                "EmptyBatchRequest", "InvalidSecurity", "InvalidAddress", "InvalidBatchEntryId")) {
            var e = AwsJsonClient.error(LeanSqs.SERVICE, 400, ("{\"__type\":\"com.amazonaws.sqs#" + code + "\"}").getBytes(), "r", null, 1);
            assertTrue(e instanceof SqsException && e.getClass() != SqsException.class, code + " -> " + e.getClass());
            assertEquals(Class.forName("software.amazon.awssdk.services.sqs.model." + AwsJsonClient.exceptionClassName(code)), e.getClass());
        }
    }
}
