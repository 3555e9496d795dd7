package com.socialwire.reads.transcribe;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.shared.Config;
import com.socialwire.shared.providers.ProviderHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real {@link HttpTranscriber} against a WireMock stand-in for the seed's hosted transcription boundary. */
class HttpTranscriberContractTest {

    @RegisterExtension
    static WireMockExtension boundary = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "svc_tr_5f0c2a9e41d7";
    static final String PATH = "/sandboxes/sbx-7f3a/claudex/transcribe";

    private HttpTranscriber transcriber(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "TRANSCRIBE_ENDPOINT", boundary.baseUrl() + "/sandboxes/sbx-7f3a/",
                "TRANSCRIBE_SERVICE_TOKEN", TOKEN,
                "TRANSCRIBE_TIMEOUT_MS", "2000"));
        env.putAll(extra);
        return HttpTranscriber.fromConfig(Config.of(env));
    }

    static InstagramMedia reel(Double seconds) {
        return new InstagramMedia("DAbC12xYz9Q", "3512345678901234567", "https://www.instagram.com/reel/DAbC12xYz9Q/", null, "reel", "caption",
                null, null, null, Instant.parse("2026-12-01T17:04:11Z"), null,
                List.of(new InstagramMedia.Asset("video", "https://scontent.cdninstagram.com/v/reel.mp4?oe=6752A1B0", 1080, 1920, seconds, true, null, null)),
                null, null, null, null);
    }

    @Test
    void postsTheReelToTheBoundaryAndReturnsItsTranscriptWithTheSecondsToMeter() {
        boundary.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("""
                {"text":" Today I'm showing you three ways to proof sourdough. ","language":"en","durationSec":47.3,"model":"auto"}""")));

        Optional<InstagramMedia.Transcript> t = transcriber(Map.of()).transcribe(reel(47.3));

        assertEquals(Optional.of(new InstagramMedia.Transcript("Today I'm showing you three ways to proof sourdough.", "en", "transcription", 47.3)), t);
        boundary.verify(postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"mediaUrl":"https://scontent.cdninstagram.com/v/reel.mp4?oe=6752A1B0","mediaId":"3512345678901234567",
                         "shortcode":"DAbC12xYz9Q","model":"auto","task":"transcribe","maxDurationSec":180}""")));
    }

    @Test
    void aNestedTranscriptAnswerIsReadTooAndTheAssetDurationFillsIn() {
        boundary.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("""
                {"ok":true,"transcript":{"text":"Hello from the reel","language":"en"}}""")));

        assertEquals(Optional.of(new InstagramMedia.Transcript("Hello from the reel", "en", "transcription", 12.0)),
                transcriber(Map.of()).transcribe(reel(12.0)));
    }

    @Test
    void aReelLongerThanTheCapIsNotSent() {
        HttpTranscriber t = transcriber(Map.of());

        assertEquals(Optional.empty(), t.transcribe(reel(181.0)));
        assertEquals("longer than the 180 s cap", t.unavailableReason(reel(181.0)));
        boundary.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theCapAndPathAndModelAreConfigurable() {
        boundary.stubFor(post(urlEqualTo("/sandboxes/sbx-7f3a/v2/transcribe")).willReturn(okJson("{\"text\":\"ok then\"}")));
        HttpTranscriber t = transcriber(Map.of("TRANSCRIBE_MAX_DURATION_SEC", "60", "TRANSCRIBE_PATH", "v2/transcribe",
                "TRANSCRIBE_MODEL", "whisper-large-v3"));

        assertEquals("longer than the 60 s cap", reasonAfter(t, reel(61.0)));
        assertTrue(t.transcribe(reel(59.0)).isPresent());
        boundary.verify(postRequestedFor(urlEqualTo("/sandboxes/sbx-7f3a/v2/transcribe"))
                .withRequestBody(equalToJson("{\"model\":\"whisper-large-v3\",\"maxDurationSec\":60}", true, true)));
    }

    @Test
    void theLegacyModelHintIsSentAsAuto() {
        assertEquals("auto", transcriber(Map.of("TRANSCRIBE_MODEL", "gpt-4o-mini-transcribe")).model());
        assertEquals("auto", transcriber(Map.of()).model());
    }

    @Test
    void notConfiguredIsNotAvailableAndCallsNothing() {
        HttpTranscriber none = HttpTranscriber.fromConfig(Config.of(Map.of()));
        HttpTranscriber noToken = HttpTranscriber.fromConfig(Config.of(Map.of("TRANSCRIBE_ENDPOINT", boundary.baseUrl())));

        assertFalse(none.available());
        assertFalse(noToken.available(), "the seed uses the boundary only with its endpoint and its service token");
        assertEquals(Optional.empty(), none.transcribe(reel(10.0)));
        assertEquals("no transcription provider is configured", none.unavailableReason(reel(10.0)));
        boundary.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aServerErrorIsAnEmptyAnswerWithAReasonThatHoldsNothingOfTheProvider() {
        boundary.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500)
                .withBody("{\"error\":\"relay auth failed for token " + TOKEN + " at /srv/claudex\"}")));
        HttpTranscriber t = transcriber(Map.of());

        assertEquals(Optional.empty(), t.transcribe(reel(30.0)));
        assertEquals("the transcription provider failed (HTTP 500)", t.unavailableReason(reel(30.0)));
        assertFalse(t.toString().contains(TOKEN));
    }

    @Test
    void aClientErrorIsAnEmptyAnswerAndATooLongAnswerIsTheCap() {
        boundary.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(401).withBody("{\"error\":\"bad token\"}")));
        HttpTranscriber t = transcriber(Map.of());
        assertEquals("the transcription provider failed (HTTP 401)", reasonAfter(t, reel(30.0)));

        boundary.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(422)
                .withBody("{\"error\":\"media duration 240s exceeds maxDurationSec 180\"}")));
        assertEquals("longer than the 180 s cap", reasonAfter(t, reel(null)), "a reel whose length the provider did not say");
    }

    @Test
    void aTimeoutIsAnEmptyAnswerNeverAnException() {
        boundary.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"text\":\"late\"}").withFixedDelay(3000)));
        HttpTranscriber t = new HttpTranscriber(ProviderHttp.newClient(), boundary.baseUrl() + "/sandboxes/sbx-7f3a", HttpTranscriber.DEFAULT_PATH,
                TOKEN, null, 180, Duration.ofMillis(300));

        assertEquals("the transcription provider timed out", reasonAfter(t, reel(30.0)));
    }

    @Test
    void anUnreachableBoundaryOrAnUnreadableAnswerIsAnEmptyAnswer() {
        HttpTranscriber down = HttpTranscriber.fromConfig(Config.of(Map.of("TRANSCRIBE_ENDPOINT", "http://127.0.0.1:9", "TRANSCRIBE_SERVICE_TOKEN", TOKEN)));
        assertEquals("the transcription provider could not be reached", reasonAfter(down, reel(30.0)));

        boundary.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("<html>gateway</html>")));
        assertEquals("the transcription provider's answer could not be read", reasonAfter(transcriber(Map.of()), reel(30.0)));

        boundary.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"text\":\"  \"}")));
        assertEquals("the transcription provider found no speech", reasonAfter(transcriber(Map.of()), reel(30.0)));
    }

    @Test
    void aReelWithoutAVideoUrlIsNotSent() {
        InstagramMedia noVideo = new InstagramMedia("DAbC12xYz9Q", null, null, null, "reel", null, null, null, null, null, null,
                List.of(), null, null, null, null);
        assertEquals("the provider gave no video URL to transcribe", reasonAfter(transcriber(Map.of()), noVideo));
        boundary.verify(0, anyRequestedFor(anyUrl()));
    }

    private static String reasonAfter(HttpTranscriber t, InstagramMedia reel) {
        assertEquals(Optional.empty(), t.transcribe(reel));
        return t.unavailableReason(reel);
    }
}
