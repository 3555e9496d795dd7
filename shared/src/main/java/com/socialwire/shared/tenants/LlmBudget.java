package com.socialwire.shared.tenants;

import com.socialwire.shared.store.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.math.BigDecimal;
import java.time.Clock;
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
 * <p>Row: {@code TENANT#{id}} / {@code LLMCOST#{yyyy-MM-dd}} with {@code committed} (settled +
 * reserved), {@code spent} (settled) and one {@code model:{name}} attribute per model.
 */
public final class LlmBudget {

    /** Money reserved for one call, to settle or release. */
    public record Reservation(String tenantId, String date, BigDecimal amountUsd) {
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
        try {
            table.client().updateItem(b -> b.tableName(table.name())
                    .key(Table.key(TenantRecords.pk(tenant.id()), sk(date)))
                    .updateExpression("ADD committed :est")
                    .conditionExpression("attribute_not_exists(committed) OR (committed < :budget AND committed <= :limit)")
                    .expressionAttributeValues(Map.of(
                            ":est", n(estimateUsd),
                            ":budget", n(budget),
                            ":limit", n(budget.subtract(estimateUsd)))));
            return java.util.Optional.of(new Reservation(tenant.id(), date, estimateUsd));
        } catch (ConditionalCheckFailedException overBudget) {
            return java.util.Optional.empty();
        }
    }

    /** Replaces the reservation with the actual cost of {@code model}'s answer. */
    public void settle(Reservation r, String model, BigDecimal actualUsd) {
        table.client().updateItem(b -> b.tableName(table.name())
                .key(Table.key(TenantRecords.pk(r.tenantId()), sk(r.date())))
                .updateExpression("ADD committed :delta, spent :actual, #model :actual")
                .expressionAttributeNames(Map.of("#model", "model:" + model))
                .expressionAttributeValues(Map.of(":delta", n(actualUsd.subtract(r.amountUsd())), ":actual", n(actualUsd))));
    }

    /** Gives a reservation back (the call failed or was never made). */
    public void release(Reservation r) {
        table.client().updateItem(b -> b.tableName(table.name())
                .key(Table.key(TenantRecords.pk(r.tenantId()), sk(r.date())))
                .updateExpression("ADD committed :back")
                .expressionAttributeValues(Map.of(":back", n(r.amountUsd().negate()))));
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
