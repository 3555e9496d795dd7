package com.socialwire.reports.page;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, from a multiple of the step at or below the smallest
 * value to one at or above the largest, so the ticks always cover the data. Ticks are exact decimals (no 0.30000000004).
 */
public record Ticks(List<BigDecimal> values, BigDecimal step) {

    /** At most this many intervals between the first and the last tick (plus one for rounding outwards). */
    static final int TARGET_INTERVALS = 5;

    public double min() {
        return values.get(0).doubleValue();
    }

    public double max() {
        return values.get(values.size() - 1).doubleValue();
    }

    /** The decimals a label of this axis needs to tell its ticks apart. */
    public int decimals() {
        return Math.max(0, step.stripTrailingZeros().scale());
    }

    /**
     * Ticks covering {@code [lo, hi]} (finite; lo ≤ hi). With {@code withZero} the range is stretched to include 0
     * (bars grow from zero). A single value gets a range around it.
     */
    public static Ticks cover(double lo, double hi, boolean withZero) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo > hi) {
            throw new IllegalArgumentException("bad range " + lo + ".." + hi);
        }
        if (withZero) {
            lo = Math.min(lo, 0);
            hi = Math.max(hi, 0);
        }
        if (hi - lo <= Math.max(Math.abs(hi), Math.abs(lo)) * 1e-9) {
            // one value: a range around it (or up from zero), so the line sits inside the plot
            double pad = hi == 0 ? 1 : Math.abs(hi) * 0.1;
            if (withZero || hi == 0) {
                lo = Math.min(lo, hi < 0 ? hi - pad : 0);
                hi = Math.max(hi, hi < 0 ? 0 : hi + pad);
            } else {
                lo -= pad;
                hi += pad;
            }
        }
        BigDecimal step = niceStep((hi - lo) / TARGET_INTERVALS);
        BigDecimal first = BigDecimal.valueOf(lo).divide(step, 0, RoundingMode.FLOOR).multiply(step);
        BigDecimal last = BigDecimal.valueOf(hi).divide(step, 0, RoundingMode.CEILING).multiply(step);
        List<BigDecimal> values = new ArrayList<>();
        for (BigDecimal t = first; t.compareTo(last) <= 0; t = t.add(step)) {
            values.add(t.stripTrailingZeros());
        }
        return new Ticks(List.copyOf(values), step);
    }

    /** The smallest of 1, 2, 5 × 10^k at or above {@code raw}. */
    static BigDecimal niceStep(double raw) {
        int exponent = (int) Math.floor(Math.log10(raw));
        BigDecimal power = BigDecimal.ONE.scaleByPowerOfTen(exponent);
        for (int m : new int[] {1, 2, 5, 10}) {
            BigDecimal step = power.multiply(BigDecimal.valueOf(m));
            if (step.doubleValue() >= raw * (1 - 1e-12)) {
                return step.stripTrailingZeros();
            }
        }
        return power.scaleByPowerOfTen(1).stripTrailingZeros();
    }

    /**
     * A tick's label. The whole axis uses one unit: k, M, B or T once its largest tick reaches a thousand of it and its
     * step is at least a tenth of it (so 1.2k, 1.4k; but 1050, 1100), with the decimals the step then needs (the same on every tick but 0).
     */
    public String label(BigDecimal tick) {
        if (tick.signum() == 0) {
            return "0";
        }
        BigDecimal largest = values.get(0).abs().max(values.get(values.size() - 1).abs());
        String[] suffixes = {"", "k", "M", "B", "T"};
        int group = 0;
        while (group + 1 < suffixes.length) {
            BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(3 * (group + 1));
            if (largest.compareTo(unit) < 0 || step.compareTo(unit.movePointLeft(1)) < 0) {
                break;
            }
            group++;
        }
        BigDecimal scaledStep = step.movePointLeft(3 * group);
        int decimals = Math.max(0, scaledStep.stripTrailingZeros().scale());
        return Svg.grouped(tick.movePointLeft(3 * group).setScale(decimals, RoundingMode.HALF_UP)) + suffixes[group];
    }
}
