package com.socialwire.engagement.moderation;

import com.socialwire.shared.text.TopicMatcher;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Table-driven cases pinning each rule of {@link Moderator} and the precedence between them. */
class ModeratorTest {

    private static final Moderator MODERATOR = new Moderator();

    private static final ModerationPolicy NO_GO = new ModerationPolicy(List.of("politics", "election"), "hide",
            "escalate");
    private static final ModerationPolicy NO_GO_SAFE = new ModerationPolicy(List.of("politics", "election"), "hide",
            "safe_reply");
    private static final ModerationPolicy SPAM_IGNORE = new ModerationPolicy(List.of(), "ignore", "escalate");

    private static final String SPAM_EXAMPLE = "🔥🔥 FOLLOW ME for free followers!!! check my bio http://x.co";

    /** Expected values; a null field is not checked. Scores are checked as ranges. */
    static final class Expect {
        final String text;
        ModerationPolicy policy = ModerationPolicy.NONE;
        String action;
        String priority;
        String sentiment;
        Boolean question;
        Boolean allowed;
        List<String> flags;            // exact list, in order
        List<String> noGoMatches;      // exact list
        double[] toxicity = {0, 1};
        double[] spam = {0, 1};
        double[] nsfw = {0, 1};
        String reasonContains;

        Expect(String text) {
            this.text = text;
        }

        Expect policy(ModerationPolicy p) {
            policy = p;
            return this;
        }

        Expect action(String a, String prio) {
            action = a;
            priority = prio;
            return this;
        }

        Expect sentiment(String s) {
            sentiment = s;
            return this;
        }

        Expect question(boolean q) {
            question = q;
            return this;
        }

        Expect allowed(boolean a) {
            allowed = a;
            return this;
        }

        Expect flags(String... f) {
            flags = List.of(f);
            return this;
        }

        Expect noGo(String... t) {
            noGoMatches = List.of(t);
            return this;
        }

        Expect toxicity(double min, double max) {
            toxicity = new double[] {min, max};
            return this;
        }

        Expect spam(double min, double max) {
            spam = new double[] {min, max};
            return this;
        }

        Expect nsfw(double min, double max) {
            nsfw = new double[] {min, max};
            return this;
        }

