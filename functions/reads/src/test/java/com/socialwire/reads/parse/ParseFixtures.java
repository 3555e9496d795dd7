package com.socialwire.reads.parse;

import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramComment;
import com.socialwire.reads.model.InstagramMedia;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A reel, a carousel and their comments shaped like what a read provider returns, for the parse tests. */
final class ParseFixtures {

    static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");

    private ParseFixtures() {
    }

    static InstagramMedia reel(InstagramMedia.Transcript transcript) {
        return new InstagramMedia("DAbC12xYz9Q", "3512345678901234567", "https://www.instagram.com/reel/DAbC12xYz9Q/",
                "https://www.instagram.com/reel/DAbC12xYz9Q/", "reel",
                "3 ways to proof sourdough overnight 🍞 Which one do you use? Full recipe: link in bio. #sourdough #baking @kingarthurbaking",
                List.of("sourdough", "baking"), List.of("kingarthurbaking"),
                new InstagramMedia.Owner("1784140012", "bloombakery", "Bloom Bakery", true, 48_213L, null),
                Instant.parse("2026-12-01T17:04:11Z"),
                new InstagramMedia.Metrics(12_345L, 219L, null, 184_902L, 1_204L, NOW.minusSeconds(600)),
                List.of(new InstagramMedia.Asset("video", "https://scontent.cdninstagram.com/v/t50.2886-16/reel.mp4?oe=6752A1B0",
                        1080, 1920, 47.3, true, NOW.plusSeconds(3600), null)),
                List.of(), new InstagramMedia.Audio("Original audio", "bloombakery", true), transcript, null);
    }

    static InstagramMedia.Transcript transcript() {
        return new InstagramMedia.Transcript("Today I'm showing you three ways to proof sourdough overnight. First, the fridge: "
                + "cold retard at four degrees for twelve hours. Second, a cool room. Third, the banneton in a cooler bag.",
                "en", "provider", 47.3);
    }

    static InstagramMedia carousel(String caption) {
        return new InstagramMedia("C9xKp2LmQ0a", "3401122334455667788", "https://www.instagram.com/p/C9xKp2LmQ0a/",
                "https://www.instagram.com/p/C9xKp2LmQ0a/", "carousel", caption, List.of(), List.of(),
                new InstagramMedia.Owner("1784140012", "bloombakery", "Bloom Bakery", true, 48_213L, null),
                Instant.parse("2026-11-20T08:00:00Z"),
                new InstagramMedia.Metrics(2_310L, 48L, null, null, null, NOW.minusSeconds(2 * 86_400)),
                List.of(),
                List.of(new InstagramMedia.Asset("image", "https://scontent.cdninstagram.com/v/1.jpg", 1080, 1350, null, true, null,
                                "Photo of a sourdough loaf on a wooden board"),
                        new InstagramMedia.Asset("image", "https://scontent.cdninstagram.com/v/2.jpg", 1080, 1350, null, true, null, null)),
                null, null, null);
    }

    static InstagramComment comment(String id, String text, long likes, long replies, List<InstagramComment> replyList) {
        return new InstagramComment(id, null, text, new InstagramMedia.Owner("u" + id, "user" + id.substring(id.length() - 4), null, null, null, null),
                NOW.minusSeconds(3600), likes, replies, null, replyList);
    }

    static InstagramComment reply(String id, String parentId, String text, long likes) {
        return new InstagramComment(id, parentId, text, new InstagramMedia.Owner("u" + id, "user" + id.substring(id.length() - 4), null, null, null, null),
                NOW.minusSeconds(1800), likes, null, null, List.of());
    }

    /** 30 comments with replies: questions, praise, a price objection, emoji-only, very short, duplicates, link spam. */
    static CommentsRead comments() {
        List<InstagramComment> list = new ArrayList<>();
        list.add(comment("17912345678900001", "How long do you leave it in the fridge? Mine always overproofs 😩", 310, 2, List.of(
                reply("17912345678900101", "17912345678900001", "12 hours at 4°C works for me, try a cooler fridge shelf", 95),
                reply("17912345678900102", "17912345678900001", "Same problem here, mine goes flat after 10 hours", 12))));
        list.add(comment("17912345678900002", "The cooler bag trick is genius, trying it tonight!", 240, 0, List.of()));
        list.add(comment("17912345678900003", "Love this, the crumb on that loaf is beautiful", 198, 0, List.of()));
        list.add(comment("17912345678900004", "Your banneton costs $45, that's way too expensive for a beginner", 150, 1, List.of(
                reply("17912345678900103", "17912345678900004", "A bowl with a floured towel works just as well", 40))));
        list.add(comment("17912345678900005", "Does this work with whole wheat flour or only white?", 120, 0, List.of()));
        list.add(comment("17912345678900006", "🔥🔥🔥", 90, 0, List.of()));
        list.add(comment("17912345678900007", "Nice!", 80, 0, List.of()));
        list.add(comment("17912345678900008", "Follow me for free bread recipes www.breadhacks.shop", 70, 0, List.of()));
        list.add(comment("17912345678900009", "The cooler bag trick is genius, trying it tonight!!", 5, 0, List.of()));
        list.add(comment("17912345678900010", "King Arthur flour is the only one I trust for this", 60, 0, List.of()));
        list.add(comment("17912345678900011", "Is this a scam? The recipe link asks for my email", 55, 0, List.of()));
        list.add(comment("17912345678900012", "Made it yesterday, best loaf I've ever baked", 50, 0, List.of()));
        list.add(comment("17912345678900013", "@mariabakes we need to try this", 45, 0, List.of()));
        list.add(comment("17912345678900014", "Room temperature proofing never works in my kitchen, too warm", 40, 0, List.of()));
        list.add(comment("17912345678900015", "❤️", 35, 0, List.of()));
        for (int i = 16; i <= 30; i++) {
            list.add(comment("179123456789000" + i, "Great tips, saving this for the weekend bake number " + i, 30 - i / 2, 0, List.of()));
        }
        return new CommentsRead("DAbC12xYz9Q", list, 100, true, false, List.of());
    }

    static CommentsRead noComments() {
        return new CommentsRead("DAbC12xYz9Q", List.of(), 20, false, false, List.of());
    }
}
