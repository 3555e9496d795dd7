package com.socialwire.engagement.moderation;

import com.socialwire.shared.text.Folding;
import com.socialwire.shared.text.TopicMatcher;

import java.util.List;

/**
 * Rule-based moderation of Instagram comments and DMs, and of {@code POST /v1/moderation/check}: scores
 * (toxicity, spam, nsfw), no-go topics, sentiment, question detection, and the action the worker takes. Pure,
 * deterministic and thread-safe; no I/O; all word lists and patterns are built once, when the class loads, and every
 * step is linear in the length of the text. Three steps, one class each: {@link Signals} (what the text contains),
 * the classifiers ({@link Spam}, {@link Toxicity}, {@link Sentiment}, and {@link TopicMatcher} for no-go topics), and
 * {@link Decision} (the rules below).
 *
 * <h2>Normalisation</h2>
 * Text is NFKD-folded (fullwidth and "mathematical" letters become plain), accents are removed from Latin, Greek and
 * Cyrillic letters, and words are matched whole and case-insensitively. A word in a list also matches its simple
 * plural/possessive ({@code idiots}, {@code election's}), elongations ({@code stuuupid}, {@code looove}) and digits
 * used as letters ({@code id10t}). URLs, e-mail addresses and {@code @mentions} are counted as spam signals and left
 * out of the words (but still count for no-go topics).
 *
 * <h2>Spam (0..1)</h2>
 * The sum of its signals, capped at 1:
 * <ul>
 *   <li>strong: a link or e-mail address 0.4 (two or more 0.55; a comment that is nothing but links +0.2);
 *       promotional phrases ("follow me", "f4f", "check my bio/page/profile", "dm me", "crypto", "bitcoin", "forex",
 *       "onlyfans", "free followers", "earn $"...) 0.4 each, or 0.25 for the ones a genuine customer also writes
 *       ("promo", "giveaway"), together at most 0.8;</li>
 *   <li>weak: 3+ @mentions 0.2 (5+: 0.35); 5+ hashtags 0.15 (10+: 0.3); repeated characters or emoji ("!!!", "sooooo",
 *       4+ emoji in a row) 0.15 (a run of 8+: 0.25); ALL CAPS (10+ letters, 70% capitals) 0.2; duplicated words
 *       ("buy buy buy", or most words repeated) 0.25.</li>
 * </ul>
 * Weak signals alone are capped at 0.55 unless four or more of them fire, so an excited fan tagging friends in
 * capitals is not spam, while a link plus a promotional phrase is.
 *
 * <h2>Toxicity (0..1)</h2>
 * The sum over insults found: mild or context-dependent words ("trash", "scam", "sucks", "dumb", "useless"...) 0.3,
 * insults ("idiot", "stupid", "moron", "liar"...) 0.45, severe ("hate you", "f*** you", "go to hell") 0.7; each
 * hit gets +0.15 if intensified ("so", "such", "total"... just before), +0.15 if aimed at someone ("you", "u", "ur"
 * within four words before), +0.15 if predicated ("is", "are", "'s"... within three words before: "this is trash"),
 * +0.1 if written in capitals; a negated hit ("not a scam") counts half with no boosts. Context words never cross
 * clause punctuation. A threat ("kill yourself", "kys", "I'll kill you", "hope you die", "I know where you
 * live"...) sets toxicity to 1 and the flag {@code threat}.
 *
 * <h2>NSFW (0..1)</h2>
 * Explicit terms ("porn", "nudes", "xxx"...) 0.6 each, suggestive ones ("sexy", "naked", "boobs"...) 0.3, capped at 1.
 *
 * <h2>No-go topics</h2>
 * The policy's topics are matched as whole words or phrases with {@link TopicMatcher}'s rules (plural and possessive
 * forms, case and accents ignored; topics in scripts written without spaces, such as Chinese or Thai, and topics with
 * no letters, such as an emoji, match as substrings). {@code noGoMatches} lists the matched topics as the policy spells
 * them, in policy order.
 *
 * <h2>Sentiment and questions</h2>
 * Positive words and emoji count +1; negative words, complaints ("refund", "broken", "never again"...), negative
 * emoji and insults that reach the escalation level on their own (0.4) count −1; emoji count at most 2 each way. A
 * negation within three words before flips a word ("not good", "no complaints") except for plain facts ("no refund
 * yet" stays negative); words after "but"/"however" count 1.5.
 * Total above 0: {@code positive}, below 0: {@code negative}, else {@code neutral}. A threat is always negative.
 * {@code question}: the text ends with "?" (trailing emoji, "!" and closing brackets ignored), starts with "¿", or
 * starts with an interrogative or auxiliary (who, what, when, where, why, how, which, do, does, did, can, could, is,
 * are, was, were, will, would, should, any, anyone...) — except exclamations ("what a day", "how cute") and negative
 * contractions ("can't wait").
 *
 * <h2>Action, first rule that applies</h2>
 * <ol>
 *   <li>empty or blank text: {@code ignore}, reason {@code "empty"}, priority low;</li>
 *   <li>threat, toxicity ≥ 0.8 or nsfw ≥ 0.6: {@code hide}, priority {@code urgent} for a threat, else
 *       {@code high};</li>
 *   <li>spam ≥ 0.6: the policy's {@code spamAction} ({@code hide} or {@code ignore}), priority {@code low};</li>
 *   <li>a no-go topic: {@code escalate}, priority {@code high}; with {@code noGoAction = safe_reply} and toxicity below
 *       0.4 instead {@code reply} with flag {@code safe_reply_only} (priority {@code normal}, {@code high} if
 *       negative) — toxic content about a no-go topic is always escalated;</li>
 *   <li>toxicity ≥ 0.4: {@code escalate}, priority {@code high};</li>
 *   <li>negative sentiment: {@code reply}, priority {@code high} (a human should still see it);</li>
 *   <li>otherwise {@code reply}: priority {@code low} for plain praise (positive, not a question, no flags), else
 *       {@code normal}.</li>
 * </ol>
 * Flags, in this order, are every finding that applies: {@code threat}, {@code toxicity} (≥ 0.4), {@code nsfw}
 * (≥ 0.6), {@code spam} (≥ 0.6), {@code no_go_topic}, {@code safe_reply_only}, {@code complaint} (negative sentiment
 * on content that is not hidden or ignored). {@code allowed} is false when the action is hide or ignore or a flag
 * {@code threat}, {@code toxicity} or {@code no_go_topic} is set. {@code reason} is a short sentence naming the rule
 * that decided, never empty. Scores are rounded to two decimals before the thresholds are applied, so the thresholds
 * agree with the scores reported.
 */