        Expect reason(String part) {
            reasonContains = part;
            return this;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static Expect text(String t) {
        return new Expect(t);
    }

    private static Stream<Arguments> cases() {
        return Stream.of(
                // ---- spam: several signals -> high score; action per policy, priority low
                group("spam", text(SPAM_EXAMPLE).action("hide", "low").spam(0.6, 1).flags("spam").allowed(false)
                        .reason("spam")),
                group("spam, policy ignore", text(SPAM_EXAMPLE).policy(SPAM_IGNORE).action("ignore", "low")
                        .spam(0.6, 1).flags("spam").allowed(false)),
                group("spam: only a link", text("http://bit.ly/abc").action("hide", "low").spam(0.6, 1)),
                group("spam: earn $ + dm me", text("Earn $500 a day from home, dm me").action("hide", "low")
                        .spam(0.6, 1)),
                group("spam: link + 'earn $'", text("earn $ working from home! http://x.co").action("hide", "low")
                        .spam(0.8, 0.8)),
                group("spam: link + '$500/day'", text("$500/day from home http://x.co").action("hide", "low")
                        .spam(0.8, 0.8)),
                group("not a link: sentences run together", text("Loved it.Me and my wife will be back")
                        .spam(0, 0).sentiment("positive")),
                group("e-mail addresses and bare domains are links", text("write me@mail.com or see shop.co/x")
                        .spam(0.55, 0.55)),
                group("not money bait: a price", text("Paid $5 for a croissant http://x.co").spam(0.4, 0.4)),
                group("spam: crypto words", text("Crypto bitcoin forex signals").action("hide", "low").spam(0.6, 1)),
                group("spam: f4f", text("f4f l4l follow4follow").action("hide", "low").spam(0.6, 1)),
                group("spam: fancy unicode letters fold to ASCII",
                        text("𝐅𝐎𝐋𝐋𝐎𝐖 𝐌𝐄 𝐟𝐨𝐫 𝐟𝐫𝐞𝐞 𝐟𝐨𝐥𝐥𝐨𝐰𝐞𝐫𝐬").action("hide", "low").spam(0.6, 1)),
                group("spam: four weak signals, no link or phrase",
                        text("SALE SALE SALE!!!!!! #sale #deal #shop #buy #now @a @b @c").action("hide", "low")
                                .spam(0.6, 1)),
                group("not spam: one link is a single signal",
                        text("The recipe is on www.example.com, enjoy").action("reply", null).spam(0.3, 0.5)
                                .flags()),
                group("not spam: excited fan tagging friends (weak signals capped)",
                        text("OMG I LOVE THIS SO MUCH!!! 😍😍😍😍 @anna @bob @carl").action("reply", "low")
                                .sentiment("positive").spam(0.2, 0.55).flags()),
                group("not spam: giveaway entry", text("Great giveaway! @a @b @c").action("reply", null)
                        .spam(0, 0.59)),
                group("not spam: customer asks about a promo", text("Is the promo still on?")
                        .action("reply", "normal").question(true).spam(0, 0.59)),

                // ---- toxicity: list + intensifiers; >= 0.8 hide, 0.4..0.8 escalate
                group("insult + trash -> hide", text("You are an idiot, this is trash").action("hide", "high")
                        .toxicity(0.8, 1).flags("toxicity").allowed(false).sentiment("negative")
                        .reason("Toxicity")),
                group("predicated insult -> escalate", text("This is stupid").action("escalate", "high")
                        .toxicity(0.4, 0.79).flags("toxicity", "complaint").allowed(false)),
                group("plain insult word", text("stupid").action("escalate", "high").toxicity(0.45, 0.45)),
                group("directed", text("you are stupid").action("escalate", "high").toxicity(0.75, 0.75)),
                group("directed + capitals", text("YOU ARE STUPID").action("hide", "high").toxicity(0.85, 0.85)),
                group("intensified + directed", text("You're such an idiot").action("hide", "high")
                        .toxicity(0.8, 1)),
                group("leetspeak", text("you id10t").action("escalate", "high").toxicity(0.6, 0.6)),
                group("elongated", text("this is stuuuupid").action("escalate", "high").toxicity(0.4, 0.79)),
                group("context word alone is not toxic", text("Where do I put the trash?").action("reply", "normal")
                        .toxicity(0.3, 0.3).sentiment("neutral").question(true).flags().allowed(true)),
                group("scam accusation -> human", text("Is this a scam?").action("escalate", "high")
                        .toxicity(0.4, 0.79)),
                group("negated insult counts half", text("This is not a scam, right?").action("reply", null)
                        .toxicity(0.15, 0.15)),
                group("severe phrase", text("I hate you").action("escalate", "high").toxicity(0.7, 0.79)),

                // ---- threats: max toxicity, hide, urgent
                group("threat: kill yourself", text("just kill yourself").action("hide", "urgent").toxicity(1, 1)
                        .flags("threat", "toxicity").allowed(false).reason("Threat")),
                group("threat: kys", text("kys").action("hide", "urgent").flags("threat", "toxicity")),
                group("threat: I'll kill you", text("I'll kill you").action("hide", "urgent").toxicity(1, 1)),
                group("threat: long form", text("Honestly I am going to kill all of you.").action("hide", "urgent")),
                group("threat: hope you die", text("hope u die").action("hide", "urgent")),
                group("threat: in a long text", text("x ".repeat(300) + "watch your back " + "y ".repeat(300))
                        .action("hide", "urgent")),
                group("threat: know where you live", text("I know where you live.").action("hide", "urgent")),
                group("not a threat: kill for", text("I'd kill for one of these croissants 😍")
                        .action("reply", "low").toxicity(0, 0).sentiment("positive")),

                // ---- nsfw
                group("nsfw explicit -> hide", text("send nudes").action("hide", "high").nsfw(0.6, 1)
                        .flags("nsfw").allowed(false).reason("explicit")),
                group("nsfw: one suggestive word is not enough", text("That dress is so sexy")
                        .action("reply", null).nsfw(0.3, 0.3).flags()),

                // ---- no-go topics
                group("no-go -> escalate", text("What do you think about the election?").policy(NO_GO)
                        .action("escalate", "high").noGo("election").flags("no_go_topic").question(true)
                        .sentiment("neutral").allowed(false).reason("election")),
                group("no-go, safe_reply -> reply + flag", text("What do you think about the election?")
                        .policy(NO_GO_SAFE).action("reply", "normal").noGo("election")
                        .flags("no_go_topic", "safe_reply_only").allowed(false)),
                group("no-go, safe_reply, negative -> high", text("Your election posts are terrible")
                        .policy(NO_GO_SAFE).action("reply", "high")
                        .flags("no_go_topic", "safe_reply_only", "complaint")),
                group("no-go, safe_reply but toxic -> escalate", text("Your politics are stupid")
                        .policy(NO_GO_SAFE).action("escalate", "high").noGo("politics")
                        .flags("toxicity", "no_go_topic", "complaint")),
                group("no-go: plural, accents, capitals; policy order", text("POLITICS and Élections again")
                        .policy(NO_GO).action("escalate", "high").noGo("politics", "election")),
                group("no-go: whole words only", text("Great selection of pastries").policy(NO_GO)
                        .action("reply", "low").noGo().flags().allowed(true)),
                group("no-go: no topics in policy", text("What do you think about the election?")
                        .action("reply", "normal").noGo()),

                // ---- precedence
                group("threat beats spam", text("kys lol follow me http://x.co f4f").policy(SPAM_IGNORE)
                        .action("hide", "urgent").flags("threat", "toxicity", "spam")),
                group("nsfw beats spam policy", text("send nudes, check my bio http://x.co onlyfans")
                        .policy(SPAM_IGNORE).action("hide", "high")),
                group("spam beats mid toxicity", text("You idiot, follow me http://x.co f4f").policy(SPAM_IGNORE)
                        .action("ignore", "low").toxicity(0.4, 0.79).flags("toxicity", "spam")),
                group("spam beats no-go", text("Election giveaway! follow me http://x.co").policy(NO_GO)
                        .action("hide", "low").noGo("election").flags("spam", "no_go_topic")),
                group("hide beats no-go", text("Vote in the election or I will kill you").policy(NO_GO_SAFE)
                        .action("hide", "urgent").noGo("election")),
                group("no-go beats mid toxicity", text("The election is a scam").policy(NO_GO)
                        .action("escalate", "high").reason("no-go topic")),

                // ---- sentiment, complaints, praise, questions
                group("question", text("What time do you open on Sunday?").action("reply", "normal")
                        .question(true).sentiment("neutral").flags().allowed(true)),
                group("praise", text("I love your croissants!").action("reply", "low").sentiment("positive")
                        .question(false).flags().allowed(true)),
                group("praise + question -> normal", text("Love it! Do you ship to Canada?")
                        .action("reply", "normal").sentiment("positive").question(true)),
                group("complaint", text("Still no refund after 3 weeks. Worst service ever")
                        .action("reply", "high").sentiment("negative").flags("complaint").allowed(true)
                        .reason("complaint")),
                group("contrast: the part after 'but' weighs more",
                        text("Love the croissants but the delivery was slow and the coffee was terrible")
                                .action("reply", "high").sentiment("negative").flags("complaint")),
                group("negation flips", text("The croissants were not good").sentiment("negative")
                        .action("reply", "high")),
                group("negation flips a negative", text("Not bad at all!").sentiment("positive")),
                group("no complaints", text("no complaints, great service").sentiment("positive")
                        .action("reply", "low")),
                group("clause boundary stops negation", text("No, I love it").sentiment("positive")),
                group("negative emoji", text("😡😡").sentiment("negative").action("reply", "high")),
                group("neutral statement", text("We came by on Tuesday").sentiment("neutral")
                        .action("reply", "normal").question(false).reason("No issues")),
                group("question word start, no ?", text("@bakery what time do you open").question(true)),
                group("spanish ¿", text("¿Abren el domingo").question(true)),
                group("? before emoji", text("Do you have vegan options? 🌱").question(true)),
                group("not a question: can't", text("Can't wait to try it").question(false)
                        .sentiment("positive")),
                group("not a question: what a", text("What a day!").question(false)),
                group("not a question: how cute", text("How cute 😍").question(false).sentiment("positive")),

                // ---- empty
                group("empty", text("").action("ignore", "low").reason("empty").flags().allowed(false)
                        .toxicity(0, 0).spam(0, 0).nsfw(0, 0)),
                group("blank", text("  \n\t ").action("ignore", "low").reason("empty")),
                group("invisible only", text("\u200B\uFEFF ").action("ignore", "low").reason("empty")));
    }

    private static Arguments group(String name, Expect e) {
        return Arguments.of(name, e);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void assess(String name, Expect e) {
        ModerationResult r = MODERATOR.assess(e.text, e.policy);
        String ctx = name + " -> " + r;
        if (e.action != null) {
            assertEquals(e.action, r.action(), ctx);
        }
        if (e.priority != null) {
            assertEquals(e.priority, r.priority(), ctx);
        }
        if (e.sentiment != null) {
            assertEquals(e.sentiment, r.sentiment(), ctx);
        }
        if (e.question != null) {
            assertEquals(e.question, r.question(), ctx);
        }
        if (e.allowed != null) {
            assertEquals(e.allowed, r.allowed(), ctx);
        }
        if (e.flags != null) {
            assertEquals(e.flags, r.flags(), ctx);
        }
        if (e.noGoMatches != null) {
            assertEquals(e.noGoMatches, r.noGoMatches(), ctx);
        }
        if (e.reasonContains != null) {
            assertTrue(r.reason().toLowerCase().contains(e.reasonContains.toLowerCase()), ctx);
        }
        inRange("toxicity", r.scores().toxicity(), e.toxicity, ctx);
        inRange("spam", r.scores().spam(), e.spam, ctx);
        inRange("nsfw", r.scores().nsfw(), e.nsfw, ctx);
        assertFalse(r.reason().isBlank(), ctx);
    }

    private static void inRange(String what, double v, double[] range, String ctx) {
        assertTrue(v >= range[0] - 1e-9 && v <= range[1] + 1e-9,
                what + " " + v + " not in " + Arrays.toString(range) + ": " + ctx);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\u00A0\u2003"})
    void nullAndBlankAreEmpty(String text) {
        ModerationResult r = MODERATOR.assess(text, null);
        assertEquals("ignore", r.action());
        assertEquals("empty", r.reason());
        assertEquals(new Scores(0, 0, 0), r.scores());
    }

    @Test
    void nullPolicyIsNone() {
        assertEquals(MODERATOR.assess(SPAM_EXAMPLE, ModerationPolicy.NONE), MODERATOR.assess(SPAM_EXAMPLE, null));
    }

    // ---- mentionsAny

    private static Stream<Arguments> mentions() {
        return Stream.of(
                Arguments.of("Elections are coming", List.of("election"), true),
                Arguments.of("natural selection", List.of("election"), false),
                Arguments.of("the election's result", List.of("election"), true),
                Arguments.of("ELECTION DAY", List.of("Election"), true),
                Arguments.of("Élection présidentielle", List.of("election"), true),
                Arguments.of("la religión", List.of("religion"), true),
                Arguments.of("religion", List.of("Religión"), true),
                Arguments.of("all the parties", List.of("party"), true),
                Arguments.of("the party's over", List.of("party"), true),
                Arguments.of("we were partying", List.of("party"), false),
                Arguments.of("taxes again", List.of("tax"), true),
                Arguments.of("Gun control now", List.of("gun control"), true),
                Arguments.of("gun-control debate", List.of("gun control"), true),
                Arguments.of("control the gun", List.of("gun control"), false),
                Arguments.of("#politics", List.of("politics"), true),
                Arguments.of("see https://news.example.com/politics", List.of("politics"), true),
                Arguments.of("我们讨论选举吧", List.of("选举"), true),
                Arguments.of("🍺 time", List.of("🍺"), true),
                Arguments.of("nothing here", List.of("politics", "election"), false),
                Arguments.of("nothing here", List.of(), false),
                Arguments.of(null, List.of("politics"), false),
                Arguments.of("politics", null, false),
                Arguments.of("politics", Arrays.asList(null, " ", "politics"), true));
    }

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @MethodSource("mentions")
    void mentionsAny(String text, List<String> topics, boolean expected) {
        assertEquals(expected, TopicMatcher.mentionsAny(text, topics));
    }

    // ---- policy and result records

    @Test
    void policyNormalises() {
        ModerationPolicy p = new ModerationPolicy(Arrays.asList(" politics ", null, "", "election"), " IGNORE ",
                "Safe-Reply");
        assertEquals(List.of("politics", "election"), p.noGoTopics());
        assertEquals("ignore", p.spamAction());
        assertEquals("safe_reply", p.noGoAction());
        assertThrows(UnsupportedOperationException.class, () -> p.noGoTopics().add("x"));

        ModerationPolicy defaults = new ModerationPolicy(null, null, "whatever");
        assertEquals(List.of(), defaults.noGoTopics());
        assertEquals("hide", defaults.spamAction());
        assertEquals("escalate", defaults.noGoAction());
        assertEquals(new ModerationPolicy(List.of(), "hide", "escalate"), ModerationPolicy.NONE);
    }

    @Test
    void resultListsAreImmutableCopies() {
        List<String> flags = new ArrayList<>(List.of("spam"));
        ModerationResult r = new ModerationResult(false, new Scores(0, 1, 0), flags, "hide", "x", "neutral", "low",
                null, false);
        flags.add("later");
        assertEquals(List.of("spam"), r.flags());
        assertEquals(List.of(), r.noGoMatches());
        assertThrows(UnsupportedOperationException.class, () -> r.flags().add("x"));
        ModerationResult assessed = MODERATOR.assess(SPAM_EXAMPLE, null);
        assertThrows(UnsupportedOperationException.class, () -> assessed.flags().add("x"));
    }

    @Test
    void noGoMatchesAreDedupedAndSpelledAsInPolicy() {
        ModerationPolicy p = new ModerationPolicy(List.of("Election", "elections", "Politics"), "hide", "escalate");
        ModerationResult r = MODERATOR.assess("politics, elections, election", p);
        assertEquals(List.of("Election", "Politics"), r.noGoMatches());
    }

    @Test
    void scoresAreRoundedToTwoDecimals() {
        ModerationResult r = MODERATOR.assess("You are an idiot, this is trash. so stupid!!! http://x.co", null);
        for (double v : new double[] {r.scores().toxicity(), r.scores().spam(), r.scores().nsfw()}) {
            assertEquals(Math.round(v * 100) / 100.0, v, 0.0);
        }
    }
}
