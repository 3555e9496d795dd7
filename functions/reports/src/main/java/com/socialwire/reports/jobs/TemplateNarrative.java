package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The deterministic narrative: a few plain sentences built from the document's KPI cards, quoting each number as the
 * data has it. It is the offline generator's text (no model configured) and the labelled fallback when a model's
 * narrative quoted numbers that are not in the data twice.
 */
public final class TemplateNarrative {

    /** The model name of a narrative this class wrote as the fallback of a model's. */
    public static final String MODEL = "template:report-v1";
    static final int MAX_KPIS = 5;

    private TemplateNarrative() {
    }

    public static String write(ObjectNode doc, String tenantName) {
        StringBuilder out = new StringBuilder()
                .append(title(doc.path("type").asText())).append(" for ").append(tenantName).append(", ")
                .append(doc.path("period").path("label").asText()).append('.');
        int told = 0;
        for (JsonNode k : doc.path("kpis")) {
            if (k.path("value").isNull() || k.path("value").isMissingNode() || told == MAX_KPIS) {
                continue;
            }
            told++;
            String unit = k.path("unit").asText();
            out.append(' ').append(k.path("label").asText()).append(": ").append(format(k.path("value").decimalValue(), unit));
            if (k.path("previous").isNumber()) {
                out.append(", against ").append(format(k.path("previous").decimalValue(), unit)).append(" the period before");
                if (k.path("changePercent").isNumber()) {
                    BigDecimal change = k.path("changePercent").decimalValue();
                    out.append(" (").append(change.signum() < 0 ? "down " : "up ").append(change.abs().toPlainString()).append("%)");
                }
            }
            out.append('.');
        }
        if (told == 0) {
            out.append(" No activity was recorded for this period yet.");
        }
        return out.toString();
    }

    static String format(BigDecimal v, String unit) {
        return switch (unit) {
            case "usd" -> "$" + v.setScale(2, RoundingMode.HALF_UP).toPlainString();
            case "percent" -> v.stripTrailingZeros().toPlainString() + "%";
            default -> v.stripTrailingZeros().toPlainString();
        };
    }

    static String title(String type) {
        return switch (type) {
            case "daily_briefing" -> "Daily briefing";
            case "weekly_report" -> "Weekly report";
            case "monthly_review" -> "Monthly review";
            case "competitor_pulse" -> "Competitor pulse";
            case "cost_report" -> "Cost report";
            default -> "Report";
        };
    }
}
