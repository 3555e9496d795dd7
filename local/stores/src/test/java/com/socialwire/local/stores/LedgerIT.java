package com.socialwire.local.stores;

import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.billing.Ledger.Balance;
import com.socialwire.shared.billing.Ledger.Category;
import com.socialwire.shared.billing.Ledger.Entry;
import com.socialwire.shared.billing.Ledger.EntryType;
import com.socialwire.shared.billing.Ledger.Result;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger's rules one at a time against DynamoDB Local (the model and concurrency tests cover
 * them in bulk); also the helpers those tests share.
 */
class LedgerIT {

    // Times of these tests stay before 2030: the model test sweeps 2030-2040, and must find only its own reservations.
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant FAR = Instant.parse("2099-01-01T00:00:00Z");

    private static Table table;
    MutableClock clock = new MutableClock(T0);
    Ledger ledger;

    LedgerIT() {
        ledger = new DynamoLedger(table(), clock);
    }

    static synchronized Table table() {
        if (table == null) {
            LocalEnvironment env = LocalEnvironment.shared();
            table = new Table(new AwsClients(env.functionConfig("TenantsFunction")).dynamoDb(), env.resources().tables().get("Table"));
        }
        return table;
    }

    static String newAccount() {
        return "acc_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Every entry of the account, newest first, through the cursor pages. */
    static List<Entry> allEntries(Ledger ledger, String accountId, int pageSize) {
        List<Entry> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<Entry> page = ledger.entries(accountId, pageSize, cursor);
            out.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    /**
     * The ledger's invariants for one account: nothing negative, the entries sum to the balance,
     * and, oldest to newest, each entry's balanceAfter is the one before it plus its amount.
     */
    static List<Entry> assertConsistent(Ledger ledger, String accountId) {
        Balance b = ledger.balance(accountId);
        List<Entry> entries = allEntries(ledger, accountId, 100);
        assertTrue(b.availableMicroCredits() >= 0 && b.reservedMicroCredits() >= 0, "negative balance " + b);
        long available = 0;
        long reserved = 0;
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            available += e.amountMicroCredits();
            reserved += e.reservedDelta();
            assertEquals(available, e.balanceAfter(), "balanceAfter of " + e + " (account " + accountId + ")");
            assertTrue(available >= 0 && reserved >= 0, "went below zero at " + e);
        }
        assertEquals(b.availableMicroCredits(), available, "entries sum to available of " + accountId);
        assertEquals(b.reservedMicroCredits(), reserved, "entries' reservedDelta sum to reserved of " + accountId);
        return entries;
    }

    /**
     * The invariants that hold however an account's changes overlap (its balance split over shard
     * items, each change taking from the shards it reads): every shard item at or above zero and
     * the shards summing to the balance; nothing negative; the entries' amounts summing to available
     * and their reservedDelta to reserved; no entry's balanceAfter below zero. (Only changes that do
     * not overlap also chain exactly: {@link #assertConsistent}.)
     */
    static List<Entry> assertSumsToBalance(Ledger ledger, String accountId) {
        Balance b = ledger.balance(accountId);
        assertTrue(b.availableMicroCredits() >= 0 && b.reservedMicroCredits() >= 0, "negative balance " + b);
        long shardAvailable = 0;
        long shardReserved = 0;
        for (var shard : balanceShards(accountId)) {
            long available = Long.parseLong(shard.get("available").n());
            long reserved = Long.parseLong(shard.get("reserved").n());
            assertTrue(available >= 0 && reserved >= 0, "a balance shard below zero: " + shard);
            shardAvailable += available;
            shardReserved += reserved;
        }
        assertEquals(new Balance(accountId, shardAvailable, shardReserved), b, "the shards sum to the balance");
        List<Entry> entries = allEntries(ledger, accountId, 100);
        assertEquals(b.availableMicroCredits(), entries.stream().mapToLong(Entry::amountMicroCredits).sum(), "entries sum to available of " + accountId);
        assertEquals(b.reservedMicroCredits(), entries.stream().mapToLong(Entry::reservedDelta).sum(), "entries' reservedDelta sum to reserved of " + accountId);
        entries.forEach(e -> assertTrue(e.balanceAfter() >= 0, "below zero at " + e));
        return entries;
    }

    /** The account's balance items (its shards), read from the table. */
    static List<java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> balanceShards(String accountId) {
        try (var sdk = new AwsClients(LocalEnvironment.shared().functionConfig("TenantsFunction")).dynamoDbSdk()) {
            return sdk.query(q -> q.tableName(table().name()).consistentRead(true)
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :b)")
                    .expressionAttributeValues(java.util.Map.of(
                            ":pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("ACCOUNT#" + accountId),
                            ":b", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("BALANCE")))).items();
        }
    }

