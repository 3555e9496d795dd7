package com.socialwire.shared.jobs;

import com.socialwire.shared.Parallel;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import com.socialwire.shared.logging.LambdaLogging;
import com.socialwire.shared.snapstart.Priming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * Partial batch responses for SQS workers (Powertools' batch module is not available here): each
 * message is handled on its own; the ids of those that throw are reported in
 * {@code batchItemFailures}, so SQS redelivers only them and, after maxReceiveCount, moves them to
 * the DLQ. Nothing else in the batch is lost or repeated. Needs {@code ReportBatchItemFailures} on
 * the event source, which the template tests enforce.
 *
 * <p>A queue's messages each get a time budget ({@code JOB_BUDGET_MS} of the function, set in
 * template.yaml to cover the worst case of one message: its provider timeouts added up): a message
 * is started only while the invocation's remaining time covers that budget. The rest of the batch
 * is reported as failures untried, so SQS hands it out again instead of the Lambda timeout killing
 * the invocation mid-message (which would fail the whole batch, done messages included, and leave
 * holds and half-done work behind).
 *
 * <p>{@link #inParallel()}: a worker whose messages are independent and mostly wait on I/O (a comment
 * reply: DynamoDB, the LLM, the Graph API) handles its batch's messages at once, each on a thread of
 * its own (a batch is at most 10; see {@link Parallel} on why not virtual threads), as Powertools'
 * {@code processBatchInParallel} does — otherwise the last message of a batch
 * waits for all before it (measured: a batch of 3 comments added up to two replies' time to the last).
 * Started together, the batch needs one message's budget, not one per message.
 *
 * <p>{@link #sharingPerBatch()}: the batch's messages share what is cheaper per batch than per message — a
 * {@link Scope} open while they run, whose resources (one credit hold per account, one LLM budget hold per
 * tenant) are made at their first use and closed once after the last message, before the batch answers.
 */
public final class SqsBatch {

    private static final Logger LOG = LoggerFactory.getLogger(SqsBatch.class);

    /** The environment variable with the queue's budget per message, in milliseconds (0 or absent: no budget). */
    public static final String BUDGET_VARIABLE = "JOB_BUDGET_MS";

    /** Handles one message body; throwing marks the message failed. */
    @FunctionalInterface
    public interface MessageHandler {
        void handle(Message message) throws Exception;
    }

    /** Receives before SQS moves a message to its DLQ: every job queue's maxReceiveCount in template.yaml (TemplateTest checks). */
    public static final int MAX_RECEIVES = 5;

    /** The parts of an SQS record a worker uses. */
    public record Message(String messageId, String body, int receiveCount, String queueArn) {
        public JsonNode json() {
            return Json.tree(body);
        }

        /** True on the last receive before the DLQ: a job that would retry later must end now, with its reason. */
        public boolean lastReceive() {
            return receiveCount >= MAX_RECEIVES;
        }
    }

    /**
     * What one batch's messages share while it runs: resources made at their first use and closed, each once, after
     * the batch's last message. Visible on the thread that runs the batch and the threads it starts (an inheritable
     * thread local). A batch that dies before its end (a crash, a timeout) never closes it: a resource must leave
     * nothing that outlives that for good (a credit hold expires).
     */
    public static final class Scope {
        private static final InheritableThreadLocal<Scope> CURRENT = new InheritableThreadLocal<>();

        private final int messages;
        private final Map<Object, AutoCloseable> resources = new java.util.LinkedHashMap<>();
        private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

        private Scope(int messages) {
            this.messages = messages;
        }

        /** The scope of the batch this thread works for, if its batch shares one. */
        public static java.util.Optional<Scope> current() {
            return java.util.Optional.ofNullable(CURRENT.get());
        }

        /** Opens a scope of {@code messages} on this thread and those it starts (the batch's own code, and tests). */
        public static Scope open(int messages) {
            Scope scope = new Scope(messages);
            CURRENT.set(scope);
            return scope;
        }

        /** How many messages the batch has: what a resource shared by all of them may have to cover. */
        public int messages() {
            return messages;
        }

        /**
         * Runs {@code body} under the batch's one lock, which its resources change under (a {@code ReentrantLock},
         * not {@code synchronized}: a virtual thread holding it while it waits on DynamoDB does not pin its carrier).
         */
        public <T> T locked(java.util.function.Supplier<T> body) {
            lock.lock();
            try {
                return body.get();
            } finally {
                lock.unlock();
            }
        }

        /** The batch's resource under {@code key}, made by {@code create} at its first use. */
        @SuppressWarnings("unchecked")
        public synchronized <T extends AutoCloseable> T resource(Object key, java.util.function.Supplier<T> create) {
            return (T) resources.computeIfAbsent(key, k -> create.get());
        }

        /** Closes every resource, in the order they were made (a failure is logged, the others still close), and leaves the thread. */
        public void close() {
            List<AutoCloseable> all;
            synchronized (this) {
                all = new ArrayList<>(resources.values());
                resources.clear();
            }
            try {
                for (AutoCloseable r : all) {
                    try {
                        r.close();
                    } catch (Exception e) {
                        LOG.error("closing {} at the end of a batch failed: {}", r, e.toString());
                    }
                }
            } finally {
                if (CURRENT.get() == this) {
                    CURRENT.remove();
                }
            }
        }
    }

    private final MessageHandler handler;
    private final Duration perMessage;
    private final boolean parallel;
    private final boolean sharing;

    /** A batch whose budget per message is the function's {@value #BUDGET_VARIABLE}. */
    public SqsBatch(MessageHandler handler) {
        this(Duration.ofMillis(Math.max(0, Config.fromEnvironment().getLong(BUDGET_VARIABLE, 0))), handler);
    }

    public SqsBatch(Duration perMessage, MessageHandler handler) {
        this(perMessage, handler, false, false);
    }

    private SqsBatch(Duration perMessage, MessageHandler handler, boolean parallel, boolean sharing) {
        this.handler = handler;
        this.perMessage = perMessage;
        this.parallel = parallel;
        this.sharing = sharing;
        if (Priming.active()) {
            Priming.register("SQS batch", this::prime);
        }
    }

    /** This batch with its messages handled at once (each must not depend on another of the batch). */
    public SqsBatch inParallel() {
        return new SqsBatch(perMessage, handler, true, sharing);
    }

    /** This batch with a {@link Scope} its messages share, closed after the last of them. */
    public SqsBatch sharingPerBatch() {
        return new SqsBatch(perMessage, handler, parallel, true);
    }

    /** SnapStart priming ({@link Priming}): an empty batch through the Lambda entry (parsing, logging, the batch response); no message, no store. */
    byte[] prime() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        handle(new java.io.ByteArrayInputStream("{\"Records\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), out, null);
        return out.toByteArray();
    }

    public void handle(InputStream in, OutputStream out, Context context) throws IOException {
        JsonNode event = Json.tree(in);
        SQSBatchResponse response;
        LambdaLogging.begin(context);
        try {
            response = process(event, new Remaining(context));
        } finally {
            LambdaLogging.end();
        }
        out.write(Json.bytes(wire(response)));
    }

    /** The invocation's time left (all the time there is without a context): a class, where a lambda would spin one per cold start. */
    private record Remaining(Context context) implements LongSupplier {
        @Override
        public long getAsLong() {
            return context == null ? Long.MAX_VALUE : context.getRemainingTimeInMillis();
        }
    }

    /** The batch response as Lambda reads it (and as the mapper wrote the SDK's bean): {"batchItemFailures":[{"itemIdentifier":…}]}. */
    static Map<String, Object> wire(SQSBatchResponse response) {
        List<Map<String, Object>> failures = new ArrayList<>();
        for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
            Map<String, Object> failure = new java.util.LinkedHashMap<>();
            failure.put("itemIdentifier", f.getItemIdentifier());
            failures.add(failure);
        }
        return Map.of("batchItemFailures", failures);
    }

    /** Every message, however long it takes (no deadline). */
    public SQSBatchResponse process(JsonNode event) {
        return process(event, () -> Long.MAX_VALUE);
    }

    /** Starts each message only while {@code remainingMillis} covers the budget of one more; the rest are failures, untried. */
    public SQSBatchResponse process(JsonNode event, LongSupplier remainingMillis) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        int untried = 0;
        List<Future<Boolean>> running = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Scope scope = sharing ? Scope.open(event.path("Records").size()) : null;
        try (ExecutorService threads = parallel ? Executors.newThreadPerTaskExecutor(new Parallel.DaemonThreads("sqs-message")) : null) {
            for (JsonNode record : event.path("Records")) {
                String id = record.path("messageId").asText();
                if (untried > 0 || remainingMillis.getAsLong() < perMessage.toMillis()) {
                    untried++;
                    failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build());
                    continue;
                }
                Message message = new Message(id, record.path("body").asText(),
                        record.path("attributes").path("ApproximateReceiveCount").asInt(1),
                        record.path("eventSourceARN").asText());
                if (threads == null) {
                    if (!handled(message)) {
                        failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build());
                    }
                } else {
                    ids.add(id);
                    Map<String, String> logContext = MDC.getCopyOfContextMap(); // the request id and cold-start flag, on each thread
                    running.add(threads.submit(() -> {
                        if (logContext != null) {
                            MDC.setContextMap(logContext);
                        }
                        try {
                            return handled(message);
                        } finally {
                            MDC.clear();
                        }
                    }));
                }
            }
            for (int i = 0; i < running.size(); i++) {
                if (!running.get(i).get()) {
                    failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(ids.get(i)).build());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a batch ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a message's handler escaped its own catch", e);
        } finally {
            if (scope != null) {
                scope.close(); // after every message ended (the executor's close waited for them)
            }
        }
        if (untried > 0) {
            LOG.warn("{} messages left untried for SQS to hand out again: the time left could not cover {} ms more",
                    untried, perMessage.toMillis());
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** Handles one message; false if it failed (it is logged with its id). */
    private boolean handled(Message message) {
        MDC.put("correlation_id", message.messageId());
        try {
            handler.handle(message);
            return true;
        } catch (Exception e) {
            LOG.warn("message {} failed (receive {}): {}", message.messageId(), message.receiveCount(), e.toString());
            return false;
        } finally {
            MDC.remove("correlation_id");
        }
    }
}
