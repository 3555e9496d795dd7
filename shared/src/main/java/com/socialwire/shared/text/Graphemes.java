package com.socialwire.shared.text;

import java.text.BreakIterator;
import java.util.Locale;

/** Counts user-perceived characters (extended grapheme clusters: an emoji with its modifiers, a flag, e + accent = 1). */
public final class Graphemes {

    private Graphemes() {
    }

    /** The number of grapheme clusters in {@code text}, as Bluesky and Mastodon count a post's length. */
    public static int count(String text) {
        BreakIterator it = BreakIterator.getCharacterInstance(Locale.ROOT);
        it.setText(text);
        int n = 0;
        it.first();
        while (it.next() != BreakIterator.DONE) {
            n++;
        }
        return n;
    }
}