public final class Moderator {

    static final double HIDE_TOXICITY = 0.8;
    static final double ESCALATE_TOXICITY = 0.4;
    static final double HIDE_NSFW = 0.6;
    static final double SPAM_THRESHOLD = 0.6;

    private static final ModerationResult EMPTY = new ModerationResult(false, new Scores(0, 0, 0), List.of(),
            "ignore", "empty", "neutral", "low", List.of(), false);

    /** Scores and decides what to do with one comment or message. Never throws; {@code null} text is empty and a
     *  {@code null} policy is {@link ModerationPolicy#NONE}. */
    public ModerationResult assess(String text, ModerationPolicy policy) {
        ModerationPolicy p = policy == null ? ModerationPolicy.NONE : policy;
        if (text == null || !Folding.hasVisibleContent(text)) {
            return EMPTY;
        }
        Signals s = Signals.of(text);
        Spam spam = Spam.of(s);
        Toxicity toxicity = Toxicity.of(s);
        Scores scores = new Scores(round2(toxicity.toxRaw()), round2(spam.raw()), round2(toxicity.nsfwRaw()));
        Sentiment sentiment = Sentiment.of(s, toxicity);
        List<String> noGo = TopicMatcher.matches(s.compat(), s.all(), p.noGoTopics(), false);
        return Decision.of(scores, toxicity.threat(), spam, sentiment, noGo, p);
    }

    private static double round2(double x) {
        double clamped = x < 0 ? 0 : Math.min(x, 1);
        return Math.round(clamped * 100) / 100.0;
    }
}
