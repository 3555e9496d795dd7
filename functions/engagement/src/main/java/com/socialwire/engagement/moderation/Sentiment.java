package com.socialwire.engagement.moderation;

import static com.socialwire.engagement.moderation.Lexicon.Kind.NEGATIVE;
import static com.socialwire.engagement.moderation.Lexicon.Kind.POSITIVE;

import com.socialwire.shared.text.Folding;

import java.util.List;
import java.util.Set;

/** The sentiment classifier: positive, neutral or negative, and whether the text asks a question. */
record Sentiment(String value, boolean question) {

    private static final Set<String> CONTRASTS = Set.of("but", "however", "though", "although", "except");
    private static final Set<String> QUESTION_WORDS = Set.of("who", "what", "when", "where", "why", "how", "which",
            "whose", "whom", "do", "does", "did", "can", "could", "is", "are", "was", "were", "will", "would",
            "should", "shall", "am", "any", "anyone", "anybody");

    static Sentiment of(Signals s, Toxicity t) {
        return new Sentiment(sentiment(s.words(), s.hits(), t.hitToxicity(), s.surface(), t.threat()),
                s.surface().endsWithQuestion || startsWithQuestion(s.words(), s.hits()));
    }

    boolean negative() {
        return value.equals("negative");
    }

    /** Insults count as negative only when they reach the escalation level on their own ("this is trash", not
     *  "where do I put the trash?"); clearly negative ones ("sucks", "useless") are also listed as negative words. */
    private static String sentiment(List<Folding.Token> words, List<Lexicon.Hit> hits, double[] hitToxicity,
                                    Surface surface, boolean threat) {
        int contrast = -1;
        for (int i = 0; i < words.size(); i++) {
            if (CONTRASTS.contains(words.get(i).text())) {
                contrast = i;
            }
        }
        double score = 0;
        for (int i = 0; i < hits.size(); i++) {
            Lexicon.Hit h = hits.get(i);
            Lexicon.Term t = h.term();
            double polarity = switch (t.kind()) {
                case POSITIVE -> 1;
                case NEGATIVE -> -1;
                case INSULT -> hitToxicity[i] >= Moderator.ESCALATE_TOXICITY ? -1 : 0;
                default -> 0;
            };
            if (polarity == 0) {
                continue;
            }
            if (t.negatable() && Signals.within(words, h.start(), 3, Signals.NEGATORS)) {
                polarity = -polarity;
            }
            score += contrast >= 0 && h.start() > contrast ? 1.5 * polarity : polarity;
        }
        score += Math.min(2, surface.positiveEmoji) - Math.min(2, surface.negativeEmoji);
        if (threat) {
            return "negative";
        }
        return score > 0 ? "positive" : score < 0 ? "negative" : "neutral";
    }

    private static boolean startsWithQuestion(List<Folding.Token> words, List<Lexicon.Hit> hits) {
        if (words.isEmpty() || !QUESTION_WORDS.contains(words.get(0).text())) {
            return false;
        }
        if (words.size() > 1) {
            String second = words.get(1).text();
            if (second.equals("t") || second.equals("nt")) {
                return false; // "can't wait", "don't do it"
            }
            String first = words.get(0).text();
            if (first.equals("what") && (second.equals("a") || second.equals("an"))) {
                return false; // "what a day"
            }
            if (first.equals("how")) {
                for (Lexicon.Hit h : hits) {
                    if (h.start() == 1 && (h.term().kind() == POSITIVE || h.term().kind() == NEGATIVE)) {
                        return false; // "how cute"
                    }
                }
            }
        }
        return true;
    }
}
