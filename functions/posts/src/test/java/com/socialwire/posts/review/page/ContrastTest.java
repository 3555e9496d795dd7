package com.socialwire.posts.review.page;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContrastTest {

    @Test
    void ratiosMatchWcagReferenceValues() {
        assertEquals(21.0, Contrast.ratio("#000000", "#ffffff"), 1e-9);
        assertEquals(21.0, Contrast.ratio("#ffffff", "#000000"), 1e-9, "order does not matter");
        assertEquals(1.0, Contrast.ratio("#6b21a8", "#6b21a8"), 1e-9);
        // WebAIM's checker: #777777 on white 4.48:1 (fails AA), #767676 4.54:1 (passes), #0000ff 8.59:1
        assertEquals(4.48, Contrast.ratio("#777777", "#ffffff"), 0.01);
        assertEquals(4.54, Contrast.ratio("#767676", "#ffffff"), 0.01);
        assertEquals(8.59, Contrast.ratio("#0000ff", "#ffffff"), 0.01);
        assertEquals(1.0, Contrast.luminance("#FFFFFF"), 1e-9);
        assertEquals(0.0, Contrast.luminance("#000"), 1e-9);
    }

    @Test
    void normalizeLetsOnlyHexColoursThrough() {
        assertEquals("#aabbcc", Contrast.normalize(" #AABBCC ", null));
        assertEquals("#aabbcc", Contrast.normalize("#abc", null));
        assertNull(Contrast.normalize("red", null));
        assertNull(Contrast.normalize("#abcd", null));
        assertNull(Contrast.normalize("#abcdeg", null));
        assertNull(Contrast.normalize("#abcdef;}body{x", null));
        assertEquals("#111111", Contrast.normalize(null, "#111111"));
        assertThrows(IllegalArgumentException.class, () -> Contrast.ratio("blue", "#ffffff"));
    }

    @Test
    void textOnAnyBackgroundReadsAtLeastAA() {
        Random r = new Random(17);
        List<String> backgrounds = new ArrayList<>(List.of("#000000", "#ffffff", "#777777", "#767676", "#808080", "#ff0000", "#00ff00",
                "#0000ff", "#ffff00", "#f59e0b", "#6b21a8", "#5a5a5a", "#959595"));
        for (int i = 0; i < 3000; i++) {
            backgrounds.add(String.format("#%06x", r.nextInt(0x1000000)));
        }
        for (String bg : backgrounds) {
            String fg = Contrast.textOn(bg);
            assertTrue(Contrast.ratio(fg, bg) >= Contrast.TEXT, fg + " on " + bg + ": " + Contrast.ratio(fg, bg));
        }
        assertEquals("#ffffff", Contrast.textOn("#000000"));
        assertEquals("#111827", Contrast.textOn("#ffffff"));
    }

    @Test
    void readableOnKeepsAGoodColourAndShiftsAPaleOne() {
        assertEquals("#1d4ed8", Contrast.readableOn("#1d4ed8", 4.5, "#ffffff"), "already readable: unchanged");
        String shifted = Contrast.readableOn("#fde68a", 4.5, "#ffffff", "#f3f4f6");
        assertTrue(Contrast.ratio(shifted, "#ffffff") >= 4.5 && Contrast.ratio(shifted, "#f3f4f6") >= 4.5, shifted);
        int[] rgb = {Integer.parseInt(shifted.substring(1, 3), 16), Integer.parseInt(shifted.substring(3, 5), 16),
                Integer.parseInt(shifted.substring(5, 7), 16)};
        assertTrue(rgb[0] > rgb[2], "still a yellowish shade: " + shifted);
        String onDark = Contrast.readableOn("#1e3a8a", 4.5, "#000000");
        assertTrue(Contrast.ratio(onDark, "#000000") >= 4.5, "lightened on black: " + onDark);
        assertEquals("#808080", Contrast.mix("#000000", "#ffffff", 0.5020));
    }

    @Test
    void everyThemeMeetsAAForTextAndThreeToOneForEdgesWhateverTheBrandColours() {
        Random r = new Random(42);
        List<String[]> brands = new ArrayList<>();
        brands.add(new String[] {null, null});
        brands.add(new String[] {"#ffffff", "#ffffff"});
        brands.add(new String[] {"#000000", "#000000"});
        brands.add(new String[] {"#ffff00", "#f3f4f6"});
        brands.add(new String[] {"#777777", "#767676"});
        brands.add(new String[] {"not a colour", "#12"});
        for (int i = 0; i < 2000; i++) {
            brands.add(new String[] {String.format("#%06x", r.nextInt(0x1000000)), r.nextInt(5) == 0 ? null : String.format("#%06x", r.nextInt(0x1000000))});
        }
        for (String[] b : brands) {
            Theme t = Theme.of(b[0], b[1]);
            String what = b[0] + "/" + b[1] + " → " + t;
            for (String bg : List.of(t.page(), t.surface())) {
                aa(t.text(), bg, what);
                aa(t.muted(), bg, what);
                aa(t.ink(), bg, what);
                assertTrue(Contrast.ratio(t.focus(), bg) >= Contrast.UI, "focus ring on " + bg + ": " + what);
            }
            aa(t.headerFg(), t.headerBg(), what);
            aa(t.buttonFg(), t.buttonBg(), what);
            assertTrue(Contrast.ratio(t.buttonEdge(), t.surface()) >= Contrast.UI, "button edge: " + what);
        }
    }

    /** The fixed colour pairs of the sheet (notices, over-limit marks): each rule's text colour on its background. */
    @Test
    void fixedColourPairsOfTheSheetMeetAA() {
        Matcher m = Pattern.compile("\\{([^}]*)}").matcher(PageStyle.SHEET);
        int pairs = 0;
        while (m.find()) {
            Matcher bg = Pattern.compile("background:(#[0-9a-f]{6})").matcher(m.group(1));
            Matcher fg = Pattern.compile("(?<![-a-z])color:(#[0-9a-f]{6})").matcher(m.group(1));
            if (bg.find() && fg.find()) {
                aa(fg.group(1), bg.group(1), m.group());
                pairs++;
            }
        }
        assertTrue(pairs >= 4, "notices and the over-limit mark: " + pairs);
        assertFalse(PageStyle.SHEET.contains("url("), "nothing loads from the sheet");
        assertFalse(PageStyle.SHEET.contains("@import") || PageStyle.SHEET.contains("@font-face"));
    }

    private static void aa(String fg, String bg, String what) {
        double ratio = Contrast.ratio(fg, bg);
        assertTrue(ratio >= Contrast.TEXT, fg + " on " + bg + " is " + ratio + ": " + what);
    }
}
