package com.socialwire.shared.providers.llm;

import java.math.BigDecimal;

/** The outcome of one completion, typed by what the caller must do next. */
public sealed interface LlmResult {

    /** Text, the model that wrote it, tokens used and their cost in USD. */
    record Ok(String text, String model, int inputTokens, int outputTokens, BigDecimal costUsd) implements LlmResult {
    }

    /** 429, 5xx, overloaded (Anthropic 529), timeouts, connection failures: try again later. */
    record Transient(int httpStatus, String message) implements LlmResult {
    }

    /** Bad request, bad key, unknown model: retrying cannot help. */
    record Failed(int httpStatus, String message) implements LlmResult {
    }
}
