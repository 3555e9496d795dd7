package com.socialwire.local.runtime.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * LOCAL SANDBOX of the instagram-read seed's hosted transcription boundary (nothing is downloaded or transcribed): it
 * answers {@code POST /claudex/transcribe} as {@code HttpTranscriber} calls it — bearer service token, {@code {mediaUrl,
 * mediaId, shortcode, model, task: "transcribe", maxDurationSec}} — with a deterministic transcript labelled
 * {@value #LABEL}, so a reel read locally with {@code transcript=true} shows the whole path. A wrong token is 401, a
 * task other than {@code transcribe} or no {@code mediaUrl} 400. Faults ({@code POST /_local/transcribe/_faults}) make
 * it fail or time out like the real one.
 */
public final class TranscribeSandbox implements PlatformSandbox {

    public static final String TOKEN = "sandbox-transcribe-token";
    public static final String LABEL = "[LOCAL SANDBOX TRANSCRIPT]";

    @Override
    public String name() {
        return "transcribe";
    }

    @Override
    public String label() {
        return "Transcription";
    }

    /** The reads function's transcriber points here (the token only opens this sandbox). */
    @Override
    public Map<String, String> environment(String base) {
        return Map.of("TRANSCRIBE_ENDPOINT", base, "TRANSCRIBE_SERVICE_TOKEN", TOKEN);
    }

    @Override
    public SandboxOAuth oauth() {
        return null;
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        if (!(request.method().equals("POST") && request.path().equals("/claudex/transcribe"))) {
            return SandboxResponse.json(404, Map.of("error", "not_found", "message", "the transcription sandbox answers POST /claudex/transcribe"));
        }
        if (!request.bearer().map(TOKEN::equals).orElse(false)) {
            return SandboxResponse.json(401, Map.of("error", "unauthorized", "message", "missing or wrong service token"));
        }
        JsonNode body = request.json();
        if (!"transcribe".equals(body.path("task").asText()) || body.path("mediaUrl").asText("").isBlank()) {
            return SandboxResponse.json(400, Map.of("error", "bad_request", "message", "task must be transcribe and mediaUrl is required"));
        }
        String media = body.path("shortcode").asText(body.path("mediaId").asText("media"));
        int cap = body.path("maxDurationSec").asInt(180);
        double seconds = Math.min(cap, 15 + Math.floorMod(fnv(media), 60)); // a stable made-up length within the cap
        ObjectNode answer = Json.object();
        answer.put("text", LABEL + " Hi everyone, this is the spoken part of reel " + media + ". Today we look at three quick tips, "
                + "and the full recipe is in the caption. (Sandbox text: no audio was downloaded or transcribed.)");
        answer.put("language", "en");
        answer.put("durationSec", seconds);
        answer.put("model", "auto".equals(body.path("model").asText("auto")) ? "sandbox-auto" : body.path("model").asText());
        answer.put("sandbox", true);
        return SandboxResponse.json(200, answer);
    }

    private static int fnv(String s) {
        int h = 0x811c9dc5;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return h;
    }
}
