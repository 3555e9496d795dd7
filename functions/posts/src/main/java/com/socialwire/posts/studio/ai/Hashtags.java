package com.socialwire.posts.studio.ai;

import com.socialwire.shared.text.TopicMatcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a hashtag may be, once: one leading {@code #}, then letters, digits and underscores only (no spaces or
 * punctuation, not digits alone, at most {@value #MAX_TAG} characters); and the ranking of proposed tags (deduped
 * case-insensitively keeping the best relevance, no no-go topic, highest relevance first). Also the keywords of a
 * text, for the offline writer's tags.
 */
public final class Hashtags {

    static final int MAX_TAG = 60;

    private static final Set<String> STOPWORDS = Set.copyOf(List.of(
            "the", "and", "for", "with", "that", "this", "from", "your", "you", "our", "are", "was", "were", "have", "has", "had",
            "will", "would", "could", "should", "about", "into", "over", "more", "most", "than", "then", "them", "they", "their",
            "there", "what", "when", "where", "which", "while", "who", "why", "how", "all", "any", "can", "but", "not", "its",
            "it's", "also", "just", "very", "some", "such", "only", "each", "every", "been", "being", "here", "out", "get", "got",
            "make", "made", "new", "now", "one", "two", "three", "way", "ways", "we're", "you're", "let", "lets", "let's", "write",
            "post", "posts", "about", "tips", "today", "week", "this", "these", "those", "it", "is", "on", "in", "of", "to", "a",
            "an", "or", "as", "at", "by", "be", "we", "us", "my", "me", "so", "do", "if", "no", "up", "use", "see", "day", "big", "too",
            "off", "via", "yes", "his", "her", "she", "him", "may", "per", "own", "did", "ago", "far", "few", "lot", "put", "say", "set"));

    /** A tag with its relevance from 0 to 1. */
    record Ranked(String tag, double relevance) {
    }

    private Hashtags() {
    }

    /** {@code raw} as a valid tag ({@code #Word}), or null when nothing valid is left. */
    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        raw.strip().codePoints().filter(c -> Character.isLetterOrDigit(c) || c == '_').forEach(b::appendCodePoint);
        String body = b.toString();
        if (body.isEmpty() || body.chars().allMatch(Character::isDigit) || body.codePointCount(0, body.length()) > MAX_TAG) {
            return null;
        }
        return "#" + body;
    }

    /** Normalised, deduped case-insensitively (the higher relevance wins), without no-go topics, best first, at most {@code count}. */
    static List<Ranked> rank(List<Ranked> proposed, List<String> noGoTopics, int count) {
        Map<String, Ranked> best = new LinkedHashMap<>();
        for (Ranked r : proposed) {
            String tag = normalise(r.tag());
            if (tag == null || onNoGoTopic(tag, noGoTopics)) {
                continue;
            }
            double relevance = Double.isNaN(r.relevance()) ? 0 : Math.max(0, Math.min(1, r.relevance()));
            relevance = Math.round(relevance * 100) / 100.0;
            String key = tag.toLowerCase(Locale.ROOT);
            Ranked seen = best.get(key);
            if (seen == null || seen.relevance() < relevance) {
                best.put(key, new Ranked(tag, relevance));
            }
        }
        List<Ranked> out = new ArrayList<>(best.values());
        out.sort(Comparator.comparingDouble(Ranked::relevance).reversed().thenComparing(r -> r.tag().toLowerCase(Locale.ROOT)));
        return out.size() > count ? List.copyOf(out.subList(0, count)) : List.copyOf(out);
    }

    /** Whether a tag names a no-go topic, written as one word or camel-cased ("#ElectionDay" names "election"). */
    static boolean onNoGoTopic(String tag, List<String> noGoTopics) {
        String body = tag.startsWith("#") ? tag.substring(1) : tag;
        return TopicMatcher.mentionsAny(body, noGoTopics) || TopicMatcher.mentionsAny(split(body), noGoTopics);
    }

    /** "SpeedReading" as "Speed Reading", so a camel-cased tag of a no-go phrase is caught too. */
    private static String split(String tag) {
        return tag.replaceAll("(?<=\\p{Ll})(?=\\p{Lu})", " ").replace('_', ' ');
    }

    /**
     * The text's keywords, most telling first: words of three letters or more that are not stopwords, by how often
     * they occur, then by where they first occur. Each with a score from 0 to 1 (deterministic).
     */
    static List<Ranked> keywords(String text) {
        Map<String, int[]> seen = new HashMap<>(); // lower-case → {count, first index}
        Map<String, String> written = new HashMap<>();
        int index = 0;
        for (String w : (text == null ? "" : text).split("[^\\p{L}\\p{N}_']+")) {
            String word = w.replaceAll("^'+|'+$", "");
            String lower = word.toLowerCase(Locale.ROOT);
            if (word.codePointCount(0, word.length()) < 3 || STOPWORDS.contains(lower) || lower.chars().allMatch(Character::isDigit)) {
                continue;
            }
            int[] c = seen.computeIfAbsent(lower, k -> new int[]{0, Integer.MAX_VALUE});
            c[0]++;
            c[1] = Math.min(c[1], index++);
            written.putIfAbsent(lower, word.replace("'", ""));
        }
        List<String> words = new ArrayList<>(seen.keySet());
        words.sort(Comparator.<String>comparingInt(w -> -seen.get(w)[0]).thenComparingInt(w -> seen.get(w)[1]));
        List<Ranked> out = new ArrayList<>();
        int top = words.isEmpty() ? 1 : seen.get(words.get(0))[0];
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            double score = 0.95 * (0.6 * seen.get(w)[0] / top + 0.4 * (1.0 - (double) i / Math.max(1, words.size())));
            String shown = written.get(w);
            out.add(new Ranked(Character.toUpperCase(shown.charAt(0)) + shown.substring(1), Math.round(score * 100) / 100.0));
        }
        return out;
    }
}
