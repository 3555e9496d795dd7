package com.socialwire.reads.transcribe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link Transcriber} over the instagram-read seed's hosted transcription boundary: {@code POST
 * {TRANSCRIBE_ENDPOINT}{TRANSCRIBE_PATH}} with {@code {mediaUrl, mediaId, shortcode, model, task: "transcribe",
 * maxDurationSec}} and the service token as a bearer token; the boundary downloads the media, extracts the audio, runs
 * the model and answers the normalized transcript. A reel longer than the cap is not sent; any failure (4xx, 5xx, a
 * timeout, an unreadable answer) is an empty answer with its reason — never an exception into the read.
 *
 * <p>Config: {@code TRANSCRIBE_ENDPOINT} (base URL; unset: not available), {@code TRANSCRIBE_SERVICE_TOKEN} (secret,
 * never logged or returned), {@code TRANSCRIBE_PATH} (default {@value #DEFAULT_PATH}), {@code TRANSCRIBE_MODEL} (default
 * {@value #DEFAULT_MODEL}; the legacy {@value #LEGACY_MODEL} hint means {@code auto}), {@code TRANSCRIBE_MAX_DURATION_SEC}
 * (default {@value #DEFAULT_MAX_DURATION_SEC}), {@code TRANSCRIBE_TIMEOUT_MS} (default {@value #DEFAULT_TIMEOUT_MS}).
 */
public final class HttpTranscriber implements Transcriber {

    public static final String DEFAULT_PATH = "/claudex/transcribe";
    public static final String DEFAULT_MODEL = "auto";
    public static final String LEGACY_MODEL = "gpt-4o-mini-transcribe";
    public static final int DEFAULT_MAX_DURATION_SEC = 180;
    public static final long DEFAULT_TIMEOUT_MS = 20_000;

    static final String NOT_CONFIGURED = "no transcription provider is configured";
    private static final int MAX_REMEMBERED = 256;

    private final HttpClient http;
    private final URI endpoint;
    private final String token;
    private final String model;
    private final int maxDurationSec;
    private final Duration timeout;
    /** Why the last attempt for a reel (by shortcode) came back empty; bounded, oldest forgotten first. */
    private final Map<String, String> reasons = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    public HttpTranscriber(HttpClient http, String endpoint, String path, String token, String model, int maxDurationSec, Duration timeout) {
        this.http = http;
        this.endpoint = endpoint == null || endpoint.isBlank() ? null
                : URI.create(ProviderHttp.trimBase(endpoint) + (path.startsWith("/") ? path : "/" + path));
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.model = model == null || model.isBlank() || LEGACY_MODEL.equalsIgnoreCase(model.trim()) ? DEFAULT_MODEL : model.trim();
        if (maxDurationSec <= 0) {
            throw new IllegalStateException("TRANSCRIBE_MAX_DURATION_SEC must be positive");
        }
        this.maxDurationSec = maxDurationSec;
        this.timeout = timeout;
    }

    public static HttpTranscriber fromConfig(Config config) {
        long timeoutMs = config.getLong("TRANSCRIBE_TIMEOUT_MS", DEFAULT_TIMEOUT_MS);
        if (timeoutMs <= 0) {
            throw new IllegalStateException("TRANSCRIBE_TIMEOUT_MS must be positive");
        }
        return new HttpTranscriber(ProviderHttp.newClient(), config.get("TRANSCRIBE_ENDPOINT").orElse(null),
                config.get("TRANSCRIBE_PATH", DEFAULT_PATH), config.get("TRANSCRIBE_SERVICE_TOKEN").orElse(null),
                config.get("TRANSCRIBE_MODEL", DEFAULT_MODEL), (int) config.getLong("TRANSCRIBE_MAX_DURATION_SEC", DEFAULT_MAX_DURATION_SEC),
                Duration.ofMillis(timeoutMs));
    }

    /** The model hint sent ({@code auto} for the legacy one). */
    public String model() {
        return model;
    }

    public int maxDurationSec() {
        return maxDurationSec;
    }

    /** The seed's rule: the boundary is used only when both its endpoint and its service token are configured. */
    @Override
    public boolean available() {
        return endpoint != null && token != null;
    }

    @Override
    public Optional<InstagramMedia.Transcript> transcribe(InstagramMedia reel) {
        if (!available()) {
            return empty(reel, NOT_CONFIGURED);
        }
        InstagramMedia.Asset video = video(reel);
        if (video == null) {
            return empty(reel, "the provider gave no video URL to transcribe");
        }
        Double seconds = video.durationSeconds();
        if (seconds != null && seconds > maxDurationSec) {
            return empty(reel, overCap());
        }
        ObjectNode body = Json.object();
        body.put("mediaUrl", video.url());
        body.put("mediaId", reel.mediaId());
        body.put("shortcode", reel.shortcode());
        body.put("model", model);
        body.put("task", "transcribe");
        body.put("maxDurationSec", maxDurationSec);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            return empty(reel, "the transcription provider timed out");
        } catch (IOException e) {
            return empty(reel, "the transcription provider could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return empty(reel, "the transcription was interrupted");
        }
        int status = response.statusCode();
        JsonNode json = ProviderHttp.jsonOrNull(response.body());
        if (status == 413 || status == 422 && mentionsDuration(json)) {
            return empty(reel, overCap());
        }
        if (status < 200 || status >= 300) {
            // the provider's own text stays out of the answer: it may echo URLs or credentials
            return empty(reel, "the transcription provider failed (HTTP " + status + ")");
        }
        return transcript(reel, json, seconds);
    }

    private Optional<InstagramMedia.Transcript> transcript(InstagramMedia reel, JsonNode json, Double assetSeconds) {
        if (json == null || !json.isObject()) {
            return empty(reel, "the transcription provider's answer could not be read");
        }
        // {text, language, durationSec} or {transcript: {text, language, duration…}} or {transcript: "…"}
        JsonNode t = json.path("transcript").isObject() ? json.get("transcript") : json;
        String text = ProviderHttp.text(t, "text");
        if (text == null && json.path("transcript").isTextual()) {
            text = json.get("transcript").asText();
        }
        if (text == null || text.isBlank()) {
            return empty(reel, "the transcription provider found no speech");
        }
        Double seconds = firstNumber(t, "durationSec", "durationSeconds", "duration");
        if (seconds == null) {
            seconds = firstNumber(json, "durationSec", "durationSeconds", "duration");
        }
        if (seconds == null) {
            seconds = assetSeconds;
        }
        String language = ProviderHttp.text(t, "language");
        synchronized (reasons) {
            reasons.remove(key(reel));
        }
        return Optional.of(new InstagramMedia.Transcript(text.strip(), language, "transcription", seconds));
    }

    @Override
    public String unavailableReason(InstagramMedia reel) {
        if (!available()) {
            return NOT_CONFIGURED;
        }
        InstagramMedia.Asset video = video(reel);
        if (video != null && video.durationSeconds() != null && video.durationSeconds() > maxDurationSec) {
            return overCap();
        }
        synchronized (reasons) {
            return reasons.getOrDefault(key(reel), "no transcript was asked for");
        }
    }

    private String overCap() {
        return "longer than the " + maxDurationSec + " s cap";
    }

    private Optional<InstagramMedia.Transcript> empty(InstagramMedia reel, String reason) {
        synchronized (reasons) {
            reasons.put(key(reel), reason);
        }
        return Optional.empty();
    }

    private static String key(InstagramMedia reel) {
        return reel.shortcode() != null ? reel.shortcode() : String.valueOf(reel.mediaId());
    }

    private static InstagramMedia.Asset video(InstagramMedia reel) {
        for (InstagramMedia.Asset a : reel.assets()) {
            if (a.url() != null && "video".equals(a.type())) {
                return a;
            }
        }
        return null;
    }

    private static boolean mentionsDuration(JsonNode json) {
        return json != null && json.toString().toLowerCase(Locale.ROOT).contains("duration");
    }

    private static Double firstNumber(JsonNode node, String... names) {
        for (String n : names) {
            JsonNode v = node.get(n);
            if (v != null && v.isNumber()) {
                return v.asDouble();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "HttpTranscriber[" + (endpoint == null ? "not configured" : endpoint) + ", " + model + ", cap " + maxDurationSec + " s"
                + (token == null ? ", no token" : ", token set") + "]";
    }
}
