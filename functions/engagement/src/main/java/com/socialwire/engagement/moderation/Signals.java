package com.socialwire.engagement.moderation;

import static com.socialwire.engagement.moderation.Lexicon.Kind.INSULT;
import static com.socialwire.engagement.moderation.Lexicon.Kind.NEGATIVE;
import static com.socialwire.engagement.moderation.Lexicon.Kind.NSFW;
import static com.socialwire.engagement.moderation.Lexicon.Kind.POSITIVE;
import static com.socialwire.engagement.moderation.Lexicon.Kind.SPAM;

import com.socialwire.shared.text.Folding;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What moderation reads off one text before scoring it (the first of its three steps: signals, classifiers,
 * decision): the folded text, its tokens and words (links, e-mail addresses and @mentions counted and masked out),
 * the word-list hits, and the character-level {@link Surface}.
 */
record Signals(String compat, List<Folding.Token> all, List<Folding.Token> words, List<Lexicon.Hit> hits, int links,
               int mentions, Surface surface) {

    private static final double SEVERE = 0.7;

    static final Lexicon LEXICON = new Lexicon()
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

    static final Set<String> NEGATORS = Set.of("not", "no", "never", "t", "nt", "dont", "didnt", "doesnt",
            "isnt", "wasnt", "werent", "arent", "cant", "cannot", "wont", "wouldnt", "couldnt", "shouldnt", "aint",
            "nothing", "hardly", "without", "neither", "nor", "nobody");

    /** The signals of {@code text}, which has visible content. */
    static Signals of(String text) {
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
        return new Signals(compat, all, words, hits, links, mentions, surface);
    }

    /** True if one of {@code set} occurs within {@code window} words before {@code start}, in the same clause. */
    static boolean within(List<Folding.Token> words, int start, int window, Set<String> set) {
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
}
