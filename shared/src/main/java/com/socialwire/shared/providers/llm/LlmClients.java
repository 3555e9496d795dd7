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
        return forJob(config, null, null);
    }

    /** The providers a job may name ({@link #forJob}). */
    public static final java.util.List<String> PROVIDERS = java.util.List.of("openai", "anthropic", "local", "offline");

    /** The model a {@code local} job runs on when it names none (an Ollama tag). */
    public static final String DEFAULT_LOCAL_MODEL = "llama3.2";
    /** Where a {@code local} job's OpenAI-compatible server listens when {@code LLM_LOCAL_BASE_URL} is unset (Ollama's port). */
    public static final String DEFAULT_LOCAL_BASE_URL = "http://localhost:11434/v1";

    /**
     * The client for one job that may name its {@code provider} (one of {@link #PROVIDERS}; null: the function's own, as
     * {@link #fromConfig}) and {@code model} (null: that provider's configured or default model). The function's own
     * provider keeps its {@code LLM_BASE_URL} and key; another named provider uses its own settings only —
     * {@code OPENAI_BASE_URL}/{@code OPENAI_API_KEY}, {@code ANTHROPIC_BASE_URL}/{@code ANTHROPIC_API_KEY}, and
     * {@code local}: an OpenAI-compatible server at {@code LLM_LOCAL_BASE_URL} (default {@value #DEFAULT_LOCAL_BASE_URL},
     * no key) — so one provider's key is never sent to another's endpoint.
     */
    public static LlmClient forJob(Config config, String provider, String model) {
        PriceTable prices = PriceTable.fromConfig(config);
        Duration timeout = Duration.ofMillis(config.getLong("LLM_TIMEOUT_MS", DEFAULT_TIMEOUT_MS));
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalStateException("LLM_TIMEOUT_MS must be positive");
        }
        Setup own = describe(config, false);
        String wanted = provider == null ? own.provider() : provider.toLowerCase(Locale.ROOT);
        boolean isOwn = wanted.equals(own.provider());
        return switch (wanted) {
            case "offline" -> new OfflineLlm(prices);
            case "openai" -> new OpenAiCompatibleLlm(isOwn ? own.baseUrl() : config.get("OPENAI_BASE_URL", OpenAiCompatibleLlm.DEFAULT_BASE_URL),
                    (isOwn ? key(config, "OPENAI_API_KEY") : config.get("OPENAI_API_KEY")).orElse(null),
                    model != null ? model : isOwn ? own.model() : OpenAiCompatibleLlm.DEFAULT_MODEL, timeout, prices);
            case "anthropic" -> new AnthropicLlm(isOwn ? own.baseUrl() : config.get("ANTHROPIC_BASE_URL", AnthropicLlm.DEFAULT_BASE_URL),
                    (isOwn ? key(config, "ANTHROPIC_API_KEY") : config.get("ANTHROPIC_API_KEY")).orElse(null),
                    model != null ? model : isOwn ? own.model() : AnthropicLlm.DEFAULT_MODEL, timeout, prices);
            case "local" -> new OpenAiCompatibleLlm(config.get("LLM_LOCAL_BASE_URL", DEFAULT_LOCAL_BASE_URL), null,
                    model != null ? model : config.get("LLM_LOCAL_MODEL", DEFAULT_LOCAL_MODEL), timeout, prices);
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
