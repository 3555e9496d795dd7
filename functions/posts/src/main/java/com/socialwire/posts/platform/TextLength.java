package com.socialwire.posts.platform;

import com.socialwire.shared.text.Graphemes;

import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures a text the way a platform does ({@link Platform.Counting}), with every {@code http(s)://} URL counting
 * {@link Platform#urlCharacters()} where the platform shortens links. A URL runs to the next blank; trailing
 * punctuation (any of <code>.,;:!?'")]&#125;&gt;</code>) is not part of it, as on X. Bare domains ({@code example.com}) count as written
 * (X would count them as 23 too; they are rare in agency copy). Package-private: use {@link ContentCheck#length}.
 */
final class TextLength {

    private static final Pattern URL = Pattern.compile("(?i)\\bhttps?://\\S+");
    private static final String TRAILING = ".,;:!?'\")]}>";

    private TextLength() {
    }

    static int of(Platform p, String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        String s = p.counting() == Platform.Counting.WEIGHTED ? Normalizer.normalize(text, Normalizer.Form.NFC) : text;
        if (p.urlCharacters() == null) {
            return plain(p.counting(), s);
        }
        int total = 0;
        int from = 0;
        Matcher m = URL.matcher(s);
        while (m.find()) {
            int end = m.end();
            while (end > m.start() && TRAILING.indexOf(s.charAt(end - 1)) >= 0) {
                end--;
            }
            if (end <= s.indexOf("://", m.start()) + 3) {
                continue; // "http://" alone, or only punctuation after it: not a link
            }
            total += plain(p.counting(), s.substring(from, m.start())) + p.urlCharacters();
            from = end;
        }
        return total + plain(p.counting(), s.substring(from));
    }

    private static int plain(Platform.Counting counting, String s) {
        return switch (counting) {
            case CHARACTERS -> s.codePointCount(0, s.length());
            case GRAPHEMES -> graphemes(s);
            case WEIGHTED -> weighted(s);
        };
    }

    private static int graphemes(String s) {
        return Graphemes.count(s);
    }

    /**
     * X's count (twitter-text v3): code points in 0–4351, 8192–8205, 8208–8223 and 8242–8247 weigh 1, all others 2;
     * an emoji sequence (several code points joined by ZWJ, a variation selector or a keycap, or led by a weight-2 code
     * point) weighs 2 as a whole.
     */
    private static int weighted(String s) {
        BreakIterator it = BreakIterator.getCharacterInstance(Locale.ROOT);
        it.setText(s);
        int total = 0;
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            int first = s.codePointAt(start);
            int count = s.codePointCount(start, end);
            if (count > 1 && (weight(first) == 2 || containsJoiner(s, start, end))) {
                total += 2;
                continue;
            }
            for (int i = start; i < end; ) {
                int cp = s.codePointAt(i);
                total += weight(cp);
                i += Character.charCount(cp);
            }
        }
        return total;
    }

    private static boolean containsJoiner(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '\u200D' || c == '\uFE0F' || c == '\u20E3') {
                return true;
            }
        }
        return false;
    }

    private static int weight(int cp) {
        boolean light = cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223)
                || (cp >= 8242 && cp <= 8247);
        return light ? 1 : 2;
    }
}
