package com.socialwire.shared.jobs;

import com.socialwire.shared.Json;
import com.socialwire.shared.Parallel;
import com.socialwire.shared.aws.LeanSqs;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Puts jobs on one SQS queue as JSON, ten to a request, up to {@value #PARALLEL_BATCHES} requests
 * at once. Throws unless every job was accepted, so a caller that must not lose work (a webhook)
 * can answer with an error and be retried.
 */
public final class JobQueue {

    /** SendMessageBatch requests in flight at once for one {@link #send}. */
    static final int PARALLEL_BATCHES = 8;

    private final Supplier<LeanSqs> sqs;
    private final String queueUrl;

    public JobQueue(Supplier<LeanSqs> sqs, String queueUrl) {
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
        List<List<?>> chunks = new ArrayList<>();
        for (int from = 0; from < jobs.size(); from += 10) {
            chunks.add(jobs.subList(from, Math.min(jobs.size(), from + 10)));
        }
        // a big delivery (a 1,000-entry webhook) must be queued within its caller's timeout: batches go out in parallel
        Parallel.forEach(chunks, PARALLEL_BATCHES, this::sendBatch);
    }

    /**
     * Whether {@code e}, thrown by {@link #send}, says the queue could not take the jobs right now — SQS
     * unreachable or timing out (no answer), failing on its side (5xx) or throttling — rather than that the
     * jobs or the caller's queue or permissions are wrong: a later send of the same jobs may succeed.
     */
    public static boolean unavailable(RuntimeException e) {
        return e instanceof SdkClientException
                || e instanceof SdkServiceException s && (s.statusCode() >= 500 || s.isThrottlingException());
    }

    private void sendBatch(List<?> chunk) {
        List<LeanSqs.Entry> entries = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            Object job = chunk.get(i);
            entries.add(job instanceof Delayed d
                    ? new LeanSqs.Entry(Integer.toString(i), Json.write(d.job()), d.delaySeconds())
                    : new LeanSqs.Entry(Integer.toString(i), Json.write(job), null));
        }
        LeanSqs.BatchResult r = sqs.get().sendBatch(queueUrl, entries);
        if (!r.failed().isEmpty()) {
            throw new IllegalStateException(r.failed().size() + " of " + entries.size() + " jobs were not accepted by the queue: "
                    + r.failed().get(0).code());
        }
    }
}
