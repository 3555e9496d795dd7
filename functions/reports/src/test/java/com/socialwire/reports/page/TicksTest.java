package com.socialwire.reports.page;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TicksTest {

    @Test
    void ticksAreOneTwoFiveStepsCoveringTheData() {
        assertEquals(List.of("0", "20", "40", "60", "80", "100"), labels(Ticks.cover(3, 97, true)));
        assertEquals(List.of("12.0k", "12.2k", "12.4k", "12.6k", "12.8k"), labels(Ticks.cover(12_010, 12_700, false)));
        assertEquals(List.of("0", "0.001", "0.002", "0.003", "0.004", "0.005"), labels(Ticks.cover(0.0004, 0.0042, true)));
        assertEquals(List.of("-4", "-2", "0", "2", "4", "6"), labels(Ticks.cover(-3, 5, true)));
        assertEquals(List.of("0", "0.2", "0.4", "0.6", "0.8", "1.0"), labels(Ticks.cover(0, 0, true)));
        assertEquals(List.of("0", "1", "2", "3", "4", "5"), labels(Ticks.cover(5, 5, true)));
        assertEquals(List.of("4.4", "4.6", "4.8", "5.0", "5.2", "5.4", "5.6"), labels(Ticks.cover(5, 5, false)));
        assertEquals(List.of("0", "2M", "4M", "6M"), labels(Ticks.cover(0, 5_300_000, true)));
    }

    @Test
    void seededRangesAlwaysGetFewNiceTicksAroundTheData() {
        long seed = Long.getLong("seed", System.nanoTime());
        Random r = new Random(seed);
        for (int i = 0; i < 5000; i++) {
            double scale = Math.pow(10, r.nextInt(16) - 6);
            double a = (r.nextDouble() * 2 - (r.nextBoolean() ? 1 : 0)) * scale;
            double b = r.nextInt(4) == 0 ? a : a + r.nextDouble() * scale * (r.nextBoolean() ? 1 : 0.001);
            boolean zero = r.nextBoolean();
            Ticks t = Ticks.cover(Math.min(a, b), Math.max(a, b), zero);
            String where = "seed " + seed + " case " + i + ": " + a + ".." + b + " zero=" + zero + " → " + t.values();
            assertTrue(t.min() <= Math.min(a, b) && t.max() >= Math.max(a, b), where);
            assertTrue(t.values().size() >= 2 && t.values().size() <= 8, where);
            if (zero) {
                assertTrue(t.min() <= 0 && t.max() >= 0, where);
            }
            BigDecimal unscaled = t.step().movePointRight(t.step().scale()).stripTrailingZeros();
            assertTrue(List.of("1", "2", "5").contains(unscaled.stripTrailingZeros().unscaledValue().toString()), where);
            List<String> labels = labels(t);
            assertEquals(labels.size(), labels.stream().distinct().count(), "labels tell ticks apart: " + where + " " + labels);
        }
    }

    private static List<String> labels(Ticks t) {
        return t.values().stream().map(t::label).toList();
    }
}
