package com.socialwire.local.stores;

import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantSettings;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daily LLM budget against DynamoDB Local: reservations are holds that expire when their invocation dies. */
class LlmBudgetIT {

    final LedgerIT.MutableClock clock = new LedgerIT.MutableClock(Instant.parse("2026-05-01T09:00:00Z"));
    final LlmBudget budget = new LlmBudget(LedgerIT.table(), clock);

    static Tenant tenant(String budgetUsd) {
        TenantSettings s = new TenantSettings(false, false, "auto_publish", new BigDecimal(budgetUsd), true, true, "hide", "escalate");
        return new Tenant("tnt_" + UUID.randomUUID().toString().replace("-", ""), "acc_budget", "Budget Bakery", null, null,
                Tenant.TOKEN_NONE, null, null, List.of(), "active", "UTC", s, 1, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void aBudgetHoldWhoseInvocationDiedExpiresInsteadOfSpendingTheDayForNothing() {
        Tenant t = tenant("1.00");
        budget.reserve(t, new BigDecimal("0.80")).orElseThrow(); // the invocation dies here (a Lambda timeout): never settled or released
        assertTrue(budget.reserve(t, new BigDecimal("0.50")).isEmpty(), "while the dead call's hold may still be live, it counts");
        clock.advance(LlmBudget.HOLD_FOR.plusSeconds(1));
        Optional<LlmBudget.Reservation> next = budget.reserve(t, new BigDecimal("0.50"));
        assertTrue(next.isPresent(), "past its time the dead call's hold is given back and the budget is free again");
        budget.settle(next.get(), "gpt-4o-mini", new BigDecimal("0.20"));
        assertTrue(budget.reserve(t, new BigDecimal("0.80")).isPresent(), "0.20 spent + 0.80 held = the budget");
        assertTrue(budget.reserve(t, new BigDecimal("0.01")).isEmpty());
        assertEquals(new BigDecimal("0.2"), budget.spend(t.id(), LocalDate.parse("2026-05-01")).totalUsd());
    }

    @Test
    void aBatchsCallsShareOneBudgetHoldBookedInOneWriteAndStillStopWhereTheBudgetEnds() throws Exception {
        Tenant t = tenant("1.00");
        budget.settle(budget.reserve(t, new BigDecimal("0.10")).orElseThrow(), "gpt-4o-mini", new BigDecimal("0.10")); // spent before
        List<Optional<LlmBudget.Reservation>> got = new java.util.ArrayList<>();
        Thread batch = Thread.ofVirtual().start(() -> {
            com.socialwire.shared.jobs.SqsBatch.Scope scope = com.socialwire.shared.jobs.SqsBatch.Scope.open(4);
            for (int i = 0; i < 4; i++) {
                got.add(budget.reserve(t, new BigDecimal("0.30"))); // 4 x 0.30 > 0.90 left: the batch's hold falls back to one call's
            }
            got.get(0).ifPresent(r -> budget.settle(r, "gpt-4o-mini", new BigDecimal("0.05")));
            got.get(1).ifPresent(r -> budget.settle(r, "claude-haiku", new BigDecimal("0.07")));
            got.get(2).ifPresent(budget::release); // a call that failed: nothing spent
            scope.close();
        });
        batch.join();
        assertEquals(List.of(true, true, true, false), got.stream().map(Optional::isPresent).toList(),
                "0.90 left covers three worst cases of 0.30, as it did call by call, and not a fourth");
        LlmBudget.Spend spend = budget.spend(t.id(), LocalDate.parse("2026-05-01"));
        assertEquals(new BigDecimal("0.22"), spend.totalUsd(), "booked per model at the batch's end");
        assertEquals(new BigDecimal("0.07"), spend.byModel().get("claude-haiku"));
        assertTrue(budget.reserve(t, new BigDecimal("0.78")).isPresent(), "the batch's holds are given back: 0.22 spent + 0.78 = the budget");
        assertTrue(budget.reserve(t, new BigDecimal("0.01")).isEmpty());
    }

    @Test
    void aLateSettleOrReleaseOfAnExpiredHoldGivesNothingBackTwice() {
        Tenant t = tenant("1.00");
        LlmBudget.Reservation slow = budget.reserve(t, new BigDecimal("0.60")).orElseThrow();
        clock.advance(LlmBudget.HOLD_FOR.plusSeconds(1));
        LlmBudget.Reservation other = budget.reserve(t, new BigDecimal("0.60")).orElseThrow(); // expires the slow one first
        budget.settle(slow, "gpt-4o-mini", new BigDecimal("0.30")); // it did finish after all: the spend counts, its hold is gone already
        budget.release(slow);
        assertTrue(budget.reserve(t, new BigDecimal("0.11")).isEmpty(), "0.30 spent + 0.60 held leaves 0.10");
        assertTrue(budget.reserve(t, new BigDecimal("0.10")).isPresent());
        budget.release(other);
        budget.release(other);
        assertTrue(budget.reserve(t, new BigDecimal("0.60")).isPresent(), "0.30 + 0.10 + 0.60: a repeated release gave back once");
        assertTrue(budget.reserve(t, new BigDecimal("0.01")).isEmpty());
        assertEquals(new BigDecimal("0.3"), budget.spend(t.id(), LocalDate.parse("2026-05-01")).totalUsd());
    }
}
