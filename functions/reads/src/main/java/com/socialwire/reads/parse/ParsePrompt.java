package com.socialwire.reads.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.providers.llm.LlmClient;

import java.util.List;

/**
 * What a {@link Parser.Request} carries to {@link LlmParser#run}: the mode, the model request the assembler built, the
 * data it shows (what the offline parser reads too), the comment sample whose ids an output may cite (empty when none
 * was read), and the limitations known before anything was called.
 */
public record ParsePrompt(ParseModes.Mode mode, LlmClient.LlmRequest request, ObjectNode data, CommentSample sample,
                          List<String> limitations) {

    public ParsePrompt {
        limitations = List.copyOf(limitations);
    }
}
