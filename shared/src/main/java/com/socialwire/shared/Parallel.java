package com.socialwire.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one blocking call per item (an SQS batch, a DynamoDB write) on at most {@code limit} platform threads at
 * once, and returns when all are done: a big webhook delivery is handled within its caller's timeout. The first
 * failure is rethrown after every call has finished. Platform threads, not virtual ones: a function runs a few to
 * a few dozen calls at once, and the first virtual thread of a JVM starts its carrier pool and I/O pollers (~40
 * classes at a worker's cold start) for no gain at that scale.
 */
public final class Parallel {

    private Parallel() {
    }

    public static <T> void forEach(List<T> items, int limit, Consumer<T> call) {
        if (items.size() <= 1) {
            items.forEach(call);
            return;
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(limit, items.size()), new DaemonThreads("parallel"))) {
            List<Future<?>> running = new ArrayList<>(items.size());
            for (T item : items) {
                running.add(pool.submit(new Call<>(call, item)));
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

    private record Call<T>(Consumer<T> call, T item) implements Runnable {
        @Override
        public void run() {
            call.accept(item);
        }
    }

    /** Daemon platform threads named {@code prefix-n}: a pool that is not shut down never keeps a JVM alive. */
    public static final class DaemonThreads implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        public DaemonThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
