package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.stores.LocalResources;
import com.socialwire.local.stores.LocalStores;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.Json;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lambda's SQS event source mapping, locally: long-polls one queue, invokes the function with
 * batches of up to {@code BatchSize} records, deletes what succeeded and leaves what failed —
 * all of the batch if the function threw, or only the {@code batchItemFailures} when the event
 * reports them — so SQS redelivers it and its redrive policy moves it to the DLQ after
 * maxReceiveCount receives. Failed messages become visible again after a short local delay
 * (the deployed queue's visibility timeout would make a developer wait minutes).
 */
final class QueuePoller implements Runnable {

    private final FunctionHost host;
    private final SqsClient sqs;
    private final String function;
    private final Template.SqsEvent event;
    private final String queueUrl;
    private final String queueArn;
    private final int retryDelaySeconds;
    private volatile boolean running = true;
    private final PollerScaling scaling = new PollerScaling(PollerScaling.LOCAL_MAX);
    private final java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();

    QueuePoller(FunctionHost host, SqsClient sqs, LocalResources res, String function, Template.SqsEvent event, int retryDelaySeconds) {
        this.host = host;
        this.sqs = sqs;
        this.function = function;
        this.event = event;
        this.queueUrl = res.queueUrl(event.queue());
        this.queueArn = res.attribute(event.queue(), "Arn");
        this.retryDelaySeconds = retryDelaySeconds;
    }

    String describe() {
        return event.queue() + " -> " + function + " (batch " + event.batchSize()
                + (event.reportsBatchItemFailures() ? ", partial batch responses" : "") + ")";
    }

    void stop() {
        running = false;
    }

    /** Starts the first pollers; more follow while a backlog lasts ({@link PollerScaling}). */
    void start() {
        for (int i = scaling.start(); i > 0; i--) {
            startThread();
        }
    }

    private void startThread() {
        Thread t = new Thread(this, "poller-" + threads.getAndIncrement() + "-" + describe());
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        while (running) {
            try {
                int received = pollOnce(1);
                if (scaling.addAfter(received, maxMessages(), System.nanoTime())) {
                    startThread();
                } else if (scaling.retireAfter(received)) {
                    return;
                }
            } catch (QueueDoesNotExistException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    System.err.println("poller " + event.queue() + ": " + e.getMessage());
                    sleep(1000);
                }
            }
        }
    }

    private int maxMessages() {
        return Math.min(10, Math.max(1, event.batchSize()));
    }

    /** Receives one batch and hands it to the function; returns how many messages it received. */
    int pollOnce(int waitSeconds) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                .maxNumberOfMessages(maxMessages())
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
        if (messages.isEmpty()) {
            return 0;
        }
        Set<String> failed = new HashSet<>();
        try {
            byte[] out = host.invoke(function, Json.bytes(sqsEvent(messages)));
            JsonNode response = out.length == 0 ? Json.mapper().nullNode() : Json.tree(out);
            if (event.reportsBatchItemFailures()) {
                for (JsonNode f : response.path("batchItemFailures")) {
                    failed.add(f.path("itemIdentifier").asText());
                }
            }
        } catch (RuntimeException e) {
            System.err.println(function + " failed on a batch of " + messages.size() + ": " + e);
            messages.forEach(m -> failed.add(m.messageId()));
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : messages) {
            if (failed.contains(m.messageId())) {
                int receives = Integer.parseInt(m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
                sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(Math.min(60, retryDelaySeconds * receives)));
            } else {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size())).receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
        }
        return messages.size();
    }

    /** The event Lambda's SQS event source sends. */
    private ObjectNode sqsEvent(List<Message> messages) {
        ObjectNode ev = Json.object();
        ArrayNode records = ev.putArray("Records");
        for (Message m : messages) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            ObjectNode attrs = r.putObject("attributes");
            m.attributes().forEach((k, v) -> attrs.put(k.toString(), v));
            ObjectNode mattrs = r.putObject("messageAttributes");
            m.messageAttributes().forEach((k, v) -> {
                ObjectNode a = mattrs.putObject(k);
                a.put("stringValue", v.stringValue());
                a.putArray("stringListValues");
                a.putArray("binaryListValues");
                a.put("dataType", v.dataType());
            });
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn);
            r.put("awsRegion", LocalStores.REGION);
        }
        return ev;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
