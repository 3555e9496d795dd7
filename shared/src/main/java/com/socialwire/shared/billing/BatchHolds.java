package com.socialwire.shared.billing;

import com.socialwire.shared.Ids;
import com.socialwire.shared.jobs.SqsBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credit holds of one SQS batch (TigerBeetle-style batched two-phase transfers): per account, one ledger
 * reservation for the batch's paid messages instead of one per message. The first paid message of an account
 * reserves for every message of the batch not yet served (its own amount each); each message then draws its
 * amount from that hold in memory, and spends or gives back its draw as it ends. At the end of the batch each
 * hold is ended in one ledger transaction ({@link Ledger#settleBatch}): one settle entry listing what each
 * message's operation cost, the rest refunded, and the draw of a message still in flight (its reply waiting on
 * a retry) kept as a hold of its own under its draw's id, which a later delivery settles as any hold.
 *
 * <p>A message that does not fit the hold left reserves again for the messages left; an account that cannot
 * cover them all reserves for as many as its available credits cover, and a message it cannot cover at all is
 * refused (the worker escalates it {@code INSUFFICIENT_CREDITS}, as before). Exactly once: a draw's id is its
 * operation's id and the hold's ({@code op@hold}), the settlement is idempotent by the hold's id, and a message
 * redelivered after its batch settled finds its work done (its own record says so) and draws nothing. A batch
 * that dies before its end (a crash, a timeout) never settles: its holds expire through the sweep, every draw
 * given back — the messages it finished are then not charged (at most one batch's worth per crash), never twice.
 */
final class BatchHolds implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchHolds.class);

    /** One ledger reservation of the batch, and what its draws came to. */
    private static final class Hold {
        final String accountId;
        final String operationId;
        long free;
        final List<Draw> draws = new ArrayList<>();

        Hold(String accountId, String operationId, long amount) {
            this.accountId = accountId;
            this.operationId = operationId;
            this.free = amount;
        }
    }

    /** One message's share of a hold: open, spent ({@code spent >= 0}) or given back. */
    private static final class Draw {
        final String operationId;
        final Metering.Hold hold;
        final Hold from;
        long spent = -1;
        boolean givenBack;

        Draw(String operationId, Metering.Hold hold, Hold from) {
            this.operationId = operationId;
            this.hold = hold;
            this.from = from;
        }

        boolean open() {
            return spent < 0 && !givenBack;
        }
    }

    private final Ledger ledger;
    private final Clock clock;
    private final SqsBatch.Scope scope;
    private final int messages;
    private final String batchId = Ids.base62(10); // short: a reply's inbox item keeps the hold's id in its 1 KB
    private final List<Hold> holds = new ArrayList<>();
    private final Map<String, Hold> current = new HashMap<>();
    private final Map<String, Draw> byId = new LinkedHashMap<>();
    private int served;

    BatchHolds(Ledger ledger, Clock clock, SqsBatch.Scope scope) {
        this.ledger = ledger;
        this.clock = clock;
        this.scope = scope;
        this.messages = Math.max(1, scope.messages());
    }

    /** {@code microCredits} for {@code operationId} out of the account's batch hold; empty if the account cannot cover it. */
    Optional<Metering.Hold> draw(String accountId, String operationId, long microCredits, String reference) {
        return scope.locked(() -> {
            for (Draw d : byId.values()) {
                if (d.open() && d.operationId.equals(operationId) && d.hold.accountId().equals(accountId)) {
                    return Optional.of(d.hold); // the same operation twice in one batch (a duplicate message): one draw
                }
            }
            Hold h = current.get(accountId);
            if (h == null || h.free < microCredits) {
                h = reserve(accountId, microCredits, Math.max(1, messages - served), reference);
                if (h == null) {
                    return Optional.empty();
                }
                current.put(accountId, h);
                holds.add(h);
            }
            h.free -= microCredits;
            served++;
            Draw d = new Draw(operationId, Metering.Hold.of(accountId, operationId, h.operationId, microCredits), h);
            h.draws.add(d);
            byId.put(d.hold.operationId(), d);
            return Optional.of(d.hold);
        });
    }

    /** A hold for {@code slots} draws of {@code each}, or for as many as the account's available credits cover; null if not one. */
    private Hold reserve(String accountId, long each, int slots, String reference) {
        long ask = Math.multiplyExact(each, slots);
        for (int attempt = 0; attempt < 3 && ask >= each; attempt++) {
            String id = "batch:" + batchId + "." + (holds.size() + 1) + (attempt == 0 ? "" : "." + attempt);
            Ledger.Result r = ledger.reserve(accountId, ask, id, clock.instant().plus(Metering.HOLD_FOR),
                    "batch of " + messages + " (" + reference + ")");
            // an if-chain, not a type switch: its bootstrap spins a class with the ClassFile API at a cold start's first hold
            if (r instanceof Ledger.Result.Applied) {
                return new Hold(accountId, id, ask);
            } else if (r instanceof Ledger.Result.Held held) {
                return new Hold(accountId, id, held.heldMicroCredits());
            } else if (r instanceof Ledger.Result.Insufficient i) {
                ask = i.balance().availableMicroCredits() / each * each;
            } else {
                Ledger.Result.AlreadyEnded e = (Ledger.Result.AlreadyEnded) r;
                throw new IllegalStateException("a new batch hold " + id + " was " + e.status());
            }
        }
        return null;
    }

    /** Records what the draw of {@code hold} cost (at most its amount); false if it is not a draw of this batch. The first end counts. */
    boolean spend(Metering.Hold hold, long actualMicroCredits) {
        return end(hold, d -> d.spent = Math.min(Math.max(0, actualMicroCredits), d.hold.reservedMicroCredits()));
    }

    /** Gives the draw of {@code hold} back (its work failed); false if it is not a draw of this batch. */
    boolean giveBack(Metering.Hold hold) {
        return end(hold, d -> {
            d.givenBack = true;
            d.from.free += d.hold.reservedMicroCredits(); // back to the batch's hold: a later message may use it
        });
    }

    private boolean end(Metering.Hold hold, java.util.function.Consumer<Draw> how) {
        return scope.locked(() -> {
            Draw d = byId.get(hold.operationId());
            if (d == null || !d.hold.accountId().equals(hold.accountId())) {
                return false;
            }
            if (d.open()) {
                how.accept(d);
            }
            return true;
        });
    }

    /** Ends every hold of the batch: one ledger transaction each, listing what each message cost. */
    @Override
    public void close() {
        scope.locked(() -> {
            for (Hold h : holds) {
                List<Ledger.Charge> charges = new ArrayList<>();
                List<Ledger.Charge> carried = new ArrayList<>();
                for (Draw d : h.draws) {
                    if (d.spent > 0) {
                        charges.add(new Ledger.Charge(d.operationId, d.spent));
                    } else if (d.open()) {
                        carried.add(new Ledger.Charge(d.hold.operationId(), d.hold.reservedMicroCredits()));
                    }
                }
                Ledger.Result r;
                try {
                    r = settle(h, charges, carried);
                } catch (RuntimeException lost) {
                    // a lost response or a timeout: the settlement is idempotent by the hold's id, so the repeat finds it made or makes it
                    LOG.warn("settling batch hold {} of account {} failed ({}); trying once more", h.operationId, h.accountId, lost.toString());
                    r = settle(h, charges, carried);
                }
                if (r instanceof Ledger.Result.AlreadyEnded e) {
                    LOG.warn("batch hold {} of account {} had ended ({}) before its batch settled: {} charges not made",
                            h.operationId, h.accountId, e.status(), charges.size());
                }
            }
            holds.clear();
            current.clear();
            return null;
        });
    }

    private Ledger.Result settle(Hold h, List<Ledger.Charge> charges, List<Ledger.Charge> carried) {
        return charges.isEmpty() && carried.isEmpty()
                ? ledger.refund(h.accountId, h.operationId, "nothing of the batch was charged")
                : ledger.settleBatch(h.accountId, h.operationId, charges, carried);
    }

    @Override
    public String toString() {
        return "the credit holds of batch " + batchId;
    }
}
