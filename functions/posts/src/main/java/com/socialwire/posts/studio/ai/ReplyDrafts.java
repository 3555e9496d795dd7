package com.socialwire.posts.studio.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.studio.prompt.PromptRequest;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.tenants.Tenant;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code x/reply-suggestions}: for each of the tenant's engagement topics ({@code settings.engagementTopics}) an X
 * search query a person runs to find conversations, and a reply drafted by the model for that person to adapt and
 * send. Drafts only: X allows automated replies only where the account was summoned (mentioned or quoted by the
 * post's author), so nothing here is ever sent, and every item says so ({@code draft: true, autoSend: false}).
 */
final class ReplyDrafts {

    /** X's rule, stated with every answer. */
    static final String X_RULE = "X allows automated replies only to posts whose author mentions or quotes your account; "
            + "these are drafts for a person to review and send by hand. Socialwire never sends them. "
            + "(https://docs.x.com/x-api/posts/manage-tweets/integrate)";

    private final ToolCalls calls;

    ReplyDrafts(ToolCalls calls) {
        this.calls = calls;
    }

    Map<String, Object> suggestions(Tenant tenant) {
        List<String> topics = tenant.settings().engagementTopics();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rule", X_RULE);
        if (topics.isEmpty()) {
            out.put("items", List.of());
            out.put("note", "the tenant has no engagement topics: set settings.engagementTopics (PATCH /v1/tenants/{tenantId}); nothing was charged");
            return out;
        }
        Platform x = Platforms.require("twitter");
        List<String> lines = List.of(
                "For each engagement topic in the request, draft one reply a person from the brand could post under someone else's X post about it.",
                "Be helpful and specific, no links, no @handles, no hashtags, no offers or prices. " + CaptionTools.limitLine(x),
                "Answer with only a JSON array: [{\"topic\": \"...\", \"reply\": \"...\", \"context\": \"what kind of post this fits\"}].");
        LlmClient.LlmRequest request = ToolCalls.request(calls.prompt(tenant, new PromptRequest("x_reply",
                String.join("\n", topics), List.of(), null, List.of(x.name()), null, null, Map.of(), lines)), 60 + 160 * topics.size(), 0.7);
        List<String> noGo = tenant.noGoTopics();
        ToolCalls.Paid<List<Map<String, Object>>> paid = calls.run(tenant, "reply-suggestions", calls.worstUsd(List.of(request)), session -> {
            String answer = session.complete(request, () -> OfflineStudio.replies(topics, tenant.name()));
            if (answer == null) {
                return null;
            }
            Map<String, JsonNode> byTopic = new LinkedHashMap<>();
            for (JsonNode n : ModelAnswer.items(answer, "items")) {
                byTopic.putIfAbsent(n.path("topic").asText("").strip().toLowerCase(Locale.ROOT), n);
            }
            List<Map<String, Object>> items = new ArrayList<>();
            List<JsonNode> inOrder = ModelAnswer.items(answer, "items");
            for (int i = 0; i < topics.size(); i++) {
                String topic = topics.get(i);
                JsonNode n = byTopic.getOrDefault(topic.toLowerCase(Locale.ROOT), i < inOrder.size() ? inOrder.get(i) : null);
                items.add(item(x, topic, n, noGo));
            }
            return items;
        }, items -> items.stream().anyMatch(i -> i.get("draftReply") != null), "reply drafts");
        out.put("items", paid.value());
        return paid.into(out);
    }

    private static Map<String, Object> item(Platform x, String topic, JsonNode answer, List<String> noGo) {
        String query = "\"" + topic.replace("\"", "").strip() + "\" -is:retweet lang:en";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", topic);
        m.put("searchQuery", query);
        m.put("searchUrl", "https://x.com/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&f=live");
        CaptionFit.Result r = answer == null ? new CaptionFit.Result(null, CaptionFit.Refusal.EMPTY)
                : CaptionFit.fit(x, answer.path("reply").asText(""), List.of(), noGo);
        m.put("draftReply", r.fits() ? r.fitted().text() : null);
        if (!r.fits()) {
            m.put("refusedBecause", r.refusal().name().toLowerCase(Locale.ROOT));
        } else {
            m.put("characters", r.fitted().characters());
        }
        m.put("context", answer == null ? null : answer.path("context").asText(null));
        m.put("draft", true);
        m.put("autoSend", false);
        return m;
    }
}
