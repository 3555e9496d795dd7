package com.socialwire.reads.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.socialwire.reads.parse.Schema.arr;
import static com.socialwire.reads.parse.Schema.ids;
import static com.socialwire.reads.parse.Schema.obj;
import static com.socialwire.reads.parse.Schema.oneOf;
import static com.socialwire.reads.parse.Schema.opt;
import static com.socialwire.reads.parse.Schema.req;
import static com.socialwire.reads.parse.Schema.str;

/**
 * Every parse mode: what it asks the model for, the ONE schema its output must match, and its output token cap. A change
 * to any of it changes what the model is asked: bump the family's prompt version ({@link #MEDIA_PROMPT_VERSION},
 * {@link #COMMENTS_PROMPT_VERSION}) so cached outputs of the old prompt are not served for the new one.
 */
public final class ParseModes {

    /** Version of the media modes' prompts and schemas; part of every media parse's cache key. */
    public static final String MEDIA_PROMPT_VERSION = "media-v1";
    /** Version of the comment modes' prompts and schemas; part of every comment parse's cache key. */
    public static final String COMMENTS_PROMPT_VERSION = "comments-v1";

    public static final String MEDIA = "media";
    public static final String COMMENTS = "comments";

    /** One mode of one family. */
    public record Mode(String kind, String name, String task, Schema.Obj schema, int maxTokens) {
        public String promptVersion() {
            return MEDIA.equals(kind) ? MEDIA_PROMPT_VERSION : COMMENTS_PROMPT_VERSION;
        }
    }

    private static final Schema.Obj QUOTE = obj(req("commentId", new Schema.CommentId()), req("quote", str(1, 300)));
    private static final Schema.Obj CITED_POINT = obj(req("point", str(1, 300)), req("commentIds", ids(1, 10)));
    private static final Schema.Str SENTIMENT = oneOf("positive", "neutral", "negative", "mixed", "unknown");

    private static final Map<String, Mode> MEDIA_MODES = Map.of(
            "summary", new Mode(MEDIA, "summary",
                    "Write a concise natural-language summary of the post for an agent: what it is, what it says, and, when comments "
                            + "are given, how people reacted (quote at most 5 comments, word for word).",
                    obj(req("summary", str(1, 1200)), req("keyPoints", arr(str(1, 300), 0, 6)),
                            opt("audienceReaction", SENTIMENT), opt("commentQuotes", arr(QUOTE, 0, 5))), 700),
            "tldr", new Mode(MEDIA, "tldr",
                    "Write one short agent-facing takeaway of the post (at most 280 characters).",
                    obj(req("tldr", str(1, 280))), 160),
            "json", new Mode(MEDIA, "json",
                    "Interpret the post for agent workflows as structured data: topic, format, tone, language, calls to action, products, "
                            + "people and brands named, and, when comments are given, the audience's reaction with at most 5 quoted comments.",
                    obj(req("topic", str(1, 200)),
                            req("contentFormat", oneOf("tutorial", "announcement", "promotion", "behind_the_scenes", "story",
                                    "entertainment", "news", "review", "personal", "other")),
                            req("tone", oneOf("informative", "promotional", "entertaining", "personal", "inspirational", "serious", "other")),
                            opt("language", str(2, 35)),
                            req("callsToAction", arr(str(1, 200), 0, 5)),
                            req("products", arr(str(1, 120), 0, 10)),
                            req("namedEntities", arr(str(1, 120), 0, 15)),
                            req("audienceReaction", SENTIMENT),
                            opt("commentQuotes", arr(QUOTE, 0, 5))), 900));

