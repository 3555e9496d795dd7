package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.tenants.Tenant;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tenant's LLM cost per local day and model from {@link LlmBudget}'s day rows (every model call is booked there), and
 * its budget over the period (the daily budget times the days). A day without a row cost nothing: 0, not "no data".
 */
public final class LlmCostSource implements ReportSource {

    private final LlmBudget budget;

    public LlmCostSource(LlmBudget budget) {
        this.budget = budget;
    }

    @Override
    public void fill(Tenant tenant, Report report, ObjectNode doc) {
        Map<String, BigDecimal> byModel = new TreeMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (LocalDate day : report.period.days()) {
            LlmBudget.Spend s = budget.spend(tenant.id(), day);
            ReportDocument.point(doc, "llmCostUsd", day, s.totalUsd());
            total = total.add(s.totalUsd());
            s.byModel().forEach((model, usd) -> byModel.merge(model, usd, BigDecimal::add));
        }
        BigDecimal previous = BigDecimal.ZERO;
        for (LocalDate day : report.period.previous().days()) {
            previous = previous.add(budget.spend(tenant.id(), day).totalUsd());
        }
        ObjectNode costs = (ObjectNode) doc.get("costs");
        BigDecimal daily = tenant.settings().dailyLlmBudgetUsd();
        costs.put("budgetUsd", daily == null ? null : daily.multiply(BigDecimal.valueOf(report.period.days().size())).stripTrailingZeros());
        costs.put("totalUsd", total.stripTrailingZeros());
        ObjectNode models = costs.putObject("byModel");
        byModel.forEach((model, usd) -> models.put(model, usd.stripTrailingZeros()));
        ReportDocument.kpi(doc, "llmCostUsd", "LLM cost", total.stripTrailingZeros(), previous.stripTrailingZeros(), "usd");
    }
}
