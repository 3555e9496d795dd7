package com.socialwire.shared.billing;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Paid work's one pattern: reserve the most it can cost before spending anything (not enough →
 * the work is not done), then settle what it really cost, or refund all of it if the work
 * failed. Operation ids are deterministic per piece of work, so a retried job finds its
 * reservation instead of making a second.
 */
public final class Metering {

    /** How long a reservation may stay open before the sweep gives it back. */
    public static final Duration HOLD_FOR = Duration.ofMinutes(15);

    /** Credits held for one operation. */
    public record Hold(String accountId, String operationId, long reservedMicroCredits) {
    }

    private final Ledger ledger;
    private final PriceCard card;
    private final Clock clock;

    public Metering(Ledger ledger, PriceCard card, Clock clock) {
        this.ledger = ledger;
        this.card = card;
        this.clock = clock;
    }

    public PriceCard card() {
        return card;
    }

    /** Reserves {@code microCredits} for {@code operationId}; empty if the account cannot cover it. */
    public Optional<Hold> hold(String accountId, String operationId, long microCredits, String reference) {
        Ledger.Result r = ledger.reserve(accountId, microCredits, operationId, clock.instant().plus(HOLD_FOR), reference);
        return switch (r) {
            case Ledger.Result.Applied a -> Optional.of(new Hold(accountId, operationId, microCredits));
            case Ledger.Result.Insufficient i -> Optional.empty();
            case Ledger.Result.AlreadyEnded e -> throw new IllegalStateException("reservation " + operationId + " already ended: " + e.status());
        };
    }

    /** Spends {@code actualMicroCredits} of the hold (capped at what was held); the rest goes back. */
    public Usage settle(Hold hold, long actualMicroCredits) {
        long actual = Math.min(Math.max(0, actualMicroCredits), hold.reservedMicroCredits());
        Ledger.Result r = ledger.settle(hold.accountId(), hold.operationId(), actual);
        if (r instanceof Ledger.Result.AlreadyEnded ended && !"settled".equals(ended.status())) {
            // the sweep expired it first: the work was done but is not charged
            return new Usage(card.version(), hold.reservedMicroCredits(), 0, hold.reservedMicroCredits());
        }
        return new Usage(card.version(), hold.reservedMicroCredits(), actual, hold.reservedMicroCredits() - actual);
    }

    /** Gives the whole hold back: the paid work failed or was not done. */
    public Usage refund(Hold hold, String reason) {
        ledger.refund(hold.accountId(), hold.operationId(), reason);
        return new Usage(card.version(), hold.reservedMicroCredits(), 0, hold.reservedMicroCredits());
    }

    public Ledger ledger() {
        return ledger;
    }
}
