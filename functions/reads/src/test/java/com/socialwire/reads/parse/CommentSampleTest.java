package com.socialwire.reads.parse;

import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramComment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ranked comment sample: deterministic whatever order the provider gave, low-signal comments filtered and counted. */
class CommentSampleTest {

    private static List<String> ids(CommentSample s) {
        return s.comments().stream().map(e -> e.comment().id()).toList();
    }

    @Test
    void sameCommentsInAnyOrderGiveTheSameSample() {
        CommentsRead read = ParseFixtures.comments();
        CommentSample expected = CommentSample.of(read, 12, false);
        long seed = Long.getLong("sample.seed", 20261205L);
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            List<InstagramComment> shuffled = new ArrayList<>();
            for (InstagramComment c : read.comments()) {
                List<InstagramComment> replies = new ArrayList<>(c.replies());
                java.util.Collections.shuffle(replies, random);
                shuffled.add(new InstagramComment(c.id(), c.parentId(), c.text(), c.owner(), c.timestamp(), c.likeCount(), c.replyCount(),
                        c.permalink(), replies));
            }
            java.util.Collections.shuffle(shuffled, random);
            CommentSample got = CommentSample.of(new CommentsRead(read.shortcode(), shuffled, read.requested(), true, false, List.of()), 12, false);
            assertEquals(ids(expected), ids(got), "seed " + seed + ", round " + round);
            assertEquals(expected.lowSignal(), got.lowSignal(), "seed " + seed + ", round " + round);
        }
    }

    @Test
    void ranksByLikesPlusRepliesThenById() {
        CommentsRead read = new CommentsRead("X", List.of(
                ParseFixtures.comment("1000000000000005", "Tied with the others at ten points", 10, 0, List.of()),
                ParseFixtures.comment("999999999999999", "Shorter id, same ten points here", 8, 2, List.of()),
                ParseFixtures.comment("1000000000000001", "Eleven points beats every tie", 11, 0, List.of()),
                ParseFixtures.comment("1000000000000002", "Ten points again, smaller id than five", 10, 0, List.of())), 20, false, false, List.of());

        assertEquals(List.of("1000000000000001", "999999999999999", "1000000000000002", "1000000000000005"),
                ids(CommentSample.of(read, 10, false)));
    }

    @Test
    void lowSignalCommentsAreLeftOutAndCounted() {
        CommentSample s = CommentSample.of(ParseFixtures.comments(), 100, false);

        assertEquals(28, s.size());
        assertEquals(33, s.available());
        assertEquals(java.util.Map.of("emoji_only", 2, "very_short", 1, "duplicate", 1, "link_spam", 1), s.lowSignal());
        assertTrue(!ids(s).contains("17912345678900009"), "the lower-ranked duplicate goes, the higher-ranked one stays");
        assertTrue(ids(s).contains("17912345678900002"));
        assertEquals("sampled comments: the parse read 28 of 33 comments (ranked by likes + replies, ties by id); low-signal comments "
                + "left out: 1 link spam, 2 emoji only, 1 very short, 1 duplicate", s.limitations().get(0));
    }

    @Test
    void spamModeKeepsLowSignalCommentsFlagged() {
        CommentSample s = CommentSample.of(ParseFixtures.comments(), 100, true);

        assertEquals(33, s.size());
        assertEquals("link_spam", s.comments().stream().filter(e -> e.comment().id().equals("17912345678900008")).findFirst().orElseThrow().lowSignal());
        assertTrue(s.limitations().get(0).contains("low-signal comments kept and flagged"));
    }

    @Test
    void lowSignalKinds() {
        assertEquals("emoji_only", CommentSample.lowSignal("🔥🔥🔥 🙌", new HashSet<>()));
        assertEquals("emoji_only", CommentSample.lowSignal("@anna @bob 😍", new HashSet<>()));
        assertEquals("very_short", CommentSample.lowSignal("Wow!!", new HashSet<>()));
        assertEquals("link_spam", CommentSample.lowSignal("Best deals at https://bit.ly/x1", new HashSet<>()));
        assertEquals("link_spam", CommentSample.lowSignal("DM me for promo, link in bio", new HashSet<>()));
        assertEquals("link_spam", CommentSample.lowSignal("cheap followers at growfast.io", new HashSet<>()));
        assertNull(CommentSample.lowSignal("Amazing crumb", new HashSet<>()));
        assertNull(CommentSample.lowSignal("Delicious", new HashSet<>()), "one word of six letters or more says something");
        HashSet<String> seen = new HashSet<>();
        assertNull(CommentSample.lowSignal("Where did you buy that pan?", seen));
        assertEquals("duplicate", CommentSample.lowSignal("where did you buy that PAN", seen));
    }

    @Test
    void commentsWithoutAnIdCannotBeCitedAndAreLeftOut() {
        CommentsRead read = new CommentsRead("X", List.of(
                ParseFixtures.comment("1000000000000001", "A real comment with an id", 1, 0, List.of()),
                new InstagramComment(null, null, "No id from the provider here", null, null, 50L, 0L, null, List.of())), 20, false, false, List.of());

        CommentSample s = CommentSample.of(read, 10, false);

        assertEquals(List.of("1000000000000001"), ids(s));
        assertTrue(s.limitations().get(0).endsWith("; 1 without an id left out"), s.limitations().get(0));
    }

    @Test
    void aTruncatedProviderAnswerIsALimitation() {
        CommentsRead read = new CommentsRead("X", ParseFixtures.comments().comments(), 500, true, true, List.of("the provider returned 30 of 500"));

        List<String> limitations = CommentSample.of(read, 100, false).limitations();

        assertEquals("truncated comments: the provider returned fewer comments than asked, or ordered them in a way that cannot be verified "
                + "(the provider returned 30 of 500)", limitations.get(1));
    }
}
