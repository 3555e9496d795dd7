package com.socialwire.posts.studio.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.studio.strategy.StudioStore;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.providers.llm.UntrustedText;
import com.socialwire.shared.tenants.Tenant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one place a content-studio prompt is assembled, in this order: the tenant's brand voice and no-go topics, the
 * current strategy version, the SEO rules for the content type (keywords by weight, the request's merged in), the content
 * preference for the type, the caller's instructions (system turn); then the request and the template (user turn).
 * What the agency wrote (strategy, rules, preferences, template bodies) is trusted; what a request carries (its topic,
 * a template's variable values) is delimited as {@link UntrustedText}, and its short fields (keywords, platforms, length,
 * tone) are put on one line with their angle brackets escaped the same way. Every job and AI tool builds its prompt here.
 */
public final class PromptBuilder {

    /** The most keywords one request may add, and their length. */
    static final int MAX_REQUEST_KEYWORDS = 20;
    static final int MAX_KEYWORD = 100;
    /** The most keywords a prompt lists (the heaviest): more would crowd out the request. */
    static final int MAX_PROMPT_KEYWORDS = 25;

    private final StudioStore store;

    /** A builder that reads the tenant's strategy, SEO rules, preferences and templates from {@code store}. */
    public PromptBuilder(StudioStore store) {
        this.store = store;
    }

    /**
     * A builder without the studio's rows: brand voice, no-go topics, instructions and the request only (a request naming
     * a template is 422). For unit tests of callers; a function gets {@code Posts.promptBuilder()}.
     */
    public PromptBuilder() {
        this(null);
    }

    /** The prompt with the tenant's current strategy and the template's current version. */
    public Prompt build(Tenant tenant, PromptRequest request) {
        return build(tenant, request, null, null);
    }

    /**
     * The prompt with strategy version {@code strategyVersion} and template version {@code templateVersion} (either null:
     * the current one), as a retried or re-run job rebuilds the prompt it was pinned to. A pinned version that does not
     * exist (any more) is 422.
     */
    public Prompt build(Tenant tenant, PromptRequest request, Integer strategyVersion, Integer templateVersion) {
        String type = request.contentType();
        List<Prompt.Part> parts = new ArrayList<>();
        StringBuilder system = new StringBuilder()
                .append("You write ").append(type).append(" content for ").append(tenant.name())
                .append(tenant.igHandle() == null ? "" : " (@" + tenant.igHandle() + ")").append(".\n");
        add(parts, system, "brand_voice", "Brand voice: " + (tenant.brandVoice() == null ? "friendly and clear" : tenant.brandVoice()));
        if (!tenant.noGoTopics().isEmpty()) {
            add(parts, system, "no_go_topics", "Never mention: " + String.join(", ", tenant.noGoTopics()));
        }
        Optional<ObjectNode> strategy = strategy(tenant.id(), strategyVersion);
        if (strategy.isPresent()) {
            add(parts, system, "strategy", strategyText(strategy.get()));
        }
        List<Keyword> keywords = keywords(tenant.id(), type, request.keywords());
        if (!keywords.isEmpty()) {
            add(parts, system, "seo_rules", seoText(keywords));
        }
        Optional<ObjectNode> preference = store == null || !ContentTypes.known(type) ? Optional.empty() : store.preference(tenant.id(), type);
        if (preference.isPresent()) {
            add(parts, system, "preference", preferenceText(type, preference.get()));
        }
        for (String line : request.instructions()) {
            add(parts, system, "instructions", line);
        }
        system.append(UntrustedText.RULE.replace("The message to answer is", "The request is"));

        StringBuilder request_ = new StringBuilder();
        if (!request.platforms().isEmpty()) {
            request_.append("Platforms: ").append(oneLine(String.join(", ", request.platforms()))).append('\n');
        }
        if (request.length() != null && !request.length().isBlank()) {
            request_.append("Length: ").append(oneLine(request.length())).append('\n');
        }
        if (request.tone() != null && !request.tone().isBlank()) {
            request_.append("Tone: ").append(oneLine(request.tone())).append('\n');
        }
        request_.append("Request:\n").append(UntrustedText.block(request.topic()));
        parts.add(new Prompt.Part("request", request_.toString()));
        StringBuilder user = new StringBuilder(request_);

        String templateId = null;
        Integer usedTemplateVersion = null;
        if (request.templateId() != null && !request.templateId().isBlank()) {
            ObjectNode template = template(tenant.id(), request.templateId(), templateVersion, type);
            templateId = template.path("id").asText();
            usedTemplateVersion = template.path("version").asInt();
            String filled = "Template " + templateId + " v" + usedTemplateVersion + " (the values in it are the request's):\n"
                    + fill(template, builtins(request, keywords, preference, strategy));
            parts.add(new Prompt.Part("template", filled));
            user.append("\n\n").append(filled);
        }
        return new Prompt(system.toString(), user.toString(), parts,
                strategy.isPresent() ? Integer.valueOf(strategy.get().path("version").asInt()) : null, templateId, usedTemplateVersion);
    }

    private Optional<ObjectNode> strategy(String tenantId, Integer version) {
        if (store == null) {
            return Optional.empty();
        }
        if (version == null) {
            return store.strategy(tenantId);
        }
        Optional<ObjectNode> pinned = store.strategyVersion(tenantId, version);
        if (pinned.isEmpty()) {
            throw unprocessable("no strategy version " + version, Map.of("strategyVersion", "no such version"));
        }
        return pinned;
    }

    private static void add(List<Prompt.Part> parts, StringBuilder system, String source, String text) {
        parts.add(new Prompt.Part(source, text));
        system.append(text).append('\n');
    }

    // ---- strategy and preference (written by the agency: trusted)

    private static String strategyText(ObjectNode s) {
        StringBuilder out = new StringBuilder("Content strategy (version ").append(s.path("version").asInt()).append("):");
        line(out, "Brand voice", s.path("brandVoice"));
        line(out, "Audience", s.path("audience"));
        line(out, "Content pillars", s.path("pillars"));
        line(out, "Tone", s.path("tone"));
        line(out, "Guidelines", s.path("guidelines"));
        line(out, "Competitors (never promote them)", s.path("competitors"));
        line(out, "Goals", s.path("goals"));
        return out.toString();
    }

    private static String preferenceText(String type, ObjectNode p) {
        StringBuilder out = new StringBuilder("Preferences for ").append(type).append(':');
        line(out, "Length", p.path("length"));
        if (p.hasNonNull("minWords") || p.hasNonNull("maxWords")) {
            out.append("\n- Words: ").append(p.hasNonNull("minWords") ? p.path("minWords").asText() : "any")
                    .append(" to ").append(p.hasNonNull("maxWords") ? p.path("maxWords").asText() : "any");
        }
        line(out, "Structure", p.path("structure"));
        line(out, "Call to action", p.path("cta"));
        line(out, "Reading level", p.path("readingLevel"));
        line(out, "Guidelines", p.path("guidelines"));
        return out.toString();
    }

    private static void line(StringBuilder out, String label, JsonNode value) {
        if (value.isArray() && !value.isEmpty()) {
            List<String> items = new ArrayList<>();
            for (JsonNode v : value) {
                items.add(v.asText());
            }
            out.append("\n- ").append(label).append(": ").append(String.join("; ", items));
        } else if (value.isTextual() && !value.asText().isBlank()) {
            out.append("\n- ").append(label).append(": ").append(value.asText());
        }
    }

    // ---- SEO keywords

    /** An SEO keyword: the tenant's rule's (weight 0..1, its rules), or the request's (weight 1, primary, no rules). */
    record Keyword(String keyword, double weight, String kind, List<String> rules, String source) {
    }

    /**
     * The active rules for {@code type} (a rule without content types applies to all) and the request's keywords, heaviest
     * first (then primary before secondary, then by keyword), at most {@value #MAX_PROMPT_KEYWORDS}; a request keyword the
     * tenant has a rule for is not repeated.
     */
    List<Keyword> keywords(String tenantId, String type, List<String> requested) {
        if (requested.size() > MAX_REQUEST_KEYWORDS) {
            throw ApiException.validation("at most " + MAX_REQUEST_KEYWORDS + " keywords", Map.of("keywords", "at most " + MAX_REQUEST_KEYWORDS));
        }
        List<Keyword> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        if (store != null) {
            for (ObjectNode rule : store.allSeoRules(tenantId)) {
                if (!rule.path("active").asBoolean(true) || !appliesTo(rule, type)) {
                    continue;
                }
                List<String> rules = new ArrayList<>();
                for (JsonNode r : rule.path("rules")) {
                    rules.add(r.asText());
                }
                String keyword = rule.path("keyword").asText();
                out.add(new Keyword(keyword, rule.path("weight").asDouble(), rule.path("kind").asText("secondary"), rules, "seo_rule"));
                seen.add(keyword.toLowerCase(Locale.ROOT));
            }
        }
        for (String k : requested) {
            String keyword = oneLine(k);
            if (keyword.isEmpty() || keyword.length() > MAX_KEYWORD) {
                throw ApiException.validation("each keyword is 1 to " + MAX_KEYWORD + " characters", Map.of("keywords", k));
            }
            if (!seen.contains(keyword.toLowerCase(Locale.ROOT))) {
                seen.add(keyword.toLowerCase(Locale.ROOT));
                out.add(new Keyword(keyword, 1.0, "primary", List.of(), "request"));
            }
        }
        out.sort(KEYWORD_ORDER);
        return out.size() <= MAX_PROMPT_KEYWORDS ? out : List.copyOf(out.subList(0, MAX_PROMPT_KEYWORDS));
    }

    private static final java.util.Comparator<Keyword> KEYWORD_ORDER = new java.util.Comparator<>() {
        @Override
        public int compare(Keyword a, Keyword b) {
            int c = Double.compare(b.weight(), a.weight());
            if (c == 0) {
                c = Boolean.compare(!"primary".equals(a.kind()), !"primary".equals(b.kind()));
            }
            return c != 0 ? c : a.keyword().compareToIgnoreCase(b.keyword());
        }
    };

    private static boolean appliesTo(ObjectNode rule, String type) {
        JsonNode types = rule.path("contentTypes");
        if (!types.isArray() || types.isEmpty()) {
            return true;
        }
        for (JsonNode t : types) {
            if (t.asText().equals(type)) {
                return true;
            }
        }
        return false;
    }

    private static String seoText(List<Keyword> keywords) {
        StringBuilder out = new StringBuilder("SEO keywords, most important first:");
        for (Keyword k : keywords) {
            out.append("\n- \"").append(k.keyword()).append("\" (").append(k.kind()).append(", weight ")
                    .append(Math.round(k.weight() * 100) / 100.0).append(k.source().equals("request") ? ", asked for in this request" : "")
                    .append(')');
            if (!k.rules().isEmpty()) {
                out.append(": ").append(String.join("; ", k.rules()));
            }
        }
        return out.toString();
    }

    // ---- the template (body trusted, values untrusted)

    private ObjectNode template(String tenantId, String templateId, Integer version, String type) {
        Optional<ObjectNode> found = store == null ? Optional.empty()
                : version == null ? store.template(tenantId, templateId) : store.templateVersion(tenantId, templateId, version);
        if (found.isEmpty()) {
            throw unprocessable("no template " + templateId + (version == null ? "" : " version " + version),
                    Map.of("templateId", version == null ? "no such template" : "no such template version"));
        }
        ObjectNode t = found.get();
        if (!t.path("active").asBoolean(true)) {
            throw unprocessable("template " + templateId + " is not active", Map.of("templateId", "template is not active"));
        }
        if (ContentTypes.known(type) && !t.path("contentType").asText().equals(type)) {
            throw unprocessable("template " + templateId + " is for " + t.path("contentType").asText() + ", not " + type,
                    Map.of("templateId", "template is for " + t.path("contentType").asText()));
        }
        return t;
    }

    /** What a template may use without the caller naming it: the request's own fields. */
    private static Map<String, String> builtins(PromptRequest r, List<Keyword> keywords, Optional<ObjectNode> preference,
                                                Optional<ObjectNode> strategy) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("topic", r.topic());
        values.put("contentType", r.contentType());
        values.put("length", r.length() != null ? r.length() : preference.isPresent() ? preference.get().path("length").asText(null) : null);
        values.put("tone", r.tone() != null ? r.tone() : strategy.isPresent() ? strategy.get().path("tone").asText(null) : null);
        values.put("platforms", r.platforms().isEmpty() ? null : String.join(", ", r.platforms()));
        List<String> words = new ArrayList<>();
        for (Keyword k : keywords) {
            words.add(k.keyword());
        }
        values.put("keywords", words.isEmpty() ? null : String.join(", ", words));
        values.putAll(r.variables());
        return values;
    }

    /** The body with every value delimited; every required variable must have a value (422 naming all that do not). */
    private static String fill(ObjectNode template, Map<String, String> values) {
        List<String> missing = new ArrayList<>();
        Map<String, String> blocks = new LinkedHashMap<>();
        List<String> declared = new ArrayList<>();
        for (JsonNode v : template.path("variables")) {
            String name = v.path("name").asText();
            declared.add(name);
            String value = values.get(name);
            if (value == null || value.isBlank()) {
                if (v.path("required").asBoolean(true)) {
                    missing.add(name);
                } else {
                    blocks.put(name, "");
                }
            } else {
                blocks.put(name, UntrustedText.block(value));
            }
        }
        String body = template.path("body").asText();
        for (String placeholder : TemplateText.placeholders(body)) {
            if (!declared.contains(placeholder) && !missing.contains(placeholder)) {
                missing.add(placeholder); // cannot happen for a template saved through the API, which checks this
            }
        }
        if (!missing.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "template " + template.path("id").asText() + " needs values for: "
                    + String.join(", ", missing), Map.of("templateId", template.path("id").asText(), "missingVariables", missing), null);
        }
        return TemplateText.fill(body, blocks);
    }

    private static ApiException unprocessable(String message, Map<String, Object> details) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, 422, message, details, null);
    }

    /** A request's short field on one line (no line breaks or control characters), its angle brackets (and look-alikes) escaped as {@link UntrustedText} does. */
    static String oneLine(String text) {
        return UntrustedText.inside(UntrustedText.block(text)).replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
    }
}