    static void assertApplied(Result r, long available, long reserved, boolean repeated) {
        Result.Applied a = assertInstanceOf(Result.Applied.class, r);
        assertEquals(available, a.balance().availableMicroCredits(), "available in " + r);
        assertEquals(reserved, a.balance().reservedMicroCredits(), "reserved in " + r);
        assertEquals(repeated, a.repeated(), "repeated in " + r);
    }

    @Test
    void aBatchHoldsSettlementWhoseResponseIsLostChargesEachReplyOnceWhenRetried() {
        java.util.concurrent.atomic.AtomicBoolean loseNext = new java.util.concurrent.atomic.AtomicBoolean();
        // DynamoDB applies the transaction, and its answer never arrives
        com.socialwire.shared.aws.LeanDynamoDb losing = ObservedDynamoDb.of(LocalEnvironment.shared().functionConfig("TenantsFunction"),
                new com.socialwire.shared.aws.AwsCallObserver() {
                    @Override
                    public void succeeded(String service, String operation, software.amazon.awssdk.core.SdkRequest request,
                                          software.amazon.awssdk.core.SdkResponse response, String accessKeyId) {
                        if (operation.equals("TransactWriteItems") && loseNext.getAndSet(false)) {
                            throw software.amazon.awssdk.core.exception.SdkClientException.create("the response was lost");
                        }
                    }
                });
        Ledger lossy = new DynamoLedger(new Table(losing, table().name()), clock);
        String acc = newAccount();
        lossy.grant(acc, 100_000, "signup", Category.PROMOTIONAL, null);
        assertApplied(lossy.reserve(acc, 30_000, "batch:lost.1", FAR, "batch of 3"), 70_000, 30_000, false);
        List<Ledger.Charge> charges = List.of(new Ledger.Charge("reply:a", 5_000), new Ledger.Charge("reply:b", 6_000));
        List<Ledger.Charge> carried = List.of(new Ledger.Charge("reply:c@batch:lost.1", 4_000));

        loseNext.set(true);
        assertThrows(software.amazon.awssdk.core.exception.SdkClientException.class, () -> lossy.settleBatch(acc, "batch:lost.1", charges, carried));
        assertApplied(lossy.settleBatch(acc, "batch:lost.1", charges, carried), 85_000, 4_000, true);

        List<Entry> entries = assertSumsToBalance(lossy, acc);
        assertEquals(1, entries.stream().filter(e -> e.type() == EntryType.SETTLE).count(), entries.toString());
        assertEquals(charges, entries.stream().filter(e -> e.type() == EntryType.SETTLE).findFirst().orElseThrow().charges());
        // the carried reply is a hold of its own: its retry settles it once
        assertApplied(lossy.settle(acc, "reply:c@batch:lost.1", 4_000), 85_000, 0, false);
        assertApplied(lossy.settle(acc, "reply:c@batch:lost.1", 4_000), 85_000, 0, true);
        assertEquals(new Result.AlreadyEnded("SETTLED"), lossy.reserve(acc, 4_000, "reply:c@batch:lost.1", FAR, "again"));
        assertSumsToBalance(lossy, acc);
    }

