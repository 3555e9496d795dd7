package com.socialwire.shared.providers.image;

import com.socialwire.shared.Config;

import java.time.Duration;
import java.util.Locale;

/** Builds the {@link ImageClient} a function uses from its configuration, on the first image it draws. */
public final class ImageClients {

    /**
     * 25 s: the API Gateway HTTP API gives an integration 30 s, and the image must still be stored and answered.
     * GPT image models at high quality can take longer: choose {@code IMAGE_QUALITY} low or medium there.
     */
    public static final long DEFAULT_TIMEOUT_MS = 25_000;

    private ImageClients() {
    }

    /**
     * {@code IMAGE_PROVIDER} is {@code openai} (the OpenAI-compatible images API: OpenAI, xAI, local servers) or
     * {@code offline}; unset, it is offline unless {@code IMAGE_BASE_URL} or {@code IMAGE_API_KEY} is set.
     * {@code IMAGE_MODEL} (default gpt-image-1), {@code IMAGE_QUALITY} (unset: the provider chooses, priced at its
     * most expensive quality), {@code IMAGE_TIMEOUT_MS} (default 25 s); prices from {@link ImagePrices#fromConfig}.
     */
    public static ImageClient fromConfig(Config config) {
        Duration timeout = Duration.ofMillis(config.getLong("IMAGE_TIMEOUT_MS", DEFAULT_TIMEOUT_MS));
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalStateException("IMAGE_TIMEOUT_MS must be positive");
        }
        return switch (provider(config)) {
            case "offline" -> new OfflineImages();
            case "openai" -> new OpenAiCompatibleImages(config.get("IMAGE_BASE_URL", OpenAiCompatibleImages.DEFAULT_BASE_URL),
                    config.get("IMAGE_API_KEY").orElse(null), config.get("IMAGE_MODEL").filter(m -> !m.isBlank())
                    .orElse(OpenAiCompatibleImages.DEFAULT_MODEL), config.get("IMAGE_QUALITY").orElse(null), timeout,
                    ImagePrices.fromConfig(config));
            default -> throw new IllegalStateException("IMAGE_PROVIDER must be openai or offline");
        };
    }

    /** {@code offline} or {@code openai}, as {@link #fromConfig} chooses. */
    public static String provider(Config config) {
        return config.get("IMAGE_PROVIDER").filter(p -> !p.isBlank()).map(p -> p.toLowerCase(Locale.ROOT))
                .orElseGet(() -> config.get("IMAGE_BASE_URL").filter(u -> !u.isBlank()).isPresent()
                        || config.get("IMAGE_API_KEY").filter(k -> !k.isBlank()).isPresent() ? "openai" : "offline");
    }
}
