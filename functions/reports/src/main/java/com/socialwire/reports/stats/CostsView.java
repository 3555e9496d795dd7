package com.socialwire.reports.stats;

import com.socialwire.shared.tenants.LlmBudget;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code view=costs} (the content-system seed's cost analytics): the tenant's LLM spend per local day and model from
 * its budget rows ({@code LLMCOST#{date}}, kept since the budget exists: a day without one spent nothing), against its
 * daily budget.
 */
final class CostsView {

    private CostsView() {
    }

    static Map<String, Object> of(Map<String, Object> out, AnalyticsQuery q, BigDecimal dailyBudgetUsd, List<LlmBudget.Spend> spends) {
        Map<String, LlmBudget.Spend> byDate = new HashMap<>();
        spends.forEach(s -> byDate.put(s.date(), s));
        List<LocalDate> days = q.days();
        BigDecimal total = BigDecimal.ZERO;
        Map<String, BigDecimal> byModel = new TreeMap<>();
        List<Map<String, Object>> series = new ArrayList<>();
        int over = 0;
        for (LocalDate day : days) {
            LlmBudget.Spend s = byDate.get(day.toString());
            BigDecimal spent = s == null ? BigDecimal.ZERO : s.totalUsd();
            total = total.add(spent);
            if (s != null) {
                s.byModel().forEach((m, usd) -> byModel.merge(m, usd, BigDecimal::add));
            }
            if (dailyBudgetUsd != null && spent.compareTo(dailyBudgetUsd) > 0) {
                over++;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("date", day.toString());
            row.put("totalUsd", usd(spent));
            Map<String, BigDecimal> dayModels = new TreeMap<>();
            if (s != null) {
                s.byModel().forEach((m, usd) -> dayModels.put(m, usd(usd)));
            }
            row.put("byModel", dayModels);
            series.add(row);
        }
        out.put("totalUsd", usd(total));
        Map<String, BigDecimal> models = new LinkedHashMap<>();
        byModel.forEach((m, usd) -> models.put(m, usd(usd)));
        out.put("byModel", models);
        out.put("dailyBudgetUsd", dailyBudgetUsd == null ? null : usd(dailyBudgetUsd));
        out.put("budgetUsd", dailyBudgetUsd == null ? null : usd(dailyBudgetUsd.multiply(BigDecimal.valueOf(days.size()))));
        out.put("daysOverBudget", over);
        out.put("days", series);
        return out;
    }

    /** Dollars as plain decimals without trailing zeros ({@code 10}, not {@code 1E+1}). */
    static BigDecimal usd(BigDecimal v) {
        return new BigDecimal(v.stripTrailingZeros().toPlainString());
    }
}
