package com.socialwire.reads.parse;

import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramComment;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.shared.providers.llm.OfflineLlm;
import com.socialwire.shared.providers.llm.PriceTable;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whatever the provider returns (empty, blank, emoji, huge, odd Unicode, missing fields), the offline parse answers every
 * mode within its schema: a local read never fails on its parse. Seeded; the seed is printed on failure.
 */
class OfflineParsePropertyTest {

    private static final String[] PIECES = {"", " ", "?", "Love it!", "😍🔥", "@a", "@bakery.shop", "#", "#tag", "Price?", "$$$", "scam",
            "King Arthur", "Where To Buy", "https://x.co/1", "link in bio", "\n", "…", "ﾟ", "\u200b", "a".repeat(700), "Ü", "日本語のコメント",
            "please ship to Canada", "not", "Great", ".", "!", "Is it legit?", "NO", "x y", "👍🏽", "\uD83D", "wow wow wow"};

    private final LlmParser parser = new LlmParser(new OfflineLlm(), PriceTable.defaults(), Clock.fixed(ParseFixtures.NOW, ZoneOffset.UTC));

    @Test
    void everyModeAnswersInItsSchemaForAnyProviderAnswer() {
        long seed = Long.getLong("offline.seed", 20261205L);
        Random r = new Random(seed);
        for (int round = 0; round < 80; round++) {
            InstagramMedia media = media(r);
            CommentsRead comments = comments(r);
            try {
                for (String mode : Parser.MEDIA_MODES) {
                    Parser.Parsed p = parser.run(parser.media(mode, media, r.nextBoolean() ? comments : null));
                    assertEquals(List.of(), Schema.problems(ParseModes.of(ParseModes.MEDIA, mode).schema(), p.output()), mode);
                }
                for (String mode : Parser.COMMENT_MODES) {
                    Parser.Parsed p = parser.run(parser.comments(mode, comments));
                    assertEquals(List.of(), Schema.problems(ParseModes.of(ParseModes.COMMENTS, mode).schema(), p.output()), mode);
                }
            } catch (AssertionError | RuntimeException e) {
                fail("seed " + seed + " (-Doffline.seed=" + seed + "), round " + round + ": " + e, e);
            }
        }
    }

    private static String text(Random r) {
        if (r.nextInt(10) == 0) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            s.append(PIECES[r.nextInt(PIECES.length)]).append(r.nextBoolean() ? " " : "");
        }
        return s.toString();
    }

    private static List<String> strings(Random r) {
        List<String> out = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            String t = text(r);
            out.add(t == null ? "" : t);
        }
        return out;
    }

    private static InstagramMedia media(Random r) {
        String[] types = {"image", "video", "carousel", "reel", null};
        InstagramMedia.Transcript transcript = r.nextBoolean() ? null : new InstagramMedia.Transcript(text(r), null, "provider", null);
        return new InstagramMedia("C" + r.nextInt(1000), null, null, null, types[r.nextInt(types.length)], text(r), strings(r), strings(r),
                r.nextBoolean() ? null : new InstagramMedia.Owner(null, text(r), null, null, r.nextBoolean() ? null : (long) r.nextInt(1_000_000), null),
                null, r.nextBoolean() ? null : new InstagramMedia.Metrics(null, (long) r.nextInt(5000), null, null, null, Instant.EPOCH),
                List.of(), List.of(), null, transcript, null);
    }

    private static CommentsRead comments(Random r) {
        List<InstagramComment> list = new ArrayList<>();
        for (int i = r.nextInt(40); i > 0; i--) {
            String id = r.nextInt(15) == 0 ? null : Long.toString(17_900_000_000_000_000L + r.nextInt(60));
            List<InstagramComment> replies = new ArrayList<>();
            for (int k = r.nextInt(3); k > 0; k--) {
                replies.add(new InstagramComment(Long.toString(18_000_000_000_000_000L + r.nextInt(60)), id, text(r), null, null,
                        r.nextBoolean() ? null : (long) r.nextInt(50), null, null, null));
            }
            list.add(new InstagramComment(id, null, text(r), null, null, r.nextBoolean() ? null : (long) r.nextInt(500),
                    (long) replies.size(), null, replies));
        }
        return new CommentsRead("C1", list, 100, true, r.nextBoolean(), null);
    }
}
