package com.socialwire.shared.providers.llm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The offline, deterministic reply writer used when no real LLM is configured: it picks among short templates
 * by what the message is (complaint, question, praise or anything else) and a stable hash of the request, so the
 * same input always gets the same reply. Its text must be labelled as offline wherever it shows.
 */
public final class OfflineLlm implements LlmClient {

    public static final String MODEL = PriceTable.OFFLINE_MODEL;

    /** The caller lists no-go topics on a system prompt line starting with this; no word of it may appear in a reply. */
    public static final String NEVER_MENTION = "never mention:";

    private static final Pattern WORD_SPLIT = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern BULLET = Pattern.compile("^[\\s\\-*•>]+");

    enum Kind { COMPLAINT, QUESTION, PRAISE, OTHER }

    private static final Set<String> COMPLAINT_WORDS = Set.of(
            "disappointed", "disappointing", "terrible", "awful", "worst", "broken", "broke", "refund", "late",
            "problem", "issue", "wrong", "damaged", "rude", "scam", "hate", "horrible", "bad", "poor", "unhappy",
            "complaint", "missing", "useless", "ripoff", "overpriced", "cancelled", "canceled", "faulty");
    private static final List<String> COMPLAINT_PHRASES = List.of(
            "not happy", "never arrived", "still waiting", "not working", "doesn't work", "does not work",
            "didn't work", "not received", "haven't received", "rip off", "waste of");
    private static final Set<String> QUESTION_STARTS = Set.of(
            "how", "what", "when", "where", "why", "who", "which", "can", "could", "do", "does", "did", "is", "are",
            "will", "would", "should", "any", "anyone");
    private static final Set<String> PRAISE_WORDS = Set.of(
            "love", "loved", "loving", "amazing", "awesome", "great", "beautiful", "gorgeous", "best", "perfect",
            "obsessed", "wow", "nice", "cute", "stunning", "incredible", "fantastic", "excellent", "thanks", "thank",
            "delicious", "yum", "brilliant", "lovely", "congrats", "congratulations");
    private static final List<String> PRAISE_SYMBOLS = List.of("❤", "😍", "🔥", "👏", "🙌", "💯", "🥰", "😻", "✨", "💖");

    private static final List<String> COMPLAINT_OPENERS = List.of(
            "We're really sorry to hear this.",
            "Thank you for telling us, and we apologise.",
            "That's not the experience we want for you.",
            "We hear you, and we're sorry.",
            "Sorry about this, it shouldn't have happened.");
    private static final List<String> COMPLAINT_BODIES = List.of(
            "Please send us a DM so we can make it right.",
            "Could you message us directly? We'd like to look into it straight away.",
            "Our team wants to fix this, so a quick DM with the details would help.",
            "Please reach out via DM and we'll take care of it personally.");
    private static final List<String> QUESTION_OPENERS = List.of(
            "Great question!",
            "Thanks for asking!",
            "Happy to help!",
            "Good one!",
            "Glad you asked!");
    private static final List<String> QUESTION_BODIES = List.of(
            "Send us a DM and we'll get you the details.",
            "Drop us a message and our team will answer you personally.",
            "We'll follow up in your DMs with everything you need.",
            "Message us directly and we'll sort it out together.");
    private static final List<String> PRAISE_OPENERS = List.of(
            "Thank you so much!",
            "This made our day!",
            "We really appreciate you!",
            "You're the best!",
            "So glad you enjoyed it!");
    private static final List<String> PRAISE_BODIES = List.of(
            "Comments like yours keep our team going.",
            "We can't wait to share what's next with you.",
            "It means a lot that you took the time to say so.",
            "Stay tuned, there's more on the way.");
    private static final List<String> OTHER_OPENERS = List.of(
            "Thanks for stopping by!",
            "Appreciate you being here!",
            "Thanks for the comment!",
            "Good to hear from you!");
    private static final List<String> OTHER_BODIES = List.of(
            "We're glad you're part of the community.",
            "Let us know if there's anything we can do for you.",
            "Hope you're having a great day.",
            "Stay tuned for more.");
    private static final List<String> PRAISE_EMOJI = List.of("💛", "✨", "🙌");
    private static final List<String> QUESTION_EMOJI = List.of("🙂", "💬");
    private static final List<String> OTHER_EMOJI = List.of("👋", "✨");

    private final PriceTable prices;

    public OfflineLlm() {
        this(PriceTable.defaults());
    }

    public OfflineLlm(PriceTable prices) {
        this.prices = prices;
    }

    @Override
    public String describe() {
        return MODEL;
    }

    @Override
    public boolean offline() {
        return true;
    }

    @Override
    public LlmResult complete(LlmRequest request) {
        String system = request.system() == null ? "" : request.system();
        String incoming = UntrustedText.inside(lastUserMessage(request)); // what the person wrote, not our framing
        Kind kind = classify(incoming);
        long hash = fnv1a(kind + "\n" + system + "\n" + incoming);
        String text = compose(kind, hash, withEmoji(system, kind), banned(system));
        if (request.maxTokens() > 0 && text.length() > request.maxTokens() * 4) {
            text = cutAtWord(text, request.maxTokens() * 4);
        }
        int in = TokenEstimate.ofRequest(request);
        int out = TokenEstimate.ofChars(text.length());
        return new LlmResult.Ok(text, MODEL, in, out, prices.cost(MODEL, in, out));
    }

