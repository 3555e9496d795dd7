package com.socialwire.engagement.moderation;

import com.socialwire.shared.text.Folding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A word and phrase list matched over tokens (see {@link Folding#variants} for the forms a token may take).
 * Built once in a static initialiser and only read afterwards, so it is safe to share between threads.
 * Package-private.
 */
final class Lexicon {

    enum Kind { SPAM, INSULT, NSFW, POSITIVE, NEGATIVE }

    /** {@code negatable}: a negation just before it ("not good", "no complaints") turns its meaning round. */
    record Term(String label, String[] words, Kind kind, double weight, boolean negatable) {
    }

    /** A term found at tokens [start, end). */
    record Hit(Term term, int start, int end) {
    }

    private final Map<String, List<Term>> byFirstWord = new HashMap<>();

    Lexicon add(Kind kind, double weight, boolean negatable, String... phrases) {
        for (String phrase : phrases) {
            List<Folding.Token> tokens = Folding.tokenize(Folding.compat(phrase), null);
            if (tokens.isEmpty()) {
                throw new IllegalArgumentException("no words in lexicon entry: " + phrase);
            }
            String[] words = new String[tokens.size()];
            for (int i = 0; i < words.length; i++) {
                words[i] = tokens.get(i).text();
            }
            byFirstWord.computeIfAbsent(words[0], k -> new ArrayList<>(2))
                    .add(new Term(phrase, words, kind, weight, negatable));
        }
        return this;
    }

    /**
     * Scans left to right taking the longest term at each position (every term of that length, so a word listed
     * under two kinds counts for both), then continues after it. Terms are written in base form; the first word may
     * match any variant of the token, later words too.
     */
    List<Hit> match(List<String[]> variants) {
        List<Hit> hits = new ArrayList<>();
        int n = variants.size();
        int i = 0;
        while (i < n) {
            int best = 0;
            int firstOfPosition = hits.size();
            for (String v : variants.get(i)) {
                List<Term> terms = byFirstWord.get(v);
                if (terms == null) {
                    continue;
                }
                for (Term t : terms) {
                    int len = t.words().length;
                    if (len < best || i + len > n || !restMatches(t, variants, i)) {
                        continue;
                    }
                    if (len > best) {
                        while (hits.size() > firstOfPosition) {
                            hits.remove(hits.size() - 1);
                        }
                        best = len;
                    }
                    hits.add(new Hit(t, i, i + len));
                }
            }
            i += best == 0 ? 1 : best;
        }
        return hits;
    }

    private static boolean restMatches(Term t, List<String[]> variants, int at) {
        String[] words = t.words();
        for (int j = 1; j < words.length; j++) {
            if (!Folding.contains(variants.get(at + j), words[j])) {
                return false;
            }
        }
        return true;
    }
}
