package com.socialwire.shared.aws;

import com.socialwire.shared.jobs.JobQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LeanSqs} against a local HTTP stub that answers as SQS's JSON protocol does: what goes on the wire (target,
 * content type, query mode, signature scope, the JSON of a batch), what comes back (as the SDK's model reads the same answer), the MD5 check
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
    void aBatchGoesOnTheWireAsSqsJsonAndItsAnswerComesBackWithItsPerEntryFailures() {
        String body0 = "{\"job\":\"é日本🙂\"}";
        stub.reply(200, "{\"Successful\":[{\"Id\":\"0\",\"MessageId\":\"m0\",\"MD5OfMessageBody\":\"" + LeanSqs.md5Hex(body0) + "\"}],"
                + "\"Failed\":[{\"Id\":\"1\",\"Code\":\"InvalidMessageContents\",\"SenderFault\":true,\"Message\":\"bad\"}]}");
        LeanSqs.BatchResult r = sqs.sendBatch(QUEUE, List.of(new LeanSqs.Entry("0", body0, null), new LeanSqs.Entry("1", "x", 30)));
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
        assertEquals(List.of("0"), r.successful());
        assertEquals(List.of(new LeanSqs.Failure("1", "InvalidMessageContents", "bad", true)), r.failed());
        assertEquals(List.of("Sqs SendMessageBatch ok ASIAKEY"), stub.heard, "the observers see the call as any other");
    }

    /**
     * Each operation's body is, byte for byte, what the SDK's marshaller writes for the same request (AwsJson writes the
     * SDK's model by its own metadata: the member names, order and types the SDK sends), and each answer reads as the
     * SDK's model reads it.
     */
    @Test
    void everyOperationWritesTheBodyTheSdksMarshallerWritesAndReadsItsAnswerAsTheSdkDoes() {
        String receive = "{\"Messages\":[{\"MessageId\":\"m1\",\"ReceiptHandle\":\"r1\",\"MD5OfBody\":\"" + LeanSqs.md5Hex("b1")
                + "\",\"Body\":\"b1\",\"Attributes\":{\"ApproximateReceiveCount\":\"2\"}}]}";
        String attributes = "{\"Attributes\":{\"ApproximateNumberOfMessages\":\"3\",\"ApproximateNumberOfMessagesDelayed\":\"1\"}}";
        String deleted = "{\"Successful\":[{\"Id\":\"d0\"}],\"Failed\":[{\"Id\":\"d1\",\"Code\":\"ReceiptHandleIsInvalid\",\"SenderFault\":true,"
                + "\"Message\":\"no\"}]}";
        stub.reply(200, "{\"MessageId\":\"m0\",\"MD5OfMessageBody\":\"" + LeanSqs.md5Hex("{}") + "\"}");
        stub.reply(200, receive);
        stub.reply(200, "{}");
        stub.reply(200, deleted);
        stub.reply(200, "{}");
        stub.reply(200, attributes);

        assertEquals("m0", sqs.send(QUEUE, "{}", 5));
        List<LeanSqs.Message> got = sqs.receive(QUEUE, 10, 1, 60, List.of("ApproximateReceiveCount"));
        sqs.delete(QUEUE, "r1");
        LeanSqs.BatchResult d = sqs.deleteBatch(QUEUE, List.of(new LeanSqs.Receipt("d0", "r0"), new LeanSqs.Receipt("d1", "r1")));
        sqs.changeVisibility(QUEUE, "r1", 120);
        Map<String, String> a = sqs.attributes(QUEUE, List.of("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed"));

        List<SdkPojo> sdk = List.of(
                SendMessageRequest.builder().queueUrl(QUEUE).messageBody("{}").delaySeconds(5).build(),
                ReceiveMessageRequest.builder().queueUrl(QUEUE).maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(60)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT).build(),
                DeleteMessageRequest.builder().queueUrl(QUEUE).receiptHandle("r1").build(),
                DeleteMessageBatchRequest.builder().queueUrl(QUEUE).entries(
                        DeleteMessageBatchRequestEntry.builder().id("d0").receiptHandle("r0").build(),
                        DeleteMessageBatchRequestEntry.builder().id("d1").receiptHandle("r1").build()).build(),
                ChangeMessageVisibilityRequest.builder().queueUrl(QUEUE).receiptHandle("r1").visibilityTimeout(120).build(),
                GetQueueAttributesRequest.builder().queueUrl(QUEUE).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED).build());
        List<String> operations = List.of("SendMessage", "ReceiveMessage", "DeleteMessage", "DeleteMessageBatch", "ChangeMessageVisibility",
                "GetQueueAttributes");
        for (int i = 0; i < sdk.size(); i++) {
            assertEquals(new String(AwsJson.write(sdk.get(i)), StandardCharsets.UTF_8), stub.seen.get(i).body(), operations.get(i));
            assertEquals("AmazonSQS." + operations.get(i), stub.seen.get(i).header("X-Amz-Target"));
        }
        String batch = "{\"Successful\":[{\"Id\":\"0\",\"MessageId\":\"m0\"}],\"Failed\":[{\"Id\":\"1\",\"Code\":\"c\",\"SenderFault\":false}]}";
        SendMessageBatchRequest sdkBatch = SendMessageBatchRequest.builder().queueUrl(QUEUE).entries(
                SendMessageBatchRequestEntry.builder().id("0").messageBody("a").build(),
                SendMessageBatchRequestEntry.builder().id("1").messageBody("b").delaySeconds(0).build()).build();
        stub.reply(200, batch);
        LeanSqs.BatchResult sent = sqs.sendBatch(QUEUE, List.of(new LeanSqs.Entry("0", "a", null), new LeanSqs.Entry("1", "b", 0)));
        assertEquals(new String(AwsJson.write(sdkBatch), StandardCharsets.UTF_8), stub.seen.get(6).body(), "SendMessageBatch");

        // the answers, as the SDK's model reads the same bodies
        ReceiveMessageResponse sdkReceive = AwsJson.read(receive.getBytes(StandardCharsets.UTF_8), ReceiveMessageResponse.builder());
        Message m = sdkReceive.messages().get(0);
        assertEquals(List.of(new LeanSqs.Message(m.messageId(), m.receiptHandle(), m.body(), m.attributesAsStrings())), got);
        GetQueueAttributesResponse sdkAttributes = AwsJson.read(attributes.getBytes(StandardCharsets.UTF_8), GetQueueAttributesResponse.builder());
        assertEquals(sdkAttributes.attributesAsStrings(), a);
        DeleteMessageBatchResponse sdkDeleted = AwsJson.read(deleted.getBytes(StandardCharsets.UTF_8), DeleteMessageBatchResponse.builder());
        assertEquals(sdkDeleted.successful().stream().map(DeleteMessageBatchResultEntry::id).toList(), d.successful());
        assertEquals(sdkDeleted.failed().stream().map(f -> new LeanSqs.Failure(f.id(), f.code(), f.message(), f.senderFault())).toList(), d.failed());
        SendMessageBatchResponse sdkSent = AwsJson.read(batch.getBytes(StandardCharsets.UTF_8), SendMessageBatchResponse.builder());
        assertEquals(sdkSent.failed().stream().map(f -> new LeanSqs.Failure(f.id(), f.code(), f.message(), f.senderFault())).toList(), sent.failed());
        assertEquals(7, stub.heard.size(), "every call seen by the observers: " + stub.heard);
    }

    /** The SDK's checksum interceptor refuses an answer whose MD5 is not the body's (a message damaged on the way). */
    @Test
    void aBodyWhoseMd5DoesNotMatchIsRefusedLikeTheSdkDoes() {
        stub.reply(200, "{\"MessageId\":\"m0\",\"MD5OfMessageBody\":\"" + LeanSqs.md5Hex("other") + "\"}");
        SdkClientException e = assertThrows(SdkClientException.class, () -> sqs.send(QUEUE, "{}", null));
        assertTrue(e.getMessage().contains("MD5"), e.getMessage());
        stub.reply(200, "{\"Successful\":[{\"Id\":\"0\",\"MessageId\":\"m0\",\"MD5OfMessageBody\":\"00\"}]}");
        assertThrows(SdkClientException.class, () -> sqs.sendBatch(QUEUE, List.of(new LeanSqs.Entry("0", "{}", null))));
        stub.reply(200, "{\"Messages\":[{\"MessageId\":\"m0\",\"ReceiptHandle\":\"r\",\"Body\":\"a\",\"MD5OfBody\":\"" + LeanSqs.md5Hex("b") + "\"}]}");
        assertThrows(SdkClientException.class, () -> sqs.receive(QUEUE, 1, 0, null, List.of()));
        stub.reply(200, "{\"Messages\":[{\"MessageId\":\"m0\",\"ReceiptHandle\":\"r\",\"Body\":\"a\",\"MD5OfBody\":\"" + LeanSqs.md5Hex("a") + "\"}]}");
        assertEquals("a", sqs.receive(QUEUE, 1, 0, null, List.of()).get(0).body());
        assertEquals(4, stub.seen.size(), "a damaged answer is not retried (the SDK checks after its retries)");
    }

    @Test
    void aMissingQueueIsTheSdksQueueDoesNotExistWithTheQueryErrorCode() {
        stub.reply(400, "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"The specified queue does not exist.\"}",
                "x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender");
        QueueDoesNotExistException e = assertThrows(QueueDoesNotExistException.class, () -> sqs.send(QUEUE, "{}", null));
        assertEquals(1, stub.seen.size());
        assertEquals(400, e.statusCode());
        assertEquals("AWS.SimpleQueueService.NonExistentQueue", e.awsErrorDetails().errorCode());
        assertEquals("The specified queue does not exist.", e.awsErrorDetails().errorMessage());
        assertEquals("Sqs", e.awsErrorDetails().serviceName());
        assertEquals("REQ1", e.requestId());
        assertEquals("Sqs SendMessage failed QueueDoesNotExistException ASIAKEY", stub.heard.get(0));
        assertTrue(!JobQueue.unavailable(e), "a missing queue is the caller's fault, not SQS being down");
        stub.reply(400, "{\"__type\":\"com.amazonaws.sqs#EmptyBatchRequest\",\"message\":\"empty\"}");
        EmptyBatchRequestException empty = assertThrows(EmptyBatchRequestException.class, () -> sqs.sendBatch(QUEUE, List.of()));
        assertEquals("EmptyBatchRequest", empty.awsErrorDetails().errorCode(), "without x-amzn-query-error, the JSON code");
    }

    @Test
    void serverErrorsAndThrottlingAreRetriedUpToFourAttemptsAndSayTheQueueIsUnavailable() {
        stub.reply(500, "{\"__type\":\"com.amazonaws.sqs#InternalError\",\"message\":\"boom\"}");
        stub.reply(400, "{\"__type\":\"com.amazonaws.sqs#ThrottlingException\",\"message\":\"slow\"}");
        stub.reply(200, "{\"MessageId\":\"m0\",\"MD5OfMessageBody\":\"" + LeanSqs.md5Hex("{}") + "\"}");
        assertEquals("m0", sqs.send(QUEUE, "{}", null));
        assertEquals(3, stub.seen.size());
        for (int i = 0; i < 4; i++) {
            stub.reply(503, "{\"__type\":\"com.amazonaws.sqs#ServiceUnavailable\",\"message\":\"down\"}");
        }
        SqsException e = assertThrows(SqsException.class, () -> sqs.send(QUEUE, "{}", null));
        assertEquals(7, stub.seen.size());
        assertEquals(503, e.statusCode());
        assertTrue(JobQueue.unavailable(e));
        stub.close();
        assertTrue(JobQueue.unavailable(assertThrows(SdkClientException.class, () -> sqs.send(QUEUE, "{}", null))));
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
