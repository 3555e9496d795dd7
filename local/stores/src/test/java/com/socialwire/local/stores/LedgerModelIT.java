package com.socialwire.local.stores;

import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.billing.Ledger.Balance;
import com.socialwire.shared.billing.Ledger.Category;
import com.socialwire.shared.billing.Ledger.Entry;
import com.socialwire.shared.billing.Ledger.EntryType;
import com.socialwire.shared.billing.Ledger.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A seeded model test of the ledger: 10,000 random operations over 50 accounts, each delivered
 * 1-3 times (sometimes two deliveries at once), workers that "crash" (a reservation never settled,
 * a settle redelivered long after, a settle of a reservation someone refunded), sweeps racing
 * late settles, holds whose expiry passes before any sweep looks, and operation ids reused (a
 * retried job reserving again, with the same amount or another, a hold that is live, overdue,
 * settled, refunded, expired or declined). A plain in-memory model predicts every outcome; the
 * ledger must agree with it, and its entries must sum to its balances and form an exact
 * balanceAfter chain. Invariants checked on their own as well: available + reserved = grants +
 * adjustments − settled; reserved never negative at any entry; an operation is reserved, settled
 * and expired at most once; a dead hold (ended, or past its expiry) never answers Applied.
 *
 * <p>Batch holds (a worker's one reservation for its SQS batch): some settles are batch settles
 * ({@link Ledger#settleBatch}) that charge several operations at once, listed on the settle entry,
 * and carry others as open holds of their own, which later operations settle, refund, reserve again,
 * or the sweep expires — delivered again, raced with the sweep and with each other like any end.
 * Checked as well: the charges of a settle entry sum to what it spent, and no operation is charged twice.
 *
 * <p>Time runs in rounds of one (virtual) hour. Inside a round the accounts run in parallel but
 * each account's operations in order, and no sweep runs, so every outcome is deterministic; a
 * "burst" runs several operations of one account at once, chosen so their order cannot change an
 * outcome (the balanceAfter chain then shows whether each saw the right balance). Between rounds
 * the sweep runs (two sweepers at once) while late settles and refunds of due reservations race it
 * and each other; any of them may win, so the model takes the winner from the results and checks
 * the rest. Replay a failure with {@code -Dledger.seed=<seed>} (runs agree up to the first race);
 * {@code -Dledger.operations=} runs a shorter or longer test.
 */
class LedgerModelIT {

    static final int OPERATIONS = Integer.getInteger("ledger.operations", 10_000);
    static final int ACCOUNTS = 50;
    static final int OPS_PER_ROUND = 450;
    static final int THREADS = Integer.getInteger("ledger.threads", 8);
    // the model's own time window: the other ledger tests keep their reservations outside 2030-2040
    static final Instant BASE = Instant.parse("2030-01-01T00:00:00Z");
    static final Duration ROUND = Duration.ofHours(1);
    static final Object INVALID = "IllegalArgumentException";
    static final AtomicInteger DEAD_RESERVES = new AtomicInteger();
    static final AtomicInteger RUSH_DECLINED = new AtomicInteger();
    static final AtomicInteger BATCH_SETTLES = new AtomicInteger();
    static final AtomicInteger CARRIED = new AtomicInteger();

    sealed interface Op permits Grant, Adjust, Reserve, Settle, BatchSettle, Refund, Burst {
        String id();
    }

    /**
     * Several different operations on one account at once, chosen so that their order cannot change
     * an outcome (grants, ends of distinct open reservations, debits within the available credits).
     */
    record Burst(List<Op> ops) implements Op {
        public String id() {
            return "burst";
        }
    }

    record Grant(String id, long amount, Category category) implements Op {
    }

    record Adjust(String id, long delta) implements Op {
    }

    record Reserve(String id, long amount, Instant until) implements Op {
    }

    record Settle(String id, long actual) implements Op {
    }

    record Refund(String id) implements Op {
    }

    /** The end of a batch hold: what each operation it paid for cost, and the holds it carries on (work still in flight). */
    record BatchSettle(String id, List<Ledger.Charge> charges, List<Ledger.Charge> carried) implements Op {
    }

    /** An entry as the model expects it. */
    record Line(EntryType type, long amount, long reservedDelta, String operationId, List<Ledger.Charge> charges) {
        Line(EntryType type, long amount, long reservedDelta, String operationId) {
            this(type, amount, reservedDelta, operationId, List.of());
        }
    }

    static final class Reservation {
        final long amount;
        final Instant until;
        String status;

        Reservation(long amount, Instant until, String status) {
            this.amount = amount;
            this.until = until;
            this.status = status;
        }
    }

    /** What one account should hold: the reference model. */
    static final class Model {
        final String id;
        final Random random;
        long available;
        long reserved;
        int nextOp;
        final Map<String, Long> credited = new HashMap<>();
        final Map<String, Reservation> reservations = new LinkedHashMap<>();
        final List<Line> lines = new ArrayList<>();
        final List<Op> history = new ArrayList<>();
        /** The ledger's clock during the current round (the sweep between rounds may run at an earlier instant). */
        volatile Instant clockNow = BASE;

        Model(String id, Random random) {
            this.id = id;
            this.random = random;
        }

        Balance balance() {
            return new Balance(id, available, reserved);
        }

        /** Applies one delivery of {@code op} and returns the outcome the ledger must report. */
        Object apply(Op op) {
            return switch (op) {
                case Grant g -> credit(EntryType.GRANT, g.id(), g.amount());
                case Adjust a -> credit(EntryType.ADJUST, a.id(), a.delta());
                case Reserve r -> reserve(r);
                case Settle s -> end(s.id(), "SETTLED", s.actual());
                case BatchSettle b -> settleBatch(b);
                case Refund f -> end(f.id(), "REFUNDED", 0);
                case Burst b -> throw new IllegalStateException("a burst is applied operation by operation");
            };
        }

        private Object settleBatch(BatchSettle b) {
            Reservation res = reservations.get(b.id());
            if (res == null) {
                return new Result.AlreadyEnded("NOT_FOUND");
            }
            if (res.status.equals("SETTLED")) {
                return new Result.Applied(balance(), true);
            }
            if (!res.status.equals("OPEN")) {
                return new Result.AlreadyEnded(res.status);
            }
            long spent = b.charges().stream().mapToLong(Ledger.Charge::microCredits).sum();
            long kept = b.carried().stream().mapToLong(Ledger.Charge::microCredits).sum();
            if (spent + kept > res.amount) {
                return INVALID;
            }
            long back = res.amount - spent - kept;
            lines.add(new Line(EntryType.SETTLE, 0, -spent, b.id(), b.charges()));
            if (back > 0) {
                lines.add(new Line(EntryType.REFUND, back, -back, b.id()));
            }
            available += back;
            reserved -= spent + back;
            res.status = "SETTLED";
            BATCH_SETTLES.incrementAndGet();
            CARRIED.addAndGet(b.carried().size());
            for (Ledger.Charge c : b.carried()) {
                reservations.put(c.operationId(), new Reservation(c.microCredits(), res.until, "OPEN"));
            }
            return new Result.Applied(balance(), false);
        }

        /**
         * A batch settle of {@code target}: 0-4 charges of operations of their own and ({@code carry}) 0-2 carried
         * holds, together at most the amount held (more, now and then, if {@code overdraw}: refused).
         */
        BatchSettle batchSettle(String target, boolean overdraw, boolean carry) {
            return batchSettle(target, reservations.get(target).amount, overdraw, carry);
        }

        BatchSettle batchSettle(String target, long held, boolean overdraw, boolean carry) {
            Random r = random;
            long left = held + (overdraw && r.nextInt(20) == 0 ? 1 + r.nextInt(100) : 0);
            List<Ledger.Charge> charges = new ArrayList<>();
            List<Ledger.Charge> carried = new ArrayList<>();
            for (int i = r.nextInt(5); i > 0; i--) {
                long c = r.nextInt(4) == 0 ? 0 : r.nextLong(left / 2 + 1);
                left -= c;
                charges.add(new Ledger.Charge("item-" + nextOp++, c));
            }
            for (int i = carry ? r.nextInt(3) : 0; i > 0 && left > 0; i--) {
                long c = 1 + r.nextLong(left);
                left -= c;
                carried.add(new Ledger.Charge(target + "@c" + i, c));
            }
            if (left > 0 && r.nextInt(3) == 0 && !charges.isEmpty()) { // the hold spent exactly: no refund entry
                Ledger.Charge last = charges.remove(charges.size() - 1);
                charges.add(new Ledger.Charge(last.operationId(), last.microCredits() + left));
            }
            return new BatchSettle(target, charges, carried);
        }

        private Object credit(EntryType type, String op, long amount) {
            if (credited.containsKey(type + ":" + op)) {
                return new Result.Applied(balance(), true);
            }
            if (amount < 0 && available < -amount) {
                return new Result.Insufficient(balance(), -amount);
            }
            credited.put(type + ":" + op, amount);
            available += amount;
            lines.add(new Line(type, amount, 0, op));
            return new Result.Applied(balance(), false);
        }

        /** True if a reserve of {@code id} must not answer Applied: its hold ended, or its expiry has passed. */
        boolean dead(String id) {
            Reservation existing = reservations.get(id);
            return existing != null && (!"OPEN".equals(existing.status) || !existing.until.isAfter(clockNow));
        }

        private Object reserve(Reserve r) {
            Reservation existing = reservations.get(r.id());
            if (existing != null) {
                if ("DECLINED".equals(existing.status)) {
                    return new Result.Insufficient(balance(), r.amount()); // the first outcome, whatever the amount
                }
                if (!"OPEN".equals(existing.status)) {
                    return new Result.AlreadyEnded(existing.status);
                }
                if (!existing.until.isAfter(clockNow)) {
                    end(r.id(), "EXPIRED", 0); // overdue: the reserve expires it there and then
                    return new Result.AlreadyEnded("EXPIRED");
                }
                return existing.amount == r.amount() ? new Result.Applied(balance(), true) : new Result.Held(balance(), existing.amount);
            }
            if (available < r.amount()) {
                reservations.put(r.id(), new Reservation(r.amount(), r.until(), "DECLINED"));
                return new Result.Insufficient(balance(), r.amount());
            }
            reservations.put(r.id(), new Reservation(r.amount(), r.until(), "OPEN"));
            available -= r.amount();
            reserved += r.amount();
            lines.add(new Line(EntryType.RESERVE, -r.amount(), r.amount(), r.id()));
            return new Result.Applied(balance(), false);
        }

        Object end(String op, String status, long actual) {
            Reservation res = reservations.get(op);
            if (res == null) {
                return new Result.AlreadyEnded("NOT_FOUND");
            }
            if (res.status.equals(status)) {
                return new Result.Applied(balance(), true);
            }
            if (!res.status.equals("OPEN")) {
                return new Result.AlreadyEnded(res.status);
            }
            long back = res.amount;
            switch (status) {
                case "SETTLED" -> {
                    if (actual > res.amount) {
                        return INVALID;
                    }
                    back = res.amount - actual;
                    lines.add(new Line(EntryType.SETTLE, 0, -actual, op));
                    if (back > 0) {
                        lines.add(new Line(EntryType.REFUND, back, -back, op));
                    }
                }
                case "REFUNDED" -> lines.add(new Line(EntryType.REFUND, back, -back, op));
                default -> lines.add(new Line(EntryType.EXPIRE, back, -back, op));
            }
            available += back;
            reserved -= res.amount;
            res.status = status;
            return new Result.Applied(balance(), false);
        }

        /** The sweep at {@code now}: every open reservation due by then expires. */
        int sweep(Instant now) {
            int n = 0;
            for (Map.Entry<String, Reservation> e : reservations.entrySet()) {
                if ("OPEN".equals(e.getValue().status) && !e.getValue().until.isAfter(now)) {
                    end(e.getKey(), "EXPIRED", 0);
                    n++;
                }
            }
            return n;
        }

        List<String> withStatus(String status) {
            return reservations.entrySet().stream().filter(e -> status.equals(e.getValue().status)).map(Map.Entry::getKey).toList();
        }

        /** An expiry due at the sweep after this round, the next or the one after. */
        Instant until(int round) {
            return BASE.plus(ROUND.multipliedBy(round + random.nextInt(3))).plusMillis(1 + random.nextInt((int) ROUND.toMillis()));
        }

        /** 2-5 operations whose outcomes do not depend on their order: every one applies. */
        Burst burst(int round) {
            Random r = random;
            List<Op> ops = new ArrayList<>();
            List<String> open = new ArrayList<>(withStatus("OPEN"));
            long budget = available;
            int n = 2 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                String op = "op-" + nextOp++;
                int kind = r.nextInt(5);
                if (kind == 1 && !open.isEmpty()) {
                    String target = open.remove(r.nextInt(open.size()));
                    ops.add(r.nextBoolean() ? batchSettle(target, false, true) : new Settle(target, r.nextLong(reservations.get(target).amount + 1)));
                } else if (kind == 2 && !open.isEmpty()) {
                    ops.add(new Refund(open.remove(r.nextInt(open.size()))));
                } else if (kind == 3 && budget > 0) {
                    long amount = 1 + r.nextLong(Math.min(budget, 3_000));
                    budget -= amount;
                    ops.add(new Reserve(op, amount, until(round)));
                } else if (kind == 4 && budget > 0) {
                    long amount = 1 + r.nextLong(Math.min(budget, 3_000));
                    budget -= amount;
                    ops.add(new Adjust(op, -amount));
                } else {
                    ops.add(new Grant(op, 1 + r.nextInt(5_000), Category.PAID));
                }
            }
            return new Burst(ops);
        }

        /** The next operation of this account in round {@code round}: the model decides what makes sense. */
        Op next(int round) {
            Random r = random;
            int p = r.nextInt(100);
            List<String> open = withStatus("OPEN");
            if (p < 7 && !history.isEmpty()) {
                return history.get(r.nextInt(history.size())); // a late redelivery (the worker crashed before its ack)
            }
            if (p >= 92 && p < 96) {
                return burst(round);
            }
            String op = "op-" + nextOp++;
            if (p < 30 || (p >= 66 && open.isEmpty())) {
                long amount = r.nextInt(10) == 0 ? 20_000 + r.nextInt(80_000) : 1 + r.nextInt(5_000);
                return new Grant(op, amount, r.nextBoolean() ? Category.PAID : Category.PROMOTIONAL);
            }
            if (p < 36) {
                long delta = r.nextBoolean() ? 1 + r.nextInt(3_000) : -(1 + (long) (r.nextDouble() * (available * 1.2 + 10)));
                return new Adjust(op, delta);
            }
            if (p >= 60 && p < 66 && !reservations.isEmpty()) {
                // a retried job reserving its operation again: same amount or (its prompt changed) another
                List<String> ids = new ArrayList<>(reservations.keySet());
                String again = ids.get(r.nextInt(ids.size()));
                long held = reservations.get(again).amount;
                return new Reserve(again, r.nextBoolean() ? held : 1 + r.nextInt(3_000), until(round));
            }
            if (p < 66) {
                long amount = r.nextInt(10) == 0 ? available + 1 + r.nextInt(1_000) : 1 + r.nextInt(3_000);
                return new Reserve(op, amount, until(round));
            }
            String target = open.get(r.nextInt(open.size()));
            if (p < 76 && r.nextInt(3) == 0) {
                return batchSettle(target, true, true);
            }
            if (p < 82) {
                long amount = reservations.get(target).amount;
                int kind = r.nextInt(10);
                long actual = kind < 3 ? amount : kind < 5 ? 0 : (long) (r.nextDouble() * (amount + 1));
                return new Settle(target, actual);
            }
            if (p < 92) {
                return new Refund(target);
            }
            List<String> ended = reservations.keySet().stream().filter(k -> !"OPEN".equals(reservations.get(k).status)).toList();
            if (p < 98 && !ended.isEmpty()) {
                String gone = ended.get(r.nextInt(ended.size()));
                // settle after a refund, refund after an expiry, ...: AlreadyEnded (or a repeat of the same end)
                return r.nextBoolean() ? new Settle(gone, 0) : new Refund(gone);
            }
            if (p < 99) {
                return new Settle("never-reserved-" + op, 1);
            }
            return new Settle(target, reservations.get(target).amount + 1); // more than reserved: refused
        }
    }

    /** Late deliveries for one reservation: (operation, outcome) pairs. */
    record Delivered(Model model, String reservation, List<Op> ops, List<Map.Entry<Op, Object>> results) {
    }

    final LedgerIT.MutableClock clock = new LedgerIT.MutableClock(BASE);
    final Ledger ledger = new DynamoLedger(LedgerIT.table(), clock);

    @Test
    void deadHoldsAreNeverLiveAgainAndTheLedgerEqualsTheModelOverTenThousandOperationsWithExpiryAndIdReuse() throws Exception {
        long seed = Long.getLong("ledger.seed", new Random().nextLong());
        System.out.println("LedgerModelIT seed " + seed + " (replay with -Dledger.seed=" + seed + ")");
        long started = System.nanoTime();
        try {
            run(seed);
        } catch (Throwable t) {
            throw new AssertionError("LedgerModelIT failed with seed " + seed + "; replay with -Dledger.seed=" + seed + ": " + t.getMessage(), t);
        }
        System.out.printf("LedgerModelIT: %d operations over %d accounts in %.1f s%n",
                OPERATIONS, ACCOUNTS, (System.nanoTime() - started) / 1e9);
    }

    Object call(String accountId, Op op) {
        try {
            return switch (op) {
                case Grant g -> ledger.grant(accountId, g.amount(), g.id(), g.category(), "model");
                case Adjust a -> ledger.adjust(accountId, a.delta(), a.id(), "model adjustment");
                case Reserve r -> ledger.reserve(accountId, r.amount(), r.id(), r.until(), "model");
                case Settle s -> ledger.settle(accountId, s.id(), s.actual());
                case BatchSettle b -> ledger.settleBatch(accountId, b.id(), b.charges(), b.carried());
                case Refund f -> ledger.refund(accountId, f.id(), "model refund");
                case Burst b -> throw new IllegalStateException("a burst is delivered operation by operation");
            };
        } catch (IllegalArgumentException e) {
            return INVALID;
        }
    }

    void run(long seed) throws Exception {
        Random random = new Random(seed);
        String runId = Long.toHexString(random.nextLong());
        List<Model> models = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            models.add(new Model("model-" + runId + "-" + i, new Random(random.nextLong())));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        ExecutorService second = Executors.newCachedThreadPool(); // the other delivery of a concurrent pair
        AtomicInteger operations = new AtomicInteger();
        int round = 0;
        long checkMs = 0;
        int raceLostToSweep = 0;
        int racesDecided = 0;
        int rushes = 0;
        try {
            while (operations.get() < OPERATIONS) {
                // ---- the round: accounts in parallel, each in order; some accounts busier than others
                int[] share = new int[ACCOUNTS];
                int ops = Math.min(OPS_PER_ROUND, OPERATIONS - operations.get());
                for (int i = 0; i < ops; i++) {
                    share[random.nextInt(4) == 0 ? random.nextInt(5) : random.nextInt(ACCOUNTS)]++;
                }
                int thisRound = round;
                List<Callable<Void>> tasks = new ArrayList<>();
                for (int a = 0; a < ACCOUNTS; a++) {
                    Model m = models.get(a);
                    int n = share[a];
                    tasks.add(() -> {
                        for (int i = 0; i < n; i++) {
                            deliverInOrder(m, m.next(thisRound), second);
                        }
                        return null;
                    });
                }
                runAll(pool, tasks);
                operations.addAndGet(ops);

                // ---- one busy account: a fleet of workers holding, settling and topping up at once
                Model busy = models.get(random.nextInt(5));
                operations.addAndGet(rush(busy, round, second));
                rushes++;

                // ---- between rounds: two sweepers race late settles/refunds of due reservations
                Instant clockNow = BASE.plus(ROUND.multipliedBy(round + 1));
                clock.set(clockNow);
                for (Model m : models) {
                    m.clockNow = clockNow;
                }
                // the sweep runs late now and then: holds past their expiry but not yet swept meet the next round's reserves
                Instant now = random.nextInt(3) == 0 ? clockNow : clockNow.minusSeconds(60L * (1 + random.nextInt(40)));
                List<Delivered> late = new ArrayList<>();
                List<Callable<Object>> racing = new ArrayList<>();
                for (Model m : models) {
                    List<String> due = new ArrayList<>(m.withStatus("OPEN").stream().filter(id -> !m.reservations.get(id).until.isAfter(now)).toList());
                    // late workers for some due reservations; sometimes a settle and a refund of the same one at once
                    for (int k = m.random.nextInt(4); k > 0 && !due.isEmpty(); k--) {
                        String id = due.remove(m.random.nextInt(due.size()));
                        Op settle = m.random.nextInt(3) == 0 ? m.batchSettle(id, false, false) : new Settle(id, m.random.nextLong(m.reservations.get(id).amount + 1));
                        Op refund = new Refund(id);
                        int shape = m.random.nextInt(3);
                        List<Op> workers = shape == 0 ? List.of(settle, refund) : List.of(shape == 1 ? settle : refund);
                        Delivered d = new Delivered(m, id, workers, java.util.Collections.synchronizedList(new ArrayList<>()));
                        late.add(d);
                        for (Op op : workers) {
                            for (int t = 1 + m.random.nextInt(2); t > 0; t--) {
                                racing.add(() -> d.results().add(Map.entry(op, call(m.id, op))));
                            }
                        }
                    }
                }
                java.util.Collections.shuffle(racing, random);
                AtomicInteger sweepCalls = new AtomicInteger();
                int max = 5 + random.nextInt(50);
                Callable<Object> sweeper = () -> {
                    int total = 0;
                    int n;
                    do {
                        n = ledger.expireReservations(now, max);
                        sweepCalls.incrementAndGet();
                        total += n;
                    } while (n > 0);
                    return total;
                };
                racing.add(0, sweeper); // first, so both sweep while the late workers run
                racing.add(0, sweeper);
                List<Object> raced = runAll(pool, racing);
                int swept = raced.stream().filter(o -> o instanceof Integer).mapToInt(o -> (Integer) o).sum();
                assertEquals(0, ledger.expireReservations(now, 1_000), "nothing due is left once both sweeps are done");
                operations.addAndGet(late.stream().mapToInt(d -> d.ops().size()).sum() + sweepCalls.get() + 1);

                int expected = 0;
                for (Delivered d : late) {
                    int lost = resolveRace(d);
                    raceLostToSweep += lost;
                    racesDecided++;
                    expected += lost;
                    d.model().history.addAll(d.ops());
                }
                for (Model m : models) {
                    expected += m.sweep(now);
                }
                assertEquals(expected, swept, "reservations the sweeps expired at " + now);

                long c = System.nanoTime();
                for (Model m : models) {
                    assertEquals(m.balance(), ledger.balance(m.id), "balance after round " + round);
                }
                if (round % 4 == 3) {
                    for (Model m : models) {
                        checkEntries(m);
                    }
                }
                checkMs += (System.nanoTime() - c) / 1_000_000;
                round++;
            }

            // ---- the end: a sweep past every expiry resolves every reservation still open
            Instant end = BASE.plus(ROUND.multipliedBy(round + 5));
            clock.set(end);
            int expected = 0;
            for (Model m : models) {
                expected += m.sweep(end);
            }
            assertEquals(expected, ledger.expireReservations(end, Integer.MAX_VALUE), "the final sweep");
            assertEquals(0, ledger.expireReservations(Instant.parse("2040-01-01T00:00:00Z"), 1_000), "no reservation left open");
            int reservations = 0;
            for (Model m : models) {
                assertTrue(m.withStatus("OPEN").isEmpty());
                reservations += m.reservations.size();
                checkEntries(m);
            }
            System.out.printf("LedgerModelIT: %d rounds, %d reservations, %d late workers raced the sweep (it won %d), "
                    + "%d reserves of a dead hold, %d rushes on a busy account (%d holds declined there), %d batch settles carrying %d holds, "
                    + "checks took %d ms%n", round, reservations, racesDecided, raceLostToSweep, DEAD_RESERVES.get(), rushes, RUSH_DECLINED.get(),
                    BATCH_SETTLES.get(), CARRIED.get(), checkMs);
        } finally {
            pool.shutdownNow();
            second.shutdownNow();
        }
    }

    /**
     * A busy account, as a fleet of reply workers meets it: 10-40 workers at once, each holding its
     * own operation (a quarter delivered twice at once), then settling part of it or refunding it,
     * then finding its dead hold dead; top-ups land meanwhile. The holds ask for about twice what
     * the account has, so some are declined — which ones depends on timing, so the model takes them
     * from the results. Whatever the timing: each hold applied once, a repeat agrees, a dead hold never
     * answers Applied, every balance shard stays at or above zero, the shards and the entries sum to
     * the balance, and the balance is what the model makes of the outcomes. Returns the calls made.
     */
    int rush(Model m, int round, ExecutorService workers) throws Exception {
        Random r = m.random;
        int n = 10 + r.nextInt(31);
        long amount = Math.max(1, m.available * 2 / n);
        List<Op> grants = new ArrayList<>();
        List<Reserve> holds = new ArrayList<>();
        List<Op> ends = new ArrayList<>();
        List<Callable<List<Object>>> tasks = new ArrayList<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < n; i++) {
            Reserve hold = new Reserve("op-" + m.nextOp++, amount, m.until(round));
            int kind = r.nextInt(4);
            Op end = kind == 0 ? new Refund(hold.id()) : kind == 1 ? m.batchSettle(hold.id(), amount, false, true)
                    : new Settle(hold.id(), r.nextLong(amount + 1));
            boolean twice = r.nextInt(4) == 0;
            holds.add(hold);
            ends.add(end);
            tasks.add(() -> {
                List<Object> out = new ArrayList<>();
                go.await();
                Future<Object> other = twice ? workers.submit(() -> call(m.id, hold)) : null;
                out.add(call(m.id, hold));
                out.add(other == null ? null : other.get());
                if (out.get(0) instanceof Result.Applied || out.get(1) instanceof Result.Applied) {
                    out.add(call(m.id, end));
                    out.add(call(m.id, hold)); // the worker's retry after its hold ended
                }
                return out;
            });
        }
        for (int i = r.nextInt(4); i > 0; i--) {
            Grant g = new Grant("op-" + m.nextOp++, 1 + r.nextInt((int) Math.min(2 * amount, 100_000)), Category.PAID);
            grants.add(g);
            tasks.add(r.nextInt(tasks.size() + 1), () -> List.of(call(m.id, g)));
        }
        List<Future<List<Object>>> running = new ArrayList<>();
        for (Callable<List<Object>> t : tasks) {
            running.add(workers.submit(t));
        }
        go.countDown();
        List<Object> outcomes = new ArrayList<>();
        for (Future<List<Object>> f : running) {
            outcomes.add(f.get());
        }
        int calls = 0;
        // the model, from the outcomes: the top-ups first (they always apply), then each hold that applied, with its end
        for (Op g : grants) {
            assertTrue(m.apply(g) instanceof Result.Applied a && !a.repeated(), "a top-up during the rush on " + m.id);
            m.history.add(g);
            calls++;
        }
        List<List<Object>> byHold = new ArrayList<>();
        for (Object o : outcomes) {
            @SuppressWarnings("unchecked")
            List<Object> res = (List<Object>) o;
            if (res.size() == 1) {
                assertTrue(res.get(0) instanceof Result.Applied a && !a.repeated(), "a top-up during the rush: " + res);
            } else {
                byHold.add(res);
            }
        }
        for (int i = 0; i < holds.size(); i++) {
            Reserve hold = holds.get(i);
            List<Object> res = byHold.get(i);
            Object first = res.get(0);
            Object second = res.get(1);
            calls += second == null ? 1 : 2;
            if (res.size() == 2) {
                RUSH_DECLINED.incrementAndGet();
                assertInstanceOf(Result.Insufficient.class, first, "declined: " + hold);
                assertTrue(second == null || second instanceof Result.Insufficient, "a declined hold and its twin disagree: " + res);
                m.reservations.put(hold.id(), new Reservation(hold.amount(), hold.until(), "DECLINED"));
                m.history.add(hold);
                continue;
            }
            long fresh = java.util.stream.Stream.of(first, second).filter(x -> x instanceof Result.Applied a && !a.repeated()).count();
            assertEquals(1, fresh, "a hold on the busy account applied once, its twin found it: " + res);
            assertTrue(first instanceof Result.Applied && (second == null || second instanceof Result.Applied), hold + ": " + res);
            // what the ledger did, in an order the model can follow (no check of credits: the ledger had them)
            m.available -= hold.amount();
            m.reserved += hold.amount();
            m.reservations.put(hold.id(), new Reservation(hold.amount(), hold.until(), "OPEN"));
            m.lines.add(new Line(EntryType.RESERVE, -hold.amount(), hold.amount(), hold.id()));
            assertTrue(m.apply(ends.get(i)) instanceof Result.Applied a && !a.repeated(), "the model ends " + hold);
            assertTrue(res.get(2) instanceof Result.Applied a && !a.repeated(), "the end of " + hold + " on the busy account: " + res);
            String status = ends.get(i) instanceof Refund ? "REFUNDED" : "SETTLED";
            assertEquals(new Result.AlreadyEnded(status), res.get(3), "a dead hold is never live again: " + hold);
            m.history.add(hold);
            m.history.add(ends.get(i));
            calls += 2;
        }
        assertTrue(m.available >= 0, "the model went below zero: the ledger held credits it did not have on " + m.id);
        List<Entry> entries = LedgerIT.assertSumsToBalance(ledger, m.id);
        checkInvariants(m.id, entries, ledger.balance(m.id));
        assertEquals(m.balance(), ledger.balance(m.id), "the busy account after a rush of " + n + " holds of " + amount);
        return calls;
    }

    /** Delivers {@code op} 1-3 times, sometimes the first two at once, and compares each outcome with the model's. */
    void deliverInOrder(Model m, Op op, ExecutorService second) throws Exception {
        if (op instanceof Burst b) {
            deliverAtOnce(m, b, second);
            return;
        }
        int times = 1 + m.random.nextInt(3);
        int i = 0;
        if (op instanceof Reserve r && m.dead(r.id())) {
            DEAD_RESERVES.incrementAndGet();
            Object first = call(m.id, op);
            assertTrue(!(first instanceof Result.Applied), "a dead hold answered Applied: " + op + " on " + m.id + ": " + first);
            assertEquals(m.apply(op), first, "delivery 1 of " + op + " on " + m.id);
            i = 1;
        }
        if (i == 0 && times >= 2 && m.random.nextInt(3) == 0) {
            Future<Object> other = second.submit(() -> call(m.id, op));
            Object mine = call(m.id, op);
            List<Object> actual = new ArrayList<>(List.of(mine, other.get()));
            List<Object> expected = new ArrayList<>(List.of(m.apply(op), m.apply(op)));
            Function<List<Object>, Map<String, Long>> bag = l -> l.stream().collect(Collectors.groupingBy(Object::toString, Collectors.counting()));
            assertEquals(bag.apply(expected), bag.apply(actual), "two deliveries at once of " + op + " on " + m.id);
            i = 2;
        }
        for (; i < times; i++) {
            Object actual = call(m.id, op);
            assertEquals(m.apply(op), actual, "delivery " + (i + 1) + " of " + op + " on " + m.id);
        }
        m.history.add(op);
    }

    /**
     * Runs every operation of {@code burst} at once, each delivered once or twice: each must apply
     * exactly once (the others repeats), whatever the order; the balances in between are checked
     * through the entries' balanceAfter chain.
     */
    void deliverAtOnce(Model m, Burst burst, ExecutorService second) throws Exception {
        List<Op> deliveries = new ArrayList<>();
        for (Op op : burst.ops()) {
            for (int t = 1 + m.random.nextInt(2); t > 0; t--) {
                deliveries.add(op);
            }
        }
        List<Future<Object>> futures = new ArrayList<>();
        for (Op op : deliveries) {
            futures.add(second.submit(() -> call(m.id, op)));
        }
        Map<Op, List<Object>> results = new LinkedHashMap<>();
        for (int i = 0; i < deliveries.size(); i++) {
            results.computeIfAbsent(deliveries.get(i), k -> new ArrayList<>()).add(futures.get(i).get());
        }
        results.forEach((op, rs) -> {
            assertEquals(1, rs.stream().filter(r -> r instanceof Result.Applied a && !a.repeated()).count(), "burst " + op + ": " + rs);
            assertTrue(rs.stream().allMatch(r -> r instanceof Result.Applied), "burst " + op + ": " + rs);
            assertTrue(m.apply(op) instanceof Result.Applied a && !a.repeated(), "the model disagrees on " + op);
            m.history.add(op);
        });
    }

    /**
     * Takes the winner for one due reservation from the late deliveries' results: one delivery
     * ended it (the others are repeats of it or see it ended), or a sweep did (all see EXPIRED).
     * Returns 1 if a sweep won.
     */
    int resolveRace(Delivered d) {
        List<Map.Entry<Op, Object>> results = d.results();
        List<Op> winners = results.stream().filter(e -> e.getValue() instanceof Result.Applied a && !a.repeated()).map(Map.Entry::getKey).toList();
        if (winners.size() > 1) {
            fail("reservation " + d.reservation() + " ended twice: " + results);
        }
        if (winners.isEmpty()) {
            results.forEach(e -> assertEquals(new Result.AlreadyEnded("EXPIRED"), e.getValue(), "lost to the sweep: " + results));
            d.model().end(d.reservation(), "EXPIRED", 0);
            return 1;
        }
        Op winner = winners.get(0);
        String status = winner instanceof Refund ? "REFUNDED" : "SETTLED";
        for (Map.Entry<Op, Object> e : results) {
            Object r = e.getValue();
            boolean ok = e.getKey().equals(winner) ? r instanceof Result.Applied
                    : e.getKey().getClass() == winner.getClass() ? r instanceof Result.Applied a && a.repeated()
                    : r.equals(new Result.AlreadyEnded(status));
            assertTrue(ok, "a race with a mixed outcome for " + d.reservation() + ": " + results);
        }
        assertTrue(d.model().apply(winner) instanceof Result.Applied a && !a.repeated(), winner.toString());
        return 0;
    }

    /**
     * Every entry the model expects and no other (so each reservation has one reserve and exactly
     * one settle, refund or expiry), summing to the balance with an exact balanceAfter chain.
     */
    void checkEntries(Model m) {
        // the changes of one account overlap (bursts, rushes): its shards and entries sum exactly; the chain is exact only without overlap
        List<Entry> entries = LedgerIT.assertSumsToBalance(ledger, m.id);
        checkInvariants(m.id, entries, ledger.balance(m.id));
        Map<Line, Long> actual = entries.stream().collect(Collectors.groupingBy(
                e -> new Line(e.type(), e.amountMicroCredits(), e.reservedDelta(), e.operationId(), e.charges()), Collectors.counting()));
        Map<Line, Long> expected = m.lines.stream().collect(Collectors.groupingBy(l -> l, Collectors.counting()));
        if (!expected.equals(actual)) {
            fail("entries of " + m.id + " differ from the model: expected " + expected.size() + " kinds, got " + actual.size()
                    + "; missing " + diff(expected, actual) + "; unexpected " + diff(actual, expected));
        }
        assertEquals(m.balance(), ledger.balance(m.id));
    }

    /** The ledger's invariants, from its entries alone (not from the model). */
    static void checkInvariants(String accountId, List<Entry> newestFirst, Balance balance) {
        long credited = 0;
        long settled = 0;
        long reserved = 0;
        Map<String, Long> once = new HashMap<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            Entry e = newestFirst.get(i);
            switch (e.type()) {
                case GRANT, ADJUST -> credited += e.amountMicroCredits();
                case SETTLE -> settled -= e.reservedDelta();
                default -> {
                }
            }
            reserved += e.reservedDelta();
            assertTrue(reserved >= 0, "reserved below zero after entry " + e);
            if (e.type() == EntryType.RESERVE || e.type() == EntryType.SETTLE || e.type() == EntryType.EXPIRE) {
                assertEquals(1L, once.merge(e.type() + ":" + e.operationId(), 1L, Long::sum), "twice: " + e);
            }
            if (!e.charges().isEmpty()) {
                assertEquals(EntryType.SETTLE, e.type(), "charges on a settle entry only: " + e);
                assertEquals(-e.reservedDelta(), e.charges().stream().mapToLong(Ledger.Charge::microCredits).sum(),
                        "a batch settle's charges sum to what it spent: " + e);
                for (Ledger.Charge c : e.charges()) {
                    assertEquals(1L, once.merge("CHARGE:" + c.operationId(), 1L, Long::sum), "charged twice: " + c.operationId() + " in " + e);
                }
            }
        }
        assertEquals(credited - settled, balance.availableMicroCredits() + balance.reservedMicroCredits(),
                "available + reserved = grants + adjustments - settled on " + accountId);
        assertEquals(reserved, balance.reservedMicroCredits(), "held on " + accountId);
    }

    static Map<Line, Long> diff(Map<Line, Long> a, Map<Line, Long> b) {
        Map<Line, Long> out = new HashMap<>();
        a.forEach((k, v) -> {
            long d = v - b.getOrDefault(k, 0L);
            if (d != 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    static <T> List<T> runAll(ExecutorService pool, List<Callable<T>> tasks) throws Exception {
        List<Future<T>> futures = pool.invokeAll(tasks);
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }
        return out;
    }
}
