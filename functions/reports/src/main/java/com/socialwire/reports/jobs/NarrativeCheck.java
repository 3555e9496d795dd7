package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a narrative quotes only numbers that are in the report's data: every number it writes ("1,204", "12.5%",
 * "$0.42", "-3") must be a number of the document (a KPI, a series point, a cost, a change...), as is or rounded to the
 * decimals written, or a number of its period or the one before (the dates, the count of days). Anything else — a sum, a difference, a
 * guess — is reported, so the narrative can be asked for again or replaced.
 */
public final class NarrativeCheck {

    private static final Pattern NUMBER = Pattern.compile("\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?");
    private static final Set<String> SKIPPED = Set.of("narrative", "usage", "generatedAt", "reportId");

    private final List<BigDecimal> data = new ArrayList<>();
    private final Set<BigDecimal> exact = new HashSet<>();

    /** The numbers of {@code doc} (its narrative and usage aside) and of its period. */
    public NarrativeCheck(ObjectNode doc, ReportPeriod period) {
        collect(doc);
        ReportPeriod before = period.previous();
        for (String text : List.of(period.key(), period.label(), period.from().toString(), period.to().toString(), before.key(),
                before.label())) {
            Matcher m = NUMBER.matcher(text);
            while (m.find()) {
                exact.add(number(m.group()));
            }
        }
        exact.add(BigDecimal.valueOf(period.days().size()));
    }

    private void collect(JsonNode node) {
        if (node.isNumber()) {
            data.add(node.decimalValue().abs());
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (!SKIPPED.contains(e.getKey())) {
                    collect(e.getValue());
                }
            });
        } else if (node.isArray()) {
            node.forEach(this::collect);
        }
    }

    /** The numbers of {@code text} that are not in the data, in the order written; empty if it quotes only data. */
    public List<String> unknown(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = NUMBER.matcher(text == null ? "" : text);
        while (m.find()) {
            if (!known(number(m.group()))) {
                out.add(m.group());
            }
        }
        return List.copyOf(out);
    }

    private boolean known(BigDecimal n) {
        if (exact.stream().anyMatch(e -> e.compareTo(n) == 0)) {
            return true;
        }
        int scale = Math.max(0, n.scale());
        for (BigDecimal v : data) {
            if (v.setScale(scale, RoundingMode.HALF_UP).compareTo(n) == 0) {
                return true;
            }
        }
        return false;
    }

    private static BigDecimal number(String written) {
        return new BigDecimal(written.replace(",", ""));
    }
}
