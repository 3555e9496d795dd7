package com.socialwire.shared.providers.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** An {@link LlmClient} over OpenAI's chat completions API, which OpenAI, Ollama and other local servers speak. */
public final class OpenAiCompatibleLlm implements LlmClient {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_MODEL = "gpt-4o-mini";

    private final HttpClient http;
    private final URI endpoint;
    private final String apiKey;
    private final String model;
    private final Duration timeout;
    private final PriceTable prices;

    /** {@code apiKey} may be null: local servers such as Ollama take none. */
    public OpenAiCompatibleLlm(String baseUrl, String apiKey, String model, Duration timeout, PriceTable prices) {
        this(ProviderHttp.newClient(), baseUrl, apiKey, model, timeout, prices);
    }

    public OpenAiCompatibleLlm(HttpClient http, String baseUrl, String apiKey, String model, Duration timeout, PriceTable prices) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = URI.create(ProviderHttp.trimBase(Objects.requireNonNull(baseUrl, "baseUrl")) + "/chat/completions");
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
        this.model = Objects.requireNonNull(model, "model");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    @Override
    public String describe() {
        return "openai:" + model;
    }

    @Override
    public boolean offline() {
        return false;
    }

    @Override
    public LlmResult complete(LlmRequest request) {
        ObjectNode body = Json.object();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        if (request.system() != null && !request.system().isBlank()) {
            messages.addObject().put("role", "system").put("content", request.system());
        }
        for (Message m : request.messages()) {
            messages.addObject().put("role", m.role()).put("content", m.content());
        }
        if (isReasoningModel(model)) {
            // OpenAI's reasoning models reject max_tokens and any temperature but the default.
            if (request.maxTokens() > 0) {
                body.put("max_completion_tokens", request.maxTokens());
            }
        } else {
            if (request.maxTokens() > 0) {
                body.put("max_tokens", request.maxTokens());
            }
            body.put("temperature", request.temperature());
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        if (apiKey != null) {
            http.header("Authorization", "Bearer " + apiKey);
        }
        return LlmHttp.send(this.http, http.build(), apiKey, (status, json) -> ok(status, json, request));
    }

    private LlmResult ok(int status, JsonNode json, LlmRequest request) {
        JsonNode message = json.path("choices").path(0).path("message");
        String text = ProviderHttp.text(message, "content");
        if (text == null || text.isBlank()) {
            // A refusal or a tool call: nothing we can post, and asking again would give the same.
            return new LlmResult.Failed(status, "the completion has no text (finish_reason "
                    + json.path("choices").path(0).path("finish_reason").asText("unknown") + ")");
        }
        JsonNode usage = json.path("usage");
        return LlmHttp.ok(text, ProviderHttp.text(json, "model"), model,
                usage.path("prompt_tokens").asInt(-1), usage.path("completion_tokens").asInt(-1), request, prices);
    }

    /** o1/o3/o4 and GPT-5 families take max_completion_tokens and no temperature. */
    static boolean isReasoningModel(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        return m.matches("o\\d.*") || m.startsWith("gpt-5");
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleLlm[" + endpoint + ", " + model + (apiKey == null ? ", no key" : ", key set") + "]";
    }
}
