package com.socialwire.reads.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramComment;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.reads.parse.Parser;
import com.socialwire.reads.provider.ReadProvider;
import com.socialwire.reads.provider.ReadResult;
import com.socialwire.reads.transcribe.Transcriber;
import com.socialwire.reads.url.InstagramTarget;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test doubles of the reads context's other parts, honest about being doubles: a read provider answering
 * real-shaped media (a photo post, a carousel, reels with and without the provider's transcript, comment batches of up
 * to 500 with replies) and counting its calls, a transcriber and a parser that answer fixed outputs shaped like each
 * mode's. The real provider (readsrc), transcriber and parser (parse) replace them as they land.
 */
final class ReadFixtures {

    static final String POST = "BSKplJUDPPE";
    static final String CAROUSEL = "C9qLmN0pQrS";
    static final String REEL_WITH_TRANSCRIPT = "C8xYz12AbCd";
    static final String REEL_WITHOUT = "DA1bC2dE3fG";
    static final String MISSING = "Gone0000000";

    private ReadFixtures() {
    }

    /** A bare shortcode or an instagram.com /p/, /reel/, /reels/, /tv/ URL; anything else 422 (readsrc's parser replaces it). */
    static final Function<String, InstagramTarget> URLS = url -> {
        Matcher m = Pattern.compile("(?:https?://(?:www\\.|m\\.)?instagram\\.com/(p|reels?|tv)/)?([A-Za-z0-9_-]{5,64})/?(?:\\?.*)?").matcher(url);
        if (!m.matches()) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "url is not an Instagram post or reel", Map.of("parameter", "url"), Map.of());
        }
        String kind = m.group(1) == null ? "unknown" : m.group(1).startsWith("reel") ? "reel" : m.group(1).equals("tv") ? "tv" : "post";
        return new InstagramTarget(m.group(2), kind, "https://www.instagram.com/" + (kind.equals("reel") ? "reel" : "p") + "/" + m.group(2) + "/");
    };

    static InstagramMedia.Owner owner(String username) {
        return new InstagramMedia.Owner("17841400008460056", username, "Bloom Bakery", true, 48_213L,
                "https://scontent-lhr8-1.cdninstagram.com/v/t51.2885-19/4483_n.jpg?oe=67A1B2C3");
    }

    /** A profile picture link as the CDN gives it: long, signed, short-lived. */
    static String picture(Random random) {
        return "https://scontent-lhr6-2.cdninstagram.com/v/t51.2885-19/" + (400_000_000 + random.nextInt(99_999_999)) + "_"
                + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "_n.jpg?stp=dst-jpg_s150x150_tt6&_nc_ht=scontent-lhr6-2.cdninstagram.com"
                + "&_nc_cat=10" + random.nextInt(9) + "&_nc_oc=Q6cZ2QH" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)
                + "&_nc_ohc=" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "&edm=AId3EpQBAAAA&ccb=7-5&oh=00_Af"
                + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "&oe=67A1B2C3&_nc_sid=f5838a";
    }

    static InstagramMedia.Asset image(String name, Instant expires) {
        return new InstagramMedia.Asset("image", "https://scontent-lhr8-1.cdninstagram.com/v/t51.29350-15/" + name + "_n.jpg?stp=dst-jpg_e35&oe=67A1B2C3",
                1080, 1350, null, true, expires, "Photo by Bloom Bakery. May be an image of bread and croissant.");
    }

    static InstagramMedia media(String shortcode, boolean providerTranscript) {
        Instant t = Instant.parse("2026-11-28T08:14:03Z");
        Instant expires = Instant.parse("2026-12-08T00:00:00Z");
        Instant asOf = Instant.parse("2026-12-05T08:00:00Z");
        String canonical = "https://www.instagram.com/p/" + shortcode + "/";
        return switch (shortcode) {
            case POST -> new InstagramMedia(POST, "1480178300072293316", canonical, canonical, "image",
                    "Saturday sourdough is back 🍞 Pre-order by Friday noon. #sourdough #bakerylife @flourandco",
                    List.of("sourdough", "bakerylife"), List.of("flourandco"), owner("bloombakery"), t,
                    new InstagramMedia.Metrics(1_204L, 87L, null, null, null, asOf), List.of(image("post1", expires)), List.of(), null, null, null);
            case CAROUSEL -> new InstagramMedia(CAROUSEL, "3391044558120093711", canonical, canonical, "carousel",
                    "Five breads, one oven. Swipe for the crumb shots ➡️ #bread", List.of("bread"), List.of(), owner("bloombakery"), t,
                    new InstagramMedia.Metrics(null, 41L, null, null, null, asOf), List.of(),
                    List.of(image("c1", expires), image("c2", expires), new InstagramMedia.Asset("video",
                            "https://scontent-lhr8-1.cdninstagram.com/o1/v/t16/c3.mp4?efg=abc&oe=67A1B2C3", 1080, 1920, 12.4, true, expires, null)),
                    null, null, null);
            case REEL_WITH_TRANSCRIPT, REEL_WITHOUT -> {
                String reel = "https://www.instagram.com/reel/" + shortcode + "/";
                yield new InstagramMedia(shortcode, "3391044558120093999", reel, reel, "reel", "How we laminate croissant dough in 60 seconds #baking",
                        List.of("baking"), List.of(), owner("bloombakery"), t, new InstagramMedia.Metrics(5_320L, 214L, 88_410L, 120_007L, 932L, asOf),
                        List.of(new InstagramMedia.Asset("video", "https://scontent-lhr8-1.cdninstagram.com/o1/v/t16/reel.mp4?oe=67A1B2C3",
                                1080, 1920, 58.2, true, expires, null)), List.of(), new InstagramMedia.Audio("Original audio", "bloombakery", true),
                        providerTranscript && shortcode.equals(REEL_WITH_TRANSCRIPT)
                                ? new InstagramMedia.Transcript("First we fold the butter block into the dough, then three letter folds...", "en", "provider", 58.2)
                                : null, null);
            }
            default -> null;
        };
    }

    /** {@code limit} comments (fewer for a small post), each with replies when asked; seeded, so a batch is the same each time. */
    static CommentsRead comments(String shortcode, int limit, boolean includeReplies) {
        int available = shortcode.equals(POST) ? 87 : 1_000;
        int n = Math.min(limit, available);
        Random random = new Random(shortcode.hashCode() * 31L + limit);
        String[] texts = {"Do you ship to Leeds? 😍", "How long is the cold retard for this one?", "Best croissants in town, no contest",
                "Price went up again?", "Tag someone who needs this 🥐", "Is the rye loaf vegan?", "Follow me for free followers!!!",
                "Ordered for Saturday, can't wait", "The crumb on slide 3 🤯", "Not as good as last month honestly"};
        List<InstagramComment> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = "1790" + (100_000_000_000L + i);
            List<InstagramComment> replies = new ArrayList<>();
            int replyCount = i % 4 == 0 ? 3 : i % 7 == 0 ? 1 : 0;
            if (includeReplies) {
                for (int r = 0; r < replyCount; r++) {
                    replies.add(new InstagramComment(id + "0" + r, id, "@user" + i + " " + texts[random.nextInt(texts.length)],
                            new InstagramMedia.Owner("5" + random.nextInt(1_000_000_000), "reply_user_" + r + "_" + i, null, false, null, picture(random)),
                            Instant.parse("2026-11-29T10:00:00Z").plusSeconds(i * 60L + r), (long) random.nextInt(20), 0L, null, List.of()));
                }
            }
            out.add(new InstagramComment(id, null, texts[random.nextInt(texts.length)] + " (#" + i + ")",
                    new InstagramMedia.Owner("4" + random.nextInt(1_000_000_000), "commenter_" + i, "Commenter " + i, false, null, picture(random)),
                    Instant.parse("2026-11-28T09:00:00Z").plusSeconds(i * 90L), (long) random.nextInt(500), (long) replyCount,
                    "https://www.instagram.com/p/" + shortcode + "/c/" + id + "/", replies));
        }
        boolean truncated = n < limit;
        return new CommentsRead(shortcode, out, limit, includeReplies, truncated,
                truncated ? List.of("the provider returned every comment it could see: " + n) : List.of("newest first, as the provider ordered them"));
    }

    /** A read provider answering the fixtures, counting calls; {@link #fail} makes it answer a failure instead. */
    static final class StubProvider implements ReadProvider {
        final AtomicInteger mediaCalls = new AtomicInteger();
        final AtomicInteger commentCalls = new AtomicInteger();
        volatile ReadResult<?> fail;

        @Override
        public String id() {
            return "stub-readapi";
        }

        @Override
        @SuppressWarnings("unchecked")
        public ReadResult<InstagramMedia> media(String shortcode, boolean providerTranscript) {
            mediaCalls.incrementAndGet();
            if (fail != null) {
                return (ReadResult<InstagramMedia>) fail;
            }
            InstagramMedia m = ReadFixtures.media(shortcode, providerTranscript);
            return m == null ? new ReadResult.NotFound<>("no such media") : new ReadResult.Ok<>(m, "media", 1,
                    m.metrics().likes() == null ? List.of("likes are hidden by the owner") : List.of());
        }

        @Override
        @SuppressWarnings("unchecked")
        public ReadResult<CommentsRead> comments(String shortcode, int limit, boolean includeReplies) {
            commentCalls.incrementAndGet();
            if (fail != null) {
                return (ReadResult<CommentsRead>) fail;
            }
            if (ReadFixtures.media(shortcode, false) == null) {
                return new ReadResult.NotFound<>("no such media");
            }
            CommentsRead c = ReadFixtures.comments(shortcode, limit, includeReplies);
            return new ReadResult.Ok<>(c, "comments_page", c.comments().size(), List.of());
        }
    }

    static final class StubTranscriber implements Transcriber {
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean answers = true;

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public Optional<InstagramMedia.Transcript> transcribe(InstagramMedia reel) {
            calls.incrementAndGet();
            return answers ? Optional.of(new InstagramMedia.Transcript("Laminating: fold, turn, rest, repeat.", "en", "transcription", 58.2))
                    : Optional.empty();
        }

        @Override
        public String unavailableReason(InstagramMedia reel) {
            return "the transcription boundary did not answer";
        }
    }

    /** A parser double: its outputs are shaped like each mode's, its cost fixed; it validates nothing (parse does). */
    static final class StubParser implements Parser {
        final AtomicInteger runs = new AtomicInteger();
        final Map<String, Integer> byMode = new ConcurrentHashMap<>();
        volatile boolean fails;
        /** The worst case each request says it can cost, and what a run costs (USD). */
        volatile double worstCaseUsd = 0.01;
        volatile double costUsd = 0.0021;

        @Override
        public Request media(String mode, InstagramMedia media, CommentsRead commentSample) {
            return new Request("media", mode, "offline-parse", "v1", Integer.toHexString(Json.write(media).hashCode()), worstCaseUsd,
                    media.caption());
        }

        @Override
        public Request comments(String mode, CommentsRead comments) {
            return new Request("comments", mode, "offline-parse", "v1", Integer.toHexString(Json.write(comments).hashCode()), worstCaseUsd,
                    comments.comments().size());
        }

        @Override
        public String cacheKey(Request request) {
            return request.kind() + ":" + request.mode() + ":" + request.model() + ":" + request.promptVersion() + ":" + request.contentHash();
        }

        @Override
        public Parsed run(Request request) {
            runs.incrementAndGet();
            byMode.merge(request.mode(), 1, Integer::sum);
            if (fails) {
                throw new IllegalStateException("model output failed its schema");
            }
            ObjectNode out = Json.object();
            out.put("summary", "A bakery post about " + request.prompt());
            return new Parsed(request.mode(), out, List.of("double: not a model's output"), "offline-parse", "v1", 812, 95, costUsd);
        }
    }
}