    private static final Map<String, Mode> COMMENT_MODES = Map.of(
            "themes", new Mode(COMMENTS, "themes", "Find the recurring themes of the comments, each with the comments that show it.",
                    obj(req("themes", arr(obj(req("name", str(1, 80)), req("description", str(1, 300)),
                            req("commentIds", ids(1, 10))), 0, 10))), 1000),
            "sentiment", new Mode(COMMENTS, "sentiment",
                    "Classify every sampled comment as positive, neutral or negative and give the coarse distribution: the three counts "
                            + "must add up to the number of sampled comments. Add caveats (sarcasm, emoji, language, sample size).",
                    obj(req("distribution", obj(req("positive", new Schema.Int(0, 10_000)), req("neutral", new Schema.Int(0, 10_000)),
                                    req("negative", new Schema.Int(0, 10_000)))),
                            req("overall", oneOf("positive", "neutral", "negative", "mixed")),
                            req("caveats", arr(str(1, 300), 1, 5)),
                            opt("examples", obj(opt("positive", ids(0, 3)), opt("neutral", ids(0, 3)), opt("negative", ids(0, 3))))), 600),
            "json", new Mode(COMMENTS, "json",
                    "Interpret the comments for agent workflows as structured data: an overview, topics, the overall sentiment, the "
                            + "questions and requests people make, and the most notable comments.",
                    obj(req("overview", str(1, 800)), req("topics", arr(str(1, 80), 0, 10)),
                            req("overallSentiment", oneOf("positive", "neutral", "negative", "mixed")),
                            req("questions", arr(CITED_POINT, 0, 10)), req("requests", arr(CITED_POINT, 0, 10)),
                            req("notableCommentIds", ids(0, 10))), 1000),
            "questions", new Mode(COMMENTS, "questions", "List the recurring questions people ask and the points they find unclear.",
                    obj(req("questions", arr(obj(req("question", str(1, 300)), req("commentIds", ids(1, 10))), 0, 15)),
                            req("unclearPoints", arr(str(1, 300), 0, 10))), 900),
            "objections", new Mode(COMMENTS, "objections",
                    "List the purchase, trust, pricing, feature or credibility objections people raise.",
                    obj(req("objections", arr(obj(req("category", oneOf("purchase", "trust", "pricing", "feature", "credibility", "other")),
                            req("summary", str(1, 300)), req("commentIds", ids(1, 10))), 0, 15))), 900),
            "consensus", new Mode(COMMENTS, "consensus", "Find where the commenters broadly agree and where they disagree.",
                    obj(req("agreements", arr(CITED_POINT, 0, 10)), req("disagreements", arr(CITED_POINT, 0, 10))), 900),
            "notable_replies", new Mode(COMMENTS, "notable_replies",
                    "Pick the most important replies (comments with a parentId) and explain the thread context that makes each notable.",
                    obj(req("replies", arr(obj(req("commentId", new Schema.CommentId()), req("why", str(1, 300)),
                            opt("threadContext", str(1, 300))), 0, 10))), 900),
            "spam_low_signal", new Mode(COMMENTS, "spam_low_signal",
                    "Find spam, bot-like and low-signal comment patterns (the sample flags the low-signal ones a filter found) and the share "
                            + "of the sample they make up (0 to 1).",
                    obj(req("patterns", arr(obj(req("pattern", oneOf("emoji_only", "very_short", "duplicate", "link_spam", "bot_like",
                                    "promotion", "other")), req("description", str(1, 300)), req("commentIds", ids(1, 20))), 0, 10)),
                            req("lowSignalShare", new Schema.Num(0, 1))), 900),
            "entities", new Mode(COMMENTS, "entities",
                    "List the people, brands, products, places and other named entities mentioned in the comments.",
                    obj(req("entities", arr(obj(req("name", str(1, 120)),
                            req("type", oneOf("person", "brand", "product", "place", "organization", "event", "other")),
                            req("mentions", new Schema.Int(1, 10_000)), req("commentIds", ids(1, 10))), 0, 25))), 1100));

    private ParseModes() {
    }

    /** The mode {@code name} of {@code kind} ({@link #MEDIA} or {@link #COMMENTS}); an unknown one is a caller's bug. */
    public static Mode of(String kind, String name) {
        Mode m = (MEDIA.equals(kind) ? MEDIA_MODES : COMMENT_MODES).get(name);
        if (m == null) {
            throw new IllegalArgumentException("no " + kind + " parse mode " + name);
        }
        return m;
    }

    /**
     * Rules one schema cannot say, checked after {@link Schema#problems} passed, against the sample the prompt showed: a
     * sentiment distribution adds up to the sample size. Models count loosely, so counts within {@link #COUNT_SLACK} of it
     * (at least 2) are scaled to it, largest remainder first, and {@code notes} says so; further off is a problem to re-ask.
     */
    static List<String> applyRules(Mode mode, JsonNode output, int sampleSize, List<String> notes) {
        List<String> out = new ArrayList<>();
        if (mode.kind().equals(COMMENTS) && mode.name().equals("sentiment")) {
            ObjectNode d = (ObjectNode) output.path("distribution");
            long[] counts = {d.path("positive").asLong(), d.path("neutral").asLong(), d.path("negative").asLong()};
            long sum = counts[0] + counts[1] + counts[2];
            if (sum == sampleSize) {
                return out;
            }
            if (sum == 0 || Math.abs(sum - sampleSize) > Math.max(2, Math.ceil(COUNT_SLACK * sampleSize))) {
                out.add("$.distribution must add up to the " + sampleSize + " sampled comments (added up to " + sum + ")");
                return out;
            }
            long[] scaled = scale(counts, sum, sampleSize);
            d.put("positive", scaled[0]).put("neutral", scaled[1]).put("negative", scaled[2]);
            notes.add("the model's sentiment counts added up to " + sum + ", not the " + sampleSize + " sampled comments: scaled to " + sampleSize);
        }
        return out;
    }

    /** How far (as a share of the sample) a count total may be from the sample size and still be scaled to it. */
    static final double COUNT_SLACK = 0.10;

    /** {@code counts} (adding up to {@code sum}) scaled to add up to {@code target}: floors, then the largest remainders +1 (ties: earlier first). */
    static long[] scale(long[] counts, long sum, long target) {
        long[] out = new long[counts.length];
        long[] remainder = new long[counts.length];
        long given = 0;
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i] * target / sum;
            remainder[i] = counts[i] * target % sum;
            given += out[i];
        }
        for (long left = target - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < counts.length; i++) {
                if (remainder[i] > remainder[best]) {
                    best = i;
                }
            }
            out[best]++;
            remainder[best] = -1;
        }
        return out;
    }
}
