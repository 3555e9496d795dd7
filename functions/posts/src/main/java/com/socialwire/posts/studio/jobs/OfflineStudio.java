package com.socialwire.posts.studio.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.studio.prompt.Prompt;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.llm.LlmResult;
import com.socialwire.shared.providers.llm.OfflineLlm;
import com.socialwire.shared.tenants.Tenant;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The studio's offline generator, used only when the job's client is the offline one (no model configured): it writes a
 * deterministic text of the job's type from its request (a calendar as a valid JSON plan, a repurpose as one version per
 * platform), so the whole flow runs without a key. Its results are labelled {@code offlineGenerator: true}.
 */
final class OfflineStudio {

    static final List<String> DEFAULT_PILLARS = List.of("tips", "behind the scenes", "community", "offers");
    private static final List<String> CLOSERS = List.of("Tell us what you think in the comments.", "Save this for later.",
            "Come and see for yourself this week.", "Share it with someone who needs it.", "More on this soon.");

    private OfflineStudio() {
    }

    /** The offline answer to {@code job} with {@code prompt}; a calendar of {@code slots} entries. */
    static LlmResult.Ok write(ContentJob job, Tenant tenant, Prompt prompt, int slots) {
        ObjectNode r = job.request;
        String topic = r.path("prompt").asText(r.path("text").asText("")).strip();
        List<String> keywords = CalendarPlanner.strings(r.path("keywords"));
        String keyword = keywords.isEmpty() ? null : keywords.get(0);
        long hash = (job.type.wire() + "\n" + Json.write(r)).hashCode(); // String.hashCode is specified: the same on every JVM
        String text = switch (job.type) {
            case GENERATE_CALENDAR -> calendar(r, topic, keywords, hash, slots);
            case REPURPOSE -> repurpose(r, topic);
            case GENERATE_BLOG -> "# " + title(topic) + "\n\n" + lead(topic, keyword) + "\n\n" + sections(r, hash, keyword,
                    List.of("Why it matters", "How to start", "What to expect", "Next steps"));
            case GENERATE_EMAIL -> "Subject: " + title(topic) + "\n\nHi there,\n\n" + lead(topic, keyword) + " "
                    + closer(hash, 0) + "\n\nBest wishes,\n" + tenant.name();
            case GENERATE_LANDING -> "# " + title(topic) + "\n\n" + lead(topic, keyword) + "\n\n## Why " + tenant.name() + "\n\n"
                    + "- Made with care\n- Close to you\n- Here when you need us\n\n## Get started\n\nGet in touch today.";
            case GENERATE_LOCAL -> title(topic) + " near you. " + lead(topic, keyword) + " Visit " + tenant.name()
                    + " and say hello. " + closer(hash, 1);
            default -> lead(topic, keyword) + " " + closer(hash, 0) + hashtags(keywords, " ");
        };
        int max = r.path("maxTokens").asInt(0) * 4;
        if (max > 0 && text.length() > max && job.type != JobType.GENERATE_CALENDAR && job.type != JobType.REPURPOSE) {
            int space = text.lastIndexOf(' ', max);
            text = text.substring(0, space > 0 ? space : max);
        }
        int in = tokens(prompt.system().length() + prompt.user().length());
        return new LlmResult.Ok(text, OfflineLlm.MODEL, in, tokens(text.length()), BigDecimal.ZERO.setScale(6));
    }

    private static String calendar(ObjectNode r, String topic, List<String> keywords, long hash, int slots) {
        List<String> pillars = CalendarPlanner.strings(r.path("pillars"));
        if (pillars.isEmpty()) {
            pillars = DEFAULT_PILLARS;
        }
        ObjectNode plan = Json.object();
        ArrayNode entries = plan.putArray("entries");
        for (int i = 0; i < slots; i++) {
            String pillar = pillars.get(i % pillars.size());
            String keyword = keywords.isEmpty() ? null : keywords.get(i % keywords.size());
            String text = title(pillar) + ": " + topic + "." + (keyword == null ? "" : " All about " + keyword + ".") + " " + closer(hash, i);
            ObjectNode e = entries.addObject().put("slot", i + 1).put("pillar", pillar).put("text", text);
            ArrayNode tags = e.putArray("hashtags");
            for (String k : keywords.stream().limit(2).toList()) {
                tags.add(k);
            }
            tags.add(pillar);
        }
        return Json.write(plan);
    }

    private static String repurpose(ObjectNode r, String text) {
        ObjectNode out = Json.object();
        ArrayNode versions = out.putArray("versions");
        for (String p : CalendarPlanner.strings(r.path("targetPlatforms"))) {
            versions.addObject().put("platform", p).put("text", text);
        }
        return Json.write(out);
    }

    private static String sections(ObjectNode r, long hash, String keyword, List<String> headings) {
        int n = switch (r.path("length").asText("medium")) {
            case "short" -> 1;
            case "long" -> headings.size();
            default -> 2;
        };
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : "\n\n").append("## ").append(headings.get(i)).append("\n\n")
                    .append(keyword == null ? "" : "Good " + keyword + " starts with small steps. ").append(closer(hash, i + 2));
        }
        return s.toString();
    }

    private static String lead(String topic, String keyword) {
        return topic.isEmpty() ? "News from us." : topic.endsWith(".") ? topic : topic + "." + (keyword == null ? "" : " All about " + keyword + ".");
    }

    private static String title(String s) {
        String t = s.isEmpty() ? "News" : s.length() > 80 ? s.substring(0, 80).strip() : s;
        return t.substring(0, 1).toUpperCase(Locale.ROOT) + t.substring(1);
    }

    private static String closer(long hash, int i) {
        return CLOSERS.get((int) Long.remainderUnsigned(hash + i, CLOSERS.size()));
    }

    private static String hashtags(List<String> keywords, String sep) {
        List<String> tags = PlatformFit.tags(keywords);
        StringBuilder s = new StringBuilder();
        for (String t : tags.stream().limit(3).toList()) {
            s.append(sep).append('#').append(t);
        }
        return s.toString();
    }

    private static int tokens(int chars) {
        return Math.max(1, (chars + 3) / 4);
    }
}
