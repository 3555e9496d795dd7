package com.socialwire.posts.studio.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.studio.prompt.Prompt;
import com.socialwire.posts.studio.prompt.PromptRequest;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.text.TopicMatcher;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ai/generate} and {@code ai/repurpose}: captions written by the model in one call, each made to fit its
 * platform by {@link CaptionFit} (trimmed when too long), the ones that cannot be made to fit (empty, on a no-go topic,
 * unreadable, missing) asked for once more in a second call of the same metered run; a caption that still does not
 * fit is never returned.
 */
final class CaptionTools {

    static final Set<String> TONES = Set.of("professional", "casual", "humorous", "inspirational", "educational", "provocative");
    static final int MAX_PROMPT = 2_000;
    static final int MAX_SOURCE_TEXT = 10_000;
    /** Output tokens one caption may take: enough for a long LinkedIn post, not for Facebook's 63,206 characters. */
    private static final int TOKENS_PER_CAPTION = 700;

    private final ToolCalls calls;

    CaptionTools(ToolCalls calls) {
        this.calls = calls;
    }

    // ------------------------------------------------------------------ generate

    Map<String, Object> generate(Tenant tenant, ObjectNode body) {
        JsonBody in = new JsonBody(body, Set.of("prompt", "platform", "tone", "includeHashtags", "includeEmojis", "count"));
        String prompt = in.string("prompt", true, 1, MAX_PROMPT).orElse(null);
        Platform platform = platform(in, "platform", true);
        String tone = in.oneOf("tone", false, TONES).orElse("professional");
        boolean hashtags = in.bool("includeHashtags").orElse(true);
        boolean emojis = in.bool("includeEmojis").orElse(false);
        int count = in.decimal("count", BigDecimal.ONE, BigDecimal.valueOf(5), 0).map(BigDecimal::intValue).orElse(3);
        in.check();
        refuseNoGo(tenant, "prompt", prompt);

        Prompt first = calls.prompt(tenant, captionRequest(prompt, platform, tone, hashtags, emojis, count, null));
        Prompt again = calls.prompt(tenant, captionRequest(prompt, platform, tone, hashtags, emojis, count, count));
        LlmClient.LlmRequest firstCall = ToolCalls.request(first, tokens(count, platform), 0.8);
        List<String> noGo = tenant.noGoTopics();
        ToolCalls.Paid<List<Map<String, Object>>> paid = calls.run(tenant, "generate", calls.worstUsd(List.of(firstCall,
                ToolCalls.request(again, tokens(count, platform), 0.9))), session -> {
            List<Map<String, Object>> items = new ArrayList<>();
            String answer = session.complete(firstCall,
                    () -> OfflineStudio.captions(prompt, platform, tone, hashtags, emojis, count, noGo, 0));
            if (answer == null) {
                return null;
            }
            addFitting(items, ModelAnswer.items(answer, "captions"), platform, noGo, count, hashtags, emojis, false);
            int missing = count - items.size();
            if (missing > 0) {
                Prompt retry = calls.prompt(tenant, captionRequest(prompt, platform, tone, hashtags, emojis, missing, missing));
                String second = session.complete(ToolCalls.request(retry, tokens(missing, platform), 0.9),
                        () -> OfflineStudio.captions(prompt, platform, tone, hashtags, emojis, missing, noGo, 1));
                if (second != null) {
                    addFitting(items, ModelAnswer.items(second, "captions"), platform, noGo, count, hashtags, emojis, true);
                }
            }
            return items;
        }, items -> !items.isEmpty(), "captions");

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("platform", platform.name());
        out.put("tone", tone);
        out.put("requested", count);
        out.put("items", paid.value());
        out.put("prompt", first.toJson());
        return paid.into(out);
    }

