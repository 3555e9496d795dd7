package com.socialwire.reports.page;

import com.socialwire.reports.page.Chart.Point;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** LLM cost against the budget: a bar filled to the cost with a tick at the budget, green, amber from 80 %, red over. */
public final class BudgetGauge {

    static final int W = 480;
    static final int H = 96;
    static final double X0 = 12;
    static final double X1 = W - 12;

    private BudgetGauge() {
    }

    /** {@code spent} and {@code budget} in USD; a null budget shows the cost alone, a null cost the empty state. */
    public static String render(String id, String title, Point spent, Point budget, String emptyMessage) {
        if (!spent.present()) {
            return Chart.empty(id, W, H, title, emptyMessage, List.of(new Chart.Series(title, List.of(spent, budget))));
        }
        boolean hasBudget = budget.present() && budget.value().signum() > 0;
        double scaleMax = Math.max(spent.y(), hasBudget ? budget.y() : 0);
        String caption;
        String colour = Chart.PALETTE[2];
        if (hasBudget) {
            BigDecimal pct = spent.value().multiply(BigDecimal.valueOf(100)).divide(budget.value(), 1, RoundingMode.HALF_UP);
            caption = usd(spent.value()) + " of " + usd(budget.value()) + " budget (" + Svg.plain(pct) + "%)"
                    + (pct.compareTo(BigDecimal.valueOf(100)) > 0 ? ", over budget" : "");
            colour = pct.compareTo(BigDecimal.valueOf(100)) > 0 ? Chart.PALETTE[4] : pct.compareTo(BigDecimal.valueOf(80)) >= 0 ? Chart.PALETTE[6] : colour;
        } else {
            caption = usd(spent.value()) + " spent; no budget set";
        }
        StringBuilder s = Chart.open(id, W, H, title, title + ": " + caption);
        Chart.text(s, X0, 22, "start", Chart.INK, 14, caption);
        s.append("<rect x=\"").append(Svg.n(X0)).append("\" y=\"36\" width=\"").append(Svg.n(X1 - X0))
                .append("\" height=\"22\" rx=\"4\" fill=\"").append(Chart.GRID).append("\"/>");
        double fill = scaleMax > 0 ? spent.y() / scaleMax * (X1 - X0) : 0;
        s.append("<rect x=\"").append(Svg.n(X0)).append("\" y=\"36\" width=\"").append(Svg.n(Math.max(0, fill)))
                .append("\" height=\"22\" rx=\"4\" fill=\"").append(colour).append('"');
        Chart.marker(s, spent);
        s.append("/>");
        if (hasBudget) {
            double bx = X0 + budget.y() / scaleMax * (X1 - X0);
            s.append("<line x1=\"").append(Svg.n(bx)).append("\" x2=\"").append(Svg.n(bx)).append("\" y1=\"30\" y2=\"64\" stroke=\"")
                    .append(Chart.INK).append("\" stroke-width=\"2\"");
            Chart.marker(s, budget);
            s.append("/>");
            Chart.text(s, Math.min(bx, X1 - 4), 82, bx > W - 60 ? "end" : "middle", Chart.MUTED, 11, "budget " + usd(budget.value()));
        } else {
            Chart.gapMarker(s, budget);
        }
        return Chart.close(s);
    }

    /** "$12.34"; below a dollar four decimals ("$0.0042") so small LLM costs do not read as $0.00. */
    static String usd(BigDecimal v) {
        int decimals = v.abs().compareTo(BigDecimal.ONE) < 0 && v.signum() != 0 ? 4 : 2;
        return (v.signum() < 0 ? "-$" : "$") + Svg.grouped(v.abs().setScale(decimals, RoundingMode.HALF_UP));
    }
}
