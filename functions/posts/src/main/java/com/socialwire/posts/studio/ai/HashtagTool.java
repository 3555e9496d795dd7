package com.socialwire.posts.studio.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.studio.prompt.PromptRequest;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.tenants.Tenant;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ai/hashtags}: the model proposes tags with a relevance, {@link Hashtags} makes them valid and ranks them
 * (one leading {@code #}, no spaces or punctuation, deduped case-insensitively, no no-go topic, best first), at most the
 * count asked and the platform's own hashtag limit. Offline: the text's keywords.
 */
final class HashtagTool {

    static final int MAX_TEXT = 5_000;

    private final ToolCalls calls;

    HashtagTool(ToolCalls calls) {
        this.calls = calls;
    }

    Map<String, Object> hashtags(Tenant tenant, ObjectNode body) {
        JsonBody in = new JsonBody(body, Set.of("text", "platform", "count"));
        String text = in.string("text", true, 1, MAX_TEXT).orElse(null);
        Platform platform = CaptionTools.platform(in, "platform", true);
        int asked = in.decimal("count", BigDecimal.ONE, BigDecimal.valueOf(20), 0).map(BigDecimal::intValue).orElse(10);
        in.check();
        if (!platform.supportsHashtags()) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, platform.name() + " does not use hashtags",
                    Map.of("platform", platform.name() + " publishes no hashtags"), Map.of());
        }
        int count = platform.maxHashtags() == null ? asked : Math.min(asked, platform.maxHashtags());
        List<String> lines = List.of(
                "Propose " + (count + 5) + " hashtags for this " + platform.name() + " post, each with its relevance to the post from 0 to 1.",
                "Hashtags are one word: letters, digits or underscores, no spaces or punctuation.",
                "Answer with only a JSON array: [{\"tag\": \"#example\", \"relevance\": 0.9}].");
        LlmClient.LlmRequest request = ToolCalls.request(calls.prompt(tenant,
                new PromptRequest("hashtags", text, List.of(), null, List.of(platform.name()), null, null, Map.of(), lines)),
                40 + 15 * (count + 5), 0.4);
        List<String> noGo = tenant.noGoTopics();
        ToolCalls.Paid<List<Hashtags.Ranked>> paid = calls.run(tenant, "hashtags", calls.worstUsd(List.of(request)), session -> {
            String answer = session.complete(request, () -> OfflineStudio.hashtags(text, count + 5, noGo));
            if (answer == null) {
                return null;
            }
            List<Hashtags.Ranked> proposed = new ArrayList<>();
            for (JsonNode n : ModelAnswer.items(answer, "hashtags")) {
                String tag = n.isTextual() ? n.asText() : n.path("tag").asText(null);
                double relevance = n.path("relevance").isNumber() ? n.path("relevance").asDouble() : 0.5;
                proposed.add(new Hashtags.Ranked(tag, relevance));
            }
            return Hashtags.rank(proposed, noGo, count);
        }, tags -> !tags.isEmpty(), "hashtags");

        List<Map<String, Object>> items = new ArrayList<>();
        for (Hashtags.Ranked r : paid.value()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tag", r.tag());
            m.put("relevance", r.relevance());
            items.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("platform", platform.name());
        out.put("requested", asked);
        out.put("items", items);
        return paid.into(out);
    }
}
