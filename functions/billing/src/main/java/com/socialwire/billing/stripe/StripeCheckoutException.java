package com.socialwire.billing.stripe;

/**
 * Why Stripe did not give us a Checkout Session. Two kinds, so a caller can switch on them:
 * <ul>
 *   <li>{@link Unavailable}: transient (connection failure or timeout, Stripe 5xx or 409 lock
 *       conflict, 429 rate limit). Retrying later with the same idempotency key may work: answer
 *       503 {@code PROVIDER_UNAVAILABLE}.</li>
 *   <li>{@link Rejected}: Stripe refused the request (400/404 invalid request, 401/403 key or
 *       permission, idempotency key reused with other parameters), answered something we cannot
 *       read, or Stripe is not configured here. A bug or a configuration problem, not the
 *       caller's fault, and retrying does not help: answer 502.</li>
 * </ul>
 * No message here ever carries the secret key: {@link StripeCheckout} redacts it (and anything
 * shaped like a Stripe key) from Stripe's text, and the original Stripe exception is not
 * attached as the cause.
 *
 * <p>Plain JDK types only.
 */
public abstract sealed class StripeCheckoutException extends RuntimeException
        permits StripeCheckoutException.Unavailable, StripeCheckoutException.Rejected {

    /** What went wrong, finer than the two subclasses. */
    public enum Kind {
        /** Could not connect, or the connection broke or timed out (no answer). */
        CONNECTION,
        /** HTTP 429 from Stripe. */
        RATE_LIMITED,
        /** HTTP 5xx, or 409 (a concurrent request holding the same idempotency key / object lock). */
        STRIPE_SERVER_ERROR,
        /** HTTP 400/404 {@code invalid_request_error}, or a card error (not expected when creating a session). */
        INVALID_REQUEST,
        /** HTTP 401/403: wrong, revoked or under-privileged secret key. */
        AUTHENTICATION,
        /** HTTP 400 {@code idempotency_error}: the idempotency key was used before with other parameters. */
        IDEMPOTENCY_CONFLICT,
        /** Stripe answered, but not with a usable Checkout Session (not JSON, no id or url). */
        UNEXPECTED_RESPONSE,
        /** STRIPE_SECRET_KEY / CHECKOUT_SUCCESS_URL missing: nothing was sent. */
        NOT_CONFIGURED
    }

    private final Kind kind;
    private final Integer stripeStatus;
    private final String stripeCode;
    private final String requestId;

    private StripeCheckoutException(Kind kind, String message, Integer stripeStatus, String stripeCode, String requestId) {
        super(message);
        this.kind = kind;
        this.stripeStatus = stripeStatus;
        this.stripeCode = stripeCode;
        this.requestId = requestId;
    }

    /** Builds the subclass that fits {@code kind}. */
    static StripeCheckoutException of(Kind kind, String message, Integer stripeStatus, String stripeCode, String requestId) {
        return switch (kind) {
            case CONNECTION, RATE_LIMITED, STRIPE_SERVER_ERROR -> new Unavailable(kind, message, stripeStatus, stripeCode, requestId);
            default -> new Rejected(kind, message, stripeStatus, stripeCode, requestId);
        };
    }

    public Kind kind() {
        return kind;
    }

    /** True when a later retry (same idempotency key) may succeed. */
    public abstract boolean transientFailure();

    /** The status we suggest answering our own caller with: 503 for {@link Unavailable}, 502 for {@link Rejected}. */
    public abstract int httpStatus();

    /** Stripe's HTTP status, or null when no response arrived. */
    public Integer stripeStatus() {
        return stripeStatus;
    }

    /** Stripe's error code (for example {@code parameter_invalid_integer}, {@code rate_limit}), or null. */
    public String stripeCode() {
        return stripeCode;
    }

    /** Stripe's request id ({@code req_...}) for support tickets, or null. */
    public String requestId() {
        return requestId;
    }

    /** Transient: Stripe unreachable, overloaded or rate limiting us. */
    public static final class Unavailable extends StripeCheckoutException {
        Unavailable(Kind kind, String message, Integer stripeStatus, String stripeCode, String requestId) {
            super(kind, message, stripeStatus, stripeCode, requestId);
        }

        @Override
        public boolean transientFailure() {
            return true;
        }

        @Override
        public int httpStatus() {
            return 503;
        }
    }

    /** Permanent for this request: our bug or our configuration, not the caller's. */
    public static final class Rejected extends StripeCheckoutException {
        Rejected(Kind kind, String message, Integer stripeStatus, String stripeCode, String requestId) {
            super(kind, message, stripeStatus, stripeCode, requestId);
        }

        @Override
        public boolean transientFailure() {
            return false;
        }

        @Override
        public int httpStatus() {
            return 502;
        }
    }
}
