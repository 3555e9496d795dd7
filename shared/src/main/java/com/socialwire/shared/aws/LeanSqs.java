package com.socialwire.shared.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * An SQS client behind the SDK's own {@link SqsClient} interface that speaks SQS's JSON protocol (AWS JSON 1.0,
 * {@code X-Amz-Target: AmazonSQS.<Operation>}) through the lean clients' one transport ({@link AwsJsonClient}), so a
 * function's first {@code JobQueue.send} does not build the SDK's SQS client. Errors are the SDK's SQS exception
 * types ({@code com.amazonaws.sqs#QueueDoesNotExist} is a {@code QueueDoesNotExistException}) with the error code the
 * SDK gives: the query-protocol code of {@code x-amzn-query-error} ({@code AWS.SimpleQueueService.NonExistentQueue})
 * when SQS sends one. As the SDK's checksum interceptor does, the MD5 SQS answers for each message body sent or
 * received is checked against the body, and a mismatch is an {@link SdkClientException}. (Message attributes' MD5 is
 * not checked: no function sends attributes.) 4 attempts as the SDK's default retry mode; {@code SQS_ENDPOINT} overrides the
 * endpoint. Operations not listed here throw the SDK interface's {@link UnsupportedOperationException}.
 */
public final class LeanSqs extends LeanClient implements SqsClient {

    static final AwsJsonClient.Service SERVICE = new AwsJsonClient.Service("Sqs", "sqs", "AmazonSQS.",
            "application/x-amz-json-1.0", 4, 100, false, true, "software.amazon.awssdk.services.sqs.model", SqsException::builder);

    public LeanSqs(URI endpoint, String region, AwsCredentialsProvider credentials, List<AwsCallObserver> observers, Clock clock) {
        this(new AwsJsonClient(SERVICE, endpoint, region, credentials, observers, clock, LeanSqs::checkMd5));
    }

    private LeanSqs(AwsJsonClient client) {
        super(client);
    }

    /** With the region, credentials and {@code SQS_ENDPOINT} override of {@code aws}, and the discovered observers. */
    /**
     * Typed as the SDK's interface so that verifying {@link AwsClients} does not load this class and the interface:
     * a function whose zip does not ship this service's SDK jar must still start.
     */
    public static SqsClient of(AwsClients aws) {
        return new LeanSqs(AwsJsonClient.of(SERVICE, aws, "SQS_ENDPOINT", LeanSqs::checkMd5));
    }

    @Override
    public SendMessageResponse sendMessage(SendMessageRequest request) {
        return client.call("SendMessage", request, SendMessageResponse::builder);
    }

    @Override
    public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
        return client.call("SendMessageBatch", request, SendMessageBatchResponse::builder);
    }

    @Override
    public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
        return client.call("ReceiveMessage", request, ReceiveMessageResponse::builder);
    }

    @Override
    public DeleteMessageResponse deleteMessage(DeleteMessageRequest request) {
        return client.call("DeleteMessage", request, DeleteMessageResponse::builder);
    }

    @Override
    public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest request) {
        return client.call("DeleteMessageBatch", request, DeleteMessageBatchResponse::builder);
    }

    @Override
    public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest request) {
        return client.call("ChangeMessageVisibility", request, ChangeMessageVisibilityResponse::builder);
    }

    @Override
    public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
        return client.call("GetQueueAttributes", request, GetQueueAttributesResponse::builder);
    }

    @Override
    public GetQueueUrlResponse getQueueUrl(GetQueueUrlRequest request) {
        return client.call("GetQueueUrl", request, GetQueueUrlResponse::builder);
    }

    /** The SDK's {@code MessageMD5ChecksumInterceptor}: each body's MD5 as SQS computed it must be the body's. */
    static void checkMd5(String operation, SdkRequest request, SdkResponse response) {
        if (request instanceof SendMessageRequest r && response instanceof SendMessageResponse a) {
            same(r.messageBody(), a.md5OfMessageBody(), "the message sent (id " + a.messageId() + ")");
        } else if (request instanceof SendMessageBatchRequest r && response instanceof SendMessageBatchResponse a && a.hasSuccessful()) {
            for (SendMessageBatchResultEntry ok : a.successful()) {
                String body = r.entries().stream().filter(e -> e.id().equals(ok.id())).map(SendMessageBatchRequestEntry::messageBody)
                        .findFirst().orElse(null);
                if (body != null) {
                    same(body, ok.md5OfMessageBody(), "batch entry " + ok.id() + " (id " + ok.messageId() + ")");
                }
            }
        } else if (response instanceof ReceiveMessageResponse a && a.hasMessages()) {
            for (Message m : a.messages()) {
                same(m.body(), m.md5OfBody(), "the message received (id " + m.messageId() + ")");
            }
        }
    }

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
