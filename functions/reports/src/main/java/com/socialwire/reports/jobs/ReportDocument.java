package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.tenants.Tenant;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The report document (the shape agreed for issue 15: stored as JSON in S3, returned by {@code GET .../reports/{id}},
 * rendered to HTML by the page renderer). {@link #skeleton} lays out every section with no data — a number without
 * data is JSON null, never 0 — and the {@link ReportSource}s fill in what they know.
 */
public final class ReportDocument {

    /** The series every document carries, one point per local date of the period. */
    public static final List<String> SERIES = List.of("followers", "views", "reach", "postsPerDay", "engagementPerDay", "llmCostUsd");

    private ReportDocument() {
    }

    /** Every section, empty: what a report says when no source had data. */
    public static ObjectNode skeleton(Report report, Tenant tenant, Instant generatedAt) {
        ObjectNode d = Json.object();
        d.put("reportId", report.id);
        d.put("type", report.type.wire());
        ObjectNode t = d.putObject("tenant");
        t.put("id", tenant.id());
        t.put("name", tenant.name());
        t.put("timezone", report.timezone);
        d.set("period", report.periodJson());
        ReportPeriod previous = report.period.previous();
        ObjectNode p = d.putObject("previousPeriod");
        p.put("from", previous.from().toString());
        p.put("to", previous.to().toString());
        d.put("generatedAt", generatedAt.toString());
        ObjectNode n = d.putObject("narrative");
        n.putNull("text");
        n.putNull("source");
        n.putNull("model");
        d.putArray("kpis");
        ObjectNode series = d.putObject("series");
        for (String name : SERIES) {
            ArrayNode points = series.putArray(name);
            for (LocalDate day : report.period.days()) {
                points.addObject().put("date", day.toString()).putNull("value");
            }
        }
        d.putArray("contentMix");
        d.putArray("topPosts");
        ObjectNode inbox = d.putObject("inbox");
        inbox.putObject("byStatus");
        inbox.putObject("bySentiment");
        ObjectNode best = d.putObject("bestTimes");
        best.put("timezone", report.timezone);
        ArrayNode grid = best.putArray("grid");
        for (int day = 0; day < 7; day++) {
            ArrayNode hours = grid.addArray();
            for (int h = 0; h < 24; h++) {
                hours.addNull();
            }
        }
        ObjectNode costs = d.putObject("costs");
        costs.putNull("budgetUsd");
        costs.putNull("totalUsd");
        costs.putObject("byModel");
        costs.putNull("creditsSpentMicro");
        ObjectNode competitors = d.putObject("competitors");
        competitors.put("available", false);
        competitors.put("reason", "competitor handles are read through Instagram business discovery, which this report had no data from");
        competitors.putArray("rows");
        ArrayNode definitions = d.putArray("definitions");
        definition(definitions, "Period", "Local dates in the tenant's time zone (" + report.timezone + "), both inclusive; compared with the period just before.");
        definition(definitions, "No data", "\"no data\" means the platform or the source gave no number for it yet; it is not zero.");
        definition(definitions, "LLM cost", "What the AI models cost in US dollars for this tenant's replies, drafts and reports, per local day.");
        d.put("dataLag", "Platform insights can arrive up to 48 hours late; numbers of the last two days may still grow.");
        d.putNull("usage");
        return d;
    }

    private static void definition(ArrayNode definitions, String term, String text) {
        definitions.addObject().put("term", term).put("text", text);
    }

    /** Adds a KPI card: {@code value} and {@code previous} null when there is no data; the change in percent when both exist. */
    public static void kpi(ObjectNode doc, String key, String label, BigDecimal value, BigDecimal previous, String unit) {
        ObjectNode k = ((ArrayNode) doc.get("kpis")).addObject();
        k.put("key", key);
        k.put("label", label);
        k.put("value", value);
        k.put("previous", previous);
        k.put("unit", unit);
        if (value != null && previous != null && previous.signum() != 0) {
            k.put("changePercent", value.subtract(previous).multiply(BigDecimal.valueOf(100)).divide(previous.abs(), 1, RoundingMode.HALF_UP));
        } else {
            k.putNull("changePercent");
        }
    }

    /** Sets one point of a series (a date outside the period is ignored). */
    public static void point(ObjectNode doc, String series, LocalDate day, BigDecimal value) {
        for (JsonNode p : doc.path("series").path(series)) {
            if (p.path("date").asText().equals(day.toString())) {
                ((ObjectNode) p).put("value", value);
            }
        }
    }
}