    @Test
    void aBusyAccountsHoldsSpreadOverSeveralBalanceItemsInsteadOfQueueingOnOne() {
        String acc = newAccount();
        ledger.grant(acc, 1_000_000, "signup", Category.PROMOTIONAL, null);
        for (int i = 0; i < 32; i++) {
            assertApplied(ledger.reserve(acc, 2_000, "reply:inb_" + i, FAR, "auto-reply"), 1_000_000 - 2_000L * (i + 1), 2_000L * (i + 1), false);
        }
        // every change of an account updates the balance items it touches under a version check: on one item, one busy
        // account's replies wait for each other (each conflict costs a read and a retry); spread, they mostly do not meet
        long holding = balanceShards(acc).stream().filter(i -> Long.parseLong(i.get("reserved").n()) > 0).count();
        assertTrue(holding >= 4, "32 holds of one account sit on " + holding + " balance item(s): its changes queue behind each other there");
        assertConsistent(ledger, acc); // one writer: the chain is exact
        for (int i = 0; i < 32; i++) {
            assertApplied(ledger.refund(acc, "reply:inb_" + i, "done"), 1_000_000 - 2_000L * (31 - i), 2_000L * (31 - i), false);
        }
        assertSumsToBalance(ledger, acc);
    }

    @Test
    void aGrantCountsOnceHoweverOftenItIsDelivered() {
        String acc = newAccount();
        assertEquals(new Balance(acc, 0, 0), ledger.balance(acc), "an account that never had credits");
        assertApplied(ledger.grant(acc, 5_000_000, "cs_1", Category.PAID, "stripe cs_1"), 5_000_000, 0, false);
        assertApplied(ledger.grant(acc, 5_000_000, "cs_1", Category.PAID, "stripe cs_1"), 5_000_000, 0, true);
        assertApplied(ledger.grant(acc, 1_000_000, "signup", Category.PROMOTIONAL, null), 6_000_000, 0, false);
        assertApplied(ledger.grant(acc, 5_000_000, "cs_1", Category.PAID, "stripe cs_1"), 6_000_000, 0, true);
        assertThrows(IllegalArgumentException.class, () -> ledger.grant(acc, 7_000_000, "cs_1", Category.PAID, null),
                "an operation id reused for another amount is refused, not silently dropped");
        assertThrows(IllegalArgumentException.class, () -> ledger.grant(acc, 0, "cs_2", Category.PAID, null));
        List<Entry> entries = assertConsistent(ledger, acc);
        assertEquals(2, entries.size());
        Entry grant = entries.get(1);
        assertEquals(EntryType.GRANT, grant.type());
        assertEquals(Category.PAID, grant.category());
        assertEquals("cs_1", grant.operationId());
        assertEquals("stripe cs_1", grant.reference());
        assertEquals(T0, grant.createdAt());
        assertTrue(grant.id().startsWith("led_"), grant.id());
        assertEquals(new Balance(acc, 6_000_000, 0), ledger.balance(acc));
    }

    @Test
    void settlingLessThanReservedRefundsTheRestInTheSameChange() {
        String acc = newAccount();
        ledger.grant(acc, 1_000, "g1", Category.PAID, null);
        assertApplied(ledger.reserve(acc, 300, "op1", FAR, "reel read"), 700, 300, false);
        assertApplied(ledger.reserve(acc, 300, "op1", FAR, "reel read"), 700, 300, true);
        assertThrows(IllegalArgumentException.class, () -> ledger.settle(acc, "op1", 301), "more than reserved");
        assertApplied(ledger.settle(acc, "op1", 120), 880, 0, false);
        assertApplied(ledger.settle(acc, "op1", 120), 880, 0, true);

        List<Entry> e = assertConsistent(ledger, acc);
        assertEquals(List.of(EntryType.REFUND, EntryType.SETTLE, EntryType.RESERVE, EntryType.GRANT), e.stream().map(Entry::type).toList());
        assertEquals(List.of(180L, 0L, -300L, 1_000L), e.stream().map(Entry::amountMicroCredits).toList());
        assertEquals(List.of(-180L, -120L, 300L, 0L), e.stream().map(Entry::reservedDelta).toList());
        assertEquals(List.of(880L, 700L, 700L, 1_000L), e.stream().map(Entry::balanceAfter).toList());
        assertEquals(Category.USAGE, e.get(0).category());
        assertEquals("reel read", e.get(0).reference());

        // settling all of it writes no refund
        ledger.reserve(acc, 80, "op2", FAR, null);
        assertApplied(ledger.settle(acc, "op2", 80), 800, 0, false);
        assertEquals(EntryType.SETTLE, ledger.entries(acc, 1, null).items().get(0).type());
        assertConsistent(ledger, acc);
    }