    @Override
    public String toString() {
        return "OfflineLlm[" + MODEL + "]";
    }

    static Kind classify(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> words = words(lower);
        // A complaint phrased as a question ("why is my order late?") is still a complaint.
        if (words.stream().anyMatch(COMPLAINT_WORDS::contains) || COMPLAINT_PHRASES.stream().anyMatch(lower::contains)) {
            return Kind.COMPLAINT;
        }
        if (lower.contains("?") || (!words.isEmpty() && QUESTION_STARTS.contains(words.get(0)))) {
            return Kind.QUESTION;
        }
        if (words.stream().anyMatch(PRAISE_WORDS::contains) || PRAISE_SYMBOLS.stream().anyMatch(text::contains)) {
            return Kind.PRAISE;
        }
        return Kind.OTHER;
    }

    /** Every word on the system prompt's "Never mention:" lines, lower-cased. */
    static Set<String> banned(String system) {
        Set<String> banned = new HashSet<>();
        for (String line : system.split("\\R")) {
            String l = BULLET.matcher(line).replaceFirst("").toLowerCase(Locale.ROOT);
            if (l.startsWith(NEVER_MENTION)) {
                banned.addAll(words(l.substring(NEVER_MENTION.length())));
            }
        }
        return banned;
    }

    /**
     * Tries opener + body pairs in an order rotated by the hash and keeps the first with no banned word, so
     * the reply stays deterministic and still varies across inputs; falls back to a lone sentence, then to
     * the first sentence with the banned words struck out.
     */
    private static String compose(Kind kind, long hash, boolean emoji, Set<String> banned) {
        List<String> openers = switch (kind) {
            case COMPLAINT -> COMPLAINT_OPENERS;
            case QUESTION -> QUESTION_OPENERS;
            case PRAISE -> PRAISE_OPENERS;
            case OTHER -> OTHER_OPENERS;
        };
        List<String> bodies = switch (kind) {
            case COMPLAINT -> COMPLAINT_BODIES;
            case QUESTION -> QUESTION_BODIES;
            case PRAISE -> PRAISE_BODIES;
            case OTHER -> OTHER_BODIES;
        };
        List<String> emojis = switch (kind) {
            case COMPLAINT -> List.of(); // an emoji on an apology reads as flippant
            case QUESTION -> QUESTION_EMOJI;
            case PRAISE -> PRAISE_EMOJI;
            case OTHER -> OTHER_EMOJI;
        };
        int o = (int) Long.remainderUnsigned(hash, openers.size());
        int b = (int) Long.remainderUnsigned(hash >>> 20, bodies.size());
        List<String> candidates = new ArrayList<>();
        for (int i = 0; i < openers.size(); i++) {
            for (int j = 0; j < bodies.size(); j++) {
                candidates.add(openers.get((o + i) % openers.size()) + " " + bodies.get((b + j) % bodies.size()));
            }
        }
        for (int j = 0; j < bodies.size(); j++) {
            candidates.add(bodies.get((b + j) % bodies.size()));
        }
        for (int i = 0; i < openers.size(); i++) {
            candidates.add(openers.get((o + i) % openers.size()));
        }
        String chosen = null;
        for (String c : candidates) {
            if (words(c.toLowerCase(Locale.ROOT)).stream().noneMatch(banned::contains)) {
                chosen = c;
                break;
            }
        }
        if (chosen == null) {
            chosen = strike(candidates.get(0), banned);
        }
        if (emoji && !emojis.isEmpty()) {
            chosen = chosen + " " + emojis.get((int) Long.remainderUnsigned(hash >>> 40, emojis.size()));
        }
        return chosen;
    }

    /** Brand voices that ask for formality get no emoji. */
    private static boolean withEmoji(String system, Kind kind) {
        String s = system.toLowerCase(Locale.ROOT);
        return kind != Kind.COMPLAINT && !(s.contains("no emoji") || s.contains("formal") || s.contains("professional"));
    }

    private static String strike(String text, Set<String> banned) {
        StringBuilder out = new StringBuilder();
        for (String token : text.split(" ")) {
            if (words(token.toLowerCase(Locale.ROOT)).stream().noneMatch(banned::contains)) {
                out.append(out.isEmpty() ? "" : " ").append(token);
            }
        }
        return out.isEmpty() ? "🙏" : out.toString();
    }

    private static String lastUserMessage(LlmRequest request) {
        List<Message> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message m = messages.get(i);
            if ("user".equals(m.role()) && m.content() != null) {
                return m.content();
            }
        }
        return "";
    }

    private static List<String> words(String lower) {
        List<String> words = new ArrayList<>();
        for (String w : WORD_SPLIT.split(lower)) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static String cutAtWord(String text, int max) {
        int space = text.lastIndexOf(' ', max);
        return text.substring(0, space > 0 ? space : max);
    }

    /** FNV-1a, 64-bit: stable across JVMs and releases, unlike anything that relies on identity hashes. */
    private static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
