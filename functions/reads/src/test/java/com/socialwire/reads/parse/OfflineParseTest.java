package com.socialwire.reads.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.providers.llm.OfflineLlm;
import com.socialwire.shared.providers.llm.PriceTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With no model configured (LLM_PROVIDER offline, the local runtime's default) every mode still answers in its schema, labelled. */
class OfflineParseTest {

    private final LlmParser parser = new LlmParser(new OfflineLlm(), PriceTable.defaults(), Clock.fixed(ParseFixtures.NOW, ZoneOffset.UTC));

    @ParameterizedTest
    @ValueSource(strings = {"summary", "tldr", "json"})
    void everyMediaModeAnswersOfflineInItsSchema(String mode) {
        Parser.Request request = parser.media(mode, ParseFixtures.reel(ParseFixtures.transcript()), ParseFixtures.comments());
        Parser.Parsed parsed = parser.run(request);

        assertEquals(List.of(), Schema.problems(ParseModes.of(ParseModes.MEDIA, mode).schema(), parsed.output()));
        assertOffline(parsed);
        assertEquals(parsed.output(), parser.run(parser.media(mode, ParseFixtures.reel(ParseFixtures.transcript()), ParseFixtures.comments())).output(),
                "deterministic");
        assertEquals("offline:template-v1", request.model());
    }

    @ParameterizedTest
    @ValueSource(strings = {"themes", "sentiment", "json", "questions", "objections", "consensus", "notable_replies", "spam_low_signal", "entities"})
    void everyCommentModeAnswersOfflineInItsSchema(String mode) {
        Parser.Request request = parser.comments(mode, ParseFixtures.comments());
        Parser.Parsed parsed = parser.run(request);

        assertEquals(List.of(), Schema.problems(ParseModes.of(ParseModes.COMMENTS, mode).schema(), parsed.output()));
        assertOffline(parsed);
        assertTrue(parsed.output().toString().length() > 20, "says something: " + parsed.output());
        assertEquals(parsed.output(), parser.run(parser.comments(mode, ParseFixtures.comments())).output(), "deterministic");
    }

    @Test
    void offlineAnswersReadTheSample() {
        JsonNode sentiment = parser.run(parser.comments("sentiment", ParseFixtures.comments())).output().path("distribution");
        assertEquals(28, sentiment.path("positive").asInt() + sentiment.path("neutral").asInt() + sentiment.path("negative").asInt());

        JsonNode questions = parser.run(parser.comments("questions", ParseFixtures.comments())).output().path("questions");
        assertTrue(questions.size() >= 3, questions.toString());

        JsonNode spam = parser.run(parser.comments("spam_low_signal", ParseFixtures.comments())).output();
        assertEquals("link_spam", spam.path("patterns").get(0).path("pattern").asText());
        assertEquals(0.152, spam.path("lowSignalShare").asDouble(), 1e-9, "5 flagged of 33");

        JsonNode entities = parser.run(parser.comments("entities", ParseFixtures.comments())).output().path("entities");
        assertTrue(entities.toString().contains("@mariabakes") && entities.toString().contains("King Arthur"), entities.toString());

        JsonNode objections = parser.run(parser.comments("objections", ParseFixtures.comments())).output().path("objections");
        assertTrue(objections.toString().contains("pricing") && objections.toString().contains("17912345678900004"), objections.toString());

        JsonNode replies = parser.run(parser.comments("notable_replies", ParseFixtures.comments())).output().path("replies");
        assertEquals("17912345678900101", replies.get(0).path("commentId").asText(), "the most liked reply");
    }

    /** Fault found by OfflineParsePropertyTest: an empty hashtag became an empty topic, and the offline json parse threw. */
    @Test
    void offlineJsonOfAMediaWithABlankHashtagStillHasATopic() {
        var blank = new com.socialwire.reads.model.InstagramMedia("C1", null, null, null, "image", " ", List.of(""), List.of(), null, null,
                null, List.of(), List.of(), null, null, null);

        Parser.Parsed parsed = parser.run(parser.media("json", blank, null));

        assertEquals(List.of(), Schema.problems(ParseModes.of(ParseModes.MEDIA, "json").schema(), parsed.output()));
    }

    private static void assertOffline(Parser.Parsed parsed) {
        assertEquals("offline:template-v1", parsed.model());
        assertEquals(0.0, parsed.costUsd());
        assertTrue(parsed.limitations().contains(LlmParser.OFFLINE), parsed.limitations().toString());
        assertTrue(parsed.limitations().stream().noneMatch(l -> l.contains("not in the sample")), "the offline parse cites only the sample: "
                + parsed.limitations());
    }
}
