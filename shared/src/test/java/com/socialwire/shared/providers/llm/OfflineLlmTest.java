package com.socialwire.shared.providers.llm;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class OfflineLlmTest {

    private static final String VOICE = "You write for Bloom Bakery. Brand voice: warm, playful, brief.";

    private final OfflineLlm llm = new OfflineLlm();

    private static LlmClient.LlmRequest ask(String system, String comment) {
        return new LlmClient.LlmRequest(system, List.of(new LlmClient.Message("user", comment)), 150, 0.7);
    }

    private LlmResult.Ok reply(String system, String comment) {
        return assertInstanceOf(LlmResult.Ok.class, llm.complete(ask(system, comment)));
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    @Test
    void isLabelledOfflineAndCostsNothing() {
        LlmResult.Ok ok = reply(VOICE, "Love these!");

        assertTrue(llm.offline());
        assertEquals("offline:template-v1", llm.describe());
        assertEquals("offline:template-v1", ok.model());
        assertEquals(new BigDecimal("0.000000"), ok.costUsd());
        assertEquals((ok.text().length() + 3) / 4, ok.outputTokens());
        assertEquals((VOICE.length() + "Love these!".length() + 3) / 4, ok.inputTokens());
    }

    @Test
    void theSameRequestAlwaysGetsTheSameReply() {
        LlmResult first = llm.complete(ask(VOICE, "When do you open on Saturday?"));
        LlmResult again = new OfflineLlm().complete(ask(VOICE, "When do you open on Saturday?"));

        assertEquals(first, again);
    }

    @Test
    void differentCommentsGetVariedReplies() {
        Set<String> replies = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            replies.add(reply(VOICE, "Love this post number " + i + "!").text());
        }
        assertTrue(replies.size() >= 6, "only " + replies.size() + " distinct replies: " + replies);
    }

    @Test
    void mirrorsComplaintsQuestionsAndPraise() {
        String complaint = reply(VOICE, "My order arrived damaged and nobody answers. Terrible.").text().toLowerCase(Locale.ROOT);
        String lateQuestion = reply(VOICE, "Why is my order still not here? It's 2 weeks late").text().toLowerCase(Locale.ROOT);
        String question = reply(VOICE, "Do you ship to Canada?").text().toLowerCase(Locale.ROOT);
        String praise = reply(VOICE, "These cupcakes are amazing 😍").text().toLowerCase(Locale.ROOT);

        for (String apology : List.of(complaint, lateQuestion)) {
            assertTrue(apology.contains("sorry") || apology.contains("apologise") || apology.contains("not the experience"), apology);
            assertTrue(apology.contains("dm") || apology.contains("message"), apology);
        }
        assertTrue(List.of("question", "asking", "help", "good one").stream().anyMatch(question::contains), question);
        assertTrue(question.contains("dm") || question.contains("message"), question);
        assertTrue(List.of("thank", "made our day", "appreciate", "the best", "glad").stream().anyMatch(praise::contains), praise);
        assertFalse(praise.contains("sorry"), praise);

        assertEquals(OfflineLlm.Kind.COMPLAINT, OfflineLlm.classify("worst service ever"));
        assertEquals(OfflineLlm.Kind.QUESTION, OfflineLlm.classify("how much is the sourdough"));
        assertEquals(OfflineLlm.Kind.PRAISE, OfflineLlm.classify("🔥🔥🔥"));
        assertEquals(OfflineLlm.Kind.OTHER, OfflineLlm.classify("Tagging @sam"));
    }

    @Test
    void aFormalVoiceGetsNoEmoji() {
        String formal = "You write for Hale & Co. solicitors. Tone: formal and professional.";
        String text = reply(formal, "Great article, thank you!").text();

        assertTrue(text.codePoints().noneMatch(cp -> cp > 0x2000), text);
    }

    @Test
    void neverUsesAWordFromANeverMentionLine() {
        String system = VOICE + "\nNever mention: DM, team, sorry, message\n";
        String complaint = reply(system, "The cake was stale, really disappointed").text();
        String question = reply(system, "Can I order a custom cake?").text();

        for (String text : List.of(complaint, question)) {
            Set<String> used = words(text);
            for (String banned : List.of("dm", "team", "sorry", "message")) {
                assertFalse(used.contains(banned), "'" + banned + "' in: " + text);
            }
        }
        assertEquals(Set.of("dm", "team", "sorry", "message"), OfflineLlm.banned(system));
        assertEquals(Set.of("prices", "gluten"), OfflineLlm.banned("  - never mention: prices; gluten"));
    }

    /** Seeded property check: whatever words are banned, none of them appears in any reply. */
    @Test
    void noBannedWordEverAppearsForRandomBansAndComments() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> vocabulary = new ArrayList<>();
        List<String> comments = List.of("Love it!", "Where is my refund?", "Do you open Sundays?", "ok", "This is broken",
                "Best bakery ever 😍", "Is it vegan?", "Tagging @mia", "meh", "So disappointed with the delivery");
        for (String c : comments) {
            vocabulary.addAll(words(reply(VOICE, c).text()));
        }
        vocabulary.addAll(List.of("thanks", "dm", "team", "we", "you", "us", "the", "a", "great", "sorry", "please"));
        try {
            for (int i = 0; i < 300; i++) {
                List<String> bans = new ArrayList<>();
                int n = random.nextInt(12);
                for (int k = 0; k < n; k++) {
                    bans.add(vocabulary.get(random.nextInt(vocabulary.size())));
                }
                String system = VOICE + "\nNever mention: " + String.join(", ", bans);
                String comment = comments.get(random.nextInt(comments.size())) + " " + random.nextInt(1000);
                String text = reply(system, comment).text();
                assertFalse(text.isBlank(), "empty reply");
                Set<String> used = words(text);
                for (String b : bans) {
                    if (used.contains(b)) {
                        fail("banned '" + b + "' in \"" + text + "\" for bans " + bans);
                    }
                }
            }
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    @Test
    void respectsTheOutputTokenCap() {
        LlmResult.Ok ok = assertInstanceOf(LlmResult.Ok.class, llm.complete(new LlmClient.LlmRequest(VOICE,
                List.of(new LlmClient.Message("user", "Where is my order? It is late")), 5, 0.7)));

        assertTrue(ok.text().length() <= 20, ok.text());
    }
}
