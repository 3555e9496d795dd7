package com.socialwire.shared.billing;

import com.socialwire.shared.jobs.SqsBatch;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Paid work's one pattern: reserve the most it can cost before spending anything (not enough →
 * the work is not done), then settle what it really cost, or refund all of it if the work
 * failed. Operation ids are deterministic per piece of work, so a retried job finds its
 * reservation instead of making a second.
 *
 * <p>Retries converge, never loop: a retry whose hold is still live gets that hold (with the
 * amount it holds, if the retry now asks for another: what was held is what it can settle); a
 * retry whose hold is dead (settled, refunded or expired: the ledger never answers such a hold as
 * live) reserves again under the next id of the operation's chain ({@code op}, {@code op~2},
 * {@code op~3}, ...). The chain is deterministic, so a retry of a retry finds the hold its
 * predecessor took; settle and refund follow the chain from the id they are given to its live hold.
 *
 * <p>Inside an SQS batch that shares a {@link SqsBatch.Scope} ({@link SqsBatch#sharingPerBatch()}), a hold is a
 * draw from the batch's one hold of the account ({@link BatchHolds}): its id is {@code operationId@batchHold}, its
 * settle and refund are recorded in memory, and the batch's end writes them all in one ledger transaction. The
 * usage each call reports is the same either way.
 */
public final class Metering {

    /** How long a reservation may stay open before the sweep gives it back. */
    public static final Duration HOLD_FOR = Duration.ofMinutes(15);

    /** How far a chain of re-reserves may grow: one link per dead hold, so far more than a queue's receives. */
    static final int MAX_CHAIN = 32;

    private static final String LINK = "~";

    /**
     * Credits held for one operation ({@code operationId} is the ledger id of the hold, possibly a later link of the
     * chain, or {@code op@batchHold} for a draw of a batch's hold).
     */
    public record Hold(String accountId, String operationId, long reservedMicroCredits) {

        private static final char DRAWN_FROM = '@';

        /** The hold of {@code operationId}: its own if {@code batchHold} is null, else its draw of that batch hold. */
        public static Hold of(String accountId, String operationId, String batchHold, long reservedMicroCredits) {
            return new Hold(accountId, batchHold == null ? operationId : operationId + DRAWN_FROM + batchHold, reservedMicroCredits);
        }

        /** The batch hold this is a draw of, or null: what a record keeps (beside the operation id) to settle it later. */
        public String batchHold() {
            int at = operationId.indexOf(DRAWN_FROM);
            return at < 0 ? null : operationId.substring(at + 1);
        }
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

    /**
     * Reserves {@code microCredits} for {@code operationId}; empty if the account cannot cover it.
     * A live hold of the operation is reused; a dead one is replaced by a hold under the next id of its chain.
     */
    public Optional<Hold> hold(String accountId, String operationId, long microCredits, String reference) {
        Optional<BatchHolds> batch = batch();
        if (batch.isPresent()) {
            return batch.get().draw(accountId, operationId, microCredits, reference);
        }
        return holdOwn(accountId, operationId, microCredits, reference);
    }

    /**
     * A hold of its own for {@code operationId}, even inside a batch that shares its holds: for an operation whose hold
     * was taken before (by another function, or by an earlier delivery as a draw its batch carried), which this finds
     * live and reuses, or renews under the next id of its chain.
     */
    public Optional<Hold> holdOwn(String accountId, String operationId, long microCredits, String reference) {
        String id = operationId;
        for (int link = 1; link <= MAX_CHAIN; link++) {
            Ledger.Result r = ledger.reserve(accountId, microCredits, id, clock.instant().plus(HOLD_FOR), reference);
            // an if-chain, not a type switch: its bootstrap spins a class with the ClassFile API at a cold start's first hold
            if (r instanceof Ledger.Result.Applied) {
                return Optional.of(new Hold(accountId, id, microCredits));
            } else if (r instanceof Ledger.Result.Held h) {
                return Optional.of(new Hold(accountId, id, h.heldMicroCredits()));
            } else if (r instanceof Ledger.Result.Insufficient) {
                return Optional.empty();
            } else if (r instanceof Ledger.Result.AlreadyEnded) {
                id = next(id);
            } else {
                throw new IllegalStateException("unexpected ledger result " + r);
            }
        }
        throw new IllegalStateException("operation " + operationId + " was reserved and ended " + MAX_CHAIN + " times");
    }

    /**
     * Spends {@code actualMicroCredits} of the hold (capped at what was held); the rest goes back.
     * The live hold of the chain from the hold's id is settled; if there is none (the sweep expired
     * it first), the work was done but is not charged. A repeat reports the first settlement's usage.
     */
    public Usage settle(Hold hold, long actualMicroCredits) {
        long actual = Math.min(Math.max(0, actualMicroCredits), hold.reservedMicroCredits());
        boolean charged = batch().map(b -> b.spend(hold, actual)).orElse(false)
                || alongChain(hold, id -> ledger.settle(hold.accountId(), id, actual));
        return charged ? new Usage(card.version(), hold.reservedMicroCredits(), actual, hold.reservedMicroCredits() - actual)
                : new Usage(card.version(), hold.reservedMicroCredits(), 0, hold.reservedMicroCredits());
    }

    /** Gives the whole hold back (the live one of its chain): the paid work failed or was not done. */
    public Usage refund(Hold hold, String reason) {
        if (!batch().map(b -> b.giveBack(hold)).orElse(false)) {
            alongChain(hold, id -> ledger.refund(hold.accountId(), id, reason));
        }
        return new Usage(card.version(), hold.reservedMicroCredits(), 0, hold.reservedMicroCredits());
    }

    /**
     * Ends the chain's live hold with {@code end}: each link from the hold's id in turn until one
     * ends now or the chain stops. True if a link ended this way now or before (a repeat).
     */
    private boolean alongChain(Hold hold, java.util.function.Function<String, Ledger.Result> end) {
        String id = hold.operationId();
        boolean before = false;
        for (int link = 1; link <= MAX_CHAIN; link++) {
            Ledger.Result r = end.apply(id);
            if (r instanceof Ledger.Result.Applied a && !a.repeated()) {
                return true;
            }
            if (r instanceof Ledger.Result.AlreadyEnded e && "NOT_FOUND".equals(e.status())) {
                break;
            }
            before |= r instanceof Ledger.Result.Applied;
            id = next(id);
        }
        return before;
    }

    public Ledger ledger() {
        return ledger;
    }

    /** The credit holds of the SQS batch this thread works for, if it shares them. */
    private Optional<BatchHolds> batch() {
        return SqsBatch.Scope.current().map(scope -> scope.resource(this, () -> new BatchHolds(ledger, clock, scope)));
    }

    /** The id after {@code id} in its chain: {@code op} → {@code op~2} → {@code op~3}. */
    static String next(String id) {
        int at = id.lastIndexOf(LINK);
        if (at > 0) {
            try {
                return id.substring(0, at) + LINK + (Integer.parseInt(id.substring(at + 1)) + 1);
            } catch (NumberFormatException notALink) {
                // a "~" of the caller's own id
            }
        }
        return id + LINK + 2;
    }
}
