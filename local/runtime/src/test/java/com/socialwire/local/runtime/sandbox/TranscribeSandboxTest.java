package com.socialwire.local.runtime.sandbox;

import com.socialwire.reads.Reads;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.reads.parse.Parser;
import com.socialwire.reads.transcribe.Transcriber;
import com.socialwire.shared.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reads wiring as the local runtime configures it (every sandbox's environment, no LLM configured): the transcriber
 * reaches the local transcription sandbox and gets its labelled transcript, and every parse runs offline, labelled.
 */
class TranscribeSandboxTest {

    static SandboxServer server;
    static Reads reads;

    @BeforeAll
    static void serve() throws Exception {
        server = new SandboxServer(new SandboxHost(new TranscribeSandbox()), Map.of());
        Map<String, String> env = new HashMap<>(Map.of("TABLE_NAME", "unused", "AWS_REGION", "us-east-1"));
        env.putAll(new TranscribeSandbox().environment(server.base()));
        reads = new Reads(Config.of(env), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        server.close();
    }

    static InstagramMedia reel(String shortcode, Double seconds) {
        return new InstagramMedia(shortcode, "3512345678901234567", "https://www.instagram.com/reel/" + shortcode + "/", null, "reel",
                "Three proofing tips #sourdough", List.of("sourdough"), List.of(), null, Instant.parse("2026-12-01T17:04:11Z"), null,
                List.of(new InstagramMedia.Asset("video", "https://scontent.cdninstagram.com/v/" + shortcode + ".mp4", 1080, 1920, seconds, true,
                        null, null)), null, null, null, null);
    }

    @Test
    void theLocalTranscriberGetsTheSandboxesLabelledTranscript() {
        Transcriber t = reads.transcriber().get();

        assertTrue(t.available());
        InstagramMedia.Transcript transcript = t.transcribe(reel("DAbC12xYz9Q", 40.0)).orElseThrow();

        assertTrue(transcript.text().startsWith(TranscribeSandbox.LABEL), transcript.text());
        assertEquals("transcription", transcript.source());
        assertTrue(transcript.durationSeconds() >= 15 && transcript.durationSeconds() <= 180, "seconds to meter: " + transcript.durationSeconds());
        assertEquals(transcript, t.transcribe(reel("DAbC12xYz9Q", 40.0)).orElseThrow(), "deterministic");
    }

    @Test
    void aReelOverTheCapNeverReachesTheSandbox() throws Exception {
        Transcriber t = reads.transcriber().get();
        HttpClient http = HttpClient.newHttpClient();
        http.send(HttpRequest.newBuilder(URI.create(server.base() + "/_outbox")).DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertTrue(t.transcribe(reel("LongReel01", 240.0)).isEmpty());
        assertEquals("longer than the 180 s cap", t.unavailableReason(reel("LongReel01", 240.0)));
        String outbox = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/_outbox")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertFalse(outbox.contains("LongReel01"), outbox);
    }

    @Test
    void aSandboxFaultIsANoTranscriptReasonNotAFailedRead() throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.base() + "/_faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"pathContains\":\"transcribe\",\"status\":503,\"times\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Transcriber t = reads.transcriber().get();

        assertTrue(t.transcribe(reel("Fault503x", 30.0)).isEmpty());
        assertEquals("the transcription provider failed (HTTP 503)", t.unavailableReason(reel("Fault503x", 30.0)));
    }

    @Test
    void aWrongTokenIsRefused() {
        Map<String, String> env = new HashMap<>(Map.of("TABLE_NAME", "unused", "AWS_REGION", "us-east-1",
                "TRANSCRIBE_ENDPOINT", server.base(), "TRANSCRIBE_SERVICE_TOKEN", "not-the-sandbox-token"));
        Transcriber t = new Reads(Config.of(env), Clock.systemUTC()).transcriber().get();

        assertTrue(t.transcribe(reel("DAbC12xYz9Q", 40.0)).isEmpty());
        assertEquals("the transcription provider failed (HTTP 401)", t.unavailableReason(reel("DAbC12xYz9Q", 40.0)));
    }

    @Test
    void everyParseModeRunsOfflineLocallyOnTheSandboxTranscript() {
        Parser parser = reads.parser().get();
        InstagramMedia bare = reel("DAbC12xYz9Q", 40.0);
        InstagramMedia.Transcript transcript = reads.transcriber().get().transcribe(bare).orElseThrow();
        InstagramMedia withTranscript = new InstagramMedia(bare.shortcode(), bare.mediaId(), bare.url(), bare.canonicalUrl(), bare.type(),
                bare.caption(), bare.hashtags(), bare.mentions(), bare.owner(), bare.timestamp(), bare.metrics(), bare.assets(), bare.children(),
                bare.audio(), transcript, null);

        for (String mode : Parser.MEDIA_MODES) {
            Parser.Parsed parsed = parser.run(parser.media(mode, withTranscript, null));
            assertEquals("offline:template-v1", parsed.model(), mode);
            assertTrue(parsed.limitations().stream().anyMatch(l -> l.startsWith("offline parse")), mode + ": " + parsed.limitations());
            assertFalse(parsed.limitations().stream().anyMatch(l -> l.startsWith("missing transcript")), mode + ": " + parsed.limitations());
        }
        assertTrue(parser.run(parser.media("summary", withTranscript, null)).output().path("summary").asText().contains(TranscribeSandbox.LABEL),
                "the offline summary quotes the sandbox's labelled transcript");
    }
}
