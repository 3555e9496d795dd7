package com.socialwire.local.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollerScalingTest {

    static final long MS = 1_000_000;

    @Test
    void aBacklogAddsPollersBeyondTheFirstFiveAtLambdasRate() {
        PollerScaling s = new PollerScaling(PollerScaling.LOCAL_MAX);
        assertEquals(5, s.start());
        assertFalse(s.addAfter(2, 3, 0), "a batch that is not full shows no backlog");
        assertTrue(s.addAfter(3, 3, 0), "a full batch: one more poller");
        assertFalse(s.addAfter(3, 3, 199 * MS), "no faster than 300 a minute");
        assertTrue(s.addAfter(3, 3, 200 * MS));
        // a minute of backlog: 300 more at most, capped at the local ceiling
        for (long t = 400; t <= 60_000; t += 10) {
            s.addAfter(3, 3, t * MS);
        }
        assertEquals(PollerScaling.LOCAL_MAX, s.active());
    }

    @Test
    void pollersBeyondTheFirstFiveRetireWhenTheQueueIsEmpty() {
        PollerScaling s = new PollerScaling(8);
        s.start();
        for (long t = 0; t < 10_000; t += 200) {
            s.addAfter(3, 3, t * MS);
        }
        assertEquals(8, s.active(), "the function's ceiling");
        assertFalse(s.retireAfter(1), "a receive that found messages keeps its poller");
        int retired = 0;
        while (s.retireAfter(0)) {
            retired++;
        }
        assertEquals(3, retired);
        assertEquals(5, s.active(), "the first five keep polling");
    }
}
