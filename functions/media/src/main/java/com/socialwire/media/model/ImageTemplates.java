package com.socialwire.media.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AI image prompt templates (the social-media-manager seed's categories: product, quote, event, blog,
 * testimonial, promotion, comparison, infographic). Each prompt has {@code {{placeholders}}}; {@link #fill} puts the
 * caller's variables in, and the filled prompt is exactly what is sent to the provider or drawn offline.
 */
public final class ImageTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z][a-zA-Z0-9]*)}}");

    /** One template; {@code variables} are its placeholders in the order they appear. */
    public record Template(String id, String name, String description, String prompt, String recommendedSize) {

        public List<String> variables() {
            Set<String> names = new LinkedHashSet<>();
            Matcher m = PLACEHOLDER.matcher(prompt);
            while (m.find()) {
                names.add(m.group(1));
            }
            return List.copyOf(names);
        }

        public Map<String, Object> view() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("name", name);
            out.put("description", description);
            out.put("category", id);
            out.put("prompt", prompt);
            out.put("variables", variables());
            out.put("recommendedSize", recommendedSize);
            return out;
        }
    }

    /** What filling a template gave: the prompt, or the variables that were missing (all of them) or not its own. */
    public record Filled(String prompt, List<String> missing, List<String> unknown) {
    }

    public static final List<Template> ALL = List.of(
            new Template("product", "Product showcase", "A product on a clean background, lit like a studio shot.",
                    "A professional product photo of {{product}} on a clean {{background}} background, soft studio lighting,"
                            + " sharp focus, modern commercial style, room for a headline at the top", "1024x1024"),
            new Template("quote", "Quote card", "A quotation set large on a calm background, with who said it.",
                    "A minimalist social media quote card with the words \"{{quote}}\" set in large elegant type, attributed to"
                            + " {{author}}, calm {{mood}} background, generous margins", "1024x1024"),
            new Template("event", "Event announcement", "An event's name, date and place on an eye-catching poster.",
                    "An eye-catching event poster for {{eventName}} on {{date}} at {{location}}, bold headline area, festive but"
                            + " uncluttered composition", "1024x1536"),
            new Template("blog", "Blog header", "A wide header image for an article.",
                    "A wide editorial header illustration for a blog article titled \"{{title}}\" about {{topic}}, modern flat"
                            + " style, space on the left for the title", "1536x1024"),
            new Template("testimonial", "Customer testimonial", "A customer's words and name with a five-star mark.",
                    "A warm testimonial card quoting \"{{testimonial}}\" from {{customerName}}, five-star rating, friendly"
                            + " portrait-free design, soft brand colours", "1024x1024"),
            new Template("promotion", "Promotion", "A sale or offer with its headline discount.",
                    "A vibrant promotional graphic announcing {{offer}} on {{product}}, valid until {{endDate}}, strong"
                            + " contrast, clear call to action area", "1024x1024"),
            new Template("comparison", "Comparison", "Two options side by side.",
                    "A clean side-by-side comparison graphic of {{optionA}} versus {{optionB}} on {{criteria}}, split layout,"
                            + " simple icons, balanced colours", "1536x1024"),
            new Template("infographic", "Infographic", "A few key numbers or steps about a topic, as a tall graphic.",
                    "A clear vertical infographic about {{topic}} showing {{keyPoints}}, simple icons and charts, readable"
                            + " hierarchy, flat design", "1024x1536"));

    private ImageTemplates() {
    }

    public static Optional<Template> find(String id) {
        for (Template t : ALL) {
            if (t.id().equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Template t : ALL) {
            ids.add(t.id());
        }
        return ids;
    }

    /** The template's prompt with {@code variables} in place of its placeholders (each value once, as given). */
    public static Filled fill(Template t, Map<String, String> variables) {
        List<String> missing = new ArrayList<>();
        for (String name : t.variables()) {
            String v = variables.get(name);
            if (v == null || v.isBlank()) {
                missing.add(name);
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String name : variables.keySet()) {
            if (!t.variables().contains(name)) {
                unknown.add(name);
            }
        }
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            return new Filled(null, missing, unknown);
        }
        Matcher m = PLACEHOLDER.matcher(t.prompt());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(variables.get(m.group(1)).strip()));
        }
        m.appendTail(out);
        return new Filled(out.toString(), List.of(), List.of());
    }
}
