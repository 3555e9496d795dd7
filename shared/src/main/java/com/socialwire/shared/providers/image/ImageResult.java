package com.socialwire.shared.providers.image;

import java.math.BigDecimal;

/** The outcome of one image generation, typed by what the caller must do next. */
public sealed interface ImageResult {

    /** The image's bytes (PNG, JPEG or WEBP as the provider chose), the model that drew it and what it cost in USD. */
    record Ok(byte[] bytes, String model, String revisedPrompt, BigDecimal costUsd) implements ImageResult {
    }

    /** 408, 429, 5xx, timeouts, connection failures: try again later ({@code retryAfterSeconds} 0 when not said). */
    record Transient(int httpStatus, String message, long retryAfterSeconds) implements ImageResult {
    }

    /**
     * Retrying the same request cannot help: a refused prompt ({@code contentPolicy}: the caller must rephrase), a
     * bad key or model, an answer without a usable image.
     */
    record Failed(int httpStatus, String message, boolean contentPolicy) implements ImageResult {
    }
}
