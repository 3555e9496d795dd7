package com.socialwire.shared.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one matcher for topics (a tenant's no-go topics, in incoming comments, generated replies and rewritten posts):
 * a topic matches as a whole word or phrase of the text after {@link Folding} (case, accents, fullwidth and
 * "mathematical" letters folded; simple plural and possessive forms: "Elections", "election's" match "election",
 * "selection" does not). Topics in scripts written without spaces (Chinese, Japanese, Thai...) or without letters or
 * digits (an emoji) match as substrings. Pure and thread-safe.
 */
public final class TopicMatcher {

    private TopicMatcher() {
    }

    /**
     * True if {@code text} mentions any of {@code topics}: whole words or phrases, case- and accent-insensitive, with
     * simple plural and possessive forms ("Elections", "election's" match "election"; "selection" does not). Topics in
     * scripts written without spaces (Chinese, Japanese, Thai...) or without letters (an emoji) match as substrings.
     * {@code null} or empty input gives false.
     */
    public static boolean mentionsAny(String text, List<String> topics) {
        if (text == null || topics == null || topics.isEmpty() || text.isEmpty()) {
            return false;
        }
        String compat = Folding.compat(text);
        return !matches(compat, Folding.tokenize(compat, null), topics, true).isEmpty();
    }

    /** The topics {@code text} mentions, as given, in order, without duplicates. {@code null} or empty input gives none. */
    public static List<String> matches(String text, List<String> topics) {
        if (text == null || topics == null || topics.isEmpty() || text.isEmpty()) {
            return List.of();
        }
        String compat = Folding.compat(text);
        return matches(compat, Folding.tokenize(compat, null), topics, false);
    }

    /**
     * The same for text already folded and tokenised by the caller ({@code compat} from {@link Folding#compat},
     * {@code tokens} from {@link Folding#tokenize} of it); {@code firstOnly} stops at the first topic found.
     */
    public static List<String> matches(String compat, List<Folding.Token> tokens, List<String> topics,
                                       boolean firstOnly) {
        if (topics == null || topics.isEmpty()) {
            return List.of();
        }
        List<String> found = new ArrayList<>(2);
        List<String[]> foundWords = null;
        String lower = null;
        for (String topic : topics) {
            if (topic == null || topic.isBlank()) {
                continue;
            }
            String topicCompat = Folding.compat(topic.strip());
            String[] w;
            boolean hit;
            if (needsSubstring(topicCompat)) {
                w = new String[] {topicCompat.strip().toLowerCase(Locale.ROOT)};
                if (lower == null) {
                    lower = compat.toLowerCase(Locale.ROOT);
                }
                hit = lower.contains(w[0]);
            } else {
                List<Folding.Token> tw = Folding.tokenize(topicCompat, null);
                w = new String[tw.size()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = tw.get(i).text();
                }
                hit = containsPhrase(tokens, w);
            }
            if (!hit) {
                continue;
            }
            if (foundWords == null) {
                foundWords = new ArrayList<>(2);
            }
            boolean duplicate = false; // "Election" and "elections" in one policy are one topic
            for (String[] earlier : foundWords) {
                duplicate |= samePhrase(earlier, w);
            }
            if (!duplicate) {
                foundWords.add(w);
                found.add(topic.strip());
                if (firstOnly) {
                    break;
                }
            }
        }
        return found;
    }

    private static boolean needsSubstring(String topic) {
        boolean letterOrDigit = false;
        for (int i = 0; i < topic.length(); ) {
            int cp = topic.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetterOrDigit(cp)) {
                continue;
            }
            letterOrDigit = true;
            if (cp >= 0x0E00) {
                Character.UnicodeScript s = Character.UnicodeScript.of(cp);
                if (s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                        || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.THAI
                        || s == Character.UnicodeScript.LAO || s == Character.UnicodeScript.KHMER
                        || s == Character.UnicodeScript.MYANMAR || s == Character.UnicodeScript.TIBETAN) {
                    return true;
                }
            }
        }
        return !letterOrDigit;
    }

    private static boolean samePhrase(String[] a, String[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!Folding.sameWord(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsPhrase(List<Folding.Token> tokens, String[] words) {
        int n = words.length;
        for (int i = 0; i + n <= tokens.size(); i++) {
            int j = 0;
            while (j < n && Folding.sameWord(tokens.get(i + j).text(), words[j])) {
                j++;
            }
            if (j == n) {
                return true;
            }
        }
        return false;
    }
}