    private static PromptRequest captionRequest(String prompt, Platform p, String tone, boolean hashtags, boolean emojis, int count,
                                                Integer retry) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Write %d distinct %s caption%s in a %s tone.", count, p.name(), count == 1 ? "" : "s", tone));
        lines.add(limitLine(p));
        lines.add(hashtags && p.supportsHashtags()
                ? "Put " + OfflineStudio.tagCount(p) + " relevant hashtags in each caption's hashtags list, not in its text."
                : "No hashtags.");
        lines.add(emojis ? "At most two emoji per caption." : "No emoji.");
        if (retry != null) {
            lines.add("Earlier captions did not fit: keep each one well under the limit and off every topic you must never mention.");
        }
        lines.add("Answer with only a JSON array of " + count + " objects: [{\"text\": \"...\", \"hashtags\": [\"#tag\"]}].");
        return new PromptRequest("caption", prompt, List.of(), null, List.of(p.name()), tone, null, Map.of(), lines);
    }

    // ------------------------------------------------------------------ repurpose

    Map<String, Object> repurpose(Tenant tenant, ObjectNode body) {
        JsonBody in = new JsonBody(body, Set.of("text", "sourcePlatform", "targetPlatforms", "preserveTone"));
        String text = in.string("text", true, 1, MAX_SOURCE_TEXT).orElse(null);
        String source = in.string("sourcePlatform", false, 1, 40).orElse("blog");
        List<String> names = in.strings("targetPlatforms", Platforms.all().size() + 1, 40).orElse(null);
        boolean preserveTone = in.bool("preserveTone").orElse(true);
        List<Platform> targets = new ArrayList<>();
        if (names == null || names.isEmpty()) {
            in.reject("targetPlatforms", "is required: one or more of " + Platforms.names());
        } else {
            for (String n : names) {
                Platform p = Platforms.find(n).orElse(null);
                if (p == null) {
                    in.reject("targetPlatforms", "unknown platform " + n.strip() + "; one of " + Platforms.names());
                } else if (!targets.contains(p)) {
                    targets.add(p);
                }
            }
        }
        in.check();
        refuseNoGo(tenant, "text", text);

        List<String> noGo = tenant.noGoTopics();
        LlmClient.LlmRequest firstCall = ToolCalls.request(calls.prompt(tenant, repurposeRequest(text, source, targets, preserveTone, false)),
                tokens(targets), 0.7);
        LlmClient.LlmRequest worstRetry = ToolCalls.request(calls.prompt(tenant, repurposeRequest(text, source, targets, preserveTone, true)),
                tokens(targets), 0.8);
        ToolCalls.Paid<Map<Platform, Map<String, Object>>> paid = calls.run(tenant, "repurpose", calls.worstUsd(List.of(firstCall, worstRetry)),
                session -> {
                    Map<Platform, Map<String, Object>> versions = new LinkedHashMap<>();
                    String answer = session.complete(firstCall, () -> OfflineStudio.repurpose(text, targets, noGo));
                    if (answer == null) {
                        return null;
                    }
                    addVersions(versions, ModelAnswer.items(answer, "versions"), targets, noGo, false);
                    List<Platform> missing = targets.stream().filter(p -> !versions.containsKey(p)).toList();
                    if (!missing.isEmpty()) {
                        String second = session.complete(ToolCalls.request(calls.prompt(tenant,
                                repurposeRequest(text, source, missing, preserveTone, true)), tokens(missing), 0.8),
                                () -> OfflineStudio.repurpose(text, missing, noGo));
                        if (second != null) {
                            addVersions(versions, ModelAnswer.items(second, "versions"), missing, noGo, true);
                        }
                    }
                    return versions;
                }, v -> !v.isEmpty(), "versions");

        List<Map<String, Object>> versions = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        for (Platform p : targets) {
            Map<String, Object> v = paid.value().get(p);
            if (v != null) {
                versions.add(v);
            } else {
                failed.add(Map.of("platform", p.name(), "reason", "the model wrote no version that fits " + p.name()
                        + " and avoids the brand's no-go topics"));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sourcePlatform", source);
        out.put("preserveTone", preserveTone);
        out.put("versions", versions);
        out.put("failed", failed);
        return paid.into(out);
    }

    private static PromptRequest repurposeRequest(String text, String source, List<Platform> targets, boolean preserveTone, boolean retry) {
        List<String> lines = new ArrayList<>();
        lines.add("Rewrite the " + source + " text in the request as one post for each of these platforms: "
                + String.join(", ", targets.stream().map(Platform::name).toList()) + ".");
        for (Platform p : targets) {
            lines.add("- " + limitLine(p) + (p.supportsHashtags() ? " Up to " + OfflineStudio.tagCount(p) + " hashtags." : " No hashtags."));
        }
        lines.add(preserveTone ? "Keep the original's tone and voice." : "Use the tone each platform's audience expects.");
        lines.add("Keep the facts; do not invent prices, dates or claims.");
        if (retry) {
            lines.add("Earlier versions did not fit: keep each one well under its limit and off every topic you must never mention.");
        }
        lines.add("Answer with only a JSON object: {\"versions\": [{\"platform\": \"<name>\", \"text\": \"...\", \"hashtags\": [\"#tag\"]}]}.");
        return new PromptRequest("repurpose", text, List.of(), null, targets.stream().map(Platform::name).toList(), null, null, Map.of(),
                lines);
    }

    private static void addVersions(Map<Platform, Map<String, Object>> versions, List<JsonNode> answer, List<Platform> wanted,
                                    List<String> noGo, boolean regenerated) {
        for (JsonNode v : answer) {
            Platform p = Platforms.find(v.path("platform").asText(null)).orElse(null);
            if (p == null || !wanted.contains(p) || versions.containsKey(p)) {
                continue;
            }
            CaptionFit.Result r = CaptionFit.fit(p, v.path("text").asText(""), ModelAnswer.strings(v.path("hashtags")), noGo);
            if (r.fits()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("platform", p.name());
                m.putAll(r.fitted().toMap(p));
                m.put("regenerated", regenerated);
                versions.put(p, m);
            }
        }
    }

    // ------------------------------------------------------------------ shared

    /**
     * The answer's captions that can be made to fit, up to {@code count}, without repeats; its hashtag lists only when asked
     * for, its emoji only when asked for.
     */
    private static void addFitting(List<Map<String, Object>> items, List<JsonNode> answer, Platform p, List<String> noGo, int count,
                                   boolean hashtags, boolean emojis, boolean regenerated) {
        for (JsonNode c : answer) {
            if (items.size() >= count) {
                return;
            }
            String text = c.isTextual() ? c.asText() : c.path("text").asText("");
            text = emojis ? text : CaptionFit.withoutEmoji(text);
            CaptionFit.Result r = CaptionFit.fit(p, text, hashtags ? ModelAnswer.strings(c.path("hashtags")) : List.of(), noGo);
            if (r.fits() && items.stream().noneMatch(i -> i.get("text").equals(r.fitted().text()))) {
                Map<String, Object> m = r.fitted().toMap(p);
                m.put("regenerated", regenerated);
                items.add(m);
            }
        }
    }

    /** The platform's limit as the prompt states it. */
    static String limitLine(Platform p) {
        String how = switch (p.counting()) {
            case WEIGHTED -> " (emoji and CJK characters count 2, every link " + p.urlCharacters() + ")";
            case GRAPHEMES -> " (counted as visible characters)";
            case CHARACTERS -> p.urlCharacters() != null ? " (every link counts " + p.urlCharacters() + ")" : "";
        };
        return String.format(Locale.ROOT, "%s: at most %,d characters including hashtags%s%s.", p.name(), p.maxCharacters(), how,
                p.maxHashtags() == null ? "" : ", at most " + p.maxHashtags() + " hashtags");
    }

    static Platform platform(JsonBody in, String field, boolean required) {
        String name = in.string(field, required, 1, 40).orElse(null);
        if (name == null) {
            return null;
        }
        Platform p = Platforms.find(name).orElse(null);
        if (p == null) {
            in.reject(field, "must be one of " + Platforms.names());
        }
        return p;
    }

    /** A request whose own text is on a no-go topic is refused before anything is paid: no caption of it could be returned. */
    static void refuseNoGo(Tenant tenant, String field, String text) {
        List<String> hit = TopicMatcher.matches(text, tenant.noGoTopics());
        if (!hit.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "the " + field + " mentions the brand's no-go topics",
                    Map.of(field, "mentions " + hit, "noGoTopics", hit), Map.of());
        }
    }

    private static int tokens(int count, Platform p) {
        return Math.min(4_000, count * Math.min(TOKENS_PER_CAPTION, p.maxCharacters() / 3 + 40) + 60);
    }

    private static int tokens(List<Platform> targets) {
        int sum = 60;
        for (Platform p : targets) {
            sum += Math.min(TOKENS_PER_CAPTION, p.maxCharacters() / 3 + 40);
        }
        return Math.min(6_000, sum);
    }
}
