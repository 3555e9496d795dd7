package com.socialwire.shared.providers.bluesky;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RichTextTest {

    /** The text a facet's UTF-8 byte range covers. */
    static String slice(String text, RichText.Facet f) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new String(Arrays.copyOfRange(bytes, f.byteStart(), f.byteEnd()), StandardCharsets.UTF_8);
    }

    @Test
    void findsLinksMentionsAndTagsAtUtf8ByteOffsets() {
        String text = "Neu 🌸 bei uns: https://example.com/menü?x=1. Danke @Bloom.Bakery.test! #FrühlingsBrot (siehe https://ex.org/a)";
        List<RichText.Facet> facets = RichText.detect(text);

        assertEquals(4, facets.size(), facets.toString());
        RichText.Facet link = facets.get(0);
        assertEquals(RichText.Kind.LINK, link.kind());
        assertEquals("https://example.com/menü?x=1", link.value(), "a trailing full stop is not part of the link");
        // "Neu " 4 + flower 4 + " bei uns: " 10 = 18 bytes before the link, though only 16 Java chars
        assertEquals(18, link.byteStart());
        assertEquals("https://example.com/menü?x=1", slice(text, link));
        assertEquals(new RichText.Facet(link.byteStart(), link.byteStart() + 29, RichText.Kind.LINK, link.value()), link);

        RichText.Facet mention = facets.get(1);
        assertEquals(RichText.Kind.MENTION, mention.kind());
        assertEquals("bloom.bakery.test", mention.value());
        assertEquals("@Bloom.Bakery.test", slice(text, mention));

        RichText.Facet tag = facets.get(2);
        assertEquals(RichText.Kind.TAG, tag.kind());
        assertEquals("FrühlingsBrot", tag.value());
        assertEquals("#FrühlingsBrot", slice(text, tag));

        assertEquals("https://ex.org/a", facets.get(3).value(), "an unmatched closing parenthesis is not part of the link");
    }

    @Test
    void leavesWhatIsNotAFacetAsText() {
        assertEquals(List.of(), RichText.detect("mail me@example.com, #123 is a number, @nodot, a#b, http:// alone, https://"));
        assertEquals(List.of(), RichText.detect("#" + "a".repeat(65)));
        assertEquals(1, RichText.detect("#" + "a".repeat(64)).size());
    }

    @Test
    void countsGraphemesAsBlueskyDoes() {
        assertEquals(1, RichText.graphemes("👩‍👩‍👧‍👦"));
        assertEquals(1, RichText.graphemes("🇩🇪"));
        assertEquals(1, RichText.graphemes("e\u0301"));
        assertEquals(3, RichText.graphemes("日本語"));
        assertEquals(2, RichText.graphemes("👍🏽!"));
    }

    // ------------------------------------------------------------------ property: offsets over random unicode

    private static final String[] FILLER = {
            "hello", "Grüße", "日本語", "中文字", "한국어", "мир", "سلام", "שלום", "e\u0301", "n\u0303a\u0308",
            "👩‍👩‍👧‍👦", "🇩🇪", "👍🏽", "🌸", "𝔘𝔫𝔦", "ｆｕｌｌ", "ok.", "a,b", "x\u0332y", "ﷺ", "🧑🏿‍🚀", "½", "—", "...",
    };
    private static final String[] SPACES = {" ", "  ", "\n", "\u3000", "\u2003", "\t"};
    private static final String[] HANDLES = {"alice.test", "bob-b.example.test", "x1.bsky.social"};
    private static final String[] LINKS = {"https://example.com", "https://例え.jp/パス?q=ü", "http://a.b/c_(d)", "https://x.org/🌸#frag"};
    private static final String[] TAGS = {"tag", "日本", "Frühling", "a1", "🌸flower", "x_y"};

    record Expected(RichText.Kind kind, String covered, String value) {
    }

    @Test
    void facetByteRangesCoverExactlyTheirTokensOverSeededRandomUnicodeText() {
        long seed = Long.getLong("richtext.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            List<Expected> expected = new ArrayList<>();
            int parts = 1 + random.nextInt(12);
            for (int p = 0; p < parts; p++) {
                if (p > 0) {
                    text.append(SPACES[random.nextInt(SPACES.length)]);
                }
                switch (random.nextInt(4)) {
                    case 0 -> {
                        String h = HANDLES[random.nextInt(HANDLES.length)];
                        text.append('@').append(h);
                        expected.add(new Expected(RichText.Kind.MENTION, "@" + h, h));
                    }
                    case 1 -> {
                        String l = LINKS[random.nextInt(LINKS.length)];
                        text.append(l);
                        expected.add(new Expected(RichText.Kind.LINK, l, l));
                    }
                    case 2 -> {
                        String t = TAGS[random.nextInt(TAGS.length)];
                        text.append('#').append(t);
                        expected.add(new Expected(RichText.Kind.TAG, "#" + t, t));
                    }
                    default -> {
                        int words = 1 + random.nextInt(3);
                        for (int w = 0; w < words; w++) {
                            text.append(FILLER[random.nextInt(FILLER.length)]);
                        }
                    }
                }
            }
            String s = text.toString();
            List<RichText.Facet> facets = RichText.detect(s);
            String where = "seed " + seed + " round " + round + " text " + s;
            assertEquals(expected.size(), facets.size(), where + " facets " + facets);
            for (int i = 0; i < facets.size(); i++) {
                RichText.Facet f = facets.get(i);
                Expected e = expected.get(i);
                assertEquals(e.kind(), f.kind(), where);
                assertEquals(e.covered(), slice(s, f), where);
                assertEquals(e.value(), f.value(), where);
                assertTrue(f.byteEnd() <= s.getBytes(StandardCharsets.UTF_8).length, where);
            }
        }
    }
}
