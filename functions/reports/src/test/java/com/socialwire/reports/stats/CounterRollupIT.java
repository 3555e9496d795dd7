package com.socialwire.reports.stats;

import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.reports.Reports;
import com.socialwire.shared.Ids;
import com.socialwire.shared.analytics.TenantCounters;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.TenantRecords;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The all-time counters ({@code GET .../stats}) read closed months from their rollups: the same sums as every day row
 * added up, seeded over random histories, and once a month is rolled up its day rows are no longer read for the totals.
 */
class CounterRollupIT {

    static final LocalEnvironment env = LocalEnvironment.shared();
    final Reports reports = new Reports(env.functionConfig("AnalyticsFunction"), Clock.systemUTC());
    final Table table = reports.table();
    final TenantCounters counters = new TenantCounters(table, Clock.systemUTC());

    void day(String tenantId, LocalDate date, Map<String, Long> counts) {
        Item row = Item.create().s(Table.PK, TenantRecords.pk(tenantId)).s(Table.SK, TenantCounters.sk(date));
        counts.forEach(row::n);
        table.put(new Write.Put(row.build()));
    }

    @Test
    void allTimeTotalsEqualTheSumOfEveryDayAndClosedMonthsComeFromTheirRollups() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 5; round++) {
            String tenantId = "tnt_rollup" + Ids.base62(10);
            LocalDate today = LocalDate.of(2026, 12, 1).plusDays(random.nextInt(31));
            Map<String, Long> expected = new TreeMap<>();
            LocalDate first = null;
            for (LocalDate d = today.minusDays(200); !d.isAfter(today); d = d.plusDays(1)) {
                if (random.nextInt(3) > 0) {
                    continue; // days without a change have no row
                }
                Map<String, Long> counts = Map.of("posts.created", (long) random.nextInt(5) + 1,
                        "posts.status.draft", (long) random.nextInt(7) - 3, "inbox.received.comment", (long) random.nextInt(9));
                day(tenantId, d, counts);
                counts.forEach((k, v) -> expected.merge(k, v, Long::sum));
                first = first == null ? d : first;
            }
            String at = "seed " + seed + ", round " + round + ", today " + today;
            TenantCounters.Totals once = counters.allTime(tenantId, today, 60);
            assertEquals(expected, once.counts(), at);
            assertEquals(first, once.since(), at);
            assertTrue(once.days().stream().allMatch(d -> !d.date().isBefore(today.minusDays(60))), at);
            assertEquals(counters.days(tenantId, today.minusDays(60), null), once.days(), "the recent days' rows, every one: " + at);

            // the months that ended two days ago are rolled up: their day rows no longer count (one is deleted here)
            LocalDate old = today.minusDays(150);
            java.util.List<TenantCounters.Day> oldMonth = counters.days(tenantId, old.withDayOfMonth(1), old.withDayOfMonth(old.lengthOfMonth()));
            assertTrue(table.get(TenantRecords.pk(tenantId), TenantCounters.MONTH_PREFIX + java.time.YearMonth.from(old)).isPresent(), at);
            if (!oldMonth.isEmpty()) {
                table.delete(new Write.Delete(Table.key(TenantRecords.pk(tenantId), TenantCounters.sk(oldMonth.get(0).date()))));
            }
            assertEquals(expected, counters.allTime(tenantId, today, 60).counts(), "the second read takes the rollup: " + at);
        }
    }
}
