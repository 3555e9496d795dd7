package com.socialwire.shared.providers.llm;

/** Token counts guessed from text length, for the offline generator and for servers that report no usage. */
public final class TokenEstimate {

    private TokenEstimate() {
    }

    /** About four characters per token: the usual rule of thumb for English text. */
    public static int ofChars(int chars) {
        return Math.max(1, (chars + 3) / 4);
    }

    /** The input tokens of a request: its system prompt and every message. */
    public static int ofRequest(LlmClient.LlmRequest request) {
        int chars = request.system() == null ? 0 : request.system().length();
        for (LlmClient.Message m : request.messages()) {
            chars += m.content() == null ? 0 : m.content().length();
        }
        return ofChars(chars);
    }
}
