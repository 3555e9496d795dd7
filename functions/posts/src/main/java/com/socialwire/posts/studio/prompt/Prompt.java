package com.socialwire.posts.studio.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * An assembled prompt and where each part came from, stored with the job (or returned by a tool)
 * so any text can be explained later: which strategy version, which template version, which SEO
 * rules were in it.
 *
 * @param system          the system prompt
 * @param user            the user turn (the request's untrusted text delimited inside it)
 * @param parts           the parts in the order they were assembled, each named by its source
 * @param strategyVersion the strategy version used, or null when the tenant has none
 * @param templateId      the template used, or null
 * @param templateVersion its version, or null
 */
public record Prompt(String system, String user, List<Part> parts, Integer strategyVersion, String templateId, Integer templateVersion) {

    /** One part: {@code source} such as brand_voice, strategy, seo_rules, preference, template, request; its text. */
    public record Part(String source, String text) {
    }

    public Prompt {
        parts = List.copyOf(parts);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("system", system);
        o.put("user", user);
        ArrayNode ps = o.putArray("parts");
        for (Part p : parts) {
            ps.addObject().put("source", p.source()).put("text", p.text());
        }
        if (strategyVersion == null) {
            o.putNull("strategyVersion");
        } else {
            o.put("strategyVersion", strategyVersion);
        }
        o.put("templateId", templateId);
        if (templateVersion == null) {
            o.putNull("templateVersion");
        } else {
            o.put("templateVersion", templateVersion);
        }
        return o;
    }

    /** A prompt as {@link #toJson} wrote it (a stored job's). */
    public static Prompt fromJson(JsonNode o) {
        List<Part> parts = new ArrayList<>();
        for (JsonNode p : o.path("parts")) {
            parts.add(new Part(p.path("source").asText(), p.path("text").asText()));
        }
        return new Prompt(o.path("system").asText(), o.path("user").asText(), parts,
                o.path("strategyVersion").isNumber() ? o.path("strategyVersion").asInt() : null,
                o.path("templateId").isTextual() ? o.path("templateId").asText() : null,
                o.path("templateVersion").isNumber() ? o.path("templateVersion").asInt() : null);
    }
}
