package com.socialwire.local.runtime;

/**
 * How many batches Lambda's SQS event source runs at once for one queue, locally: it starts with
 * {@value #INITIAL} concurrent batches, and while messages keep coming (a receive fills its batch) adds
 * pollers at Lambda's scale-up rate (up to 300 more a minute: one per {@value #SCALE_UP_EVERY_MS} ms),
 * up to {@code max}; a poller beyond the first {@value #INITIAL} retires when its receive comes back
 * empty (the backlog is gone). Lambda's own ceiling is 1,250 concurrent batches or the function's
 * reserved concurrency; locally {@code max} is lower, as a laptop cannot run more at once anyway.
 */
final class PollerScaling {

    static final int INITIAL = 5;
    static final long SCALE_UP_EVERY_MS = 200;
    /** The local ceiling when the function reserves no concurrency. */
    static final int LOCAL_MAX = 50;

    private final int max;
    private int active;
    private long lastAddedNanos = Long.MIN_VALUE;

    PollerScaling(int max) {
        this.max = Math.max(INITIAL, max);
    }

    /** The pollers to start with. */
    synchronized int start() {
        active = INITIAL;
        return INITIAL;
    }

    /** After a receive of {@code received} of at most {@code batchSize} at {@code nowNanos}: whether to start one more poller. */
    synchronized boolean addAfter(int received, int batchSize, long nowNanos) {
        if (received < batchSize || active >= max
                || (lastAddedNanos != Long.MIN_VALUE && nowNanos - lastAddedNanos < SCALE_UP_EVERY_MS * 1_000_000)) {
            return false;
        }
        lastAddedNanos = nowNanos;
        active++;
        return true;
    }

    /** After a receive of {@code received} messages: whether the poller that made it stops. */
    synchronized boolean retireAfter(int received) {
        if (received > 0 || active <= INITIAL) {
            return false;
        }
        active--;
        return true;
    }

    synchronized int active() {
        return active;
    }
}
