package com.socialwire.reads.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.reads.model.InstagramComment;
import com.socialwire.shared.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline parse: what answers, in every mode's schema, when no language model is configured (locally, in tests).
 * Deterministic keyword rules over the same data and sample the model would read — labelled as offline by
 * {@link LlmParser}, never passed off as a model's reading.
 */
final class OfflineParse {

    private static final Set<String> POSITIVE = Set.of("love", "loved", "amazing", "awesome", "great", "beautiful", "best", "perfect",
            "wow", "nice", "stunning", "incredible", "fantastic", "excellent", "thanks", "thank", "delicious", "brilliant", "lovely",
            "yes", "good", "cool", "favorite", "favourite", "obsessed", "helpful", "congrats");
    private static final Set<String> NEGATIVE = Set.of("hate", "bad", "worst", "terrible", "awful", "scam", "fake", "broken", "disappointed",
            "expensive", "overpriced", "boring", "ugly", "wrong", "poor", "useless", "refund", "never", "no", "not", "lie", "cringe");
    private static final List<String> POSITIVE_SYMBOLS = List.of("❤", "😍", "🔥", "👏", "🙌", "💯", "🥰", "😻", "✨", "💖");
    private static final Set<String> STOP = Set.of("the", "and", "for", "you", "this", "that", "with", "are", "was", "have", "your", "but",
            "not", "all", "can", "just", "what", "how", "when", "where", "who", "why", "its", "it's", "from", "they", "them", "our", "out",
            "get", "got", "one", "more", "too", "very", "really", "would", "could", "does", "did", "yes", "about", "there", "here", "like");
    private static final Map<String, List<String>> OBJECTIONS = objections();
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");
    private static final Pattern MENTION = Pattern.compile("@([\\w.]{2,30})");
    private static final Pattern CAPITALIZED = Pattern.compile("\\b(\\p{Lu}\\p{Ll}{2,}(?:\\s\\p{Lu}\\p{Ll}{2,})*)");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]\\s*$");
    private static final Pattern CTA = Pattern.compile("(?i)\\b(link in bio|shop|buy|order|comment|follow|save|share|tap|dm|sign up|subscribe|book)\\b");

    private OfflineParse() {
    }

    static ObjectNode answer(ParsePrompt p) {
        List<InstagramComment> comments = new ArrayList<>();
        for (CommentSample.Entry e : p.sample().comments()) {
            comments.add(e.comment());
        }
        if (p.mode().kind().equals(ParseModes.MEDIA)) {
            return media(p.mode().name(), p.data().path("media"), comments);
        }
        return switch (p.mode().name()) {
            case "themes" -> themes(comments);
            case "sentiment" -> sentiment(comments);
            case "json" -> commentsJson(comments);
            case "questions" -> questions(comments);
            case "objections" -> objectionsOf(comments);
            case "consensus" -> consensus(comments);
            case "notable_replies" -> notableReplies(comments);
            case "spam_low_signal" -> spam(p.sample());
            case "entities" -> entities(comments);
            default -> throw new IllegalArgumentException("no offline parse for " + p.mode().name());
        };
    }

    // ---- media

    private static ObjectNode media(String mode, JsonNode m, List<InstagramComment> comments) {
        String caption = m.path("caption").asText("");
        String first = firstSentence(caption);
        String type = m.path("type").asText("post");
        String who = m.path("owner").path("username").asText("");
        String transcript = m.path("transcript").path("text").asText("");
        String reaction = comments.isEmpty() ? "unknown" : overall(counts(comments), true);
        ObjectNode out = Json.object();
        switch (mode) {
            case "tldr" -> out.put("tldr", clip("[offline] " + (first.isEmpty() ? "A " + type + " without a caption." : first), 280));
            case "summary" -> {
                StringBuilder s = new StringBuilder("[offline] A ").append(type).append(who.isEmpty() ? "" : " by @" + who).append(". ");
                s.append(first.isEmpty() ? "It has no caption." : "Caption: " + clip(first, 300));
                if (!transcript.isEmpty()) {
                    s.append(" Transcript opens: ").append(clip(firstSentence(transcript), 200));
                }
                if (!comments.isEmpty()) {
                    s.append(" ").append(comments.size()).append(" sampled comments read as ").append(reaction).append('.');
                }
                out.put("summary", clip(s.toString(), 1200));
                ArrayNode points = out.putArray("keyPoints");
                if (!m.path("hashtags").isEmpty()) {
                    points.add(clip("Hashtags: " + join(m.path("hashtags"), "#"), 300));
                }
                if (!m.path("mentions").isEmpty()) {
                    points.add(clip("Mentions: " + join(m.path("mentions"), "@"), 300));
                }
                out.put("audienceReaction", reaction);
                quotes(out.putArray("commentQuotes"), comments, 2);
            }
            case "json" -> {
                String hashtag = "";
                for (JsonNode h : m.path("hashtags")) {
                    hashtag = hashtag.isBlank() ? h.asText("") : hashtag;
                }
                out.put("topic", clip(!hashtag.isBlank() ? hashtag : !first.isEmpty() ? first : type, 200));
                out.put("contentFormat", "other");
                out.put("tone", CTA.matcher(caption).find() ? "promotional" : "other");
                ArrayNode cta = out.putArray("callsToAction");
                for (String sentence : caption.split("(?<=[.!?])\\s+|\\n")) {
                    if (cta.size() < 5 && CTA.matcher(sentence).find() && !sentence.isBlank()) {
                        cta.add(clip(sentence.strip(), 200));
                    }
                }
                out.putArray("products");
                ArrayNode named = out.putArray("namedEntities");
                for (JsonNode mention : m.path("mentions")) {
                    if (named.size() < 15) {
                        named.add(clip("@" + mention.asText(), 120));
                    }
                }
                out.put("audienceReaction", reaction);
                quotes(out.putArray("commentQuotes"), comments, 2);
            }
            default -> throw new IllegalArgumentException("no offline parse for " + mode);
        }
        return out;
    }

    private static void quotes(ArrayNode into, List<InstagramComment> comments, int max) {
        for (InstagramComment c : comments) {
            if (into.size() == max) {
                break;
            }
            String quote = clipWords(c.text(), 200);
            if (!quote.isEmpty()) {
                into.addObject().put("commentId", c.id()).put("quote", quote);
            }
        }
    }

    // ---- comments

    private static ObjectNode themes(List<InstagramComment> comments) {
        Map<String, List<String>> byWord = new LinkedHashMap<>();
        for (InstagramComment c : comments) {
            for (String w : Set.copyOf(words(c.text()))) {
                if (w.length() > 3 && !STOP.contains(w)) {
                    byWord.computeIfAbsent(w, k -> new ArrayList<>()).add(c.id());
                }
            }
        }
        List<Map.Entry<String, List<String>>> ranked = new ArrayList<>(byWord.entrySet());
        ranked.removeIf(e -> e.getValue().size() < 2);
        ranked.sort(Map.Entry.<String, List<String>>comparingByValue((a, b) -> b.size() - a.size()).thenComparing(Map.Entry.comparingByKey()));
        ObjectNode out = Json.object();
        ArrayNode themes = out.putArray("themes");
        for (Map.Entry<String, List<String>> e : ranked.subList(0, Math.min(5, ranked.size()))) {
            ObjectNode t = themes.addObject();
            t.put("name", clip(e.getKey(), 80));
            t.put("description", e.getValue().size() + " sampled comments mention \"" + clip(e.getKey(), 60) + "\"");
            ids(t.putArray("commentIds"), e.getValue(), 10);
        }
        return out;
    }

    private static ObjectNode sentiment(List<InstagramComment> comments) {
        Map<String, List<String>> counts = counts(comments);
        ObjectNode out = Json.object();
        ObjectNode d = out.putObject("distribution");
        ObjectNode examples = Json.object();
        for (String s : List.of("positive", "neutral", "negative")) {
            d.put(s, counts.get(s).size());
            ids(examples.putArray(s), counts.get(s), 3);
        }
        out.put("overall", overall(counts, false));
        out.putArray("caveats").add("keyword and emoji counts, not a reading of tone: sarcasm and context are missed")
                .add("a sample of " + comments.size() + " comments");
        out.set("examples", examples);
        return out;
    }

    private static ObjectNode commentsJson(List<InstagramComment> comments) {
        Map<String, List<String>> counts = counts(comments);
        ObjectNode out = Json.object();
        out.put("overview", comments.size() + " sampled comments: " + counts.get("positive").size() + " positive, "
                + counts.get("neutral").size() + " neutral, " + counts.get("negative").size() + " negative by keyword.");
        ArrayNode topics = out.putArray("topics");
        for (JsonNode t : themes(comments).path("themes")) {
            topics.add(t.path("name").asText());
        }
        out.put("overallSentiment", overall(counts, false));
        ArrayNode asked = out.putArray("questions");
        for (JsonNode q : questions(comments).path("questions")) {
            if (asked.size() < 10) {
                asked.addObject().put("point", q.path("question").asText()).set("commentIds", q.path("commentIds"));
            }
        }
        ArrayNode requests = out.putArray("requests");
        for (InstagramComment c : comments) {
            String lower = lower(c.text());
            if (requests.size() < 10 && (lower.contains("please") || lower.contains("can you") || lower.contains("pls") || lower.contains("wish"))) {
                requests.addObject().put("point", clipWords(c.text(), 300)).putArray("commentIds").add(c.id());
            }
        }
        ids(out.putArray("notableCommentIds"), comments.stream().map(InstagramComment::id).toList(), 5);
        return out;
    }

    private static ObjectNode questions(List<InstagramComment> comments) {
        ObjectNode out = Json.object();
        ArrayNode qs = out.putArray("questions");
        for (InstagramComment c : comments) {
            if (qs.size() < 15 && c.text() != null && c.text().contains("?")) {
                ObjectNode q = qs.addObject().put("question", clipWords(c.text(), 300));
                q.putArray("commentIds").add(c.id());
            }
        }
        out.putArray("unclearPoints");
        return out;
    }

    private static ObjectNode objectionsOf(List<InstagramComment> comments) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (InstagramComment c : comments) {
            String lower = lower(c.text());
            for (Map.Entry<String, List<String>> o : OBJECTIONS.entrySet()) {
                if (o.getValue().stream().anyMatch(lower::contains)) {
                    found.computeIfAbsent(o.getKey(), k -> new ArrayList<>()).add(c.id());
                    break;
                }
            }
        }
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("objections");
        for (Map.Entry<String, List<String>> e : found.entrySet()) {
            ObjectNode o = list.addObject().put("category", e.getKey())
                    .put("summary", e.getValue().size() + " sampled comments raise " + e.getKey() + " concerns (keyword match)");
            ids(o.putArray("commentIds"), e.getValue(), 10);
        }
        return out;
    }

    private static ObjectNode consensus(List<InstagramComment> comments) {
        Map<String, List<String>> counts = counts(comments);
        ObjectNode out = Json.object();
        ArrayNode agree = out.putArray("agreements");
        ArrayNode disagree = out.putArray("disagreements");
        List<String> pos = counts.get("positive");
        List<String> neg = counts.get("negative");
        if (!pos.isEmpty() && pos.size() * 2 > comments.size()) {
            ObjectNode a = agree.addObject().put("point", "Most sampled comments are positive (" + pos.size() + " of " + comments.size() + ")");
            ids(a.putArray("commentIds"), pos, 10);
        }
        if (!pos.isEmpty() && !neg.isEmpty()) {
            ObjectNode d = disagree.addObject().put("point", neg.size() + " sampled comments are negative against " + pos.size() + " positive");
            ids(d.putArray("commentIds"), neg, 10);
        }
        return out;
    }

    private static ObjectNode notableReplies(List<InstagramComment> comments) {
        ObjectNode out = Json.object();
        ArrayNode replies = out.putArray("replies");
        for (InstagramComment c : comments) {
            if (replies.size() < 5 && c.parentId() != null) {
                replies.addObject().put("commentId", c.id())
                        .put("why", "among the most liked replies of the sample (" + (c.likeCount() == null ? 0 : c.likeCount()) + " likes)");
            }
        }
        return out;
    }

    private static ObjectNode spam(CommentSample sample) {
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (CommentSample.Entry e : sample.comments()) {
            if (e.lowSignal() != null) {
                byKind.computeIfAbsent(e.lowSignal(), k -> new ArrayList<>()).add(e.comment().id());
            }
        }
        ObjectNode out = Json.object();
        ArrayNode patterns = out.putArray("patterns");
        int flagged = 0;
        for (String kind : CommentSample.LOW_SIGNAL) {
            List<String> ids = byKind.get(kind);
            if (ids != null) {
                flagged += ids.size();
                ObjectNode p = patterns.addObject().put("pattern", kind)
                        .put("description", ids.size() + " sampled comments are " + kind.replace('_', ' ') + " (filter rule)");
                ids(p.putArray("commentIds"), ids, 20);
            }
        }
        out.put("lowSignalShare", sample.size() == 0 ? 0.0 : Math.round(1000.0 * flagged / sample.size()) / 1000.0);
        return out;
    }

    private static ObjectNode entities(List<InstagramComment> comments) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (InstagramComment c : comments) {
            String text = c.text() == null ? "" : c.text();
            Matcher m = MENTION.matcher(text);
            while (m.find()) {
                add(found, types, "@" + m.group(1), "person", c.id());
            }
            Matcher cap = CAPITALIZED.matcher(text);
            while (cap.find()) {
                // a lone capitalized word opening a sentence is just grammar; a name of two words or more is a name anywhere
                boolean opensSentence = cap.start() == 0 || SENTENCE_END.matcher(text.substring(0, cap.start())).find();
                boolean name = cap.group(1).contains(" ") || !opensSentence;
                if (name && !STOP.contains(cap.group(1).toLowerCase(Locale.ROOT))) {
                    add(found, types, cap.group(1), "other", c.id());
                }
            }
        }
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("entities");
        for (Map.Entry<String, List<String>> e : found.entrySet()) {
            if (list.size() == 25) {
                break;
            }
            ObjectNode o = list.addObject().put("name", clip(e.getKey(), 120)).put("type", types.get(e.getKey()))
                    .put("mentions", e.getValue().size());
            ids(o.putArray("commentIds"), e.getValue(), 10);
        }
        return out;
    }

    private static void add(Map<String, List<String>> found, Map<String, String> types, String name, String type, String id) {
        List<String> ids = found.computeIfAbsent(name, k -> new ArrayList<>());
        if (!ids.contains(id)) {
            ids.add(id);
        }
        types.putIfAbsent(name, type);
    }

    // ---- helpers

    /** The sample's comment ids by keyword sentiment: positive, neutral, negative. */
    private static Map<String, List<String>> counts(List<InstagramComment> comments) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("positive", new ArrayList<>());
        out.put("neutral", new ArrayList<>());
        out.put("negative", new ArrayList<>());
        for (InstagramComment c : comments) {
            List<String> words = words(c.text());
            long pos = words.stream().filter(POSITIVE::contains).count()
                    + POSITIVE_SYMBOLS.stream().filter(s -> c.text() != null && c.text().contains(s)).count();
            long neg = words.stream().filter(NEGATIVE::contains).count();
            out.get(pos > neg ? "positive" : neg > pos ? "negative" : "neutral").add(c.id());
        }
        return out;
    }

    private static String overall(Map<String, List<String>> counts, boolean media) {
        int pos = counts.get("positive").size();
        int neu = counts.get("neutral").size();
        int neg = counts.get("negative").size();
        int total = pos + neu + neg;
        if (total == 0) {
            return media ? "unknown" : "neutral";
        }
        if (pos * 2 > total) {
            return "positive";
        }
        if (neg * 2 > total) {
            return "negative";
        }
        return pos > 0 && neg > 0 ? "mixed" : "neutral";
    }

    private static void ids(ArrayNode into, List<String> ids, int max) {
        for (String id : ids.subList(0, Math.min(max, ids.size()))) {
            into.add(id);
        }
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(lower(text));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static String firstSentence(String text) {
        String t = text == null ? "" : text.strip();
        String[] parts = t.split("(?<=[.!?])\\s+|\\n", 2);
        return parts[0].strip();
    }

    private static String join(JsonNode values, String prefix) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : values) {
            out.add(prefix + v.asText());
        }
        return String.join(" ", out);
    }

    /** At most {@code max} characters of {@code text}, cut at a space so a quote stays the comment's own words. */
    private static String clipWords(String text, int max) {
        String t = text == null ? "" : text.strip();
        if (t.length() <= max) {
            return t;
        }
        int space = t.lastIndexOf(' ', max);
        int end = space > 0 ? space : Character.isHighSurrogate(t.charAt(max - 1)) ? max - 1 : max;
        return t.substring(0, end).strip();
    }

    private static String clip(String s, int max) {
        return clipWords(s, max);
    }

    private static Map<String, List<String>> objections() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("pricing", List.of("price", "expensive", "cost", "overpriced", "cheaper", "$", "€", "£"));
        m.put("trust", List.of("scam", "fake", "legit", "trust", "sketchy"));
        m.put("credibility", List.of("source?", "proof", "lie", "lying", "cap", "not true"));
        m.put("feature", List.of("doesn't", "does not", "missing", "wish it", "no option", "can't even"));
        m.put("purchase", List.of("where to buy", "sold out", "out of stock", "shipping", "ship to", "delivery"));
        return m;
    }
}
