package com.socialwire.engagement.moderation;

import static com.socialwire.engagement.moderation.Lexicon.Kind.SPAM;

import com.socialwire.shared.text.Folding;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The spam classifier: the raw score (before rounding) and the signals that made it, in the order they count. */
record Spam(double raw, List<String> signals) {

    /** Money bait around a currency sign: "earn $", "make up to £..." before it, "$500 a day" after it. Both are only
     *  tried at currency signs, over a few characters. */
    private static final Pattern MONEY_BEFORE = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?:earn|earning|make|making)\\s+(?:up\\s+to\\s+)?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern MONEY_AFTER = Pattern.compile(
            "\\s?\\d[\\d,.]{0,12}\\s?k?\\s?(?:/|per|a|an|every)\\s?(?:day|week|wk|hour|hr|month)(?![\\p{L}\\p{N}])",
            Pattern.CASE_INSENSITIVE);

    static Spam of(Signals s) {
        List<String> spamSignals = new ArrayList<>(4);
        double strong = 0;
        if (s.links() > 0) {
            strong += s.links() >= 2 ? 0.55 : 0.4;
            spamSignals.add(s.links() >= 2 ? "links" : "a link");
            if (s.words().isEmpty()) {
                strong += 0.2;
            }
        }
        double promo = 0;
        Set<Lexicon.Term> seen = new HashSet<>();
        for (Lexicon.Hit h : s.hits()) {
            if (h.term().kind() == SPAM && seen.add(h.term())) {
                promo += h.term().weight();
            }
        }
        if (moneyBait(s.compat())) {
            promo += 0.4;
        }
        if (promo > 0) {
            strong += Math.min(0.8, promo);
            spamSignals.add("promotional phrases");
        }
        double weak = 0;
        int weakCount = 0;
        if (s.mentions() >= 3) {
            weak += s.mentions() >= 5 ? 0.35 : 0.2;
            weakCount++;
            spamSignals.add("many @mentions");
        }
        if (s.surface().hashtags >= 5) {
            weak += s.surface().hashtags >= 10 ? 0.3 : 0.15;
            weakCount++;
            spamSignals.add("many hashtags");
        }
        int longestRun = Math.max(s.surface().maxRun(), s.surface().maxEmojiRun);
        if (s.surface().repeated()) {
            weak += longestRun >= 8 ? 0.25 : 0.15;
            weakCount++;
            spamSignals.add("repeated characters");
        }
        if (s.surface().shouting()) {
            weak += 0.2;
            weakCount++;
            spamSignals.add("all caps");
        }
        if (duplicatedWords(s.words())) {
            weak += 0.25;
            weakCount++;
            spamSignals.add("duplicated words");
        }
        double spamRaw = strong + weak;
        if (strong == 0 && weakCount < 4) {
            spamRaw = Math.min(spamRaw, 0.55);
        }
        return new Spam(spamRaw, spamSignals);
    }

    private static boolean moneyBait(String s) {
        Matcher before = null;
        Matcher after = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '$' && c != '\u20AC' && c != '\u00A3') {
                continue;
            }
            if (before == null) {
                before = MONEY_BEFORE.matcher(s).useTransparentBounds(true);
                after = MONEY_AFTER.matcher(s).useTransparentBounds(true);
            }
            before.region(Math.max(0, i - 24), i);
            after.region(i + 1, s.length());
            if (before.find() || after.lookingAt()) {
                return true;
            }
        }
        return false;
    }

    /** "buy buy buy", or at least 8 words of which fewer than half are distinct. */
    private static boolean duplicatedWords(List<Folding.Token> words) {
        int run = 1;
        for (int i = 1; i < words.size(); i++) {
            run = words.get(i).text().equals(words.get(i - 1).text()) ? run + 1 : 1;
            if (run >= 3) {
                return true;
            }
        }
        if (words.size() < 8) {
            return false;
        }
        Set<String> distinct = new HashSet<>();
        for (Folding.Token t : words) {
            distinct.add(t.text());
        }
        return distinct.size() * 2 < words.size();
    }
}
