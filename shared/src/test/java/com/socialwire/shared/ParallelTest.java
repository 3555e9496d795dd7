package com.socialwire.shared;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {

    @Test
    void everyItemIsHandledWithAtMostTheLimitInFlight() {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Parallel.forEach(IntStream.range(0, 200).boxed().toList(), 4, i -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Thread.onSpinWait();
            seen.add(i);
            inFlight.decrementAndGet();
        });
        assertEquals(200, seen.size());
        assertTrue(most.get() <= 4, "at most 4 at once, saw " + most.get());
    }

    @Test
    void aFailureIsRethrownAfterEveryOtherItemRan() {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forEach(List.of(1, 2, 3, 4, 5), 2, i -> {
            if (i == 2) {
                throw new IllegalStateException("queue refused 2");
            }
            seen.add(i);
        }));
        assertEquals("queue refused 2", e.getMessage());
        assertEquals(Set.of(1, 3, 4, 5), seen);
    }
}
