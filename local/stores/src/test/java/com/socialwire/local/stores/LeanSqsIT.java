package com.socialwire.local.stores;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lean SQS client answers what the SDK's client answers, against ElasticMQ (which speaks SQS's JSON protocol): a
 * seeded loop of rounds, each the operations the functions and their tests use (send, send a batch with delays,
 * receive, change visibility, delete one and a batch, queue attributes) and the errors they can meet (a missing queue,
 * an empty batch, duplicate batch ids, a bad receipt handle), run once through each client on a fresh queue of its own;
 * the SDK's answers are read into LeanSqs's records and compared with LeanSqs's, with the ids SQS makes up (message
 * ids, receipt handles) set aside.
 */
class LeanSqsIT {

    private static final int ROUNDS = 10;
    private static final String ALPHABET = "abcXYZ019 -_.~#:/é日本🙂\"\\\n\t{}";
    private static final List<String> ATTRIBUTES = List.of("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed", "VisibilityTimeout", "MaximumMessageSize");

    static SqsClient sdk;
    static LeanSqs lean;

    @BeforeAll
    static void start() {
        LocalEnvironment env = LocalEnvironment.shared();
        AwsClients aws = new AwsClients(Config.of(Map.of("AWS_REGION", LocalStores.REGION, "AWS_ACCESS_KEY_ID", LocalStores.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", LocalStores.SECRET_KEY, "SQS_ENDPOINT", env.stores().sqsEndpoint().toString())));
        sdk = aws.configure(SqsClient.builder(), "SQS_ENDPOINT").build();
        lean = aws.sqs();
    }

    @AfterAll
    static void stop() {
        sdk.close();
    }

    /** The operations of a round, by either client. */
    private interface Client {
        String send(String url, String body);

        LeanSqs.BatchResult sendBatch(String url, List<LeanSqs.Entry> entries);

        List<LeanSqs.Message> receive(String url);

        void changeVisibility(String url, String receiptHandle);

        void delete(String url, String receiptHandle);

        LeanSqs.BatchResult deleteBatch(String url, List<LeanSqs.Receipt> receipts);

        Map<String, String> attributes(String url);
    }

    private static final Client LEAN = new Client() {
        public String send(String url, String body) {
            return lean.send(url, body, null);
        }

        public LeanSqs.BatchResult sendBatch(String url, List<LeanSqs.Entry> entries) {
            return lean.sendBatch(url, entries);
        }

        public List<LeanSqs.Message> receive(String url) {
            return lean.receive(url, 10, 0, 60, List.of("ApproximateReceiveCount"));
        }

        public void changeVisibility(String url, String receiptHandle) {
            lean.changeVisibility(url, receiptHandle, 120);
        }

        public void delete(String url, String receiptHandle) {
            lean.delete(url, receiptHandle);
        }

        public LeanSqs.BatchResult deleteBatch(String url, List<LeanSqs.Receipt> receipts) {
            return lean.deleteBatch(url, receipts);
        }

        public Map<String, String> attributes(String url) {
            return lean.attributes(url, ATTRIBUTES);
        }
    };

    /** The SDK's client, its answers read into LeanSqs's records. */
    private static final Client SDK = new Client() {
        public String send(String url, String body) {
            return sdk.sendMessage(b -> b.queueUrl(url).messageBody(body)).messageId();
        }

        public LeanSqs.BatchResult sendBatch(String url, List<LeanSqs.Entry> entries) {
            SendMessageBatchResponse r = sdk.sendMessageBatch(b -> b.queueUrl(url).entries(entries.stream()
                    .map(e -> SendMessageBatchRequestEntry.builder().id(e.id()).messageBody(e.body()).delaySeconds(e.delaySeconds()).build())
                    .toList()));
            return new LeanSqs.BatchResult(r.successful().stream().map(SendMessageBatchResultEntry::id).toList(),
                    r.failed().stream().map(f -> new LeanSqs.Failure(f.id(), f.code(), f.message(), f.senderFault())).toList());
        }

        public List<LeanSqs.Message> receive(String url) {
            return sdk.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0).visibilityTimeout(60)
                            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages().stream()
                    .map(m -> new LeanSqs.Message(m.messageId(), m.receiptHandle(), m.body(), m.attributesAsStrings())).toList();
        }

        public void changeVisibility(String url, String receiptHandle) {
            sdk.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(receiptHandle).visibilityTimeout(120));
        }

        public void delete(String url, String receiptHandle) {
            sdk.deleteMessage(b -> b.queueUrl(url).receiptHandle(receiptHandle));
        }

        public LeanSqs.BatchResult deleteBatch(String url, List<LeanSqs.Receipt> receipts) {
            DeleteMessageBatchResponse r = sdk.deleteMessageBatch(b -> b.queueUrl(url).entries(receipts.stream()
                    .map(e -> DeleteMessageBatchRequestEntry.builder().id(e.id()).receiptHandle(e.receiptHandle()).build()).toList()));
            return new LeanSqs.BatchResult(r.successful().stream().map(DeleteMessageBatchResultEntry::id).toList(),
                    r.failed().stream().map(f -> new LeanSqs.Failure(f.id(), f.code(), f.message(), f.senderFault())).toList());
        }

        public Map<String, String> attributes(String url) {
            return sdk.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(ATTRIBUTES)).attributesAsStrings();
        }
    };

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
            List<Object> bySdk = round(SDK, name, bodies, delayed);
            List<Object> byLean = round(LEAN, name, bodies, delayed);
            assertEquals(bySdk.size(), byLean.size());
            for (int i = 0; i < bySdk.size(); i++) {
                assertEquals(bySdk.get(i), byLean.get(i), "round " + round + ", step " + i);
                compared++;
            }
        }
        assertTrue(compared >= ROUNDS * 10, "compared " + compared);
    }

    private static List<Object> round(Client sqs, String queueName, List<String> bodies, int delayed) {
        String url = sdk.createQueue(b -> b.queueName(queueName)).queueUrl();
        List<Object> out = new ArrayList<>();
        try {
            out.add(sqs.send(url, bodies.get(0)) != null);
            List<LeanSqs.Entry> entries = new ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                entries.add(new LeanSqs.Entry("e" + i, bodies.get(i), i < delayed ? Integer.valueOf(900) : null));
            }
            out.add(sorted(sqs.sendBatch(url, entries)));
            List<LeanSqs.Message> received = new ArrayList<>();
            for (int i = 0; i < 5 && received.size() < 1 + bodies.size() - delayed; i++) {
                received.addAll(sqs.receive(url));
            }
            received.sort(Comparator.comparing(LeanSqs.Message::body));
            out.add(received.stream().map(m -> List.of(m.messageId() != null, m.receiptHandle() != null, m.body(), m.attributes())).toList());
            if (!received.isEmpty()) {
                LeanSqs.Message first = received.get(0);
                sqs.changeVisibility(url, first.receiptHandle());
                sqs.delete(url, first.receiptHandle());
                List<LeanSqs.Receipt> deletes = new ArrayList<>();
                for (int i = 1; i < received.size() && deletes.size() < 9; i++) { // 10 to a batch, with the bad one
                    deletes.add(new LeanSqs.Receipt("d" + i, received.get(i).receiptHandle()));
                }
                deletes.add(new LeanSqs.Receipt("bad", "not-a-receipt-handle"));
                out.add(sorted(sqs.deleteBatch(url, deletes)));
            }
            out.add(new TreeMap<>(sqs.attributes(url)));
            out.add(SdkAnswers.failure(() -> sqs.send(url + "-missing", "{}"), e -> List.of()));
            out.add(SdkAnswers.failure(() -> sqs.sendBatch(url, List.of()), e -> List.of()));
            out.add(SdkAnswers.failure(() -> sqs.sendBatch(url, List.of(new LeanSqs.Entry("same", "a", null),
                    new LeanSqs.Entry("same", "b", null))), e -> List.of()));
            out.add(SdkAnswers.failure(() -> sqs.delete(url, "not-a-receipt-handle"), e -> List.of()));
            out.add(SdkAnswers.failure(() -> sqs.changeVisibility(url, "not-a-receipt-handle"), e -> List.of()));
        } finally {
            sdk.deleteQueue(b -> b.queueUrl(url));
        }
        return out;
    }

    private static LeanSqs.BatchResult sorted(LeanSqs.BatchResult r) {
        return new LeanSqs.BatchResult(r.successful().stream().sorted().toList(),
                r.failed().stream().sorted(Comparator.comparing(LeanSqs.Failure::id)).toList());
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
