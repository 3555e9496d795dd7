package com.socialwire.engagement.moderation;

import static com.socialwire.engagement.moderation.Lexicon.Kind.INSULT;
import static com.socialwire.engagement.moderation.Lexicon.Kind.NSFW;

import com.socialwire.shared.text.Folding;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The toxicity and NSFW classifier: raw scores (before rounding), whether a threat was found, and each word-list
 * hit's own toxicity (the sentiment classifier counts an insult as negative only at the escalation level).
 */
record Toxicity(boolean threat, double toxRaw, double nsfwRaw, double[] hitToxicity) {

    private static final Set<String> INTENSIFIERS = Set.of("so", "very", "really", "such", "total", "totally",
            "complete", "completely", "absolute", "absolutely", "utter", "utterly", "fucking", "freaking", "effing",
            "bloody", "super", "extremely", "incredibly", "biggest", "truly", "most");
    private static final Set<String> TARGETS = Set.of("you", "u", "ya", "youre", "ur", "yall");
    private static final Set<String> COPULAS = Set.of("is", "are", "was", "were", "s", "re", "be", "been",
            "being", "am", "m");

    /** Threats, matched on the lower-cased words joined by single spaces. */
    private static final Pattern THREAT = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?:"
                    + "kill (?:your ?self|yourselves|urself|ur self|yoself|yo self|u self)"
                    + "|kys"
                    + "|(?:hope|wish) (?:you|u|ya) (?:die|dies|get killed|burn|rot)"
                    + "|go die|die in a fire"
                    + "|(?:i will|i ll|ill|i m gonna|im gonna|i am gonna|gonna|i m going to|im going to"
                    + "|i am going to|going to|imma|i ma|i d|i would|we will|we ll|we re gonna|we are gonna)"
                    + " (?:kill|hurt|shoot|stab|murder) (?:you|u|ya|your|ur|y all|yall|all of you)"
                    + "|(?:i|we) know where (?:you|u) live"
                    + "|watch your back"
                    + "|(?:bomb|burn down|shoot up) (?:your|ur|the|this) (?:store|shop|place|restaurant"
                    + "|office|house|building|bakery|cafe)"
                    + "|burn (?:your|ur|the|this) (?:store|shop|place|restaurant|office|house|building|bakery|cafe)"
                    + " down"
                    + ")(?![\\p{L}\\p{N}])");

    /** Every threat pattern contains one of these words; the pattern only runs when one is present. */
    private static final Set<String> THREAT_WORDS = Set.of("kill", "kys", "die", "dies", "killed", "burn", "rot",
            "hurt", "shoot", "stab", "murder", "live", "back", "bomb");

    static Toxicity of(Signals s) {
        boolean threat = threat(s.words());
        double toxRaw = 0;
        double nsfwRaw = 0;
        double[] hitToxicity = new double[s.hits().size()];
        for (int i = 0; i < s.hits().size(); i++) {
            Lexicon.Hit h = s.hits().get(i);
            Lexicon.Term t = h.term();
            if (t.kind() == NSFW) {
                nsfwRaw += t.weight();
            } else if (t.kind() == INSULT) {
                double w = t.weight();
                if (Signals.within(s.words(), h.start(), 3, Signals.NEGATORS)) {
                    w *= 0.5;
                } else {
                    if (Signals.within(s.words(), h.start(), 2, INTENSIFIERS)) {
                        w += 0.15;
                    }
                    if (Signals.within(s.words(), h.start(), 4, TARGETS)) {
                        w += 0.15;
                    }
                    if (Signals.within(s.words(), h.start(), 3, COPULAS)) {
                        w += 0.15;
                    }
                    if (shouted(s.words(), h)) {
                        w += 0.1;
                    }
                }
                hitToxicity[i] = w;
                toxRaw += w;
            }
        }
        if (threat) {
            toxRaw = 1;
        }
        return new Toxicity(threat, toxRaw, nsfwRaw, hitToxicity);
    }

    private static boolean shouted(List<Folding.Token> words, Lexicon.Hit h) {
        for (int i = h.start(); i < h.end(); i++) {
            if (words.get(i).shouted()) {
                return true;
            }
        }
        return false;
    }

    /** Runs the threat pattern only around the words every threat contains (6 words before to 4 after). */
    private static boolean threat(List<Folding.Token> words) {
        StringBuilder joined = null;
        int[] offsets = null;
        Matcher m = null;
        for (int i = 0; i < words.size(); i++) {
            if (!THREAT_WORDS.contains(words.get(i).text())) {
                continue;
            }
            if (joined == null) {
                joined = new StringBuilder();
                offsets = new int[words.size() + 1];
                for (int k = 0; k < words.size(); k++) {
                    if (k > 0) {
                        joined.append(' ');
                    }
                    offsets[k] = joined.length();
                    joined.append(words.get(k).text());
                }
                offsets[words.size()] = joined.length() + 1;
                m = THREAT.matcher(joined).useTransparentBounds(true);
            }
            int from = offsets[Math.max(0, i - 6)];
            int to = offsets[Math.min(words.size(), i + 5)] - 1;
            m.region(from, to);
            if (m.find()) {
                return true;
            }
        }
        return false;
    }
}
