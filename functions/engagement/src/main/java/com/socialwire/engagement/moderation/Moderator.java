package com.socialwire.engagement.moderation;

import static com.socialwire.engagement.moderation.Lexicon.Kind.INSULT;
import static com.socialwire.engagement.moderation.Lexicon.Kind.NEGATIVE;
import static com.socialwire.engagement.moderation.Lexicon.Kind.NSFW;
import static com.socialwire.engagement.moderation.Lexicon.Kind.POSITIVE;
import static com.socialwire.engagement.moderation.Lexicon.Kind.SPAM;

import com.socialwire.shared.text.Folding;
import com.socialwire.shared.text.TopicMatcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule-based moderation of Instagram comments and DMs, and of {@code POST /v1/moderation/check}: scores
 * (toxicity, spam, nsfw), no-go topics, sentiment, question detection, and the action the worker takes. Pure,
 * deterministic and thread-safe; no I/O; all word lists and patterns are built once, when the class loads, and every
 * step is linear in the length of the text.
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

    private static final double SEVERE = 0.7;

    private static final Lexicon LEXICON = new Lexicon()
            // Spam: promotion and engagement bait.
            .add(SPAM, 0.4, false, "follow me", "follow back", "follow for follow", "for follow", "followme",
                    "follow4follow", "followforfollow", "f4f", "l4l", "like for like", "like4like", "sub4sub",
                    "check my page", "check my profile", "check my bio", "check my account", "check my story",
                    "check my link", "check out my page", "check out my profile", "check out my bio",
                    "check out my account", "link in my bio", "link in bio", "linkinbio", "dm me", "dmme",
                    "inbox me", "dm for collab", "dm for promo", "crypto", "cryptocurrency", "bitcoin", "btc",
                    "forex", "onlyfans", "free followers", "buy followers", "cheap followers", "gain followers",
                    "make money", "passive income", "investment opportunity", "whatsapp me", "telegram me",
                    "cashapp", "cash app")
            .add(SPAM, 0.25, false, "promo", "promo code", "giveaway", "discount code")
            // Toxicity: context-dependent or mild (0.3), insults (0.45), severe (0.7). Threats: THREAT below.
            .add(INSULT, 0.3, false, "trash", "garbage", "rubbish", "scam", "ripoff", "rip off", "sucks", "suck",
                    "dumb", "useless", "pathetic", "clown", "lame", "crap", "crappy", "shit", "shitty", "bullshit",
                    "fuck", "wtf", "ridiculous", "shut up")
            .add(INSULT, 0.45, false, "idiot", "idiotic", "stupid", "moron", "moronic", "loser", "scammer", "fraud",
                    "liar", "thief", "thieves", "disgusting", "bitch", "asshole", "bastard", "dumbass", "jerk",
                    "incompetent", "screw you", "shame on you")
            .add(INSULT, SEVERE, false, "hate you", "fuck you", "fuck off", "stfu", "piece of shit", "go to hell",
                    "drop dead")
            // NSFW.
            .add(NSFW, 0.6, false, "porn", "porno", "pornhub", "xxx", "nudes", "send nudes", "blowjob", "handjob",
                    "horny", "dick pic", "sexting")
            .add(NSFW, 0.3, false, "sex", "sexy", "naked", "nude", "boobs", "tits", "dick", "cock", "pussy", "nsfw",
                    "onlyfans", "hookup", "hook up")
            // Sentiment.
            .add(POSITIVE, 1, true, "love", "loved", "loving", "lovely", "adore", "amazing", "awesome", "great", "good",
                    "best", "beautiful", "delicious", "perfect", "fantastic", "excellent", "wonderful", "gorgeous",
                    "yummy", "yum", "incredible", "brilliant", "nice", "cute", "favorite", "favourite", "fave",
                    "obsessed", "recommend", "recommended", "happy", "glad", "wow", "stunning", "tasty", "superb",
                    "outstanding", "impressive", "friendly", "helpful", "enjoy", "enjoyed", "fabulous", "fresh",
                    "well done")
            .add(POSITIVE, 1, false, "thank", "thx", "congrats", "congratulations", "can t wait", "cant wait")
            .add(NEGATIVE, 1, true, "bad", "worst", "worse", "terrible", "awful", "horrible", "disappointed",
                    "disappointing", "disappointment", "poor", "rude", "unacceptable", "angry", "upset", "wrong",
                    "waste", "wasted", "complaint", "complain", "dirty", "stale", "overpriced", "slow", "sad", "nasty",
                    "gross", "mediocre", "hate", "annoyed", "annoying", "frustrated", "frustrating", "ugh", "sucks",
                    "suck", "useless", "pathetic", "ridiculous", "rubbish", "crap", "crappy", "ripoff", "rip off")
            .add(NEGATIVE, 1, false, "refund", "broken", "damaged", "delayed", "cancelled", "canceled",
                    "never again", "food poisoning", "still waiting", "no response", "never arrived",
                    "never received", "charged twice", "where is my order", "where s my order", "is missing",
                    "was missing", "are missing", "were missing", "missing item", "arrived late", "came late",
                    "delivered late", "always late");

    private static final Set<String> INTENSIFIERS = Set.of("so", "very", "really", "such", "total", "totally",
            "complete", "completely", "absolute", "absolutely", "utter", "utterly", "fucking", "freaking", "effing",
            "bloody", "super", "extremely", "incredibly", "biggest", "truly", "most");
    private static final Set<String> TARGETS = Set.of("you", "u", "ya", "youre", "ur", "yall");
    private static final Set<String> COPULAS = Set.of("is", "are", "was", "were", "s", "re", "be", "been",
            "being", "am", "m");
    private static final Set<String> NEGATORS = Set.of("not", "no", "never", "t", "nt", "dont", "didnt", "doesnt",
            "isnt", "wasnt", "werent", "arent", "cant", "cannot", "wont", "wouldnt", "couldnt", "shouldnt", "aint",
            "nothing", "hardly", "without", "neither", "nor", "nobody");
    private static final Set<String> CONTRASTS = Set.of("but", "however", "though", "although", "except");
    private static final Set<String> QUESTION_WORDS = Set.of("who", "what", "when", "where", "why", "how", "which",
            "whose", "whom", "do", "does", "did", "can", "could", "is", "are", "was", "were", "will", "would",
            "should", "shall", "am", "any", "anyone", "anybody");

    /** Money bait around a currency sign: "earn $", "make up to £..." before it, "$500 a day" after it. Both are only
     *  tried at currency signs, over a few characters. */
    private static final Pattern MONEY_BEFORE = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?:earn|earning|make|making)\\s+(?:up\\s+to\\s+)?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern MONEY_AFTER = Pattern.compile(
            "\\s?\\d[\\d,.]{0,12}\\s?k?\\s?(?:/|per|a|an|every)\\s?(?:day|week|wk|hour|hr|month)(?![\\p{L}\\p{N}])",
            Pattern.CASE_INSENSITIVE);

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

    private static final int[] POSITIVE_EMOJI = sorted(0x2764, 0x2665, 0x1F60D, 0x1F970, 0x1F44D, 0x1F60A, 0x1F64C,
            0x1F44F, 0x1F4AF, 0x1F60B, 0x1F929, 0x1F495, 0x1F496, 0x1F497, 0x1F498, 0x1F499, 0x1F49A, 0x1F49B,
            0x1F49C, 0x1F49E, 0x1F9E1, 0x1F604, 0x1F603, 0x1F601, 0x1F973, 0x1F618, 0x1F917, 0x1F44C);
    private static final int[] NEGATIVE_EMOJI = sorted(0x1F621, 0x1F620, 0x1F92C, 0x1F44E, 0x1F624, 0x1F622,
            0x1F61E, 0x1F494, 0x1F92E, 0x1F922, 0x1F644, 0x1F612, 0x1F61F, 0x1F629, 0x1F62B);

    private static final ModerationResult EMPTY = new ModerationResult(false, new Scores(0, 0, 0), List.of(),
            "ignore", "empty", "neutral", "low", List.of(), false);

    /** Scores and decides what to do with one comment or message. Never throws; {@code null} text is empty and a
     *  {@code null} policy is {@link ModerationPolicy#NONE}. */
    public ModerationResult assess(String text, ModerationPolicy policy) {
        ModerationPolicy p = policy == null ? ModerationPolicy.NONE : policy;
        if (text == null || !Folding.hasVisibleContent(text)) {
            return EMPTY;
        }
        String compat = Folding.compat(text);

        // Links, e-mail addresses and @mentions: counted, and masked out of the words.
        List<int[]> masked = Links.find(compat);
        int links = 0;
        int mentions = 0;
        for (int[] span : masked) {
            if (span[2] == Links.MENTION) {
                mentions++;
            } else {
                links++;
            }
        }
        List<Folding.Token> all = Folding.tokenize(compat, masked);
        List<Folding.Token> words = new ArrayList<>(all.size());
        List<String[]> variants = new ArrayList<>(all.size());
        for (Folding.Token t : all) {
            if (!t.masked()) {
                words.add(t);
                variants.add(Folding.variants(t.text()));
            }
        }
        List<Lexicon.Hit> hits = LEXICON.match(variants);
        Surface surface = Surface.scan(compat, masked);

        // Spam.
        List<String> spamSignals = new ArrayList<>(4);
        double strong = 0;
        if (links > 0) {
            strong += links >= 2 ? 0.55 : 0.4;
            spamSignals.add(links >= 2 ? "links" : "a link");
            if (words.isEmpty()) {
                strong += 0.2;
            }
        }
        double promo = 0;
        Set<Lexicon.Term> seen = new HashSet<>();
        for (Lexicon.Hit h : hits) {
            if (h.term().kind() == SPAM && seen.add(h.term())) {
                promo += h.term().weight();
            }
        }
        if (moneyBait(compat)) {
            promo += 0.4;
        }
        if (promo > 0) {
            strong += Math.min(0.8, promo);
            spamSignals.add("promotional phrases");
        }
        double weak = 0;
        int weakCount = 0;
        if (mentions >= 3) {
            weak += mentions >= 5 ? 0.35 : 0.2;
            weakCount++;
            spamSignals.add("many @mentions");
        }
        if (surface.hashtags >= 5) {
            weak += surface.hashtags >= 10 ? 0.3 : 0.15;
            weakCount++;
            spamSignals.add("many hashtags");
        }
        int longestRun = Math.max(surface.maxRun(), surface.maxEmojiRun);
        if (surface.repeated()) {
            weak += longestRun >= 8 ? 0.25 : 0.15;
            weakCount++;
            spamSignals.add("repeated characters");
        }
        if (surface.shouting()) {
            weak += 0.2;
            weakCount++;
            spamSignals.add("all caps");
        }
        if (duplicatedWords(words)) {
            weak += 0.25;
            weakCount++;
            spamSignals.add("duplicated words");
        }
        double spamRaw = strong + weak;
        if (strong == 0 && weakCount < 4) {
            spamRaw = Math.min(spamRaw, 0.55);
        }

        // Toxicity and NSFW.
        boolean threat = threat(words);
        double toxRaw = 0;
        double nsfwRaw = 0;
        double[] hitToxicity = new double[hits.size()];
        for (int i = 0; i < hits.size(); i++) {
            Lexicon.Hit h = hits.get(i);
            Lexicon.Term t = h.term();
            if (t.kind() == NSFW) {
                nsfwRaw += t.weight();
            } else if (t.kind() == INSULT) {
                double w = t.weight();
                if (within(words, h.start(), 3, NEGATORS)) {
                    w *= 0.5;
                } else {
                    if (within(words, h.start(), 2, INTENSIFIERS)) {
                        w += 0.15;
                    }
                    if (within(words, h.start(), 4, TARGETS)) {
                        w += 0.15;
                    }
                    if (within(words, h.start(), 3, COPULAS)) {
                        w += 0.15;
                    }
                    if (shouted(words, h)) {
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
        Scores scores = new Scores(round2(toxRaw), round2(spamRaw), round2(nsfwRaw));
        double tox = scores.toxicity();
        double spam = scores.spam();
        double nsfw = scores.nsfw();

        // Sentiment and question.
        String sentiment = sentiment(words, hits, hitToxicity, surface, threat);
        boolean negative = sentiment.equals("negative");
        boolean question = surface.endsWithQuestion || startsWithQuestion(words, hits);

        // No-go topics.
        List<String> noGo = TopicMatcher.matches(compat, all, p.noGoTopics(), false);

        // Decision.
        List<String> flags = new ArrayList<>(4);
        if (threat) {
            flags.add("threat");
        }
        if (tox >= ESCALATE_TOXICITY) {
            flags.add("toxicity");
        }
        if (nsfw >= HIDE_NSFW) {
            flags.add("nsfw");
        }
        if (spam >= SPAM_THRESHOLD) {
            flags.add("spam");
        }
        if (!noGo.isEmpty()) {
            flags.add("no_go_topic");
        }
        String action;
        String priority;
        String reason;
        if (threat || tox >= HIDE_TOXICITY || nsfw >= HIDE_NSFW) {
            action = "hide";
            priority = threat ? "urgent" : "high";
            reason = threat ? "Threat of violence or self-harm"
                    : tox >= HIDE_TOXICITY ? String.format(Locale.ROOT, "Toxicity threshold exceeded (%.2f)", tox)
                    : String.format(Locale.ROOT, "Sexually explicit content (nsfw %.2f)", nsfw);
        } else if (spam >= SPAM_THRESHOLD) {
            action = p.spamAction();
            priority = "low";
            reason = "Looks like spam: " + String.join(", ", spamSignals);
        } else if (!noGo.isEmpty()) {
            String topics = "Mentions a no-go topic: " + String.join(", ", noGo);
            if (p.noGoAction().equals("safe_reply") && tox < ESCALATE_TOXICITY) {
                action = "reply";
                flags.add("safe_reply_only");
                priority = negative ? "high" : "normal";
                reason = topics + "; reply only with a safe, neutral answer";
            } else {
                action = "escalate";
                priority = "high";
                reason = tox >= ESCALATE_TOXICITY
                        ? topics + String.format(Locale.ROOT, "; possibly toxic (%.2f)", tox) : topics;
            }
        } else if (tox >= ESCALATE_TOXICITY) {
            action = "escalate";
            priority = "high";
            reason = String.format(Locale.ROOT, "Possibly toxic or insulting (toxicity %.2f); needs human review",
                    tox);
        } else if (negative) {
            action = "reply";
            priority = "high";
            reason = "Negative feedback or complaint; reply and have a human follow up";
        } else {
            action = "reply";
            boolean praise = sentiment.equals("positive") && !question && flags.isEmpty();
            priority = praise ? "low" : "normal";
            reason = praise ? "Positive feedback" : question ? "Question" : "No issues found";
        }
        boolean dropped = action.equals("hide") || action.equals("ignore");
        if (negative && !dropped) {
            flags.add("complaint");
        }
        boolean allowed = !dropped && !threat && tox < ESCALATE_TOXICITY && noGo.isEmpty();
        return new ModerationResult(allowed, scores, flags, action, reason, sentiment, priority, noGo, question);
    }


    /** True if one of {@code set} occurs within {@code window} words before {@code start}, in the same clause. */
    private static boolean within(List<Folding.Token> words, int start, int window, Set<String> set) {
        for (int k = start - 1; k >= 0 && k >= start - window; k--) {
            if (words.get(k + 1).boundaryBefore()) {
                return false;
            }
            if (set.contains(words.get(k).text())) {
                return true;
            }
        }
        return false;
    }

    private static boolean shouted(List<Folding.Token> words, Lexicon.Hit h) {
        for (int i = h.start(); i < h.end(); i++) {
            if (words.get(i).shouted()) {
                return true;
            }
        }
        return false;
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
                case INSULT -> hitToxicity[i] >= ESCALATE_TOXICITY ? -1 : 0;
                default -> 0;
            };
            if (polarity == 0) {
                continue;
            }
            if (t.negatable() && within(words, h.start(), 3, NEGATORS)) {
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

    private static double round2(double x) {
        double clamped = x < 0 ? 0 : Math.min(x, 1);
        return Math.round(clamped * 100) / 100.0;
    }

    private static int[] sorted(int... values) {
        int[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** One pass over the characters: capitals, runs, emoji, hashtags and the question mark at the end. */
    private static final class Surface {
        int upper;
        int lower;
        int maxLetterRun;
        int maxBangRun;
        int maxSymbolRun;
        int maxOtherRun;
        int maxEmojiRun;
        int hashtags;
        int positiveEmoji;
        int negativeEmoji;
        boolean endsWithQuestion;

        int maxRun() {
            return Math.max(Math.max(maxLetterRun, maxBangRun), Math.max(maxSymbolRun, maxOtherRun));
        }

        boolean repeated() {
            return maxLetterRun >= 4 || maxBangRun >= 3 || maxSymbolRun >= 3 || maxOtherRun >= 6
                    || maxEmojiRun >= 4;
        }

        boolean shouting() {
            int cased = upper + lower;
            return cased >= 10 && upper * 10 >= cased * 7;
        }

        static Surface scan(String s, List<int[]> masked) {
            Surface r = new Surface();
            int maskIdx = 0;
            int prev = -1;
            int prevVisible = ' ';
            int run = 0;
            int emojiRun = 0;
            boolean afterZwj = false;
            int n = s.length();
            for (int i = 0; i < n; ) {
                int at = i;
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                while (maskIdx < masked.size() && masked.get(maskIdx)[1] <= at) {
                    maskIdx++;
                }
                if (maskIdx < masked.size() && masked.get(maskIdx)[0] <= at) {
                    prev = -1;
                    prevVisible = ' ';
                    continue;
                }
                if (cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF)
                        || (cp >= 0x1F1E6 && cp <= 0x1F1FF)) {
                    continue; // presentation selectors, skin tones and flag letters do not break or extend runs
                }
                if (cp == 0x200D) {
                    afterZwj = true;
                    continue;
                }
                run = cp == prev ? run + 1 : 1;
                prev = cp;
                boolean ascii = cp < 0x80;
                boolean space = ascii ? cp == ' ' || (cp >= 0x09 && cp <= 0x0D)
                        : Character.isWhitespace(cp) || Character.isSpaceChar(cp);
                boolean emoji = !ascii && isEmoji(cp);
                if (ascii ? (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') : Character.isLetter(cp)) {
                    r.maxLetterRun = Math.max(r.maxLetterRun, run);
                    if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
                        r.upper++;
                    } else if (Character.isLowerCase(cp)) {
                        r.lower++;
                    }
                } else if (cp == '!' || cp == '?') {
                    r.maxBangRun = Math.max(r.maxBangRun, run);
                } else if (emoji) {
                    r.maxSymbolRun = Math.max(r.maxSymbolRun, run);
                } else if (!space && !Character.isDigit(cp)) {
                    r.maxOtherRun = Math.max(r.maxOtherRun, run);
                }
                if (emoji) {
                    if (!afterZwj) {
                        emojiRun++;
                        r.maxEmojiRun = Math.max(r.maxEmojiRun, emojiRun);
                        if (Arrays.binarySearch(POSITIVE_EMOJI, cp) >= 0) {
                            r.positiveEmoji++;
                        } else if (Arrays.binarySearch(NEGATIVE_EMOJI, cp) >= 0) {
                            r.negativeEmoji++;
                        }
                    }
                } else if (!space) {
                    emojiRun = 0;
                }
                afterZwj = false;
                if (cp == '#' && !Folding.isLetterOrDigit(prevVisible) && i < n
                        && Folding.isLetterOrDigit(s.codePointAt(i))) {
                    r.hashtags++;
                }
                prevVisible = cp;
            }
            r.endsWithQuestion = endsWithQuestion(s);
            return r;
        }

        /** Last meaningful character is "?" (emoji, "!", closing brackets and quotes after it are ignored), or the
         *  text starts with "¿". */
        private static boolean endsWithQuestion(String s) {
            for (int i = s.length(); i > 0; ) {
                int cp = s.codePointBefore(i);
                i -= Character.charCount(cp);
                if (cp == '?') {
                    return true;
                }
                int t = Character.getType(cp);
                if (cp == '!' || Character.isWhitespace(cp) || Character.isSpaceChar(cp) || isEmoji(cp)
                        || t == Character.END_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                        || t == Character.MODIFIER_SYMBOL || t == Character.FORMAT || t == Character.CONTROL
                        || Folding.isMark(cp) || cp == '"' || cp == '\'') {
                    continue;
                }
                break;
            }
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                if (cp == '\u00BF') {
                    return true;
                }
                if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) {
                    return false;
                }
            }
            return false;
        }

        private static boolean isEmoji(int cp) {
            return (cp >= 0x1F000 && cp <= 0x1FAFF) || Character.getType(cp) == Character.OTHER_SYMBOL;
        }
    }
}
