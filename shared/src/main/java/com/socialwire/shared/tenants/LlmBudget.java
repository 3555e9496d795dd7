package com.socialwire.shared.tenants;

import com.socialwire.shared.store.Write;
import com.socialwire.shared.Ids;
import com.socialwire.shared.jobs.SqsBatch;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.AttrValue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tenant's daily LLM spend against its budget ({@code settings.dailyLlmBudgetUsd}), per day in
 * the tenant's time zone. A call first reserves its worst-case cost with a conditional write that
 * fails once the day's committed spend would pass the budget — so concurrent workers can never
 * overspend together — then settles the actual cost per model, or releases the reservation.
 *
 * <p>A reservation is a hold that expires: its amount is recorded in the day's row under its own
 * id ({@code hold:{id}} = {@code {amount}|{until, epoch ms}}) and given back when it is settled or
 * released — or, if its invocation died in between (a Lambda timeout), once it is past
 * {@link #HOLD_FOR}: a reserve the budget cannot cover first gives back the row's expired holds and
 * tries once more. A settle or release of a hold that already expired changes nothing it gave back
 * twice: the settle books the spend alone, the release nothing.
 *
 * <p>Row: {@code TENANT#{id}} / {@code LLMCOST#{yyyy-MM-dd}} with {@code committed} (settled +
 * reserved), {@code spent} (settled), one {@code model:{name}} attribute per model and one
 * {@code hold:{id}} per open reservation.
 *
 * <p>Inside an SQS batch that shares a {@link SqsBatch.Scope}, the batch's calls for one tenant share one
 * reservation ({@link Batch}): the first reserves the worst case of every message of the batch not yet served
 * (or, if the budget cannot cover that, its own worst case, as alone), the others take their worst case from it
 * in memory, and the batch's end books what every call spent, per model, in one write — one budget write per
 * batch and tenant instead of two per call. The budget still stops spending exactly where it did (every write is
 * conditional on it), but a batch's hold may hold more than its calls come to until the batch ends: a concurrent
 * batch of the same tenant near the day's end may be refused up to one batch's worst case early.
 */
public final class LlmBudget {

    /** How long a reservation may stay open: no invocation outlives Lambda's 15-minute maximum. */
    public static final Duration HOLD_FOR = Duration.ofMinutes(15);

    private static final String HOLD = "hold:";

    /** Money reserved for one call, to settle or release. */
    public record Reservation(String tenantId, String date, BigDecimal amountUsd, String holdId) {
    }

    /** One day's settled spend. */
    public record Spend(String date, BigDecimal totalUsd, Map<String, BigDecimal> byModel) {
    }

    private final Table table;
    private final Clock clock;

    public LlmBudget(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    public LocalDate today(Tenant tenant) {
        return LocalDate.ofInstant(clock.instant(), zone(tenant));
    }

    /** Seconds until the tenant's budget day ends (its next local midnight): a refused call's {@code Retry-After}. */
    public long secondsUntilTomorrow(Tenant tenant) {
        java.time.Instant next = today(tenant).plusDays(1).atStartOfDay(zone(tenant)).toInstant();
        return Math.max(1, java.time.Duration.between(clock.instant(), next).toSeconds());
    }

    /** Reserves {@code estimateUsd} of today's budget; empty if the budget cannot cover it (no call may be made). */
    public java.util.Optional<Reservation> reserve(Tenant tenant, BigDecimal estimateUsd) {
        BigDecimal budget = tenant.settings().dailyLlmBudgetUsd();
        if (budget == null || budget.signum() <= 0 || estimateUsd.compareTo(budget) > 0) {
            return java.util.Optional.empty();
        }
        java.util.Optional<Batch> batch = batch();
        if (batch.isPresent()) {
            return batch.get().draw(tenant, estimateUsd);
        }
        return reserveAlone(tenant, estimateUsd);
    }

    private java.util.Optional<Reservation> reserveAlone(Tenant tenant, BigDecimal estimateUsd) {
        BigDecimal budget = tenant.settings().dailyLlmBudgetUsd();
        String date = today(tenant).toString();
        Reservation r = new Reservation(tenant.id(), date, estimateUsd, Ids.base62(12));
        if (tryReserve(r, budget) || (expireHolds(tenant.id(), date) > 0 && tryReserve(r, budget))) {
            return java.util.Optional.of(r);
        }
        return java.util.Optional.empty();
    }

    private boolean tryReserve(Reservation r, BigDecimal budget) {
        String hold = r.amountUsd().toPlainString() + "|" + clock.instant().plus(HOLD_FOR).toEpochMilli();
        return table.updateIf(new Write.Update(key(r.tenantId(), r.date()), "ADD committed :est SET #hold = :hold",
                "attribute_not_exists(committed) OR (committed < :budget AND committed <= :limit)",
                Map.of("#hold", HOLD + r.holdId()),
                Map.of(":est", n(r.amountUsd()), ":hold", AttrValue.fromS(hold), ":budget", n(budget),
                        ":limit", n(budget.subtract(r.amountUsd())))));
    }

    /** Gives back the day's holds whose time has passed (their invocations died); returns how many. */
    public int expireHolds(String tenantId, String date) {
        long now = clock.instant().toEpochMilli();
        int freed = 0;
        Map<String, AttrValue> row = table.get(TenantRecords.pk(tenantId), sk(date)).orElse(Map.of());
        for (Map.Entry<String, AttrValue> e : row.entrySet()) {
            if (!e.getKey().startsWith(HOLD) || e.getValue().s() == null) {
                continue;
            }
            String[] parts = e.getValue().s().split("\\|");
            if (parts.length != 2 || Long.parseLong(parts[1]) > now) {
                continue;
            }
            if (giveBack(tenantId, date, e.getKey(), new BigDecimal(parts[0]).negate(), Map.of())) {
                freed++;
            }
        }
        return freed;
    }

    /** Replaces the reservation with the actual cost of {@code model}'s answer. */
    public void settle(Reservation r, String model, BigDecimal actualUsd) {
        if (batch().map(b -> b.spend(r, model, actualUsd)).orElse(false)) {
            return;
        }
        book(r, Map.of(model, actualUsd));
    }

    /** Replaces the reservation with what was spent, per model: one write. */
    private void book(Reservation r, Map<String, BigDecimal> byModel) {
        BigDecimal actualUsd = byModel.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (!giveBack(r.tenantId(), r.date(), HOLD + r.holdId(), actualUsd.subtract(r.amountUsd()), byModel)) {
            // the hold expired meanwhile and was given back: the spend still counts
            Map<String, String> names = new java.util.HashMap<>();
            Map<String, AttrValue> values = new java.util.HashMap<>(Map.of(":actual", n(actualUsd)));
            String update = "ADD committed :actual, spent :actual" + models(byModel, names, values);
            table.update(new Write.Update(key(r.tenantId(), r.date()), update, null, names, values));
        }
    }

    /** {@code ", #m0 :m0, ..."}: the ADD of each model's spend, its names and values put in {@code names}/{@code values}. */
    private static String models(Map<String, BigDecimal> byModel, Map<String, String> names, Map<String, AttrValue> values) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, BigDecimal> m : new TreeMap<>(byModel).entrySet()) {
            names.put("#m" + i, "model:" + m.getKey());
            values.put(":m" + i, n(m.getValue()));
            out.append(", #m").append(i).append(" :m").append(i);
            i++;
        }
        return out.toString();
    }

    /** Gives a reservation back (the call failed or was never made); nothing if it already expired. */
    public void release(Reservation r) {
        if (batch().map(b -> b.giveBack(r)).orElse(false)) {
            return;
        }
        giveBack(r.tenantId(), r.date(), HOLD + r.holdId(), r.amountUsd().negate(), Map.of());
    }

    /** Removes hold {@code attribute} and adds {@code delta} to committed (and books each model's spend), only if the hold is still there. */
    private boolean giveBack(String tenantId, String date, String attribute, BigDecimal delta, Map<String, BigDecimal> byModel) {
        Map<String, String> names = new java.util.HashMap<>(Map.of("#hold", attribute));
        Map<String, AttrValue> values = new java.util.HashMap<>(Map.of(":delta", n(delta)));
        String update = "REMOVE #hold ADD committed :delta";
        if (!byModel.isEmpty()) {
            values.put(":spent", n(byModel.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)));
            update += ", spent :spent" + models(byModel, names, values);
        }
        String expression = update;
        return table.updateIf(new Write.Update(key(tenantId, date), expression, "attribute_exists(#hold)", names, values));
    }

    /** The batch's reservations of this budget, if this thread works for an SQS batch that shares them. */
    private java.util.Optional<Batch> batch() {
        return SqsBatch.Scope.current().map(scope -> scope.resource(this, () -> new Batch(scope)));
    }

    /** One SQS batch's reservations, one per tenant at a time, drawn from in memory and booked at the batch's end. */
    private final class Batch implements AutoCloseable {
        private final SqsBatch.Scope scope;
        private final int messages;
        private final Map<String, Pool> current = new HashMap<>();
        private final java.util.List<Pool> pools = new java.util.ArrayList<>();
        private final Map<String, Pool> byDraw = new HashMap<>();
        private int served;

        /** One reservation and what its draws spent. */
        private static final class Pool {
            final Reservation reservation;
            BigDecimal free;
            final Map<String, BigDecimal> spent = new TreeMap<>();

            Pool(Reservation reservation) {
                this.reservation = reservation;
                this.free = reservation.amountUsd();
            }
        }

        Batch(SqsBatch.Scope scope) {
            this.scope = scope;
            this.messages = Math.max(1, scope.messages());
        }

        java.util.Optional<Reservation> draw(Tenant tenant, BigDecimal estimateUsd) {
            return scope.locked(() -> {
                Pool pool = current.get(tenant.id());
                if (pool == null || pool.free.compareTo(estimateUsd) < 0 || !pool.reservation.date().equals(today(tenant).toString())) {
                    int slots = Math.max(1, messages - served);
                    java.util.Optional<Reservation> r = slots > 1 ? reserveAlone(tenant, estimateUsd.multiply(BigDecimal.valueOf(slots)))
                            : java.util.Optional.empty();
                    if (r.isEmpty()) {
                        r = reserveAlone(tenant, estimateUsd); // as much as one call alone would get
                    }
                    if (r.isEmpty()) {
                        return r;
                    }
                    pool = new Pool(r.get());
                    current.put(tenant.id(), pool);
                    pools.add(pool);
                }
                pool.free = pool.free.subtract(estimateUsd);
                served++;
                Reservation draw = new Reservation(tenant.id(), pool.reservation.date(), estimateUsd, pool.reservation.holdId() + "/" + served);
                byDraw.put(draw.holdId(), pool);
                return java.util.Optional.of(draw);
            });
        }

        boolean spend(Reservation r, String model, BigDecimal actualUsd) {
            return scope.locked(() -> {
                Pool pool = byDraw.remove(r.holdId());
                if (pool != null) {
                    pool.spent.merge(model, actualUsd, BigDecimal::add);
                }
                return pool != null;
            });
        }

        boolean giveBack(Reservation r) {
            return scope.locked(() -> {
                Pool pool = byDraw.remove(r.holdId());
                if (pool != null) {
                    pool.free = pool.free.add(r.amountUsd());
                }
                return pool != null;
            });
        }

        /** Books each reservation's spend in one write (or gives it back whole if nothing was spent). */
        @Override
        public void close() {
            scope.locked(() -> {
                for (Pool pool : pools) {
                    if (pool.spent.isEmpty()) {
                        LlmBudget.this.giveBack(pool.reservation.tenantId(), pool.reservation.date(), HOLD + pool.reservation.holdId(),
                                pool.reservation.amountUsd().negate(), Map.of());
                    } else {
                        book(pool.reservation, pool.spent);
                    }
                }
                pools.clear();
                current.clear();
                return null;
            });
        }

        @Override
        public String toString() {
            return "the LLM budget holds of a batch";
        }
    }

    private static Map<String, AttrValue> key(String tenantId, String date) {
        return Table.key(TenantRecords.pk(tenantId), sk(date));
    }

    public Spend spend(String tenantId, LocalDate date) {
        return table.get(TenantRecords.pk(tenantId), sk(date.toString())).map(LlmBudget::spend)
                .orElse(new Spend(date.toString(), BigDecimal.ZERO, new HashMap<>()));
    }

    /** The days from {@code from} to {@code to} (inclusive) with any spend, oldest first: one Query of their rows. */
    public java.util.List<Spend> spends(String tenantId, LocalDate from, LocalDate to) {
        java.util.List<Spend> out = new java.util.ArrayList<>();
        Map<String, String> names = Map.of("#pk", Table.PK, "#sk", Table.SK);
        Map<String, AttrValue> values = Map.of(":pk", AttrValue.fromS(TenantRecords.pk(tenantId)),
                ":from", AttrValue.fromS(sk(from.toString())), ":to", AttrValue.fromS(sk(to.toString())));
        Map<String, AttrValue> start = null;
        do {
            var page = table.queryPage(null, "#pk = :pk AND #sk BETWEEN :from AND :to", names, values, null, start, true);
            page.items().forEach(i -> out.add(spend(i)));
            start = page.lastKey();
        } while (start != null);
        return out;
    }

    private static Spend spend(Map<String, AttrValue> item) {
        Map<String, BigDecimal> byModel = new TreeMap<>();
        item.forEach((k, v) -> {
            if (k.startsWith("model:") && v.n() != null) {
                byModel.put(k.substring("model:".length()), new BigDecimal(v.n()).stripTrailingZeros());
            }
        });
        AttrValue spent = item.get("spent");
        BigDecimal total = spent == null ? BigDecimal.ZERO : new BigDecimal(spent.n());
        return new Spend(item.get(Table.SK).s().substring("LLMCOST#".length()), total.stripTrailingZeros(), new HashMap<>(byModel));
    }

    static ZoneId zone(Tenant tenant) {
        try {
            return ZoneId.of(tenant.timezone());
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    private static String sk(String date) {
        return "LLMCOST#" + date;
    }

    private static AttrValue n(BigDecimal v) {
        return AttrValue.fromN(v.toPlainString());
    }
}
