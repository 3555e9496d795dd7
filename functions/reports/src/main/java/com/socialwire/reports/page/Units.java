package com.socialwire.reports.page;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How a KPI's unit reads: counts grouped, percent with one decimal, USD as dollars, micro-credits as credits. */
final class Units {

    static final BigDecimal MICRO = BigDecimal.valueOf(1_000_000);
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Units() {
    }

    /** {@code value} in {@code unit} ("count", "percent" in percentage points, "usd", "micro_credits"); null reads "no data". */
    static String format(BigDecimal value, String unit) {
        if (value == null) {
            return "no data";
        }
        return switch (unit == null ? "count" : unit) {
            case "percent" -> Svg.plain(value.setScale(1, RoundingMode.HALF_UP)) + "%";
            case "usd" -> BudgetGauge.usd(value);
            case "micro_credits" -> Svg.grouped(value.movePointLeft(6).stripTrailingZeros()) + " credits";
            default -> Svg.grouped(value);
        };
    }

    /**
     * The change against the previous period when the document does not state it: "▲ 12.5%" / "▼ 3.0%" (percent units: "▲ 1.2 pts"), "no change", "new
     * (was 0)", or "no data" when either side is unknown — never a made-up 0%.
     */
    static Change change(BigDecimal value, BigDecimal previous, String unit) {
        if (value == null || previous == null) {
            return new Change("none", "no data", null);
        }
        int cmp = value.compareTo(previous);
        if (cmp == 0) {
            return new Change("flat", "no change", BigDecimal.ZERO);
        }
        String arrow = cmp > 0 ? "\u25B2 " : "\u25BC ";
        String direction = cmp > 0 ? "up" : "down";
        if ("percent".equals(unit)) {
            BigDecimal pts = value.subtract(previous).abs().setScale(1, RoundingMode.HALF_UP);
            return new Change(direction, arrow + Svg.plain(pts) + " pts", value.subtract(previous));
        }
        if (previous.signum() == 0) {
            return new Change(direction, "new (was 0)", null);
        }
        BigDecimal pct = value.subtract(previous).multiply(HUNDRED).divide(previous.abs(), 1, RoundingMode.HALF_UP);
        return new Change(direction, arrow + Svg.plain(pct.abs()) + "%", pct);
    }

    /** The change a document states ({@code changePercent}, one decimal as the report worker computed it). */
    static Change stated(BigDecimal percent) {
        if (percent.signum() == 0) {
            return new Change("flat", "no change", percent);
        }
        return new Change(percent.signum() > 0 ? "up" : "down",
                (percent.signum() > 0 ? "\u25B2 " : "\u25BC ") + Svg.plain(percent.abs()) + "%", percent);
    }

    /** A change's CSS direction, its words, and the number behind them (null when there is none). */
    record Change(String direction, String words, BigDecimal amount) {
    }
}
