package com.socialwire.posts.studio.prompt;

import java.util.List;
import java.util.Map;

/**
 * What a caller asks the content studio to write, before the tenant's voice, strategy, SEO rules,
 * preference and template are added by {@link PromptBuilder}.
 *
 * @param contentType  what is written: caption, calendar, blog, email, landing, local, repurpose, ...
 * @param topic        the caller's prompt or topic (untrusted: delimited in the prompt)
 * @param keywords     extra keywords for this request (on top of the tenant's SEO rules)
 * @param length       short | medium | long, or null for the content preference's
 * @param platforms    the platforms the text is for (their limits go into the prompt), may be empty
 * @param tone         a tone for this request, or null for the strategy's
 * @param templateId   a template to fill, or null
 * @param variables    the template's variables
 * @param instructions further lines the caller's tool adds (trusted: written by our code, never by a user)
 */
public record PromptRequest(String contentType, String topic, List<String> keywords, String length, List<String> platforms,
                            String tone, String templateId, Map<String, String> variables, List<String> instructions) {

    public PromptRequest {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        instructions = instructions == null ? List.of() : List.copyOf(instructions);
    }

    public static PromptRequest of(String contentType, String topic) {
        return new PromptRequest(contentType, topic, List.of(), null, List.of(), null, null, Map.of(), List.of());
    }
}
