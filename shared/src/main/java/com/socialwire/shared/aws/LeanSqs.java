package com.socialwire.shared.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The functions' SQS client: the operations they use, in SQS's JSON protocol (AWS JSON 1.0,
 * {@code X-Amz-Target: AmazonSQS.<Operation>}) over the lean clients' one transport ({@link AwsJsonClient#callRaw}),
 * with its own small records instead of the SDK's model (bodies written and answers read by the one JSON codec, {@link Json}), so a function's first {@code JobQueue.send} loads none of the
 * SDK's SQS request/response classes (~90 with their builders, copiers and field lambdas). The bodies are the ones the
 * SDK's marshaller writes for the same request (LeanSqsTest compares them member by member).
 * <p>
 * Errors are as before: signing, 4 attempts with full jitter for throttling, 5xx and the network, and a failure that
 * stays is the SDK's SQS exception for its code ({@code com.amazonaws.sqs#QueueDoesNotExist} is a
 * {@code QueueDoesNotExistException}) with the query-protocol code of {@code x-amzn-query-error}
 * ({@code AWS.SimpleQueueService.NonExistentQueue}) as its error code, as the SDK gives it. A batch entry SQS refuses is
 * not an error: it is in {@link BatchResult#failed}. As the SDK's checksum interceptor does, the MD5 SQS answers for
 * each message body sent or received is checked against the body, and a mismatch is an {@link SdkClientException} (not
 * retried). With observers (the benchmarks' meter) each call is shown to them in the SDK's model, as any raw call.
 * {@code SQS_ENDPOINT} overrides the endpoint.
 */
public final class LeanSqs extends LeanClient {

    /** The base exception by a lambda, not {@code SqsException::builder}: a method reference would load the class at start. */
    static final AwsJsonClient.Service SERVICE = new AwsJsonClient.Service("Sqs", "sqs", "AmazonSQS.",
            "application/x-amz-json-1.0", 4, 100, false, true, "software.amazon.awssdk.services.sqs.model",
            () -> (AwsServiceException.Builder) SqsException.builder());

    public LeanSqs(URI endpoint, String region, AwsCredentialsProvider credentials, List<AwsCallObserver> observers, Clock clock) {
        this(new AwsJsonClient(SERVICE, endpoint, region, credentials, observers, clock, AwsJsonClient.AnswerCheck.NONE));
    }

    private LeanSqs(AwsJsonClient client) {
        super(client);
    }

    /** With the region, credentials and {@code SQS_ENDPOINT} override of {@code aws}, and the discovered observers. */
    public static LeanSqs of(AwsClients aws) {
        return new LeanSqs(AwsJsonClient.of(SERVICE, aws, "SQS_ENDPOINT", AwsJsonClient.AnswerCheck.NONE));
    }

    /** One message of a batch; {@code delaySeconds} null for the queue's own delay. */
    public record Entry(String id, String body, Integer delaySeconds) {
    }

    /** A batch entry SQS did not take: its code ({@code InvalidMessageContents}), message and whose fault it was. */
    public record Failure(String id, String code, String message, boolean senderFault) {
    }

    /** What SQS answered a batch: the ids of the entries it took, and the ones it did not. */
    public record BatchResult(List<String> successful, List<Failure> failed) {
    }

    /** A message received: {@code attributes} are the system attributes asked for ({@code ApproximateReceiveCount}). */
    public record Message(String messageId, String receiptHandle, String body, Map<String, String> attributes) {
    }

    /** One message of a delete batch. */
    public record Receipt(String id, String receiptHandle) {
    }

    /** SendMessage; answers the message id. */
    public String send(String queueUrl, String body, Integer delaySeconds) {
        Map<String, Object> request = queue(queueUrl);
        request.put("MessageBody", body);
        putIfSet(request, "DelaySeconds", delaySeconds);
        JsonNode a = call("SendMessage", request);
        String messageId = text(a, "MessageId");
        same(body, text(a, "MD5OfMessageBody"), "the message sent (id " + messageId + ")");
        return messageId;
    }

    /** SendMessageBatch (up to 10 entries, distinct ids); an entry SQS refuses is in the answer's {@code failed}. */
    public BatchResult sendBatch(String queueUrl, List<Entry> entries) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Id", e.id());
            entry.put("MessageBody", e.body());
            putIfSet(entry, "DelaySeconds", e.delaySeconds());
            out.add(entry);
        }
        Map<String, Object> request = queue(queueUrl);
        request.put("Entries", out);
        JsonNode a = call("SendMessageBatch", request);
        for (JsonNode ok : a.path("Successful")) {
            for (Entry e : entries) {
                if (e.id().equals(text(ok, "Id"))) {
                    same(e.body(), text(ok, "MD5OfMessageBody"), "batch entry " + e.id() + " (id " + text(ok, "MessageId") + ")");
                }
            }
        }
        return batchResult(a);
    }

    /**
     * ReceiveMessage: up to {@code max} messages, waiting up to {@code waitSeconds} for one; {@code visibilityTimeout}
     * null for the queue's; {@code systemAttributes} the system attributes to answer with each message.
     */
    public List<Message> receive(String queueUrl, int max, int waitSeconds, Integer visibilityTimeout, List<String> systemAttributes) {
        Map<String, Object> request = queue(queueUrl);
        if (!systemAttributes.isEmpty()) {
            request.put("MessageSystemAttributeNames", systemAttributes);
        }
        request.put("MaxNumberOfMessages", max);
        putIfSet(request, "VisibilityTimeout", visibilityTimeout);
        request.put("WaitTimeSeconds", waitSeconds);
        List<Message> out = new ArrayList<>();
        for (JsonNode m : call("ReceiveMessage", request).path("Messages")) {
            String body = text(m, "Body");
            same(body, text(m, "MD5OfBody"), "the message received (id " + text(m, "MessageId") + ")");
            out.add(new Message(text(m, "MessageId"), text(m, "ReceiptHandle"), body, strings(m.path("Attributes"))));
        }
        return out;
    }

    /** DeleteMessage of one received message. */
    public void delete(String queueUrl, String receiptHandle) {
        Map<String, Object> request = queue(queueUrl);
        request.put("ReceiptHandle", receiptHandle);
        call("DeleteMessage", request);
    }

    /** DeleteMessageBatch; an entry SQS could not delete is in the answer's {@code failed}. */
    public BatchResult deleteBatch(String queueUrl, List<Receipt> receipts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Receipt r : receipts) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Id", r.id());
            entry.put("ReceiptHandle", r.receiptHandle());
            out.add(entry);
        }
        Map<String, Object> request = queue(queueUrl);
        request.put("Entries", out);
        return batchResult(call("DeleteMessageBatch", request));
    }

    /** ChangeMessageVisibility of one received message. */
    public void changeVisibility(String queueUrl, String receiptHandle, int visibilityTimeout) {
        Map<String, Object> request = queue(queueUrl);
        request.put("ReceiptHandle", receiptHandle);
        request.put("VisibilityTimeout", visibilityTimeout);
        call("ChangeMessageVisibility", request);
    }

    /** GetQueueAttributes: the attributes {@code names} ({@code ApproximateNumberOfMessages}) SQS answers, by name. */
    public Map<String, String> attributes(String queueUrl, List<String> names) {
        Map<String, Object> request = queue(queueUrl);
        request.put("AttributeNames", names);
        return strings(call("GetQueueAttributes", request).path("Attributes"));
    }

    /** A request's members, in the order the SDK's marshaller writes them: the queue first. */
    private static Map<String, Object> queue(String queueUrl) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("QueueUrl", queueUrl);
        return request;
    }

    private static void putIfSet(Map<String, Object> members, String name, Integer value) {
        if (value != null) {
            members.put(name, value);
        }
    }

    /** The answer to {@code request} (written as JSON by the one JSON codec), as a tree; an empty answer is a missing node. */
    private JsonNode call(String operation, Map<String, Object> request) {
        return Json.tree(client.callRaw(operation, Json.bytes(request), Set.of()).body());
    }

    private static BatchResult batchResult(JsonNode answer) {
        List<String> ok = new ArrayList<>();
        for (JsonNode e : answer.path("Successful")) {
            ok.add(text(e, "Id"));
        }
        List<Failure> failed = new ArrayList<>();
        for (JsonNode e : answer.path("Failed")) {
            failed.add(new Failure(text(e, "Id"), text(e, "Code"), text(e, "Message"), e.path("SenderFault").asBoolean(false)));
        }
        return new BatchResult(List.copyOf(ok), List.copyOf(failed));
    }

    /** A string member, or null when the answer does not carry it (as the SDK's model leaves it unset). */
    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** The SDK's {@code MessageMD5ChecksumInterceptor}: each body's MD5 as SQS computed it must be the body's. */
    private static void same(String body, String md5, String what) {
        if (body == null || md5 == null) {
            return;
        }
        String computed = md5Hex(body);
        if (!computed.equalsIgnoreCase(md5)) {
            throw SdkClientException.create("MD5 returned by SQS does not match the calculation on the original request for "
                    + what + ": SQS " + md5 + ", calculated " + computed);
        }
    }

    static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