    @Test
    void aReservationEndsOnceWhicheverWayItEnds() {
        String acc = newAccount();
        ledger.grant(acc, 1_000, "g1", Category.PAID, null);
        ledger.reserve(acc, 100, "a", FAR, null);
        ledger.reserve(acc, 100, "b", FAR, null);
        assertApplied(ledger.settle(acc, "a", 100), 800, 100, false);
        assertEquals(new Result.AlreadyEnded("SETTLED"), ledger.refund(acc, "a", "too late"));
        assertApplied(ledger.refund(acc, "b", "provider failed"), 900, 0, false);
        assertApplied(ledger.refund(acc, "b", "provider failed"), 900, 0, true);
        assertEquals(new Result.AlreadyEnded("REFUNDED"), ledger.settle(acc, "b", 10));
        assertEquals(new Result.AlreadyEnded("NOT_FOUND"), ledger.settle(acc, "never", 10));
        assertEquals(new Result.AlreadyEnded("NOT_FOUND"), ledger.refund(acc, "never", null));
        List<Entry> e = assertConsistent(ledger, acc);
        assertEquals("provider failed", e.get(0).reference());
        assertEquals(new Balance(acc, 900, 0), ledger.balance(acc));
    }

    @Test
    void anAbandonedReservationIsExpiredBySweepAtItsTimeAndThenCannotBeSettled() {
        // before the other tests' times, so only this test's reservation can be due
        clock.set(Instant.parse("2020-01-01T00:00:00Z"));
        String acc = newAccount();
        ledger.grant(acc, 500, "g1", Category.PROMOTIONAL, null);
        Instant until = clock.instant().plusSeconds(60).plusNanos(500_000_123);
        ledger.reserve(acc, 200, "job-1", until, "report");
        clock.advance(Duration.ofSeconds(30));
        assertEquals(0, ledger.expireReservations(clock.instant(), 100), "not due yet");
        assertEquals(0, ledger.expireReservations(until.minusNanos(1), 100), "not due a nanosecond before");
        clock.set(until);
        assertEquals(1, ledger.expireReservations(until, 100));
        assertEquals(0, ledger.expireReservations(until.plusSeconds(3600), 100), "gone from the index once ended");
        assertEquals(new Result.AlreadyEnded("EXPIRED"), ledger.settle(acc, "job-1", 200));
        assertEquals(new Result.AlreadyEnded("EXPIRED"), ledger.refund(acc, "job-1", "failed"));
        List<Entry> e = assertConsistent(ledger, acc);
        assertEquals(EntryType.EXPIRE, e.get(0).type());
        assertEquals(200, e.get(0).amountMicroCredits());
        assertEquals(-200, e.get(0).reservedDelta());
        assertEquals(500, e.get(0).balanceAfter());
        assertEquals(until, e.get(0).createdAt());
        assertEquals(new Balance(acc, 500, 0), ledger.balance(acc));
    }

    @Test
    void theSweepStopsAtMaxAndTheNextSweepTakesTheRest() {
        clock.set(Instant.parse("2021-01-01T00:00:00Z"));
        String acc = newAccount();
        ledger.grant(acc, 1_000, "g", Category.PAID, null);
        for (int i = 0; i < 5; i++) {
            ledger.reserve(acc, 10, "r" + i, clock.instant().plusSeconds(i), null);
        }
        Instant later = clock.instant().plusSeconds(10);
        assertEquals(3, ledger.expireReservations(later, 3));
        assertEquals(2, ledger.expireReservations(later, 3));
        assertEquals(0, ledger.expireReservations(later, 3));
        assertEquals(new Balance(acc, 1_000, 0), ledger.balance(acc));
        assertConsistent(ledger, acc);
    }

