package com.socialwire.local.stores;

import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.billing.Ledger.Balance;
import com.socialwire.shared.billing.Ledger.Category;
import com.socialwire.shared.billing.Ledger.Entry;
import com.socialwire.shared.billing.Ledger.EntryType;
import com.socialwire.shared.billing.Ledger.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many writers on ONE account (its balance split over shards): the balance and the entries' sums stay exact, and repeats count once. */
class LedgerConcurrencyIT {

    static final ExecutorService POOL = Executors.newFixedThreadPool(32);
    // between the unit tests' times and the model test's window (2030-2040), so no sweep there finds these
    static final Instant UNTIL = Instant.parse("2029-06-01T00:00:00Z");

    final LedgerIT.MutableClock clock = new LedgerIT.MutableClock(Instant.parse("2029-01-01T00:00:00Z"));
    final Ledger ledger = new DynamoLedger(LedgerIT.table(), clock);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    /** Runs every call at once (as far as 32 threads go) and returns the results in order. */
    static <T> List<T> allAtOnce(int n, Function<Integer, T> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<T>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            calls.add(() -> {
                go.await();
                return call.apply(index);
            });
        }
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> c : calls) {
            futures.add(POOL.submit(c));
        }
        go.countDown();
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    /** How many of {@code results} applied the change ({@code repeated} false) or found it applied (true). */
    static long applied(List<Result> results, boolean repeated) {
        return results.stream().filter(r -> r instanceof Result.Applied a && a.repeated() == repeated).count();
    }

    @Test
    void twoHundredReservesOfOneOnOneHundredCreditsReserveExactlyOneHundred() throws Exception {
        String acc = LedgerIT.newAccount();
        ledger.grant(acc, 100, "grant", Category.PAID, null);
        long started = System.nanoTime();
        List<Result> results = allAtOnce(200, i -> ledger.reserve(acc, 1, "op-" + i, UNTIL, null));
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.println("LedgerConcurrencyIT: 200 concurrent reserves on one account took " + ms + " ms");

        Map<String, Long> kinds = results.stream().collect(Collectors.groupingBy(r ->
                r instanceof Result.Applied a ? (a.repeated() ? "repeated" : "applied") : r.getClass().getSimpleName(), Collectors.counting()));
        assertEquals(Map.of("applied", 100L, "Insufficient", 100L), kinds);
        assertEquals(new Balance(acc, 0, 100), ledger.balance(acc));
        List<Entry> entries = LedgerIT.assertSumsToBalance(ledger, acc);
        assertEquals(101, entries.size());
        assertEquals(100, entries.stream().filter(e -> e.type() == EntryType.RESERVE).count());
        // each reserve saw a balance it could take from (its shards split, so two may have seen one total)
        assertTrue(entries.stream().filter(e -> e.type() == EntryType.RESERVE).allMatch(e -> e.balanceAfter() >= 0 && e.balanceAfter() <= 99),
                entries.toString());

        // the applied ones are exactly those with a reservation; give them back at once too
        List<Integer> applied = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof Result.Applied) {
                applied.add(i);
            } else {
                assertEquals(new Result.AlreadyEnded("DECLINED"), ledger.refund(acc, "op-" + i, null));
            }
        }
        List<Result> refunds = allAtOnce(applied.size(), k -> ledger.refund(acc, "op-" + applied.get(k), "done"));
        refunds.forEach(r -> assertTrue(r instanceof Result.Applied a && !a.repeated(), r.toString()));
        assertEquals(new Balance(acc, 100, 0), ledger.balance(acc));
        assertEquals(201, LedgerIT.assertSumsToBalance(ledger, acc).size());
    }

    @Test
    void aSingleShardLedgerStillChainsEveryBalanceExactlyUnderConcurrentReserves() throws Exception {
        Ledger single = new DynamoLedger(LedgerIT.table(), clock, 1);
        String acc = LedgerIT.newAccount();
        single.grant(acc, 50, "grant", Category.PAID, null);
        List<Result> results = allAtOnce(80, i -> single.reserve(acc, 1, "op-" + i, UNTIL, null));
        assertEquals(50, applied(results, false));
        List<Entry> entries = LedgerIT.assertConsistent(single, acc);
        // every balance between 49 and 0 appears once: one item serialises the changes, so each saw the one before
        assertEquals(java.util.stream.LongStream.rangeClosed(0, 49).boxed().toList(),
                entries.stream().filter(e -> e.type() == EntryType.RESERVE).map(Entry::balanceAfter).sorted().toList());
    }

    @Test
    void oneReserveDeliveredTwentyTimesAtOnceReservesOnce() throws Exception {
        String acc = LedgerIT.newAccount();
        ledger.grant(acc, 1_000, "grant", Category.PAID, null);
        assertCountedOnce(allAtOnce(20, i -> ledger.reserve(acc, 250, "the-op", UNTIL, null)), new Balance(acc, 750, 250), 2);
        assertCountedOnce(allAtOnce(20, i -> ledger.settle(acc, "the-op", 100)), new Balance(acc, 900, 0), 4);
    }

    /** One delivery applied the change, the others found it applied and saw the balance after it; it counted once. */
    void assertCountedOnce(List<Result> results, Balance after, int entries) {
        assertEquals(1, applied(results, false), results.toString());
        assertEquals(results.size() - 1, applied(results, true), results.toString());
        results.forEach(r -> assertEquals(after, ((Result.Applied) r).balance(), "every delivery sees the balance after it"));
        assertEquals(after, ledger.balance(after.accountId()));
        assertEquals(entries, LedgerIT.assertSumsToBalance(ledger, after.accountId()).size());
    }

    @Test
    void settleRefundAndTheSweepRacingForOneReservationEndItOnce() throws Exception {
        String acc = LedgerIT.newAccount();
        ledger.grant(acc, 10_000, "grant", Category.PAID, null);
        int n = 40;
        // due from the start (a worker that outlived its reservation): settle, refund and sweep all qualify
        Instant due = clock.instant().minusSeconds(1);
        for (int i = 0; i < n; i++) {
            ledger.reserve(acc, 100, "r" + i, due, null);
        }
        List<Object> outcomes = allAtOnce(3 * n + 4, i -> {
            if (i >= 3 * n) {
                return ledger.expireReservations(clock.instant(), 1_000);
            }
            String op = "r" + (i / 3);
            return switch (i % 3) {
                case 0 -> ledger.settle(acc, op, 60);
                case 1 -> ledger.refund(acc, op, "failed");
                default -> ledger.settle(acc, op, 60);
            };
        });
        int swept = 0;
        for (int i = 3 * n; i < outcomes.size(); i++) {
            swept += (Integer) outcomes.get(i);
        }
        int settled = 0;
        int refunded = 0;
        for (int k = 0; k < n; k++) {
            List<Result> forOne = List.of((Result) outcomes.get(3 * k), (Result) outcomes.get(3 * k + 1), (Result) outcomes.get(3 * k + 2));
            long fresh = applied(forOne, false);
            assertTrue(fresh <= 1, "ended twice: " + forOne);
            if (forOne.get(1) instanceof Result.Applied a && !a.repeated()) {
                refunded++;
                assertInstanceOf(Result.AlreadyEnded.class, forOne.get(0));
            } else if (fresh == 1) {
                settled++;
            }
        }
        assertEquals(n, settled + refunded + swept, "settled " + settled + ", refunded " + refunded + ", swept " + swept);
        assertEquals(new Balance(acc, 10_000 - 60L * settled, 0), ledger.balance(acc));
        List<Entry> entries = LedgerIT.assertSumsToBalance(ledger, acc);
        Map<String, List<EntryType>> byOp = entries.stream().filter(e -> e.operationId().startsWith("r"))
                .collect(Collectors.groupingBy(Entry::operationId, Collectors.mapping(Entry::type, Collectors.toList())));
        byOp.forEach((op, types) -> assertTrue(List.of(
                        List.of(EntryType.REFUND, EntryType.SETTLE, EntryType.RESERVE),
                        List.of(EntryType.REFUND, EntryType.RESERVE),
                        List.of(EntryType.EXPIRE, EntryType.RESERVE)).contains(types), op + ": " + types));
        assertEquals(0, ledger.expireReservations(clock.instant(), 1_000));
    }
}
