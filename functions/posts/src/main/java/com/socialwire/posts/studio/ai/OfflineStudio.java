package com.socialwire.posts.studio.ai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.platform.Platform;
import com.socialwire.shared.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The AI tools' offline writer, used only when no model is configured ({@code llm.offline()}) and labelled
 * {@code offline: true} wherever its text shows: deterministic templates per tone and platform filled with the
 * request's subject and keywords, answering in the same JSON the model is asked for, so the same parsing, fitting
 * and metering run. It is not a language model and says so in the model name ({@code offline:template-v1}).
 */
final class OfflineStudio {

    private static final Map<String, List<String>> BY_TONE = Map.of(
            "professional", List.of(
                    "%s: what it means for your team, and how to act on it this week.",
                    "A clear look at %s, and the three questions worth asking before you decide.",
                    "We have been working on %s. Here is what we learned and what we would do next.",
                    "%s, in one sentence: start small, measure honestly, and keep what works.",
                    "If %s is on your list this quarter, this is where we would begin."),
            "casual", List.of(
                    "Okay, real talk about %s: here is what we have learned so far.",
                    "%s? Yes, we have opinions. Grab a coffee.",
                    "Quick one on %s before the weekend.",
                    "Been thinking about %s all week, so here goes.",
                    "Little update on %s from our side of things."),
            "humorous", List.of(
                    "We tried to ignore %s. It did not ignore us.",
                    "%s: easier than assembling flat-pack furniture, and fewer spare screws.",
                    "Our coffee machine has views on %s. So do we.",
                    "Plot twist: %s is the fun part.",
                    "Nobody asked, but here is our hot take on %s."),
            "inspirational", List.of(
                    "Every big step in %s starts with a small one. Take yours today.",
                    "%s is not about being perfect. It is about showing up.",
                    "What could %s look like if you started now?",
                    "The best time to begin with %s was yesterday. The next best is today.",
                    "Small wins in %s add up. Keep going."),
            "educational", List.of(
                    "Three things to know about %s, explained in under a minute.",
                    "New to %s? Start with the basics: what it is, why it matters, how to begin.",
                    "The most common mistake with %s, and how to avoid it.",
                    "%s, step by step: the short version.",
                    "A myth about %s, and what the evidence says instead."),
            "provocative", List.of(
                    "Unpopular opinion: most advice about %s is wrong. Here is why.",
                    "Stop doing %s the way everyone else does.",
                    "Is %s overrated? We think the real question is different.",
                    "Hard truth about %s: nobody talks about the boring part.",
                    "Everyone says %s is simple. It is not, and that is good news."));

    private static final Map<String, String> EMOJI = Map.of("professional", "📈", "casual", "☕", "humorous", "😄",
            "inspirational", "✨", "educational", "💡", "provocative", "🤔");

    private OfflineStudio() {
    }

    /** {@code count} captions on {@code subject} in {@code tone}: {@code [{"text","hashtags"}]}. */
    static String captions(String subject, Platform platform, String tone, boolean hashtags, boolean emojis, int count,
                           List<String> noGoTopics, int attempt) {
        String s = subject(subject);
        List<String> templates = BY_TONE.getOrDefault(tone, BY_TONE.get("professional"));
        int start = (int) Long.remainderUnsigned(stableHash(s + "\n" + platform.name() + "\n" + attempt), templates.size());
        List<String> tags = hashtags ? tags(subject, tagCount(platform), noGoTopics) : List.of();
        ArrayNode out = Json.array();
        for (int i = 0; i < count; i++) {
            String text = String.format(Locale.ROOT, templates.get((start + i) % templates.size()), s);
            text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
            if (emojis) {
                text = text + " " + EMOJI.getOrDefault(tone, "✨");
            }
            ObjectNode c = out.addObject().put("text", text);
            ArrayNode h = c.putArray("hashtags");
            tags.forEach(h::add);
        }
        return Json.write(out);
    }

