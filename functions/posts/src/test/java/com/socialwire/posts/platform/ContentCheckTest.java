package com.socialwire.posts.platform;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.posts.platform.ContentCheck.Draft;
import com.socialwire.posts.platform.ContentCheck.MediaItem;
import com.socialwire.posts.platform.ContentCheck.Violation;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ContentCheckTest {

    private static final MediaItem JPEG = new MediaItem("image/jpeg", "image");
    private static final MediaItem PNG = new MediaItem("image/png", "image");
    private static final MediaItem GIF = new MediaItem("image/gif", "gif");
    private static final MediaItem MP4 = new MediaItem("video/mp4", "video");

    static Stream<Platform> platforms() {
        return Platforms.all().stream();
    }

    static Stream<Platform> threadPlatforms() {
        return platforms().filter(Platform::supportsThreads);
    }

    static Stream<Platform> hashtagLimited() {
        return platforms().filter(p -> p.maxHashtags() != null);
    }

    /** A media item the platform takes: a still image where it takes one, else its first type. */
    static MediaItem mediaFor(Platform p) {
        String type = p.supportedMediaTypes().stream()
                .filter(t -> t.startsWith("image/") && !t.equals("image/gif"))
                .findFirst().orElse(p.supportedMediaTypes().get(0));
        return new MediaItem(type, null);
    }

    static List<MediaItem> minimalMedia(Platform p) {
        return p.requiresMedia() ? List.of(mediaFor(p)) : List.of();
    }

    static Draft draft(String text, Platform p) {
        return new Draft(text, null, null, null, minimalMedia(p));
    }

    static List<Violation> check(Draft d, String... platforms) {
        return ContentCheck.check(d, List.of(platforms));
    }

    static List<String> codes(List<Violation> vs) {
        return vs.stream().map(Violation::code).toList();
    }

    @Nested
    class Boundaries {

        @ParameterizedTest
        @MethodSource("com.socialwire.posts.platform.ContentCheckTest#platforms")
        void textOfExactlyTheLimitFitsAndOneMoreDoesNot(Platform p) {
            assertEquals(List.of(), check(draft("a".repeat(p.maxCharacters()), p), p.name()));
            List<Violation> vs = check(draft("a".repeat(p.maxCharacters() + 1), p), p.name());
            assertEquals(List.of(ContentCheck.TEXT_TOO_LONG), codes(vs));
            assertEquals(p.name(), vs.get(0).platform());
            assertEquals("content", vs.get(0).field());
            assertTrue(vs.get(0).message().contains(String.format("%,d", p.maxCharacters() + 1)), vs.get(0).message());
        }

        @ParameterizedTest
        @MethodSource("com.socialwire.posts.platform.ContentCheckTest#platforms")
        void mediaCountOfExactlyTheLimitFitsAndOneMoreDoesNot(Platform p) {
            List<MediaItem> media = new ArrayList<>(Collections.nCopies(p.maxMediaItems(), mediaFor(p)));
            assertEquals(List.of(), check(new Draft("hi", null, null, null, media), p.name()));
            media.add(mediaFor(p));
            assertEquals(List.of(ContentCheck.TOO_MANY_MEDIA), codes(check(new Draft("hi", null, null, null, media), p.name())));
        }

        @ParameterizedTest
        @MethodSource("com.socialwire.posts.platform.ContentCheckTest#threadPlatforms")
        void threadOfExactlyTheLimitFitsAndOneMoreDoesNot(Platform p) {
            List<String> parts = new ArrayList<>(Collections.nCopies(p.maxThreadParts(), "a".repeat(p.maxCharacters())));
            assertEquals(List.of(), check(new Draft("", null, null, parts, null), p.name()));
            parts.add("last");
            List<Violation> vs = check(new Draft("", null, null, parts, null), p.name());
            assertEquals(List.of(ContentCheck.TOO_MANY_THREAD_PARTS), codes(vs));
            assertEquals("threadParts", vs.get(0).field());
        }

        @ParameterizedTest
        @MethodSource("com.socialwire.posts.platform.ContentCheckTest#threadPlatforms")
        void threadPartOfExactlyTheLimitFitsAndOneMoreDoesNot(Platform p) {
            String max = "a".repeat(p.maxCharacters());
            assertEquals(List.of(), check(new Draft("", null, null, List.of("one", max), null), p.name()));
            List<Violation> vs = check(new Draft("", null, null, List.of("one", max + "a"), null), p.name());
            assertEquals(List.of(ContentCheck.THREAD_PART_TOO_LONG), codes(vs));
            assertEquals("threadParts[1]", vs.get(0).field());
        }

        @ParameterizedTest
        @MethodSource("com.socialwire.posts.platform.ContentCheckTest#hashtagLimited")
        void hashtagsOfExactlyTheLimitFitAndOneMoreDoNot(Platform p) {
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < p.maxHashtags(); i++) {
                tags.add("tag" + i);
            }
            assertEquals(List.of(), check(new Draft("hi", null, tags, null, minimalMedia(p)), p.name()));
            tags.add("onemore");
            List<Violation> vs = check(new Draft("hi", null, tags, null, minimalMedia(p)), p.name());
            assertEquals(List.of(ContentCheck.TOO_MANY_HASHTAGS), codes(vs));
            assertEquals("hashtags", vs.get(0).field());
        }

        @ParameterizedTest
        @MethodSource("com.socialwire.posts.platform.ContentCheckTest#platforms")
        void appendedHashtagsCountTowardsTheLimitWhereHashtagsAreSupported(Platform p) {
            String tag = "#go"; // appended as " #go": 4 characters
            String fits = "a".repeat(p.maxCharacters() - 4);
            Draft ok = new Draft(fits, null, List.of(tag), null, minimalMedia(p));
            Draft over = new Draft(fits + "a", null, List.of(tag), null, minimalMedia(p));
            assertEquals(List.of(), check(ok, p.name()));
            if (p.supportsHashtags()) {
                assertEquals(fits + " #go", ContentCheck.compose(ok, p));
                assertEquals(List.of(ContentCheck.TEXT_TOO_LONG), codes(check(over, p.name())));
                assertTrue(check(over, p.name()).get(0).message().contains("hashtags appended"));
            } else {
                assertEquals(fits, ContentCheck.compose(ok, p));
                assertEquals(List.of(), check(over, p.name()));
            }
        }

        @ParameterizedTest
        @MethodSource("com.socialwire.posts.platform.ContentCheckTest#platforms")
        void everySupportedTypeIsAcceptedAndAnotherIsNot(Platform p) {
            for (String type : p.supportedMediaTypes()) {
                assertEquals(List.of(), check(new Draft("hi", null, null, null, List.of(new MediaItem(type, null))),
                        p.name()), type);
            }
            List<Violation> vs = check(new Draft("hi", null, null, null, List.of(new MediaItem("image/tiff", null))),
                    p.name());
            assertEquals(List.of(ContentCheck.MEDIA_TYPE_UNSUPPORTED), codes(vs));
            assertEquals("media[0]", vs.get(0).field());
            assertTrue(vs.get(0).message().contains("image/tiff"));
        }

        @ParameterizedTest
        @MethodSource("com.socialwire.posts.platform.ContentCheckTest#platforms")
        void mediaIsRequiredExactlyWhereDocumented(Platform p) {
            List<String> got = codes(check(Draft.of("hello"), p.name()));
            assertEquals(p.requiresMedia() ? List.of(ContentCheck.MEDIA_REQUIRED) : List.of(), got);
        }

        @ParameterizedTest
        @MethodSource("com.socialwire.posts.platform.ContentCheckTest#platforms")
        void emptyTextOnlyOnMediaFirstPlatforms(Platform p) {
            List<Violation> vs = check(new Draft("  ", null, null, null, List.of(mediaFor(p))), p.name());
            assertEquals(p.allowsEmptyText() ? List.of() : List.of(ContentCheck.EMPTY_TEXT), codes(vs));
        }
    }

    @Nested
    class Instagram {

        @Test
        void withoutMediaIsMediaRequired() {
            List<Violation> vs = check(Draft.of("A caption"), "instagram");
            assertEquals(List.of(new Violation("instagram", "media", ContentCheck.MEDIA_REQUIRED,
                    "instagram needs an image or a video (image/jpeg, video/mp4, video/quicktime)")), vs);
        }

        @Test
        void aCarouselOfTenMixedItemsFits() {
            List<MediaItem> media = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                media.add(i % 2 == 0 ? JPEG : MP4);
            }
            assertEquals(List.of(), check(new Draft("", null, null, null, media), "instagram"));
        }

        @Test
        void pngIsNotPublishable() {
            List<Violation> vs = check(new Draft("hi", null, null, null, List.of(JPEG, PNG)), "instagram");
            assertEquals(1, vs.size());
            assertEquals("media[1]", vs.get(0).field());
            assertEquals(ContentCheck.MEDIA_TYPE_UNSUPPORTED, vs.get(0).code());
        }

        @Test
        void hashtagsWrittenInTheTextCountToo() {
            StringBuilder text = new StringBuilder("Caption");
            for (int i = 0; i < 25; i++) {
                text.append(" #w").append(i);
            }
            List<String> extra = List.of("e1", "e2", "e3", "e4", "e5");
            assertEquals(List.of(), check(new Draft(text.toString(), null, extra, null, List.of(JPEG)), "instagram"));
            List<String> six = new ArrayList<>(extra);
            six.add("e6");
            assertEquals(List.of(ContentCheck.TOO_MANY_HASHTAGS),
                    codes(check(new Draft(text.toString(), null, six, null, List.of(JPEG)), "instagram")));
            // repeating a hashtag already in the text adds nothing
            List<String> repeated = new ArrayList<>(extra);
            repeated.add("#W3");
            assertEquals(List.of(), check(new Draft(text.toString(), null, repeated, null, List.of(JPEG)), "instagram"));
        }
    }

    @Nested
    class Twitter {

        @Test
        void fourImagesFitAndFiveDoNot() {
            assertEquals(List.of(), check(new Draft("hi", null, null, null, List.of(JPEG, PNG, JPEG, PNG)), "twitter"));
            List<Violation> vs = check(new Draft("hi", null, null, null, List.of(JPEG, PNG, JPEG, PNG, JPEG)), "twitter");
            assertEquals(List.of(ContentCheck.TOO_MANY_MEDIA), codes(vs));
            assertTrue(vs.get(0).message().contains("at most 4"));
        }

        @Test
        void oneVideoOrOneGifFitsAlone() {
            assertEquals(List.of(), check(new Draft("hi", null, null, null, List.of(MP4)), "twitter"));
            assertEquals(List.of(), check(new Draft("hi", null, null, null, List.of(GIF)), "x"));
        }

        @Test
        void imageAndVideoDoNotMix() {
            List<Violation> vs = check(new Draft("hi", null, null, null, List.of(JPEG, MP4)), "twitter");
            assertEquals(List.of(ContentCheck.MIXED_MEDIA), codes(vs));
            assertEquals("media", vs.get(0).field());
            assertEquals(List.of(ContentCheck.MIXED_MEDIA),
                    codes(check(new Draft("hi", null, null, null, List.of(GIF, PNG)), "twitter")));
        }

        @Test
        void twoVideosAreTooMany() {
            assertEquals(List.of(ContentCheck.TOO_MANY_MEDIA),
                    codes(check(new Draft("hi", null, null, null, List.of(MP4, MP4)), "twitter")));
            assertEquals(List.of(ContentCheck.TOO_MANY_MEDIA),
                    codes(check(new Draft("hi", null, null, null, List.of(MP4, GIF)), "twitter")));
        }

        @Test
        void fiveMixedItemsAreTooManyAndMixed() {
            assertEquals(List.of(ContentCheck.TOO_MANY_MEDIA, ContentCheck.MIXED_MEDIA),
                    codes(check(new Draft("hi", null, null, null, List.of(JPEG, JPEG, JPEG, JPEG, MP4)), "twitter")));
        }

        @Test
        void kindFollowsTheMimeTypeWhenMissing() {
            assertEquals("video", new MediaItem("VIDEO/MP4", null).kind());
            assertEquals("video/mp4", new MediaItem("VIDEO/MP4", null).mimeType());
            assertEquals("gif", new MediaItem("image/gif", " ").kind());
            assertEquals("image", new MediaItem("image/png", null).kind());
            assertEquals("image", new MediaItem("image/gif", "IMAGE").kind()); // a still GIF, as the media function says
            assertEquals(List.of(ContentCheck.MIXED_MEDIA), codes(check(new Draft("hi", null, null, null,
                    List.of(new MediaItem("image/png", null), new MediaItem("video/mp4", null))), "twitter")));
            assertEquals(List.of(), check(new Draft("hi", null, null, null,
                    List.of(new MediaItem("image/gif", "image"), JPEG)), "twitter"));
        }

        @Test
        void everyUrlCountsTwentyThree() {
            String url = "https://example.com/" + "p".repeat(200);
            assertEquals(23, ContentCheck.length(Platforms.require("x"), url));
            String fits = "a".repeat(256) + " " + url; // 256 + 1 + 23 = 280
            assertEquals(List.of(), check(Draft.of(fits), "twitter"));
            assertEquals(List.of(ContentCheck.TEXT_TOO_LONG), codes(check(Draft.of("a" + fits), "twitter")));
            // a short URL counts 23 too
            assertEquals(23, ContentCheck.length(Platforms.require("x"), "http://t.co"));
            String shortUrl = "a".repeat(257) + " http://t.co"; // 257 + 1 + 23 = 281
            assertEquals(List.of(ContentCheck.TEXT_TOO_LONG), codes(check(Draft.of(shortUrl), "twitter")));
            // on LinkedIn the same text counts as written
            assertEquals(shortUrl.length(), ContentCheck.length(Platforms.require("linkedin"), shortUrl));
        }

        @Test
        void urlsAreFoundAnywhereAndTrailingPunctuationIsNotPartOfThem() {
            Platform x = Platforms.require("twitter");
            assertEquals(24, ContentCheck.length(x, "https://example.com/a."));
            assertEquals(2 + 23 + 1 + 1 + 23 + 1, ContentCheck.length(x, "(<https://a.io/x> HTTP://B.IO/y)"));
            assertEquals(1 + 23 + 2, ContentCheck.length(x, "(https://a.io/x),"));
            assertEquals(8, ContentCheck.length(x, "https://")); // nothing after the scheme: not a link
            assertEquals(9, ContentCheck.length(x, "https://."));
            assertEquals(2 * 23 + 1, ContentCheck.length(x, "https://a.b\nhttps://c.d"));
        }

        @Test
        void cjkAndEmojiWeighTwo() {
            Platform x = Platforms.require("twitter");
            assertEquals(280, ContentCheck.length(x, "漢".repeat(140)));
            assertEquals(List.of(), check(Draft.of("漢".repeat(140)), "twitter"));
            assertEquals(List.of(ContentCheck.TEXT_TOO_LONG), codes(check(Draft.of("漢".repeat(141)), "twitter")));
            assertEquals(2, ContentCheck.length(x, "😀"));
            assertEquals(2, ContentCheck.length(x, "👨‍👩‍👧")); // one ZWJ sequence
            assertEquals(2, ContentCheck.length(x, "🇫🇷"));
            assertEquals(2, ContentCheck.length(x, "❤️"));
            assertEquals(2, ContentCheck.length(x, "1️⃣"));
            assertEquals(1, ContentCheck.length(x, "e\u0301")); // NFC: é
            assertEquals(5, ContentCheck.length(x, "héllo"));
            assertEquals(1, ContentCheck.length(x, "—")); // general punctuation weighs 1
        }

        @Test
        void emptyTextIsNotAPost() {
            List<Violation> vs = check(new Draft("", null, List.of("ai"), null, List.of(JPEG)), "twitter");
            assertEquals(List.of(ContentCheck.EMPTY_TEXT), codes(vs));
            assertEquals("content", vs.get(0).field());
        }
    }

    @Nested
    class Overrides {

        @Test
        void eachPlatformGetsItsOverrideOrTheText() {
            String longText = "a".repeat(1_000);
            Draft d = new Draft(longText, Map.of("twitter", "short one"), null, null, null);
            assertEquals(List.of(), check(d, "twitter", "linkedin"));
            Draft noOverride = new Draft(longText, Map.of("bluesky", "short"), null, null, null);
            List<Violation> vs = check(noOverride, "twitter", "linkedin", "bluesky");
            assertEquals(1, vs.size());
            assertEquals("twitter", vs.get(0).platform());
            assertEquals("content", vs.get(0).field());
        }

        @Test
        void aTooLongOverrideIsReportedOnItsField() {
            Draft d = new Draft("short", Map.of("linkedin", "b".repeat(3_001)), null, null, null);
            List<Violation> vs = check(d, "twitter", "linkedin");
            assertEquals(List.of(new Violation("linkedin", "platformOverrides.linkedin", ContentCheck.TEXT_TOO_LONG,
                    "the text is 3,001 characters on linkedin; the limit is 3,000")), vs);
        }

        @Test
        void overrideKeysMayBeAliases() {
            Draft d = new Draft("a".repeat(500), Map.of("X", "for x"), null, null, null);
            Platform x = Platforms.require("twitter");
            assertEquals("for x", ContentCheck.override(d, x));
            assertEquals(List.of(), check(d, "twitter"));
            Map<String, String> both = new HashMap<>();
            both.put("x", "alias");
            both.put("twitter", "exact");
            assertEquals("exact", ContentCheck.override(new Draft("t", both, null, null, null), x));
        }

        @Test
        void anEmptyOverrideIsStillAnOverride() {
            Draft d = new Draft("text", Map.of("instagram", "", "twitter", ""), null, null, List.of(JPEG));
            List<Violation> vs = check(d, "instagram", "twitter");
            assertEquals(List.of(new Violation("twitter", "platformOverrides.twitter", ContentCheck.EMPTY_TEXT,
                    "twitter needs text")), vs);
        }

        @Test
        void hashtagsAreAppendedToOverridesToo() {
            Draft d = new Draft("main", Map.of("instagram", "ig caption #Sun"), List.of("sun", "#beach"), null, List.of(JPEG));
            assertEquals("ig caption #Sun #beach", ContentCheck.compose(d, Platforms.require("instagram")));
            assertEquals("main #sun #beach", ContentCheck.compose(d, Platforms.require("facebook")));
            assertEquals("main", ContentCheck.compose(d, Platforms.require("reddit")));
        }
    }

    @Nested
    class Hashtags {

        @Test
        void composeAppendsMissingOnesOnceWithAHash() {
            Platform fb = Platforms.require("facebook");
            assertEquals("Hello #ai #Java", ContentCheck.compose(
                    new Draft("Hello", null, List.of("ai", "#Java", "#AI", "  ", "##java", "#"), null, null), fb));
            assertEquals("Hello #AI there #java", ContentCheck.compose(
                    new Draft("Hello #AI there", null, List.of("ai", "java"), null, null), fb));
            assertEquals("#ai", ContentCheck.compose(new Draft("", null, List.of("ai"), null, null), fb));
            assertEquals("Hi #ai", ContentCheck.compose(new Draft("Hi  \n", null, List.of("ai"), null, null), fb));
        }

        @Test
        void aHashtagInsideAnotherWordIsNotThere() {
            Platform fb = Platforms.require("facebook");
            assertEquals("#aiml #ai", ContentCheck.compose(new Draft("#aiml", null, List.of("ai"), null, null), fb));
            assertEquals("x#ai #ai", ContentCheck.compose(new Draft("x#ai", null, List.of("ai"), null, null), fb));
            assertEquals("#ai.", ContentCheck.compose(new Draft("#ai.", null, List.of("ai"), null, null), fb));
        }

        @Test
        void countedAsTheyAppear() {
            assertEquals(List.of("#a", "#b"), List.copyOf(ContentCheck.hashtagsIn("#a #B #b x#c #a")));
            assertEquals(List.of("#café"), List.copyOf(ContentCheck.hashtagsIn("#Café!")));
            assertTrue(ContentCheck.hashtagsIn("# nothing &#39;").isEmpty());
        }
    }

    @Nested
    class Threads {

        @Test
        void threadPartsOnlyWhereThreadsAreSupported() {
            Draft d = new Draft("Part 1", null, null, List.of("Part 1", "Part 2"), null);
            List<Violation> vs = check(d, "twitter", "linkedin", "bluesky", "facebook");
            assertEquals(2, vs.size());
            assertEquals(List.of("linkedin", "facebook"), vs.stream().map(Violation::platform).toList());
            assertEquals(List.of(ContentCheck.THREADS_UNSUPPORTED, ContentCheck.THREADS_UNSUPPORTED), codes(vs));
            assertEquals("threadParts", vs.get(0).field());
        }

        @Test
        void theThreadReplacesTheText() {
            Draft d = new Draft("x".repeat(1_000), null, null, List.of("one", "two"), null);
            assertEquals(List.of(), check(d, "twitter"));
            // where threads are unsupported the text is checked as one post, as well
            assertEquals(List.of(ContentCheck.THREADS_UNSUPPORTED, ContentCheck.TEXT_TOO_LONG), codes(check(d, "pinterest"))
                    .subList(0, 2));
        }

        @Test
        void hashtagsGoOnTheFirstPartUnlessAPartHasThem() {
            Platform x = Platforms.require("twitter");
            Draft d = new Draft("", null, List.of("ai", "ml"), List.of("one", "two #ML"), null);
            assertEquals(List.of("one #ai", "two #ML"), ContentCheck.composeThread(d, x));
            Draft full = new Draft("", null, List.of("ai"), List.of("a".repeat(277), "two"), null);
            List<Violation> vs = check(full, "twitter");
            assertEquals(List.of(ContentCheck.THREAD_PART_TOO_LONG), codes(vs));
            assertEquals("threadParts[0]", vs.get(0).field());
            assertTrue(vs.get(0).message().startsWith("thread part 1 is 281 characters on twitter"), vs.get(0).message());
            assertEquals(List.of(), ContentCheck.composeThread(d, Platforms.require("linkedin")));
            assertEquals(List.of(), ContentCheck.composeThread(Draft.of("t"), x));
        }

        @Test
        void emptyPartsAreReported() {
            List<Violation> vs = check(new Draft("", null, null, List.of("one", " ", "three"), null), "mastodon");
            assertEquals(List.of(new Violation("mastodon", "threadParts[1]", ContentCheck.EMPTY_TEXT,
                    "thread part 2 is empty")), vs);
        }

        @Test
        void mediaRulesStillApplyToAThread() {
            Draft d = new Draft("", null, null, List.of("one", "two"), List.of(JPEG, MP4));
            assertEquals(List.of(ContentCheck.MIXED_MEDIA), codes(check(d, "twitter")));
        }
    }

    @Nested
    class OtherPlatforms {

        @Test
        void blueskyCountsGraphemes() {
            Platform bsky = Platforms.require("bluesky");
            assertEquals(1, ContentCheck.length(bsky, "👨‍👩‍👧"));
            assertEquals(List.of(), check(Draft.of("👨‍👩‍👧".repeat(300)), "bluesky"));
            assertEquals(List.of(ContentCheck.TEXT_TOO_LONG), codes(check(Draft.of("🇫🇷".repeat(301)), "bluesky")));
            assertEquals(List.of(ContentCheck.MIXED_MEDIA),
                    codes(check(new Draft("hi", null, null, null, List.of(JPEG, MP4)), "bluesky")));
        }

        @Test
        void otherPlatformsCountCodePoints() {
            Platform li = Platforms.require("linkedin");
            assertEquals(1, ContentCheck.length(li, "😀"));
            assertEquals(List.of(), check(Draft.of("😀".repeat(3_000)), "linkedin"));
        }

        @Test
        void mastodonCountsUrlsAsTwentyThree() {
            String text = "a".repeat(476) + " https://very.long.example.org/" + "p".repeat(100); // 476 + 1 + 23 = 500
            assertEquals(List.of(), check(Draft.of(text), "mastodon"));
            assertEquals(List.of(ContentCheck.TEXT_TOO_LONG), codes(check(Draft.of("a" + text), "mastodon")));
        }

        @Test
        void linkedinTakesOneItem() {
            assertEquals(List.of(ContentCheck.TOO_MANY_MEDIA),
                    codes(check(new Draft("hi", null, null, null, List.of(JPEG, MP4)), "linkedin")));
        }

        @Test
        void tiktokTakesAVideoOrJpegPhotosAndYoutubeNeedsAVideo() {
            assertEquals(List.of(), codes(check(new Draft("hi", null, null, null, List.of(JPEG, JPEG)), "tiktok")));
            assertEquals(List.of(ContentCheck.MEDIA_TYPE_UNSUPPORTED),
                    codes(check(new Draft("hi", null, null, null, List.of(PNG)), "tiktok")));
            assertEquals(List.of(ContentCheck.MEDIA_REQUIRED), codes(check(Draft.of("hi"), "tiktok")));
            List<Violation> vs = check(Draft.of("hi"), "youtube");
            assertEquals(List.of(ContentCheck.MEDIA_REQUIRED), codes(vs));
            assertTrue(vs.get(0).message().startsWith("youtube needs a video"));
            assertTrue(check(Draft.of("hi"), "dribbble").get(0).message().startsWith("dribbble needs an image"));
            assertEquals(List.of(ContentCheck.MEDIA_TYPE_UNSUPPORTED),
                    codes(check(new Draft("hi", null, null, null, List.of(MP4)), "dribbble")));
        }

        @Test
        void threadsAndFacebookMixCarousels() {
            assertEquals(List.of(), check(new Draft("hi", null, null, null, List.of(JPEG, MP4, PNG)), "threads", "facebook"));
        }

        @Test
        void redditGalleryIsImagesOnly() {
            assertEquals(List.of(ContentCheck.MIXED_MEDIA),
                    codes(check(new Draft("hi", null, null, null, List.of(JPEG, MP4)), "reddit")));
            assertEquals(List.of(), check(new Draft("hi", null, null, null, Collections.nCopies(20, PNG)), "reddit"));
        }

        @Test
        void mediaWithoutAType() {
            List<Violation> vs = check(new Draft("hi", null, null, null, List.of(new MediaItem(null, null))), "facebook");
            assertEquals(List.of(ContentCheck.MEDIA_TYPE_UNSUPPORTED), codes(vs));
            assertTrue(vs.get(0).message().contains("media without a type"));
        }
    }

    @Nested
    class PlatformList {

        @Test
        void unknownPlatformsAreReportedAndDuplicatesCheckedOnce() {
            List<Violation> vs = check(Draft.of("a".repeat(300)), "x", "myspace", "TWITTER", "myspace", " twitter ");
            assertEquals(List.of(ContentCheck.TEXT_TOO_LONG, ContentCheck.PLATFORM_UNKNOWN), codes(vs));
            assertEquals(new Violation("myspace", "platforms", ContentCheck.PLATFORM_UNKNOWN, "Unknown platform: myspace"),
                    vs.get(1));
        }

        @Test
        void nullsAreEmpty() {
            assertEquals(List.of(), ContentCheck.check(new Draft(null, null, null, null, null), null));
            assertEquals(List.of(), ContentCheck.check(new Draft("hi", null, null, null, null), List.of()));
            List<String> names = new ArrayList<>();
            names.add(null);
            assertEquals(List.of(ContentCheck.PLATFORM_UNKNOWN), codes(ContentCheck.check(Draft.of("hi"), names)));
            Map<String, String> overrides = new HashMap<>();
            overrides.put("twitter", null);
            overrides.put(null, "x");
            Draft d = new Draft("t", overrides, java.util.Arrays.asList("a", null), java.util.Arrays.asList("p", null),
                    java.util.Arrays.asList(JPEG, null));
            assertEquals(Map.of(), d.platformOverrides());
            assertEquals(List.of("a"), d.hashtags());
            assertEquals(List.of("p", ""), d.threadParts());
            assertEquals(List.of(JPEG), d.media());
        }
    }

    @Nested
    class Require {

        @Test
        void passesWhenEverythingFits() {
            assertDoesNotThrow(() -> ContentCheck.require(new Draft("hi", null, List.of("ai"), null, List.of(JPEG)),
                    List.of("instagram", "twitter", "linkedin", "facebook")));
        }

        @Test
        void throwsA422WithEveryFindingPerPlatform() {
            Draft d = new Draft("a".repeat(290), null, null, null, null);
            ApiException e = assertThrows(ApiException.class,
                    () -> ContentCheck.require(d, List.of("instagram", "twitter", "linkedin")));
            assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
            assertEquals(422, e.status());
            assertEquals("content does not fit 2 platform(s)", e.getMessage());
            JsonNode details = Json.mapper().valueToTree(e.details());
            JsonNode byPlatform = details.get("platforms");
            assertEquals(List.of("instagram", "twitter"), iterate(byPlatform.fieldNames()));
            JsonNode ig = byPlatform.get("instagram").get(0);
            assertEquals("media", ig.get("field").asText());
            assertEquals("MEDIA_REQUIRED", ig.get("code").asText());
            assertFalse(ig.get("message").asText().isBlank());
            assertEquals(List.of("field", "code", "message"), iterate(ig.fieldNames()));
            assertEquals("TEXT_TOO_LONG", byPlatform.get("twitter").get(0).get("code").asText());
            assertEquals(1, byPlatform.get("twitter").size());
        }

        private static List<String> iterate(java.util.Iterator<String> it) {
            List<String> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return out;
        }
    }

    @Test
    void aTitleOverAPlatformsTitleLimitIsRefusedThereOnly() {
        Draft d = new Draft("New video", null, null, null, List.of(new MediaItem("video/mp4", null)), "t".repeat(101));
        List<Violation> v = ContentCheck.check(d, List.of("reddit", "youtube", "twitter"));
        assertEquals(1, v.size(), v.toString());
        assertEquals("youtube", v.get(0).platform());
        assertEquals("title", v.get(0).field());
        assertEquals(ContentCheck.TITLE_TOO_LONG, v.get(0).code());
        assertTrue(v.get(0).message().contains("101") && v.get(0).message().contains("100"), v.get(0).message());
        // code points: 100 emoji fit YouTube's 100
        Draft emoji = new Draft("New video", null, null, null, List.of(new MediaItem("video/mp4", null)), "\uD83C\uDF5E".repeat(100));
        assertTrue(ContentCheck.check(emoji, List.of("youtube")).isEmpty());
    }
}
