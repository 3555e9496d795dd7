package com.socialwire.posts.regen;

import com.socialwire.shared.providers.llm.LlmResult;
import com.socialwire.shared.providers.llm.PriceTable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The offline, deterministic post rewriter used when no model is configured (labelled
 * {@code offlineGenerator: true} wherever its text shows). It applies what reviewers commonly
 * ask for — a more professional tone (no emoji, no exclamation marks, no slang), shorter text,
 * fewer hashtags — and otherwise restructures the post so the reviewer sees a real change. It is
 * not a language model and says so.
 */
final class OfflineRewriter {

    private static final Pattern EMOJI = Pattern.compile("[\\x{1F000}-\\x{1FAFF}\\x{2600}-\\x{27BF}\\x{FE0F}]");
    private static final Pattern HASHTAG = Pattern.compile("(^|\\s)#\\w+");
    private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?])\\s+");

    private OfflineRewriter() {
    }

    static LlmResult rewrite(String text, List<String> feedback, int max) {
        String wanted = String.join(" ", feedback).toLowerCase(Locale.ROOT);
        String t = text == null ? "" : text.strip();
        if (containsAny(wanted, "professional", "formal", "tone", "casual", "serious", "emoji")) {
            t = EMOJI.matcher(t).replaceAll("");
            t = t.replace("!", ".").replaceAll("(?i)\\bgonna\\b", "going to").replaceAll("(?i)\\bwanna\\b", "want to")
                    .replaceAll("(?i)\\b(super|totally|awesome)\\b ?", "");
        }
        if (containsAny(wanted, "hashtag")) {
            t = HASHTAG.matcher(t).replaceAll(" ");
        }
        List<String> sentences = new ArrayList<>(List.of(SENTENCE.split(t.strip())));
        if (containsAny(wanted, "shorter", "too long", "concise", "brief", "long")) {
            sentences = sentences.subList(0, Math.max(1, (sentences.size() + 1) / 2));
        } else if (sentences.size() > 1) {
            // lead with the last point (often the call to action), then the rest
            sentences.add(0, sentences.remove(sentences.size() - 1));
        }
        sentences.replaceAll(OfflineRewriter::capitalize);
        String out = String.join(" ", sentences).replaceAll("\\s{2,}", " ").replaceAll("\\.{2,}", ".").strip();
        if (out.equals(text == null ? "" : text.strip())) {
            out = "Revised: " + out;
        }
        if (out.length() > max) {
            out = out.substring(0, max).strip();
        }
        int in = (text == null ? 0 : text.length()) / 4 + 32;
        return new LlmResult.Ok(out, PriceTable.OFFLINE_MODEL, in, out.length() / 4 + 1, BigDecimal.ZERO);
    }

    private static String capitalize(String sentence) {
        String t = sentence.strip();
        return t.isEmpty() ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }

    private static boolean containsAny(String s, String... words) {
        for (String w : words) {
            if (s.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
