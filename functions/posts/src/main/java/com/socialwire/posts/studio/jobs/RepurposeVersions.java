package com.socialwire.posts.studio.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.shared.Json;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.text.TopicMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@code repurpose} job: one version of a text per target platform, each within that platform's limits. */
final class RepurposeVersions {

    private RepurposeVersions() {
    }

    static List<String> instructions(ObjectNode request) {
        List<String> lines = new ArrayList<>();
        StringBuilder limits = new StringBuilder("Rewrite the text once for each target platform, within its limit:");
        for (String p : CalendarPlanner.strings(request.path("targetPlatforms"))) {
            limits.append(' ').append(p).append(" at most ").append(Platforms.require(p).maxCharacters()).append(" characters;");
        }
        lines.add(limits.toString());
        lines.add("Answer with JSON only, no prose: {\"versions\":[{\"platform\":\"...\",\"text\":\"...\"}]}.");
        return lines;
    }

    /**
     * Reads the versions from the model's answer (leniently: the JSON in it), falls back to the source text for a platform
     * it left out, fits each to its platform, and leaves out any on a no-go topic. Returns the error if none is usable.
     */
    static String deliver(ContentJob job, Tenant tenant, String answer, ObjectNode result) {
        JsonNode root = CalendarPlanner.json(answer, '{', '}');
        JsonNode versions = root == null ? Json.array() : root.path("versions");
        ArrayNode out = result.putArray("versions");
        StringBuilder content = new StringBuilder();
        int usable = 0;
        for (String name : CalendarPlanner.strings(job.request.path("targetPlatforms"))) {
            Platform p = Platforms.require(name);
            String text = job.request.path("text").asText();
            for (JsonNode v : versions) {
                if (Platforms.find(v.path("platform").asText("")).filter(p::equals).isPresent() && v.path("text").isTextual()) {
                    text = v.path("text").asText();
                }
            }
            ObjectNode o = out.addObject().put("platform", name);
            List<String> topics = TopicMatcher.matches(text, tenant.noGoTopics());
            Optional<String> fitted = topics.isEmpty() ? PlatformFit.fit(text, List.of(), p) : Optional.empty();
            if (fitted.isEmpty()) {
                o.putNull("text");
                o.put("error", topics.isEmpty() ? "cannot be made to fit " + name : "mentions a no-go topic: " + String.join(", ", topics));
                continue;
            }
            usable++;
            o.put("text", fitted.get());
            content.append(content.isEmpty() ? "" : "\n\n").append("[").append(name).append("] ").append(fitted.get());
        }
        result.put("content", content.toString());
        return usable == 0 ? "no version could be made for any target platform" : null;
    }
}