    @Test
    void aDeclinedReserveStaysDeclinedForItsRepeatsEvenAfterATopUp() {
        String acc = newAccount();
        ledger.grant(acc, 50, "g1", Category.PAID, null);
        Result r = ledger.reserve(acc, 80, "op", FAR, null);
        assertEquals(new Result.Insufficient(new Balance(acc, 50, 0), 80), r);
        ledger.grant(acc, 100, "g2", Category.PAID, null);
        assertEquals(new Result.Insufficient(new Balance(acc, 150, 0), 80), ledger.reserve(acc, 80, "op", FAR, null),
                "a repeat returns the first outcome");
        assertEquals(new Result.AlreadyEnded("DECLINED"), ledger.settle(acc, "op", 80));
        assertApplied(ledger.reserve(acc, 80, "op-2", FAR, null), 70, 80, false);
        assertEquals(new Result.Held(new Balance(acc, 70, 80), 80), ledger.reserve(acc, 81, "op-2", FAR, null),
                "another amount for a live hold: what is held, nothing changes");
        String empty = newAccount();
        assertEquals(new Result.Insufficient(new Balance(empty, 0, 0), 1), ledger.reserve(empty, 1, "x", FAR, null),
                "an account without credits");
        ledger.refund(acc, "op-2", null);
        assertConsistent(ledger, acc);
    }

    @Test
    void adjustmentsGoBothWaysButNeverBelowZero() {
        String acc = newAccount();
        assertApplied(ledger.adjust(acc, 400, "adj-1", "goodwill"), 400, 0, false);
        ledger.reserve(acc, 100, "op", FAR, null);
        assertEquals(new Result.Insufficient(new Balance(acc, 300, 100), 301), ledger.adjust(acc, -301, "adj-2", "chargeback"),
                "reserved credits cannot be taken by an adjustment");
        assertEquals(new Balance(acc, 300, 100), ledger.balance(acc), "nothing changed");
        assertApplied(ledger.adjust(acc, -300, "adj-3", "chargeback"), 0, 100, false);
        assertApplied(ledger.adjust(acc, -300, "adj-3", "chargeback"), 0, 100, true);
        assertThrows(IllegalArgumentException.class, () -> ledger.adjust(acc, 0, "adj-4", null));
        List<Entry> e = assertConsistent(ledger, acc);
        assertEquals(EntryType.ADJUST, e.get(0).type());
        assertEquals(Category.ADJUSTMENT, e.get(0).category());
        assertEquals(-300, e.get(0).amountMicroCredits());
        assertEquals(0, e.get(0).balanceAfter());
        assertEquals("chargeback", e.get(0).reference());
        assertEquals(Category.ADJUSTMENT, e.get(2).category());
        assertEquals(400, e.get(2).balanceAfter());
        ledger.refund(acc, "op", null);
    }

    @Test
    void entriesAreListedNewestFirstThroughCursorPages() {
        String acc = newAccount();
        for (int i = 1; i <= 7; i++) {
            ledger.grant(acc, i, "g" + i, Category.PAID, null);
            clock.advance(Duration.ofSeconds(1));
        }
        List<String> ops = new ArrayList<>();
        List<Long> after = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Entry> page = ledger.entries(acc, 3, cursor);
            page.items().forEach(e -> {
                ops.add(e.operationId());
                after.add(e.balanceAfter());
            });
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(List.of("g7", "g6", "g5", "g4", "g3", "g2", "g1"), ops);
        assertEquals(List.of(28L, 21L, 15L, 10L, 6L, 3L, 1L), after);
        assertTrue(pages >= 3);
        Page<Entry> first = ledger.entries(acc, 3, null);
        assertNotNull(first.nextCursor());
        String other = newAccount();
        ledger.grant(other, 1, "g", Category.PAID, null);
        String foreign = first.nextCursor();
        assertThrows(RuntimeException.class, () -> ledger.entries(other, 3, foreign), "a cursor of another account's list");
        Page<Entry> none = ledger.entries(newAccount(), 3, null);
        assertTrue(none.items().isEmpty());
        assertNull(none.nextCursor());
    }

