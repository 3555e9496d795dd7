package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.runtime.sandbox.TranscribeSandbox;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parse modes and transcription through the local runtime, offline: the LOCAL READ API SANDBOX reads a reel that has no
 * provider transcript ({@code DTrnscrb01a}), the LOCAL transcription sandbox transcribes it, and every parse mode (3
 * media, 9 comment) answers through the reads function with no model configured — the offline parser, labelled, in the
 * mode's schema.
 */
class ReadsParseE2ETest {

    /** In the read sandbox: a reel (kind 2) without a provider transcript (seed mod 8 = 6), 8-88 s long. */
    static final String REEL = "DTrnscrb01a";
    static final String OFFLINE_MODEL = "offline:template-v1";

    static LocalRuntime runtime;
    static LocalApi api;

    @BeforeAll
    static void start() throws Exception {
        LocalEnvironment env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 2);
        Fixtures.Account account = new Fixtures().signup("Reads Parse " + Ids.base62(6));
        api = new LocalApi(env, "http://127.0.0.1:" + runtime.port(), account.adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    static JsonNode read(String path) throws Exception {
        HttpResponse<String> r = api.send("GET", path, api.key, null);
        assertEquals(200, r.statusCode(), path + " -> " + r.body());
        return Json.tree(r.body());
    }

    @Test
    void aReelWithoutAProviderTranscriptIsTranscribedLocallyAndEveryMediaModeParsesOffline() throws Exception {
        for (String mode : List.of("summary", "tldr", "json")) {
            JsonNode body = read("/v1/instagram/reel?url=https://www.instagram.com/reel/" + REEL + "/&transcript=true&parse=" + mode
                    + "&comments=latest&commentLimit=20");

            JsonNode transcript = body.path("data").path("transcript");
            assertEquals("transcription", transcript.path("source").asText(), body.toString());
            assertTrue(transcript.path("text").asText().startsWith(TranscribeSandbox.LABEL), transcript.toString());
            JsonNode parse = body.path("parse");
            assertEquals(mode, parse.path("mode").asText(), body.toString());
            assertEquals(OFFLINE_MODEL, parse.path("model").asText());
            assertEquals("media-v1", parse.path("promptVersion").asText());
            assertTrue(parse.path("limitations").toString().contains("offline parse"), parse.toString());
            assertFalse(parse.path("limitations").toString().contains("missing transcript"), parse.toString());
            assertTrue(parse.path("limitations").toString().contains("sampled comments"), parse.toString());
            assertFalse(parse.path("output").isEmpty(), parse.toString());
        }
        JsonNode summary = read("/v1/instagram/reel?url=" + REEL + "&transcript=true&parse=summary&comments=latest&commentLimit=20");
        assertTrue(summary.path("parse").path("output").path("summary").asText().contains(TranscribeSandbox.LABEL),
                "the offline summary read the sandbox's transcript: " + summary.path("parse"));
    }

    @Test
    void everyCommentModeParsesOfflineOverTheRankedSample() throws Exception {
        for (String mode : List.of("themes", "sentiment", "json", "questions", "objections", "consensus", "notable_replies",
                "spam_low_signal", "entities")) {
            JsonNode body = read("/v1/instagram/comments?url=" + REEL + "&limit=100&includeReplies=true&parse=" + mode);

            JsonNode parse = body.path("parse");
            assertEquals(mode, parse.path("mode").asText(), body.toString());
            assertEquals(OFFLINE_MODEL, parse.path("model").asText());
            assertEquals("comments-v1", parse.path("promptVersion").asText());
            assertTrue(parse.path("limitations").get(0).asText().startsWith("sampled comments: the parse read "), parse.toString());
            assertTrue(parse.path("limitations").toString().contains("offline parse"), parse.toString());
            if (mode.equals("sentiment")) {
                JsonNode d = parse.path("output").path("distribution");
                String sampled = parse.path("limitations").get(0).asText().replaceFirst("^sampled comments: the parse read (\\d+) of .*$", "$1");
                assertEquals(Integer.parseInt(sampled), d.path("positive").asInt() + d.path("neutral").asInt() + d.path("negative").asInt(),
                        parse.toString());
            }
        }
    }
}
