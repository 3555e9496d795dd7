package com.socialwire.shared.social.publishers;

import com.socialwire.shared.social.PlatformPublisher.Outgoing;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The title a post gets where the platform requires one (Reddit, Dribbble). */
class PostTitleTest {

    static Outgoing post(String text, String title) {
        return new Outgoing("ten_1", "post_1", text, List.of(), List.of(), title, null, Instant.EPOCH);
    }

    @Test
    void anExplicitTitleWinsAndTheWholeTextIsTheBody() {
        assertEquals(new PostTitle("Winter menu", "Soup\nBread"), PostTitle.of(post("Soup\nBread", "  Winter menu "), 300));
    }

    @Test
    void withoutOneTheFirstLineIsTheTitleAndTheRestTheBody() {
        assertEquals(new PostTitle("Fresh loaves at 7", "Rye and spelt."), PostTitle.of(post("  Fresh loaves at 7  \n\nRye and spelt.\n", null), 300));
        assertEquals(new PostTitle("Only a title", ""), PostTitle.of(post("Only a title", " "), 300));
    }

    @Test
    void aFirstLineLongerThanATitleIsCutAndTheBodyKeepsTheWholeText() {
        String line = "a".repeat(310);
        PostTitle t = PostTitle.of(post(line + "\nmore", null), 300);
        assertEquals(300, t.title().codePointCount(0, t.title().length()));
        assertTrue(t.title().endsWith("…"));
        assertEquals(line + "\nmore", t.body());
    }

    @Test
    void titlesNeverExceedTheLimitNorSplitASurrogatePairAndADerivedOneIsOneLine() {
        Random random = new Random(13);
        String[] pieces = {"a", "é", "😀", " ", "\n", "👩‍👩‍👧", "漢"};
        for (int i = 0; i < 2_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(400); n > 0; n--) {
                s.append(pieces[random.nextInt(pieces.length)]);
            }
            int max = 1 + random.nextInt(300);
            boolean derived = random.nextBoolean();
            PostTitle t = PostTitle.of(post(s.toString(), derived ? null : s.toString()), max);
            assertTrue(t.title().codePointCount(0, t.title().length()) <= max, s.toString());
            assertFalse(!t.title().isEmpty() && Character.isHighSurrogate(t.title().charAt(t.title().length() - 1)),
                    max + " " + t.title().chars().mapToObj(Integer::toHexString).toList());
            assertFalse(derived && t.title().contains("\n"), "a title taken from the text is its first line only");
        }
    }
}
