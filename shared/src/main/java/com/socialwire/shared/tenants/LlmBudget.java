package com.socialwire.shared.tenants;

import com.socialwire.shared.Ids;
import com.socialwire.shared.store.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

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

    /** Reserves {@code estimateUsd} of today's budget; empty if the budget cannot cover it (no call may be made). */
    public java.util.Optional<Reservation> reserve(Tenant tenant, BigDecimal estimateUsd) {
        BigDecimal budget = tenant.settings().dailyLlmBudgetUsd();
        if (budget == null || budget.signum() <= 0 || estimateUsd.compareTo(budget) > 0) {
            return java.util.Optional.empty();
        }
        String date = today(tenant).toString();
        Reservation r = new Reservation(tenant.id(), date, estimateUsd, Ids.base62(12));
        if (tryReserve(r, budget) || (expireHolds(tenant.id(), date) > 0 && tryReserve(r, budget))) {
            return java.util.Optional.of(r);
        }
        return java.util.Optional.empty();
    }

    private boolean tryReserve(Reservation r, BigDecimal budget) {
        String hold = r.amountUsd().toPlainString() + "|" + clock.instant().plus(HOLD_FOR).toEpochMilli();
        try {
            table.client().updateItem(b -> b.tableName(table.name())
                    .key(key(r.tenantId(), r.date()))
                    .updateExpression("ADD committed :est SET #hold = :hold")
                    .conditionExpression("attribute_not_exists(committed) OR (committed < :budget AND committed <= :limit)")
                    .expressionAttributeNames(Map.of("#hold", HOLD + r.holdId()))
                    .expressionAttributeValues(Map.of(
                            ":est", n(r.amountUsd()),
                            ":hold", AttributeValue.fromS(hold),
                            ":budget", n(budget),
                            ":limit", n(budget.subtract(r.amountUsd())))));
            return true;
        } catch (ConditionalCheckFailedException overBudget) {
            return false;
        }
    }

    /** Gives back the day's holds whose time has passed (their invocations died); returns how many. */
    public int expireHolds(String tenantId, String date) {
        long now = clock.instant().toEpochMilli();
        int freed = 0;
        Map<String, AttributeValue> row = table.get(TenantRecords.pk(tenantId), sk(date)).orElse(Map.of());
        for (Map.Entry<String, AttributeValue> e : row.entrySet()) {
            if (!e.getKey().startsWith(HOLD) || e.getValue().s() == null) {
                continue;
            }
            String[] parts = e.getValue().s().split("\\|");
            if (parts.length != 2 || Long.parseLong(parts[1]) > now) {
                continue;
            }
            if (giveBack(tenantId, date, e.getKey(), new BigDecimal(parts[0]).negate(), null, null)) {
                freed++;
            }
        }
        return freed;
    }

    /** Replaces the reservation with the actual cost of {@code model}'s answer. */
    public void settle(Reservation r, String model, BigDecimal actualUsd) {
        if (!giveBack(r.tenantId(), r.date(), HOLD + r.holdId(), actualUsd.subtract(r.amountUsd()), model, actualUsd)) {
            // the hold expired meanwhile and was given back: the spend still counts
            book(r.tenantId(), r.date(), "ADD committed :actual, spent :actual, #model :actual", model, actualUsd);
        }
    }

    /** Gives a reservation back (the call failed or was never made); nothing if it already expired. */
    public void release(Reservation r) {
        giveBack(r.tenantId(), r.date(), HOLD + r.holdId(), r.amountUsd().negate(), null, null);
    }

    /** Removes hold {@code attribute} and adds {@code delta} to committed (and books the spend), only if the hold is still there. */
    private boolean giveBack(String tenantId, String date, String attribute, BigDecimal delta, String model, BigDecimal actualUsd) {
        Map<String, String> names = new java.util.HashMap<>(Map.of("#hold", attribute));
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(":delta", n(delta)));
        if (model != null) {
            names.put("#model", "model:" + model);
            values.put(":actual", n(actualUsd));
        }
        String update = "REMOVE #hold ADD committed :delta" + (model == null ? "" : ", spent :actual, #model :actual");
        try {
            table.client().updateItem(b -> b.tableName(table.name()).key(key(tenantId, date))
                    .updateExpression(update).conditionExpression("attribute_exists(#hold)")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    private void book(String tenantId, String date, String update, String model, BigDecimal actualUsd) {
        table.client().updateItem(b -> b.tableName(table.name()).key(key(tenantId, date))
                .updateExpression(update)
                .expressionAttributeNames(Map.of("#model", "model:" + model))
                .expressionAttributeValues(Map.of(":actual", n(actualUsd))));
    }

    private static Map<String, AttributeValue> key(String tenantId, String date) {
        return Table.key(TenantRecords.pk(tenantId), sk(date));
    }

    public Spend spend(String tenantId, LocalDate date) {
        Map<String, BigDecimal> byModel = new TreeMap<>();
        BigDecimal total = table.get(TenantRecords.pk(tenantId), sk(date.toString())).map(item -> {
            item.forEach((k, v) -> {
                if (k.startsWith("model:") && v.n() != null) {
                    byModel.put(k.substring("model:".length()), new BigDecimal(v.n()).stripTrailingZeros());
                }
            });
            AttributeValue spent = item.get("spent");
            return spent == null ? BigDecimal.ZERO : new BigDecimal(spent.n());
        }).orElse(BigDecimal.ZERO);
        return new Spend(date.toString(), total.stripTrailingZeros(), new HashMap<>(byModel));
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

    private static AttributeValue n(BigDecimal v) {
        return AttributeValue.fromN(v.toPlainString());
    }
}
