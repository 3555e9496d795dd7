package com.socialwire.shared.providers.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * An {@link ImageClient} over the OpenAI images API, {@code POST {base}/images/generations}
 * (platform.openai.com/docs/api-reference/images/create), which xAI ({@code https://api.x.ai/v1}, docs.x.ai "Image
 * generation") and local OpenAI-compatible servers also speak. Request {@code {model, prompt, n: 1, size,
 * quality?, response_format?}}; answer {@code {"created":..., "data":[{"b64_json"|"url", "revised_prompt"?}],
 * "usage"?}}.
 *
 * <ul>
 *   <li>The GPT image models always answer {@code b64_json} and refuse {@code response_format}; dall-e-2/3 and xAI
 *       answer a {@code url} (valid for an hour) unless asked for {@code b64_json}, which this client asks for.</li>
 *   <li>xAI's API takes no {@code size} ("not supported"): it is left out for {@code grok-} models.</li>
 *   <li>A {@code url} answer is downloaded at once (https only — or the configured server's own origin — no
 *       redirects, a size cap, within the call's time budget): the caller gets bytes, never the provider's link.</li>
 *   <li>A refused prompt is HTTP 400 with error code {@code content_policy_violation} (dall-e),
 *       {@code moderation_blocked} (GPT image models) or a message naming the content policy, or xAI's
 *       {@code block_reason}: {@link ImageResult.Failed#contentPolicy()}.</li>
 * </ul>
 * The API key is sent as a Bearer token and scrubbed from every message.
 */
public final class OpenAiCompatibleImages implements ImageClient {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_MODEL = "gpt-image-1";
    /** The largest image accepted (decoded bytes); a 1536x1024 PNG from the GPT image models is ~3 MB. */
    public static final int MAX_IMAGE_BYTES = 20 << 20;
    private static final int MAX_MESSAGE = 300;

    private final HttpClient http;
    private final URI endpoint;
    private final String apiKey;
    private final String model;
    private final String quality;
    private final Duration timeout;
    private final ImagePrices prices;

    /** {@code apiKey} may be null (local servers take none); {@code quality} null lets the provider choose. */
    public OpenAiCompatibleImages(String baseUrl, String apiKey, String model, String quality, Duration timeout, ImagePrices prices) {
        this(ProviderHttp.newClient(), baseUrl, apiKey, model, quality, timeout, prices);
    }

    public OpenAiCompatibleImages(HttpClient http, String baseUrl, String apiKey, String model, String quality, Duration timeout,
                                  ImagePrices prices) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = URI.create(ProviderHttp.trimBase(Objects.requireNonNull(baseUrl, "baseUrl")) + "/images/generations");
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
        this.model = Objects.requireNonNull(model, "model");
        this.quality = quality == null || quality.isBlank() ? null : quality.trim();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    @Override
    public String describe() {
        return "openai:" + model;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public boolean offline() {
        return false;
    }

    @Override
    public BigDecimal worstCaseUsd(ImageRequest request) {
        return prices.worstCase(model, quality, request.size(), request.prompt());
    }

    @Override
    public ImageResult generate(ImageRequest request) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ObjectNode body = Json.object();
        body.put("model", model);
        body.put("prompt", request.prompt());
        body.put("n", 1);
        String m = model.toLowerCase(Locale.ROOT);
        if (!m.startsWith("grok-")) {
            body.put("size", request.size());
        }
        if (quality != null) {
            body.put("quality", quality);
        }
        if (!m.startsWith("gpt-image")) {
            body.put("response_format", "b64_json");
        }
        HttpRequest.Builder post = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        if (apiKey != null) {
            post.header("Authorization", "Bearer " + apiKey);
        }
        Fetched answer = fetch(post.build(), MAX_IMAGE_BYTES / 3 * 4 + 64 * 1024);
        if (answer.failure() != null) {
            return answer.failure();
        }
        int status = answer.status();
        JsonNode json = ProviderHttp.jsonOrNull(new String(answer.bytes(), StandardCharsets.UTF_8));
        if (status < 200 || status >= 300) {
            return refusal(status, json, answer.retryAfterSeconds());
        }
        if (json == null || !json.isObject()) {
            return new ImageResult.Failed(status, "unreadable images answer", false);
        }
        JsonNode image = json.path("data").path(0);
        String blocked = ProviderHttp.text(json, "block_reason");
        if (image.isMissingNode() && blocked != null) {
            return new ImageResult.Failed(status, "the provider blocked the prompt: " + ProviderHttp.clip(blocked, MAX_MESSAGE), true);
        }
        String b64 = ProviderHttp.text(image, "b64_json");
        String url = ProviderHttp.text(image, "url");
        byte[] bytes;
        if (b64 != null && !b64.isBlank()) {
            try {
                // xAI has been seen to prefix a data URL ("data:image/png;base64,...")
                int comma = b64.startsWith("data:") ? b64.indexOf(',') : -1;
                bytes = Base64.getMimeDecoder().decode(b64.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                return new ImageResult.Failed(status, "the image's base64 is malformed", false);
            }
        } else if (url != null && !url.isBlank()) {
            ImageResult downloaded = download(url, deadline);
            if (!(downloaded instanceof ImageResult.Ok ok)) {
                return downloaded;
            }
            bytes = ok.bytes();
        } else {
            return new ImageResult.Failed(status, "the answer holds no image (neither data[0].b64_json nor data[0].url)", false);
        }
        if (bytes.length == 0 || bytes.length > MAX_IMAGE_BYTES) {
            return new ImageResult.Failed(status, "the image is " + bytes.length + " bytes; accepted are 1 to " + MAX_IMAGE_BYTES, false);
        }
        return new ImageResult.Ok(bytes, model, ProviderHttp.text(image, "revised_prompt"), cost(json.path("usage"), request));
    }

    /**
     * The price table's cost, with the prompt's text tokens as the provider counted them (GPT image models:
     * {@code usage.input_tokens_details.text_tokens}); xAI states the cost itself ({@code usage.cost_in_usd_ticks},
     * 10^10 ticks a dollar), which is taken when it is not above the table's worst case.
     */
    private BigDecimal cost(JsonNode usage, ImageRequest request) {
        BigDecimal worst = worstCaseUsd(request);
        if (usage.path("cost_in_usd_ticks").canConvertToLong() && usage.path("cost_in_usd_ticks").longValue() >= 0) {
            BigDecimal stated = BigDecimal.valueOf(usage.path("cost_in_usd_ticks").longValue()).divide(BigDecimal.valueOf(10_000_000_000L), 6,
                    RoundingMode.CEILING);
            return stated.min(worst);
        }
        JsonNode text = usage.path("input_tokens_details").path("text_tokens");
        if (text.canConvertToLong()) {
            return prices.cost(model, quality, request.size(), text.longValue()).min(worst);
        }
        return worst;
    }

    /** What a refusal means: 408/429/5xx transient; a content-policy 400 the caller's to fix; anything else permanent. */
    private ImageResult refusal(int status, JsonNode json, long retryAfter) {
        JsonNode error = json == null ? Json.object() : json.path("error");
        String text = error.isTextual() ? error.asText() : error.path("message").asText("");
        String code = error.path("code").asText("");
        String type = error.path("type").asText("");
        String message = ProviderHttp.redact((text.isEmpty() ? "HTTP " + status : ProviderHttp.clip(text, MAX_MESSAGE))
                + " (HTTP " + status + (code.isEmpty() ? "" : ", " + code) + (type.isEmpty() ? "" : ", " + type) + ")", apiKey);
        if (status == 408 || status == 429 || status >= 500) {
            return new ImageResult.Transient(status, message, retryAfter);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean policy = status == 400 && (code.equals("content_policy_violation") || code.equals("moderation_blocked")
                || lower.contains("content policy") || lower.contains("safety system") || lower.contains("moderation"));
        return new ImageResult.Failed(status, message, policy);
    }

    /**
     * Downloads a provider's image link within what is left of the call's time: https only, or the configured
     * server's own origin (a local server on http); no credentials in it, no redirects followed, at most
     * {@link #MAX_IMAGE_BYTES}. The link itself goes nowhere: not stored, not returned, not logged.
     */
    ImageResult download(String url, long deadline) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return new ImageResult.Failed(200, "the image link is not a valid URL", false);
        }
        boolean sameOrigin = Objects.equals(uri.getScheme(), endpoint.getScheme()) && Objects.equals(uri.getHost(), endpoint.getHost())
                && uri.getPort() == endpoint.getPort();
        if (uri.getHost() == null || uri.getRawUserInfo() != null || !("https".equalsIgnoreCase(uri.getScheme()) || sameOrigin)) {
            return new ImageResult.Failed(200, "the image link is not an https URL without credentials; not downloaded", false);
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left < 500) {
            return new ImageResult.Transient(0, "no time left to download the image", 0);
        }
        Fetched got = fetch(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(left)).header("Accept", "image/*").GET().build(),
                MAX_IMAGE_BYTES);
        if (got.failure() != null) {
            return got.failure();
        }
        if (got.status() != 200) {
            String why = "the image download answered HTTP " + got.status();
            return got.status() == 408 || got.status() == 429 || got.status() >= 500
                    ? new ImageResult.Transient(got.status(), why, got.retryAfterSeconds())
                    : new ImageResult.Failed(got.status(), why, false);
        }
        return new ImageResult.Ok(got.bytes(), model, null, BigDecimal.ZERO);
    }

    /** One exchange's status and body (at most {@code cap} bytes, else a failure), or the failure that ended it. */
    private record Fetched(int status, byte[] bytes, long retryAfterSeconds, ImageResult failure) {
    }

    private Fetched fetch(HttpRequest request, int cap) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long retryAfter = response.headers().firstValue("retry-after").map(OpenAiCompatibleImages::seconds).orElse(0L);
            long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
            try (InputStream in = response.body()) {
                if (declared > cap) {
                    return new Fetched(response.statusCode(), null, retryAfter, tooLarge(response.statusCode(), cap));
                }
                byte[] bytes = in.readNBytes(cap + 1);
                if (bytes.length > cap) {
                    return new Fetched(response.statusCode(), null, retryAfter, tooLarge(response.statusCode(), cap));
                }
                return new Fetched(response.statusCode(), bytes, retryAfter, null);
            }
        } catch (HttpConnectTimeoutException e) {
            return failed(new ImageResult.Transient(0, "connect timeout", 0));
        } catch (HttpTimeoutException e) {
            return failed(new ImageResult.Transient(0, "timed out after " + request.timeout().map(d -> d.toMillis() + " ms").orElse("the timeout"), 0));
        } catch (ConnectException e) {
            return failed(new ImageResult.Transient(0, "cannot connect", 0));
        } catch (IOException e) {
            return failed(new ImageResult.Transient(0, "I/O error " + e.getClass().getSimpleName() + ": "
                    + ProviderHttp.clip(ProviderHttp.redact(e.getMessage(), apiKey), MAX_MESSAGE), 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(new ImageResult.Transient(0, "interrupted", 0));
        }
    }

    private static Fetched failed(ImageResult failure) {
        return new Fetched(0, null, 0, failure);
    }

    private static ImageResult tooLarge(int status, int cap) {
        return new ImageResult.Failed(status, "the answer is larger than " + cap + " bytes", false);
    }

    /** Retry-After in seconds (a date is not worth parsing here: the caller's own default applies). */
    private static long seconds(String value) {
        try {
            return Math.max(0, Math.min(3600, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleImages[" + endpoint + ", " + model + (apiKey == null ? ", no key" : ", key set") + "]";
    }
}
