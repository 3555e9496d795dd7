package com.socialwire.shared;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdsTest {

    @Test
    void derivedIdsRepeatForTheSamePartsAndLookLikeGeneratedOnes() {
        String a = Ids.derived("post", "cjob_1", "3");
        assertEquals(a, Ids.derived("post", "cjob_1", "3"));
        assertTrue(Ids.looksLike("post", a), a);
        assertEquals("post_".length() + 20, a.length());
    }

    @Test
    void derivedIdsDoNotCollideWhenPartsShiftBetweenEachOther() {
        // length-prefixed parts: ("ab","c") and ("a","bc") are different inputs
        assertNotEquals(Ids.derived("post", "ab", "c"), Ids.derived("post", "a", "bc"));
        Random random = new Random(14);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            assertTrue(seen.add(Ids.derived("post", "feed_" + random.nextInt(50), Integer.toString(i))));
        }
    }
}