    @Test
    void aReserveOfAnExpiredSettledOrRefundedHoldNeverAnswersAppliedSoNoWorkRunsUncharged() {
        clock.set(Instant.parse("2022-06-01T00:00:00Z")); // before the model test's window
        String acc = newAccount();
        ledger.grant(acc, 1_000, "g", Category.PAID, null);
        ledger.reserve(acc, 100, "settled", FAR, null);
        ledger.settle(acc, "settled", 100);
        ledger.reserve(acc, 100, "refunded", FAR, null);
        ledger.refund(acc, "refunded", "model failed");
        ledger.reserve(acc, 100, "swept", clock.instant().plusSeconds(10), null);
        ledger.reserve(acc, 100, "overdue", clock.instant().plusSeconds(20), null);
        clock.advance(Duration.ofSeconds(30));
        ledger.expireReservations(clock.instant().minusSeconds(15), 1_000); // "swept" is due there, "overdue" is not
        assertEquals(new Result.AlreadyEnded("SETTLED"), ledger.reserve(acc, 100, "settled", FAR, null));
        assertEquals(new Result.AlreadyEnded("REFUNDED"), ledger.reserve(acc, 100, "refunded", FAR, null));
        assertEquals(new Result.AlreadyEnded("EXPIRED"), ledger.reserve(acc, 100, "swept", FAR, null));
        assertEquals(new Balance(acc, 800, 100), ledger.balance(acc), "the overdue hold is still open until someone looks");
        assertEquals(new Result.AlreadyEnded("EXPIRED"), ledger.reserve(acc, 100, "overdue", FAR, null),
                "past its expiry a hold is dead even before the sweep: it is expired there and then");
        assertEquals(new Result.AlreadyEnded("EXPIRED"), ledger.reserve(acc, 100, "overdue", FAR, null));
        assertEquals(new Result.AlreadyEnded("EXPIRED"), ledger.settle(acc, "overdue", 100), "and cannot be charged after");
        assertEquals(new Balance(acc, 900, 0), ledger.balance(acc));
        List<Entry> e = assertConsistent(ledger, acc);
        assertEquals(EntryType.EXPIRE, e.get(0).type());
        assertEquals("overdue", e.get(0).operationId());
    }

    @Test
    void aRetryWhoseAmountChangedOrWhoseHoldDiedConvergesInsteadOfThrowing() {
        clock.set(Instant.parse("2022-07-01T00:00:00Z"));
        String acc = newAccount();
        ledger.grant(acc, 10_000, "g", Category.PAID, null);
        Metering metering = new Metering(ledger, PriceCard.BUILT_IN, clock);
        // the first delivery held 300 and died; the retry's prompt changed, so it asks for 450
        Metering.Hold first = metering.hold(acc, "regen:p1:1", 300, "regenerate").orElseThrow();
        Metering.Hold retry = metering.hold(acc, "regen:p1:1", 450, "regenerate").orElseThrow();
        assertEquals(first, retry, "the live hold is the retry's: it settles what was held");
        assertEquals(300, metering.settle(retry, 1_000).settledMicroCredits(), "capped at what was held");
        // a retry after the hold ended (settled, refunded, expired) holds again under the next id of the chain
        Metering.Hold again = metering.hold(acc, "regen:p1:1", 450, "regenerate").orElseThrow();
        assertEquals("regen:p1:1~2", again.operationId());
        metering.refund(again, "model unavailable");
        Metering.Hold third = metering.hold(acc, "regen:p1:1", 450, "regenerate").orElseThrow();
        assertEquals("regen:p1:1~3", third.operationId());
        assertEquals(third, metering.hold(acc, "regen:p1:1", 450, "regenerate").orElseThrow(), "a retry of the retry finds it");
        // settle and refund by the chain's first id reach its live hold
        assertEquals(450, metering.settle(new Metering.Hold(acc, "regen:p1:1", 450), 450).settledMicroCredits());
        assertEquals(new Balance(acc, 10_000 - 300 - 450, 0), ledger.balance(acc));
        Metering.Hold expiring = metering.hold(acc, "reply:i1", 200, "reply").orElseThrow();
        clock.advance(Metering.HOLD_FOR.plusSeconds(1));
        Metering.Hold renewed = metering.hold(acc, "reply:i1", 200, "reply").orElseThrow();
        assertEquals("reply:i1~2", renewed.operationId(), "an expired hold is never reused");
        assertEquals(200, metering.settle(expiring, 200).settledMicroCredits(), "the settle of the first id charges the live one");
        assertEquals(new Balance(acc, 10_000 - 300 - 450 - 200, 0), ledger.balance(acc));
        assertConsistent(ledger, acc);
    }
}
