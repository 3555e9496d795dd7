package com.socialwire.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Runs one blocking call per item (an SQS batch, a DynamoDB write) on virtual threads, at most {@code limit} at
 * once, and returns when all are done: a big webhook delivery is handled within its caller's timeout. The first
 * failure is rethrown after every call has finished.
 */
public final class Parallel {

    private Parallel() {
    }

    public static <T> void forEach(List<T> items, int limit, Consumer<T> call) {
        if (items.size() <= 1) {
            items.forEach(call);
            return;
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore inFlight = new Semaphore(limit);
            List<Future<?>> running = new ArrayList<>(items.size());
            for (T item : items) {
                running.add(pool.submit(() -> {
                    inFlight.acquireUninterruptibly();
                    try {
                        call.accept(item);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            RuntimeException first = null;
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
