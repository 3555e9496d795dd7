package com.socialwire.shared.jobs;

import com.socialwire.shared.Json;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Puts jobs on one SQS queue as JSON, ten to a request. Throws unless every job was accepted,
 * so a caller that must not lose work (a webhook) can answer with an error and be retried.
 */
public final class JobQueue {

    private final Supplier<SqsClient> sqs;
    private final String queueUrl;

    public JobQueue(Supplier<SqsClient> sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** A job SQS holds back for {@code delaySeconds} (0 to 900) before any consumer sees it. */
    public record Delayed(Object job, int delaySeconds) {
        public Delayed {
            delaySeconds = Math.max(0, Math.min(900, delaySeconds));
        }
    }

    public void send(List<?> jobs) {
        for (int from = 0; from < jobs.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            List<?> chunk = jobs.subList(from, Math.min(jobs.size(), from + 10));
            for (int i = 0; i < chunk.size(); i++) {
                Object job = chunk.get(i);
                SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder().id(Integer.toString(i));
                if (job instanceof Delayed d) {
                    entry.messageBody(Json.write(d.job())).delaySeconds(d.delaySeconds());
                } else {
                    entry.messageBody(Json.write(job));
                }
                entries.add(entry.build());
            }
            SendMessageBatchResponse r = sqs.get().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            if (r.hasFailed() && !r.failed().isEmpty()) {
                throw new IllegalStateException(r.failed().size() + " of " + entries.size() + " jobs were not accepted by the queue: "
                        + r.failed().get(0).code());
            }
        }
    }
}
