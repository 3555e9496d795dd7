package com.socialwire.shared.billing;

import com.socialwire.shared.store.Page;

import java.time.Instant;
import java.util.List;

/**
 * An account's prepaid micro-credits (1,000,000 = 1 USD unless the price card says otherwise):
 * a balance {available, reserved} and an append-only list of entries, each keyed by the
 * operation it belongs to so that any number of deliveries of the same operation change the
 * balance once. Every change is one DynamoDB transaction (entry put only if absent + update of the
 * balance shards it touches, conditioned so none goes below 0). Invariants: available >= 0, reserved >= 0,
 * the entries' availableDelta sum to available and their reservedDelta sum to reserved, and a
 * reservation ends exactly once (settled, refunded or expired).
 *
 * <p>Implemented by {@code DynamoLedger}; this interface is what paid operations and the
 * billing API use.
 */
public interface Ledger {

    /** The balance of an account (zeros for an account that never had credits). */
    Balance balance(String accountId);

    /** Adds credits (Stripe payment, signup promotion, owner adjustment upward). Idempotent per {@code operationId}. */
    Result grant(String accountId, long microCredits, String operationId, Category category, String reference);

    /**
     * Takes {@code microCredits} from available into reserved for a paid operation, until
     * {@code expiresAt} (after which the sweep gives them back). Idempotent per {@code operationId}
     * while the hold is live: a repeat returns {@link Result.Applied} (repeated), or {@link Result.Held}
     * with the amount held if it asks for another amount. Not enough available → {@link Result.Insufficient}
     * (and so for every repeat), nothing changes. A hold that ended (settled, refunded, expired — or past
     * {@code expiresAt}, which ends it now) is dead: → {@link Result.AlreadyEnded}, never Applied.
     */
    Result reserve(String accountId, long microCredits, String operationId, Instant expiresAt, String reference);

    /**
     * Ends a reservation by spending {@code actualMicroCredits} (≤ the reserved amount; the rest goes
     * back to available as a refund entry). Idempotent; a reservation already ended → {@link Result.AlreadyEnded}.
     */
    Result settle(String accountId, String operationId, long actualMicroCredits);

    /**
     * Ends a reservation that paid for several operations (a worker's hold for its SQS batch) in one change:
     * spends each of {@code charges} (one settle entry that lists them, so the ledger still shows what each
     * operation cost), keeps each of {@code carried} on hold as a reservation of its own under its operation
     * id (work still in flight: it is settled, refunded or expired like any hold, with the batch's expiry),
     * and gives the rest back (a refund entry). The charges and carried amounts together must not exceed
     * the reservation; carried ids must be new. Idempotent: a repeat keeps the first settlement
     * ({@link Result.Applied} repeated); a reservation already ended otherwise → {@link Result.AlreadyEnded}.
     */
    Result settleBatch(String accountId, String operationId, List<Charge> charges, List<Charge> carried);

    /** Ends a reservation by giving it all back (the paid work failed). Idempotent. */
    Result refund(String accountId, String operationId, String reason);

    /** Owner adjustment, positive or negative; never below 0 available. Idempotent per {@code operationId}. */
    Result adjust(String accountId, long deltaMicroCredits, String operationId, String reason);

    /** Gives back every reservation whose expiry has passed (type {@code expire}); returns how many. */
    int expireReservations(Instant now, int max);

    /** Entries newest first. */
    Page<Entry> entries(String accountId, int limit, String cursor);

    enum Category { PAID, PROMOTIONAL, ADJUSTMENT, USAGE }

    enum EntryType { GRANT, RESERVE, SETTLE, REFUND, ADJUST, EXPIRE }

    /** What an account holds. */
    record Balance(String accountId, long availableMicroCredits, long reservedMicroCredits) {
    }

    /** What one operation paid for by a batch hold cost (or, carried, still holds). */
    record Charge(String operationId, long microCredits) {
    }

    /**
     * One ledger entry. {@code amountMicroCredits} is its effect on available credits (what the
     * API shows), {@code reservedDelta} its effect on reserved; {@code balanceAfter} is available after it
     * (as the change saw the account: exact unless changes of the account overlapped, see {@code DynamoLedger}).
     * {@code charges}: on the settle entry of a batch hold, what each operation it paid for cost (their sum is
     * {@code -reservedDelta}); empty otherwise.
     */
    record Entry(String id, String accountId, EntryType type, long amountMicroCredits, long reservedDelta, long balanceAfter,
                 String operationId, String reference, Category category, Instant createdAt, List<Charge> charges) {
        public Entry {
            charges = charges == null ? List.of() : List.copyOf(charges);
        }
    }

    /** The outcome of a change. */
    sealed interface Result {
        /** The change was made now, or had been made by an earlier delivery of the same operation ({@code repeated}). */
        record Applied(Balance balance, boolean repeated) implements Result {
        }

        /** reserve of an operation that already holds {@code heldMicroCredits}, not the amount asked; nothing changed. */
        record Held(Balance balance, long heldMicroCredits) implements Result {
        }

        /** Not enough available credits; nothing changed. */
        record Insufficient(Balance balance, long requiredMicroCredits) implements Result {
        }

        /** settle/refund of a reservation that was already settled, refunded or expired (or never made); reserve of a dead hold. */
        record AlreadyEnded(String status) implements Result {
        }
    }
}
