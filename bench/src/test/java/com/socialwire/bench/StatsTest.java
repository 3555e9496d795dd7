package com.socialwire.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatsTest {

    private static List<Long> millis(long... ms) {
        return java.util.Arrays.stream(ms).map(m -> m * 1_000_000).boxed().toList();
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        var stats = ColdStartBenchmark.Stats.of(millis(10, 40, 20, 30));
        assertEquals(25, stats.median());
        assertEquals(10, stats.min());
        assertEquals(40, stats.max());
    }

    @Test
    void p90IsTheNearestRank() {
        var stats = ColdStartBenchmark.Stats.of(millis(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        assertEquals(5.5, stats.median());
        assertEquals(9, stats.p90());
        assertEquals(7, ColdStartBenchmark.Stats.of(millis(7)).p90());
    }
}
