package com.socialwire.shared.providers.llm;

import com.socialwire.shared.Config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Builds the {@link LlmClient} a function uses from its configuration, once, at cold start. */
public final class LlmClients {

    public static final long DEFAULT_TIMEOUT_MS = 30_000;

    private LlmClients() {
    }

    /**
     * {@code LLM_PROVIDER} is {@code openai}, {@code anthropic} or {@code offline}. Unset, it is offline unless a
     * real endpoint is configured ({@code LLM_BASE_URL} or an API key): then anthropic if only an Anthropic key is
     * set, else openai. {@code LLM_API_KEY} falls back to {@code OPENAI_API_KEY} / {@code ANTHROPIC_API_KEY};
     * {@code LLM_MODEL} and {@code LLM_TIMEOUT_MS} (default 30 s) tune it; prices come from {@link PriceTable#fromConfig}.
     */
    public static LlmClient fromConfig(Config config) {
        PriceTable prices = PriceTable.fromConfig(config);
        Duration timeout = Duration.ofMillis(config.getLong("LLM_TIMEOUT_MS", DEFAULT_TIMEOUT_MS));
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalStateException("LLM_TIMEOUT_MS must be positive");
        }
        Setup s = describe(config, false);
        return switch (s.provider()) {
            case "offline" -> new OfflineLlm(prices);
            case "openai" -> new OpenAiCompatibleLlm(s.baseUrl(), key(config, "OPENAI_API_KEY").orElse(null), s.model(), timeout, prices);
            case "anthropic" -> new AnthropicLlm(s.baseUrl(), key(config, "ANTHROPIC_API_KEY").orElse(null), s.model(), timeout, prices);
            default -> throw new IllegalStateException("LLM_PROVIDER must be openai, anthropic or offline");
        };
    }

    /** What {@link #fromConfig} builds from a configuration: provider, model, endpoint, and whether it has an API key. */
    public record Setup(String provider, String model, String baseUrl, boolean apiKeyConfigured) {
    }

    /**
     * The client {@link #fromConfig} builds from {@code config}, described without building it (or
     * seeing a key): {@code keyConfiguredElsewhere} says a key is set where {@code config} does not
     * carry it (the owner's metrics are told so, never given the key).
     */
    public static Setup describe(Config config, boolean keyConfiguredElsewhere) {
        String provider = config.get("LLM_PROVIDER").map(p -> p.toLowerCase(Locale.ROOT)).orElseGet(() -> inferProvider(config));
        return switch (provider) {
            case "offline" -> new Setup("offline", OfflineLlm.MODEL, null, false);
            case "openai" -> new Setup("openai", config.get("LLM_MODEL", OpenAiCompatibleLlm.DEFAULT_MODEL),
                    config.get("LLM_BASE_URL", OpenAiCompatibleLlm.DEFAULT_BASE_URL),
                    keyConfiguredElsewhere || key(config, "OPENAI_API_KEY").isPresent());
            case "anthropic" -> new Setup("anthropic", config.get("LLM_MODEL", AnthropicLlm.DEFAULT_MODEL),
                    config.get("LLM_BASE_URL", AnthropicLlm.DEFAULT_BASE_URL),
                    keyConfiguredElsewhere || key(config, "ANTHROPIC_API_KEY").isPresent());
            default -> new Setup(provider, null, null, false);
        };
    }

    private static String inferProvider(Config config) {
        boolean anthropicKey = config.get("ANTHROPIC_API_KEY").isPresent();
        boolean otherKey = config.get("LLM_API_KEY").isPresent() || config.get("OPENAI_API_KEY").isPresent();
        if (config.get("LLM_BASE_URL").isEmpty() && !anthropicKey && !otherKey) {
            return "offline";
        }
        return anthropicKey && !otherKey ? "anthropic" : "openai";
    }

    private static Optional<String> key(Config config, String providerKey) {
        return config.get("LLM_API_KEY").or(() -> config.get(providerKey));
    }
}
