package com.socialwire.local.stores;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lean SQS client answers what the SDK's client answers, against ElasticMQ (which speaks SQS's JSON protocol): a
 * seeded loop of rounds, each the operations the functions and their tests use (send, send a batch with delays,
 * receive, delete one and a batch, change visibility, queue attributes, queue URL) and the errors they can meet (a
 * missing queue, an empty batch, duplicate batch ids, a bad receipt handle), run once through each client on a fresh
 * queue of its own; answers are compared field by field, with the ids SQS makes up (message ids, receipt handles,
 * queue names and timestamps) set aside.
 */
class LeanSqsIT {

    private static final int ROUNDS = 10;
    private static final String ALPHABET = "abcXYZ019 -_.~#:/é日本🙂\"\\\n\t{}";

    static SqsClient sdk;
    static SqsClient lean;

    @BeforeAll
    static void start() {
        LocalEnvironment env = LocalEnvironment.shared();
        AwsClients aws = new AwsClients(Config.of(Map.of("AWS_REGION", LocalStores.REGION, "AWS_ACCESS_KEY_ID", LocalStores.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", LocalStores.SECRET_KEY, "SQS_ENDPOINT", env.stores().sqsEndpoint().toString())));
        sdk = aws.configure(SqsClient.builder(), "SQS_ENDPOINT").build();
        lean = aws.sqs();
        assertInstanceOf(LeanSqs.class, lean);
    }

    @AfterAll
    static void stop() {
        sdk.close();
    }

    @Test
    void everyOperationAnswersExactlyAsTheSdksClientDoesAgainstElasticMq() {
        Random random = new Random(20261204);
        int compared = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<String> bodies = new ArrayList<>();
            int n = 1 + random.nextInt(10);
            for (int i = 0; i < n; i++) {
                bodies.add(randomBody(random));
            }
            int delayed = random.nextInt(n);
            String name = "leanit-" + System.nanoTime() + "-" + round;
            List<Object> bySdk = round(sdk, name, bodies, delayed);
            List<Object> byLean = round(lean, name, bodies, delayed);
            assertEquals(bySdk.size(), byLean.size());
            for (int i = 0; i < bySdk.size(); i++) {
                assertEquals(bySdk.get(i), byLean.get(i), "round " + round + ", step " + i);
                compared++;
            }
        }
        assertTrue(compared >= ROUNDS * 10, "compared " + compared);
    }

    private static List<Object> round(SqsClient sqs, String queueName, List<String> bodies, int delayed) {
        String url = sdk.createQueue(b -> b.queueName(queueName)).queueUrl();
        List<Object> out = new ArrayList<>();
        try {
            out.add(comparable(sqs.getQueueUrl(b -> b.queueName(queueName)), url));
            out.add(comparable(sqs.sendMessage(b -> b.queueUrl(url).messageBody(bodies.get(0))), url));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                SendMessageBatchRequestEntry.Builder e = SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(bodies.get(i));
                if (i < delayed) {
                    e.delaySeconds(900);
                }
                entries.add(e.build());
            }
            out.add(comparable(sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)), url));
            List<Message> received = new ArrayList<>();
            for (int i = 0; i < 5 && received.size() < 1 + bodies.size() - delayed; i++) {
                received.addAll(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(60)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages());
            }
            received.sort(Comparator.comparing(Message::body));
            out.add(received.stream().map(m -> comparable(m, url)).toList());
            if (!received.isEmpty()) {
                Message first = received.get(0);
                out.add(comparable(sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(first.receiptHandle()).visibilityTimeout(120)), url));
                out.add(comparable(sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.receiptHandle())), url));
                List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
                for (int i = 1; i < received.size(); i++) {
                    deletes.add(DeleteMessageBatchRequestEntry.builder().id("d" + i).receiptHandle(received.get(i).receiptHandle()).build());
                }
                if (!deletes.isEmpty()) {
                    out.add(comparable(sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(deletes)), url));
                }
            }
            out.add(comparable(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
                    QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.MAXIMUM_MESSAGE_SIZE)), url));
            out.add(SdkAnswers.failure(() -> sqs.sendMessage(b -> b.queueUrl(url + "-missing").messageBody("{}")), e -> List.of()));
            out.add(SdkAnswers.failure(() -> sqs.getQueueUrl(b -> b.queueName(queueName + "-missing")), e -> List.of()));
            out.add(SdkAnswers.failure(() -> sqs.sendMessageBatch(b -> b.queueUrl(url)), e -> List.of()));
            out.add(SdkAnswers.failure(() -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                    SendMessageBatchRequestEntry.builder().id("same").messageBody("a").build(),
                    SendMessageBatchRequestEntry.builder().id("same").messageBody("b").build())), e -> List.of()));
            out.add(SdkAnswers.failure(() -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle("not-a-receipt-handle")), e -> List.of()));
        } finally {
            sdk.deleteQueue(b -> b.queueUrl(url));
        }
        return out;
    }

    /** An answer with the ids SQS makes up set aside: every string member that holds one, recursively. */
    private static Object comparable(SdkPojo answer, String queueUrl) {
        Map<String, Object> out = new TreeMap<>();
        answer.sdkFields().forEach(f -> {
            Object v = f.getValueOrDefault(answer);
            String name = f.memberName();
            if (v == null || name.equals("MessageId") || name.equals("ReceiptHandle")) {
                out.put(name, v == null ? null : "<id>");
            } else if (v instanceof SdkPojo p) {
                out.put(name, comparable(p, queueUrl));
            } else if (v instanceof List<?> l) {
                List<Object> items = new ArrayList<>();
                l.forEach(i -> items.add(i instanceof SdkPojo p ? comparable(p, queueUrl) : i));
                items.sort(Comparator.comparing(String::valueOf));
                out.put(name, items);
            } else if (v instanceof String s) {
                out.put(name, s.replace(queueUrl, "<queue>"));
            } else {
                out.put(name, String.valueOf(v));
            }
        });
        return out;
    }

    private static String randomBody(Random random) {
        StringBuilder s = new StringBuilder("{\"job\":\"");
        int length = 1 + random.nextInt(200);
        int[] cps = ALPHABET.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        return s.append("\"}").toString();
    }
}
