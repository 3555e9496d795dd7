package com.socialwire.shared.text;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one topic matcher: whole words and phrases after folding, never a piece of a longer word. */
class TopicMatcherTest {

    @Test
    void selectionIsNotElection() {
        assertFalse(TopicMatcher.mentionsAny("Our new winter selection is in store", List.of("election")));
        assertFalse(TopicMatcher.mentionsAny("Reelection? No: preselection.", List.of("election")));
        assertTrue(TopicMatcher.mentionsAny("Who won the election?", List.of("election")));
        assertTrue(TopicMatcher.mentionsAny("ELECTIONS are coming", List.of("election")));
        assertTrue(TopicMatcher.mentionsAny("the election's result", List.of("election")));
    }

    @Test
    void multiwordPhrasesMatchAsPhrasesOnly() {
        List<String> topics = List.of("gun control");
        assertTrue(TopicMatcher.mentionsAny("Thoughts on gun   control?", topics));
        assertTrue(TopicMatcher.mentionsAny("gun-control debate", topics));
        assertFalse(TopicMatcher.mentionsAny("the gun is out of control", topics));
        assertFalse(TopicMatcher.mentionsAny("shotgun controls", topics));
    }

    @Test
    void accentsCaseAndLookAlikeLettersAreFolded() {
        assertTrue(TopicMatcher.mentionsAny("Élection présidentielle", List.of("election")));
        assertTrue(TopicMatcher.mentionsAny("ｅｌｅｃｔｉｏｎ night", List.of("election"))); // fullwidth
        assertTrue(TopicMatcher.mentionsAny("\uD835\uDC1E\uD835\uDC25\uD835\uDC1E\uD835\uDC1C\uD835\uDC2D\uD835\uDC22\uD835\uDC28\uD835\uDC27",
                List.of("election"))); // mathematical bold
        assertTrue(TopicMatcher.mentionsAny("we love the election", List.of("Élection")));
    }

    @Test
    void scriptsWithoutSpacesAndEmojiMatchAsSubstrings() {
        assertTrue(TopicMatcher.mentionsAny("我们不谈政治话题", List.of("政治")));
        assertTrue(TopicMatcher.mentionsAny("nice🍺!", List.of("🍺")));
    }

    @Test
    void matchesListsTopicsAsGivenInOrderWithoutDuplicates() {
        assertEquals(List.of("Election", "tax"), TopicMatcher.matches("elections and taxes and the election", List.of("Election", "elections", "tax", "war")));
        assertEquals(List.of(), TopicMatcher.matches(null, List.of("x")));
        assertEquals(List.of(), TopicMatcher.matches("x", null));
    }

    /** Seeded: a topic glued inside a longer word never matches; the same topic standing alone always does. */
    @Test
    void aTopicInsideALongerWordNeverMatchesSeeded() {
        long seed = 20261204L;
        Random random = new Random(seed);
        String letters = "abcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder topic = new StringBuilder();
            for (int k = 3 + random.nextInt(6); k > 0; k--) {
                topic.append(letters.charAt(random.nextInt(26)));
            }
            String prefix = String.valueOf(letters.charAt(random.nextInt(26))) + letters.charAt(random.nextInt(26));
            String t = topic.toString();
            assertFalse(TopicMatcher.mentionsAny("x " + prefix + t + " y", List.of(t)), "seed " + seed + " #" + i + ": " + prefix + t);
            assertTrue(TopicMatcher.mentionsAny("x " + t + ", y", List.of(t)), "seed " + seed + " #" + i + ": " + t);
        }
    }
}
