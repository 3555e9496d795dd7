package com.socialwire.posts.studio.prompt;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template body's {@code {variable}} placeholders: a {@code {...}} with no space or brace inside is a placeholder,
 * named by {@link #NAME} (anything else there is an invalid placeholder); a brace with space inside, such as
 * {@code { "a": 1 }}, is text.
 */
public final class TemplateText {

    /** A variable's name. */
    public static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    public static final int MAX_NAME = 64;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}\\s]{1,200})\\}");

    private TemplateText() {
    }

    /** The placeholders' names in order of first use, invalid ones included (see {@link #validName}). */
    public static Set<String> placeholders(String body) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(body);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    public static boolean validName(String name) {
        return name != null && name.length() <= MAX_NAME && NAME.matcher(name).matches();
    }

    /** {@code body} with each placeholder replaced by its value in {@code values} (a placeholder without one is left as is). */
    public static String fill(String body, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(body);
        StringBuilder out = new StringBuilder(body.length() + 64);
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