    /** Hashtags from the text's keywords: {@code [{"tag","relevance"}]}. */
    static String hashtags(String text, int count, List<String> noGoTopics) {
        ArrayNode out = Json.array();
        for (Hashtags.Ranked k : Hashtags.keywords(text)) {
            if (out.size() >= count) {
                break;
            }
            if (!Hashtags.onNoGoTopic(k.tag(), noGoTopics)) {
                out.addObject().put("tag", "#" + k.tag()).put("relevance", k.relevance());
            }
        }
        return Json.write(out);
    }

    /** One version of {@code text} per platform: {@code {"versions":[{"platform","text","hashtags"}]}}. */
    static String repurpose(String text, List<Platform> targets, List<String> noGoTopics) {
        ArrayNode versions = Json.array();
        String lead = text.strip().replaceAll("\\s+", " ");
        for (Platform p : targets) {
            // short platforms get the opening (the fitting trims it to a sentence end), long ones the whole text
            ObjectNode v = versions.addObject().put("platform", p.name()).put("text", lead);
            ArrayNode h = v.putArray("hashtags");
            if (p.supportsHashtags()) {
                tags(text, tagCount(p), noGoTopics).forEach(h::add);
            }
        }
        ObjectNode out = Json.object();
        out.set("versions", versions);
        return Json.write(out);
    }

    /** A reply draft per topic: {@code [{"topic","reply","context"}]}. */
    static String replies(List<String> topics, String brand) {
        List<String> openers = List.of("Good point on %s.", "Interesting take on %s.", "This matches what we see with %s.",
                "Thanks for raising %s.");
        List<String> closers = List.of("What has worked best for you so far?", "Curious how others approach it.",
                "Happy to share what we learned if useful.", "Would love to hear more about your setup.");
        ArrayNode out = Json.array();
        for (String topic : topics) {
            long h = stableHash(topic);
            String reply = String.format(Locale.ROOT, openers.get((int) Long.remainderUnsigned(h, openers.size())), topic)
                    + " " + closers.get((int) Long.remainderUnsigned(h >>> 16, closers.size()));
            out.addObject().put("topic", topic).put("reply", reply)
                    .put("context", "Look for recent posts about " + topic + " where " + brand + " can add something useful; "
                            + "reply as a person, without links or offers.");
        }
        return Json.write(out);
    }

    /** The request's subject: its first clause, at most 60 characters cut at a word, lower-cased unless it looks like a name. */
    static String subject(String prompt) {
        String s = prompt == null ? "" : prompt.strip().replaceAll("\\s+", " ");
        int end = s.length();
        for (char c : new char[]{'.', '!', '?', ';', '\n'}) {
            int i = s.indexOf(c);
            if (i > 0 && i < end) {
                end = i;
            }
        }
        s = s.substring(0, end);
        if (s.length() > 60) {
            int space = s.lastIndexOf(' ', 60);
            s = s.substring(0, space > 10 ? space : 60);
        }
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))) {
            s = Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s.isEmpty() ? "this" : s;
    }

    private static List<String> tags(String text, int count, List<String> noGoTopics) {
        List<String> out = new ArrayList<>();
        for (Hashtags.Ranked k : Hashtags.keywords(text)) {
            if (out.size() >= count) {
                break;
            }
            if (!Hashtags.onNoGoTopic(k.tag(), noGoTopics)) {
                out.add("#" + k.tag());
            }
        }
        return out;
    }

    /** How many hashtags a caption on {@code p} carries: 1–2 on short-text networks, more where they are customary. */
    static int tagCount(Platform p) {
        return switch (p.name()) {
            case "instagram" -> 8;
            case "tiktok", "youtube", "pinterest" -> 4;
            case "linkedin", "facebook" -> 3;
            default -> 2;
        };
    }

    /** String.hashCode is fixed by the language spec: the same on every JVM, so the choice is deterministic. */
    private static long stableHash(String s) {
        return s.hashCode() & 0xffffffffL;
    }
}
