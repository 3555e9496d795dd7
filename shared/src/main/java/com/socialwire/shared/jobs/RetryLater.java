package com.socialwire.shared.jobs;

/**
 * A job that cannot finish now but may later (a provider's 429/5xx/timeout, another worker
 * holding the same job): thrown so SQS redelivers the message, and after maxReceiveCount moves
 * it to the DLQ.
 */
public final class RetryLater extends RuntimeException {

    public RetryLater(String message) {
        super(message, null, false, false);
    }
}
