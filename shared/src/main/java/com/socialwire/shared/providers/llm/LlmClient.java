package com.socialwire.shared.providers.llm;

import java.util.List;

/**
 * Writes text with a language model: OpenAI-compatible chat completions (OpenAI, Ollama and other
 * local servers), Anthropic Messages, or the offline deterministic generator. Every completion
 * reports its token usage and what it cost by the {@link PriceTable}.
 */
public interface LlmClient {

    /** Which implementation and model answers, e.g. {@code openai:gpt-4o-mini} or {@code offline:template-v1}. */
    String describe();

    /** True for the offline generator, which must be labelled as such wherever its text shows. */
    boolean offline();

    LlmResult complete(LlmRequest request);

    /** One chat turn. */
    record Message(String role, String content) {
    }

    /** A request: system prompt, conversation, a cap on output tokens and a temperature. */
    record LlmRequest(String system, List<Message> messages, int maxTokens, double temperature) {
    }
}
