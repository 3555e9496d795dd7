package com.socialwire.posts.studio.ai;

import com.socialwire.posts.platform.ContentCheck;
import com.socialwire.posts.platform.Platform;
import com.socialwire.shared.text.TopicMatcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a model's caption fit one platform, by the platform's own constraint check ({@link ContentCheck}, the check a
 * post gets): hashtags normalised and appended as a post's are, then — if the text is too long or has too many
 * hashtags — the trailing hashtags dropped one by one, then the text cut at the last sentence end that fits (or, when
 * that would leave less than half of what a word cut keeps, at a word boundary with an ellipsis). A caption that is
 * empty or mentions a no-go topic cannot be made to fit: the caller asks the model again. Media are not part of a
 * caption: a media-first platform's "needs an image" is not a text finding.
 */
public final class CaptionFit {

    /** The findings a caption's text can have; the rest (media, title, threads) belong to the post it goes into. */
    static final Set<String> TEXT_FINDINGS = Set.of(ContentCheck.TEXT_TOO_LONG, ContentCheck.EMPTY_TEXT, ContentCheck.TOO_MANY_HASHTAGS);

    private static final Pattern TRAILING_TAG = Pattern.compile("\\s*#[\\p{L}\\p{N}_]+\\s*$");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?…](?=\\s|$)|\\n");
    private static final String ELLIPSIS = "…";
    /** Emoji (pictographs, skin tones, joiners, presentation selectors, keycaps); ©, ® and ™ are text. */
    private static final Pattern EMOJI = Pattern.compile(
            "[[\\p{IsExtended_Pictographic}\\p{IsEmoji_Modifier}\\x{FE0F}\\x{200D}\\x{20E3}]&&[^\\x{00A9}\\x{00AE}\\x{2122}]]");

    /** A caption that passes the platform's check: its text as published (hashtags appended), the tags in it, its length. */
    public record Fitted(String text, List<String> hashtags, int characters, boolean trimmed) {

        Map<String, Object> toMap(Platform p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("text", text);
            m.put("characters", characters);
            m.put("maxCharacters", p.maxCharacters());
            m.put("hashtags", hashtags);
            m.put("trimmed", trimmed);
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("passes", true);
            check.put("platform", p.name());
            check.put("counting", p.counting().json());
            if (p.requiresMedia()) {
                check.put("note", p.name() + " also needs media on the post this caption goes into");
            }
            m.put("check", check);
            return m;
        }
    }

    /** Why a caption could not be made to fit. */
    public enum Refusal { EMPTY, NO_GO_TOPIC, DOES_NOT_FIT }

    /** A fitted caption, or why not. */
    public record Result(Fitted fitted, Refusal refusal) {
        public boolean fits() {
            return fitted != null;
        }
    }

    private CaptionFit() {
    }

    /**
     * The one fitter of the studio: AI tools' captions and repurposed versions, content jobs' captions, calendar
     * drafts and repurposed versions all fit their platform here.
     */
    public static Result fit(Platform p, String rawText, List<String> rawTags, List<String> noGoTopics) {
        String body = clean(rawText);
        List<String> tags = new ArrayList<>();
        if (p.supportsHashtags()) {
            for (String raw : rawTags) {
                String tag = Hashtags.normalise(raw);
                if (tag != null && tags.stream().noneMatch(t -> t.equalsIgnoreCase(tag))) {
                    tags.add(tag);
                }
            }
        }
        if (body.isBlank() && !p.allowsEmptyText()) {
            return new Result(null, Refusal.EMPTY);
        }
        if (TopicMatcher.mentionsAny(body, noGoTopics) || tags.stream().anyMatch(t -> Hashtags.onNoGoTopic(t, noGoTopics))) {
            return new Result(null, Refusal.NO_GO_TOPIC);
        }
        boolean trimmed = false;
        List<String> findings = findings(p, body, tags);
        while (!findings.isEmpty() && !tags.isEmpty() && !findings.contains(ContentCheck.EMPTY_TEXT)) {
            tags.remove(tags.size() - 1);
            trimmed = true;
            findings = findings(p, body, tags);
        }
        while (findings.contains(ContentCheck.TOO_MANY_HASHTAGS)) {
            Matcher m = TRAILING_TAG.matcher(body);
            if (!m.find()) {
                return new Result(null, Refusal.DOES_NOT_FIT);
            }
            body = body.substring(0, m.start());
            trimmed = true;
            findings = findings(p, body, tags);
        }
        if (findings.contains(ContentCheck.TEXT_TOO_LONG)) {
            body = cut(p, body, tags);
            trimmed = true;
            findings = findings(p, body, tags);
        }
        if (!findings.isEmpty() || (body.isBlank() && !p.allowsEmptyText())) {
            return new Result(null, findings.contains(ContentCheck.EMPTY_TEXT) || body.isBlank() ? Refusal.EMPTY : Refusal.DOES_NOT_FIT);
        }
        String published = ContentCheck.compose(draft(body, tags), p);
        List<String> inText = new ArrayList<>();
        Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}_#&])#[\\p{L}\\p{N}_]+").matcher(published);
        while (m.find()) {
            if (inText.stream().noneMatch(m.group()::equalsIgnoreCase)) {
                inText.add(m.group());
            }
        }
        return new Result(new Fitted(published, List.copyOf(inText), ContentCheck.length(p, published), trimmed), null);
    }

    /** The text findings of {@code body} with {@code tags} on {@code p}: empty when it passes. */
    static List<String> findings(Platform p, String body, List<String> tags) {
        List<String> out = new ArrayList<>();
        for (ContentCheck.Violation v : ContentCheck.check(draft(body, tags), List.of(p.name()))) {
            if (TEXT_FINDINGS.contains(v.code())) {
                out.add(v.code());
            }
        }
        return out;
    }

    private static ContentCheck.Draft draft(String body, List<String> tags) {
        return new ContentCheck.Draft(body, null, tags, null, null);
    }

    /** The longest sentence-end prefix that fits, else the longest word-boundary prefix with an ellipsis. */
    private static String cut(Platform p, String body, List<String> tags) {
        String sentences = null;
        Matcher m = SENTENCE_END.matcher(body);
        while (m.find()) {
            String prefix = body.substring(0, m.end()).strip();
            if (!prefix.isEmpty() && findings(p, prefix, tags).isEmpty()) {
                sentences = prefix;
            } else if (!prefix.isEmpty()) {
                break; // a longer prefix is longer still
            }
        }
        String words = wordCut(p, body, tags);
        if (sentences != null && (words == null || sentences.length() * 2 >= words.length())) {
            return sentences;
        }
        return words == null ? "" : words;
    }

    /** Binary search over word boundaries for the longest prefix (punctuation trimmed, an ellipsis added) that fits. */
    private static String wordCut(Platform p, String body, List<String> tags) {
        List<Integer> ends = new ArrayList<>();
        for (int i = 1; i < body.length(); i++) {
            if (Character.isWhitespace(body.charAt(i)) && !Character.isWhitespace(body.charAt(i - 1))) {
                ends.add(i);
            }
        }
        String best = null;
        int lo = 0;
        int hi = ends.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            String candidate = withEllipsis(body.substring(0, ends.get(mid)));
            if (findings(p, candidate, tags).isEmpty()) {
                best = candidate;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    private static String withEllipsis(String prefix) {
        String t = prefix.stripTrailing();
        while (!t.isEmpty() && ",;:-–—(\"'".indexOf(t.charAt(t.length() - 1)) >= 0) {
            t = t.substring(0, t.length() - 1).stripTrailing();
        }
        return t + ELLIPSIS;
    }

    /** {@code text} without its emoji, blanks they leave collapsed (the caller asked for none). */
    static String withoutEmoji(String text) {
        return text == null ? null : EMOJI.matcher(text).replaceAll("").replaceAll("[ \\t]{2,}", " ").replaceAll(" +([.,!?])", "$1").strip();
    }

    /** A caption as a model writes it, tidied: surrounding quotes off, blanks stripped. */
    static String clean(String text) {
        String t = text == null ? "" : text.strip();
        if (t.length() > 1 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("“") && t.endsWith("”"))) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t.toLowerCase(Locale.ROOT).startsWith("caption:") ? t.substring(8).strip() : t;
    }
}
