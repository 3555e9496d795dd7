package com.socialwire.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;

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

    /**
     * Starts {@code call} for every item at once on {@code pool} (independent reads: one round trip instead of one per
     * item) and answers their futures in the items' order, for the caller to {@link #join} one by one.
     */
    public static <T, R> List<Future<R>> start(ExecutorService pool, List<T> items, Function<T, R> call) {
        List<Future<R>> started = new ArrayList<>(items.size());
        for (T item : items) {
            started.add(pool.submit(() -> call.apply(item)));
        }
        return started;
    }

    /** The result of {@code f}, waiting for it; its failure rethrown as it was thrown (a checked one wrapped). */
    public static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
