package com.socialwire.posts.studio.rss;

import com.socialwire.posts.platform.ContentCheck;
import com.socialwire.posts.platform.Platform;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A feed's post template: text with {@code {{title}} {{url}} {{description}} {{author}} {{pubDate}}} (spaces inside the
 * braces allowed), rendered per item and fitted to each target platform. Fitting never makes a post that fails its
 * platform's check: the description is shortened first (at a word, with "…"), then the title, and as a last resort the
 * whole text is cut; the URL is kept whole as long as anything else can give way.
 */
public final class PostTemplate {

    public static final Set<String> PLACEHOLDERS = Set.of("title", "url", "description", "author", "pubDate");
    public static final String DEFAULT = "{{title}} {{url}}";
    public static final int MAX_LENGTH = 2_000;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*\\}\\}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final String ELLIPSIS = "…";

    private final String template;

    private PostTemplate(String template) {
        this.template = template;
    }

    /** The placeholders of {@code template} that are not ours, in order (empty: it is valid). */
    public static List<String> unknown(String template) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1)) && !out.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    public static PostTemplate of(String template) {
        return new PostTemplate(template);
    }

    /** An item's values by placeholder name. */
    public static Map<String, String> values(FeedItem item) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("title", item.title() == null ? "" : item.title());
        v.put("url", item.link() == null ? "" : item.link());
        v.put("description", item.description() == null ? "" : item.description());
        v.put("author", item.author() == null ? "" : item.author());
        v.put("pubDate", item.published() == null ? "" : DATE.format(item.published()));
        return v;
    }

    /** The text with {@code values} in place, its white space tidied (an empty field leaves no double space). */
    public String render(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString().replaceAll("[ \\t]+", " ").replaceAll(" *\\n *", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    /** The text for {@code platform}: {@link #render} if it fits, else shortened as the class says; never blank unless all is. */
    public String fit(Map<String, String> values, Platform platform) {
        return fit(values, platform.maxCharacters(), text -> ContentCheck.length(platform, text));
    }

    /** As {@link #fit(Map, Platform)} for a limit {@code max} measured by {@code length}. */
    String fit(Map<String, String> values, int max, java.util.function.ToIntFunction<String> length) {
        String full = render(values);
        if (length.applyAsInt(full) <= max) {
            return full;
        }
        Map<String, String> v = new LinkedHashMap<>(values);
        for (String field : List.of("description", "title", "author")) {
            String original = v.get(field);
            v.put(field, "");
            if (length.applyAsInt(render(v)) > max) {
                continue; // even without it the text is too long: drop it and shorten the next
            }
            v.put(field, longestFitting(original, k -> render(withField(v, field, shorten(original, k))), max, length, true));
            if (length.applyAsInt(render(v)) > max) {
                v.put(field, ""); // a cut at a word made it longer than the search thought: without the field it fits
            }
            return render(v);
        }
        String rest = render(v);
        return longestFitting(rest, k -> shorten(rest, k), max, length, false);
    }

    private static Map<String, String> withField(Map<String, String> v, String field, String value) {
        Map<String, String> copy = new LinkedHashMap<>(v);
        copy.put(field, value);
        return copy;
    }

    /**
     * {@code text} shortened to the most code points {@code k} whose {@code candidate(k)} fits, by binary search (the
     * length grows with k); the shortened value itself ({@code field}) or the candidate text.
     */
    private static String longestFitting(String text, java.util.function.IntFunction<String> candidate, int max,
                                         java.util.function.ToIntFunction<String> length, boolean field) {
        int lo = 0;
        int hi = text.codePointCount(0, text.length());
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (length.applyAsInt(candidate.apply(mid)) <= max) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        String best = shorten(text, lo);
        if (!field) {
            return length.applyAsInt(best) <= max ? best : "";
        }
        return best;
    }

    /** The first {@code k} code points of {@code s}, cut back to a word when one ends in the last fifth, with "…"; whole if short. */
    static String shorten(String s, int k) {
        int n = s.codePointCount(0, s.length());
        if (k >= n) {
            return s;
        }
        if (k <= 1) {
            return "";
        }
        int end = s.offsetByCodePoints(0, k - 1); // room for the ellipsis
        String head = s.substring(0, end);
        int space = head.lastIndexOf(' ');
        if (space > head.length() * 4 / 5) {
            head = head.substring(0, space);
        }
        return head.stripTrailing() + ELLIPSIS;
    }
}
