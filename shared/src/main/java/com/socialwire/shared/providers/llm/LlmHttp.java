package com.socialwire.shared.providers.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/** Sends one completion request and maps what comes back, the same way for every HTTP LLM API. */
final class LlmHttp {

    private static final int MAX_MESSAGE = 500;

    private LlmHttp() {
    }

    /**
     * Sends {@code request}; a 2xx JSON body goes to {@code onSuccess}. 408, 429, 5xx (Anthropic's 529 included),
     * timeouts and connection failures are Transient — a completion has no side effect but its cost, so repeating
     * one is safe. Other statuses are Failed. {@code secret} is scrubbed from every message.
     */
    static LlmResult send(HttpClient http, HttpRequest request, String secret, BiFunction<Integer, JsonNode, LlmResult> onSuccess) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            return new LlmResult.Transient(0, "connect timeout");
        } catch (HttpTimeoutException e) {
            return new LlmResult.Transient(0, "timed out after " + request.timeout().map(d -> d.toMillis() + " ms").orElse("the timeout"));
        } catch (ConnectException e) {
            return new LlmResult.Transient(0, "cannot connect");
        } catch (IOException e) {
            return new LlmResult.Transient(0, "I/O error " + e.getClass().getSimpleName() + ": "
                    + ProviderHttp.clip(ProviderHttp.redact(e.getMessage(), secret), MAX_MESSAGE));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LlmResult.Transient(0, "interrupted");
        }
        int status = response.statusCode();
        JsonNode body = ProviderHttp.jsonOrNull(response.body());
        if (status >= 200 && status < 300) {
            if (body == null || !body.isObject()) {
                return new LlmResult.Failed(status, "unreadable completion body");
            }
            return onSuccess.apply(status, body);
        }
        String message = describe(status, body, secret);
        if (status == 408 || status == 429 || status >= 500) {
            return new LlmResult.Transient(status, message);
        }
        return new LlmResult.Failed(status, message);
    }

    /** OpenAI ({@code {"error":{"message","type",...}}}) and Anthropic ({@code {"type":"error","error":{"type","message"}}}) share this shape. */
    private static String describe(int status, JsonNode body, String secret) {
        JsonNode error = body == null ? Json.object() : body.path("error");
        String text = error.isTextual() ? error.asText() : error.path("message").asText("");
        String type = error.path("type").asText("");
        StringBuilder s = new StringBuilder(text.isEmpty() ? "HTTP " + status : ProviderHttp.clip(text, MAX_MESSAGE));
        s.append(" (HTTP ").append(status);
        if (!type.isEmpty()) {
            s.append(", ").append(type);
        }
        s.append(')');
        return ProviderHttp.redact(s.toString(), secret);
    }

    /**
     * The Ok for a completion: token counts as the API reported them (estimated where a server reports none),
     * priced by the model that answered — or by the configured model when the answering snapshot or local tag
     * has no price of its own, which is the better guess than the fallback.
     */
    static LlmResult ok(String text, String reportedModel, String configuredModel, int inputTokens, int outputTokens,
                        LlmClient.LlmRequest request, PriceTable prices) {
        int in = inputTokens >= 0 ? inputTokens : TokenEstimate.ofRequest(request);
        int out = outputTokens >= 0 ? outputTokens : TokenEstimate.ofChars(text.length());
        String answeredBy = reportedModel == null ? configuredModel : reportedModel;
        String priced = prices.knows(answeredBy) ? answeredBy : configuredModel;
        return new LlmResult.Ok(text.trim(), answeredBy, in, out, prices.cost(priced, in, out));
    }
}
