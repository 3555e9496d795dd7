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
        String provider = config.get("LLM_PROVIDER").map(p -> p.toLowerCase(Locale.ROOT)).orElseGet(() -> inferProvider(config));
        Duration timeout = Duration.ofMillis(config.getLong("LLM_TIMEOUT_MS", DEFAULT_TIMEOUT_MS));
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalStateException("LLM_TIMEOUT_MS must be positive");
        }
        return switch (provider) {
            case "offline" -> new OfflineLlm(prices);
            case "openai" -> new OpenAiCompatibleLlm(
                    config.get("LLM_BASE_URL", OpenAiCompatibleLlm.DEFAULT_BASE_URL),
                    key(config, "OPENAI_API_KEY").orElse(null),
                    config.get("LLM_MODEL", OpenAiCompatibleLlm.DEFAULT_MODEL),
                    timeout, prices);
            case "anthropic" -> new AnthropicLlm(
                    config.get("LLM_BASE_URL", AnthropicLlm.DEFAULT_BASE_URL),
                    key(config, "ANTHROPIC_API_KEY").orElse(null),
                    config.get("LLM_MODEL", AnthropicLlm.DEFAULT_MODEL),
                    timeout, prices);
            default -> throw new IllegalStateException("LLM_PROVIDER must be openai, anthropic or offline");
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
